/* batch_join.c - one result from the variants of several batches, or from
 * the replications of two (a resumed batch after the stopped one).
 *
 * Variant v is the outermost index of every value array (batch.h), so the
 * values of one variant are one contiguous block per array, and joining
 * results is copying blocks. Replications of different batches pair by
 * common random numbers when the batches had the same seed and first_rep:
 * replication r of a variant has the same random numbers in any batch.
 */
#include "cxsim/batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "batch_internal.h"

/* b's value arrays and the doubles per variant in each. */
static void blocks(const cx_batch_result *b, double *arr[CX_BATCH_ARRAYS],
                   size_t sz[CX_BATCH_ARRAYS])
{
    cx_batch_arrays(b, arr, sz);
    for (int k = 0; k < CX_BATCH_ARRAYS; k++)
        sz[k] *= b->reps;
}

static int same_layout(const cx_batch_result *a, const cx_batch_result *b)
{
    return a->reps == b->reps && a->horizon == b->horizon &&
           a->n_touchpoints == b->n_touchpoints && a->n_segments == b->n_segments &&
           !a->antithetic == !b->antithetic;
}

/* An empty result shaped like p, for n variants of reps replications. */
static cx_batch_result *shaped(const cx_batch_result *p, size_t n, size_t reps)
{
    cx_batch_result *r = calloc(1, sizeof *r);
    size_t sz[CX_BATCH_ARRAYS];
    double *none[CX_BATCH_ARRAYS];
    if (!r)
        return NULL;
    *r = (cx_batch_result){.n_variants = n, .reps = reps, .horizon = p->horizon,
                           .n_touchpoints = p->n_touchpoints, .n_segments = p->n_segments,
                           .antithetic = p->antithetic};
    blocks(r, none, sz);
    r->variant_names = calloc(n + 1, sizeof *r->variant_names);
    r->journey_names = calloc(p->n_touchpoints + 1, sizeof *r->journey_names);
    r->touchpoint_names = calloc(p->n_touchpoints + 1, sizeof *r->touchpoint_names);
    r->segment_names = calloc(p->n_segments + 1, sizeof *r->segment_names);
    r->horizon_values = calloc(n * sz[0] + 1, sizeof(double));
    r->period_values = calloc(n * sz[1] + 1, sizeof(double));
    r->touchpoint_values = calloc(n * sz[2] + 1, sizeof(double));
    r->segment_values = calloc(n * sz[3] + 1, sizeof(double));
    r->extra_values = calloc(n * sz[4] + 1, sizeof(double));
    if (!r->variant_names || !r->journey_names || !r->touchpoint_names ||
        !r->segment_names || !r->horizon_values || !r->period_values ||
        !r->touchpoint_values || !r->segment_values || !r->extra_values) {
        cx_batch_result_free(r);
        return NULL;
    }
    if (p->n_touchpoints) {     /* a hand-built result may have NULL names */
        memcpy(r->journey_names, p->journey_names, p->n_touchpoints * sizeof *r->journey_names);
        memcpy(r->touchpoint_names, p->touchpoint_names,
               p->n_touchpoints * sizeof *r->touchpoint_names);
    }
    if (p->n_segments)
        memcpy(r->segment_names, p->segment_names, p->n_segments * sizeof *r->segment_names);
    return r;
}

/* Copies variant v of p into variant u of r, from replication `at` on. */
static void copy_variant(cx_batch_result *r, size_t u, size_t at, const cx_batch_result *p,
                         size_t v)
{
    size_t sz[CX_BATCH_ARRAYS], rz[CX_BATCH_ARRAYS];
    double *dst[CX_BATCH_ARRAYS], *src[CX_BATCH_ARRAYS];
    blocks(p, src, sz);
    blocks(r, dst, rz);
    memcpy(r->variant_names[u], p->variant_names[v], sizeof *r->variant_names);
    for (int k = 0; k < CX_BATCH_ARRAYS; k++) {
        /* replication `at` starts at (doubles per replication) x at */
        double *d = dst[k] + u * rz[k] + (p->reps ? at * (sz[k] / p->reps) : 0);
        if (src[k] && sz[k])
            memcpy(d, src[k] + v * sz[k], sz[k] * sizeof(double));
        else    /* a part assembled by hand may have no extras: they are unknown */
            for (size_t i = 0; i < sz[k]; i++)
                d[i] = NAN;
    }
}

cx_status cx_batch_result_join(const cx_batch_result *const *parts, size_t n_parts,
                               cx_batch_result **out, cx_error *err)
{
    size_t n = 0, u = 0;
    *out = NULL;
    if (n_parts == 0)
        return cx_error_set(err, CX_ERR_USAGE, "nothing to join");
    for (size_t k = 0; k < n_parts; k++) {
        if (!same_layout(parts[0], parts[k]))
            return cx_error_set(err, CX_ERR_USAGE, "results to join must have the same "
                                "replications, horizon, touchpoints and segments, and "
                                "all or none antithetic");
        n += parts[k]->n_variants;
    }
    cx_batch_result *r = shaped(parts[0], n, parts[0]->reps);
    if (!r)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory joining %zu variants", n);
    for (size_t k = 0; k < n_parts; k++) {
        for (size_t v = 0; v < parts[k]->n_variants; v++)
            copy_variant(r, u++, 0, parts[k], v);
        r->rng_blocks += parts[k]->rng_blocks;
    }
    cx_batch_fill_roi(r);
    *out = r;
    return CX_OK;
}

cx_status cx_batch_result_append(const cx_batch_result *a, const cx_batch_result *b,
                                 cx_batch_result **out, cx_error *err)
{
    *out = NULL;
    if (a->n_variants != b->n_variants || a->horizon != b->horizon ||
        a->n_touchpoints != b->n_touchpoints || a->n_segments != b->n_segments)
        return cx_error_set(err, CX_ERR_USAGE, "cannot append replications of a batch of "
                            "another shape");
    size_t reps = a->reps + b->reps;
    cx_batch_result *r = shaped(a, a->n_variants, reps);
    if (!r)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu replications",
                            a->n_variants * reps);
    r->rng_blocks = a->rng_blocks + b->rng_blocks;
    r->reps_requested = a->reps < a->reps_requested ? a->reps_requested : reps;
    for (size_t v = 0; v < a->n_variants; v++) {
        copy_variant(r, v, 0, a, v);
        copy_variant(r, v, a->reps, b, v);
    }
    *out = r;
    return CX_OK;
}
