/* results.c - the results directory (docs/results.md: its files, their
 * columns, and which names are stable).
 *
 * Each file is produced by a writer function over a FILE* and written
 * atomically, so a reader never sees half a file. The CSV files hold only
 * the results, so identical inputs give byte-identical files; the run's
 * circumstances (version, wall time) go to run.json alone. The estimates
 * come from the stored replications of a plain batch or from running
 * estimates (results_internal.h); replications.csv from the batch or from
 * the parts a stream wrote to disk stage by stage.
 */
#include "config.h"

#include "cxsim/results.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/atomic.h"
#include "cxsim/checkpoint.h"
#include "cxsim/csv.h"
#include "cxsim/estimates.h"
#include "cxsim/io.h"
#include "cxsim/json.h"
#include "cxsim/stats.h"
#include "results_internal.h"

typedef int (*results_writer)(FILE *fp, const cx_results_ctx *c);

/* ---- estimates: from stored replications or running statistics ----------- */

/* One rule for both (cx_estimates_*, shared with the command line and the
 * Lua module): the stored replications of a plain batch, else the running
 * statistics. */
static cx_estimates source_of(const cx_results_ctx *c)
{
    return (cx_estimates){c->from_batch ? c->batch : NULL, c->acc};
}

static void est_summary(const cx_results_ctx *c, size_t v, size_t m, cx_estimate *e)
{
    const cx_estimates s = source_of(c);
    cx_estimates_get(&s, CX_ESTIMATES_HORIZON, v, 0, m, CX_RESULTS_LEVEL, e);
}

static void est_paired(const cx_results_ctx *c, size_t v, size_t m, cx_paired *p)
{
    const cx_estimates s = source_of(c);
    cx_estimates_paired(&s, v, m, CX_RESULTS_LEVEL, p);
}

static void est_period(const cx_results_ctx *c, size_t v, size_t t, size_t m, cx_estimate *e)
{
    const cx_estimates s = source_of(c);
    cx_estimates_get(&s, CX_ESTIMATES_PERIOD, v, t, m, CX_RESULTS_LEVEL, e);
}

static void est_touchpoint(const cx_results_ctx *c, size_t v, size_t k, size_t m,
                           cx_estimate *e)
{
    const cx_estimates s = source_of(c);
    cx_estimates_get(&s, CX_ESTIMATES_TOUCHPOINT, v, k, m, CX_RESULTS_LEVEL, e);
}

/* ---- CSV files ------------------------------------------------------------ */

static int write_summary(FILE *fp, const cx_results_ctx *c)
{
    static const char *const header[] = {
        "variant", "metric", "mean", "sd", "ci_low", "ci_high", "n",
    };
    const cx_batch_result *b = c->shape;
    if (cx_csv_row(fp, header, 7) != 0)
        return -1;
    for (size_t v = 0; v < b->n_variants; v++) {
        for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
            cx_estimate e;
            est_summary(c, v, m, &e);
            int rc = cx_results_put_variant_metric(fp, b->variant_names[v], m);
            rc |= cx_csv_number(fp, e.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, e.sd) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, e.ci_low) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, e.ci_high) | cx_csv_sep(fp);
            rc |= cx_csv_size(fp, e.n) | cx_csv_end_row(fp);
            if (rc)
                return -1;
        }
    }
    return 0;
}

/* One summary row of variant v's paired difference from variant 0. */
static int paired_row(FILE *fp, const cx_results_ctx *c, size_t v, size_t m)
{
    char name[2 * CX_NAME_MAX + 2];
    cx_paired p;
    cx_results_pair_name(c->shape, v, name, sizeof name);
    est_paired(c, v, m, &p);
    int rc = cx_results_put_variant_metric(fp, name, m);
    rc |= cx_csv_number(fp, p.diff.mean) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, p.diff.sd) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, p.diff.ci_low) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, p.diff.ci_high) | cx_csv_sep(fp);
    rc |= cx_csv_size(fp, p.diff.n) | cx_csv_end_row(fp);
    return rc;
}

