/* out.h (private) - the results directory of --out (out.c): refusing one
 * that holds a run already, and --report FILE, its HTML report. */
#ifndef CX_CLI_OUT_H
#define CX_CLI_OUT_H

#include "cxsim/error.h"
#include "cxsim/results.h"
#include "opts.h"

/* Refuses (CX_ERR_USAGE) an --out directory that already holds a run's
 * results (its run.json), unless --force or --resume. */
cx_status cx_cli_check_out(const cx_cli_opts *o, cx_error *err);

/* What run.json says of every verb's run: the command, the scenario's
 * path and SHA-256 (into hash, which info points to), the model as run,
 * the --set overrides and, from b (may be NULL), seed, reps and threads,
 * and the wall time; the rest of *info zero. */
cx_status cx_cli_info(const cx_cli_opts *o, const struct cx_model *m, const cx_batch_opts *b,
                      double wall, char hash[65], cx_results_info *info, cx_error *err);

/* --report FILE of the verbs that write a results directory: the report of
 * the directory just written (o->out), with a line saying where it went.
 * Does nothing without --report or --out (ranks other than 0 under MPI). */
cx_status cx_cli_write_report(const cx_cli_opts *o, cx_error *err);

#endif
