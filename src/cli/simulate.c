/* simulate.c - what run and compare share: the scenario's variants on the
 * batch runner (in stages, for --reps auto and --antithetic), with
 * progress, and the results directory. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "cxsim/batch.h"
#include "cxsim/io.h"
#include "cxsim/model.h"
#include "cxsim/results.h"
#include "cxsim/scenario.h"
#include "cxsim/sequential.h"

/* The variants to run: the scenario's (baseline first), or the model as it
 * is under the name "baseline". */
static size_t variant_plan(const cx_model *m, size_t *index, const char **names)
{
    size_t n = cx_model_variant_order(m, index, CX_CLI_MAX_VARIANTS);
    for (size_t v = 0; v < n; v++)
        names[v] = m->variants[index[v]].name;
    if (n == 0) {
        index[0] = CX_NO_VARIANT;
        names[0] = "baseline";
        n = 1;
    }
    return n;
}

/* --metric names (the first is the primary metric: nps when none). */
static cx_status parse_metrics(const cx_cli_opts *o, cx_cli_sim *run, cx_error *err)
{
    run->n_metrics = 0;
    for (size_t i = 0; i < o->n_metrics; i++) {
        int m = cx_metric_from_name(o->metrics[i]);
        if (m < 0)
            return cx_error_set(err, CX_ERR_USAGE, "--metric: no metric named '%s' (the "
                                "metric names are listed in docs/results.md)", o->metrics[i]);
        run->metrics[run->n_metrics++] = m;
    }
    if (run->n_metrics == 0)
        run->metrics[run->n_metrics++] = CX_M_NPS;
    return CX_OK;
}

static cx_status check_flags(const cx_cli_opts *o, cx_error *err)
{
    if (o->max_reps && !o->reps_auto)
        return cx_error_set(err, CX_ERR_USAGE, "--max-reps goes with --reps auto");
    if (o->reps_auto && o->reps)
        return cx_error_set(err, CX_ERR_USAGE, "--reps auto and --reps N exclude each other");
    return CX_OK;
}

/* A plain batch: every replication kept, estimated as before. */
static cx_status run_plain(const cx_model *const *models, cx_cli_sim *run, cx_error *err)
{
    cx_status st = cx_batch_run(models, run->names, run->n_variants, &run->opts, &run->result,
                                err);
    if (st == CX_OK && !(run->accum = cx_accum_new(run->result, 0)))
        st = cx_error_set(err, CX_ERR_NOMEM, "out of memory for the estimates");
    return st == CX_OK ? cx_accum_add(run->accum, run->result, err) : st;
}

/* Each stage's replications go to replications.csv on disk, not memory. */
typedef struct stage_sink {
    const cx_cli_opts *o;
    cx_cli_sim *run;
} stage_sink;

static cx_status sink(void *ctx, const cx_batch_result *stage, size_t first, cx_error *err)
{
    stage_sink *s = ctx;
    cx_status st = CX_OK;
    if (!s->o->out)
        return CX_OK;
    if (!s->run->stream)
        st = cx_results_stream_open(s->o->out, stage, &s->run->stream, err);
    return st == CX_OK ? cx_results_stream_add(s->run->stream, stage, first, err) : st;
}

/* Stages: until the precision or the cap (--reps auto), or exactly the
 * replications asked for (--antithetic alone). */
static cx_status run_staged(const cx_cli_opts *o, const cx_model *const *models,
                            cx_cli_sim *run, cx_error *err)
{
    stage_sink ctx = {o, run};
    cx_sequential_opts so = {
        .batch = run->opts, .rule = CX_SEQUENTIAL_FIXED, .metric = run->metrics[0],
        .precision = o->precision, .max_reps = run->opts.reps, .on_stage = sink, .ctx = &ctx,
    };
    cx_sequential_result r;
    if (o->reps_auto) {
        so.rule = run->paired ? CX_SEQUENTIAL_PAIRED : CX_SEQUENTIAL_MEANS;
        so.max_reps = o->max_reps ? o->max_reps : CX_SEQUENTIAL_DEFAULT_MAX;
    }
    cx_status st = cx_sequential_run(models, run->names, run->n_variants, &so, &r, err);
    if (st != CX_OK)
        return st;
    run->accum = r.accum;
    run->opts.reps = r.reps;
    run->precision = (cx_run_precision){
        .metric = cx_metric_name((cx_metric)run->metrics[0]),
        .paired = so.rule == CX_SEQUENTIAL_PAIRED, .target = o->precision,
        .max_reps = so.max_reps + (o->antithetic && so.max_reps % 2), .reached = r.reached,
        .half_width = r.half_width, .stages = r.stages,
    };
    return CX_OK;
}

