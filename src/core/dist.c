/* dist.c - distributions of uncertain inputs: checks, quantiles, means.
 *
 * Quantiles come from GSL's inverse cumulative distribution functions
 * (gsl_cdf_ugaussian_Pinv; the beta by bisection on gsl_cdf_beta_P); a truncated distribution
 * maps u to F^-1(F(lo) + u (F(hi) - F(lo))) (Devroye 1986, "Non-Uniform
 * Random Variate Generation", II.2.1, inversion). The means of the
 * truncated normal and lognormal are the closed forms of Johnson, Kotz and
 * Balakrishnan (1994), "Continuous Univariate Distributions" vol. 1,
 * eq. 13.134 and section 14.3. A Dirichlet is drawn by stick-breaking
 * from conditional betas (Connor and Mosimann 1969, "Concepts of
 * independence for proportions with a generalization of the Dirichlet
 * distribution", JASA 64; Devroye 1986, XI.4), each by inversion, so that
 * a design of n - 1 uniforms maps to the simplex with no rejection and no
 * gamma quantile (whose GSL inverse does not always converge).
 */
#include "cxsim/dist.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

static const char *const names[] = {"uniform", "triangular", "normal", "lognormal", "beta",
                                    "discrete", "dirichlet"};

const char *cx_dist_name(cx_dist_kind kind)
{
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}

int cx_dist_from_name(const char *name, cx_dist_kind *out)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (cx_dist_kind)i;
            return 0;
        }
    return -1;
}

/* The log-scale location and scale of a lognormal with mean m and sd s. */
static void log_params(const cx_dist *d, double *mu, double *sigma)
{
    double cv = d->p[1] / d->p[0];
    double s2 = log1p(cv * cv);
    *sigma = sqrt(s2);
    *mu = log(d->p[0]) - s2 / 2;
}

/* The standardised truncation points of a normal or lognormal. */
static void std_bounds(const cx_dist *d, double *alpha, double *beta)
{
    if (d->kind == CX_DIST_NORMAL) {
        *alpha = (d->lo - d->p[0]) / d->p[1];
        *beta = (d->hi - d->p[0]) / d->p[1];
        return;
    }
    double mu, sigma;
    log_params(d, &mu, &sigma);
    *alpha = d->lo > 0 ? (log(d->lo) - mu) / sigma : -INFINITY;
    *beta = isfinite(d->hi) ? (log(d->hi) - mu) / sigma : INFINITY;
}

static double mass(const cx_dist *d)
{
    double a, b;
    std_bounds(d, &a, &b);
    /* P(a < Z < b), from the upper tail when both lie above 0 (no cancellation) */
    return a > 0 ? gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b)
                 : gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
}

static cx_status check_discrete(const cx_dist *d, cx_error *err)
{
    if (d->n < 1 || d->n > CX_DIST_MAX_VALUES)
        return cx_error_set(err, CX_ERR_INPUT, "discrete takes 1 to %d values, got %zu",
                            CX_DIST_MAX_VALUES, d->n);
    for (size_t i = 0; i < d->n; i++) {
        if (!isfinite(d->values[i]))
            return cx_error_set(err, CX_ERR_INPUT, "value %zu is not finite", i + 1);
        if (!isfinite(d->weights[i]) || !(d->weights[i] > 0))
            return cx_error_set(err, CX_ERR_INPUT, "weight %zu must be above 0, got %g", i + 1,
                                d->weights[i]);
    }
    return CX_OK;
}

