/* cxsim/suggest.h - "did you mean" for misspelt names.
 *
 * Provides: cx_suggestion, which keeps the closest of the candidates fed
 * to it (within two edits of the misspelt key, and closer than the key is
 * long), and the edit distance it measures by.
 * Relies on: nothing but the C library.
 *
 * Every reader of names the user types shares it: the scenario loader
 * (keys, globals, metric and intervention names), the segments CSV reader
 * (column headers), the calibration targets reader (metric columns) and
 * the command line (verbs, flags, metric names, --set paths, flag values),
 * so that a typo gets the same kind of help wherever it is made.
 */
#ifndef CXSIM_SUGGEST_H
#define CXSIM_SUGGEST_H

#include <stddef.h>

/* The key being looked up and the best candidate so far. best points into
 * a candidate the caller passed: it must outlive the suggestion. */
typedef struct cx_suggestion {
    const char *key;
    const char *best;       /* NULL: nothing close enough */
    size_t dist;
} cx_suggestion;

/* Starts a search for key (which must outlive s). */
void cx_suggest_init(cx_suggestion *s, const char *key);

/* Considers cand: kept if it is within distance 2 of the key, closer than
 * the key is long ("x" is not a typo of "nu"), and closer than the best so
 * far; ties go to the alphabetically first, so that the suggestion does
 * not depend on the order candidates come in. */
void cx_suggest_add(cx_suggestion *s, const char *cand);

/* Optimal-string-alignment distance: insertions, deletions, substitutions
 * and swaps of adjacent characters. Strings of 128 bytes or more count as
 * far (SIZE_MAX). */
size_t cx_suggest_distance(const char *a, const char *b);

/* "; did you mean 'X'?" for the closest of names[0..n) to key (as
 * cx_suggest_add chooses it), or "" when none is close, into out (size
 * bytes, always terminated when size > 0). The command line's messages
 * end with it. */
void cx_suggest_hint(const char *key, const char *const *names, size_t n, char *out,
                     size_t size);

#endif
