/* cxsim/sequential.h - replications in stages until a precision is reached.
 *
 * Provides: the options and outcome of cx_run_stages (cxsim/run.h), which
 * runs the variants' replications in stages (cx_batch_run, continuing with first_rep so the random numbers
 * are those of one long batch), folds each stage into a cx_accum and drops
 * it, and stops when the 95 % confidence interval of the watched metric is
 * narrow enough or when a cap is reached: the sequential procedure of Law,
 * "Simulation Modeling and Analysis", 5th ed., section 9.4.1 (absolute
 * precision), justified asymptotically by Chow and Robbins (1965). Memory
 * is bounded by the largest stage, whatever the number of replications.
 * Here: the schedule of the stages (cx_sequential_stage_size) and the
 * watched half-width (cx_sequential_half_width), pure functions of the
 * accumulated estimates.
 * Relies on: batch, accum.
 *
 * Stages (fixed, whatever the thread count, so results never depend on
 * it): CX_SEQUENTIAL_STAGE replications per stage until
 * 10 x CX_SEQUENTIAL_STAGE are done, then a tenth of those done, rounded up
 * to a multiple of CX_SEQUENTIAL_STAGE and at most CX_SEQUENTIAL_MAX_STAGE;
 * the last stage is cut at the cap. The rule is checked after every stage
 * once CX_SEQUENTIAL_MIN_UNITS units (replications, or antithetic pairs)
 * are in.
 */
#ifndef CXSIM_SEQUENTIAL_H
#define CXSIM_SEQUENTIAL_H

#include <stddef.h>

#include "cxsim/accum.h"
#include "cxsim/batch.h"
#include "cxsim/error.h"
#include "cxsim/model.h"

#define CX_SEQUENTIAL_STAGE 10
#define CX_SEQUENTIAL_MAX_STAGE 100
#define CX_SEQUENTIAL_MIN_UNITS 10
#define CX_SEQUENTIAL_DEFAULT_MAX 1000  /* a cap for callers without their own */
#define CX_SEQUENTIAL_LEVEL 0.95        /* confidence level of the watched intervals */

typedef enum cx_sequential_rule {
    CX_SEQUENTIAL_FIXED = 0,    /* exactly max_reps replications, in stages */
    CX_SEQUENTIAL_MEANS,        /* every variant's mean of the metric */
    CX_SEQUENTIAL_PAIRED        /* every variant's (v >= 1) paired difference from variant 0 */
} cx_sequential_rule;

typedef struct cx_sequential_opts {
    /* seed, first_rep, threads, progress, variant_index, policy and
     * antithetic as for cx_batch_run; reps is ignored. With antithetic,
     * first_rep must be even. progress is told replications done of
     * max_reps x variants. */
    cx_batch_opts batch;
    cx_sequential_rule rule;
    int metric;                 /* the cx_metric watched (rules MEANS, PAIRED) */
    double precision;           /* target half-width, > 0 (rules MEANS, PAIRED) */
    /* the cap (FIXED: the count), >= 2 (FIXED: >= 1); rounded up to an
     * even number with antithetic pairs */
    size_t max_reps;
    /* Called after each stage, in order, with its replications (replication
     * r of the stage is replication first + r of the run, 0-based); may be
     * NULL. A failure stops the run with its status. */
    cx_status (*on_stage)(void *ctx, const cx_batch_result *stage, size_t first,
                          cx_error *err);
    void *ctx;
} cx_sequential_opts;

typedef struct cx_sequential_result {
    cx_accum *accum;        /* every estimate; the caller frees it (cx_accum_free) */
    size_t reps;            /* replications run per variant */
    size_t stages;
    /* rules MEANS and PAIRED: 1 when every watched half-width is below the
     * precision, 0 when the cap came first; FIXED: 1 */
    int reached;
    /* the largest watched half-width at the end (NaN when one is undefined:
     * fewer than two units with a value; FIXED: NaN) */
    double half_width;
} cx_sequential_result;

/* The watched half-width now: the largest over variants (MEANS) or over
 * paired differences (PAIRED) of the 95 % half-width of metric, skipping
 * those where the metric was never defined; NaN when one is undefined or
 * none is left. */
double cx_sequential_half_width(const cx_accum *a, cx_sequential_rule rule, int metric);

/* The same; *seen says whether any watched entry had a defined value at
 * all (none: the metric is NA everywhere, and no precision can be
 * reached on it). */
double cx_sequential_watched(const cx_accum *a, cx_sequential_rule rule, int metric,
                             int *seen);

/* Replications of the stage after `done`, capped at max_reps (0 when done
 * is the cap). */
size_t cx_sequential_stage_size(size_t done, size_t max_reps);

#endif