static cx_status check_dirichlet(const cx_dist *d, cx_error *err)
{
    if (d->n < 2 || d->n > CX_DIST_MAX_VALUES)
        return cx_error_set(err, CX_ERR_INPUT, "a dirichlet takes 2 to %d concentrations, "
                            "got %zu", CX_DIST_MAX_VALUES, d->n);
    for (size_t i = 0; i < d->n; i++)
        if (!isfinite(d->values[i]) || !(d->values[i] > 0))
            return cx_error_set(err, CX_ERR_INPUT, "concentration %zu must be above 0, got %g",
                                i + 1, d->values[i]);
    if (!(d->p[0] >= 0 && d->p[0] < (double)d->n) || d->p[0] != floor(d->p[0]))
        return cx_error_set(err, CX_ERR_INPUT, "coordinate %g is not one of its %zu", d->p[0],
                            d->n);
    return CX_OK;
}

static cx_status check_truncated(const cx_dist *d, cx_error *err)
{
    if (!(d->p[1] > 0))
        return cx_error_set(err, CX_ERR_INPUT, "sd must be above 0, got %g", d->p[1]);
    if (d->kind == CX_DIST_LOGNORMAL && !(d->p[0] > 0))
        return cx_error_set(err, CX_ERR_INPUT, "a lognormal's mean must be above 0, got %g",
                            d->p[0]);
    if (isnan(d->lo) || isnan(d->hi) || !(d->lo < d->hi))
        return cx_error_set(err, CX_ERR_INPUT, "the range [%g, %g] it is truncated to is "
                            "empty", d->lo, d->hi);
    if (!(mass(d) >= 1e-9))
        return cx_error_set(err, CX_ERR_INPUT, "mean %g, sd %g leaves almost nothing in "
                            "[%g, %g]", d->p[0], d->p[1], d->lo, d->hi);
    return CX_OK;
}

cx_status cx_dist_check(const cx_dist *d, cx_error *err)
{
    const double *p = d->p;
    size_t np = d->kind == CX_DIST_TRIANGULAR ? 3
                : d->kind == CX_DIST_DISCRETE || d->kind == CX_DIST_DIRICHLET ? 0 : 2;
    for (size_t i = 0; i < np; i++)
        if (!isfinite(p[i]))
            return cx_error_set(err, CX_ERR_INPUT, "parameter %zu is not a finite number",
                                i + 1);
    switch (d->kind) {
    case CX_DIST_UNIFORM:
        return p[0] < p[1] ? CX_OK : cx_error_set(err, CX_ERR_INPUT, "low (%g) must be below "
                                                  "high (%g)", p[0], p[1]);
    case CX_DIST_TRIANGULAR:
        if (!(p[0] < p[2]) || p[1] < p[0] || p[1] > p[2])
            return cx_error_set(err, CX_ERR_INPUT, "needs low <= mode <= high with low < "
                                "high, got (%g, %g, %g)", p[0], p[1], p[2]);
        return CX_OK;
    case CX_DIST_NORMAL:
    case CX_DIST_LOGNORMAL:
        return check_truncated(d, err);
    case CX_DIST_BETA:
        return p[0] > 0 && p[1] > 0 ? CX_OK
                                    : cx_error_set(err, CX_ERR_INPUT, "a and b must be above "
                                                   "0, got a = %g, b = %g", p[0], p[1]);
    case CX_DIST_DISCRETE:
        return check_discrete(d, err);
    case CX_DIST_DIRICHLET:
        return check_dirichlet(d, err);
    }
    return cx_error_set(err, CX_ERR_INPUT, "unknown distribution");
}

cx_status cx_dist_beta_moments(double mean, double sd, double *a, double *b, cx_error *err)
{
    if (!(mean > 0 && mean < 1))
        return cx_error_set(err, CX_ERR_INPUT, "a beta's mean must be in (0, 1), got %g",
                            mean);
    if (!(sd > 0))
        return cx_error_set(err, CX_ERR_INPUT, "sd must be above 0, got %g", sd);
    double v = mean * (1 - mean);
    if (!(sd * sd < v))
        return cx_error_set(err, CX_ERR_INPUT, "no beta has mean %g and sd %g: sd must be "
                            "below sqrt(mean (1 - mean)) = %.4g", mean, sd, sqrt(v));
    double k = v / (sd * sd) - 1;
    *a = mean * k;
    *b = (1 - mean) * k;
    return CX_OK;
}

