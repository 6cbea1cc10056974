/* cmd_sweep.c - `cxsim sweep`: the metrics over a design of parameter
 * values (a full grid, or Sobol' or Halton points), every point run with
 * the same random numbers (cx_run_sweep); a tidy sweep.csv, one row per
 * point and metric. */
#include "verbs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/csv.h"
#include "cxsim/design.h"
#include "cxsim/json.h"
#include "cxsim/model.h"
#include "cxsim/results.h"
#include "cxsim/stats.h"
#include "cxsim/suggest.h"
#include "analysis.h"
#include "format.h"
#include "load.h"
#include "opts.h"
#include "out.h"
#include "params.h"
#include "print.h"

#define SWEEP_SHOWN 100             /* points on stdout when sweep.csv has them all */

typedef struct sweep {
    const cx_cli_opts *o;
    cx_run_param ps[CX_CLI_MAX_PARAMS];
    int metrics[CX_METRIC_COUNT];
    cx_run_sweep_study r;             /* the design and its estimates (run.h) */
} sweep;

/* --design (default: grid for --param, sobol for the scenario's ranges,
 * which have no steps) and its checks against the parameters. */
static cx_status choose_design(const cx_cli_opts *o, sweep *s, cx_error *err)
{
    const char *name = o->design ? o->design : o->n_params ? "grid" : "sobol";
    if (cx_design_from_name(name, &s->r.design) != 0) {
        static const char *const designs[] = {"grid", "sobol", "halton"};
        char hint[64];
        cx_suggest_hint(name, designs, 3, hint, sizeof hint);
        return cx_error_set(err, CX_ERR_USAGE, "--design must be grid, sobol or halton, "
                            "got '%s'%s", name, hint);
    }
    for (size_t j = 0; j < s->r.k; j++) {
        if (s->r.design == CX_DESIGN_GRID && s->ps[j].steps == 0)
            return o->n_params
                ? cx_error_set(err, CX_ERR_USAGE, "--design grid needs STEPS for every "
                               "parameter: --param %s=%g:%g:STEPS", s->ps[j].path,
                               s->ps[j].lo, s->ps[j].hi)
                : cx_error_set(err, CX_ERR_USAGE, "the scenario's parameters have no STEPS "
                               "for --design grid: give --param NAME=LO:HI:STEPS, or use "
                               "--design sobol or halton");
        if (s->r.design != CX_DESIGN_GRID && s->ps[j].steps)
            return cx_error_set(err, CX_ERR_USAGE, "--param %s: STEPS is for --design grid; "
                                "a %s design takes --points N", s->ps[j].path, name);
    }
    if (s->r.design == CX_DESIGN_GRID && o->points)
        return cx_error_set(err, CX_ERR_USAGE, "--points goes with --design sobol or halton; "
                            "a grid has the product of the STEPS");
    if (s->r.k > cx_design_max_dim(s->r.design))
        return cx_error_set(err, CX_ERR_USAGE, "--design %s takes at most %zu parameters; "
                            "this sweep has %zu", name, cx_design_max_dim(s->r.design), s->r.k);
    if (o->samples || o->bootstrap)
        return cx_error_set(err, CX_ERR_USAGE, "--samples and --bootstrap go with "
                            "sensitivity, not sweep");
    return CX_OK;
}

/* sweep.csv: point, one column per parameter, metric, mean, sd, ci_low,
 * ci_high, n. */
static int write_csv(FILE *fp, const void *ctx)
{
    const sweep *s = ctx;
    int rc = cx_csv_field(fp, "point");
    for (size_t j = 0; j < s->r.k; j++)
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, s->ps[j].path);
    static const char *const tail[] = {"metric", "mean", "sd", "ci_low", "ci_high", "n"};
    for (size_t i = 0; i < 6; i++)
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, tail[i]);
    rc |= cx_csv_end_row(fp);
    for (size_t p = 0; p < s->r.n && rc == 0; p++)
        for (size_t i = 0; i < s->r.n_metrics && rc == 0; i++) {
            const cx_estimate *e = &s->r.est[p * s->r.n_metrics + i];
            rc |= cx_csv_size(fp, p + 1);
            for (size_t j = 0; j < s->r.k; j++)
                rc |= cx_csv_sep(fp) | cx_csv_number(fp, s->r.x[p * s->r.k + j]);
            rc |= cx_csv_sep(fp) | cx_csv_field(fp, cx_metric_name((cx_metric)s->metrics[i]));
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, e->mean);
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, e->sd);
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, e->ci_low);
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, e->ci_high);
            rc |= cx_csv_sep(fp) | cx_csv_size(fp, e->n) | cx_csv_end_row(fp);
        }
    return rc ? -1 : 0;
}

