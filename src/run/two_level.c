/* two_level.c - the two-level Monte Carlo (run.h): outer draws of the
 * uncertain inputs, each simulated with inner replications of every
 * variant under common random numbers. Draws run one after another, each
 * batch on every thread (and MPI rank: cx_batch_run splits it), so the
 * bytes do not depend on either; only each draw's means are handed on
 * (the caller streams them: cxsim/draws.h). */
#include "cxsim/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/dist.h"
#include "cxsim/metrics.h"
#include "cxsim/uncertainty.h"

size_t cx_run_uncertainty_dims(const cx_model *m, size_t *dim)
{
    size_t k = 0;
    for (size_t i = 0; i < m->n_ranges; i++) {
        const char *tie = m->ranges[i].dist.tie;
        dim[i] = k;
        for (size_t j = 0; tie[0] && j < i; j++)
            if (strcmp(m->ranges[j].dist.tie, tie) == 0) {
                dim[i] = dim[j];        /* one shared draw */
                break;
            }
        if (dim[i] == k)        /* a Dirichlet's coordinates share n - 1 */
            k += cx_dist_dims(&m->ranges[i].dist);
    }
    return k;
}

/* What one run of the draws holds. */
typedef struct outer {
    const cx_model *m;
    size_t nv, reps, k;
    size_t index[CX_RUN_MAX_VARIANTS];
    const char *names[CX_RUN_MAX_VARIANTS];
    size_t dim[CX_MAX_RANGES];
    cx_dist dist[CX_MAX_RANGES];
    double *u;                  /* the design, draws x k */
    double x[CX_MAX_RANGES];
    double *mean, *var, net[CX_RUN_MAX_VARIANTS], net_var[CX_RUN_MAX_VARIANTS];
    /* progress over every draw */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    size_t done_before, total;
    size_t first;               /* the first draw run */
} outer;

static void progress(void *ctx, size_t done, size_t total)
{
    const outer *w = ctx;
    (void)total;
    w->progress(w->progress_ctx, w->done_before + done, w->total);
}

/* The variants: o's, or every declared one (baseline first), or the
 * model as it is. */
static cx_status plan(const cx_model *m, const cx_run_opts *o, outer *w, cx_error *err)
{
    size_t n = o->variants ? o->n_variants : cx_model_variant_order(m, w->index,
                                                                     CX_RUN_MAX_VARIANTS);
    if (o->variants && (n == 0 || n > CX_RUN_MAX_VARIANTS))
        return cx_error_set(err, CX_ERR_USAGE, "a run holds 1 to %d variants, not %zu",
                            CX_RUN_MAX_VARIANTS, n);
    if (!o->variants) {
        cx_status st = cx_run_check_variants(m, err);
        if (st != CX_OK)
            return st;
    } else {
        memcpy(w->index, o->variants, n * sizeof *w->index);
    }
    for (size_t v = 0; v < n; v++)
        w->names[v] = w->index[v] == CX_NO_VARIANT ? "baseline" : m->variants[w->index[v]].name;
    if (n == 0) {
        w->index[0] = CX_NO_VARIANT;
        w->names[0] = "baseline";
        n = 1;
    }
    w->nv = n;
    return CX_OK;
}

/* Draw d's inputs set on a fresh copy of the model, validated. */
static cx_status drawn_model(outer *w, size_t d, cx_model **out, cx_error *err)
{
    cx_model *c = cx_model_copy(w->m);
    cx_error why;
    char vals[512] = "";
    size_t used = 0;
    cx_status st = c ? CX_OK : cx_error_set(err, CX_ERR_NOMEM, "out of memory copying the model");
    for (size_t i = 0; st == CX_OK && i < w->m->n_ranges; i++) {
        w->x[i] = cx_dist_draw(&w->dist[i], &w->u[d * w->k + w->dim[i]]);
        if (used < sizeof vals)
            used += (size_t)snprintf(vals + used, sizeof vals - used, "%s%s=%.6g",
                                     i ? ", " : "", w->m->ranges[i].path, w->x[i]);
        if (cx_model_set_draw(c, w->m->ranges[i].path, w->x[i], &why) != CX_OK)
            st = cx_error_set(err, CX_ERR_INPUT, "draw %zu: %s: %s", d + 1,
                              w->m->ranges[i].path, why.msg);
    }
    if (st == CX_OK && cx_model_validate(c, &why) != CX_OK)
        st = cx_error_set(err, CX_ERR_INPUT, "draw %zu (%s): %s", d + 1, vals, why.msg);
    if (st != CX_OK) {
        cx_model_free(c);
        return st;
    }
    *out = c;
    return CX_OK;
}