static int by_value(const void *x, const void *y)
{
    const double *a = x, *b = y;
    return (*a > *b) - (*a < *b);
}

cx_status cx_dist_discrete_finish(cx_dist *d, cx_error *err)
{
    cx_status st = check_discrete(d, err);
    if (st != CX_OK)
        return st;
    double pairs[CX_DIST_MAX_VALUES][2], total = 0;
    for (size_t i = 0; i < d->n; i++) {
        pairs[i][0] = d->values[i];
        pairs[i][1] = d->weights[i];
    }
    qsort(pairs, d->n, sizeof pairs[0], by_value);
    for (size_t i = 0; i < d->n; i++) {
        if (i > 0 && pairs[i][0] == pairs[i - 1][0])
            return cx_error_set(err, CX_ERR_INPUT, "value %g is listed twice", pairs[i][0]);
        total += pairs[i][1];
    }
    for (size_t i = 0; i < d->n; i++) {
        d->values[i] = pairs[i][0];
        d->weights[i] = pairs[i][1] / total;
    }
    return CX_OK;
}

static double triangular_quantile(const double *p, double u)
{
    double w = p[2] - p[0], fc = (p[1] - p[0]) / w;
    if (u < fc)
        return p[0] + sqrt(u * w * (p[1] - p[0]));
    return p[2] - sqrt((1 - u) * w * (p[2] - p[1]));
}

static double truncated_quantile(const cx_dist *d, double u)
{
    double a, b;
    std_bounds(d, &a, &b);
    double fa = gsl_cdf_ugaussian_P(a), fb = gsl_cdf_ugaussian_P(b);
    double z = gsl_cdf_ugaussian_Pinv(fa + u * (fb - fa));
    if (!isfinite(z))       /* u at an open end: the end itself */
        z = u < 0.5 ? a : b;
    double x;
    if (d->kind == CX_DIST_NORMAL) {
        x = d->p[0] + d->p[1] * z;
    } else {
        double mu, sigma;
        log_params(d, &mu, &sigma);
        x = exp(mu + sigma * z);
    }
    /* rounding must not step outside the range a value is checked against */
    return x < d->lo ? d->lo : x > d->hi ? d->hi : x;
}

static double discrete_quantile(const cx_dist *d, double u)
{
    double cum = 0;
    for (size_t i = 0; i + 1 < d->n; i++) {
        cum += d->weights[i];
        if (u < cum)
            return d->values[i];
    }
    return d->values[d->n - 1];
}

/* Beta(a, b)'s quantile by bisection on its distribution function:
 * gsl_cdf_beta_Pinv fails to converge (NaN, or an abort under GSL's default
 * handler) for shapes a fit gives, such as Beta(0.5, 242.5) at 0.975.
 * gsl_cdf_beta_P is monotone and accurate, so halving [lo, hi] until it is
 * narrower than a few ulps of hi always lands (at most about 1,100 halvings
 * down to the smallest double; a few dozen for usual quantiles). */
static double beta_quantile(double u, double a, double b)
{
    if (!(u > 0))
        return 0;
    if (!(u < 1))
        return 1;
    double lo = 0, hi = 1;
    for (int i = 0; i < 1200 && hi - lo > 4 * DBL_EPSILON * hi; i++) {
        double mid = lo + (hi - lo) / 2;
        if (gsl_cdf_beta_P(mid, a, b) < u)
            lo = mid;
        else
            hi = mid;
    }
    return lo + (hi - lo) / 2;
}

/* Coordinate c of a Dirichlet: its index and its Beta marginal's shapes. */
static size_t coordinate(const cx_dist *d, double *a, double *b)
{
    size_t c = (size_t)d->p[0];
    double total = 0;
    for (size_t i = 0; i < d->n; i++)
        total += d->values[i];
    *a = d->values[c];
    *b = total - d->values[c];
    return c;
}

