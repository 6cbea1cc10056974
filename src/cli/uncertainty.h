/* uncertainty.h (private) - `run|compare --uncertainty N` (cmd_uncertainty.c):
 * the two-level Monte Carlo of docs/analysis.md, "Decisions under
 * uncertainty". */
#ifndef CX_CLI_UNCERTAINTY_H
#define CX_CLI_UNCERTAINTY_H

#include "opts.h"

/* Runs o->uncertainty draws of o->scenario's uncertain inputs, each with
 * the inner replications (--reps) of every variant; prints, writes --out.
 * Returns the exit status. */
int cx_cli_uncertainty(const cx_cli_opts *o);

/* The sentence run and compare print under their tables without
 * --uncertainty: what their intervals cover. */
extern const char cx_cli_noise_only[];

#endif
