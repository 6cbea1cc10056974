/* quickwins_uncertainty.c - the candidates of quickwins --uncertainty and
 * their ranking over the draws (cxsim/quickwins_uncertainty.h): the CLI
 * prints and writes them, the Lua module returns them, from one
 * computation. */
#include "cxsim/quickwins_uncertainty.h"

#include <math.h>

#include "cxsim/run.h"

cx_status cx_quickwins_uncertainty_choose(const cx_model *m, cx_quickwins_opts *o,
                                          cx_quickwins **q, cx_model **copy, size_t *index,
                                          cx_error *err)
{
    *q = NULL;
    *copy = NULL;
    if (o->batch.reps < 2)
        o->batch.reps = 2;      /* the plain analysis needs an interval */
    cx_status st = cx_run_quickwins(m, o, q, err);
    if (st == CX_OK && 1 + (*q)->n_candidates > CX_RUN_MAX_VARIANTS)
        st = cx_error_set(err, CX_ERR_USAGE, "quickwins --uncertainty runs the baseline and "
                          "at most %d candidates at once, not %zu: lower --max-combo",
                          CX_RUN_MAX_VARIANTS - 1, (*q)->n_candidates);
    if (st == CX_OK)
        st = cx_run_quickwins_variants(m, *q, copy, index, err);
    if (st != CX_OK) {
        cx_quickwins_free(*q);
        *q = NULL;
    }
    return st;
}

/* Candidate c's objective effect over the draws: the net value (value),
 * its ROI against the baseline (roi), else the metric's difference (the
 * row n_variants + c of d: candidate c - baseline). */
static const cx_uncertainty_summary *effect(const cx_quickwins *q, const cx_draws *d, size_t c)
{
    int k = q->objective.metric;
    if (k == CX_QUICKWINS_VALUE)
        return cx_draws_summary(d, 1 + c, CX_DRAWS_NET);
    if (k == CX_M_ROI)
        return cx_draws_summary(d, 1 + c, CX_M_ROI);
    return cx_draws_summary(d, d->n_variants + c, (size_t)k);
}

static double score(const cx_quickwins_uncertainty_row *r, const cx_quickwins *q)
{
    return r->effect->mean * q->objective.direction;
}

void cx_quickwins_uncertainty_rank(const cx_quickwins *q, const cx_draws *d,
                                   cx_quickwins_uncertainty_row *rows)
{
    size_t n = q->n_candidates;
    for (size_t c = 0; c < n; c++) {
        size_t v = 1 + c;
        const cx_uncertainty_summary *e = effect(q, d, c);
        cx_quickwins_uncertainty_row row = {
            .candidate = c, .effect = e,
            .prob_better = q->objective.direction > 0
                           || q->objective.metric == CX_QUICKWINS_VALUE
                           ? e->prob_positive : e->prob_negative,
            .expected_net_value = d->choice[v].expected,
            .prob_best = d->choice[v].prob_best,
            .prob_loss = cx_draws_summary(d, v, CX_DRAWS_NET)->prob_negative,
            .prob_roi_negative = cx_draws_summary(d, v, CX_M_ROI)->prob_negative,
            .expected_loss = d->choice[v].expected_loss,
        };
        /* insertion, best first, undefined last, stable (at most 63 candidates) */
        double s = score(&row, q);
        size_t j = c;
        for (; j > 0; j--) {
            double t = score(&rows[j - 1], q);
            if (!(isnan(t) && !isnan(s)) && !(s > t))
                break;
            rows[j] = rows[j - 1];
        }
        rows[j] = row;
    }
}
