/* cmd_report.c - `cxsim report DIR [-o FILE]`: the HTML report of a results
 * directory (--report FILE of the other verbs: out.c). */
#include "verbs.h"

#include <stdio.h>
#include <sys/stat.h>

#include "cxsim/atomic.h"
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
    /* Locked while read (and written into): a run writing it meanwhile is
     * refused, and a journal a killed writer left is finished first, so the
     * page shows one whole directory (docs/reliability.md). A directory
     * that does not exist is not made for it. */
    cx_io_dir_lock_t lock = {.fd = -1};
    struct stat sb;
    if (stat(o->scenario, &sb) == 0 && S_ISDIR(sb.st_mode) &&
        cx_io_dir_lock(o->scenario, &lock, NULL, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    cx_status st = cx_report_write(o->scenario, out, &err);
    cx_io_dir_unlock(&lock);
    if (st != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    if (!o->quiet)
        printf("report in %s\n", out);
    return 0;
}
