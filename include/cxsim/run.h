/* cxsim/run.h - every way cxsim runs simulations, written once for the
 * command line and the Lua module.
 *
 * Provides: cx_run_variants, a run of a scenario's variants (a fixed
 * number of replications in one batch, or in stages for --reps auto and
 * antithetic pairs, continuing an interrupted batch, streaming a staged
 * run's replications into a results directory) and cx_run_write, its
 * results directory; cx_run_resume_key and cx_run_resume_load, what
 * continuing an interrupted run checks; cx_run_batch, one batch of one
 * variant (calibration's evaluations, check --analytic); cx_run_points,
 * the design points of sweep and sensitivity, and the two analyses
 * (cx_run_sweep, cx_run_sensitivity); cx_run_calibrate, the calibration
 * and its objective; cx_run_estimate and
 * cx_run_paired, a run's estimates as summary.csv and compare.csv give
 * them; cx_run_stages, replications in stages to a precision
 * (cxsim/sequential.h); cx_run_quickwins, the quick-win batches
 * (cxsim/quickwins.h). Nothing here prints:
 * progress goes to a callback, errors to a cx_error (docs/architecture.md,
 * the layers).
 * Relies on: batch, accum, sequential, quickwins, design, sensitivity
 * (Sobol' indices), calibrate (the search), estimates, results (the results
 * directory and its checkpoint), io (SHA-256).
 */
#ifndef CXSIM_RUN_H
#define CXSIM_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "cxsim/accum.h"
#include "cxsim/batch.h"
#include "cxsim/calibrate.h"
#include "cxsim/design.h"
#include "cxsim/error.h"
#include "cxsim/model.h"
#include "cxsim/quickwins.h"
#include "cxsim/results.h"
#include "cxsim/sobol.h"
#include "cxsim/sequential.h"
#include "cxsim/stats.h"

/* Variants one run holds at most. */
#define CX_RUN_MAX_VARIANTS 64

/* Confidence level of a run's estimates (summary.csv's). */
#define CX_RUN_LEVEL 0.95

/* How a run goes. Zero-initialised: the model's replications, seed 0, one
 * thread per core, one plain batch of every variant. */
typedef struct cx_run_opts {
    /* Variants to run, by index into m->variants, variants[0] the
     * baseline. NULL: every variant in cx_model_variant_order's order, or
     * the model as it is under the name "baseline" when it declares none. */
    const size_t *variants;
    size_t n_variants;
    size_t reps;                /* per variant (adaptive: ignored); 0: m->reps */
    uint32_t seed;
    unsigned threads;           /* 0: cx_batch_default_threads() */
    int antithetic;             /* antithetic pairs: in stages */
    /* adaptive: replicate in stages until the 95 % half-width of metric
     * (each variant's mean, or with paired each difference from the
     * baseline) is below precision, or max_reps (0: the default cap of
     * cxsim/sequential.h) */
    int adaptive;
    double precision;
    size_t max_reps;
    int paired;
    int metric;                 /* a cx_metric */
    const cx_policy_factory *policy;    /* NULL: no on_period */
    const volatile sig_atomic_t *stop;  /* as cx_batch_opts.stop */
    /* told replications done of the total over every variant; from worker
     * threads (thread-safe) */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    /* as cx_batch_opts.whole, for a plain run (NULL: not told) */
    void (*whole)(void *ctx, size_t reps);
    /* A run in stages streams its replications into this results
     * directory's replications.csv as they come (NULL: kept nowhere);
     * cx_run_write finishes the directory. */
    const char *out;
} cx_run_opts;

/* A run: what ran and what it gave. */
typedef struct cx_run {
    size_t index[CX_RUN_MAX_VARIANTS];      /* model variant of entry v */
    const char *names[CX_RUN_MAX_VARIANTS]; /* the model's strings */
    size_t n_variants;
    cx_batch_opts batch;        /* as run: seed, threads, reps (staged: run) */
    /* A plain run keeps every replication (result); a run in stages keeps
     * running estimates only (result NULL). accum is set either way on
     * success, and for a stopped plain run that completed replications. */
    int staged;
    cx_batch_result *result;
    cx_accum *accum;
    int adaptive;
    cx_results_precision precision;     /* the adaptive run's outcome */
    struct cx_results_stream *stream;   /* replications.csv being written */
    double wall;                /* seconds */
} cx_run;

