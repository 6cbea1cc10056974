/* cxsim/accum.h - every estimate of a results directory, accumulated batch
 * by batch in memory that does not grow with the replications.
 *
 * Provides: cx_accum, which takes batch results (cx_batch_result) one after
 * another and keeps, per variant, running statistics (cxsim/running.h) of
 * every horizon metric, every period's metrics, every touchpoint metric,
 * every metric of each segment's customers (and its paired difference),
 * the paired differences from variant 0, the control-variate co-moments
 * (two controls of known mean 0) and the NPS sampling error; then gives the estimates summary.csv,
 * periods.csv, touchpoints.csv, compare.csv, variance.csv and nps.csv
 * report (docs/results.md, docs/analysis.md). Memory: about variants x
 * (metrics x (periods + 8) + touchpoints x touchpoint metrics) running
 * statistics, whatever the number of replications.
 * Relies on: batch (result layout), running, nps, stats.
 *
 * Units. Without antithetic pairs a unit is one replication. With them a
 * unit is the pair (2k, 2k + 1) and its value the pair's mean; every
 * estimate is then over the pair means, so n counts pairs, sd is the sd of
 * the pair means and intervals have pairs - 1 degrees of freedom (pairs are
 * independent; the two members of a pair are not). A unit where a value
 * is NA (NaN) is left out of that value's estimates.
 */
#ifndef CXSIM_ACCUM_H
#define CXSIM_ACCUM_H

#include <stddef.h>

#include "cxsim/batch.h"
#include "cxsim/error.h"
#include "cxsim/running.h"
#include "cxsim/stats.h"

typedef struct cx_accum cx_accum;

/* The control variates, in the order of cx_control.beta: the friction
 * surprise and the LTR noise of every replication (cxsim/batch.h). */
#define CX_ACCUM_CONTROLS 2

/* An empty accumulator for batches shaped like `shape` (variants and their
 * names, horizon, touchpoints and their names; its values are not added).
 * antithetic != 0: units are antithetic pairs. NULL when out of memory. */
cx_accum *cx_accum_new(const cx_batch_result *shape, int antithetic);
void cx_accum_free(cx_accum *a);

/* Adds every replication of b, which follow those already added (the
 * caller keeps the order fixed: results then do not depend on how
 * replications were split into batches, up to rounding). b must have the
 * shape given at creation and, with antithetic pairs, an even number of
 * replications (its replication 0 starting a pair): CX_ERR_USAGE
 * otherwise, and nothing is added. */
cx_status cx_accum_add(cx_accum *a, const cx_batch_result *b, cx_error *err);

/* The shape, and replications added per variant. */
size_t cx_accum_reps(const cx_accum *a);
int cx_accum_antithetic(const cx_accum *a);
const cx_batch_result *cx_accum_shape(const cx_accum *a);  /* names and sizes; no values */

/* Estimate of metric m of variant v over the horizon (summary.csv). */
void cx_accum_estimate(const cx_accum *a, size_t v, size_t m, double level,
                       cx_estimate *out);

/* Estimate of metric m of variant v in period index t (0-based). */
void cx_accum_period(const cx_accum *a, size_t v, size_t t, size_t m, double level,
                     cx_estimate *out);

/* Estimate of touchpoint metric m at touchpoint k of variant v. */
void cx_accum_touchpoint(const cx_accum *a, size_t v, size_t k, size_t m, double level,
                         cx_estimate *out);

/* Estimate of metric m among segment s's customers (cx_batch_result's
 * segment_values: NA for a metric not defined per segment), and its
 * paired difference variant v (>= 1) - variant 0. A shape without segment
 * values keeps none (n_segments 0 in cx_accum_shape). */
void cx_accum_segment(const cx_accum *a, size_t v, size_t s, size_t m, double level,
                      cx_estimate *out);
void cx_accum_segment_paired(const cx_accum *a, size_t v, size_t s, size_t m, double level,
                             cx_paired *out);
/* Paired comparison of variant v (>= 1) with variant 0 on metric m, unit by
 * unit (cx_stats_paired's figures). */
void cx_accum_paired(const cx_accum *a, size_t v, size_t m, double level, cx_paired *out);

/* Half-width at level of the interval of metric m: variant v's mean
 * (paired = 0) or its paired difference from variant 0 (paired != 0, v >=
 * 1). NaN with fewer than two units; see n of the estimates. */
double cx_accum_half_width(const cx_accum *a, size_t v, size_t m, int paired, double level);

/* Variance reduction of one estimate (variance.csv). */
typedef struct cx_accum_variance {
    cx_estimate est;            /* the estimate above (mean, or paired difference) */
    /* var(single replication) / (2 var(pair mean)) with antithetic pairs
     * (cx_running_pair_factor); NaN without */
    double antithetic_factor;
    /* the control-variate estimate over the units with the controls
     * CX_X_FRICTION_SURPRISE (beta[0]) and CX_X_LTR_NOISE (beta[1]), both of
     * mean 0: variant v's own for a mean, variant v's minus variant 0's for
     * a difference */
    cx_control control;
} cx_accum_variance;

void cx_accum_variance_of(const cx_accum *a, size_t v, size_t m, int paired, double level,
                          cx_accum_variance *out);

/* NPS inference of variant v (paired = 0) or of its difference from
 * variant 0 (paired != 0), nps.csv. */
typedef struct cx_accum_nps {
    double respondents;     /* mean respondents per replication; NaN for a difference */
    cx_estimate across;     /* across units: the nps estimate (or paired difference) */
    /* within a replication: the root mean square over replications of the
     * delta-method standard error of one replication's NPS (cx_nps_variance;
     * for a difference, the two variances added as if independent) */
    double within_se;
    double within_ci_low, within_ci_high;   /* across.mean -/+ z within_se */
    size_t reps;            /* replications with a defined within_se */
} cx_accum_nps;

void cx_accum_nps_of(const cx_accum *a, size_t v, int paired, double level, cx_accum_nps *out);

#endif
