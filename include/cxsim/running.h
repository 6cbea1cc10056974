/* cxsim/running.h - running (streaming) statistics over replications.
 *
 * Provides: accumulators that take replication values one at a time and
 * keep a few numbers, never the values, so an analysis that runs until a
 * precision is reached uses the same memory after ten replications as
 * after a million:
 *   - cx_running: count, mean and sum of squared deviations (Welford's
 *     update), giving the estimate and Student-t interval of cx_stats_estimate;
 *   - cx_running_paired: a paired comparison (cx_stats_paired's figures);
 *   - cx_running2: the co-moments of two series, giving the control-variate
 *     estimate (regression adjustment, known control mean);
 *   - cx_running_pair_factor: the variance reduction of antithetic pairs.
 * Relies on: cxsim/stats.h (cx_estimate, cx_paired), GSL (t quantiles).
 *
 * Values that are not finite (NaN: the metric is undefined in that
 * replication) are left out, as cx_stats_estimate leaves them out. The
 * running update (Welford 1962; Chan, Golub and LeVeque 1983) agrees with
 * the two-pass formulas of cx_stats_estimate to rounding, not to the bit.
 * Accumulators are plain structs, zeroed by *_clear (or by = {0}).
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

/* Co-moments of two series x (the response) and c (the control). */
typedef struct cx_running2 {
    size_t n;           /* pairs added (both finite) */
    double mx, mc;      /* means */
    double sxx, scc;    /* sums of squared deviations */
    double sxc;         /* sum of cross deviations */
} cx_running2;

void cx_running2_clear(cx_running2 *r);

/* Adds one replication (ignored unless both values are finite). */
void cx_running2_add(cx_running2 *r, double x, double c);

/* A control-variate estimate: E[x] estimated as xbar - beta (cbar - mu_c),
 * mu_c the control's known mean, beta = sxc / scc the least-squares slope
 * (Lavenberg and Welch 1981; Law, "Simulation Modeling and Analysis", 5th
 * ed., section 11.4). */
typedef struct cx_control {
    cx_estimate est;    /* adjusted mean; sd = residual sd (divisor n - 2);
                         * interval xhat -/+ t_{n-2} sqrt(s^2 (1/n +
                         * (cbar - mu_c)^2 / scc)); n = pairs used */
    double beta;        /* slope; NaN when the control does not vary */
    double rho;         /* sample correlation of x and c; NaN if either is constant */
    double factor;      /* 1 / (1 - rho^2): variance of xbar over that of the
                         * adjusted mean, for large n; NaN with rho and
                         * when |rho| = 1 */
} cx_control;

/* The estimate from r at level. Everything but est.n is NaN when n < 3
 * (a slope and a residual variance need n - 2 >= 1 degrees of freedom) or
 * when c does not vary; factor is NaN when x does not vary either. */
void cx_running2_control(const cx_running2 *r, double control_mean, double level,
                         cx_control *out);

/* Variance reduction of antithetic pairs: the variance of the mean of 2m
 * independent replications over that of the mean of m pair means,
 * var(single) / (2 var(pair mean)) from the sample variances of the single
 * replications and of the pair means. NaN when either is undefined or the
 * pair means do not vary. */
double cx_running_pair_factor(const cx_running *singles, const cx_running *pair_means);

#endif
