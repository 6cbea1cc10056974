/* sensitivity.c - `cxsim sensitivity`: which parameters move the outcome
 * most. A one-at-a-time tornado (each parameter at its low and its high
 * value, the others at the scenario's) and variance-based global indices
 * (first-order and total Sobol' indices over Saltelli's design), every
 * evaluation a mean over replications with common random numbers.
 * docs/analysis.md gives the method and its references. */
#include "verbs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/design.h"
#include "cxsim/io.h"
#include "cxsim/model.h"
#include "cxsim/results.h"
#include "cxsim/sensitivity.h"
#include "cxsim/stats.h"
#include "cxsim/suggest.h"
#include "analysis.h"
#include "format.h"
#include "load.h"
#include "opts.h"
#include "out.h"
#include "params.h"
#include "print.h"

/* Base samples N: the global part costs N (k + 2) evaluations, each of
 * --reps replications. 64 keeps a first look at a few parameters within
 * minutes at tens of thousands of customers; the bootstrap intervals say
 * when more are needed (docs/analysis.md). A power of two, as Sobol'
 * points balance best in such blocks. */
#define SENS_SAMPLES 64
#define SENS_BOOTSTRAP 1000
#define SENS_MAX_POINTS 10000000

typedef struct sens {
    const cx_cli_opts *o;
    cx_cli_param ps[CX_CLI_MAX_PARAMS];
    size_t k;
    cx_design_kind design;
    size_t n;                   /* base samples N */
    size_t boot;
    double *a, *b;              /* Saltelli's A and B, N x k */
    int metrics[CX_CLI_MAX_METRICS];
    size_t nm;
    size_t reps;
    double *tornado;            /* [(p nm + i) reps + r]: tornado point p, metric i */
    double *y;                  /* [(i (k + 2) + c) N + j]: metric i, matrix c, row j */
    cx_sobol_index *idx;        /* [i k + q]: metric i, parameter q */
    size_t *rows;               /* rows used per metric */
} sens;

/* Tornado points: 0 the scenario as it is, 1 + 2q parameter q at low,
 * 2 + 2q at high. Then the global rows: matrix c (0 A, 1 B, 2 + q A_B^(q))
 * of row j at 2k + 1 + j (k + 2) + c. */
static size_t tornado_points(const sens *s)
{
    return 2 * s->k + 1;
}

static cx_status choose_design(const cx_cli_opts *o, sens *s, cx_error *err)
{
    for (size_t q = 0; q < s->k; q++)
        if (s->ps[q].steps)
            return cx_error_set(err, CX_ERR_USAGE, "--param %s: STEPS is for sweep; "
                                "sensitivity takes --param NAME=LO:HI", s->ps[q].path);
    if (o->points)
        return cx_error_set(err, CX_ERR_USAGE, "--points is for sweep; sensitivity takes "
                            "--samples N (base samples of the global indices)");
    /* Saltelli's A and B come from one 2k-dimensional sequence */
    size_t sobol_max = cx_design_max_dim(CX_DESIGN_SOBOL) / 2;
    const char *name = o->design ? o->design : s->k <= sobol_max ? "sobol" : "halton";
    if (cx_design_from_name(name, &s->design) != 0 || s->design == CX_DESIGN_GRID) {
        static const char *const designs[] = {"sobol", "halton"};
        char hint[64];
        cx_suggest_hint(name, designs, 2, hint, sizeof hint);
        return cx_error_set(err, CX_ERR_USAGE, "--design for sensitivity must be sobol or "
                            "halton (the sequence of Saltelli's sampling), got '%s'%s", name,
                            hint);
    }
    if (s->design == CX_DESIGN_SOBOL && s->k > sobol_max)
        return cx_error_set(err, CX_ERR_USAGE, "--design sobol takes at most %zu parameters "
                            "(Saltelli's sampling uses 2 dimensions per parameter, the Sobol' "
                            "sequence has %zu); this analysis has %zu: use --design halton",
                            sobol_max, 2 * sobol_max, s->k);
    s->n = o->samples ? o->samples : SENS_SAMPLES;
    s->boot = o->bootstrap ? o->bootstrap : SENS_BOOTSTRAP;
    if (s->n > (SENS_MAX_POINTS - tornado_points(s)) / (s->k + 2))
        return cx_error_set(err, CX_ERR_USAGE, "--samples %zu with %zu parameters makes more "
                            "than %d evaluations", s->n, s->k, SENS_MAX_POINTS);
    return CX_OK;
}

