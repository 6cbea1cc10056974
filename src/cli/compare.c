/* compare.c - `cxsim compare`: every variant against the baseline, paired
 * by common random numbers, with the variance reduction pairing bought. */
#include "cli.h"

#include <math.h>
#include <stdio.h>

#include "cxsim/model.h"
#include "cxsim/stats.h"

static void print_variant(const cx_cli_sim *run, size_t v)
{
    printf("\n%s vs %s\n", cx_cli_variant_name(run, v), cx_cli_variant_name(run, 0));
    printf("%-22s %12s %12s %12s %12s %12s %10s\n", "metric", "baseline", "variant",
           "difference", "ci_low", "ci_high", "var.red.");
    for (int m = 0; m < CX_METRIC_COUNT; m++) {
        cx_paired p;
        cx_estimate ea, ez;
        cx_cli_paired(run, v, (size_t)m, &p);
        cx_cli_estimate(run, v, (size_t)m, &ea);
        cx_cli_estimate(run, 0, (size_t)m, &ez);
        printf("%-22s", cx_metric_name((cx_metric)m));
        cx_cli_print_value(ez.mean);
        cx_cli_print_value(ea.mean);
        cx_cli_print_value(p.diff.mean);
        cx_cli_print_value(p.diff.ci_low);
        cx_cli_print_value(p.diff.ci_high);
        if (isnan(p.variance_reduction))
            printf(" %10s\n", "NA");
        else
            printf(" %9.3gx\n", p.variance_reduction);
    }
}

int cx_cli_compare(const cx_cli_opts *o)
{
    cx_model *m;
    cx_error err;
    cx_cli_sim run = {0};
    if (cx_cli_load(o, &m, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    if (m->n_variants < 2) {
        cx_error_set(&err, CX_ERR_INPUT,
                     "%s: compare needs at least two variants (variant \"baseline\" {} and "
                     "one with interventions); this scenario declares %zu",
                     o->scenario, m->n_variants);
        cx_model_free(m);
        return cx_cli_fail(err.code, err.msg);
    }
    run.paired = 1;     /* --reps auto watches the differences from the baseline */
    cx_status st = cx_cli_simulate(o, m, &run, &err);
    /* stopped by a signal: write and show the replications kept */
    int stopped = st == CX_ERR_STOPPED;
    if (stopped)
        st = CX_OK;
    if (st == CX_OK && run.accum)
        st = cx_cli_write(o, m, &run, 1, &err);
    if (st == CX_OK && run.accum && o->format != CX_CLI_FORMAT_TABLE) {
        st = cx_cli_sim_emit(o, &run, &err);
        cx_cli_warn_precision(&run);
    } else if (st == CX_OK && run.accum) {
        cx_cli_headline(o, m, &run);
        cx_cli_print_precision(&run);
        for (size_t v = 1; v < run.n_variants; v++)
            print_variant(&run, v);
        printf("\ndifference: variant - baseline, paired over %s (common random "
               "numbers), 95 %% CI;\nvar.red.: variance of an independent comparison / "
               "variance of the paired one\n",
               o->antithetic ? "antithetic pairs" : "replications");
        cx_cli_print_analysis(&run);
        cx_cli_warn_precision(&run);
        if (o->out)
            printf("\nresults in %s/\n", o->out);
    }
    return cx_cli_sim_finish(o, m, &run, st, stopped, &err);
}
