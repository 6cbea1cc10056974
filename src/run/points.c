/* points.c - the design points of sweep and sensitivity on the batch
 * runner (run.h): every point a copy of the baseline with its parameters
 * set, all with the same random numbers; or, for a variant against the
 * baseline, both at every point and their paired difference. */
#include "cxsim/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/stats.h"
#include "run_internal.h"

#define M CX_METRIC_COUNT

/* A paired design in progress: the points of one chunk run first as the
 * baseline (values kept), then as the variant (paired with them). */
typedef struct paired {
    const cx_run_points *pts;
    const cx_batch_opts *user;      /* the caller's progress */
    size_t first;                   /* the chunk's first point */
    size_t done;                    /* replications of earlier sub-runs */
    double *base, *diff;            /* [p reps M + r M + k] of the chunk; [r M + k] */
} paired;

static cx_status paired_set(void *ctx, size_t p, cx_model *m, cx_error *err)
{
    const paired *w = ctx;
    return w->pts->set(w->pts->ctx, w->first + p, m, err);
}

static cx_status keep_base(void *ctx, size_t p, const double *values, size_t reps,
                           cx_error *err)
{
    paired *w = ctx;
    (void)err;
    memcpy(w->base + p * reps * M, values, reps * M * sizeof *values);
    return CX_OK;
}

/* The variant's values minus the baseline's, replication by replication;
 * roi the variant's against the baseline, as cx_batch_fill_roi defines it:
 * (value gained - extra cost) / extra cost, NaN without extra cost. */
static cx_status take_difference(void *ctx, size_t p, const double *values, size_t reps,
                                 cx_error *err)
{
    paired *w = ctx;
    const double *z = w->base + p * reps * M;
    for (size_t r = 0; r < reps; r++) {
        const double *a = values + r * M, *b = z + r * M;
        double *d = w->diff + r * M;
        for (size_t k = 0; k < M; k++)
            d[k] = cx_stats_paired_difference(a[k], b[k]);
        double extra = d[CX_M_COST];
        d[CX_M_ROI] = extra > 0 ? (d[CX_M_PORTFOLIO_VALUE] - extra) / extra : NAN;
    }
    return w->pts->take(w->pts->ctx, w->first + p, w->diff, reps, err);
}

static void paired_progress(void *ctx, size_t done, size_t total)
{
    const paired *w = ctx;
    (void)total;
    w->user->progress(w->user->progress_ctx, w->done + done, 2 * w->pts->n_points * w->user->reps);
}

/* Chunk by chunk (bounded memory), the baseline's points then the
 * variant's with the same seed and replications: replication r of point p
 * has the same random numbers in both (common random numbers). */
static cx_status run_paired(const cx_model *m, const size_t *variants, const cx_run_points *pts,
                            const cx_batch_opts *bo, cx_error *err)
{
    size_t chunk = cx_batch_points_chunk(m, bo->threads), reps = bo->reps;
    paired w = {.pts = pts, .user = bo};
    cx_batch_opts o = *bo;
    if (bo->progress) {
        o.progress = paired_progress;
        o.progress_ctx = &w;
    }
    w.base = malloc((chunk * reps + reps) * M * sizeof *w.base);
    if (!w.base)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu points", chunk);
    w.diff = w.base + chunk * reps * M;
    cx_status st = CX_OK;
    for (size_t first = 0; st == CX_OK && first < pts->n_points; first += chunk) {
        size_t n = pts->n_points - first < chunk ? pts->n_points - first : chunk;
        cx_batch_points base = {m, variants[0], n, chunk, paired_set, keep_base, &w};
        cx_batch_points alt = {m, variants[1], n, chunk, paired_set, take_difference, &w};
        w.first = first;
        st = cx_batch_run_points(&base, &o, err);
        w.done += n * reps;
        if (st == CX_OK)
            st = cx_batch_run_points(&alt, &o, err);
        w.done += n * reps;
    }
    free(w.base);
    return st;
}

cx_status cx_run_design(const cx_model *m, const cx_run_opts *o, cx_run_points *pts,
                        cx_error *err)
{
    int is_paired = o->variants && o->n_variants == 2;
    cx_batch_points bp = {m, cx_run_baseline(m, &pts->variant), pts->n_points, 0, pts->set,
                          pts->take, pts->ctx};
    pts->against = NULL;
    if (is_paired) {
        pts->against = o->variants[0] == CX_NO_VARIANT ? "baseline"
                       : m->variants[o->variants[0]].name;
        pts->variant = m->variants[o->variants[1]].name;
    }
    pts->batch = (cx_batch_opts){
        .reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .progress = o->progress, .progress_ctx = o->progress_ctx, .policy = o->policy,
        .stop = o->stop,
    };
    double start = cx_run_now();
    cx_status st = is_paired ? run_paired(m, o->variants, pts, &pts->batch, err)
                             : cx_batch_run_points(&bp, &pts->batch, err);
    pts->wall = cx_run_now() - start;
    pts->batch.policy = NULL;       /* the caller's, which it may free */
    pts->batch.progress = NULL;
    pts->batch.progress_ctx = NULL;
    return st;
}

cx_status cx_run_apply_point(cx_model *m, const cx_run_param *ps, size_t k, const double *x,
                             size_t point, cx_error *err)
{
    cx_error why;
    char at[512];
    size_t used = 0;
    for (size_t j = 0; j < k && used < sizeof at; j++)
        used += (size_t)snprintf(at + used, sizeof at - used, "%s%s=%.12g", j ? ", " : "",
                                 ps[j].path, x[j]);
    cx_status st = CX_OK;
    for (size_t j = 0; st == CX_OK && j < k; j++)
        st = cx_model_set(m, ps[j].path, x[j], &why);
    if (st == CX_OK)
        st = cx_model_validate(m, &why);
    if (st != CX_OK)
        return cx_error_set(err, st, "design point %zu (%s): %s", point + 1, at, why.msg);
    return CX_OK;
}
