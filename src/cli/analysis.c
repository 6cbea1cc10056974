/* analysis.c - what sweep and sensitivity share: the parameters to vary
 * (--param or the scenario's declarations), the metrics to report, the run
 * options of their design points, and run.json. */
#include "analysis.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/json.h"
#include "cxsim/model.h"
#include "cxsim/results.h"
#include "cxsim/scenario.h"
#include "cxsim/sha256.h"
#include "load.h"
#include "out.h"
#include "print.h"
#include "progress.h"

_Static_assert(CX_MAX_RANGES <= CX_CLI_MAX_PARAMS,
               "every parameter a scenario may declare fits the command line's list");

/* The scenario's declared ranges as parameters without steps; an
 * intervention's inputs (intervention.NAME.KEY) cannot move the baseline
 * these verbs vary, so they are left out unless a variant is compared. */
static void declared(const cx_model *m, int paired, cx_run_param *out, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < m->n_ranges; i++) {
        if (!paired && strncmp(m->ranges[i].path, "intervention.", 13) == 0)
            continue;
        snprintf(out[*n].path, sizeof out[*n].path, "%s", m->ranges[i].path);
        out[*n].lo = m->ranges[i].low;
        out[*n].hi = m->ranges[i].high;
        out[(*n)++].steps = 0;
    }
}

/* Flags of the other analysis verbs mean nothing to sweep and sensitivity:
 * refusing them says so rather than letting the user believe they acted.
 * (Each verb refuses the flags of the other itself, saying whose they are.) */
static cx_status check_flags(const cx_cli_opts *o, cx_error *err)
{
    const char *stray = o->objective ? "--objective" : o->max_combo ? "--max-combo"
                        : o->targets ? "--targets" : o->analytic ? "--analytic" : NULL;
    if (stray)
        return cx_error_set(err, CX_ERR_USAGE, "%s is not a %s option (see 'cxsim help %s')",
                            stray, o->verb, o->verb);
    if (o->uncertainty)
        return cx_error_set(err, CX_ERR_USAGE, "--uncertainty goes with run and compare; %s "
                            "varies the declared inputs itself", o->verb);
    if (o->reps_auto || o->antithetic)
        return cx_error_set(err, CX_ERR_USAGE, "--reps auto and --antithetic are not "
                            "available with %s", o->verb);
    return CX_OK;
}

cx_status cx_cli_analysis_params(const cx_cli_opts *o, const cx_model *m, cx_run_param *out,
                                 size_t *n, cx_error *err)
{
    cx_error why;
    *n = 0;
    if (check_flags(o, err) != CX_OK)
        return err->code;
    if (o->n_params == 0) {
        declared(m, o->n_variants > 0, out, n);    /* checked when the scenario was loaded */
        if (*n == 0)
            return cx_error_set(err, CX_ERR_USAGE, "%s needs parameters to vary: --param "
                                "NAME=LO:HI%s, or parameter \"PATH\" { low = ..., high = ... } "
                                "in the scenario (see 'cxsim help %s')", o->verb,
                                strcmp(o->verb, "sweep") == 0 ? ":STEPS" : "", o->verb);
        return CX_OK;
    }
    cx_status st = cx_cli_params_parse(o, m, out, n, err);
    for (size_t i = 0; st == CX_OK && i < *n; i++)
        if (cx_model_check_range(m, out[i].path, out[i].lo, out[i].hi, &why) != CX_OK)
            st = cx_error_set(err, why.code, "--param %s: %s", out[i].path, why.msg);
    return st;
}

