/* sweep.c - `cxsim sweep` (being built: issue 5). */
#include "cli.h"

int cx_cli_sweep(const cx_cli_opts *o)
{
    (void)o;
    return cx_cli_fail(CX_ERR_USAGE, "sweep is not available in this version");
}