/* Summary plus, for compare, the ALT-baseline rows. */
static int write_summary_paired(FILE *fp, const cx_results_ctx *c)
{
    if (write_summary(fp, c) != 0)
        return -1;
    for (size_t v = 1; v < c->shape->n_variants; v++)
        for (size_t m = 0; m < CX_METRIC_COUNT; m++)
            if (paired_row(fp, c, v, m) != 0)
                return -1;
    return 0;
}

/* compare.csv: each variant against the baseline, metric by metric, with
 * the variance reduction that common random numbers bought. */
static int write_compare(FILE *fp, const cx_results_ctx *c)
{
    static const char *const header[] = {
        "variant", "baseline", "metric", "baseline_mean", "variant_mean", "difference",
        "ci_low", "ci_high", "n", "variance_reduction",
    };
    const cx_batch_result *b = c->shape;
    if (cx_csv_row(fp, header, 10) != 0)
        return -1;
    for (size_t v = 1; v < b->n_variants; v++)
        for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
            cx_paired p;
            cx_estimate ea, eb;
            est_paired(c, v, m, &p);
            est_summary(c, 0, m, &eb);
            est_summary(c, v, m, &ea);
            int rc = cx_csv_field(fp, b->variant_names[v]) | cx_csv_sep(fp);
            rc |= cx_results_put_variant_metric(fp, b->variant_names[0], m);
            rc |= cx_csv_number(fp, eb.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, ea.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, p.diff.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, p.diff.ci_low) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, p.diff.ci_high) | cx_csv_sep(fp);
            rc |= cx_csv_size(fp, p.diff.n) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, p.variance_reduction) | cx_csv_end_row(fp);
            if (rc)
                return -1;
        }
    return 0;
}

static int write_replications(FILE *fp, const cx_results_ctx *c)
{
    static const char *const header[] = {
        "variant", "replication", "metric", "value",
    };
    if (cx_csv_row(fp, header, 4) != 0)
        return -1;
    if (c->stream)
        return cx_results_stream_copy(fp, c->stream);
    for (size_t v = 0; v < c->batch->n_variants; v++)
        if (cx_results_replication_rows(fp, c->batch, v, 0) != 0)
            return -1;
    return 0;
}

/* One row of periods.csv: variant v, period index t (0-based), metric m. */
static int period_row(FILE *fp, const cx_results_ctx *c, size_t v, size_t t, size_t m)
{
    const cx_batch_result *b = c->shape;
    cx_estimate e;
    est_period(c, v, t, m, &e);
    int rc = cx_csv_field(fp, b->variant_names[v]) | cx_csv_sep(fp);
    rc |= cx_csv_size(fp, t + 1) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, cx_metric_name((cx_metric)m)) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e.mean) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e.ci_low) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e.ci_high) | cx_csv_end_row(fp);
    return rc ? -1 : 0;
}

static int write_periods(FILE *fp, const cx_results_ctx *c)
{
    const cx_batch_result *b = c->shape;
    static const char *const header[] = {
        "variant", "period", "metric", "mean", "ci_low", "ci_high",
    };
    if (cx_csv_row(fp, header, 6) != 0)
        return -1;
    for (size_t v = 0; v < b->n_variants; v++)
        for (size_t t = 0; t < b->horizon; t++)
            for (size_t m = 0; m < CX_METRIC_COUNT; m++)
                if (period_row(fp, c, v, t, m) != 0)
                    return -1;
    return 0;
}

/* One row of touchpoints.csv: variant v, touchpoint k, touchpoint metric m. */
static int touchpoint_row(FILE *fp, const cx_results_ctx *c, size_t v, size_t k, size_t m)
{
    const cx_batch_result *b = c->shape;
    cx_estimate e;
    est_touchpoint(c, v, k, m, &e);
    int rc = cx_csv_field(fp, b->variant_names[v]) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, b->journey_names[k]) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, b->touchpoint_names[k]) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, cx_tp_metric_name((cx_tp_metric)m)) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e.mean) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e.ci_low) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e.ci_high) | cx_csv_end_row(fp);
    return rc ? -1 : 0;
}

/* Written even without touchpoints (header only), so the directory always
 * holds the same files. */
