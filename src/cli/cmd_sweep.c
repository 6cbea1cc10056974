/* cmd_sweep.c - `cxsim sweep`: the metrics over a design of parameter
 * values (a full grid, or Sobol' or Halton points), every point run with
 * the same random numbers (cx_run_sweep); a tidy sweep.csv, one row per
 * point and metric. */
#include "verbs.h"

#include <stddef.h>
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
    cx_cli_analysis_head h;     /* first: the parameters and metrics */
    cx_run_sweep_study r;             /* the design and its estimates (run.h) */
} sweep;

/* --design (default: grid for --param, sobol for the scenario's ranges,
 * which have no steps) and its checks against the parameters. */
static cx_status choose_design(const cx_cli_opts *o, void *state, cx_error *err)
{
    sweep *s = state;
    s->r.points = o->points;
    const char *name = o->design ? o->design : o->n_params ? "grid" : "sobol";
    if (cx_design_from_name(name, &s->r.design) != 0) {
        static const char *const designs[] = {"grid", "sobol", "halton"};
        char hint[64];
        cx_suggest_hint(name, designs, 3, hint, sizeof hint);
        return cx_error_set(err, CX_ERR_USAGE, "--design must be grid, sobol or halton, "
                            "got '%s'%s", name, hint);
    }
    for (size_t j = 0; j < s->r.in.k; j++) {
        if (s->r.design == CX_DESIGN_GRID && s->h.ps[j].steps == 0)
            return o->n_params
                ? cx_error_set(err, CX_ERR_USAGE, "--design grid needs STEPS for every "
                               "parameter: --param %s=%g:%g:STEPS", s->h.ps[j].path,
                               s->h.ps[j].lo, s->h.ps[j].hi)
                : cx_error_set(err, CX_ERR_USAGE, "the scenario's parameters have no STEPS "
                               "for --design grid: give --param NAME=LO:HI:STEPS, or use "
                               "--design sobol or halton");
        if (s->r.design != CX_DESIGN_GRID && s->h.ps[j].steps)
            return cx_error_set(err, CX_ERR_USAGE, "--param %s: STEPS is for --design grid; "
                                "a %s design takes --points N", s->h.ps[j].path, name);
    }
    if (s->r.design == CX_DESIGN_GRID && o->points)
        return cx_error_set(err, CX_ERR_USAGE, "--points goes with --design sobol or halton; "
                            "a grid has the product of the STEPS");
    if (s->r.in.k > cx_design_max_dim(s->r.design))
        return cx_error_set(err, CX_ERR_USAGE, "--design %s takes at most %zu parameters; "
                            "this sweep has %zu", name, cx_design_max_dim(s->r.design), s->r.in.k);
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
    for (size_t j = 0; j < s->r.in.k; j++)
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, s->h.ps[j].path);
    static const char *const tail[] = {"metric", "mean", "sd", "ci_low", "ci_high", "n"};
    for (size_t i = 0; i < 6; i++)
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, tail[i]);
    rc |= cx_csv_end_row(fp);
    for (size_t p = 0; p < s->r.n && rc == 0; p++)
        for (size_t i = 0; i < s->r.in.n_metrics && rc == 0; i++) {
            const cx_estimate *e = &s->r.est[p * s->r.in.n_metrics + i];
            rc |= cx_csv_size(fp, p + 1);
            for (size_t j = 0; j < s->r.in.k; j++)
                rc |= cx_csv_sep(fp) | cx_csv_number(fp, s->r.x[p * s->r.in.k + j]);
            rc |= cx_csv_sep(fp) | cx_csv_field(fp, cx_metric_name((cx_metric)s->h.metrics[i]));
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
    cx_cli_json_params(j, s->h.ps, s->r.in.k, s->h.o);
    cx_cli_json_metrics(j, s->h.metrics, s->r.in.n_metrics);
}

/* The table: each point's values and the first metric's estimate. */
static void print_table(const cx_cli_opts *o, const cx_model *m, const void *state)
{
    const sweep *s = state;
    const cx_run_points *run = &s->r.run;
    printf("%s: \"%s\", sweep of %zu parameter%s, %s design, %zu points x %zu replications "
           "x %ld customers x %d periods, seed %u, %u threads, %.2f s\n\n", o->scenario,
           m->name, s->r.in.k, s->r.in.k == 1 ? "" : "s", cx_design_name(s->r.design), s->r.n,
           run->batch.reps, m->population, m->horizon, (unsigned)run->batch.seed,
           run->batch.threads, run->wall);
    cx_cli_print_paired(run);
    if (run->against)
        printf("\n");
    printf("%6s", "point");
    for (size_t j = 0; j < s->r.in.k; j++)
        printf(" %*s", (int)(strlen(s->h.ps[j].path) < 12 ? 12 : strlen(s->h.ps[j].path)),
               s->h.ps[j].path);
    printf(" %12s %12s %12s\n", cx_metric_name((cx_metric)s->h.metrics[0]), "ci_low",
           "ci_high");
    /* with the file there, a long design shows its start only */
    size_t shown = o->out && s->r.n > SWEEP_SHOWN ? SWEEP_SHOWN : s->r.n;
    for (size_t p = 0; p < shown; p++) {
        const cx_estimate *e = &s->r.est[p * s->r.in.n_metrics];
        printf("%6zu", p + 1);
        for (size_t j = 0; j < s->r.in.k; j++)
            printf(" %*.6g", (int)(strlen(s->h.ps[j].path) < 12 ? 12 : strlen(s->h.ps[j].path)),
                   s->r.x[p * s->r.in.k + j]);
        cx_cli_print_value(e->mean);
        cx_cli_print_value(e->ci_low);
        cx_cli_print_value(e->ci_high);
        printf("\n");
    }
    if (shown < s->r.n)
        printf("... %zu more points in %s/sweep.csv\n", s->r.n - shown, o->out);
    if (s->r.in.n_metrics > 1)
        printf("\n(%s shown; every metric asked for is in sweep.csv)\n",
               cx_metric_name((cx_metric)s->h.metrics[0]));
}

static cx_status simulate(const cx_model *m, const cx_run_opts *ro, void *state, cx_error *err)
{
    sweep *s = state;
    return cx_run_sweep(m, ro, &s->r, err);
}

static size_t files(const void *state, cx_results_file *out)
{
    out[0] = (cx_results_file){"sweep.csv", write_csv, state};
    return 1;
}

static size_t tables(const void *state, cx_cli_table *out)
{
    out[0] = (cx_cli_table){"sweep", write_csv, state};
    return 1;
}

static void release(void *state)
{
    sweep *s = state;
    cx_run_sweep_free(&s->r);
}

int cx_cli_sweep(const cx_cli_opts *o)
{
    static const cx_cli_analysis verb = {
        sizeof(sweep), offsetof(sweep, r.in), offsetof(sweep, r.run), 1, choose_design,
        simulate, files, json_extra, tables, print_table, release,
    };
    return cx_cli_analysis_verb(o, &verb);
}
