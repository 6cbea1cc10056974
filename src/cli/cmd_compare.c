/* cmd_compare.c - `cxsim compare`: every variant against the baseline,
 * paired by common random numbers, with the variance reduction pairing
 * bought (simulate.c runs and writes; this prints). */
#include "sim.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>

#include "cxsim/metrics.h"
#include "print.h"
#include "verbs.h"
#include "uncertainty.h"

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
    for (size_t v = 1; v < s->run.n_variants; v++)
        print_variant(s, v);
    printf("\ndifference: variant - baseline, paired over %s (common random "
           "numbers), 95 %% CI;\nvar.red.: variance of an independent comparison / "
           "variance of the paired one\n",
           o->antithetic ? "antithetic pairs" : "replications");
    printf("%s\n", cx_cli_noise_only);
}

int cx_cli_compare(const cx_cli_opts *o)
{
    if (o->uncertainty)         /* inputs drawn: another analysis */
        return cx_cli_uncertainty(o);
    return cx_cli_simulate(o, 1, print_comparison);
}
