/* cxsim/batch.h - replications of a model on a thread pool, and on MPI
 * ranks.
 *
 * Provides: cx_batch_run, which runs reps replications of every variant and
 * stores every replication's horizon and per-period metrics by index, so
 * the result does not depend on the number of threads, their schedule or
 * the number of MPI ranks. Threads left without a replication of their
 * own help with the customer blocks of the running ones. In a program
 * built with MPI (configure --with-mpi) that has called MPI_Init, the
 * batch's replications are split across the ranks of MPI_COMM_WORLD and
 * every rank receives the whole result (every rank must call cx_batch_run
 * with the same arguments).
 * Relies on: engine, metrics, POSIX threads, MPI (optional).
 */
#ifndef CXSIM_BATCH_H
#define CXSIM_BATCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "cxsim/engine.h"
#include "cxsim/error.h"
#include "cxsim/metrics.h"
#include "cxsim/model.h"

/* Makes one policy per worker, before the worker's thread starts (one Lua
 * state per worker: house style point 9, docs/architecture.md), and destroys it after. */
typedef struct cx_policy_factory {
    cx_status (*make)(void *arg, cx_policy *out, cx_error *err);
    void (*destroy)(void *arg, cx_policy *p);
    void *arg;
} cx_policy_factory;

typedef struct cx_batch_opts {
    size_t reps;            /* replications per variant, >= 1 */
    uint32_t seed;          /* master seed */
    /* Replication r of the result is the engine's replication first_rep + r,
     * so a batch can continue another (sequential stopping, resume) with
     * the random numbers it would have had in one longer batch. */
    uint32_t first_rep;
    unsigned threads;       /* worker threads, >= 1 */
    /* Called from worker threads after each replication (may be NULL);
     * must be thread-safe. done counts finished units of total. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    /* Called (may be NULL) with progress_ctx each time the replications
     * complete in every variant, from the first on, grow: reps is their
     * number. From a worker thread holding the batch's lock, so no unit is
     * recorded meanwhile (a stop it raises keeps exactly these and those
     * still in progress): it must not call into the batch. */
    void (*whole)(void *ctx, size_t reps);
    /* variant_index[v]: which of variants[v]->variants entry v simulates
     * (CX_NO_VARIANT: none). NULL: CX_NO_VARIANT for all. */
    const size_t *variant_index;
    const cx_policy_factory *policy;    /* NULL: no policy */
    /* Antithetic pairs (cx_engine_set_antithetic): engine replications 2k
     * and 2k + 1 mirror each other's uniforms. 0: independent replications. */
    int antithetic;
    /* Non-NULL: when *stop becomes non-zero (a SIGINT handler), workers
     * take no new unit and replications in progress stop at their next
     * period; cx_batch_run then returns CX_ERR_STOPPED with the
     * replications every variant completed (see cx_batch_run). */
    const volatile sig_atomic_t *stop;
    /* Bytes the batch may use; 0: the environment's CXSIM_MEMORY_LIMIT
     * (bytes, or a number with K, M, G or T, powers of 1024; a malformed
     * value is CX_ERR_USAGE), else cx_batch_memory_available(). The batch
     * runs no more replications at once than fit (the other threads help
     * them), and refuses (CX_ERR_NOMEM, before allocating) when not even
     * one fits. */
    double memory_limit;
} cx_batch_opts;

/* Bytes a batch is expected to hold at its peak with opts->threads
 * replications at once (cx_engine_replication_bytes each), every
 * worker's engines and the result. An estimate: word of mouth can bring
 * more customers than it counts. */
double cx_batch_memory_estimate(const cx_model *const *variants, size_t n_variants,
                                const cx_batch_opts *opts);

/* Physical memory, or the container's limit (cgroup v2 memory.max) if
 * lower. */
double cx_batch_memory_available(void);

/* Per-replication figures besides the metrics, for the analyses of
 * docs/analysis.md (NPS inference, the control variates). */
