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

#endif