/* Beta(a, b)'s quantile by Newton's method on the distribution function,
 * kept inside a bracket that every step narrows (a step leaving it is a
 * halving instead), so it lands where the bisection above does, in about
 * ten evaluations instead of sixty: a Dirichlet's draw takes up to n - 1
 * of them per coordinate, n coordinates per draw. */
static double beta_quantile_newton(double u, double a, double b)
{
    if (!(u > 0))
        return 0;
    if (!(u < 1))
        return 1;
    double lo = 0, hi = 1, x = a / (a + b);
    for (int i = 0; i < 1200; i++) {
        double f = gsl_cdf_beta_P(x, a, b) - u;
        if (f == 0)
            return x;
        if (f < 0)
            lo = x;
        else
            hi = x;
        double pdf = gsl_ran_beta_pdf(x, a, b);
        double next = pdf > 0 && isfinite(pdf) ? x - f / pdf : NAN;
        if (!(next > lo && next < hi))
            next = lo + (hi - lo) / 2;
        if (fabs(next - x) <= 4 * DBL_EPSILON * next || hi - lo <= 4 * DBL_EPSILON * hi)
            return next;
        x = next;
    }
    return x;
}

double cx_dist_quantile(const cx_dist *d, double u)
{
    double a, b;
    switch (d->kind) {
    case CX_DIST_UNIFORM:
        return d->p[0] + u * (d->p[1] - d->p[0]);
    case CX_DIST_TRIANGULAR:
        return triangular_quantile(d->p, u);
    case CX_DIST_NORMAL:
    case CX_DIST_LOGNORMAL:
        return truncated_quantile(d, u);
    case CX_DIST_BETA:
        return beta_quantile(u, d->p[0], d->p[1]);
    case CX_DIST_DISCRETE:
        return discrete_quantile(d, u);
    case CX_DIST_DIRICHLET:
        coordinate(d, &a, &b);
        return beta_quantile_newton(u, a, b);
    }
    return NAN;
}

size_t cx_dist_dims(const cx_dist *d)
{
    return d->kind == CX_DIST_DIRICHLET ? d->n - 1 : 1;
}

double cx_dist_draw(const cx_dist *d, const double *u)
{
    if (d->kind != CX_DIST_DIRICHLET)
        return cx_dist_quantile(d, u[0]);
    size_t c = (size_t)d->p[0];
    double rest = 0, left = 1;      /* rest: the concentrations after stick j */
    for (size_t i = 0; i < d->n; i++)
        rest += d->values[i];
    for (size_t j = 0; j + 1 < d->n; j++) {
        rest -= d->values[j];
        double bj = beta_quantile_newton(u[j], d->values[j], rest);
        if (j == c)
            return left * bj;
        left *= 1 - bj;
    }
    return left;                    /* the last coordinate: what the sticks leave */
}

static double truncated_mean(const cx_dist *d)
{
    double a, b, z = mass(d);
    std_bounds(d, &a, &b);
    if (d->kind == CX_DIST_NORMAL) {
        double pa = isfinite(a) ? exp(-a * a / 2) : 0, pb = isfinite(b) ? exp(-b * b / 2) : 0;
        return d->p[0] + d->p[1] * (pa - pb) / (2.5066282746310002 * z)   /* sqrt(2 pi) */;
    }
    double mu, sigma;
    log_params(d, &mu, &sigma);
    double top = gsl_cdf_ugaussian_P(b - sigma) - gsl_cdf_ugaussian_P(a - sigma);
    return exp(mu + sigma * sigma / 2) * top / z;
}

