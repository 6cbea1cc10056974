/* significance.c - t-test p-values and Holm's adjustment.
 *
 * Holm, S. (1979) "A simple sequentially rejective multiple test
 * procedure", Scandinavian Journal of Statistics 6(2), 65-70; adjusted
 * p-values as in Wright, S. P. (1992) "Adjusted P-values for simultaneous
 * inference", Biometrics 48(4), 1005-1013.
 */
#include "cxsim/significance.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

double cx_significance_t_p_value(const cx_estimate *e)
{
    if (e->n < 2 || !isfinite(e->mean) || !isfinite(e->sd))
        return NAN;
    if (e->sd == 0)
        return e->mean == 0 ? 1 : 0;
    double t = fabs(e->mean) / (e->sd / sqrt((double)e->n));
    double p = 2 * gsl_cdf_tdist_Q(t, (double)(e->n - 1));
    return p < 1 ? p : 1;
}

/* Whether p[j] comes before or at p[i] when the finite p-values are sorted
 * ascending, ties in order of position. */
static int at_or_below(const double *p, size_t j, size_t i)
{
    return !isnan(p[j]) && (p[j] < p[i] || (p[j] == p[i] && j <= i));
}

void cx_significance_holm(const double *p, size_t n, double *adjusted)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += !isnan(p[i]);
    /* each p-value's own step: p(j) is multiplied by m - j + 1 = m - (the
     * number of p-values strictly before it) */
    for (size_t i = 0; i < n; i++) {
        size_t before = 0;
        for (size_t j = 0; j < n; j++)
            before += j != i && at_or_below(p, j, i);
        adjusted[i] = isnan(p[i]) ? NAN : fmin(1, (double)(m - before) * p[i]);
    }
    /* the running maximum over the steps at or below: taking it over
     * entries already replaced by their own maximum gives the same value,
     * since their "at or below" sets are contained in this one */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n && !isnan(p[i]); j++)
            if (at_or_below(p, j, i) && adjusted[j] > adjusted[i])
                adjusted[i] = adjusted[j];
}
