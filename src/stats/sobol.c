/* sobol.c - first-order and total Sobol' indices with bootstrap intervals
 * (cxsim/sobol.h).
 *
 * With f_A, f_B and f_AB^(i) the outputs at the rows of A, B and A_B^(i)
 * (A with column i from B), over the n rows j:
 *   f0, V  = mean and variance of the 2n values f_A(j), f_B(j) (divisor 2n)
 *   S_i    = (1/n) sum_j (f_B(j) - f0) (f_AB^(i)(j) - f_A(j)) / V
 *                                    (Saltelli et al. 2010, Table 2 (b))
 *   S_Ti   = (1/2n) sum_j (f_A(j) - f_AB^(i)(j))^2 / V
 *                                    (Jansen 1999; Saltelli et al. 2010, (f))
 * S_i is Saltelli's estimator of the output centred on f0: since
 * E[f_AB^(i) - f_A] = 0, centring leaves its expectation, and removes the
 * term f0 mean(f_AB^(i) - f_A), whose variance grows as f0^2 and swamps
 * the estimate for outputs far from 0 (NPS around -40 or 30, revenue in
 * the millions; docs/analysis.md shows the difference). Both
 * numerators multiply differences f_AB^(i) - f_A, so a parameter that does
 * not change the output at all gets exactly 0.
 */
#include "cxsim/sobol.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

typedef struct sobol_data {
    const double *y_a, *y_b, *y_ab;
    size_t n, k;
} sobol_data;

/* Mean and variance of f_A and f_B together over the rows rows[0..m). */
static double total_variance(const sobol_data *d, const size_t *rows, size_t m, double *mean)
{
    double mu = 0, ss = 0;
    for (size_t r = 0; r < m; r++)
        mu += d->y_a[rows[r]] + d->y_b[rows[r]];
    mu /= 2.0 * (double)m;
    for (size_t r = 0; r < m; r++) {
        double a = d->y_a[rows[r]] - mu, b = d->y_b[rows[r]] - mu;
        ss += a * a + b * b;
    }
    *mean = mu;
    return ss / (2.0 * (double)m);
}

/* S_i and S_Ti of every parameter over rows[0..m) into first[], total[];
 * returns 0, or -1 when the variance is zero. */
static int indices(const sobol_data *d, const size_t *rows, size_t m, double *first,
                   double *total)
{
    double f0, v = total_variance(d, rows, m, &f0);
    if (!(v > 0))
        return -1;
    for (size_t i = 0; i < d->k; i++) {
        const double *ab = &d->y_ab[i * d->n];
        double s1 = 0, st = 0;
        for (size_t r = 0; r < m; r++) {
            size_t j = rows[r];
            double diff = ab[j] - d->y_a[j];
            s1 += (d->y_b[j] - f0) * diff;
            st += diff * diff;
        }
        first[i] = s1 / (double)m / v;
        total[i] = st / (2.0 * (double)m) / v;
    }
    return 0;
}

/* The rows whose outputs are all finite, into rows; returns their count. */
static size_t usable_rows(const sobol_data *d, size_t *rows)
{
    size_t m = 0;
    for (size_t j = 0; j < d->n; j++) {
        int ok = isfinite(d->y_a[j]) && isfinite(d->y_b[j]);
        for (size_t i = 0; ok && i < d->k; i++)
            ok = isfinite(d->y_ab[i * d->n + j]);
        if (ok)
            rows[m++] = j;
    }
    return m;
}

/* The percentile interval of x[0..m) (sorted in place) at level. */
static void percentile(double *x, size_t m, double level, double *lo, double *hi)
{
    if (m == 0) {
        *lo = *hi = NAN;
        return;
    }
    gsl_sort(x, 1, m);
    *lo = gsl_stats_quantile_from_sorted_data(x, 1, m, (1 - level) / 2);
    *hi = gsl_stats_quantile_from_sorted_data(x, 1, m, (1 + level) / 2);
}

/* Bootstrap resamples of the m kept rows: reps_first[b k + i] and
 * reps_total[b k + i] for the *kept resamples b. */
