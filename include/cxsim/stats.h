/* cxsim/stats.h - Monte Carlo estimates over replications.
 *
 * Provides: mean, standard deviation and the 95 % Student-t confidence
 * interval of a sample of replication values.
 * Relies on: GSL (statistics, t quantiles).
 */
#ifndef CXSIM_STATS_H
#define CXSIM_STATS_H

#include <stddef.h>

typedef struct cx_estimate {
    double mean;
    double sd;          /* sample sd (n - 1); NaN when n < 2 */
    double ci_low;      /* mean -/+ t_{0.975, n-1} sd / sqrt(n); NaN when n < 2 */
    double ci_high;
    size_t n;           /* values used (NaN values are skipped) */
} cx_estimate;

/* Estimate from x[0], x[stride], ..., x[(n-1) stride]. Entries that are not
 * finite (NaN: undefined in that replication) are left out; with no value
 * left, or if the working copy cannot be allocated, every field but n is
 * NaN and n is 0. level is the confidence level, e.g. 0.95. */
void cx_stats_estimate(const double *x, size_t stride, size_t n, double level,
                       cx_estimate *out);

/* A paired comparison of two variants run with common random numbers:
 * d_r = a_r - b_r over replications r. */
typedef struct cx_paired {
    cx_estimate diff;       /* estimate of the mean difference a - b */
    double var_a, var_b;    /* sample variances of a and b */
    double var_diff;        /* sample variance of the differences */
    /* (var_a + var_b) / var_diff: how many times smaller the variance of
     * the paired difference is than that of the difference of two
     * independent runs of the same size. NaN when var_diff is 0 or either
     * is undefined. */
    double variance_reduction;
} cx_paired;

/* a - b, or exactly 0 when it is below the arithmetic's precision:
 * |a - b| <= CX_STATS_ROUNDING * max(|a|, |b|). Two variants that differ
 * only in the order sums were added (the same customers, a change that
 * did not touch them) then show no difference, rather than a "significant"
 * one of 1e-15. */
#define CX_STATS_ROUNDING (64 * 2.220446049250313e-16)     /* 64 DBL_EPSILON */
double cx_stats_paired_difference(double a, double b);

/* Paired estimate from a[k stride], b[k stride], k < n. Replications where
 * either value is not finite are left out of all figures; each difference
 * is cx_stats_paired_difference's. */
void cx_stats_paired(const double *a, const double *b, size_t stride, size_t n,
                     double level, cx_paired *out);

#endif
