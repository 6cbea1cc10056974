/* simulate.c - what run and compare share: the scenario's variants on the
 * batch runner (in stages, for --reps auto and --antithetic), with
 * progress, interruption and --resume, and the results directory. */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/batch.h"
#include "cxsim/checkpoint.h"
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
        if (m < 0) {
            char hint[96];
            cx_metric_hint(o->metrics[i], hint, sizeof hint);
            return cx_error_set(err, CX_ERR_USAGE, "--metric: no metric named '%s'%s (the "
                                "metric names are listed in docs/results.md)", o->metrics[i],
                                hint);
        }
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
    if (o->resume && (o->reps_auto || o->antithetic))
        return cx_error_set(err, CX_ERR_USAGE, "--resume continues plain runs only, not "
                            "--reps auto or --antithetic ones");
    return CX_OK;
}

/* What a resumed run must share with the interrupted one for the two to
 * give the bytes of one uninterrupted run: the command, the scenario's
 * content and that of every file it read (modules, CSV), the seed, the
 * replications asked for and every --set. (The thread count may differ:
 * results do not depend on it.) */
static cx_status resume_key(const cx_cli_opts *o, const cx_model *m, size_t reps, char *key,
                            size_t size, cx_error *err)
{
    char hash[65];
    cx_status st = cx_sha256_file(o->scenario, hash, err);
    if (st != CX_OK)
        return st;
    size_t n = (size_t)snprintf(key, size, "command %s\nscenario_sha256 %s\n"
                                "inputs_sha256 %s\nseed %u\nreps %zu\n", o->verb, hash,
                                m->inputs_sha256[0] ? m->inputs_sha256 : "none",
                                (unsigned)o->seed, reps);
    for (size_t i = 0; i < o->n_sets && n < size; i++)
        n += (size_t)snprintf(key + n, size - n, "set %s\n", o->sets[i]);
    if (n >= size)
        return cx_error_set(err, CX_ERR_USAGE, "too many --set to resume a run");
    return CX_OK;
}

/* The first line where two keys differ, for the refusal's message. */
static void first_difference(const char *a, const char *b, char *out, size_t size)
{
    while (*a && *b) {
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
        if (la != lb || memcmp(a, b, la) != 0) {
            snprintf(out, size, "'%.*s' there, '%.*s' here", (int)(la > 200 ? 200 : la), a,
                     (int)(lb > 200 ? 200 : lb), b);
            return;
        }
        a += la + (ea != NULL);
        b += lb + (eb != NULL);
    }
    snprintf(out, size, "%s", *a ? "more --set there" : "more --set here");
}

/* Reads the checkpoint of --resume DIR and checks it belongs to this
 * command; *done is the stopped batch. */
static cx_status resume_load(const cx_cli_opts *o, const cx_cli_sim *run, size_t n_variants,
                             cx_batch_result **done, cx_error *err)
{
    char path[4200], *key = NULL;
    snprintf(path, sizeof path, "%s/%s", o->resume, CX_CHECKPOINT_FILE);
    cx_status st = cx_checkpoint_read(path, done, &key, err);
    if (st == CX_ERR_IO)
        return cx_error_set(err, CX_ERR_USAGE, "--resume %s: no interrupted run there (%s "
                            "is missing: the run was complete, or never started)", o->resume,
                            CX_CHECKPOINT_FILE);
    if (st != CX_OK)
        return st;
    if (strcmp(key, run->resume_key) != 0) {
        char why[512];
        first_difference(key, run->resume_key, why, sizeof why);
        st = cx_error_set(err, CX_ERR_USAGE, "--resume %s: that run was made by another "
                          "command, scenario or flags (%s); resume it with the same ones",
                          o->resume, why);
    } else if ((*done)->n_variants != n_variants) {
        st = cx_error_set(err, CX_ERR_INPUT, "--resume %s: the checkpoint has %zu variants, "
                          "the scenario %zu", o->resume, (*done)->n_variants, n_variants);
    }
    free(key);
    if (st != CX_OK) {
        cx_batch_result_free(*done);
        *done = NULL;
    }
    return st;
}

cx_status cx_cli_check_out(const cx_cli_opts *o, cx_error *err)
{
    char path[4200];
    if (!o->out || o->force || o->resume)
        return CX_OK;
    snprintf(path, sizeof path, "%s/run.json", o->out);
    if (access(path, F_OK) != 0)
        return CX_OK;
    return cx_error_set(err, CX_ERR_USAGE, "%s already holds the results of a run (run.json); "
                        "give --force to replace them, --resume %s to continue an interrupted "
                        "run, or another --out", o->out, o->out);
}

void cx_cli_report_stop(const cx_cli_opts *o, const cx_cli_sim *run)
{
    size_t done = run->result ? run->result->reps : 0;
    if (run->staged) {
        fprintf(stderr, "cxsim: interrupted: a run in stages (--reps auto, --antithetic) "
                "keeps nothing when stopped; nothing written.\n");
        return;
    }
    fprintf(stderr, "cxsim: interrupted: %zu of %zu replications complete in every variant",
            done, run->opts.reps + run->opts.first_rep);
    if (o->out && done > 0)
        fprintf(stderr, "; %s/ holds them (run.json: \"complete\": false).\n"
                "       Continue with: cxsim %s %s --resume %s (and the same --seed, --reps "
                "and --set)\n", o->out, o->verb, o->scenario, o->out);
    else
        fprintf(stderr, "; nothing written.\n");
}

