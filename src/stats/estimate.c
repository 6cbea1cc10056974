/* estimate.c - mean, sd and Student-t confidence interval over replications
 * (the usual independent-replications estimator; e.g. Law, "Simulation
 * Modeling and Analysis", 5th ed., section 9.4.1). */
#include "cxsim/stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

/* Copies the finite values of x into a new array; returns their count. */
static size_t finite_values(const double *x, size_t stride, size_t n, double **out)
{
    size_t k = 0;
    double *v = malloc((n ? n : 1) * sizeof *v);
    *out = v;
    if (!v)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i * stride]))
            v[k++] = x[i * stride];
    return k;
}

void cx_stats_estimate(const double *x, size_t stride, size_t n, double level,
                       cx_estimate *out)
{
    double *v;
    size_t k = finite_values(x, stride, n, &v);
    *out = (cx_estimate){NAN, NAN, NAN, NAN, k};
    if (k >= 1)
        out->mean = gsl_stats_mean(v, 1, k);
    if (k >= 2) {
        out->sd = gsl_stats_sd_m(v, 1, k, out->mean);
        double half = gsl_cdf_tdist_Pinv(0.5 + level / 2, (double)(k - 1)) * out->sd /
                      sqrt((double)k);
        out->ci_low = out->mean - half;
        out->ci_high = out->mean + half;
    }
    free(v);
}
