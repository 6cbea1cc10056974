/* quickwins.c - `cxsim quickwins` (being built: issue 5). */
#include "cli.h"

int cx_cli_quickwins(const cx_cli_opts *o)
{
    (void)o;
    return cx_cli_fail(CX_ERR_USAGE, "quickwins is not available in this version");
}