int cx_cli_sim_finish(const cx_cli_opts *o, struct cx_model *m, cx_cli_sim *run, cx_status st,
                      int stopped, cx_error *err)
{
    if (st == CX_OK && run->accum)
        st = cx_cli_write_report(o, err);
    if (st == CX_OK && stopped)
        cx_cli_report_stop(o, run);
    cx_cli_run_release(run);
    cx_model_free(m);
    if (st != CX_OK)
        return cx_cli_fail(err->code, err->msg);
    return stopped ? cx_error_exit_status(CX_ERR_STOPPED) : 0;
}

/* Progress, and the test hook CXSIM_TEST_INTERRUPT_AFTER=N: the process
 * sends itself SIGINT once N units are done, so the interruption tests
 * stop a run at a known point rather than after a guessed delay. */
typedef struct progress_hook {
    cx_progress *p;
    size_t interrupt_after;     /* 0: never */
    int raised;                 /* atomic: workers report in parallel */
} progress_hook;

static void on_progress(void *ctx, size_t done, size_t total)
{
    progress_hook *h = ctx;
    cx_progress_update(h->p, done, total);
    if (h->interrupt_after && done >= h->interrupt_after &&
        !__atomic_exchange_n(&h->raised, 1, __ATOMIC_RELAXED))
        raise(SIGINT);
}

/* A plain batch: every replication kept, estimated as before; with
 * --resume, the replications of the stopped batch first, then the rest
 * with the random numbers they would have had in one batch. A stopped
 * batch keeps the replications every variant completed. */
static cx_status run_plain(const cx_model *const *models, cx_cli_sim *run,
                           cx_batch_result *before, cx_error *err)
{
    if (before) {
        run->opts.first_rep = (uint32_t)before->reps;
        run->opts.reps -= before->reps;
    }
    cx_status st = cx_batch_run(models, run->names, run->n_variants, &run->opts, &run->result,
                                err);
    if (before && (st == CX_OK || st == CX_ERR_STOPPED)) {
        cx_batch_result *part = run->result, *all = NULL;
        cx_error why;
        if (!part) {
            all = before;       /* stopped again before one more replication */
            before = NULL;
        } else if (cx_batch_result_append(before, part, &all, &why) != CX_OK) {
            st = why.code;
            *err = why;
        }
        if (all)
            all->reps_requested = run->opts.first_rep + run->opts.reps;
        cx_batch_result_free(part);
        run->result = all;
    }
    cx_batch_result_free(before);
    if (run->result && !(run->accum = cx_accum_new(run->result, 0)))
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for the estimates");
    if (run->accum) {
        cx_error why;
        if (cx_accum_add(run->accum, run->result, &why) != CX_OK) {
            *err = why;
            return why.code;
        }
    }
    return st;
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
        .variant_index = run->index, .stop = cx_cli_interrupt_install(),
        .antithetic = o->antithetic,
    };
    run->staged = o->reps_auto || o->antithetic;
    run->reps_auto = o->reps_auto;
    st = resume_key(o, m, run->opts.reps, run->resume_key, sizeof run->resume_key, err);
    cx_batch_result *before = NULL;
    if (st == CX_OK && o->resume)
        st = resume_load(o, run, n, &before, err);
    if (st == CX_OK)
        st = cx_cli_policy(o, &run->policy, err);
    if (st != CX_OK) {
        cx_batch_result_free(before);
        return st;
    }
    run->opts.policy = run->policy;
    cx_progress *p = cx_progress_new(!o->quiet, "replications", n);
    const char *after = getenv("CXSIM_TEST_INTERRUPT_AFTER");
    progress_hook hook = {.p = p, .interrupt_after = after ? strtoul(after, NULL, 10) : 0};
    run->opts.progress = on_progress;
    run->opts.progress_ctx = &hook;
    double start = cx_cli_now();
    st = run->staged ? run_staged(o, models, run, err) : run_plain(models, run, before, err);
    run->wall = cx_cli_now() - start;
    cx_progress_finish(p);
    return st;
}

size_t cx_cli_reps(const cx_cli_sim *run)
{
    return run->staged ? run->opts.reps : (run->result ? run->result->reps : 0);
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
        .seed = run->opts.seed, .reps = cx_cli_reps(run), .threads = run->opts.threads,
        .model = m, .overrides = o->sets, .n_overrides = o->n_sets,
        .wall_seconds = run->wall, .paired = paired, .resume_key = run->resume_key,
        .antithetic = o->antithetic, .precision = run->reps_auto ? &run->precision : NULL,
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
        snprintf(pairs, sizeof pairs, " (%zu antithetic pair%s)", cx_cli_reps(run) / 2,
                 cx_cli_reps(run) == 2 ? "" : "s");
    printf("%s: \"%s\", %zu variant%s x %zu replications%s x %ld customers x %d periods, "
           "seed %u, %u threads, %.2f s\n", o->scenario, m->name, run->n_variants,
           run->n_variants == 1 ? "" : "s", cx_cli_reps(run), pairs, m->population, m->horizon,
           (unsigned)run->opts.seed, run->opts.threads, run->wall);
}
