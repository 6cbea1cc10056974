/* cxsim/suggest.h - "did you mean ...?": the closest of a set of names to
 * a misspelt one.
 *
 * Provides: cx_suggest_distance (optimal string alignment distance) and
 * cx_suggestion, fed candidates one at a time, which keeps the closest
 * within distance 2. The scenario loader uses it for unknown keys and
 * globals; the command line for unknown verbs, flags, metric names,
 * parameter paths and flag values.
 * Relies on: nothing but the C library.
 */
#ifndef CXSIM_SUGGEST_H
#define CXSIM_SUGGEST_H

#include <stddef.h>

/* Finding the closest candidate to a misspelt key: feed candidates to
 * cx_suggest_add; best stays NULL unless one is within distance 2 (and
 * closer than the key is long). best points at the candidate string as
 * given, which must outlive the struct's use. */
typedef struct cx_suggestion {
    const char *key;
    const char *best;
    size_t dist;
} cx_suggestion;

void cx_suggest_init(cx_suggestion *s, const char *key);

/* Considers cand; ties go to the alphabetically first candidate, so the
 * answer does not depend on the order candidates come in. */
void cx_suggest_add(cx_suggestion *s, const char *cand);

/* Optimal-string-alignment distance: insertions, deletions, substitutions
 * and swaps of adjacent characters. Strings over 127 bytes count as far
 * (SIZE_MAX). */
size_t cx_suggest_distance(const char *a, const char *b);

/* "; did you mean 'X'?" for the closest of names[0..n) to key, or "" when
 * none is close, into out (size bytes, always terminated). */
void cx_suggest_hint(const char *key, const char *const *names, size_t n, char *out,
                     size_t size);

#endif
