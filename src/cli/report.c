/* report.c - `cxsim report DIR [-o FILE]`: the HTML report of a results
 * directory; and --report FILE, the same for the verbs that write a results
 * directory, in one go. */
#include "cli.h"

#include <stdio.h>

#include "cxsim/report.h"

cx_status cx_cli_write_report(const cx_cli_opts *o, cx_error *err)
{
    if (!o->report || !o->out)
        return CX_OK;
    cx_status st = cx_report_write(o->out, o->report, err);
    /* stdout carries only data under --format csv|json */
    if (st == CX_OK)
        fprintf(o->format == CX_CLI_FORMAT_TABLE ? stdout : stderr, "report in %s\n",
                o->report);
    return st;
}

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
