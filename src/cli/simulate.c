/* simulate.c - what run and compare share: the scenario's variants run by
 * the run layer (cx_run_variants) with the command line's flags, progress,
 * interruption and --resume; the results directory; the headline, the
 * machine formats and what a stop kept. */
#include "sim.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/model.h"
#include "cxsim/results.h"
#include "cxsim/scenario.h"
#include "cxsim/sha256.h"
#include "format.h"
#include "interrupt.h"
#include "load.h"
#include "out.h"
#include "print.h"
#include "progress.h"

/* --metric names (the first is the primary metric: nps when none). */
static cx_status parse_metrics(const cx_cli_opts *o, cx_cli_sim *s, cx_error *err)
{
    s->n_metrics = 0;
    for (size_t i = 0; i < o->n_metrics; i++) {
        int m;
        if (cx_cli_metric(o->metrics[i], "no metric named",
                          "the metric names are listed in docs/results.md", &m, err) != CX_OK)
            return err->code;
        s->metrics[s->n_metrics++] = m;
    }
    if (s->n_metrics == 0)
        s->metrics[s->n_metrics++] = CX_M_NPS;
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

static void report_stop(const cx_cli_opts *o, const cx_cli_sim *s)
{
    const cx_run *r = &s->run;
    size_t done = r->result ? r->result->reps : 0;
    if (r->staged) {
        fprintf(stderr, "cxsim: interrupted: a run in stages (--reps auto, --antithetic) "
                "keeps nothing when stopped; nothing written.\n");
        return;
    }
    fprintf(stderr, "cxsim: interrupted: %zu of %zu replications complete in every variant",
            done, r->batch.reps + r->batch.first_rep);
    if (o->out && done > 0)
        fprintf(stderr, "; %s/ holds them (run.json: \"complete\": false).\n"
                "       Continue with: cxsim %s %s --resume %s (and the same --seed, --reps "
                "and --set%s)\n", o->out, o->verb, o->scenario, o->out,
                o->n_variants || o->baseline ? ", --variant and --baseline" : "");
    else
        fprintf(stderr, "; nothing written.\n");
}

/* Progress, and the test hooks CXSIM_TEST_INTERRUPT_AFTER=N: the process
 * sends itself SIGINT once N units are done, and
 * CXSIM_TEST_INTERRUPT_AFTER_REPS=N: once N replications are complete in
 * every variant (told under the batch's lock, so with any number of
 * threads the run keeps at least N and fewer than all: docs/reliability.md),
 * so the interruption tests stop a run at a known point rather than after
 * a guessed delay. */
typedef struct progress_hook {
    cx_progress *p;
    size_t interrupt_after;     /* 0: never */
    size_t interrupt_after_reps;        /* 0: never */
    int raised;                 /* atomic: workers report in parallel */
} progress_hook;

static void on_whole(void *ctx, size_t reps)
{
    progress_hook *h = ctx;
    if (h->interrupt_after_reps && reps >= h->interrupt_after_reps &&
        !__atomic_exchange_n(&h->raised, 1, __ATOMIC_RELAXED))
        raise(SIGINT);
}

static void on_progress(void *ctx, size_t done, size_t total)
{
    progress_hook *h = ctx;
    cx_progress_update(h->p, done, total);
    if (h->interrupt_after && done >= h->interrupt_after &&
        !__atomic_exchange_n(&h->raised, 1, __ATOMIC_RELAXED))
        raise(SIGINT);
}

/* What --resume must find again (sim.h): the --set list, then the
 * --variant and --baseline arguments (none: the key of a run before they
 * existed). */
cx_status cx_cli_resume_key(const cx_cli_opts *o, const cx_model *m, size_t reps, char *key,
                            size_t size, cx_error *err)
{
    const char *list[CX_CLI_MAX_SETS + CX_CLI_MAX_VARIANTS + 1];
    char *text = malloc((o->n_variants + 1) * 4096);
    size_t n = 0;
    if (!text)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < o->n_sets; i++)
        list[n++] = o->sets[i];
    for (size_t i = 0; i <= o->n_variants; i++) {
        char *t = text + i * 4096;
        if (i < o->n_variants)
            snprintf(t, 4096, "--variant %s", o->variants[i]);
        else if (o->baseline)
            snprintf(t, 4096, "--baseline %s", o->baseline);
        else
            continue;
        list[n++] = t;
    }
    cx_status st = cx_run_resume_key(o->verb, o->scenario, m->inputs_sha256, o->seed, reps,
                                     list, n, key, size, err);
    free(text);
    return st;
}

/* Runs every variant of m (baseline first) into s->run. Stopped by a
 * signal: CX_ERR_STOPPED, with what a plain batch completed. */
