/* print.h (private) - what every verb prints the same way (print.c): a
 * failure on stderr with its exit status, a value in a table column. */
#ifndef CX_CLI_PRINT_H
#define CX_CLI_PRINT_H

#include "cxsim/error.h"

/* Prints "cxsim: MESSAGE" on stderr and returns the exit status of code. */
int cx_cli_fail(cx_status code, const char *msg);

/* " %12.4g" or "NA" on stdout. */
void cx_cli_print_value(double x);

#endif
