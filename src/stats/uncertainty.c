/* uncertainty.c - the outer design of a two-level Monte Carlo and the
 * summary of a quantity over its draws, with the split of the spread into
 * input uncertainty and Monte Carlo noise (cxsim/uncertainty.h). */
#include "cxsim/uncertainty.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#define SOBOL_MAX_DIM 40    /* GSL 2.7's table (cxsim/design.h) */

/* splitmix64 (Steele, Lea and Flood 2014): a seed and a stream index to
 * a well-mixed word, for the digital shifts. */
static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static cx_status sobol(size_t k, size_t n, uint32_t seed, double *u, cx_error *err)
{
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)k);
    uint32_t shift[SOBOL_MAX_DIM];
    double v[SOBOL_MAX_DIM];
    if (!q)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for the Sobol' design");
    for (size_t j = 0; j < k; j++)
        shift[j] = (uint32_t)(mix(((uint64_t)seed << 8) ^ j) >> 32);
    for (size_t p = 0; p < n; p++) {
        /* the sequence from its origin, which GSL skips: the first 2^m
         * points are then a (t, m, k)-net (the shift moves the origin) */
        for (size_t j = 0; p == 0 && j < k; j++)
            v[j] = 0;
        if (p > 0)
            gsl_qrng_get(q, v);
        for (size_t j = 0; j < k; j++) {
            /* the 32 leading binary digits, XORed: a digital shift */
            uint32_t w = (uint32_t)ldexp(v[j], 32) ^ shift[j];
            u[p * k + j] = ((double)w + 0.5) / 4294967296.0;
        }
    }
    gsl_qrng_free(q);
    return CX_OK;
}

static cx_status latin(size_t k, size_t n, uint32_t seed, double *u, cx_error *err)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t *perm = malloc(n * sizeof *perm);
    if (!r || !perm) {
        gsl_rng_free(r);
        free(perm);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for the Latin hypercube");
    }
    gsl_rng_set(r, seed);
    for (size_t j = 0; j < k; j++) {
        for (size_t p = 0; p < n; p++)
            perm[p] = p;
        gsl_ran_shuffle(r, perm, n, sizeof *perm);
        for (size_t p = 0; p < n; p++)
            u[p * k + j] = ((double)perm[p] + gsl_rng_uniform_pos(r)) / (double)n;
    }
    gsl_rng_free(r);
    free(perm);
    return CX_OK;
}

int cx_uncertainty_design_is_latin(size_t k)
{
    return k > SOBOL_MAX_DIM;
}

cx_status cx_uncertainty_design(size_t k, size_t n, uint32_t seed, double *u, int *is_latin,
                                cx_error *err)
{
    if (k == 0 || n == 0)
        return cx_error_set(err, CX_ERR_USAGE, "a design needs at least one input and one "
                            "draw");
    int lh = cx_uncertainty_design_is_latin(k);
    if (is_latin)
        *is_latin = lh;
    return lh ? latin(k, n, seed, u, err) : sobol(k, n, seed, u, err);
}

void cx_uncertainty_summarise(const double *x, size_t stride, size_t n, double *work,
                              cx_uncertainty_summary *out)
{
    size_t m = 0, pos = 0, neg = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (isnan(v))
            continue;
        work[m++] = v;
        pos += v > 0;
        neg += v < 0;
    }
    out->n = m;
    if (m == 0) {
        out->mean = out->sd = out->p05 = out->p50 = out->p95 = NAN;
        out->prob_positive = out->prob_negative = NAN;
        return;
    }
    gsl_sort(work, 1, m);
    out->mean = gsl_stats_mean(work, 1, m);
    out->sd = m > 1 ? gsl_stats_sd_m(work, 1, m, out->mean) : NAN;
    out->p05 = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.05);
    out->p50 = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.50);
    out->p95 = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.95);
    out->prob_positive = (double)pos / (double)m;
    out->prob_negative = (double)neg / (double)m;
}

void cx_uncertainty_split_variance(const double *means, const double *within, size_t stride,
                                   size_t n, size_t reps, int inputs_vary,
                                   cx_uncertainty_split *out)
{
    double s = 0, ss = 0, w = 0;
    size_t m = 0, mw = 0;
    for (size_t i = 0; i < n; i++) {
        double v = means[i * stride];
        if (isnan(v))
            continue;
        s += v, ss += v * v, m++;
        if (!isnan(within[i * stride]))
            w += within[i * stride], mw++;
    }
    double mean = m ? s / (double)m : NAN;
    out->total = m > 1 ? (ss - (double)m * mean * mean) / (double)(m - 1) : NAN;
    if (out->total < 0)         /* rounding of a constant quantity */
        out->total = 0;
    out->noise = reps >= 2 && mw ? w / (double)mw / (double)reps : NAN;
    if (!inputs_vary) {
        out->input = 0;
        out->noise = out->total;
    } else {
        out->input = isnan(out->noise) ? NAN : fmax(0, out->total - out->noise);
    }
    double sum = out->input + out->noise;
    out->input_share = sum > 0 ? out->input / sum : NAN;
    out->trusted = reps >= 2 && !isnan(out->noise) && !(out->noise > out->total / 2);
}
