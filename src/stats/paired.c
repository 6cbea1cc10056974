/* paired.c - paired differences of variants run with common random numbers.
 *
 * With the same random numbers for the same customer and event, the
 * difference of two variants in one replication has far less variance than
 * that of two independent runs; the paired t interval over the
 * replications' differences is then the right confidence interval (e.g.
 * Law, "Simulation Modeling and Analysis", 5th ed., section 10.2.1 and
 * 11.2 on common random numbers). The variance reduction factor compares
 * var(a) + var(b), the variance of a difference of independent runs,
 * with the variance of the paired difference.
 */
#include "cxsim/stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_statistics_double.h>

double cx_stats_paired_difference(double a, double b)
{
    double d = a - b;
    return fabs(d) <= CX_STATS_ROUNDING * fmax(fabs(a), fabs(b)) ? 0 : d;
}

void cx_stats_paired(const double *a, const double *b, size_t stride, size_t n,
                     double level, cx_paired *out)
{
    size_t k = 0;
    *out = (cx_paired){.var_a = NAN, .var_b = NAN, .var_diff = NAN,
                       .variance_reduction = NAN};
    double *buf = calloc(3 * (n ? n : 1), sizeof *buf);   /* zeroed: k may stay 0 */
    if (!buf) {
        cx_stats_estimate(NULL, 1, 0, level, &out->diff);
        return;
    }
    double *va = buf, *vb = buf + n, *vd = buf + 2 * n;
    for (size_t i = 0; i < n; i++) {
        double x = a[i * stride], y = b[i * stride];
        if (!isfinite(x) || !isfinite(y))
            continue;
        va[k] = x;
        vb[k] = y;
        vd[k++] = cx_stats_paired_difference(x, y);
    }
    cx_stats_estimate(vd, 1, k, level, &out->diff);
    if (k >= 2) {
        out->var_a = gsl_stats_variance(va, 1, k);
        out->var_b = gsl_stats_variance(vb, 1, k);
        out->var_diff = gsl_stats_variance(vd, 1, k);
        if (out->var_diff > 0)
            out->variance_reduction = (out->var_a + out->var_b) / out->var_diff;
    }
    free(buf);
}