/* Runs o's variants of m into *out (zeroed first; release it with
 * cx_run_release whatever the outcome). resumed (may be NULL, always
 * consumed) holds the replications of an interrupted plain batch: those
 * come first, then the rest with the random numbers they would have had
 * in one batch. Stopped through o->stop: CX_ERR_STOPPED, with out->result
 * and out->accum holding the replications every variant completed of a
 * plain run (NULL if none; a run in stages keeps nothing). Errors:
 * CX_ERR_USAGE for more than CX_RUN_MAX_VARIANTS variants, bad adaptive
 * options or resumed replications with stages; batch errors. */
cx_status cx_run_variants(const cx_model *m, const cx_run_opts *o, cx_batch_result *resumed,
                          cx_run *out, cx_error *err);

/* A scenario with more variants than a run holds is refused, naming the
 * first variant left out (the plan keeps the baseline, then declaration
 * order): running the first CX_RUN_MAX_VARIANTS alone would drop the rest
 * without a word. CX_ERR_INPUT, "SOURCE:LINE: variant ...". */
cx_status cx_run_check_variants(const cx_model *m, cx_error *err);

/* Replications run per variant (of a stopped plain run: those complete). */
size_t cx_run_reps(const cx_run *r);

/* Metric m of variant v over the horizon, and the paired difference of
 * variant v from the baseline, as summary.csv and compare.csv give them
 * (cx_estimates_*, level CX_RUN_LEVEL). */
void cx_run_estimate(const cx_run *r, size_t v, size_t m, cx_estimate *out);
void cx_run_paired(const cx_run *r, size_t v, size_t m, cx_paired *out);

/* Writes r's results directory (info->reps, seed, threads, wall_seconds
 * and precision are taken from r): every file of a plain run, or the
 * directory a staged run streamed into (finishing it). */
cx_status cx_run_write(const char *dir, cx_run *r, cx_results_info *info, cx_error *err);

/* Frees what r holds (a stream not finished is removed). */
void cx_run_release(cx_run *r);

/* ---- resuming (resume.c) ------------------------------------------------------- */

/* What a resumed run must share with the interrupted one for the two to
 * give the bytes of one uninterrupted run, as text: the command, the
 * scenario file's SHA-256, the SHA-256 of every other file it read
 * (inputs_sha256: cx_model.inputs_sha256; NULL or "" when none), the
 * seed, the replications and every override. CX_ERR_USAGE when it does
 * not fit size. */
cx_status cx_run_resume_key(const char *command, const char *scenario_path,
                            const char *inputs_sha256, uint32_t seed, size_t reps,
                            const char *const *overrides, size_t n_overrides, char *key,
                            size_t size, cx_error *err);

/* Reads the checkpoint of results directory dir into *done, checking it
 * was made under key and holds n_variants variants: CX_ERR_USAGE naming
 * the first difference, or when there is no checkpoint. */
cx_status cx_run_resume_load(const char *dir, const char *key, size_t n_variants,
                             cx_batch_result **done, cx_error *err);

/* ---- one batch (variant_batch.c) ------------------------------------------------------- */

/* One batch of variant `variant` of m (CX_NO_VARIANT: the model as it
 * is), named name, with o's reps, seed, threads, policy, stop and
 * progress (o->variants, adaptive and out are ignored). */
cx_status cx_run_batch(const cx_model *m, size_t variant, const char *name,
                       const cx_run_opts *o, cx_batch_result **out, cx_error *err);

/* The baseline an analysis varies: the variant cx_model_variant_order puts
 * first (*name its name), or CX_NO_VARIANT ("baseline"). */
size_t cx_run_baseline(const cx_model *m, const char **name);

/* ---- design points (points.c) --------------------------------------------------- */

/* n_points design points of m's baseline, each a copy of m with set
 * applied, their horizon metrics handed to take in point order
 * (cx_batch_run_points; every point with the same random numbers). */