static int write_touchpoints(FILE *fp, const cx_results_ctx *c)
{
    const cx_batch_result *b = c->shape;
    static const char *const header[] = {
        "variant", "journey", "touchpoint", "metric", "mean", "ci_low",
        "ci_high",
    };
    if (cx_csv_row(fp, header, 7) != 0)
        return -1;
    for (size_t v = 0; v < b->n_variants; v++)
        for (size_t k = 0; k < b->n_touchpoints; k++)
            for (size_t m = 0; m < CX_TP_METRIC_COUNT; m++)
                if (touchpoint_row(fp, c, v, k, m) != 0)
                    return -1;
    return 0;
}

/* ---- run.json ------------------------------------------------------------- */

/* One parameter "prefix.KEY": value, integral kinds written as integers. */
static void json_param(cx_json *j, const char *prefix, const cx_param_spec *sp,
                       const void *object)
{
    char key[4 * CX_NAME_MAX];
    double x = cx_param_get(sp, object);
    if (snprintf(key, sizeof key, "%s.%s", prefix, sp->key) >= (int)sizeof key)
        j->error = 1;   /* cannot happen with CX_NAME_MAX names */
    cx_json_key(j, key);
    if (sp->kind == CX_PARAM_REAL)
        cx_json_number(j, x);
    else
        cx_json_integer(j, (long long)x);
}

/* Every parameter of the specs table for one object. */
static void json_params(cx_json *j, const char *prefix,
                        const cx_param_spec *specs, size_t n, const void *object)
{
    for (size_t i = 0; i < n; i++)
        json_param(j, prefix, &specs[i], object);
}

/* "KEY": x, with the key made by printf; an over-long key (impossible
 * with CX_NAME_MAX names) fails the document rather than being cut. */
