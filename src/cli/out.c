/* out.c - the results directory of --out (out.h): a directory that holds a
 * run already is refused, and --report FILE writes its HTML report. */
#include "out.h"

#include <stdio.h>
#include <unistd.h>

#include "cxsim/report.h"
#include "cxsim/sha256.h"

cx_status cx_cli_check_out(const cx_cli_opts *o, cx_error *err)
{
    char path[4200];
    if (!o->out || o->force || o->resume)
        return CX_OK;
    snprintf(path, sizeof path, "%s/run.json", o->out);
    if (access(path, F_OK) != 0)
        return CX_OK;
    return cx_error_set(err, CX_ERR_USAGE, "%s already holds the results of a run (run.json); "
                        "give --force to replace them, --resume %s to continue an interrupted "
                        "run, or another --out", o->out, o->out);
}

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

cx_status cx_cli_info(const cx_cli_opts *o, const struct cx_model *m, const cx_batch_opts *b,
                      double wall, char hash[65], cx_results_info *info, cx_error *err)
{
    *info = (cx_results_info){
        .command = o->verb, .scenario_path = o->scenario, .scenario_sha256 = hash,
        .model = m, .origin = &o->origin, .overrides = o->sets, .n_overrides = o->n_sets, .wall_seconds = wall,
    };
    if (b) {
        info->seed = b->seed;
        info->reps = b->reps;
        info->threads = b->threads;
    }
    return cx_sha256_file(o->scenario, hash, err);
}
