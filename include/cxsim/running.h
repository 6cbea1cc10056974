/* cxsim/running.h - running (streaming) statistics over replications.
 *
 * Provides: accumulators that take replication values one at a time and
 * keep a few numbers, never the values, so an analysis that runs until a
 * precision is reached uses the same memory after ten replications as
 * after a million:
 *   - cx_running: count, mean and sum of squared deviations (Welford's
 *     update), giving the estimate and Student-t interval of cx_stats_estimate;
 *   - cx_running_paired: a paired comparison (cx_stats_paired's figures);
 *   - cx_running_cv: the co-moments of a response and up to two controls,
 *     giving the control-variate estimate (regression adjustment, known
 *     control means);
 *   - cx_running_pair_factor: the variance reduction of antithetic pairs.
 * Relies on: cxsim/stats.h (cx_estimate, cx_paired), GSL (t quantiles).
 *
 * Values that are not finite (NaN: the metric is undefined in that
 * replication) are left out, as cx_stats_estimate leaves them out. The
 * running update (Welford 1962; Chan, Golub and LeVeque 1983) agrees with
 * the two-pass formulas of cx_stats_estimate to rounding, not to the bit.
 * Accumulators are plain structs, emptied by *_clear (cx_running and
 * cx_running_paired also by = {0}; cx_running_cv needs cx_running_cv_clear
 * to learn its number of controls).
 */
#ifndef CXSIM_RUNNING_H
#define CXSIM_RUNNING_H

#include <stddef.h>

#include "cxsim/stats.h"

typedef struct cx_running {
    size_t n;       /* finite values added */
    double mean;    /* their mean */
    double m2;      /* sum of squared deviations from the mean */
} cx_running;

void cx_running_clear(cx_running *r);

/* Adds x (ignored unless finite). */
void cx_running_add(cx_running *r, double x);

/* Sample variance (divisor n - 1); NaN when n < 2. */
double cx_running_variance(const cx_running *r);

/* Mean, sd and the Student-t interval at level (e.g. 0.95), as
 * cx_stats_estimate gives them for the same values. */
void cx_running_estimate(const cx_running *r, double level, cx_estimate *out);

/* Half-width of that interval: t_{(1+level)/2, n-1} sd / sqrt(n); NaN when
 * n < 2. */
double cx_running_half_width(const cx_running *r, double level);

/* A paired comparison a - b, replication by replication. */
typedef struct cx_running_paired {
    cx_running a, b, d;     /* over the replications where both are finite */
} cx_running_paired;

/* Adds one replication's pair (ignored unless both are finite). */
void cx_running_paired_add(cx_running_paired *p, double a, double b);

/* The figures of cx_stats_paired for the same values. */
void cx_running_paired_get(const cx_running_paired *p, double level, cx_paired *out);

/* Control variates: up to CX_RUNNING_CONTROLS controls c_j of known
 * means, observed with the response y in every replication. */
#define CX_RUNNING_CONTROLS 2

typedef struct cx_running_cv {
    size_t n;           /* replications added (y and every control finite) */
    size_t q;           /* controls, 1..CX_RUNNING_CONTROLS */
    /* means and co-moments (sums of products of deviations) of (y, c_1,
     * .., c_q): index 0 is y */
    double mean[1 + CX_RUNNING_CONTROLS];
    double s[1 + CX_RUNNING_CONTROLS][1 + CX_RUNNING_CONTROLS];
} cx_running_cv;

/* Empties r for q controls (1 <= q <= CX_RUNNING_CONTROLS). */
void cx_running_cv_clear(cx_running_cv *r, size_t q);

/* Adds one replication: response y, controls c[0..q) (ignored unless all
 * are finite). */
void cx_running_cv_add(cx_running_cv *r, double y, const double *c);

/* A control-variate estimate: E[y] estimated as ybar - sum_j beta_j (cbar_j
 * - mu_j), mu_j the controls' known means, beta the least-squares slopes
 * of y on the controls (Lavenberg and Welch 1981; Law, "Simulation
 * Modeling and Analysis", 5th ed., section 11.4). A control that does not
 * vary is left out, and of two collinear controls the second. */
typedef struct cx_control {
    cx_estimate est;    /* adjusted mean; sd = residual sd (divisor n - k - 1,
                         * k controls used); interval yhat -/+ t_{n-k-1}
                         * sqrt(s^2 (1/n + g' Scc^-1 g)), g = cbar - mu;
                         * n = replications used */
    double beta[CX_RUNNING_CONTROLS];   /* slopes; NaN for a control left out */
    size_t k;           /* controls used */
    double r2;          /* squared multiple correlation of y on the controls
                         * used (rho^2 with one control); NaN if y is constant */
    double factor;      /* 1 / (1 - r2): variance of ybar over that of the
                         * adjusted mean, for large n; NaN with r2 and when
                         * r2 = 1 */
} cx_control;

/* The estimate from r at level, mu[0..q) the controls' known means.
 * Everything but est.n is NaN when no control varies or n < k + 2 (the
 * residual variance needs a degree of freedom). */
void cx_running_cv_estimate(const cx_running_cv *r, const double *mu, double level,
                            cx_control *out);

/* Variance reduction of antithetic pairs: the variance of the mean of 2m
 * independent replications over that of the mean of m pair means,
 * var(single) / (2 var(pair mean)) from the sample variances of the single
 * replications and of the pair means. NaN when either is undefined or the
 * pair means do not vary. */
double cx_running_pair_factor(const cx_running *singles, const cx_running *pair_means);

#endif