typedef struct cx_run_points {
    size_t n_points;
    cx_batch_point_fn set;
    cx_batch_values_fn take;
    void *ctx;
    /* filled by cx_run_points: */
    cx_batch_opts batch;        /* reps, seed, threads used */
    const char *variant;        /* the variant simulated: the baseline, or o->variants[1] */
    const char *against;        /* paired: the baseline's name; else NULL */
    double wall;                /* seconds */
} cx_run_points;

/* Runs pts's points with o's reps, seed, threads, policy, stop and
 * progress (replications over every point). With o->variants holding 2
 * (a baseline, then a variant: indices into m->variants, the first may be
 * CX_NO_VARIANT), every point runs both with the same random numbers and
 * take receives the paired difference, variant - baseline, replication by
 * replication; its roi is the variant's against the baseline ((value
 * gained - extra cost) / extra cost, NaN without extra cost). Otherwise
 * the baseline (cx_run_baseline) alone, roi NaN. */
cx_status cx_run_design(const cx_model *m, const cx_run_opts *o, cx_run_points *pts,
                        cx_error *err);

/* ---- analyses over parameters (points.c, sweep.c, sensitivity.c) ---------------- */

/* Parameters an analysis varies at most. */
#define CX_RUN_MAX_PARAMS 64

/* One parameter an analysis varies. */
typedef struct cx_run_param {
    char path[256];     /* a cx_model_set path */
    double lo, hi;      /* lo < hi */
    size_t steps;       /* grid points, >= 2; 0 when not given */
} cx_run_param;

/* Sets ps[j].path to x[j] on m (j < k), then validates m; a failure names
 * design point `point` (0-based, shown 1-based) and its values. */
cx_status cx_run_apply_point(cx_model *m, const cx_run_param *ps, size_t k, const double *x,
                             size_t point, cx_error *err);

#define CX_RUN_SWEEP_POINTS 64              /* points of a sobol or halton sweep by default */
#define CX_RUN_SWEEP_MAX_POINTS 1000000     /* beyond: days of simulation, gigabytes of CSV */

/* What a sweep or a sensitivity analysis varies and reports. */
typedef struct cx_run_study {
    const cx_run_param *params;     /* k of them */
    size_t k;
    const int *metrics;             /* cx_metric, at least one */
    size_t n_metrics;
} cx_run_study;

/* A sweep: the metrics over a design of parameter values. */
typedef struct cx_run_sweep_study {
    cx_run_study in;                /* a grid needs steps >= 2 of every parameter */
    cx_design_kind design;
    size_t points;                  /* sobol, halton: the design's size (0: the default) */
    /* filled by cx_run_sweep: */
    size_t n;                       /* points */
    double *x;                      /* x[p k + j]: parameter j at point p */
    cx_estimate *est;               /* est[p n_metrics + i]: metric i at point p (95 %) */
    cx_run_points run;              /* reps, seed, threads, wall, the variant */
} cx_run_sweep_study;

/* Runs the sweep s of m's baseline with o's reps, seed, threads, policy
 * and progress. Free s's arrays with cx_run_sweep_free whatever the
 * outcome. */
cx_status cx_run_sweep(const cx_model *m, const cx_run_opts *o, cx_run_sweep_study *s,
                       cx_error *err);
void cx_run_sweep_free(cx_run_sweep_study *s);

#define CX_RUN_SENS_SAMPLES 64          /* base samples N by default */
#define CX_RUN_SENS_BOOTSTRAP 1000      /* bootstrap resamples by default */
#define CX_RUN_SENS_MAX_POINTS 10000000 /* evaluations at most */

/* One bar of a tornado: parameter q at its low and at its high value, the
 * others at the scenario's. */
typedef struct cx_run_tornado_bar {
    size_t q;                   /* the parameter */
    cx_estimate base, low, high;
    cx_paired swing;            /* high - low, paired over replications */
} cx_run_tornado_bar;

/* A sensitivity analysis: a one-at-a-time tornado and first-order and
 * total Sobol' indices over Saltelli's design (docs/analysis.md). */
