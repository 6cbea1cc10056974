/* calibrate.c - `cxsim calibrate` (being built: issue 5). */
#include "cli.h"

int cx_cli_calibrate(const cx_cli_opts *o)
{
    (void)o;
    return cx_cli_fail(CX_ERR_USAGE, "calibrate is not available in this version");
}
