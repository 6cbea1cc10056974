/* stages.c - replications in stages until the watched interval is narrow
 * enough (run.h, cxsim/sequential.h; Law, 5th ed., section 9.4.1).
 *
 * Each stage is one cx_batch_run continuing the last (first_rep), so
 * replication r is the same whatever the stages; it is folded into the
 * accumulator, handed to on_stage (the results writer streams it to disk)
 * and freed before the next starts.
 */
#include "cxsim/run.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "cxsim/metrics.h"
#include "cxsim/sequential.h"

static cx_status check_opts(size_t n_variants, const cx_sequential_opts *o, size_t cap,
                            cx_error *err)
{
    if (cap < (o->rule == CX_SEQUENTIAL_FIXED ? 1u : 2u))
        return cx_error_set(err, CX_ERR_USAGE, "a sequential run needs %s",
                            o->rule == CX_SEQUENTIAL_FIXED ? "replications"
                                                           : "a cap of 2 replications or more");
    if (o->batch.antithetic && o->batch.first_rep % 2)
        return cx_error_set(err, CX_ERR_USAGE, "antithetic pairs must start at an even "
                            "replication, got %u", (unsigned)o->batch.first_rep);
    if (o->rule == CX_SEQUENTIAL_FIXED)
        return CX_OK;
    if (o->metric < 0 || o->metric >= CX_METRIC_COUNT || !(o->precision > 0))
        return cx_error_set(err, CX_ERR_USAGE, "a sequential run needs a metric and a "
                            "precision > 0");
    if (o->rule == CX_SEQUENTIAL_PAIRED && n_variants < 2)
        return cx_error_set(err, CX_ERR_USAGE, "paired differences need two variants");
    return CX_OK;
}

/* Progress over the whole run: the stage's count plus those before it. */
typedef struct progress_offset {
    const cx_batch_opts *outer;
    size_t before, total;
} progress_offset;

static void progress_relay(void *ctx, size_t done, size_t total)
{
    const progress_offset *p = ctx;
    (void)total;
    p->outer->progress(p->outer->progress_ctx, p->before + done, p->total);
}

/* One stage of size replications after done: run, fold in, hand over,
 * free. */
static cx_status stage(const cx_model *const *variants, const char *const *names,
                       size_t n_variants, const cx_sequential_opts *o, size_t done,
                       size_t size, size_t cap, cx_sequential_result *out, cx_error *err)
{
    cx_batch_opts b = o->batch;
    progress_offset rel = {&o->batch, done * n_variants, cap * n_variants};
    cx_batch_result *res;
    b.reps = size;
    b.first_rep = o->batch.first_rep + (uint32_t)done;
    if (o->batch.progress) {
        b.progress = progress_relay;
        b.progress_ctx = &rel;
    }
    cx_status st = cx_batch_run(variants, names, n_variants, &b, &res, err);
    if (st != CX_OK) {
        cx_batch_result_free(res);  /* a stopped batch returns what it completed */
        return st;
    }
    if (!out->accum && !(out->accum = cx_accum_new(res, o->batch.antithetic)))
        st = cx_error_set(err, CX_ERR_NOMEM, "out of memory for the running estimates");
    if (st == CX_OK)
        st = cx_accum_add(out->accum, res, err);
    if (st == CX_OK && o->on_stage)
        st = o->on_stage(o->ctx, res, done, err);
    cx_batch_result_free(res);
    return st;
}

/* Whether the rule is met now (*met); an error when nothing can ever be
 * watched: the metric was NA in every unit of every watched entry. */
static cx_status judge(const cx_sequential_opts *o, cx_sequential_result *out, int final,
                       int *met, cx_error *err)
{
    size_t units = out->reps / (o->batch.antithetic ? 2 : 1);
    int seen;
    *met = 0;
    if (o->rule == CX_SEQUENTIAL_FIXED || (units < CX_SEQUENTIAL_MIN_UNITS && !final))
        return CX_OK;
    out->half_width = cx_sequential_watched(out->accum, o->rule, o->metric, &seen);
    if (!seen)
        return cx_error_set(err, CX_ERR_USAGE, "%s is NA in every replication of %s, so "
                            "no precision can be reached on it",
                            cx_metric_name((cx_metric)o->metric),
                            o->rule == CX_SEQUENTIAL_PAIRED
                                ? "every difference from the baseline" : "every variant");
    *met = out->half_width < o->precision;
    return CX_OK;
}

cx_status cx_run_stages(const cx_model *const *variants, const char *const *names,
                        size_t n_variants, const cx_sequential_opts *opts,
                        cx_sequential_result *out, cx_error *err)
{
    assert(variants && names && n_variants >= 1 && opts && out);
    *out = (cx_sequential_result){.half_width = NAN};
    size_t cap = opts->max_reps + (opts->batch.antithetic && opts->max_reps % 2);
    cx_status st = check_opts(n_variants, opts, cap, err);
    if (st == CX_OK && cap > UINT32_MAX - (size_t)opts->batch.first_rep)
        st = cx_error_set(err, CX_ERR_USAGE, "at most %u replications", UINT32_MAX);
    while (st == CX_OK && !out->reached) {
        size_t size = cx_sequential_stage_size(out->reps, cap);
        if (size == 0)
            break;
        st = stage(variants, names, n_variants, opts, out->reps, size, cap, out, err);
        out->reps += size;
        out->stages++;
        if (st == CX_OK)
            st = judge(opts, out, out->reps == cap, &out->reached, err);
    }
    if (st != CX_OK) {
        cx_accum_free(out->accum);
        *out = (cx_sequential_result){.half_width = NAN};
    } else if (opts->rule == CX_SEQUENTIAL_FIXED) {
        out->reached = 1;
    }
    return st;
}
