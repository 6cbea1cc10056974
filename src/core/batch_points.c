/* batch_points.c - the points of a design of experiments as the variants
 * of batches, a bounded number at a time.
 *
 * cx_batch_run gives each worker one engine per variant, each with the
 * parameters every segment sees (a population only while it runs a
 * replication); running thousands of points as one batch would hold
 * thousands of engines per worker. Chunks of points bound that, and
 * cost nothing in reproducibility: a replication's random numbers depend
 * on (seed, replication) only, never on which variant of which batch it
 * belongs to.
 */
#include "cxsim/batch.h"

#include <math.h>
#include <stdlib.h>

#define CHUNK_BYTES ((size_t)256 << 20)     /* customer state of the engines */
#define CHUNK_MAX 64

size_t cx_batch_points_chunk(const cx_model *m, unsigned threads)
{
    /* populations grow with arrivals: count twice the initial one */
    size_t per_engine = 2 * (size_t)(m->population > 0 ? m->population : 1) *
                        cx_engine_bytes_per_customer();
    size_t n = CHUNK_BYTES / (per_engine * (threads ? threads : 1));
    return n < 1 ? 1 : n > CHUNK_MAX ? CHUNK_MAX : n;
}

typedef struct chunk_progress {
    const cx_batch_opts *outer;
    size_t before, total;       /* units of earlier chunks; of the whole run */
} chunk_progress;

/* Progress of a chunk as progress of the whole run (called by workers:
 * reads only what does not change during the chunk). */
static void chunk_progressed(void *ctx, size_t done, size_t total)
{
    const chunk_progress *cp = ctx;
    (void)total;
    cp->outer->progress(cp->outer->progress_ctx, cp->before + done, cp->total);
}

/* Copies of the base with points first..first+n set; models[i] NULL-filled
 * on entry, freed by the caller whatever happens. */
static cx_status make_models(const cx_batch_points *pts, size_t first, size_t n,
                             cx_model **models, cx_error *err)
{
    for (size_t i = 0; i < n; i++) {
        models[i] = cx_model_copy(pts->base);
        if (!models[i])
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory copying the model");
        cx_status st = pts->set(pts->ctx, first + i, models[i], err);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

/* Runs points first..first+n and hands their values over. */
static cx_status run_chunk(const cx_batch_points *pts, const cx_batch_opts *opts,
                           size_t first, size_t n, cx_model **models, size_t *index,
                           const char **names, cx_error *err)
{
    cx_status st = make_models(pts, first, n, models, err);
    cx_batch_opts o = *opts;
    chunk_progress cp = {opts, first * opts->reps, pts->n_points * opts->reps};
    cx_batch_result *b = NULL;
    o.variant_index = index;
    if (opts->progress) {
        o.progress = chunk_progressed;
        o.progress_ctx = &cp;
    }
    if (st == CX_OK)
        st = cx_batch_run((const cx_model *const *)models, names, n, &o, &b, err);
    for (size_t i = 0; st == CX_OK && i < n; i++) {
        /* cx_batch_run's roi compares with the batch's first variant, here
         * merely the chunk's first point: a design point has no baseline */
        double *v = (double *)cx_batch_horizon(b, i, 0);
        for (size_t r = 0; r < b->reps; r++)
            v[r * CX_METRIC_COUNT + CX_M_ROI] = NAN;
        st = pts->take(pts->ctx, first + i, v, b->reps, err);
    }
    cx_batch_result_free(b);
    return st;
}

cx_status cx_batch_run_points(const cx_batch_points *pts, const cx_batch_opts *opts,
                              cx_error *err)
{
    size_t chunk = pts->chunk ? pts->chunk : cx_batch_points_chunk(pts->base, opts->threads);
    if (chunk > pts->n_points)
        chunk = pts->n_points ? pts->n_points : 1;
    cx_model **models = calloc(chunk, sizeof *models);
    size_t *index = malloc(chunk * sizeof *index);
    const char **names = malloc(chunk * sizeof *names);
    cx_status st = models && index && names ? CX_OK
                 : cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu points", chunk);
    for (size_t i = 0; st == CX_OK && i < chunk; i++) {
        index[i] = pts->variant;
        names[i] = "point";
    }
    for (size_t first = 0; st == CX_OK && first < pts->n_points; first += chunk) {
        size_t n = pts->n_points - first < chunk ? pts->n_points - first : chunk;
        st = run_chunk(pts, opts, first, n, models, index, names, err);
        for (size_t i = 0; i < n; i++) {
            cx_model_free(models[i]);
            models[i] = NULL;
        }
    }
    free(models);
    free(index);
    free(names);
    return st;
}