typedef struct cx_run_sensitivity_study {
    cx_run_study in;                /* steps ignored */
    cx_design_kind design;          /* sobol (2k <= its dimensions) or halton */
    size_t samples;                 /* base samples N (0: CX_RUN_SENS_SAMPLES) */
    size_t bootstrap;               /* resamples (0: CX_RUN_SENS_BOOTSTRAP) */
    /* filled by cx_run_sensitivity: */
    size_t reps;
    double *a, *b;                  /* Saltelli's A and B, N x k */
    double *tornado;                /* [(p n_metrics + i) reps + r]: tornado point p, metric i */
    double *y;                      /* [(i (k + 2) + c) N + j]: metric i, matrix c, row j */
    cx_sobol_index *idx;            /* [i k + q]: metric i, parameter q */
    size_t *rows;                   /* rows used per metric */
    cx_run_tornado_bar *bars;       /* [i k + r]: metric i, largest |swing| first */
    cx_run_points run;
} cx_run_sensitivity_study;

/* Evaluations of a sensitivity analysis: 2k + 1 tornado points, then
 * samples (k + 2) Saltelli rows. */
size_t cx_run_sensitivity_points(size_t k, size_t samples);

/* Runs s on m's baseline with o's reps, seed (also the bootstrap's),
 * threads, policy and progress. Free with cx_run_sensitivity_free
 * whatever the outcome. */
cx_status cx_run_sensitivity(const cx_model *m, const cx_run_opts *o, cx_run_sensitivity_study *s,
                             cx_error *err);
void cx_run_sensitivity_free(cx_run_sensitivity_study *s);

/* ---- calibration (calibration.c) ------------------------------------------------ */

/* A calibration: the parameters whose values make the baseline's
 * simulated metrics closest to targets (cx_calibrate_minimise). */
typedef struct cx_run_calibration {
    const cx_run_param *params;     /* k paths (cx_model_set, real-valued) */
    const cx_calibrate_param *box;  /* their bounds and start */
    size_t k;
    const cx_calibrate_target *targets;
    size_t n_targets;
    const char *targets_file;       /* the targets' file, for messages */
    cx_calibrate_opts opts;
    /* called after each evaluation that succeeded (may be NULL) */
    void (*on_eval)(void *ctx, size_t evals, double loss, double best_loss);
    void *ctx;
    /* filled by cx_run_calibrate: */
    size_t order[CX_RUN_MAX_PARAMS];    /* the order parameters apply in */
    size_t variant;                 /* the baseline's index, or CX_NO_VARIANT */
    const char *variant_name;
    size_t evals;
    double best_loss;
    cx_batch_result *best;          /* the best evaluation's batch ... */
    cx_model *best_model;           /* ... its model ... */
    cx_calibrate_fit_row *rows;     /* ... and its fit */
    cx_calibrate_fit_row *scratch;  /* the last evaluation's fit */
    cx_calibrate_result res;
    double wall;                    /* seconds of the search */
} cx_run_calibration;

/* Runs the search on m (every evaluation a copy of m with the parameters
 * applied in order, its baseline simulated with o's reps, seed, threads
 * and policy: common random numbers). Errors: a parameter point that makes
 * the scenario invalid (CX_ERR_USAGE), a target metric NA in every
 * replication (CX_ERR_INPUT), batch errors. Free with
 * cx_run_calibration_free whatever the outcome. */
cx_status cx_run_calibrate(const cx_model *m, const cx_run_opts *o, cx_run_calibration *c,
                           cx_error *err);
void cx_run_calibration_free(cx_run_calibration *c);

/* ---- stages (stages.c) ----------------------------------------------------------- */

/* Runs the n_variants models (as cx_batch_run; variant 0 the baseline) in
 * stages under opts (cxsim/sequential.h). On success out->accum is set.
 * On failure nothing is left to free and the error says why:
 * CX_ERR_USAGE for bad options (a metric out of range, precision <= 0, an
 * odd first_rep with antithetic pairs, a cap below 2 (FIXED: no
 * replications), rule PAIRED with one variant) and for a metric that is NA
 * in every replication of every watched entry when the rule is first
 * judged (the differences of roi, which is relative to the baseline
 * already), or the failing stage's status. */
cx_status cx_run_stages(const cx_model *const *variants, const char *const *names,
                        size_t n_variants, const cx_sequential_opts *opts,
                        cx_sequential_result *out, cx_error *err);

