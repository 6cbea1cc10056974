/* run.c - `cxsim run`: replications of every variant, a summary table, a
 * results directory. */
#include "cli.h"

#include <math.h>
#include <stdio.h>

#include "cxsim/model.h"
#include "cxsim/results.h"
#include "cxsim/stats.h"

void cx_cli_print_value(double x)
{
    if (isnan(x))
        printf(" %12s", "NA");
    else
        printf(" %12.4g", x);
}

/* The human-readable table: metric, mean, 95 % CI, per variant. */
static void print_summary(const cx_cli_sim *run)
{
    for (size_t v = 0; v < run->n_variants; v++) {
        printf("\n%-22s %12s %12s %12s\n", cx_cli_variant_name(run, v), "mean", "ci_low",
               "ci_high");
        for (int m = 0; m < CX_METRIC_COUNT; m++) {
            cx_estimate est;
            cx_cli_estimate(run, v, (size_t)m, &est);
            printf("%-22s", cx_metric_name((cx_metric)m));
            cx_cli_print_value(est.mean);
            cx_cli_print_value(est.ci_low);
            cx_cli_print_value(est.ci_high);
            printf("\n");
        }
    }
}

/* summary.csv of run (compare: with its ALT-baseline rows) and compare.csv,
 * for --format csv|json. */
static int summary_csv(FILE *fp, const void *ctx)
{
    const cx_cli_sim *run = ctx;
    return cx_results_summary_csv(fp, run->staged ? NULL : run->result, run->accum,
                                  run->paired);
}

static int compare_csv(FILE *fp, const void *ctx)
{
    const cx_cli_sim *run = ctx;
    return cx_results_compare_csv(fp, run->staged ? NULL : run->result, run->accum);
}

cx_status cx_cli_sim_emit(const cx_cli_opts *o, const cx_cli_sim *run, cx_error *err)
{
    const cx_cli_table tables[] = {
        {"compare", compare_csv, run}, {"summary", summary_csv, run},
    };
    /* run: summary alone; compare: compare first (what its table shows) */
    return run->paired ? cx_cli_emit(o, tables, 2, err) : cx_cli_emit(o, tables + 1, 1, err);
}

int cx_cli_run(const cx_cli_opts *o)
{
    cx_model *m;
    cx_error err;
    cx_cli_sim run = {0};
    if (cx_cli_load(o, &m, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    cx_status st = cx_cli_simulate(o, m, &run, &err);
    /* stopped by a signal: write and show the replications kept */
    int stopped = st == CX_ERR_STOPPED;
    if (stopped)
        st = CX_OK;
    if (st == CX_OK && run.accum)
        st = cx_cli_write(o, m, &run, 0, &err);
    if (st == CX_OK && run.accum && o->format != CX_CLI_FORMAT_TABLE) {
        st = cx_cli_sim_emit(o, &run, &err);
        cx_cli_warn_precision(&run);
    } else if (st == CX_OK && run.accum) {
        cx_cli_headline(o, m, &run);
        cx_cli_print_precision(&run);
        print_summary(&run);
        cx_cli_print_analysis(o, &run);
        cx_cli_warn_precision(&run);
        if (o->out)
            printf("\nresults in %s/\n", o->out);
    }
    return cx_cli_sim_finish(o, m, &run, st, stopped, &err);
}