static cx_status resample(const sobol_data *d, const size_t *rows, size_t m,
                          const cx_sobol_opts *o, double *reps_first, double *reps_total,
                          size_t *kept, cx_error *err)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    size_t *draw = malloc(m * sizeof *draw);
    if (!g || !draw) {
        gsl_rng_free(g);
        free(draw);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for the bootstrap");
    }
    gsl_rng_set(g, o->seed);
    *kept = 0;
    for (size_t b = 0; b < o->bootstrap; b++) {
        for (size_t r = 0; r < m; r++)
            draw[r] = rows[gsl_rng_uniform_int(g, m)];
        size_t at = *kept * d->k;
        if (indices(d, draw, m, &reps_first[at], &reps_total[at]) == 0)
            ++*kept;
    }
    gsl_rng_free(g);
    free(draw);
    return CX_OK;
}

/* Intervals of every parameter from the kept resamples. */
static cx_status intervals(const sobol_data *d, const double *rf, const double *rt,
                           size_t kept, double level, cx_sobol_index *out, cx_error *err)
{
    double *col = malloc((kept ? kept : 1) * sizeof *col);
    if (!col)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for the bootstrap");
    for (size_t i = 0; i < d->k; i++) {
        for (size_t b = 0; b < kept; b++)
            col[b] = rf[b * d->k + i];
        percentile(col, kept, level, &out[i].first_low, &out[i].first_high);
        for (size_t b = 0; b < kept; b++)
            col[b] = rt[b * d->k + i];
        percentile(col, kept, level, &out[i].total_low, &out[i].total_high);
    }
    free(col);
    return CX_OK;
}

static void set_nan(cx_sobol_index *out, size_t k)
{
    for (size_t i = 0; i < k; i++)
        out[i] = (cx_sobol_index){NAN, NAN, NAN, NAN, NAN, NAN};
}

/* The bootstrap intervals of out[0..k) from the m rows. */
static cx_status bootstrap(const sobol_data *d, const size_t *rows, size_t m,
                           const cx_sobol_opts *o, cx_sobol_index *out, cx_error *err)
{
    if (o->bootstrap > SIZE_MAX / sizeof(double) / d->k)
        return cx_error_set(err, CX_ERR_NOMEM, "too many bootstrap resamples");
    double *rf = malloc(o->bootstrap * d->k * sizeof *rf);
    double *rt = malloc(o->bootstrap * d->k * sizeof *rt);
    size_t kept = 0;
    cx_status st = rf && rt ? CX_OK
                 : cx_error_set(err, CX_ERR_NOMEM, "out of memory for the bootstrap");
    if (st == CX_OK)
        st = resample(d, rows, m, o, rf, rt, &kept, err);
    if (st == CX_OK)
        st = intervals(d, rf, rt, kept, o->level, out, err);
    free(rf);
    free(rt);
    return st;
}

cx_status cx_sobol_indices(const double *y_a, const double *y_b, const double *y_ab,
                               size_t n, size_t k, const cx_sobol_opts *opts,
                               cx_sobol_index *out, size_t *rows_used, cx_error *err)
{
    if (k == 0 || !(opts->level > 0 && opts->level < 1))
        return cx_error_set(err, CX_ERR_USAGE, "Sobol' indices need a parameter or more "
                            "and a confidence level in (0,1)");
    const sobol_data d = {y_a, y_b, y_ab, n, k};
    size_t *rows = malloc((n ? n : 1) * sizeof *rows);
    double *first = malloc(k * sizeof *first), *total = malloc(k * sizeof *total);
    cx_status st = rows && first && total ? CX_OK
                 : cx_error_set(err, CX_ERR_NOMEM, "out of memory for Sobol' indices");
    set_nan(out, k);
    size_t m = st == CX_OK ? usable_rows(&d, rows) : 0;
    if (rows_used)
        *rows_used = m;
    if (st == CX_OK && m >= 2 && indices(&d, rows, m, first, total) == 0) {
        for (size_t i = 0; i < k; i++) {
            out[i].first = first[i];
            out[i].total = total[i];
        }
        if (opts->bootstrap)
            st = bootstrap(&d, rows, m, opts, out, err);
    }
    free(rows);
    free(first);
    free(total);
    return st;
}
