/* sim.h (private) - what the verbs run and compare share (simulate.c,
 * precision.c): the scenario's variants run by cx_run_variants with the
 * command line's flags, progress and interruption, --resume, the results
 * directory, and what both print after their tables. */
#ifndef CX_CLI_SIM_H
#define CX_CLI_SIM_H

#include <stddef.h>

#include "cxsim/run.h"
#include "opts.h"

/* A run of the command line. */
typedef struct cx_cli_sim {
    cx_run run;
    cx_policy_factory *policy;      /* NULL: the scenario has no on_period */
    /* compare: --reps auto watches paired differences from the baseline
     * rather than means, and the files have compare.csv */
    int paired;
    int metrics[CX_CLI_MAX_METRICS];    /* --metric as cx_metric; [0] the primary */
    size_t n_metrics;
    char resume_key[4096];      /* what --resume must find again */
} cx_cli_sim;

/* The tables a verb of this kind prints on stdout after its headline. */
typedef void (*cx_cli_sim_print)(const cx_cli_opts *o, const cx_cli_sim *s);

/* The whole of run (paired 0) and compare (paired 1): loads the scenario,
 * runs its variants (a plain batch, or stages for --reps auto and
 * --antithetic; with --resume, continuing the batch stopped in that
 * directory), writes --out, prints (print, or --format csv|json), writes
 * --report; a run stopped by a signal writes and shows the replications
 * kept. Returns the exit status. */
int cx_cli_simulate(const cx_cli_opts *o, int paired, cx_cli_sim_print print);

/* What run and compare print after their tables (precision.c): the outcome
 * of --reps auto (a warning on stderr when the cap came first), the
 * variance reduction of the --metric metrics and NPS inference (with
 * --details; without, a line saying so). */
void cx_cli_print_precision(const cx_cli_sim *s);
void cx_cli_print_analysis(const cx_cli_opts *o, const cx_cli_sim *s);
void cx_cli_warn_precision(const cx_cli_sim *s);

/* The key --resume checks (cx_run_resume_key) for o on m with reps
 * replications: the --set list, then the --variant and --baseline
 * arguments. */
cx_status cx_cli_resume_key(const cx_cli_opts *o, const struct cx_model *m, size_t reps,
                            char *key, size_t size, cx_error *err);

#endif
