/* cxsim/sobol.h - variance-based global sensitivity indices.
 *
 * Provides: first-order indices S_i and total indices S_Ti (Sobol' 2001)
 * of a model output from Saltelli's sampling scheme: S_i by Saltelli et
 * al. 2010, Table 2 (b), on the output centred on its mean; S_Ti by Jansen
 * 1999 (Saltelli et al. 2010, Table 2 (f)); with percentile bootstrap
 * confidence intervals that resample the base rows (Archer, Saltelli and
 * Sobol' 1997). docs/analysis.md gives the formulas.
 * Relies on: GSL (the Mersenne Twister of the bootstrap, quantiles).
 *
 * The outputs come from the matrices of cxsim/design.h: y_a[j] = f(A_j),
 * y_b[j] = f(B_j), y_ab[i n + j] = f(A_B^(i)_j) for rows j < n and
 * parameters i < k. No static state: safe from any thread.
 */
#ifndef CXSIM_SENSITIVITY_H
#define CXSIM_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/error.h"

typedef struct cx_sobol_index {
    double first, first_low, first_high;    /* S_i and its bootstrap interval */
    double total, total_low, total_high;    /* S_Ti and its bootstrap interval */
} cx_sobol_index;

typedef struct cx_sobol_opts {
    size_t bootstrap;   /* resamples of the n rows; 0: no intervals (NaN) */
    double level;       /* confidence level of the intervals, e.g. 0.95 */
    uint32_t seed;      /* seed of the bootstrap generator (gsl_rng_mt19937) */
} cx_sobol_opts;

/* Indices of k parameters from n base rows, into out[0..k). Rows where any
 * output is not finite are left out (*rows_used, if non-NULL, says how
 * many were kept). With fewer than 2 rows, or an output that does not vary
 * (zero variance), every index is NaN. The estimates use all kept rows;
 * each bootstrap resample draws that many rows with replacement, the same
 * rows for every parameter, and the interval is the (1 - level) / 2 and
 * (1 + level) / 2 quantiles of the resampled indices (resamples whose
 * variance is zero are skipped). Same inputs and seed, same intervals.
 * CX_ERR_USAGE for k = 0 or a level outside (0, 1); CX_ERR_NOMEM. */
cx_status cx_sobol_indices(const double *y_a, const double *y_b, const double *y_ab,
                               size_t n, size_t k, const cx_sobol_opts *opts,
                               cx_sobol_index *out, size_t *rows_used, cx_error *err);

#endif