static cx_status alloc_sens(sens *s, cx_error *err)
{
    double lo[CX_CLI_MAX_PARAMS], hi[CX_CLI_MAX_PARAMS];
    for (size_t q = 0; q < s->k; q++) {
        lo[q] = s->ps[q].lo;
        hi[q] = s->ps[q].hi;
    }
    s->a = malloc(s->n * s->k * sizeof *s->a);
    s->b = malloc(s->n * s->k * sizeof *s->b);
    s->tornado = malloc(tornado_points(s) * s->nm * s->reps * sizeof *s->tornado);
    s->y = malloc(s->nm * (s->k + 2) * s->n * sizeof *s->y);
    s->idx = malloc(s->nm * s->k * sizeof *s->idx);
    s->rows = malloc(s->nm * sizeof *s->rows);
    if (!s->a || !s->b || !s->tornado || !s->y || !s->idx || !s->rows)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu samples", s->n);
    return cx_design_saltelli(s->design, s->k, s->n, lo, hi, s->a, s->b, err);
}

/* The parameter values of point p into x; returns how many to set (0 for
 * the scenario as it is, 1 for a tornado point, k for a global one). */
static size_t point_values(const sens *s, size_t p, double *x, size_t *first)
{
    *first = 0;
    if (p == 0)
        return 0;
    if (p < tornado_points(s)) {
        *first = (p - 1) / 2;
        x[*first] = p % 2 ? s->ps[*first].lo : s->ps[*first].hi;
        return 1;
    }
    size_t g = p - tornado_points(s), j = g / (s->k + 2), c = g % (s->k + 2);
    const double *ra = &s->a[j * s->k], *rb = &s->b[j * s->k];
    if (c < 2)
        memcpy(x, c == 0 ? ra : rb, s->k * sizeof *x);
    else
        cx_design_saltelli_row(s->k, ra, rb, c - 2, x);
    return s->k;
}

static cx_status set_point(void *ctx, size_t p, cx_model *m, cx_error *err)
{
    const sens *s = ctx;
    double x[CX_CLI_MAX_PARAMS];
    size_t first, n = point_values(s, p, x, &first);
    return cx_cli_apply_point(m, &s->ps[first], n, &x[first], p, err);
}

static cx_status take_point(void *ctx, size_t p, const double *values, size_t reps,
                            cx_error *err)
{
    sens *s = ctx;
    if (reps != s->reps)        /* the arrays were sized before the run */
        return cx_error_set(err, CX_ERR_SIM, "design point %zu: %zu replications, %zu "
                            "expected", p + 1, reps, s->reps);
    for (size_t i = 0; i < s->nm; i++) {
        const double *v = values + s->metrics[i];
        if (p < tornado_points(s)) {
            for (size_t r = 0; r < reps; r++)
                s->tornado[(p * s->nm + i) * s->reps + r] = v[r * CX_METRIC_COUNT];
            continue;
        }
        size_t g = p - tornado_points(s), j = g / (s->k + 2), c = g % (s->k + 2);
        cx_estimate e;
        cx_stats_estimate(v, CX_METRIC_COUNT, reps, 0.95, &e);
        s->y[(i * (s->k + 2) + c) * s->n + j] = e.mean;
    }
    return CX_OK;
}

static cx_status global_indices(sens *s, cx_error *err)
{
    cx_sobol_opts so = {.bootstrap = s->boot, .level = 0.95, .seed = s->o->seed};
    for (size_t i = 0; i < s->nm; i++) {
        const double *y = &s->y[i * (s->k + 2) * s->n];
        cx_status st = cx_sensitivity_sobol(y, y + s->n, y + 2 * s->n, s->n, s->k, &so,
                                            &s->idx[i * s->k], &s->rows[i], err);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

/* ---- tornado ---------------------------------------------------------------- */

typedef struct bar {
    size_t q;                   /* parameter */
    cx_estimate base, low, high;
    cx_paired swing;            /* high - low, paired over replications */
} bar;

static const double *tornado_values(const sens *s, size_t p, size_t i)
{
    return &s->tornado[(p * s->nm + i) * s->reps];
}

static int by_swing(const void *x, const void *y)
{
    const bar *a = x, *b = y;
    double u = fabs(a->swing.diff.mean), v = fabs(b->swing.diff.mean);
    if (isnan(u) != isnan(v))
        return isnan(u) ? 1 : -1;      /* undefined swings last */
    if (u != v && !isnan(u))
        return u > v ? -1 : 1;
    return a->q < b->q ? -1 : a->q > b->q;
}

/* The bars of metric i, largest |swing| first. */
static void tornado_bars(const sens *s, size_t i, bar *bars)
{
    for (size_t q = 0; q < s->k; q++) {
        const double *lo = tornado_values(s, 1 + 2 * q, i), *hi = tornado_values(s, 2 + 2 * q, i);
        bars[q].q = q;
        cx_stats_estimate(tornado_values(s, 0, i), 1, s->reps, 0.95, &bars[q].base);
        cx_stats_estimate(lo, 1, s->reps, 0.95, &bars[q].low);
        cx_stats_estimate(hi, 1, s->reps, 0.95, &bars[q].high);
        cx_stats_paired(hi, lo, 1, s->reps, 0.95, &bars[q].swing);
    }
    qsort(bars, s->k, sizeof *bars, by_swing);
}

/* ---- output ----------------------------------------------------------------- */

static int write_tornado(FILE *fp, const void *ctx)
{
    const sens *s = ctx;
    static const char *const header[] = {
        "metric", "rank", "parameter", "low", "high", "baseline", "metric_at_low",
        "metric_at_high", "swing", "swing_ci_low", "swing_ci_high", "n",
    };
    bar bars[CX_CLI_MAX_PARAMS];
    int rc = cx_csv_row(fp, header, 12);
    for (size_t i = 0; i < s->nm && rc == 0; i++) {
        tornado_bars(s, i, bars);
        for (size_t r = 0; r < s->k && rc == 0; r++) {
            const bar *b = &bars[r];
            rc |= cx_csv_field(fp, cx_metric_name((cx_metric)s->metrics[i])) | cx_csv_sep(fp);
            rc |= cx_csv_size(fp, r + 1) | cx_csv_sep(fp);
            rc |= cx_csv_field(fp, s->ps[b->q].path) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, s->ps[b->q].lo) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, s->ps[b->q].hi) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->base.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->low.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->high.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->swing.diff.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->swing.diff.ci_low) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->swing.diff.ci_high) | cx_csv_sep(fp);
            rc |= cx_csv_size(fp, b->swing.diff.n) | cx_csv_end_row(fp);
        }
    }
    return rc ? -1 : 0;
}

