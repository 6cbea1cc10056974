/* compare.c - `cxsim compare`: every variant against the baseline, paired
 * by common random numbers, with the variance reduction pairing bought. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cxsim/accum.h"
#include "cxsim/model.h"
#include "cxsim/stats.h"
#include "cxsim/verdict.h"

/* Variant v's verdict against the baseline: its net value's paired
 * difference, extra cost and ROI, and the net value gained period by
 * period (a difference of means: the same replications). */
static void verdict_of(const cx_cli_sim *run, size_t v, cx_verdict *out)
{
    cx_paired net, cost;
    cx_estimate roi;
    cx_cli_paired(run, v, CX_M_NET_VALUE, &net);
    cx_cli_paired(run, v, CX_M_COST, &cost);
    cx_cli_estimate(run, v, CX_M_ROI, &roi);
    size_t h = cx_accum_shape(run->accum)->horizon;
    double *gained = malloc((h ? h : 1) * sizeof *gained);
    for (size_t t = 0; gained && t < h; t++) {
        cx_estimate a, b;
        cx_accum_period(run->accum, v, t, CX_M_NET_VALUE, 0.95, &a);
        cx_accum_period(run->accum, 0, t, CX_M_NET_VALUE, 0.95, &b);
        gained[t] = a.mean - b.mean;
    }
    cx_verdict_make(&net.diff, cost.diff.mean, roi.n ? roi.mean : NAN, gained, h, out);
    free(gained);
}

/* First on stdout: one plain sentence per variant, then what the
 * intervals cover. */
static void print_verdicts(const cx_cli_sim *run)
{
    printf("\nverdict against %s (net value: value gained minus extra cost)\n",
           cx_cli_variant_name(run, 0));
    for (size_t v = 1; v < run->n_variants; v++) {
        cx_verdict vd;
        char text[768], line[1024];
        verdict_of(run, v, &vd);
        snprintf(line, sizeof line, "%s: %s", cx_cli_variant_name(run, v),
                 cx_verdict_text(&vd, text, sizeof text));
        cx_cli_print_wrapped(line, 2, 4);
    }
    printf("\n");
    cx_cli_print_wrapped(cx_verdict_noise_note(), 0, 0);
}

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
        print_verdicts(&run);
        cx_cli_print_precision(&run);
        for (size_t v = 1; v < run.n_variants; v++)
            print_variant(&run, v);
        printf("\ndifference: variant - baseline, paired over %s (common random "
               "numbers), 95 %% CI;\nvar.red.: variance of an independent comparison / "
               "variance of the paired one\n",
               o->antithetic ? "antithetic pairs" : "replications");
        cx_cli_print_analysis(o, &run);
        cx_cli_warn_precision(&run);
        if (o->out)
            printf("\nresults in %s/\n", o->out);
    }
    return cx_cli_sim_finish(o, m, &run, st, stopped, &err);
}
