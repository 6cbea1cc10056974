/* calibrate.h (private) - what `cxsim calibrate` keeps from its search for
 * its report: shared by calibrate.c (the search and the report on stdout)
 * and calibrate_out.c (the files of --out DIR).
 */
#ifndef CX_CLI_CALIBRATE_H
#define CX_CLI_CALIBRATE_H

#include "cxsim/calibrate.h"
#include "cxsim/model.h"
#include "cxsim/run.h"
#include "opts.h"
#include "params.h"
#include "progress.h"

#define CX_CLI_MAX_MODULES 64

typedef struct cx_cli_calib {
    const cx_cli_opts *o;
    cx_model *m;                                /* the scenario after --set */
    cx_run_param par[CX_CLI_MAX_PARAMS];        /* the --param, as given */
    cx_calibrate_param box[CX_CLI_MAX_PARAMS];  /* bounds and start */
    size_t np;
    cx_calibrate_target *tg;                    /* from --targets */
    size_t nt;
    cx_run_opts ro;                             /* every evaluation's: same seed, same keys */
    cx_policy_factory *policy;
    cx_progress *progress;                      /* evaluations on stderr, or NULL */
    cx_run_calibration cal;                     /* the search, its best evaluation (run.h) */
    /* the modules the scenario requires and the data files it reads
     * (copied beside fitted.lua: modules under lib/, data files at the
     * name the scenario gives them) */
    char *mod_name[CX_CLI_MAX_MODULES];
    char *mod_path[CX_CLI_MAX_MODULES];
    int mod_is_data[CX_CLI_MAX_MODULES];
    size_t n_mods;
    int mods_dropped;                           /* more than CX_CLI_MAX_MODULES, or no memory */
} cx_cli_calib;

/* Writes the results directory of the fit into o->out: calibration.csv,
 * fit.csv, calibration_trace.csv, fitted.lua and copies of the modules it
 * requires under lib/; loads fitted.lua back and checks that it holds the
 * fitted values; then the run files of the best evaluation (run.json, with
 * a "calibration" member, last). */
cx_status cx_cli_calibrate_write(const cx_cli_calib *c, cx_error *err);

/* --format csv: calibration.csv on stdout; json: calibration, fit and
 * calibration_trace in one document. */
cx_status cx_cli_calibrate_emit(const cx_cli_calib *c, cx_error *err);

/* Whether calibrate writes a file of this name (relative to --out), where
 * the copy of a data file of that name would go. */
int cx_cli_calibrate_writes(const char *name);

#endif
