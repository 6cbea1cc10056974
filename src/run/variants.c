/* variants.c - a run of a scenario's variants (run.h): one plain batch,
 * or stages (cxsim/sequential.h) for an adaptive run and antithetic
 * pairs; an interrupted plain batch continued; the results directory. */
#include "cxsim/run.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "cxsim/estimates.h"
#include "cxsim/sequential.h"
#include "run_internal.h"

cx_status cx_run_check_variants(const cx_model *m, cx_error *err)
{
    if (m->n_variants <= CX_RUN_MAX_VARIANTS)
        return CX_OK;
    size_t base = 0;
    cx_model_variant_order(m, &base, 1);
    const cx_variant *va = &m->variants[CX_RUN_MAX_VARIANTS - (base >= CX_RUN_MAX_VARIANTS)];
    return cx_error_set(err, CX_ERR_INPUT, "%s:%d: variant \"%s\": at most %d variants can "
                        "run at once; this scenario declares %zu", m->source, va->line,
                        va->name, CX_RUN_MAX_VARIANTS, m->n_variants);
}

/* The variants to run into r: o's, every declared one (baseline first),
 * or the model as it is under the name "baseline". */
static cx_status plan(const cx_model *m, const cx_run_opts *o, cx_run *r, cx_error *err)
{
    size_t n;
    if (o->variants) {
        if (o->n_variants == 0 || o->n_variants > CX_RUN_MAX_VARIANTS)
            return cx_error_set(err, CX_ERR_USAGE, "a run holds 1 to %d variants, not %zu",
                                CX_RUN_MAX_VARIANTS, o->n_variants);
        n = o->n_variants;
        memcpy(r->index, o->variants, n * sizeof *r->index);
    } else {
        cx_status st = cx_run_check_variants(m, err);
        if (st != CX_OK)
            return st;
        n = cx_model_variant_order(m, r->index, CX_RUN_MAX_VARIANTS);
    }
    for (size_t v = 0; v < n; v++) {
        assert(r->index[v] < m->n_variants);
        r->names[v] = m->variants[r->index[v]].name;
    }
    if (n == 0) {
        r->index[0] = CX_NO_VARIANT;
        r->names[0] = "baseline";
        n = 1;
    }
    r->n_variants = n;
    return CX_OK;
}

/* A plain batch: every replication kept; with resumed replications,
 * those first, then the rest with the random numbers they would have had
 * in one batch. A stopped batch keeps the replications every variant
 * completed. */
static cx_status run_plain(const cx_model *const *models, cx_run *r, cx_batch_result *before,
                           cx_error *err)
{
    if (before) {
        r->batch.first_rep = (uint32_t)before->reps;
        r->batch.reps -= before->reps;
    }
    cx_status st = cx_batch_run(models, r->names, r->n_variants, &r->batch, &r->result, err);
    if (before && (st == CX_OK || st == CX_ERR_STOPPED)) {
        cx_batch_result *part = r->result, *all = NULL;
        cx_error why;
        if (!part) {
            all = before;       /* stopped again before one more replication */
            before = NULL;
        } else if (cx_batch_result_append(before, part, &all, &why) != CX_OK) {
            st = why.code;
            *err = why;
        }
        if (all)
            all->reps_requested = r->batch.first_rep + r->batch.reps;
        cx_batch_result_free(part);
        r->result = all;
    }
    cx_batch_result_free(before);
    if (r->result && !(r->accum = cx_accum_new(r->result, 0)))
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for the estimates");
    if (r->accum) {
        cx_error why;
        if (cx_accum_add(r->accum, r->result, &why) != CX_OK) {
            *err = why;
            return why.code;
        }
    }
    return st;
}

/* Each stage's replications go to replications.csv on disk, not memory. */
typedef struct stage_sink {
    const char *out;
    cx_run *r;
} stage_sink;

static cx_status sink(void *ctx, const cx_batch_result *stage, size_t first, cx_error *err)
{
    stage_sink *s = ctx;
    cx_status st = CX_OK;
    if (!s->out)
        return CX_OK;
    if (!s->r->stream)
        st = cx_results_stream_open(s->out, stage, &s->r->stream, err);
    return st == CX_OK ? cx_results_stream_add(s->r->stream, stage, first, err) : st;
}

/* Stages: until the precision or the cap (adaptive), or exactly the
 * replications asked for (antithetic pairs alone). */
