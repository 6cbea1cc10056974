/* quickwins.c - `cxsim quickwins`: rank the scenario's interventions, alone
 * and in the best combinations, against the baseline (the analysis is
 * cx_quickwins_run; the tables are quickwins_table.c). */
#include "verbs.h"

#include <stdio.h>
#include <string.h>

#include "cxsim/json.h"
#include "cxsim/model.h"
#include "cxsim/quickwins.h"
#include "cxsim/quickwins_files.h"
#include "cxsim/results.h"
#include "cxsim/run.h"
#include "cxsim/scenario.h"
#include "cxsim/sequential.h"
#include "cxsim/sha256.h"
#include "format.h"
#include "load.h"
#include "opts.h"
#include "out.h"
#include "print.h"
#include "progress.h"
#include "quickwins_table.h"
#include "quickwins_unc.h"

/* Flags of other analysis verbs mean nothing here: refusing them says so
 * rather than letting the user believe they acted. */
static cx_status check_flags(const cx_cli_opts *o, cx_error *err)
{
    const char *stray = o->n_params ? "--param" : o->design ? "--design"
                        : o->points ? "--points" : o->n_metrics ? "--metric"
                        : o->targets ? "--targets" : o->samples ? "--samples"
                        : o->bootstrap ? "--bootstrap" : o->analytic ? "--analytic" : NULL;
    if (stray)
        return cx_error_set(err, CX_ERR_USAGE, "%s is not a quickwins option (see 'cxsim help "
                            "quickwins')", stray);
    if (o->antithetic)
        return cx_error_set(err, CX_ERR_USAGE, "quickwins does not take --antithetic");
    if (o->reps == 1)
        return cx_error_set(err, CX_ERR_USAGE, "quickwins needs --reps 2 or more for its "
                            "confidence intervals");
    return CX_OK;
}

static cx_status analyse(const cx_cli_opts *o, const cx_model *m, cx_quickwins_opts *qo,
                         cx_quickwins **q, double *wall, cx_error *err)
{
    cx_policy_factory *policy = NULL;
    cx_status st = cx_cli_policy(o, &policy, err);
    if (st != CX_OK)
        return st;
    qo->batch = (cx_batch_opts){
        .reps = o->reps_auto ? CX_SEQUENTIAL_STAGE : o->reps ? o->reps : (size_t)m->reps,
        .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .policy = policy, .progress = cx_progress_update,
    };
    if (qo->batch.reps < 2)
        qo->batch.reps = 2;     /* a scenario's reps = 1 cannot give an interval */
    qo->max_combo = o->max_combo;
    if (o->reps_auto) {
        qo->precision = o->precision;
        qo->max_reps = o->max_reps ? o->max_reps : CX_SEQUENTIAL_DEFAULT_MAX;
    }
    cx_progress *p = cx_progress_new(!o->quiet, "replications", 1);
    qo->batch.progress_ctx = p;
    double start = cx_cli_now();
    st = cx_run_quickwins(m, qo, q, err);
    *wall = cx_cli_now() - start;
    cx_progress_finish(p);
    cx_scenario_policy_free(policy);
    return st;
}

/* run.json's "quickwins" member: how the candidates were formed and
 * ranked, so that the directory says how to repeat it. */
static void json_extra(struct cx_json *j, void *ctx)
{
    const cx_quickwins *q = ctx;
    cx_json_key(j, "quickwins");
    cx_json_begin_object(j);
    cx_json_key(j, "objective");
    cx_json_string(j, q->objective.name);
    cx_json_key(j, "direction");
    cx_json_string(j, q->objective.direction > 0 ? "higher" : "lower");
    cx_json_key(j, "max_combo");
    cx_json_integer(j, (long long)q->max_combo);
    cx_json_key(j, "top");
    cx_json_integer(j, (long long)q->top);
    cx_json_key(j, "candidates");
    cx_json_integer(j, (long long)q->n_candidates);
    cx_json_end_object(j);
}

/* The results directory: what compare writes for the baseline and every
 * candidate, and the two quickwins tables, as one group (run.json last). */
static cx_status write_out(const cx_cli_opts *o, const cx_model *m, const cx_quickwins *q,
                           const cx_quickwins_opts *qo, double wall, cx_error *err)
{
    char hash[65];
    cx_results_info info;
    cx_batch_opts ran = qo->batch;
    ran.reps = q->batch->reps;
    cx_status st = cx_cli_info(o, m, &ran, wall, hash, &info, err);
    if (st != CX_OK)
        return st;
    cx_results_precision prec = {
        .metric = q->objective.name, .paired = 1, .target = qo->precision,
        .max_reps = qo->max_reps, .reached = q->reached, .half_width = q->half_width,
        .stages = q->stages,
    };
    const cx_results_file files[] = {
        {"quickwins.csv", cx_quickwins_csv, q},
        {"quickwins_segments.csv", cx_quickwins_segments_csv, q},
    };
    info.paired = 1;
    info.precision = qo->precision > 0 ? &prec : NULL;
    info.files = files;
    info.n_files = 2;
    info.extra = json_extra;
    info.extra_ctx = (void *)q;
    return cx_results_write(o->out, q->batch, &info, err);
}

int cx_cli_quickwins(const cx_cli_opts *o)
{
    cx_model *m = NULL;
    cx_error err;
    cx_quickwins *q = NULL;
    cx_quickwins_opts qo = {0};
    double wall = 0;
    cx_status st = check_flags(o, &err);
    if (st == CX_OK)
        st = cx_quickwins_objective_parse(o->objective ? o->objective : "value", &qo.objective,
                                          &err);
    if (st == CX_OK && o->uncertainty) {      /* inputs drawn: another analysis */
        st = cx_cli_quickwins_uncertainty(o, &qo.objective, &err);
        if (st == CX_OK)
            st = cx_cli_write_report(o, &err);
        return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
    }
    if (st == CX_OK)
        st = cx_cli_load(o, &m, &err);
    if (st == CX_OK)
        st = analyse(o, m, &qo, &q, &wall, &err);
    if (st == CX_OK && o->out)
        st = write_out(o, m, q, &qo, wall, &err);
    if (st == CX_OK && o->format != CX_CLI_FORMAT_TABLE) {
        const cx_cli_table t[] = {
            {"quickwins", cx_quickwins_csv, q}, {"quickwins_segments", cx_quickwins_segments_csv, q},
        };
        st = cx_cli_emit(o, t, 2, &err);
        if (st == CX_OK && qo.precision > 0 && !q->reached)
            fprintf(stderr, "cxsim: warning: quickwins stopped at the cap of %zu "
                    "replications before the precision %.4g\n", qo.max_reps, qo.precision);
    } else if (st == CX_OK) {
        qo.batch.reps = q->batch->reps;     /* what ran, for the headline */
        cx_cli_quickwins_print(o, m, q, &qo.batch, wall);
        if (qo.precision > 0) {
            printf("\nprecision: %s effect half-width %.4g %s %.4g after %zu replications "
                   "in %zu stages%s\n", q->objective.name, q->half_width,
                   q->reached ? "<=" : "NOT below", qo.precision, q->batch->reps, q->stages,
                   q->reached ? "" : " (the cap, --max-reps)");
            if (!q->reached)
                fprintf(stderr, "cxsim: warning: quickwins stopped at the cap of %zu "
                        "replications before the precision %.4g\n", qo.max_reps,
                        qo.precision);
        }
        if (o->out)
            printf("\nresults in %s/\n", o->out);
    }
    if (st == CX_OK)
        st = cx_cli_write_report(o, &err);
    cx_quickwins_free(q);
    cx_model_free(m);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