cx_status cx_cli_analysis_variant(const cx_cli_opts *o, const cx_model *m,
                                  cx_cli_analysis_head *h, cx_error *err)
{
    const char *base;
    char want[CX_NAME_MAX];
    h->paired = 0;
    if (o->n_variants == 0)
        return CX_OK;
    /* NAME, or NAME:PATH=VALUE... (the loader added that variant) */
    snprintf(want, sizeof want, "%.*s", (int)strcspn(o->variants[0], ":"), o->variants[0]);
    h->pair[0] = cx_run_baseline(m, &base);
    char names[512] = "";
    size_t used = 0;
    for (size_t v = 0; v < m->n_variants; v++) {
        if (strcmp(m->variants[v].name, want) == 0 && v != h->pair[0]) {
            h->pair[1] = v;
            h->paired = 1;
            return CX_OK;
        }
        if (v != h->pair[0] && used < sizeof names)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
                                     used ? ", " : "", m->variants[v].name);
    }
    if (strcmp(want, base) == 0)
        return cx_error_set(err, CX_ERR_USAGE, "--variant %s is the baseline; name a variant "
                            "to compare with it%s%s", want, used ? ": " : "", names);
    return cx_error_set(err, CX_ERR_USAGE, "--variant: the scenario declares no variant '%s'"
                        " other than its baseline (%s)%s%s", want, base,
                        used ? "; its variants: " : "", names);
}

cx_status cx_cli_analysis_metrics(const cx_cli_opts *o, int all, int *out, size_t *n,
                                  cx_error *err)
{
    *n = 0;
    for (size_t i = 0; i < o->n_metrics; i++) {
        int m;
        if (cx_cli_metric(o->metrics[i], "unknown metric", "the names are those of "
                          "summary.csv: nps, churn_rate, clv_mean, ...", &m, err) != CX_OK)
            return err->code;
        for (size_t k = 0; k < *n; k++)
            if (out[k] == m)
                return cx_error_set(err, CX_ERR_USAGE, "--metric %s given twice",
                                    o->metrics[i]);
        if (m == CX_M_ROI && o->n_variants == 0)
            return cx_error_set(err, CX_ERR_USAGE, "--metric roi compares a variant with the "
                                "baseline: give --variant NAME (%s then reports that "
                                "variant's ROI at every point)", o->verb);
        out[(*n)++] = m;
    }
    if (*n == 0 && all)
        for (int m = 0; m < CX_METRIC_COUNT; m++)
            out[(*n)++] = m;
    else if (*n == 0)
        out[(*n)++] = CX_M_NPS;
    return CX_OK;
}

cx_status cx_cli_points_begin(const cx_cli_opts *o, const cx_model *m, cx_run_opts *ro,
                              cx_error *err)
{
    cx_policy_factory *policy = NULL;
    *ro = (cx_run_opts){0};
    cx_status st = cx_cli_policy(o, &policy, err);
    if (st != CX_OK)
        return st;
    size_t reps = o->reps ? o->reps : (size_t)m->reps;
    /* the runner counts replications; a design point is reps of them */
    *ro = (cx_run_opts){
        .reps = reps, .seed = o->seed, .threads = o->threads, .policy = policy,
        .progress = cx_progress_update,
        .progress_ctx = cx_progress_new(!o->quiet, "points", reps),
    };
    return CX_OK;
}

void cx_cli_points_end(cx_run_opts *ro)
{
    cx_progress_finish(ro->progress_ctx);
    cx_scenario_policy_free((cx_policy_factory *)ro->policy);
    *ro = (cx_run_opts){0};
}

/* The verb's members of run.json, then what a paired design compared. */
typedef struct json_members {
    cx_results_json_fn extra;
    void *ctx;
    const cx_run_points *run;
} json_members;

static void members(struct cx_json *j, void *ctx)
{
    const json_members *jm = ctx;
    if (jm->extra)
        jm->extra(j, jm->ctx);
    if (!jm->run->against)
        return;
    cx_json_key(j, "difference");
    cx_json_begin_object(j);
    cx_json_key(j, "variant");
    cx_json_string(j, jm->run->variant);
    cx_json_key(j, "baseline");
    cx_json_string(j, jm->run->against);
    cx_json_end_object(j);
}

cx_status cx_cli_analysis_json(const cx_cli_opts *o, const cx_model *m,
                               const cx_run_points *run, cx_results_json_fn extra, void *ctx,
                               const cx_results_file *files, size_t n_files, cx_error *err)
{
    json_members jm = {extra, ctx, run};
    char hash[65];
    cx_results_info info;
    cx_status st = cx_cli_info(o, m, &run->batch, run->wall, hash, &info, err);
    if (st != CX_OK)
        return st;
    info.files = files;
    info.n_files = n_files;
    return cx_results_write_analysis_json(o->out, &info, run->variant, members, &jm, err);
}

