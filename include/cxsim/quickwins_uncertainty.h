/* cxsim/quickwins_uncertainty.h - quick wins ranked under input
 * uncertainty (`cxsim quickwins --uncertainty N`, cx.quickwins with
 * { uncertainty = N }; docs/analysis.md, docs/results.md
 * "quickwins_uncertainty.csv").
 *
 * Provides: cx_quickwins_uncertainty_choose, the candidates a plain
 * quick-win analysis picks at the inner replications, made the variants
 * of a copy of the model for the two-level run (cx_run_uncertainty);
 * cx_quickwins_uncertainty_rank, those candidates ranked by the expected
 * objective effect over the draws, with each one's decision figures.
 * Both CLI and Lua module use these, so their rankings agree digit for
 * digit. Nothing here prints.
 * Relies on: run (cx_run_quickwins), results (cx_draws summaries).
 */
#ifndef CXSIM_QUICKWINS_UNCERTAINTY_H
#define CXSIM_QUICKWINS_UNCERTAINTY_H

#include <stddef.h>

#include "cxsim/draws.h"
#include "cxsim/error.h"
#include "cxsim/model.h"
#include "cxsim/quickwins.h"

/* Runs the plain quick-win analysis of m with o (o->batch.reps raised to 2
 * when lower: its intervals need two), then, when the baseline and the
 * candidates fit in CX_RUN_MAX_VARIANTS, makes the candidates variants of
 * a copy of m (cx_run_quickwins_variants). On success *q and *copy are new
 * (cx_quickwins_free, cx_model_free) and index holds 1 + (*q)->n_candidates
 * variants (CX_RUN_MAX_VARIANTS room); on failure both are NULL.
 * CX_ERR_USAGE when the candidates are too many (lower max_combo), else
 * cx_run_quickwins' and cx_run_quickwins_variants' errors. */
cx_status cx_quickwins_uncertainty_choose(const cx_model *m, cx_quickwins_opts *o,
                                          cx_quickwins **q, cx_model **copy, size_t *index,
                                          cx_error *err);

/* One row of quickwins_uncertainty.csv (docs/results.md). */
typedef struct cx_quickwins_uncertainty_row {
    size_t candidate;                       /* index into q->candidates */
    const cx_uncertainty_summary *effect;   /* the objective effect over the draws */
    double prob_better;         /* share of draws where it goes the objective's way */
    double expected_net_value, prob_best, prob_loss, prob_roi_negative, expected_loss;
} cx_quickwins_uncertainty_row;

/* The candidates of q, simulated as variants 1..n_candidates of d (summarised,
 * variant 0 the baseline), into rows[0..q->n_candidates), best expected
 * objective effect first (the net value for "value", the ROI for "roi",
 * else the metric's difference against the baseline), undefined last,
 * ties in candidate order. */
void cx_quickwins_uncertainty_rank(const cx_quickwins *q, const cx_draws *d,
                                   cx_quickwins_uncertainty_row *rows);

#endif
