/* cxsim/calibrate.h - fitting parameters to target metrics.
 *
 * Provides:
 *   - cx_calibrate_target: one target (read from a CSV table by
 *     cx_targets_read, cxsim/targets.h);
 *   - cx_calibrate_fit: how far a batch's simulated metrics are from the
 *     targets, target by target, and the loss sum_i w_i z_i^2 with
 *     z_i = (simulated mean_i - target_i) / scale_i;
 *   - cx_calibrate_minimise: the Nelder-Mead simplex (GSL's nmsimplex2)
 *     over box-bounded parameters, searched in logit coordinates so that
 *     every point it tries lies inside the bounds.
 * Relies on: batch, metrics, stats, GSL multimin.
 *
 * The minimiser knows nothing of simulations: the caller's objective maps
 * parameter values to a loss. Calibration of a scenario evaluates it by a
 * batch run with the same seed and replication keys at every point
 * (common random numbers), which makes the loss a deterministic function
 * of the parameters (docs/analysis.md, "cxsim calibrate").
 */
#ifndef CXSIM_CALIBRATE_H
#define CXSIM_CALIBRATE_H

#include <stddef.h>

#include "cxsim/batch.h"
#include "cxsim/error.h"
#include "cxsim/stats.h"

/* ---- targets --------------------------------------------------------------- */

typedef struct cx_calibrate_target {
    int metric;         /* a cx_metric */
    int period;         /* 0: the horizon value; t >= 1: period t's */
    double value;       /* the target (an observed KPI) */
    double weight;      /* >= 0; 1 unless given */
    double sd;          /* > 0: the target's uncertainty; NaN when not given */
    double scale;       /* sd if given, else |value| */
    int line;           /* line of the targets file */
    int column;         /* column of the value there (1-based) */
} cx_calibrate_target;

/* ---- goodness of fit ----------------------------------------------------------- */

typedef struct cx_calibrate_fit_row {
    cx_estimate sim;    /* the simulated metric over replications (NaN ones left out) */
    double diff;        /* sim.mean - target */
    double z;           /* diff / scale */
} cx_calibrate_fit_row;

/* Fills rows[0..n) for variant v of b (confidence level, e.g. 0.95) and
 * returns the loss sum_i weight_i z_i^2: NaN when a target's metric has no
 * value in any replication. */
double cx_calibrate_fit(const cx_batch_result *b, size_t v, const cx_calibrate_target *t,
                        size_t n, double level, cx_calibrate_fit_row *rows);

/* ---- the minimiser ----------------------------------------------------------------- */

/* A free parameter: its bounds and where the search starts,
 * lo < start < hi. */
typedef struct cx_calibrate_param {
    double lo, hi, start;
} cx_calibrate_param;

/* The objective: *loss at the point x[0..n). A failure stops the search
 * and is returned as it is; a loss that is not a number is CX_ERR_SIM. */
typedef cx_status (*cx_calibrate_objective)(void *ctx, const double *x, double *loss,
                                            cx_error *err);

#define CX_CALIBRATE_TOL 1e-3
#define CX_CALIBRATE_MAX_EVALS 200
#define CX_CALIBRATE_STEP 1.0

typedef struct cx_calibrate_opts {
    /* Stop when the simplex size (GSL: the mean distance of its vertices
     * from its centre), in logit coordinates, is below tol; 0: the
     * default. Near the middle of a range, tol in logit units is about
     * tol / 4 of the range's width. */
    double tol;
    /* Stop at the end of the iteration in which the number of evaluations
     * reaches max_evals (an iteration makes 1, 2 or n + 2 of them; the
     * first simplex n + 1); 0: the default. */
    size_t max_evals;
    double step;        /* first simplex's step in logit coordinates; 0: the default */
    /* Stop at the end of the iteration in which stall evaluations have
     * passed since the best point was found: where the loss is flat (a
     * parameter pressed against its bound, where the logit coordinate runs
     * off to infinity, or one the targets do not depend on) the simplex
     * moves without shrinking and would never meet tol. 0: the default,
     * max(20, 10 (n + 1)). */
    size_t stall;
} cx_calibrate_opts;

/* Why the search stopped. */
typedef enum cx_calibrate_stop {
    CX_CALIBRATE_CONVERGED = 0,     /* the simplex fell below tol */
    CX_CALIBRATE_STALLED,           /* no better point in stall evaluations */
    CX_CALIBRATE_CAPPED             /* max_evals reached */
} cx_calibrate_stop;

typedef struct cx_calibrate_result {
    size_t n;
    double *x;          /* [n]: the best point evaluated (the first, if tied) */
    double loss;        /* its loss */
    size_t best_eval;   /* its evaluation number (1-based) */
    size_t evals;       /* evaluations made */
    cx_calibrate_stop stop;
    cx_calibrate_opts opts;     /* the options in effect, defaults filled in */
    double size;        /* the simplex size when the search stopped */
    double *trace;      /* [evals * (n + 1)]: each evaluation's x and loss, in order */
} cx_calibrate_result;

/* Minimises f over the box of p[0..n) from p[i].start: the search runs in
 * z_i = logit((x_i - lo_i) / (hi_i - lo_i)), a point x_i = lo_i + (hi_i -
 * lo_i) / (1 + exp(-z_i)), with GSL's nmsimplex2. Deterministic when f
 * is. CX_ERR_USAGE for n = 0, bounds not lo < start < hi, or max_evals
 * below n + 1. On success out holds the result (free with
 * cx_calibrate_result_free); on failure out holds nothing to free. */
cx_status cx_calibrate_minimise(size_t n, const cx_calibrate_param *p,
                                cx_calibrate_objective f, void *ctx,
                                const cx_calibrate_opts *opts, cx_calibrate_result *out,
                                cx_error *err);

void cx_calibrate_result_free(cx_calibrate_result *r);

#endif
