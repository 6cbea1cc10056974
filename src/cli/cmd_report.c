/* cmd_report.c - `cxsim report DIR [-o FILE]`: the HTML report of a results
 * directory (--report FILE of the other verbs: out.c). */
#include "verbs.h"

#include <stdio.h>

#include "cxsim/report.h"
#include "print.h"

int cx_cli_report(const cx_cli_opts *o)
{
    char path[4096];
    const char *out = o->output;
    if (!out) {     /* beside the files it shows */
        int n = snprintf(path, sizeof path, "%s/report.html", o->scenario);
        if (n < 0 || (size_t)n >= sizeof path)
            return cx_cli_fail(CX_ERR_USAGE, "results directory path too long");
        out = path;
    }
    cx_error err;
    if (cx_report_write(o->scenario, out, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    if (!o->quiet)
        printf("report in %s\n", out);
    return 0;
}
