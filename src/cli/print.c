/* print.c - what every verb prints the same way (print.h). */
#include "print.h"

#include <math.h>
#include <stdio.h>

int cx_cli_fail(cx_status code, const char *msg)
{
    fprintf(stderr, "cxsim: %s\n", msg);
    return cx_error_exit_status(code);
}

void cx_cli_print_value(double x)
{
    if (isnan(x))
        printf(" %12s", "NA");
    else
        printf(" %12.4g", x);
}
