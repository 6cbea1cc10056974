/* print.h (private) - what every verb prints the same way (print.c): a
 * failure on stderr with its exit status, a value in a table column, a
 * sentence wrapped to the terminal's width. */
#ifndef CX_CLI_PRINT_H
#define CX_CLI_PRINT_H

#include "cxsim/error.h"

/* Prints "cxsim: MESSAGE" on stderr and returns the exit status of code. */
int cx_cli_fail(cx_status code, const char *msg);

/* " %12.4g" or "NA" on stdout. */
void cx_cli_print_value(double x);

/* Prints text (a verdict, what an interval covers) wrapped at 78 columns
 * at spaces, never between a number and its unit ("18.7 k", "161 %"), its
 * first line indented by first spaces and the others by rest. */
void cx_cli_print_wrapped(const char *text, int first, int rest);

#endif