static cx_status run_staged(const cx_run_opts *o, const cx_model *const *models, cx_run *r,
                            cx_error *err)
{
    stage_sink ctx = {o->out, r};
    cx_sequential_opts so = {
        .batch = r->batch, .rule = CX_SEQUENTIAL_FIXED, .metric = o->metric,
        .precision = o->precision, .max_reps = r->batch.reps, .on_stage = sink, .ctx = &ctx,
    };
    cx_sequential_result res;
    if (o->adaptive) {
        so.rule = o->paired ? CX_SEQUENTIAL_PAIRED : CX_SEQUENTIAL_MEANS;
        so.max_reps = o->max_reps ? o->max_reps : CX_SEQUENTIAL_DEFAULT_MAX;
    }
    cx_status st = cx_run_stages(models, r->names, r->n_variants, &so, &res, err);
    if (st != CX_OK)
        return st;
    r->accum = res.accum;
    r->batch.reps = res.reps;
    r->precision = (cx_results_precision){
        .metric = cx_metric_name((cx_metric)o->metric),
        .paired = so.rule == CX_SEQUENTIAL_PAIRED, .target = o->precision,
        .max_reps = so.max_reps + (o->antithetic && so.max_reps % 2), .reached = res.reached,
        .half_width = res.half_width, .stages = res.stages,
    };
    return CX_OK;
}

cx_status cx_run_variants(const cx_model *m, const cx_run_opts *o, cx_batch_result *resumed,
                          cx_run *out, cx_error *err)
{
    const cx_model *models[CX_RUN_MAX_VARIANTS];
    *out = (cx_run){.staged = o->adaptive || o->antithetic, .adaptive = o->adaptive};
    cx_status st = plan(m, o, out, err);
    if (st == CX_OK && resumed && out->staged)
        st = cx_error_set(err, CX_ERR_USAGE, "a run in stages cannot be resumed");
    if (st != CX_OK) {
        cx_batch_result_free(resumed);
        return st;
    }
    for (size_t v = 0; v < out->n_variants; v++)
        models[v] = m;
    out->batch = (cx_batch_opts){
        .reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .variant_index = out->index, .stop = o->stop, .antithetic = o->antithetic,
        .policy = o->policy, .progress = o->progress, .progress_ctx = o->progress_ctx,
    };
    if (!out->staged)
        out->batch.whole = o->whole;    /* a stage's batch tells its own count */
    double start = cx_run_now();
    st = out->staged ? run_staged(o, models, out, err)
                     : run_plain(models, out, resumed, err);
    out->wall = cx_run_now() - start;
    return st;
}

size_t cx_run_reps(const cx_run *r)
{
    return r->staged ? r->batch.reps : (r->result ? r->result->reps : 0);
}

void cx_run_estimate(const cx_run *r, size_t v, size_t m, cx_estimate *out)
{
    const cx_estimates s = {r->staged ? NULL : r->result, r->accum};
    assert(v < r->n_variants && m < CX_METRIC_COUNT);
    cx_estimates_get(&s, CX_ESTIMATES_HORIZON, v, 0, m, CX_RUN_LEVEL, out);
}

void cx_run_paired(const cx_run *r, size_t v, size_t m, cx_paired *out)
{
    const cx_estimates s = {r->staged ? NULL : r->result, r->accum};
    assert(v < r->n_variants && m < CX_METRIC_COUNT);
    cx_estimates_paired(&s, v, m, CX_RUN_LEVEL, out);
}

cx_status cx_run_write(const char *dir, cx_run *r, cx_results_info *info, cx_error *err)
{
    assert(r->accum);
    info->seed = r->batch.seed;
    info->reps = cx_run_reps(r);
    info->threads = r->batch.threads;
    info->wall_seconds = r->wall;
    info->antithetic = r->batch.antithetic;
    info->precision = r->adaptive ? &r->precision : NULL;
    if (!r->staged)
        return cx_results_write(dir, r->result, info, err);
    cx_status st = cx_results_stream_finish(r->stream, r->accum, info, err);
    r->stream = NULL;       /* finished (and freed) whatever the outcome */
    return st;
}

void cx_run_release(cx_run *r)
{
    cx_batch_result_free(r->result);
    cx_accum_free(r->accum);
    cx_results_stream_abort(r->stream);
    r->result = NULL;
    r->accum = NULL;
    r->stream = NULL;
}
