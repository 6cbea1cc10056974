/* suggest.c - the closest known name to a misspelt one (cxsim/suggest.h). */
#include "cxsim/suggest.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t cx_suggest_distance(const char *a, const char *b)
{
    enum { N = 128 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= N || lb >= N)
        return SIZE_MAX;
    size_t rows[3][N], *p2 = rows[0], *p1 = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        p1[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = p1[j - 1] + (a[i - 1] != b[j - 1]);
            if (p1[j] + 1 < best)
                best = p1[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && p2[j - 2] + 1 < best)
                best = p2[j - 2] + 1;   /* adjacent swap: "frcition" */
            cur[j] = best;
        }
        size_t *t = p2;
        p2 = p1;
        p1 = cur;
        cur = t;
    }
    return p1[lb];
}

void cx_suggest_init(cx_suggestion *s, const char *key)
{
    s->key = key;
    s->best = NULL;
    s->dist = 3;                /* suggest only within distance 2 */
}

void cx_suggest_add(cx_suggestion *s, const char *cand)
{
    size_t d = cx_suggest_distance(s->key, cand);
    if (d == 0 || d >= strlen(s->key))
        return;                 /* "x" is not a typo of "nu" */
    if (d < s->dist || (d == s->dist && s->best && strcmp(cand, s->best) < 0)) {
        s->dist = d;
        s->best = cand;
    }
}

void cx_suggest_hint(const char *key, const char *const *names, size_t n, char *out,
                     size_t size)
{
    cx_suggestion s;
    cx_suggest_init(&s, key);
    for (size_t i = 0; i < n; i++)
        cx_suggest_add(&s, names[i]);
    if (size > 0)
        out[0] = '\0';
    if (s.best && size > 0)
        snprintf(out, size, "; did you mean '%s'?", s.best);
}
