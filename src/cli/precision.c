/* precision.c - what run and compare print about precision after their
 * tables: the outcome of --reps auto, the variance reduction of the
 * --metric metrics (antithetic pairs, control variate) and NPS inference
 * (docs/analysis.md). stdout only; the warning goes to stderr. */
#include "sim.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>

#include "cxsim/metrics.h"
#include "cxsim/nps.h"
#include "print.h"

#define LEVEL CX_RUN_LEVEL

void cx_cli_print_precision(const cx_cli_sim *s)
{
    const cx_results_precision *p = &s->run.precision;
    if (!s->run.adaptive)
        return;
    char hw[32] = "NA";
    if (!isnan(p->half_width))
        snprintf(hw, sizeof hw, "%.4g", p->half_width);
    printf("precision: 95 %% CI half-width of %s (%s) %s %s %g after %zu replications "
           "in %zu stage%s%s\n", p->metric,
           p->paired ? "each difference from the baseline" : "each variant's mean", hw,
           p->reached ? "<" : "NOT below", p->target, cx_run_reps(&s->run),
           p->stages, p->stages == 1 ? "" : "s", p->reached ? "" : ": the --max-reps cap");
}

void cx_cli_warn_precision(const cx_cli_sim *s)
{
    const cx_results_precision *p = &s->run.precision;
    if (s->run.adaptive && !p->reached)
        fprintf(stderr, "cxsim: warning: --reps auto stopped at the cap of %zu replications "
                "before the %s half-width fell below %g (it is %.4g, NaN if undefined); raise "
                "--max-reps or --precision\n", p->max_reps, p->metric, p->target,
                p->half_width);
}

/* "ALT-baseline" or the variant's own name into out; its length. */
static int name_of(const cx_cli_sim *s, size_t v, int paired, char *out, size_t size)
{
    return snprintf(out, size, "%s%s%s", s->run.names[v], paired ? "-" : "",
                    paired ? s->run.names[0] : "");
}

/* The first column's width: 22, or the longest name a table prints. */
static int name_width(const cx_cli_sim *s)
{
    char name[2 * CX_NAME_MAX + 2];
    int w = 22;
    for (size_t v = 1; v < s->run.n_variants; v++) {
        int n = name_of(s, v, s->paired, name, sizeof name);
        w = n > w ? n : w;
    }
    return w;
}

static void row_name(const cx_cli_sim *s, size_t v, int paired)
{
    char name[2 * CX_NAME_MAX + 2];
    name_of(s, v, paired, name, sizeof name);
    printf("%-*s", name_width(s), name);
}

static void half_width(const cx_estimate *e)
{
    cx_cli_print_value(e->n >= 2 ? e->ci_high - e->mean : NAN);
}

static void variance_row(const cx_cli_sim *s, size_t v, int m, int paired)
{
    cx_accum_variance x;
    cx_accum_variance_of(s->run.accum, v, (size_t)m, paired, LEVEL, &x);
    row_name(s, v, paired);
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

/* One table per --metric: each variant's mean (s) or each difference
 * from the baseline (compare). */
static void print_variance(const cx_cli_sim *s)
{
    for (size_t i = 0; i < s->n_metrics; i++) {
        int m = s->metrics[i];
        printf("\nvariance reduction of %s: 95 %% CI half-widths, antithetic pairs, control "
               "variates\n(friction surprise, LTR noise)\n", cx_metric_name((cx_metric)m));
        printf("%-*s %12s %12s %12s %12s %12s %12s %12s\n", name_width(s), "variant", "mean",
               "half-width",
               "anti.factor", "cv.mean", "cv.half-w.", "cv.factor", "cv.gain");
        for (size_t v = s->paired ? 1 : 0; v < s->run.n_variants; v++)
            variance_row(s, v, m, s->paired);
    }
    printf("cv.factor: 1 / (1 - R^2) of the metric on the controls, from the same replications:\n"
           "what the control variates would buy with many replications (optimistic with few);\n"
           "cv.gain: (half-width / cv.half-w.)^2, what they bought here (below 1: the slopes'\n"
           "degrees of freedom cost more than they explained; use the plain interval)\n");
}

static void nps_row(const cx_cli_sim *s, size_t v, int paired)
{
    cx_accum_nps n;
    cx_accum_nps_of(s->run.accum, v, paired, LEVEL, &n);
    row_name(s, v, paired);
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

static void print_nps(const cx_cli_sim *s)
{
    printf("\nNPS inference (95 %%): within = one replication as a survey of its respondents "
           "(delta method);\nacross = over replications%s\n",
           cx_accum_antithetic(s->run.accum) ? " (antithetic pairs as units)" : "");
    printf("%-*s %12s %12s %12s %12s %12s\n", name_width(s), "variant", "respondents", "nps",
           "within+/-", "across.sd", "across+/-");
    for (size_t v = 0; v < s->run.n_variants; v++)
        nps_row(s, v, 0);
    for (size_t v = 1; s->paired && v < s->run.n_variants; v++)
        nps_row(s, v, 1);
}

void cx_cli_print_analysis(const cx_cli_opts *o, const cx_cli_sim *s)
{
    assert(s->run.accum);       /* printed only after a run that kept estimates */
    if (!o->details) {
        printf("\n(--details adds the variance-reduction and NPS-inference tables)\n");
        return;
    }
    print_variance(s);
    print_nps(s);
}
