/* verbs.h (private) - the verbs main.c dispatches (cmd_*.c, help.c); each
 * returns the process exit status. */
#ifndef CX_CLI_VERBS_H
#define CX_CLI_VERBS_H

#include "opts.h"

int cx_cli_run(const cx_cli_opts *o);
int cx_cli_compare(const cx_cli_opts *o);
int cx_cli_check(const cx_cli_opts *o);
int cx_cli_quickwins(const cx_cli_opts *o);
int cx_cli_sweep(const cx_cli_opts *o);
int cx_cli_sensitivity(const cx_cli_opts *o);
int cx_cli_calibrate(const cx_cli_opts *o);
int cx_cli_report(const cx_cli_opts *o);
/* cxsim fit: options of its own (cmd_fit.c), so it takes argv whole. */
int cx_cli_fit(int argc, char **argv);

/* Prints help (verb NULL: the overview) to stdout; returns 0, or 2 for an
 * unknown verb. */
int cx_cli_help(const char *verb);

#endif