cx_status cx_cli_simulate(const cx_cli_opts *o, const cx_model *m, cx_cli_sim *run,
                          cx_error *err)
{
    const cx_model *models[CX_CLI_MAX_VARIANTS];
    cx_status st = check_flags(o, err);
    if (st == CX_OK)
        st = parse_metrics(o, run, err);
    if (st != CX_OK)
        return st;
    /* cx_cli_load has refused a scenario with too many variants */
    size_t n = variant_plan(m, run->index, run->names);
    for (size_t v = 0; v < n; v++)
        models[v] = m;
    run->n_variants = n;
    run->opts = (cx_batch_opts){
        .reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .variant_index = run->index, .antithetic = o->antithetic,
    };
    run->staged = o->reps_auto || o->antithetic;
    run->reps_auto = o->reps_auto;
    st = cx_cli_policy(o, &run->policy, err);
    if (st != CX_OK)
        return st;
    run->opts.policy = run->policy;
    cx_progress *p = cx_progress_new(!o->quiet);
    run->opts.progress = cx_progress_update;
    run->opts.progress_ctx = p;
    double start = cx_cli_now();
    st = run->staged ? run_staged(o, models, run, err) : run_plain(models, run, err);
    run->wall = cx_cli_now() - start;
    cx_progress_finish(p);
    return st;
}

cx_status cx_cli_write(const cx_cli_opts *o, const cx_model *m, cx_cli_sim *run, int paired,
                       cx_error *err)
{
    char hash[65];
    if (!o->out)
        return CX_OK;
    cx_status st = cx_sha256_file(o->scenario, hash, err);
    if (st != CX_OK)
        return st;
    cx_run_info info = {
        .command = o->verb, .scenario_path = o->scenario, .scenario_sha256 = hash,
        .seed = run->opts.seed, .reps = run->opts.reps, .threads = run->opts.threads,
        .model = m, .overrides = o->sets, .n_overrides = o->n_sets,
        .wall_seconds = run->wall, .paired = paired, .antithetic = o->antithetic,
        .precision = run->reps_auto ? &run->precision : NULL,
    };
    if (!run->staged)
        return cx_results_write(o->out, run->result, &info, err);
    st = cx_results_stream_finish(run->stream, run->accum, &info, err);
    run->stream = NULL;     /* finished (and freed) whatever the outcome */
    return st;
}

void cx_cli_run_release(cx_cli_sim *run)
{
    cx_batch_result_free(run->result);
    cx_accum_free(run->accum);
    cx_results_stream_abort(run->stream);
    cx_scenario_policy_free(run->policy);
    run->result = NULL;
    run->accum = NULL;
    run->stream = NULL;
    run->policy = NULL;
}

/* A plain run's estimates come from its stored replications, exactly as
 * before running estimates existed; a run in stages has only those. */
void cx_cli_estimate(const cx_cli_sim *run, size_t v, size_t m, cx_estimate *out)
{
    if (!run->staged)
        cx_stats_estimate(cx_batch_horizon(run->result, v, 0) + m, CX_METRIC_COUNT,
                          run->result->reps, 0.95, out);
    else
        cx_accum_estimate(run->accum, v, m, 0.95, out);
}

void cx_cli_paired(const cx_cli_sim *run, size_t v, size_t m, cx_paired *out)
{
    if (!run->staged)
        cx_stats_paired(cx_batch_horizon(run->result, v, 0) + m,
                        cx_batch_horizon(run->result, 0, 0) + m, CX_METRIC_COUNT,
                        run->result->reps, 0.95, out);
    else
        cx_accum_paired(run->accum, v, m, 0.95, out);
}

const char *cx_cli_variant_name(const cx_cli_sim *run, size_t v)
{
    return run->names[v];
}

void cx_cli_headline(const cx_cli_opts *o, const cx_model *m, const cx_cli_sim *run)
{
    char pairs[48] = "";
    if (o->antithetic)
        snprintf(pairs, sizeof pairs, " (%zu antithetic pair%s)", run->opts.reps / 2,
                 run->opts.reps == 2 ? "" : "s");
    printf("%s: \"%s\", %zu variant%s x %zu replications%s x %ld customers x %d periods, "
           "seed %u, %u threads, %.2f s\n", o->scenario, m->name, run->n_variants,
           run->n_variants == 1 ? "" : "s", run->opts.reps, pairs, m->population, m->horizon,
           (unsigned)run->opts.seed, run->opts.threads, run->wall);
}