/* Mean and sample variance of the defined values of x[r * stride], r < n. */
static void mean_var(const double *x, size_t stride, size_t n, double *mean, double *var)
{
    double s = 0, ss = 0;
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        if (!isnan(x[r * stride]))
            s += x[r * stride], m++;
    *mean = m ? s / (double)m : NAN;
    for (size_t r = 0; r < n; r++)
        if (!isnan(x[r * stride]))
            ss += (x[r * stride] - *mean) * (x[r * stride] - *mean);
    *var = m > 1 ? ss / (double)(m - 1) : NAN;
}

/* The draw's means, variances and net values from its batch. */
static void reduce(outer *w, const cx_batch_result *b)
{
    double net[4096];           /* per replication; reps are capped below */
    for (size_t v = 0; v < w->nv; v++) {
        const double *first = cx_batch_horizon(b, v, 0);
        for (size_t k = 0; k < CX_METRIC_COUNT; k++)
            mean_var(first + k, CX_METRIC_COUNT, b->reps, &w->mean[v * CX_METRIC_COUNT + k],
                     &w->var[v * CX_METRIC_COUNT + k]);
        for (size_t r = 0; r < b->reps; r++) {
            const double *a = cx_batch_horizon(b, v, r), *z = cx_batch_horizon(b, 0, r);
            net[r] = cx_stats_paired_difference(a[CX_M_PORTFOLIO_VALUE] - a[CX_M_COST],
                                                z[CX_M_PORTFOLIO_VALUE] - z[CX_M_COST]);
        }
        mean_var(net, 1, b->reps, &w->net[v], &w->net_var[v]);
    }
}

static cx_status one_draw(outer *w, size_t d, const cx_run_opts *o, cx_run_draw_fn take,
                          void *ctx, cx_error *err)
{
    cx_model *c;
    cx_batch_result *b = NULL;
    const cx_model *models[CX_RUN_MAX_VARIANTS];
    cx_status st = drawn_model(w, d, &c, err);
    if (st != CX_OK)
        return st;
    for (size_t v = 0; v < w->nv; v++)
        models[v] = c;
    cx_batch_opts bo = {
        .reps = w->reps, .seed = o->seed, .first_rep = (uint32_t)(d * w->reps),
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .variant_index = w->index, .policy = o->policy, .stop = o->stop,
        .progress = o->progress ? progress : NULL, .progress_ctx = w,
    };
    w->done_before = (d - w->first) * w->reps * w->nv;
    st = cx_batch_run(models, w->names, w->nv, &bo, &b, err);
    if (st == CX_OK) {
        reduce(w, b);
        cx_run_draw dr = {d, w->x, w->nv, w->mean, w->var, w->net, w->net_var};
        st = take(ctx, &dr, err);
    } else if (st == CX_ERR_STOPPED) {
        cx_error_set(err, CX_ERR_STOPPED, "stopped at draw %zu", d + 1);
    }
    cx_batch_result_free(b);
    cx_model_free(c);
    return st;
}

static cx_status prepare(const cx_model *m, const cx_run_opts *o, size_t draws, size_t first,
                         outer *w, cx_error *err)
{
    w->m = m;
    w->reps = o->reps ? o->reps : (size_t)m->reps;
    if (draws == 0)
        return cx_error_set(err, CX_ERR_USAGE, "--uncertainty needs at least 1 draw");
    if (w->reps > 4096 || (double)draws * (double)w->reps > 4294967295.0)
        return cx_error_set(err, CX_ERR_USAGE, "%zu draws x %zu replications: the engine "
                            "counts at most 2^32 replications, and a draw at most 4096",
                            draws, w->reps);
    cx_status st = plan(m, o, w, err);
    for (size_t i = 0; st == CX_OK && i < m->n_ranges; i++)
        st = cx_model_range_dist(m, i, &w->dist[i], err);
    if (st != CX_OK)
        return st;
    w->k = cx_run_uncertainty_dims(m, w->dim);
    w->u = calloc(draws * (w->k ? w->k : 1), sizeof *w->u);
    w->mean = malloc(2 * w->nv * CX_METRIC_COUNT * sizeof *w->mean);
    if (!w->u || !w->mean)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu draws", draws);
    w->var = w->mean + w->nv * CX_METRIC_COUNT;
    w->progress = o->progress;
    w->progress_ctx = o->progress_ctx;
    w->first = first;
    w->total = (draws - first) * w->reps * w->nv;
    return w->k ? cx_uncertainty_design(w->k, draws, o->seed, w->u, NULL, err) : CX_OK;
}

cx_status cx_run_uncertainty(const cx_model *m, const cx_run_opts *o, size_t draws,
                             size_t first, cx_run_draw_fn take, void *ctx, cx_error *err)
{
    outer *w = calloc(1, sizeof *w);
    if (!w)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    cx_status st = first <= draws ? prepare(m, o, draws, first, w, err)
                   : cx_error_set(err, CX_ERR_USAGE, "draw %zu of %zu", first + 1, draws);
    for (size_t d = first; st == CX_OK && d < draws; d++)
        st = one_draw(w, d, o, take, ctx, err);
    free(w->u);
    free(w->mean);
    free(w);
    return st;
}
