/* precision.c - what run and compare print about precision after their
 * tables: the outcome of --reps auto, the variance reduction of the
 * --metric metrics (antithetic pairs, control variate) and NPS inference
 * (docs/analysis.md). stdout only; the warning goes to stderr. */
#include "cli.h"

#include <math.h>
#include <stdio.h>

#include "cxsim/metrics.h"
#include "cxsim/nps.h"

#define LEVEL 0.95

void cx_cli_print_precision(const cx_cli_sim *run)
{
    const cx_run_precision *p = &run->precision;
    if (!run->reps_auto)
        return;
    char hw[32] = "NA";
    if (!isnan(p->half_width))
        snprintf(hw, sizeof hw, "%.4g", p->half_width);
    printf("precision: 95 %% CI half-width of %s (%s) %s %s %g after %zu replications "
           "in %zu stage%s%s\n", p->metric,
           p->paired ? "each difference from the baseline" : "each variant's mean", hw,
           p->reached ? "<" : "NOT below", p->target, cx_cli_reps(run),
           p->stages, p->stages == 1 ? "" : "s", p->reached ? "" : ": the --max-reps cap");
}

void cx_cli_warn_precision(const cx_cli_sim *run)
{
    const cx_run_precision *p = &run->precision;
    if (run->reps_auto && !p->reached)
        fprintf(stderr, "cxsim: warning: --reps auto stopped at the cap of %zu replications "
                "before the %s half-width fell below %g (it is %.4g, NaN if undefined); raise "
                "--max-reps or --precision\n", p->max_reps, p->metric, p->target,
                p->half_width);
}

/* "ALT-baseline" or the variant's own name into out; its length. */
static int name_of(const cx_cli_sim *run, size_t v, int paired, char *out, size_t size)
{
    return snprintf(out, size, "%s%s%s", cx_cli_variant_name(run, v), paired ? "-" : "",
                    paired ? cx_cli_variant_name(run, 0) : "");
}

/* The first column's width: 22, or the longest name a table prints. */
static int name_width(const cx_cli_sim *run)
{
    char name[2 * CX_NAME_MAX + 2];
    int w = 22;
    for (size_t v = 1; v < run->n_variants; v++) {
        int n = name_of(run, v, run->paired, name, sizeof name);
        w = n > w ? n : w;
    }
    return w;
}

static void row_name(const cx_cli_sim *run, size_t v, int paired)
{
    char name[2 * CX_NAME_MAX + 2];
    name_of(run, v, paired, name, sizeof name);
    printf("%-*s", name_width(run), name);
}

static void half_width(const cx_estimate *e)
{
    cx_cli_print_value(e->n >= 2 ? e->ci_high - e->mean : NAN);
}

static void variance_row(const cx_cli_sim *run, size_t v, int m, int paired)
{
    cx_accum_variance x;
    cx_accum_variance_of(run->accum, v, (size_t)m, paired, LEVEL, &x);
    row_name(run, v, paired);
    cx_cli_print_value(x.est.mean);
    half_width(&x.est);
    cx_cli_print_value(x.antithetic_factor);
    cx_cli_print_value(x.control.est.mean);
    half_width(&x.control.est);
    cx_cli_print_value(x.control.factor);
    /* what the control variates bought here, degrees of freedom and all */
    double hw = x.est.ci_high - x.est.mean, cv_hw = x.control.est.ci_high - x.control.est.mean;
    cx_cli_print_value(cv_hw > 0 ? (hw / cv_hw) * (hw / cv_hw) : NAN);
    printf("\n");
}

/* One table per --metric: each variant's mean (run) or each difference
 * from the baseline (compare). */
static void print_variance(const cx_cli_sim *run)
{
    for (size_t i = 0; i < run->n_metrics; i++) {
        int m = run->metrics[i];
        printf("\nvariance reduction of %s: 95 %% CI half-widths, antithetic pairs, control "
               "variates\n(friction surprise, LTR noise)\n", cx_metric_name((cx_metric)m));
        printf("%-*s %12s %12s %12s %12s %12s %12s %12s\n", name_width(run), "variant", "mean",
               "half-width",
               "anti.factor", "cv.mean", "cv.half-w.", "cv.factor", "cv.gain");
        for (size_t v = run->paired ? 1 : 0; v < run->n_variants; v++)
            variance_row(run, v, m, run->paired);
    }
    printf("cv.factor: 1 / (1 - R^2) of the metric on the controls, from the same replications:\n"
           "what the control variates would buy with many replications (optimistic with few);\n"
           "cv.gain: (half-width / cv.half-w.)^2, what they bought here (below 1: the slopes'\n"
           "degrees of freedom cost more than they explained; use the plain interval)\n");
}

static void nps_row(const cx_cli_sim *run, size_t v, int paired)
{
    cx_accum_nps n;
    cx_accum_nps_of(run->accum, v, paired, LEVEL, &n);
    row_name(run, v, paired);
    if (isnan(n.respondents))
        printf(" %12s", "NA");
    else
        printf(" %12.1f", n.respondents);
    cx_cli_print_value(n.across.mean);
    cx_cli_print_value(n.within_se * cx_nps_z(LEVEL));
    cx_cli_print_value(n.across.sd);
    half_width(&n.across);
    printf("\n");
}

static void print_nps(const cx_cli_sim *run)
{
    printf("\nNPS inference (95 %%): within = one replication as a survey of its respondents "
           "(delta method);\nacross = over replications%s\n",
           cx_accum_antithetic(run->accum) ? " (antithetic pairs as units)" : "");
    printf("%-*s %12s %12s %12s %12s %12s\n", name_width(run), "variant", "respondents", "nps",
           "within+/-", "across.sd", "across+/-");
    for (size_t v = 0; v < run->n_variants; v++)
        nps_row(run, v, 0);
    for (size_t v = 1; run->paired && v < run->n_variants; v++)
        nps_row(run, v, 1);
}

void cx_cli_print_analysis(const cx_cli_opts *o, const cx_cli_sim *run)
{
    if (!o->details) {
        printf("\n(--details adds the variance-reduction and NPS-inference tables)\n");
        return;
    }
    print_variance(run);
    print_nps(run);
}