static cx_status simulate(const cx_cli_opts *o, const cx_model *m, cx_cli_sim *s,
                          cx_error *err)
{
    cx_status st = check_flags(o, err);
    if (st == CX_OK)
        st = parse_metrics(o, s, err);
    size_t reps = o->reps ? o->reps : (size_t)m->reps;
    if (st == CX_OK)
        st = cx_cli_resume_key(o, m, reps, s->resume_key, sizeof s->resume_key, err);
    cx_batch_result *before = NULL;
    if (st == CX_OK && o->resume) {
        /* cx_cli_load has refused a scenario with too many variants */
        size_t n = m->n_variants ? m->n_variants : 1;
        st = cx_run_resume_load(o->resume, s->resume_key, n, &before, err);
    }
    if (st == CX_OK)
        st = cx_cli_policy(o, &s->policy, err);
    if (st != CX_OK) {
        cx_batch_result_free(before);
        return st;
    }
    cx_progress *p = cx_progress_new(!o->quiet, "replications",
                                     m->n_variants ? m->n_variants : 1);
    const char *after = getenv("CXSIM_TEST_INTERRUPT_AFTER");
    const char *after_reps = getenv("CXSIM_TEST_INTERRUPT_AFTER_REPS");
    progress_hook hook = {.p = p, .interrupt_after = after ? strtoul(after, NULL, 10) : 0,
                          .interrupt_after_reps = after_reps ? strtoul(after_reps, NULL, 10)
                                                             : 0};
    cx_run_opts ro = {
        .reps = reps, .seed = o->seed, .threads = o->threads, .antithetic = o->antithetic,
        .adaptive = o->reps_auto, .precision = o->precision, .max_reps = o->max_reps,
        .paired = s->paired, .metric = s->metrics[0], .policy = s->policy,
        .stop = cx_cli_interrupt_install(), .progress = on_progress, .progress_ctx = &hook,
        .whole = after_reps ? on_whole : NULL,
        .out = o->out,
    };
    st = cx_run_variants(m, &ro, before, &s->run, err);
    cx_progress_finish(p);
    return st;
}

/* Writes the results directory of --out (for a run in stages, finishes
 * the directory its stages began). */
static cx_status write_out(const cx_cli_opts *o, const cx_model *m, cx_cli_sim *s,
                           cx_error *err)
{
    char hash[65];
    cx_results_info info;
    cx_status st = cx_cli_info(o, m, NULL, 0, hash, &info, err);
    if (st != CX_OK)
        return st;
    info.paired = s->paired;
    info.resume_key = s->resume_key;
    return cx_run_write(o->out, &s->run, &info, err);
}

/* summary.csv of run (compare: with its ALT-baseline rows) and compare.csv,
 * for --format csv|json. */
static int summary_csv(FILE *fp, const void *ctx)
{
    const cx_cli_sim *s = ctx;
    return cx_results_summary_csv(fp, s->run.staged ? NULL : s->run.result, s->run.accum,
                                  s->paired);
}

static int compare_csv(FILE *fp, const void *ctx)
{
    const cx_cli_sim *s = ctx;
    return cx_results_compare_csv(fp, s->run.staged ? NULL : s->run.result, s->run.accum);
}

static cx_status emit(const cx_cli_opts *o, const cx_cli_sim *s, cx_error *err)
{
    const cx_cli_table tables[] = {
        {"compare", compare_csv, s}, {"summary", summary_csv, s},
    };
    /* run: summary alone; compare: compare first (what its table shows) */
    return s->paired ? cx_cli_emit(o, tables, 2, err) : cx_cli_emit(o, tables + 1, 1, err);
}

/* The line that says what ran. */
static void headline(const cx_cli_opts *o, const cx_model *m, const cx_cli_sim *s)
{
    const cx_run *r = &s->run;
    size_t reps = cx_run_reps(r);
    char pairs[48] = "";
    if (o->antithetic)
        snprintf(pairs, sizeof pairs, " (%zu antithetic pair%s)", reps / 2,
                 reps == 2 ? "" : "s");
    printf("%s: \"%s\", %zu variant%s x %zu replications%s x %ld customers x %d periods, "
           "seed %u, %u threads, %.2f s\n", o->scenario, m->name, r->n_variants,
           r->n_variants == 1 ? "" : "s", reps, pairs, m->population, m->horizon,
           (unsigned)r->batch.seed, r->batch.threads, r->wall);
}

int cx_cli_simulate(const cx_cli_opts *o, int paired, cx_cli_sim_print print)
{
    cx_model *m;
    cx_error err;
    cx_cli_sim s = {.paired = paired};
    if (cx_cli_load(o, &m, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    cx_status st = CX_OK;
    if (paired && m->n_variants < 2)
        st = cx_error_set(&err, CX_ERR_INPUT,
                          "%s: compare needs at least two variants (variant \"baseline\" {} "
                          "and one with interventions, or --variant NAME:PATH=VALUE); this "
                          "scenario declares %zu", o->scenario, m->n_variants);
    if (st == CX_OK)
        st = simulate(o, m, &s, &err);
    /* stopped by a signal: write and show the replications kept */
    int stopped = st == CX_ERR_STOPPED;
    if (stopped)
        st = CX_OK;
    if (st == CX_OK && s.run.accum && o->out)
        st = write_out(o, m, &s, &err);
    if (st == CX_OK && s.run.accum && o->format != CX_CLI_FORMAT_TABLE) {
        st = emit(o, &s, &err);
        cx_cli_warn_precision(&s);
    } else if (st == CX_OK && s.run.accum) {
        headline(o, m, &s);
        cx_cli_print_precision(&s);
        print(o, &s);
        cx_cli_print_analysis(o, &s);
        cx_cli_warn_precision(&s);
        if (o->out)
            printf("\nresults in %s/\n", o->out);
    }
    if (st == CX_OK && s.run.accum)
        st = cx_cli_write_report(o, &err);
    if (st == CX_OK && stopped)
        report_stop(o, &s);
    cx_run_release(&s.run);
    cx_scenario_policy_free(s.policy);
    cx_model_free(m);
    if (st != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    return stopped ? cx_error_exit_status(CX_ERR_STOPPED) : 0;
}