double cx_dist_mean(const cx_dist *d)
{
    double m = 0;
    switch (d->kind) {
    case CX_DIST_UNIFORM:
        return (d->p[0] + d->p[1]) / 2;
    case CX_DIST_TRIANGULAR:
        return (d->p[0] + d->p[1] + d->p[2]) / 3;
    case CX_DIST_NORMAL:
    case CX_DIST_LOGNORMAL:
        return truncated_mean(d);
    case CX_DIST_BETA:
        return d->p[0] / (d->p[0] + d->p[1]);
    case CX_DIST_DISCRETE:
        for (size_t i = 0; i < d->n; i++)
            m += d->weights[i] * d->values[i];
        return m;
    case CX_DIST_DIRICHLET: {
        double a, b;
        coordinate(d, &a, &b);
        return a / (a + b);
    }
    }
    return NAN;
}

void cx_dist_support(const cx_dist *d, double *lo, double *hi)
{
    switch (d->kind) {
    case CX_DIST_UNIFORM:
        *lo = d->p[0], *hi = d->p[1];
        return;
    case CX_DIST_TRIANGULAR:
        *lo = d->p[0], *hi = d->p[2];
        return;
    case CX_DIST_NORMAL:
        *lo = d->lo, *hi = d->hi;
        return;
    case CX_DIST_LOGNORMAL:
        *lo = d->lo > 0 ? d->lo : 0, *hi = d->hi;
        return;
    case CX_DIST_BETA:
    case CX_DIST_DIRICHLET:
        *lo = 0, *hi = 1;
        return;
    case CX_DIST_DISCRETE:
        *lo = d->values[0], *hi = d->values[d->n - 1];
        return;
    }
}

int cx_dist_degenerate(const cx_dist *d)
{
    return d->kind == CX_DIST_DISCRETE && d->n == 1;
}

void cx_dist_format(const cx_dist *d, char *buf, size_t size)
{
    size_t used = 0;
    int n = 0;
    switch (d->kind) {
    case CX_DIST_UNIFORM:
    case CX_DIST_BETA:
        n = snprintf(buf, size, "%s(%.6g, %.6g)", cx_dist_name(d->kind), d->p[0], d->p[1]);
        break;
    case CX_DIST_TRIANGULAR:
        n = snprintf(buf, size, "triangular(%.6g, %.6g, %.6g)", d->p[0], d->p[1], d->p[2]);
        break;
    case CX_DIST_NORMAL:
    case CX_DIST_LOGNORMAL:
        n = snprintf(buf, size, "%s(%.6g, %.6g)", cx_dist_name(d->kind), d->p[0], d->p[1]);
        if (n >= 0 && (size_t)n < size && (isfinite(d->lo) || isfinite(d->hi)))
            n += snprintf(buf + n, size - (size_t)n, " in [%.6g, %.6g]", d->lo, d->hi);
        break;
    case CX_DIST_DISCRETE:
        n = snprintf(buf, size, "discrete{");
        for (size_t i = 0; i < d->n && n >= 0 && (size_t)n < size; i++)
            n += snprintf(buf + n, size - (size_t)n, "%s%.6g: %.4g", i ? ", " : "",
                          d->values[i], d->weights[i]);
        if (n >= 0 && (size_t)n < size)
            n += snprintf(buf + n, size - (size_t)n, "}");
        break;
    case CX_DIST_DIRICHLET:
        /* the coordinate's index (1-based) among the concentrations */
        n = snprintf(buf, size, "dirichlet coordinate %zu of (", (size_t)d->p[0] + 1);
        for (size_t i = 0; i < d->n && n >= 0 && (size_t)n < size; i++)
            n += snprintf(buf + n, size - (size_t)n, "%s%.6g", i ? ", " : "", d->values[i]);
        if (n >= 0 && (size_t)n < size)
            n += snprintf(buf + n, size - (size_t)n, ")");
        break;
    }
    used = n < 0 ? 0 : (size_t)n;
    if (d->tie[0] && used < size)
        snprintf(buf + used, size - used, " tie \"%s\"", d->tie);
}