/* ---- quick wins (quickwins.c) ------------------------------------------------------- */

/* Runs the quick-win analysis on m (not changed; a copy receives the
 * candidates as variants; cxsim/quickwins.h). The baseline is the variant
 * cx_model_variant_order puts first (none declared: no intervention);
 * candidates are the interventions it does not enable, each alone, then
 * every combination of 2..max_combo of the `top` best singles with a
 * defined objective effect, simulated in batches of at most o->chunk
 * variants with the same seed and first replication (common random
 * numbers). CX_ERR_INPUT when there is no candidate; batch errors as
 * cx_batch_run. On success *out is new; free it with cx_quickwins_free. */
cx_status cx_run_quickwins(const cx_model *m, const cx_quickwins_opts *o, cx_quickwins **out,
                           cx_error *err);

/* The candidates of q (a quick-win analysis of m) as variants of a copy of
 * m, named as in q->batch: *out is the copy (free with cx_model_free),
 * index[0] its baseline variant (CX_NO_VARIANT when m declares none) and
 * index[1 + c] candidate c's; index holds 1 + q->n_candidates. This is how
 * quickwins --uncertainty simulates the candidates under drawn inputs
 * (cx_run_uncertainty with index as the variants). CX_ERR_NOMEM, or
 * cx_model_add_variant's errors. */
cx_status cx_run_quickwins_variants(const cx_model *m, const cx_quickwins *q, cx_model **out,
                                    size_t *index, cx_error *err);

/* ---- two-level Monte Carlo (two_level.c) ----------------------------------------- */

/* One outer draw: the inputs drawn and what the inner replications gave. */
typedef struct cx_run_draw {
    size_t draw;                /* 0-based */
    const double *inputs;       /* [i]: the value m->ranges[i] took */
    size_t n_variants;
    /* [v * CX_METRIC_COUNT + k]: metric k of variant v, the mean over the
     * inner replications where it is defined (NaN if in none), and their
     * sample variance (NaN with fewer than 2) */
    const double *mean, *var;
    /* [v]: net value against the baseline, the mean over the inner
     * replications of (portfolio_value - cost) of v minus the baseline's
     * (0 for the baseline), and its sample variance */
    const double *net, *net_var;
} cx_run_draw;

/* Receives draw d, in draw order, on the calling thread (the arrays are
 * valid during the call only). */
typedef cx_status (*cx_run_draw_fn)(void *ctx, const cx_run_draw *d, cx_error *err);

/* The inputs of m's uncertain inputs (m->ranges) share dimensions of the
 * outer design by tie: dim[i] is input i's (first) dimension; a
 * Dirichlet's coordinates, one tie, take its n - 1 dimensions together
 * (cx_dist_dims); returns their number. */
size_t cx_run_uncertainty_dims(const cx_model *m, size_t *dim);

/* Two-level Monte Carlo (docs/analysis.md, "Decisions under
 * uncertainty"): draws outer draws of every uncertain input from the
 * design cx_uncertainty_design(dims, draws, o->seed) through each
 * input's distribution (cx_model_range_dist; tied inputs share a
 * coordinate), sets them on a copy of m (cx_model_set), and simulates o's
 * variants on it with o->reps inner replications (0: m->reps) under
 * common random numbers: draw d runs the engine's replications d R ..
 * d R + R - 1, so the draws' noise is independent and the whole run uses
 * the random numbers of one plain run of draws x R replications. Uses
 * o->threads, policy, stop and progress (replications over every draw);
 * ignores adaptive, antithetic and out. Each draw goes to take. Errors:
 * CX_ERR_USAGE for draws = 0 or more replications than the engine counts
 * (2^32); CX_ERR_INPUT when a drawn model fails cx_model_validate (the
 * message names the draw and its values); batch errors, CX_ERR_STOPPED
 * (every draw before the one stopped went to take). first > 0 runs draws
 * first .. draws - 1 only, as they are in a run of all (a resumed run:
 * the design does not depend on where it starts); progress counts those. */
cx_status cx_run_uncertainty(const cx_model *m, const cx_run_opts *o, size_t draws,
                             size_t first, cx_run_draw_fn take, void *ctx, cx_error *err);

#endif
