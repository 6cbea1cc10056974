/* sensitivity.c - which parameters move the outcome most (run.h): a
 * one-at-a-time tornado (each parameter at its low and its high value, the
 * others at the scenario's) and variance-based global indices
 * (first-order and total Sobol' indices over Saltelli's design), every
 * evaluation a mean over replications with common random numbers.
 * docs/analysis.md gives the method and its references. */
#include "cxsim/run.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Tornado points: 0 the scenario as it is, 1 + 2q parameter q at low,
 * 2 + 2q at high. Then the global rows: matrix c (0 A, 1 B, 2 + q A_B^(q))
 * of row j at 2k + 1 + j (k + 2) + c. */
static size_t tornado_points(const cx_run_sensitivity_study *s)
{
    return 2 * s->in.k + 1;
}

size_t cx_run_sensitivity_points(size_t k, size_t samples)
{
    return 2 * k + 1 + samples * (k + 2);
}

static cx_status alloc_sens(cx_run_sensitivity_study *s, cx_error *err)
{
    double lo[CX_RUN_MAX_PARAMS], hi[CX_RUN_MAX_PARAMS];
    for (size_t q = 0; q < s->in.k; q++) {
        lo[q] = s->in.params[q].lo;
        hi[q] = s->in.params[q].hi;
    }
    size_t n = s->samples, nm = s->in.n_metrics;
    s->a = malloc(n * s->in.k * sizeof *s->a);
    s->b = malloc(n * s->in.k * sizeof *s->b);
    s->tornado = malloc(tornado_points(s) * nm * s->reps * sizeof *s->tornado);
    s->y = malloc(nm * (s->in.k + 2) * n * sizeof *s->y);
    s->idx = malloc(nm * s->in.k * sizeof *s->idx);
    s->rows = malloc(nm * sizeof *s->rows);
    s->bars = malloc(nm * s->in.k * sizeof *s->bars);
    if (!s->a || !s->b || !s->tornado || !s->y || !s->idx || !s->rows || !s->bars)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu samples", n);
    return cx_design_saltelli(s->design, s->in.k, n, lo, hi, s->a, s->b, err);
}

/* The parameter values of point p into x; returns how many to set (0 for
 * the scenario as it is, 1 for a tornado point, k for a global one). */
static size_t point_values(const cx_run_sensitivity_study *s, size_t p, double *x, size_t *first)
{
    *first = 0;
    if (p == 0)
        return 0;
    if (p < tornado_points(s)) {
        *first = (p - 1) / 2;
        x[*first] = p % 2 ? s->in.params[*first].lo : s->in.params[*first].hi;
        return 1;
    }
    size_t g = p - tornado_points(s), j = g / (s->in.k + 2), c = g % (s->in.k + 2);
    const double *ra = &s->a[j * s->in.k], *rb = &s->b[j * s->in.k];
    if (c < 2)
        memcpy(x, c == 0 ? ra : rb, s->in.k * sizeof *x);
    else
        cx_design_saltelli_row(s->in.k, ra, rb, c - 2, x);
    return s->in.k;
}

static cx_status set_point(void *ctx, size_t p, cx_model *m, cx_error *err)
{
    const cx_run_sensitivity_study *s = ctx;
    double x[CX_RUN_MAX_PARAMS];
    size_t first, n = point_values(s, p, x, &first);
    return cx_run_apply_point(m, &s->in.params[first], n, &x[first], p, err);
}

static cx_status take_point(void *ctx, size_t p, const double *values, size_t reps,
                            cx_error *err)
{
    cx_run_sensitivity_study *s = ctx;
    if (reps != s->reps)        /* the arrays were sized before the run */
        return cx_error_set(err, CX_ERR_SIM, "design point %zu: %zu replications, %zu "
                            "expected", p + 1, reps, s->reps);
    for (size_t i = 0; i < s->in.n_metrics; i++) {
        const double *v = values + s->in.metrics[i];
        if (p < tornado_points(s)) {
            for (size_t r = 0; r < reps; r++)
                s->tornado[(p * s->in.n_metrics + i) * s->reps + r] = v[r * CX_METRIC_COUNT];
            continue;
        }
        size_t g = p - tornado_points(s), j = g / (s->in.k + 2), c = g % (s->in.k + 2);
        cx_estimate e;
        cx_stats_estimate(v, CX_METRIC_COUNT, reps, CX_RUN_LEVEL, &e);
        s->y[(i * (s->in.k + 2) + c) * s->samples + j] = e.mean;
    }
    return CX_OK;
}