static int write_sobol(FILE *fp, const void *ctx)
{
    const sens *s = ctx;
    static const char *const header[] = {
        "metric", "parameter", "first_order", "first_ci_low", "first_ci_high", "total",
        "total_ci_low", "total_ci_high", "n",
    };
    int rc = cx_csv_row(fp, header, 9);
    for (size_t i = 0; i < s->nm && rc == 0; i++)
        for (size_t q = 0; q < s->k && rc == 0; q++) {
            const cx_sobol_index *x = &s->idx[i * s->k + q];
            rc |= cx_csv_field(fp, cx_metric_name((cx_metric)s->metrics[i])) | cx_csv_sep(fp);
            rc |= cx_csv_field(fp, s->ps[q].path) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->first) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->first_low) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->first_high) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->total) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->total_low) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->total_high) | cx_csv_sep(fp);
            rc |= cx_csv_size(fp, s->rows[i]) | cx_csv_end_row(fp);
        }
    return rc ? -1 : 0;
}

static void json_extra(struct cx_json *j, void *ctx)
{
    const sens *s = ctx;
    cx_cli_json_params(j, s->ps, s->k, s->o);
    cx_cli_json_metrics(j, s->metrics, s->nm);
    cx_json_key(j, "design");
    cx_json_string(j, cx_design_name(s->design));
    cx_json_key(j, "samples");
    cx_json_integer(j, (long long)s->n);
    cx_json_key(j, "evaluations");
    cx_json_integer(j, (long long)(tornado_points(s) + s->n * (s->k + 2)));
    cx_json_key(j, "bootstrap");
    cx_json_integer(j, (long long)s->boot);
}

static int path_width(const sens *s)
{
    size_t w = 9;
    for (size_t q = 0; q < s->k; q++)
        if (strlen(s->ps[q].path) > w)
            w = strlen(s->ps[q].path);
    return (int)w;
}

static void print_tornado(const sens *s, size_t i)
{
    bar bars[CX_CLI_MAX_PARAMS];
    int w = path_width(s);
    tornado_bars(s, i, bars);
    printf("\ntornado: %s (the scenario: %.4g; each parameter at low and at high, the others "
           "at the scenario's values;\nswing = at high - at low, 95 %% CI paired over "
           "replications)\n", cx_metric_name((cx_metric)s->metrics[i]), bars[0].base.mean);
    printf("%-*s %10s %10s %12s %12s %12s %12s %12s\n", w, "parameter", "low", "high",
           "at low", "at high", "swing", "ci_low", "ci_high");
    for (size_t r = 0; r < s->k; r++) {
        const bar *b = &bars[r];
        printf("%-*s %10.4g %10.4g", w, s->ps[b->q].path, s->ps[b->q].lo, s->ps[b->q].hi);
        cx_cli_print_value(b->low.mean);
        cx_cli_print_value(b->high.mean);
        cx_cli_print_value(b->swing.diff.mean);
        cx_cli_print_value(b->swing.diff.ci_low);
        cx_cli_print_value(b->swing.diff.ci_high);
        printf("\n");
    }
}

/* A parameter's place in the Sobol' table: largest total first, NA last,
 * ties in declaration order. */
