/* cmd_compare.c - `cxsim compare`: every variant against the baseline,
 * paired by common random numbers, with the variance reduction pairing
 * bought (simulate.c runs and writes; this prints). */
#include "sim.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cxsim/accum.h"
#include "cxsim/metrics.h"
#include "cxsim/verdict.h"
#include "print.h"
#include "segments_out.h"
#include "verbs.h"
#include "uncertainty.h"

/* Variant v's verdict against the baseline: its net value's paired
 * difference, extra cost and ROI, and the net value gained period by
 * period (a difference of means: the same replications). */
static void verdict_of(const cx_cli_sim *s, size_t v, cx_verdict *out)
{
    cx_paired net, cost;
    cx_estimate roi;
    cx_run_paired(&s->run, v, CX_M_NET_VALUE, &net);
    cx_run_paired(&s->run, v, CX_M_COST, &cost);
    cx_run_estimate(&s->run, v, CX_M_ROI, &roi);
    size_t h = cx_accum_shape(s->run.accum)->horizon;
    double *gained = malloc((h ? h : 1) * sizeof *gained);
    for (size_t t = 0; gained && t < h; t++) {
        cx_estimate a, b;
        cx_accum_period(s->run.accum, v, t, CX_M_NET_VALUE, CX_RUN_LEVEL, &a);
        cx_accum_period(s->run.accum, 0, t, CX_M_NET_VALUE, CX_RUN_LEVEL, &b);
        gained[t] = a.mean - b.mean;
    }
    cx_verdict_make(&net.diff, cost.diff.mean, roi.n ? roi.mean : NAN, gained, h, out);
    free(gained);
}

/* First after the headline: one plain sentence per variant (verdict.h),
 * then what the intervals cover. */
static void print_verdicts(const cx_cli_sim *s)
{
    printf("\nverdict against %s (net value: value gained minus extra cost)\n",
           s->run.names[0]);
    for (size_t v = 1; v < s->run.n_variants; v++) {
        cx_verdict vd;
        char text[768], line[1024];
        verdict_of(s, v, &vd);
        snprintf(line, sizeof line, "%s: %s", s->run.names[v],
                 cx_verdict_text(&vd, text, sizeof text));
        cx_cli_print_wrapped(line, 2, 4);
    }
    printf("\n");
    cx_cli_print_wrapped(cx_verdict_noise_note(), 0, 0);
}

static void print_variant(const cx_cli_sim *s, size_t v)
{
    printf("\n%s vs %s\n", s->run.names[v], s->run.names[0]);
    printf("%-22s %12s %12s %12s %12s %12s %10s\n", "metric", "baseline", "variant",
           "difference", "ci_low", "ci_high", "var.red.");
    for (int m = 0; m < CX_METRIC_COUNT; m++) {
        cx_paired p;
        cx_estimate ea, ez;
        cx_run_paired(&s->run, v, (size_t)m, &p);
        cx_run_estimate(&s->run, v, (size_t)m, &ea);
        cx_run_estimate(&s->run, 0, (size_t)m, &ez);
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

static void print_comparison(const cx_cli_opts *o, const cx_cli_sim *s)
{
    assert(s->paired && s->run.n_variants >= 2);   /* cx_cli_simulate refused fewer */
    print_verdicts(s);
    cx_cli_print_segment_differences(s);
    for (size_t v = 1; v < s->run.n_variants; v++)
        print_variant(s, v);
    printf("\ndifference: variant - baseline, paired over %s (common random "
           "numbers), 95 %% CI;\nvar.red.: variance of an independent comparison / "
           "variance of the paired one\n",
           o->antithetic ? "antithetic pairs" : "replications");
}

int cx_cli_compare(const cx_cli_opts *o)
{
    if (o->uncertainty)         /* inputs drawn: another analysis */
        return cx_cli_uncertainty(o);
    return cx_cli_simulate(o, 1, print_comparison);
}
