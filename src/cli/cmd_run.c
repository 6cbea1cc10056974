/* cmd_run.c - `cxsim run`: replications of every variant, a summary table,
 * a results directory (simulate.c runs and writes; this prints). */
#include "sim.h"

#include <stdio.h>

#include "cxsim/metrics.h"
#include "cxsim/model.h"
#include "events_out.h"
#include "load.h"
#include "print.h"
#include "segments_out.h"
#include "verbs.h"
#include "uncertainty.h"

/* The human-readable table: metric, mean, 95 % CI, per variant. */
static void print_summary(const cx_cli_opts *o, const cx_cli_sim *s)
{
    (void)o;
    for (size_t v = 0; v < s->run.n_variants; v++) {
        printf("\n%-22s %12s %12s %12s\n", s->run.names[v], "mean", "ci_low", "ci_high");
        for (int m = 0; m < CX_METRIC_COUNT; m++) {
            cx_estimate est;
            cx_run_estimate(&s->run, v, (size_t)m, &est);
            printf("%-22s", cx_metric_name((cx_metric)m));
            cx_cli_print_value(est.mean);
            cx_cli_print_value(est.ci_low);
            cx_cli_print_value(est.ci_high);
            printf("\n");
        }
    }
    cx_cli_print_segments(s);
    printf("\n%s\n", cx_cli_noise_only);
}

int cx_cli_run(const cx_cli_opts *o)
{
    if (o->uncertainty)         /* inputs drawn: another analysis */
        return cx_cli_uncertainty(o);
    int rc = cx_cli_simulate(o, 0, print_summary);
    if (rc != 0 || !o->events)      /* a stopped run writes no event log */
        return rc;
    cx_model *m;
    cx_error err;
    cx_status st = cx_cli_load(o, &m, &err);
    if (st == CX_OK) {
        st = cx_cli_write_events(o, m, &err);
        cx_model_free(m);
    }
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
