/* cxsim/estimates.h - a run's estimates, from its stored replications or
 * from running statistics, by one rule.
 *
 * Provides: cx_estimates_get and cx_estimates_paired, which give the
 * estimate of a metric (over the horizon, in a period, at a touchpoint,
 * among a segment's customers)
 * and the paired difference from the baseline either from a batch's
 * stored replications (cx_stats_estimate, cx_stats_paired over them: what
 * a plain run's files have always held) or, without a batch, from a
 * cx_accum (a run in stages). The results directory, the command line
 * and the Lua module all read their numbers here.
 * Relies on: stats, accum, batch (result layout).
 */
#ifndef CXSIM_ESTIMATES_H
#define CXSIM_ESTIMATES_H

#include <stddef.h>

#include "cxsim/accum.h"
#include "cxsim/batch.h"
#include "cxsim/stats.h"

/* Where estimates come from: batch when it is not NULL, else accum. */
typedef struct cx_estimates {
    const cx_batch_result *batch;
    const cx_accum *accum;
} cx_estimates;

typedef enum cx_estimates_scope {
    CX_ESTIMATES_HORIZON,       /* summary.csv: metric m over the horizon */
    CX_ESTIMATES_PERIOD,        /* periods.csv: metric m in period index `at` */
    CX_ESTIMATES_TOUCHPOINT,    /* touchpoints.csv: touchpoint metric m at touchpoint `at` */
    CX_ESTIMATES_SEGMENT        /* segments.csv: metric m among segment `at`'s customers */
} cx_estimates_scope;

/* The estimate of metric m of variant v in scope (at: the period index or
 * the touchpoint, ignored over the horizon) at confidence level. */
void cx_estimates_get(const cx_estimates *s, cx_estimates_scope scope, size_t v, size_t at,
                      size_t m, double level, cx_estimate *out);

/* The paired difference of variant v (>= 1) from variant 0 on metric m
 * among segment seg's customers (segments.csv's ALT-baseline rows,
 * quickwins_segments.csv). */
void cx_estimates_segment_paired(const cx_estimates *s, size_t v, size_t seg, size_t m,
                                 double level, cx_paired *out);
/* The paired difference of variant v (>= 1) from variant 0 on horizon
 * metric m. */
void cx_estimates_paired(const cx_estimates *s, size_t v, size_t m, double level,
                         cx_paired *out);

#endif
