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
    cx_running_add(&p->d, cx_stats_paired_difference(a, b));
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

void cx_running_cv_clear(cx_running_cv *r, size_t q)
{
    *r = (cx_running_cv){.q = q < 1 ? 1 : (q > CX_RUNNING_CONTROLS ? CX_RUNNING_CONTROLS : q)};
}

void cx_running_cv_add(cx_running_cv *r, double y, const double *c)
{
    double x[1 + CX_RUNNING_CONTROLS], d[1 + CX_RUNNING_CONTROLS];
    size_t dim = 1 + r->q;
    x[0] = y;
    for (size_t j = 0; j < r->q; j++)
        x[1 + j] = c[j];
    for (size_t i = 0; i < dim; i++)
        if (!isfinite(x[i]))
            return;
    r->n++;
    for (size_t i = 0; i < dim; i++) {
        d[i] = x[i] - r->mean[i];
        r->mean[i] += d[i] / (double)r->n;
    }
    /* Welford's co-moment update: old deviation times new deviation */
    for (size_t i = 0; i < dim; i++)
        for (size_t j = 0; j < dim; j++)
            r->s[i][j] += d[i] * (x[j] - r->mean[j]);
}

/* The controls to use: those that vary, less the second of a collinear
 * pair (determinant below 1e-12 of the product of the variances). */
static size_t pick_controls(const cx_running_cv *r, size_t *use)
{
    size_t k = 0;
    for (size_t j = 1; j <= r->q; j++)
        if (r->s[j][j] > 0)
            use[k++] = j;
    if (k == 2) {
        double a = r->s[use[0]][use[0]], b = r->s[use[1]][use[1]], c = r->s[use[0]][use[1]];
        if (a * b - c * c <= 1e-12 * a * b)
            k = 1;
    }
    return k;
}

/* Scc^-1 of the k <= 2 controls used, as a 2 x 2 array. */
static void inverse(const cx_running_cv *r, const size_t *use, size_t k, double inv[2][2])
{
    if (k == 1) {
        inv[0][0] = 1 / r->s[use[0]][use[0]];
        return;
    }
    double a = r->s[use[0]][use[0]], b = r->s[use[1]][use[1]], c = r->s[use[0]][use[1]];
    double det = a * b - c * c;
    inv[0][0] = b / det;
    inv[1][1] = a / det;
    inv[0][1] = inv[1][0] = -c / det;
}

/* The regression-adjusted estimate (Law, section 11.4; Nelson, "Control
 * variate remedies", Operations Research 38, 1990): with k controls the
 * residual variance has n - k - 1 degrees of freedom and the adjusted mean
 * the variance s^2 (1/n + g' Scc^-1 g). */
void cx_running_cv_estimate(const cx_running_cv *r, const double *mu, double level,
                            cx_control *out)
{
    size_t use[CX_RUNNING_CONTROLS], k = pick_controls(r, use);
    double inv[2][2], g[2], n = (double)r->n;
    *out = (cx_control){{NAN, NAN, NAN, NAN, r->n}, {NAN, NAN}, k, NAN, NAN};
    if (k == 0 || r->n < k + 2)
        return;
    inverse(r, use, k, inv);
    double yhat = r->mean[0], explained = 0, quad = 0;
    for (size_t a = 0; a < k; a++) {
        double beta = 0;
        for (size_t b = 0; b < k; b++)
            beta += inv[a][b] * r->s[use[b]][0];
        out->beta[use[a] - 1] = beta;
        g[a] = r->mean[use[a]] - mu[use[a] - 1];
        yhat -= beta * g[a];
        explained += beta * r->s[use[a]][0];
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            quad += g[a] * inv[a][b] * g[b];
    double resid = r->s[0][0] - explained, df = n - (double)k - 1;
    double s2 = resid > 0 ? resid / df : 0;
    double half = t_quantile(level, df) * sqrt(s2 * (1 / n + quad));
    out->est = (cx_estimate){yhat, sqrt(s2), yhat - half, yhat + half, r->n};
    if (r->s[0][0] > 0) {
        out->r2 = explained / r->s[0][0];
        out->r2 = out->r2 < 0 ? 0 : (out->r2 > 1 ? 1 : out->r2);
        out->factor = out->r2 < 1 ? 1 / (1 - out->r2) : NAN;
    }
}

double cx_running_pair_factor(const cx_running *singles, const cx_running *pair_means)
{
    double vs = cx_running_variance(singles), vp = cx_running_variance(pair_means);
    if (!isfinite(vs) || !(vp > 0))
        return NAN;
    return vs / (2 * vp);
}
