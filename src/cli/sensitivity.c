/* sensitivity.c - `cxsim sensitivity` (being built: issue 5). */
#include "cli.h"

int cx_cli_sensitivity(const cx_cli_opts *o)
{
    (void)o;
    return cx_cli_fail(CX_ERR_USAGE, "sensitivity is not available in this version");
}