typedef enum cx_batch_extra_id {
    CX_X_RESPONDENTS = 0,       /* LTR draws over the horizon (journeys made): NPS's n */
    CX_X_PROMOTERS,             /* of which promoters (LTR 9-10) */
    CX_X_DETRACTORS,            /* of which detractors (LTR 0-6) */
    /* touchpoint friction events minus the sum over visits of the friction
     * probability in force: expectation exactly 0 (up to the 2^-32 grid of
     * the uniforms), whatever the model */
    CX_X_FRICTION_SURPRISE,
    /* the sum over journeys of the LTR noise draws z = Pinv(u) (docs/model.md,
     * "Outcomes"): expectation exactly 0 (the uniforms' grid is symmetric) */
    CX_X_LTR_NOISE,
    CX_BATCH_EXTRA_COUNT
} cx_batch_extra_id;

/* Results of a batch. Variants are models of the same horizon, the same
 * journeys and touchpoints and the same segments (they may differ in
 * parameters); variant 0 is the baseline. Values are laid out so that:
 *   horizon_values[(v * reps + r) * CX_METRIC_COUNT + m]
 *   period_values[((v * reps + r) * horizon + t) * CX_METRIC_COUNT + m]
 *   touchpoint_values[((v * reps + r) * n_touchpoints + k) * CX_TP_METRIC_COUNT + m]
 *   segment_values[((v * reps + r) * n_segments + s) * CX_METRIC_COUNT + m]
 *   extra_values[(v * reps + r) * CX_BATCH_EXTRA_COUNT + x]
 * with t = 0 for period 1, k the touchpoint's global index (journeys in
 * declaration order, their touchpoints in order) and s the segment's index
 * in the model. Segment values are horizon metrics of the segment's
 * customers (cx_tally_segment_metrics: NaN for the metrics that are not
 * defined per segment). */
typedef struct cx_batch_result {
    size_t n_variants;
    char (*variant_names)[CX_NAME_MAX];
    size_t reps;                /* replications held, per variant */
    size_t reps_requested;      /* reps unless the batch was stopped */
    size_t horizon;
    size_t n_touchpoints;
    char (*journey_names)[CX_NAME_MAX];     /* journey of touchpoint k */
    char (*touchpoint_names)[CX_NAME_MAX];  /* name of touchpoint k */
    double *horizon_values;
    double *period_values;
    double *touchpoint_values;
    size_t n_segments;
    char (*segment_names)[CX_NAME_MAX];
    double *segment_values;
    double *extra_values;       /* (a result assembled by hand may leave it NULL) */
    /* the batch ran antithetic pairs (cx_batch_opts.antithetic): its
     * replications 2k and 2k + 1 are not independent when first_rep was even */
    int antithetic;
    uint64_t rng_blocks;    /* Philox blocks the whole batch drew (benchmarks) */
} cx_batch_result;

/* Runs reps replications of each of the n_variants models (same horizon,
 * same journeys and touchpoint names)
 * with opts->threads threads. On success *out is a new result to free with
 * cx_batch_result_free. names[v] names variant v.
 *
 * Units are taken replication by replication (every variant of
 * replication r before r + 1), so a stopped batch has a whole prefix of
 * replications for every variant: it returns CX_ERR_STOPPED with *out
 * holding replications 0..k-1 (reps = k, reps_requested = opts->reps), or
 * NULL when no replication was complete in every variant. */
cx_status cx_batch_run(const cx_model *const *variants, const char *const *names,
                       size_t n_variants, const cx_batch_opts *opts,
                       cx_batch_result **out, cx_error *err);

void cx_batch_result_free(cx_batch_result *r);

/* A result with a's replications followed by b's (same variants, periods
 * and touchpoints): how a resumed batch joins the replications it ran to
 * those of the interrupted one. *out is new; a and b are unchanged.
 * reps_requested is a->reps_requested when a was stopped, else the sum. */
cx_status cx_batch_result_append(const cx_batch_result *a, const cx_batch_result *b,
                                 cx_batch_result **out, cx_error *err);

