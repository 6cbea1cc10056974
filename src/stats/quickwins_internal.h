/* quickwins_internal.h (private) - what quickwins.c (candidates and their
 * simulation) asks of quickwins_rank.c (statistics and ranking). */
#ifndef CX_QUICKWINS_INTERNAL_H
#define CX_QUICKWINS_INTERNAL_H

#include "cxsim/quickwins.h"

/* Confidence level of every interval. */
#define CX_QUICKWINS_LEVEL 0.95

/* Fills the effects, score, p-value, cost, ROI and headline effects of
 * candidates [from, to) from q->batch. */
cx_status cx_quickwins_analyse(cx_quickwins *q, size_t from, size_t to, cx_error *err);

/* Candidate indices from..to-1 into out, best score first; undefined
 * scores last; ties in index order. */
void cx_quickwins_order(const cx_quickwins *q, size_t from, size_t to, size_t *out);

/* Holm's adjustment over every candidate, significance, ranks. */
cx_status cx_quickwins_conclude(cx_quickwins *q, cx_error *err);

#endif