static cx_status global_indices(cx_run_sensitivity_study *s, uint32_t seed, cx_error *err)
{
    cx_sobol_opts so = {.bootstrap = s->bootstrap, .level = CX_RUN_LEVEL, .seed = seed};
    size_t n = s->samples;
    for (size_t i = 0; i < s->in.n_metrics; i++) {
        const double *y = &s->y[i * (s->in.k + 2) * n];
        cx_status st = cx_sobol_indices(y, y + n, y + 2 * n, n, s->in.k, &so,
                                            &s->idx[i * s->in.k], &s->rows[i], err);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

/* ---- tornado ---------------------------------------------------------------- */

static const double *tornado_values(const cx_run_sensitivity_study *s, size_t p, size_t i)
{
    return &s->tornado[(p * s->in.n_metrics + i) * s->reps];
}

static int by_swing(const void *x, const void *y)
{
    const cx_run_tornado_bar *a = x, *b = y;
    double u = fabs(a->swing.diff.mean), v = fabs(b->swing.diff.mean);
    if (isnan(u) != isnan(v))
        return isnan(u) ? 1 : -1;      /* undefined swings last */
    if (u != v && !isnan(u))
        return u > v ? -1 : 1;
    return a->q < b->q ? -1 : a->q > b->q;
}

/* The bars of metric i, largest |swing| first. */
static void tornado_bars(cx_run_sensitivity_study *s, size_t i)
{
    cx_run_tornado_bar *bars = &s->bars[i * s->in.k];
    for (size_t q = 0; q < s->in.k; q++) {
        const double *lo = tornado_values(s, 1 + 2 * q, i), *hi = tornado_values(s, 2 + 2 * q, i);
        bars[q].q = q;
        cx_stats_estimate(tornado_values(s, 0, i), 1, s->reps, CX_RUN_LEVEL, &bars[q].base);
        cx_stats_estimate(lo, 1, s->reps, CX_RUN_LEVEL, &bars[q].low);
        cx_stats_estimate(hi, 1, s->reps, CX_RUN_LEVEL, &bars[q].high);
        cx_stats_paired(hi, lo, 1, s->reps, CX_RUN_LEVEL, &bars[q].swing);
    }
    qsort(bars, s->in.k, sizeof *bars, by_swing);
}

cx_status cx_run_sensitivity(const cx_model *m, const cx_run_opts *o, cx_run_sensitivity_study *s,
                             cx_error *err)
{
    assert(s->in.k <= CX_RUN_MAX_PARAMS && s->in.n_metrics >= 1);
    s->a = s->b = s->tornado = s->y = NULL;
    s->idx = NULL;
    s->rows = NULL;
    s->bars = NULL;
    if (s->samples == 0)
        s->samples = CX_RUN_SENS_SAMPLES;
    if (s->bootstrap == 0)
        s->bootstrap = CX_RUN_SENS_BOOTSTRAP;
    s->reps = o->reps ? o->reps : (size_t)m->reps;
    if (s->in.k == 0)
        return cx_error_set(err, CX_ERR_USAGE, "a sensitivity analysis needs parameters");
    if (s->design == CX_DESIGN_GRID || 2 * s->in.k > cx_design_max_dim(s->design))
        return cx_error_set(err, CX_ERR_USAGE, "Saltelli's sampling of %zu parameters needs "
                            "a sobol (at most %zu parameters) or halton design", s->in.k,
                            cx_design_max_dim(CX_DESIGN_SOBOL) / 2);
    if (s->samples > (CX_RUN_SENS_MAX_POINTS - tornado_points(s)) / (s->in.k + 2))
        return cx_error_set(err, CX_ERR_USAGE, "%zu samples with %zu parameters make more "
                            "than %d evaluations", s->samples, s->in.k, CX_RUN_SENS_MAX_POINTS);
    cx_status st = alloc_sens(s, err);
    s->run = (cx_run_points){
        .n_points = cx_run_sensitivity_points(s->in.k, s->samples), .set = set_point,
        .take = take_point, .ctx = s,
    };
    if (st == CX_OK)
        st = cx_run_design(m, o, &s->run, err);
    if (st == CX_OK)
        st = global_indices(s, o->seed, err);
    for (size_t i = 0; st == CX_OK && i < s->in.n_metrics; i++)
        tornado_bars(s, i);
    return st;
}

void cx_run_sensitivity_free(cx_run_sensitivity_study *s)
{
    free(s->a);
    free(s->b);
    free(s->tornado);
    free(s->y);
    free(s->idx);
    free(s->rows);
    free(s->bars);
    s->a = s->b = s->tornado = s->y = NULL;
    s->idx = NULL;
    s->rows = NULL;
    s->bars = NULL;
}
