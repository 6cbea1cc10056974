/* cxsim/dist.h - distributions of uncertain inputs.
 *
 * Provides: cx_dist, the distribution a scenario gives an uncertain input
 * (a declared parameter, an intervention's set value or cost: uniform,
 * triangular, normal and lognormal truncated to a range, beta, a discrete
 * list of weighted values, one coordinate of a Dirichlet), its quantile function (so that an outer design
 * in [0,1)^d maps to draws), its mean, its support, its check and the form
 * it is written in (docs/scenarios.md, "Distributions").
 * Relies on: GSL's inverse cumulative distribution functions
 * (gsl_cdf_*_Pinv), cxsim/error.h. No allocation, no state.
 */
#ifndef CXSIM_DIST_H
#define CXSIM_DIST_H

#include <stddef.h>

#include "cxsim/error.h"

#define CX_DIST_MAX_VALUES 32
#define CX_DIST_TIE_MAX 64

typedef enum cx_dist_kind {
    CX_DIST_UNIFORM = 0,    /* p[0] low, p[1] high */
    CX_DIST_TRIANGULAR,     /* p[0] low, p[1] mode, p[2] high */
    CX_DIST_NORMAL,         /* p[0] mean, p[1] sd, truncated to [lo, hi] */
    CX_DIST_LOGNORMAL,      /* p[0] mean, p[1] sd (of the variable itself), truncated to [lo, hi] */
    CX_DIST_BETA,           /* p[0] a, p[1] b, on [0, 1] */
    CX_DIST_DISCRETE,       /* values[0..n) with weights[0..n) */
    /* One coordinate of a Dirichlet: values[0..n) the concentrations
     * alpha_1..alpha_n (n >= 2), p[0] the coordinate's index c (0-based).
     * Its marginal is Beta(alpha_c, A - alpha_c), A the sum; the
     * coordinates of one Dirichlet share a tie and take one joint draw
     * (cx_dist_draw). */
    CX_DIST_DIRICHLET
} cx_dist_kind;

typedef struct cx_dist {
    cx_dist_kind kind;
    double p[3];
    /* The range a normal or lognormal is truncated to (-inf / +inf: not
     * truncated on that side; a lognormal is never below 0). Ignored by
     * the other kinds, whose support their parameters give. */
    double lo, hi;
    size_t n;
    double values[CX_DIST_MAX_VALUES];  /* discrete: increasing, distinct;
                                         * dirichlet: the concentrations */
    double weights[CX_DIST_MAX_VALUES]; /* discrete: > 0, summing to 1 */
    /* Inputs with the same non-empty tie take one shared draw: the same
     * uniform u enters each one's quantile function, so their ranks are
     * perfectly correlated (Spearman's rho = 1). */
    char tie[CX_DIST_TIE_MAX];
} cx_dist;

/* The kind's name as the scenario writes it ("triangular"); and the kind
 * a name stands for (-1: none). */
const char *cx_dist_name(cx_dist_kind kind);
int cx_dist_from_name(const char *name, cx_dist_kind *out);

/* Checks d's parameters: low < high (uniform), low <= mode <= high with
 * low < high (triangular), sd > 0 and mean > 0 (lognormal), a, b > 0
 * (beta), 1 to CX_DIST_MAX_VALUES values with positive finite weights
 * (discrete), every number finite, lo < hi, and that a truncated normal or
 * lognormal keeps at least 1e-9 of its mass in [lo, hi]. CX_ERR_INPUT with
 * a message naming the parameter ("sd must be above 0, got -1"); callers
 * prefix file, line and input. */
cx_status cx_dist_check(const cx_dist *d, cx_error *err);

/* Beta parameters a, b with the given mean and sd (method of moments:
 * a + b = m (1 - m) / sd^2 - 1). CX_ERR_INPUT when no beta has them
 * (mean outside (0, 1), sd <= 0 or sd^2 >= m (1 - m)). */
cx_status cx_dist_beta_moments(double mean, double sd, double *a, double *b, cx_error *err);

/* Sorts a discrete distribution's values (merging none: repeated values
 * are CX_ERR_INPUT) and scales its weights to sum to 1. */
cx_status cx_dist_discrete_finish(cx_dist *d, cx_error *err);

/* The value whose cumulative probability is u, 0 <= u < 1 (u = 0: the
 * lowest value). Monotone in u. A Dirichlet's coordinate: the quantile of
 * its Beta marginal. */
double cx_dist_quantile(const cx_dist *d, double u);

/* How many coordinates of an outer design one draw of d takes: n - 1 for
 * a Dirichlet (shared by all its coordinates), 1 for the others. */
size_t cx_dist_dims(const cx_dist *d);

/* d's value at the design coordinates u[0..cx_dist_dims(d)): the quantile
 * of u[0] for a scalar distribution; for coordinate c of a Dirichlet, the
 * stick-breaking construction x_j = (1 - x_1 - ... - x_{j-1}) B_j with
 * B_j ~ Beta(alpha_j, alpha_{j+1} + ... + alpha_n) the quantile of u[j]
 * (j < n), the last coordinate what the others leave. The coordinates of
 * one Dirichlet given the same u are a draw of the Dirichlet and sum to 1
 * (to rounding). Deterministic: the same u give the same bytes. */
double cx_dist_draw(const cx_dist *d, const double *u);

/* The mean of d (truncation included). */
double cx_dist_mean(const cx_dist *d);

/* The smallest interval holding every value d can take: [*lo, *hi]. */
void cx_dist_support(const cx_dist *d, double *lo, double *hi);

/* Whether d takes one value only (a discrete with one value). */
int cx_dist_degenerate(const cx_dist *d);

/* d as the scenario writes it, "triangular(0.06, 0.1, 0.14)",
 * "normal(2, 0.3) in [1.5, 3]", into buf (truncated to size). */
void cx_dist_format(const cx_dist *d, char *buf, size_t size);

#endif