void cx_cli_print_paired(const cx_run_points *run)
{
    if (run->against)
        printf("every value: %s - %s at the point, paired replication by replication (common "
               "random numbers);\nroi: %s's ROI against %s\n", run->variant, run->against,
               run->variant, run->against);
}

/* The varied parameters, for run.json. */
void cx_cli_json_params(struct cx_json *j, const cx_run_param *ps, size_t k,
                        const cx_cli_opts *o)
{
    cx_json_key(j, "varied");
    cx_json_begin_array(j);
    for (size_t i = 0; i < k; i++) {
        cx_json_begin_object(j);
        cx_json_key(j, "path");
        cx_json_string(j, ps[i].path);
        cx_json_key(j, "low");
        cx_json_number(j, ps[i].lo);
        cx_json_key(j, "high");
        cx_json_number(j, ps[i].hi);
        if (ps[i].steps) {
            cx_json_key(j, "steps");
            cx_json_integer(j, (long long)ps[i].steps);
        }
        cx_json_end_object(j);
    }
    cx_json_end_array(j);
    cx_json_key(j, "ranges_from");
    cx_json_string(j, o->n_params ? "command line" : "scenario");
}

void cx_cli_json_metrics(struct cx_json *j, const int *metrics, size_t n)
{
    cx_json_key(j, "metrics");
    cx_json_begin_array(j);
    for (size_t i = 0; i < n; i++)
        cx_json_string(j, cx_metric_name((cx_metric)metrics[i]));
    cx_json_end_array(j);
}

/* The steps of every analysis: its parameters and metrics, the verb's
 * checks, the design points' run options, the simulation, --out. */
static cx_status analysis_run(const cx_cli_opts *o, const cx_model *m, const cx_cli_analysis *a,
                              void *state, cx_error *err)
{
    cx_cli_analysis_head *h = state;
    cx_results_file files[CX_CLI_ANALYSIS_TABLES];
    cx_run_opts ro = {0};
    h->o = o;
    cx_status st = cx_cli_analysis_params(o, m, h->ps, &h->k, err);
    if (st == CX_OK)
        st = cx_cli_analysis_variant(o, m, h, err);
    if (st == CX_OK)
        st = cx_cli_analysis_metrics(o, a->all_metrics, h->metrics, &h->nm, err);
    cx_run_study *in = (cx_run_study *)((char *)state + a->in);
    *in = (cx_run_study){h->ps, h->k, h->metrics, h->nm};
    if (st == CX_OK)
        st = a->check(o, state, err);
    if (st == CX_OK)
        st = cx_cli_points_begin(o, m, &ro, err);
    if (st == CX_OK && h->paired) {
        ro.variants = h->pair;
        ro.n_variants = 2;
    }
    if (st == CX_OK)
        st = a->simulate(m, &ro, state, err);
    cx_cli_points_end(&ro);
    size_t n = a->files(state, files);
    assert(n >= 1 && n <= CX_CLI_ANALYSIS_TABLES);
    if (st == CX_OK && o->out)
        st = cx_cli_analysis_json(o, m, (const cx_run_points *)((char *)state + a->points),
                                  a->extra, state, files, n, err);
    return st;
}

int cx_cli_analysis_verb(const cx_cli_opts *o, const cx_cli_analysis *a)
{
    cx_model *m;
    cx_error err;
    if (cx_cli_load(o, &m, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    void *state = calloc(1, a->size);
    cx_status st = state ? analysis_run(o, m, a, state, &err)
                         : cx_error_set(&err, CX_ERR_NOMEM, "out of memory");
    if (st == CX_OK && o->format != CX_CLI_FORMAT_TABLE) {
        cx_cli_table t[CX_CLI_ANALYSIS_TABLES];
        size_t n = a->tables(state, t);
        assert(n >= 1 && n <= CX_CLI_ANALYSIS_TABLES);
        st = cx_cli_emit(o, t, n, &err);
    } else if (st == CX_OK) {
        a->print(o, m, state);
        if (o->out)
            printf("\nresults in %s/\n", o->out);
    }
    if (state)
        a->release(state);
    free(state);
    cx_model_free(m);
    if (st == CX_OK)
        st = cx_cli_write_report(o, &err);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
