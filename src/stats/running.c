/* running.c - streaming mean, variance, paired differences and the
 * control-variate regression.
 *
 * Welford's update (B. P. Welford, "Note on a method for calculating
 * corrected sums of squares and products", Technometrics 4, 1962), with
 * the co-moment form for two series (T. F. Chan, G. H. Golub and R. J.
 * LeVeque, "Algorithms for computing the sample variance", The American
 * Statistician 37, 1983): each value moves the mean by its deviation / n
 * and adds the product of its deviations from the old and the new mean, so
 * no sum of squares of large numbers is ever subtracted from another.
 */
#include "cxsim/running.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

void cx_running_clear(cx_running *r)
{
    *r = (cx_running){0, 0, 0};
}

void cx_running_add(cx_running *r, double x)
{
    if (!isfinite(x))
        return;
    r->n++;
    double delta = x - r->mean;
    r->mean += delta / (double)r->n;
    r->m2 += delta * (x - r->mean);
}

double cx_running_variance(const cx_running *r)
{
    return r->n >= 2 ? r->m2 / (double)(r->n - 1) : NAN;
}

/* t_{(1+level)/2, df}: the multiplier of a two-sided interval. */
static double t_quantile(double level, double df)
{
    return gsl_cdf_tdist_Pinv(0.5 + level / 2, df);
}

double cx_running_half_width(const cx_running *r, double level)
{
    if (r->n < 2)
        return NAN;
    return t_quantile(level, (double)(r->n - 1)) * sqrt(cx_running_variance(r) / (double)r->n);
}

void cx_running_estimate(const cx_running *r, double level, cx_estimate *out)
{
    *out = (cx_estimate){NAN, NAN, NAN, NAN, r->n};
    if (r->n >= 1)
        out->mean = r->mean;
    if (r->n >= 2) {
        out->sd = sqrt(cx_running_variance(r));
        double half = cx_running_half_width(r, level);
        out->ci_low = r->mean - half;
        out->ci_high = r->mean + half;
    }
}

void cx_running_paired_add(cx_running_paired *p, double a, double b)
{
    if (!isfinite(a) || !isfinite(b))
        return;
    cx_running_add(&p->a, a);
    cx_running_add(&p->b, b);
    cx_running_add(&p->d, a - b);
}

void cx_running_paired_get(const cx_running_paired *p, double level, cx_paired *out)
{
    cx_running_estimate(&p->d, level, &out->diff);
    out->var_a = cx_running_variance(&p->a);
    out->var_b = cx_running_variance(&p->b);
    out->var_diff = cx_running_variance(&p->d);
    out->variance_reduction = out->var_diff > 0 ? (out->var_a + out->var_b) / out->var_diff
                                                : NAN;
}

void cx_running2_clear(cx_running2 *r)
{
    *r = (cx_running2){0, 0, 0, 0, 0, 0};
}

void cx_running2_add(cx_running2 *r, double x, double c)
{
    if (!isfinite(x) || !isfinite(c))
        return;
    r->n++;
    double dx = x - r->mx, dc = c - r->mc;
    r->mx += dx / (double)r->n;
    r->mc += dc / (double)r->n;
    r->sxx += dx * (x - r->mx);
    r->scc += dc * (c - r->mc);
    r->sxc += dx * (c - r->mc);     /* = (n - 1) / n dx dc */
}

/* The regression-adjusted estimate (Law, section 11.4; Nelson, "Control
 * variate remedies", Operations Research 38, 1990, eq. 3-4): with one
 * control, the residual variance has n - 2 degrees of freedom and the
 * variance of the adjusted mean is s^2 (1/n + (cbar - mu)^2 / scc). */
void cx_running2_control(const cx_running2 *r, double control_mean, double level,
                         cx_control *out)
{
    *out = (cx_control){{NAN, NAN, NAN, NAN, r->n}, NAN, NAN, NAN};
    if (r->n < 3 || !(r->scc > 0))
        return;
    double n = (double)r->n, gap = r->mc - control_mean;
    double resid = r->sxx - r->sxc * r->sxc / r->scc;
    double s2 = resid > 0 ? resid / (n - 2) : 0;
    double half = t_quantile(level, n - 2) * sqrt(s2 * (1 / n + gap * gap / r->scc));
    out->beta = r->sxc / r->scc;
    out->est.mean = r->mx - out->beta * gap;
    out->est.sd = sqrt(s2);
    out->est.ci_low = out->est.mean - half;
    out->est.ci_high = out->est.mean + half;
    if (r->sxx > 0) {
        out->rho = r->sxc / sqrt(r->sxx * r->scc);
        out->factor = out->rho * out->rho < 1 ? 1 / (1 - out->rho * out->rho) : NAN;
    }
}

double cx_running_pair_factor(const cx_running *singles, const cx_running *pair_means)
{
    double vs = cx_running_variance(singles), vp = cx_running_variance(pair_means);
    if (!isfinite(vs) || !(vp > 0))
        return NAN;
    return vs / (2 * vp);
}