static void json_number_at(cx_json *j, double x, const char *fmt, ...)
{
    char key[5 * CX_NAME_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(key, sizeof key, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof key)
        j->error = 1;
    cx_json_key(j, key);
    cx_json_number(j, x);
}

/* "journey.J.frequency" (the default for all segments), then one
 * "journey.J.frequency.SEGMENT" per segment given its own. */
static void json_frequency(cx_json *j, const cx_journey *jr)
{
    json_number_at(j, jr->frequency, "journey.%s.frequency", jr->name);
    for (size_t i = 0; i < jr->n_by_segment; i++)
        json_number_at(j, jr->by_segment[i].value, "journey.%s.frequency.%s",
                       jr->name, jr->by_segment[i].segment);
}

/* Touchpoint parameters of journey jr: "journey.J.TP.KEY", then channel,
 * then "journey.J.TP.next.NAME" per successor edge (none when the
 * touchpoint simply leads to the next in order). */
static void json_journey(cx_json *j, const cx_journey *jr)
{
    size_t n;
    const cx_param_spec *specs = cx_model_touchpoint_params(&n);
    char prefix[3 * CX_NAME_MAX], key[4 * CX_NAME_MAX];
    json_frequency(j, jr);
    for (size_t k = 0; k < jr->n_touchpoints; k++) {
        const cx_touchpoint *tp = &jr->touchpoints[k];
        snprintf(prefix, sizeof prefix, "journey.%s.%s", jr->name, tp->name);
        json_params(j, prefix, specs, n, tp);
        snprintf(key, sizeof key, "%s.channel", prefix);
        cx_json_key(j, key);
        cx_json_string(j, tp->channel);
        for (size_t i = 0; i < tp->n_next && i < CX_MAX_NEXT; i++)
            json_number_at(j, tp->next_p[i], "%s.next.%s", prefix,
                           tp->next_name[i]);
    }
}

/* "parameters": every parameter of the model after --set, in table order. */
static void json_model_params(cx_json *j, const cx_model *model)
{
    size_t n;
    const cx_param_spec *specs;
    char prefix[2 * CX_NAME_MAX];
    cx_json_begin_object(j);
    if (model) {
        specs = cx_model_scenario_params(&n);
        json_params(j, "scenario", specs, n, model);
        specs = cx_model_segment_params(&n);
        for (size_t s = 0; s < model->n_segments; s++) {
            snprintf(prefix, sizeof prefix, "segment.%s", model->segments[s].name);
            json_params(j, prefix, specs, n, &model->segments[s]);
        }
        for (size_t k = 0; k < model->n_journeys; k++)
            json_journey(j, &model->journeys[k]);
    }
    cx_json_end_object(j);
}

static void json_scenario(cx_json *j, const cx_results_info *info)
{
    cx_json_begin_object(j);
    cx_json_key(j, "path");
    cx_json_string(j, info->scenario_path);
    if (info->origin && info->origin->scenario_absolute[0]) {
        cx_json_key(j, "absolute_path");
        cx_json_string(j, info->origin->scenario_absolute);
    }
    cx_json_key(j, "sha256");
    cx_json_string(j, info->scenario_sha256);
    cx_json_key(j, "name");
    cx_json_string(j, info->model ? info->model->name : NULL);
    cx_json_end_object(j);
}

static void json_variants(cx_json *j, const cx_batch_result *b)
{
    cx_json_begin_array(j);
    for (size_t v = 0; v < b->n_variants; v++)
        cx_json_string(j, b->variant_names[v]);
    cx_json_end_array(j);
}

/* Distinct journey names of the touchpoints, in order of first use. */
static void json_journeys(cx_json *j, const cx_batch_result *b)
{
    cx_json_begin_array(j);
    for (size_t k = 0; k < b->n_touchpoints; k++) {
        size_t i = 0;
        while (i < k && strcmp(b->journey_names[i], b->journey_names[k]) != 0)
            i++;
        if (i == k)
            cx_json_string(j, b->journey_names[k]);
    }
    cx_json_end_array(j);
}

/* The command line and the start time, just before wall_seconds: with it,
 * the members that differ between runs of the same results. */
static void json_origin(cx_json *j, const cx_results_info *info)
{
    const cx_results_origin *o = info->origin;
    if (!o)
        return;
    cx_json_key(j, "command_line");
    cx_json_begin_array(j);
    for (size_t i = 0; i < o->argc; i++)
        cx_json_string(j, o->argv[i]);
    cx_json_end_array(j);
    if (o->started[0]) {
        cx_json_key(j, "started");
        cx_json_string(j, o->started);
    }
}

static void json_overrides(cx_json *j, const cx_results_info *info)
{
    cx_json_begin_array(j);
    for (size_t i = 0; i < info->n_overrides; i++)
        cx_json_string(j, info->overrides[i]);
    cx_json_end_array(j);
}

/* "antithetic" and "reps_auto" appear only for runs that used them, so a
 * plain run's run.json is what it always was. */
static void json_run_mode(cx_json *j, const cx_results_info *info)
{
    const cx_results_precision *p = info->precision;
    if (info->antithetic) {
        cx_json_key(j, "antithetic");
        cx_json_bool(j, 1);
    }
    if (!p)
        return;
    cx_json_key(j, "reps_auto");
    cx_json_begin_object(j);
    cx_json_key(j, "metric");       cx_json_string(j, p->metric);
    cx_json_key(j, "of");           cx_json_string(j, p->paired ? "paired_difference" : "mean");
    cx_json_key(j, "precision");    cx_json_number(j, p->target);
    cx_json_key(j, "max_reps");     cx_json_integer(j, (long long)p->max_reps);
    cx_json_key(j, "reached");      cx_json_bool(j, p->reached);
    cx_json_key(j, "half_width");   cx_json_number(j, p->half_width);
    cx_json_key(j, "stages");       cx_json_integer(j, (long long)p->stages);
    cx_json_end_object(j);
}

static int write_run_json(FILE *fp, const cx_results_ctx *c)
{
    const cx_batch_result *b = c->shape;
    const cx_results_info *info = c->info;
    cx_json j;
    cx_json_init(&j, fp, 2);
    cx_json_begin_object(&j);
    cx_json_key(&j, "cxsim_version");   cx_json_string(&j, PACKAGE_VERSION);
    cx_json_key(&j, "command");         cx_json_string(&j, info->command);
    cx_json_key(&j, "scenario");        json_scenario(&j, info);
    cx_json_key(&j, "seed");            cx_json_integer(&j, info->seed);
    cx_json_key(&j, "reps");            cx_json_integer(&j, (long long)b->reps);
    /* an interrupted run: the replications it was asked for, and that the
     * directory holds checkpoint.bin for --resume */
    cx_json_key(&j, "complete");        cx_json_bool(&j, b->reps >= b->reps_requested);
    cx_json_key(&j, "reps_requested");
    cx_json_integer(&j, (long long)(b->reps_requested > b->reps ? b->reps_requested : b->reps));
    json_run_mode(&j, info);
    cx_json_key(&j, "threads");         cx_json_integer(&j, info->threads);
    cx_json_key(&j, "variants");        json_variants(&j, b);
    cx_json_key(&j, "horizon");         cx_json_integer(&j, (long long)b->horizon);
    cx_json_key(&j, "population");
    if (info->model)
        cx_json_integer(&j, info->model->population);
    else
        cx_json_null(&j);
    cx_json_key(&j, "touchpoints");
    cx_json_integer(&j, (long long)b->n_touchpoints);
    cx_json_key(&j, "journeys");        json_journeys(&j, b);
    cx_json_key(&j, "overrides");       json_overrides(&j, info);
    cx_json_key(&j, "parameters");      json_model_params(&j, info->model);
    if (info->extra)
        info->extra(&j, info->extra_ctx);
    json_origin(&j, info);
    cx_json_key(&j, "wall_seconds");    cx_json_number(&j, info->wall_seconds);
    cx_json_end_object(&j);
    return cx_json_finish(&j);
}

static int write_checkpoint(FILE *fp, const cx_results_ctx *c)
{
    return cx_checkpoint_write(fp, c->batch, c->info->resume_key ? c->info->resume_key : "");
}

/* A finished run (a resumed one, or another run with --force) leaves no
 * checkpoint that --resume could take for its own, and a run no compare.csv
 * of an earlier compare: their removal is part of the group, so the
 * directory is wholly the new run's or wholly the old. */
static cx_status remove_in_group(cx_atomic_group *g, const char *dir, const char *name,
                                 cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    cx_status st = cx_io_join(dir, name, path, err);
    return st == CX_OK ? cx_atomic_group_remove(g, path, err) : st;
}

/* run.json of an analysis: what the analysis writes for a whole batch of
 * runs of one variant. */
typedef struct analysis_json {
    const cx_results_info *info;
    const char *variant;
    cx_results_json_fn extra;
    void *ctx;
} analysis_json;

/* Journey names of the model, in declaration order. */
static void json_model_journeys(cx_json *j, const cx_model *m)
{
    cx_json_begin_array(j);
    for (size_t k = 0; k < m->n_journeys; k++)
        cx_json_string(j, m->journeys[k].name);
    cx_json_end_array(j);
}

static int write_analysis_json(FILE *fp, const void *ctx)
{
    const analysis_json *a = ctx;
    const cx_results_info *info = a->info;
    cx_json j;
    cx_json_init(&j, fp, 2);
    cx_json_begin_object(&j);
    cx_json_key(&j, "cxsim_version");   cx_json_string(&j, PACKAGE_VERSION);
    cx_json_key(&j, "command");         cx_json_string(&j, info->command);
    cx_json_key(&j, "scenario");        json_scenario(&j, info);
    cx_json_key(&j, "seed");            cx_json_integer(&j, info->seed);
    cx_json_key(&j, "reps");            cx_json_integer(&j, (long long)info->reps);
    cx_json_key(&j, "threads");         cx_json_integer(&j, info->threads);
    cx_json_key(&j, "variants");
    cx_json_begin_array(&j);
    cx_json_string(&j, a->variant);
    cx_json_end_array(&j);
    cx_json_key(&j, "horizon");         cx_json_integer(&j, info->model->horizon);
    cx_json_key(&j, "population");      cx_json_integer(&j, info->model->population);
    cx_json_key(&j, "touchpoints");
    cx_json_integer(&j, (long long)cx_model_touchpoint_count(info->model));
    cx_json_key(&j, "journeys");        json_model_journeys(&j, info->model);
    cx_json_key(&j, "overrides");       json_overrides(&j, info);
    cx_json_key(&j, "parameters");      json_model_params(&j, info->model);
    if (a->extra)
        a->extra(&j, a->ctx);
    json_origin(&j, info);
    cx_json_key(&j, "wall_seconds");    cx_json_number(&j, info->wall_seconds);
    cx_json_end_object(&j);
    return cx_json_finish(&j);
}

/* ---- single files onto a stream (--format csv) ---------------------------- */

static cx_results_ctx stream_ctx(const cx_batch_result *b, const cx_accum *acc, int paired)
{
    const cx_batch_result *shape = cx_accum_shape(acc);
    return (cx_results_ctx){
        .shape = shape, .batch = b, .from_batch = b && !b->antithetic, .acc = acc,
        .paired = paired && shape->n_variants > 1,
    };
}

int cx_results_summary_csv(FILE *fp, const cx_batch_result *b, const cx_accum *acc,
                           int paired)
{
    cx_results_ctx c = stream_ctx(b, acc, paired);
    return c.paired ? write_summary_paired(fp, &c) : write_summary(fp, &c);
}

int cx_results_compare_csv(FILE *fp, const cx_batch_result *b, const cx_accum *acc)
{
    cx_results_ctx c = stream_ctx(b, acc, 1);
    return write_compare(fp, &c);
}

/* ---- the directory -------------------------------------------------------- */

/* Writes dir/name with fn, as a member of group g (renamed at commit). */
static cx_status write_member(cx_atomic_group *g, const char *dir, const char *name,
                              int (*fn)(FILE *fp, const void *ctx), const void *ctx,
                              cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    FILE *fp;
    cx_status st = cx_io_join(dir, name, path, err);
    if (st == CX_OK)
        st = cx_atomic_group_open(g, path, &fp, err);
    if (st != CX_OK)
        return st;
    errno = 0;
    if (fn(fp, ctx) != 0) {
        /* errno is the failed write's reason (EIO if none was left). */
        int e = errno ? errno : EIO;
        return cx_error_set(err, CX_ERR_IO, "cannot write %s: %s", path,
                            strerror(e));
    }
    return CX_OK;
}

/* A results writer and its context, behind write_member's untyped one. */
typedef struct typed_writer {
    results_writer fn;
    const cx_results_ctx *c;
} typed_writer;

static int call_typed(FILE *fp, const void *ctx)
{
    const typed_writer *t = ctx;
    return t->fn(fp, t->c);
}

static cx_status write_file(cx_atomic_group *g, const char *dir, const char *name,
                            results_writer fn, const cx_results_ctx *c, cx_error *err)
{
    typed_writer t = {fn, c};
    return write_member(g, dir, name, call_typed, &t, err);
}

/* The command's own files (info->files), into g. */
static cx_status write_own_files(cx_atomic_group *g, const char *dir, const cx_results_info *info,
                                 cx_error *err)
{
    cx_status st = CX_OK;
    for (size_t i = 0; st == CX_OK && info && i < info->n_files; i++)
        st = write_member(g, dir, info->files[i].name, info->files[i].write,
                          info->files[i].ctx, err);
    return st;
}

cx_status cx_results_write_all(const char *dir, const cx_results_ctx *c, cx_error *err)
{
    /* the estimates come from the stored replications or from the running
     * ones (results_internal.h), and replications.csv from the batch or the
     * stream: each needs its source */
    assert(dir && c && c->shape && c->acc);
    assert(!c->from_batch || c->batch);
    assert(c->stream || c->batch);
    static const struct {
        const char *name;
        results_writer fn;
        int paired_only;
    } files[] = {
        {"summary.csv", write_summary, 0},
        {"replications.csv", write_replications, 0},
        {"periods.csv", write_periods, 0},
        {"touchpoints.csv", write_touchpoints, 0},
        {"segments.csv", cx_results_write_segments, 0},
        {"compare.csv", write_compare, 1},
        {"nps.csv", cx_results_write_nps, 0},
        {"variance.csv", cx_results_write_variance, 0},
    };
    int stopped = c->shape->reps < c->shape->reps_requested;
    cx_atomic_group g;
    cx_atomic_group_init(&g);
    cx_status st = cx_io_mkdir_p(dir, err);
    for (size_t i = 0; st == CX_OK && i < sizeof files / sizeof files[0]; i++) {
        results_writer fn = c->paired && i == 0 ? write_summary_paired : files[i].fn;
        if (!files[i].paired_only || c->paired)
            st = write_file(&g, dir, files[i].name, fn, c, err);
    }
    if (st == CX_OK)
        st = write_own_files(&g, dir, c->info, err);
    if (st == CX_OK && stopped)
        st = write_file(&g, dir, CX_CHECKPOINT_FILE, write_checkpoint, c, err);
    else if (st == CX_OK)     /* an earlier stopped run's, in the same group */
        st = remove_in_group(&g, dir, CX_CHECKPOINT_FILE, err);
    if (st == CX_OK && !c->paired)      /* an earlier compare's */
        st = remove_in_group(&g, dir, "compare.csv", err);
    /* run.json goes last: it is renamed last, so a directory whose run.json
     * is this run's holds every other file of this run */
    if (st == CX_OK)
        st = write_file(&g, dir, "run.json", write_run_json, c, err);
    if (st == CX_OK)
        st = cx_atomic_group_commit(&g, err);
    else
        cx_atomic_group_abort(&g);
    return st;
}

cx_status cx_results_write(const char *dir, const cx_batch_result *b,
                           const cx_results_info *info, cx_error *err)
{
    if (!dir || !b || !info || b->reps == 0 || b->horizon == 0 ||
        (b->n_touchpoints > 0 && (!b->journey_names || !b->touchpoint_names ||
                                  !b->touchpoint_values)))
        return cx_error_set(err, CX_ERR_USAGE,
                            "results: need a directory, a batch result with "
                            "replications, periods and its touchpoints' "
                            "values, and run information");
    cx_accum *acc = cx_accum_new(b, b->antithetic);
    cx_status st = acc ? cx_accum_add(acc, b, err)
                       : cx_error_set(err, CX_ERR_NOMEM, "out of memory for the estimates");
    cx_results_ctx c = {
        .shape = b, .batch = b, .from_batch = !b->antithetic, .acc = acc, .info = info,
        .paired = info->paired && b->n_variants > 1,
    };
    if (st == CX_OK)
        st = cx_results_write_all(dir, &c, err);
    cx_accum_free(acc);
    return st;
}

cx_status cx_results_stream_finish(cx_results_stream *s, const cx_accum *acc,
                                   const cx_results_info *info, cx_error *err)
{
    const cx_batch_result *shape = cx_accum_shape(acc);
    cx_results_ctx c = {
        .shape = shape, .acc = acc, .stream = s, .info = info,
        .paired = info->paired && shape->n_variants > 1,
    };
    cx_status st = CX_OK;
    if (cx_accum_reps(acc) == 0 || cx_accum_reps(acc) != s->reps ||
        shape->n_variants != s->n_variants)
        st = cx_error_set(err, CX_ERR_USAGE, "results: the estimates are not those of the "
                          "replications written");
    if (st == CX_OK)
        st = cx_results_write_all(s->dir, &c, err);
    cx_results_stream_abort(s);
    return st;
}

cx_status cx_results_write_analysis_json(const char *dir, const cx_results_info *info,
                                         const char *variant, cx_results_json_fn extra,
                                         void *ctx, cx_error *err)
{
    if (!dir || !info || !info->model)
        return cx_error_set(err, CX_ERR_USAGE, "results: run.json needs a directory and "
                            "run information with the model");
    analysis_json a = {info, variant, extra, ctx};
    cx_atomic_group g;
    cx_atomic_group_init(&g);
    cx_status st = cx_io_mkdir_p(dir, err);
    if (st == CX_OK)
        st = write_own_files(&g, dir, info, err);
    if (st == CX_OK)    /* last, as a run's: it marks a whole directory */
        st = write_member(&g, dir, "run.json", write_analysis_json, &a, err);
    if (st == CX_OK)
        st = cx_atomic_group_commit(&g, err);
    else
        cx_atomic_group_abort(&g);
    return st;
}