static void json_extra(struct cx_json *j, void *ctx)
{
    const sweep *s = ctx;
    cx_json_key(j, "design");
    cx_json_string(j, cx_design_name(s->r.design));
    cx_json_key(j, "points");
    cx_json_integer(j, (long long)s->r.n);
    cx_cli_json_params(j, s->ps, s->r.k, s->o);
    cx_cli_json_metrics(j, s->metrics, s->r.n_metrics);
}

/* The table: each point's values and the first metric's estimate. */
static void print_table(const cx_cli_opts *o, const cx_model *m, const sweep *s,
                        const cx_run_points *run)
{
    printf("%s: \"%s\", sweep of %zu parameter%s, %s design, %zu points x %zu replications "
           "x %ld customers x %d periods, seed %u, %u threads, %.2f s\n\n", o->scenario,
           m->name, s->r.k, s->r.k == 1 ? "" : "s", cx_design_name(s->r.design), s->r.n,
           run->batch.reps, m->population, m->horizon, (unsigned)run->batch.seed,
           run->batch.threads, run->wall);
    printf("%6s", "point");
    for (size_t j = 0; j < s->r.k; j++)
        printf(" %*s", (int)(strlen(s->ps[j].path) < 12 ? 12 : strlen(s->ps[j].path)),
               s->ps[j].path);
    printf(" %12s %12s %12s\n", cx_metric_name((cx_metric)s->metrics[0]), "ci_low",
           "ci_high");
    /* with the file there, a long design shows its start only */
    size_t shown = o->out && s->r.n > SWEEP_SHOWN ? SWEEP_SHOWN : s->r.n;
    for (size_t p = 0; p < shown; p++) {
        const cx_estimate *e = &s->r.est[p * s->r.n_metrics];
        printf("%6zu", p + 1);
        for (size_t j = 0; j < s->r.k; j++)
            printf(" %*.6g", (int)(strlen(s->ps[j].path) < 12 ? 12 : strlen(s->ps[j].path)),
                   s->r.x[p * s->r.k + j]);
        cx_cli_print_value(e->mean);
        cx_cli_print_value(e->ci_low);
        cx_cli_print_value(e->ci_high);
        printf("\n");
    }
    if (shown < s->r.n)
        printf("... %zu more points in %s/sweep.csv\n", s->r.n - shown, o->out);
    if (s->r.n_metrics > 1)
        printf("\n(%s shown; every metric asked for is in sweep.csv)\n",
               cx_metric_name((cx_metric)s->metrics[0]));
}

static cx_status sweep_run(const cx_cli_opts *o, const cx_model *m, sweep *s, cx_error *err)
{
    cx_run_opts ro = {0};
    s->o = o;
    s->r.params = s->ps;
    s->r.metrics = s->metrics;
    s->r.points = o->points;
    cx_status st = cx_cli_analysis_params(o, m, s->ps, &s->r.k, err);
    if (st == CX_OK)
        st = cx_cli_analysis_metrics(o, 1, s->metrics, &s->r.n_metrics, err);
    if (st == CX_OK)
        st = choose_design(o, s, err);
    if (st == CX_OK)
        st = cx_cli_points_begin(o, m, &ro, err);
    if (st == CX_OK)
        st = cx_run_sweep(m, &ro, &s->r, err);
    cx_cli_points_end(&ro);
    const cx_run_points *run = &s->r.run;
    const cx_results_file files[] = {{"sweep.csv", write_csv, s}};
    if (st == CX_OK && o->out)
        st = cx_cli_analysis_json(o, m, run, json_extra, s, files, 1, err);
    if (st == CX_OK && o->format != CX_CLI_FORMAT_TABLE) {
        const cx_cli_table t = {"sweep", write_csv, s};
        st = cx_cli_emit(o, &t, 1, err);
    } else if (st == CX_OK) {
        print_table(o, m, s, run);
        if (o->out)
            printf("\nresults in %s/\n", o->out);
    }
    return st;
}

int cx_cli_sweep(const cx_cli_opts *o)
{
    cx_model *m;
    cx_error err;
    if (cx_cli_load(o, &m, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    sweep *s = calloc(1, sizeof *s);
    cx_status st = s ? sweep_run(o, m, s, &err)
                     : cx_error_set(&err, CX_ERR_NOMEM, "out of memory");
    if (s)
        cx_run_sweep_free(&s->r);
    free(s);
    cx_model_free(m);
    if (st == CX_OK)
        st = cx_cli_write_report(o, &err);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