/* The default number of threads: the cores online, at least 1. */
unsigned cx_batch_default_threads(void);

/* ---- design points (batch_points.c) ------------------------------------ */

/* Sets the parameters of design point p on m, a fresh copy of the base
 * model; must leave a model that passes cx_model_validate. */
typedef cx_status (*cx_batch_point_fn)(void *ctx, size_t p, cx_model *m, cx_error *err);

/* Receives point p's horizon metrics: values[r * CX_METRIC_COUNT + m] for
 * replications r < reps (valid during the call only), roi NaN (it compares
 * a variant with a baseline, which a design point does not have). Called
 * in point order, on the calling thread. */
typedef cx_status (*cx_batch_values_fn)(void *ctx, size_t p, const double *values,
                                        size_t reps, cx_error *err);

typedef struct cx_batch_points {
    const cx_model *base;       /* every point is a copy of it with set applied */
    size_t variant;             /* variant every point simulates (CX_NO_VARIANT: none) */
    size_t n_points;
    /* Points simulated together by one cx_batch_run, which holds an engine
     * per point and worker: this bounds memory. 0: cx_batch_points_chunk. */
    size_t chunk;
    cx_batch_point_fn set;
    cx_batch_values_fn take;
    void *ctx;
} cx_batch_points;

/* Runs opts->reps replications of every design point with opts->seed,
 * opts->first_rep and opts->policy, each point a variant of a batch (so
 * every point sees the same random numbers: common random numbers), in
 * chunks of pts->chunk points; hands each point's values to pts->take.
 * The values do not depend on the chunk size or the number of threads.
 * opts->variant_index is ignored (pts->variant is used); opts->progress
 * counts replications over all points. Stops at the first failure of set,
 * take or a replication. */
cx_status cx_batch_run_points(const cx_batch_points *pts, const cx_batch_opts *opts,
                              cx_error *err);

/* The automatic chunk: as many points as keep threads x chunk engines of
 * m's population under 256 MiB of customer state, between 1 and 64. */
size_t cx_batch_points_chunk(const cx_model *m, unsigned threads);

/* Pointer to the horizon metrics of variant v, replication r. */
const double *cx_batch_horizon(const cx_batch_result *b, size_t v, size_t r);

/* Pointer to the metrics of variant v, replication r, period index t (0-based). */
const double *cx_batch_period(const cx_batch_result *b, size_t v, size_t r,
                              size_t t);

/* Pointer to the extras (cx_batch_extra_id) of variant v, replication r. */
const double *cx_batch_extra(const cx_batch_result *b, size_t v, size_t r);

/* Pointer to the metrics of touchpoint k for variant v, replication r. */
const double *cx_batch_touchpoint(const cx_batch_result *b, size_t v, size_t r,
                                  size_t k);

/* Pointer to the horizon metrics of segment s's customers for variant v,
 * replication r. */
const double *cx_batch_segment(const cx_batch_result *b, size_t v, size_t r, size_t s);

/* Sets the roi metric (horizon and every period) of every variant v >= 1
 * against variant 0, replication by
 * replication: (value gained - extra cost) / extra cost, NaN without extra
 * cost. cx_batch_run does it; call it again after assembling a result from
 * several batches. */
void cx_batch_fill_roi(cx_batch_result *b);

/* A new result holding the variants of parts[0], then those of parts[1],
 * ... in order, with roi refilled against the new variant 0. The parts
 * must have the same replications, horizon, touchpoints and segments,
 * and be all antithetic or none (CX_ERR_USAGE otherwise); extras are
 * joined like the values; names of touchpoints and segments are taken
 * from parts[0]. They pair replication by replication (common random
 * numbers) when their batches had the same seed and first_rep. The parts
 * are not changed; free *out with cx_batch_result_free. */
cx_status cx_batch_result_join(const cx_batch_result *const *parts, size_t n_parts,
                               cx_batch_result **out, cx_error *err);

#endif
