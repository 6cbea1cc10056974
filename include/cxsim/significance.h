/* cxsim/significance.h - significance tests over replications.
 *
 * Provides: the two-sided p-value of a one-sample (or paired) t-test from
 * an estimate, and Holm's step-down adjustment of a family of p-values,
 * which keeps the chance of any false "significant" among them at or below
 * the level (familywise error rate) without assuming independence.
 * Relies on: stats (cx_estimate), GSL (Student t tail).
 */
#ifndef CXSIM_SIGNIFICANCE_H
#define CXSIM_SIGNIFICANCE_H

#include <stddef.h>

#include "cxsim/stats.h"

/* Two-sided p-value of H0: mean = 0 for the sample e summarises (for a
 * paired comparison, e is the estimate of the differences):
 * 2 Q_t(|mean| / (sd / sqrt(n)), n - 1). NaN when n < 2 or the mean is
 * not finite; with sd = 0 (every difference the same) 1 when the mean is
 * 0, else 0. */
double cx_significance_t_p_value(const cx_estimate *e);

/* Holm's step-down adjustment (Holm 1979) of p[0..n): with the m finite
 * p-values sorted p(1) <= ... <= p(m),
 *   adjusted p(i) = max over j <= i of min(1, (m - j + 1) p(j)),
 * written to adjusted[] at each p-value's own position; NaN entries are
 * not in the family and stay NaN. Rejecting where adjusted <= alpha
 * controls the familywise error rate at alpha. Ties keep their order of
 * position. adjusted must not overlap p. Allocation-free and O(n^2): for
 * families of candidates, not of millions. */
void cx_significance_holm(const double *p, size_t n, double *adjusted);

#endif
