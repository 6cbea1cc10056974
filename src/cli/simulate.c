/* simulate.c - what run and compare share: the scenario's variants on the
 * batch runner, with progress, and the results directory. */
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

/* What a resumed run must share with the interrupted one for the two to
 * give the bytes of one uninterrupted run: the command, the scenario's
 * content, the seed, the replications asked for and every --set. (The
 * thread count may differ: results do not depend on it.) */
static cx_status resume_key(const cx_cli_opts *o, size_t reps, char *key, size_t size,
                            cx_error *err)
{
    char hash[65];
    cx_status st = cx_sha256_file(o->scenario, hash, err);
    if (st != CX_OK)
        return st;
    size_t n = (size_t)snprintf(key, size, "command %s\nscenario_sha256 %s\nseed %u\n"
                                "reps %zu\n", o->verb, hash, (unsigned)o->seed, reps);
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
    fprintf(stderr, "cxsim: interrupted: %zu of %zu replications complete in every variant",
            done, run->opts.reps + run->opts.first_rep);
    if (o->out && done > 0)
        fprintf(stderr, "; %s/ holds them (run.json: \"complete\": false).\n"
                "       Continue with: cxsim %s %s --resume %s (and the same --seed, --reps "
                "and --set)\n", o->out, o->verb, o->scenario, o->out);
    else
        fprintf(stderr, "; nothing written.\n");
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

cx_status cx_cli_simulate(const cx_cli_opts *o, const cx_model *m, cx_cli_sim *run,
                          cx_error *err)
{
    const cx_model *models[CX_CLI_MAX_VARIANTS];
    if (o->reps_auto || o->antithetic)
        return cx_error_set(err, CX_ERR_USAGE, "--reps auto and --antithetic are not "
                            "available in this version");
    /* cx_cli_load has refused a scenario with too many variants */
    size_t n = variant_plan(m, run->index, run->names);
    for (size_t v = 0; v < n; v++)
        models[v] = m;
    run->n_variants = n;
    run->opts = (cx_batch_opts){
        .reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .variant_index = run->index, .stop = cx_cli_interrupt_install(),
    };
    cx_status st = resume_key(o, run->opts.reps, run->resume_key, sizeof run->resume_key, err);
    cx_batch_result *before = NULL;
    if (st == CX_OK && o->resume)
        st = resume_load(o, run, n, &before, err);
    if (st == CX_OK)
        st = cx_cli_policy(o, &run->policy, err);
    if (st != CX_OK) {
        cx_batch_result_free(before);
        return st;
    }
    if (before) {
        /* the replications it has, then the rest with the random numbers
         * they would have had in one batch */
        run->opts.first_rep = (uint32_t)before->reps;
        run->opts.reps -= before->reps;
    }
    run->opts.policy = run->policy;
    cx_progress *p = cx_progress_new(!o->quiet);
    const char *after = getenv("CXSIM_TEST_INTERRUPT_AFTER");
    progress_hook hook = {.p = p, .interrupt_after = after ? strtoul(after, NULL, 10) : 0};
    run->opts.progress = on_progress;
    run->opts.progress_ctx = &hook;
    double start = cx_cli_now();
    st = cx_batch_run(models, run->names, n, &run->opts, &run->result, err);
    run->wall = cx_cli_now() - start;
    cx_progress_finish(p);
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
    return st;
}

cx_status cx_cli_write(const cx_cli_opts *o, const cx_model *m, const cx_cli_sim *run,
                       int paired, cx_error *err)
{
    char hash[65];
    if (!o->out)
        return CX_OK;
    cx_status st = cx_sha256_file(o->scenario, hash, err);
    if (st != CX_OK)
        return st;
    cx_run_info info = {
        .command = o->verb, .scenario_path = o->scenario, .scenario_sha256 = hash,
        .seed = run->opts.seed, .reps = run->result->reps, .threads = run->opts.threads,
        .model = m, .overrides = o->sets, .n_overrides = o->n_sets,
        .wall_seconds = run->wall, .paired = paired, .resume_key = run->resume_key,
    };
    return cx_results_write(o->out, run->result, &info, err);
}

void cx_cli_run_release(cx_cli_sim *run)
{
    cx_batch_result_free(run->result);
    cx_scenario_policy_free(run->policy);
    run->result = NULL;
    run->policy = NULL;
}

void cx_cli_headline(const cx_cli_opts *o, const cx_model *m, const cx_cli_sim *run)
{
    printf("%s: \"%s\", %zu variant%s x %zu replications x %ld customers x %d periods, "
           "seed %u, %u threads, %.2f s\n", o->scenario, m->name, run->n_variants,
           run->n_variants == 1 ? "" : "s", run->result->reps, m->population, m->horizon,
           (unsigned)run->opts.seed, run->opts.threads, run->wall);
}