typedef struct ranked {
    size_t q;
    double total;
} ranked;

static int by_total(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (isnan(a->total) != isnan(b->total))
        return isnan(a->total) ? 1 : -1;
    if (a->total != b->total && !isnan(a->total))
        return a->total > b->total ? -1 : 1;
    return a->q < b->q ? -1 : a->q > b->q;
}

static void print_sobol(const sens *s, size_t i)
{
    int w = path_width(s);
    ranked order[CX_CLI_MAX_PARAMS];
    const cx_sobol_index *x = &s->idx[i * s->k];
    for (size_t q = 0; q < s->k; q++)
        order[q] = (ranked){q, x[q].total};
    qsort(order, s->k, sizeof *order, by_total);
    printf("\nSobol' indices: %s (%zu base samples, %zu used; 95 %% bootstrap CI from %zu "
           "resamples)\n", cx_metric_name((cx_metric)s->metrics[i]), s->n, s->rows[i], s->boot);
    printf("%-*s %12s %12s %12s %12s %12s %12s\n", w, "parameter", "first_order", "ci_low",
           "ci_high", "total", "ci_low", "ci_high");
    for (size_t r = 0; r < s->k; r++) {
        const cx_sobol_index *e = &x[order[r].q];
        printf("%-*s", w, s->ps[order[r].q].path);
        cx_cli_print_value(e->first);
        cx_cli_print_value(e->first_low);
        cx_cli_print_value(e->first_high);
        cx_cli_print_value(e->total);
        cx_cli_print_value(e->total_low);
        cx_cli_print_value(e->total_high);
        printf("\n");
    }
}

static void print_all(const cx_cli_opts *o, const cx_model *m, const sens *s,
                      const cx_run_points *run)
{
    printf("%s: \"%s\", sensitivity to %zu parameter%s: %zu tornado + %zu x %zu Saltelli "
           "(%s) = %zu evaluations x %zu replications x %ld customers x %d periods, seed %u, "
           "%u threads, %.2f s\n", o->scenario, m->name, s->k, s->k == 1 ? "" : "s",
           tornado_points(s), s->n, s->k + 2, cx_design_name(s->design), run->n_points,
           run->batch.reps, m->population, m->horizon, (unsigned)run->batch.seed,
           run->batch.threads, run->wall);
    for (size_t i = 0; i < s->nm; i++) {
        print_tornado(s, i);
        print_sobol(s, i);
    }
    printf("\nfirst_order: share of the metric's variance due to the parameter alone; total: "
           "with all its interactions\n(parameters uniform on [low, high]; docs/analysis.md)\n");
}

static cx_status sens_run(const cx_cli_opts *o, const cx_model *m, sens *s, cx_error *err)
{
    cx_run_points run = {.set = set_point, .take = take_point, .ctx = s};
    s->o = o;
    s->reps = o->reps ? o->reps : (size_t)m->reps;
    cx_status st = cx_cli_analysis_params(o, m, s->ps, &s->k, err);
    if (st == CX_OK)
        st = cx_cli_analysis_metrics(o, 0, s->metrics, &s->nm, err);
    if (st == CX_OK)
        st = choose_design(o, s, err);
    if (st == CX_OK)
        st = alloc_sens(s, err);
    run.n_points = tornado_points(s) + s->n * (s->k + 2);
    if (st == CX_OK)
        st = cx_cli_run_points(o, m, &run, err);
    if (st == CX_OK)
        st = global_indices(s, err);
    const cx_results_file files[] = {
        {"tornado.csv", write_tornado, s}, {"sobol.csv", write_sobol, s},
    };
    if (st == CX_OK && o->out)
        st = cx_cli_analysis_json(o, m, &run, json_extra, s, files, 2, err);
    if (st == CX_OK && o->format != CX_CLI_FORMAT_TABLE) {
        const cx_cli_table t[] = {{"sobol", write_sobol, s}, {"tornado", write_tornado, s}};
        st = cx_cli_emit(o, t, 2, err);
    } else if (st == CX_OK) {
        print_all(o, m, s, &run);
        if (o->out)
            printf("\nresults in %s/\n", o->out);
    }
    return st;
}

int cx_cli_sensitivity(const cx_cli_opts *o)
{
    cx_model *m;
    cx_error err;
    if (cx_cli_load(o, &m, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    sens *s = calloc(1, sizeof *s);
    cx_status st = s ? sens_run(o, m, s, &err)
                     : cx_error_set(&err, CX_ERR_NOMEM, "out of memory");
    if (s) {
        free(s->a);
        free(s->b);
        free(s->tornado);
        free(s->y);
        free(s->idx);
        free(s->rows);
    }
    free(s);
    cx_model_free(m);
    if (st == CX_OK)
        st = cx_cli_write_report(o, &err);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
