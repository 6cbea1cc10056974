/* cxsim/results.h - the results directory (INTERFACE.md, stable names).
 *
 * Provides: cx_results_write, which writes summary.csv, replications.csv,
 * periods.csv, touchpoints.csv and run.json into a directory, each
 * atomically (temporary file in the same directory, fsync, rename): a file
 * is there whole or not at all; and the run.json of the analysis verbs
 * (cx_results_write_analysis_json), whose other files go through
 * cx_atomic_write.
 * Relies on: batch, stats, model, io (CSV through libcsv, JSON).
 */
#ifndef CXSIM_RESULTS_H
#define CXSIM_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/batch.h"
#include "cxsim/error.h"
#include "cxsim/model.h"

struct cx_json;

/* Writes the members an analysis adds to run.json (a key and its value at
 * a time, cx_json_key then a value) into the open top-level object. */
typedef void (*cx_results_json_fn)(struct cx_json *j, void *ctx);

/* What produced a results directory, for run.json. */
typedef struct cx_run_info {
    const char *command;        /* "run" */
    const char *scenario_path;
    const char *scenario_sha256;    /* hex digest of the scenario file */
    uint32_t seed;
    size_t reps;
    unsigned threads;
    const cx_model *model;      /* the (baseline) model after --set */
    const char *const *overrides;   /* the --set arguments as given */
    size_t n_overrides;
    double wall_seconds;
    /* compare: summary.csv gains rows "ALT-baseline" with each variant's
     * paired difference from variant 0, and compare.csv is written. */
    int paired;
    /* Describes the run for --resume (cx_checkpoint_write); written into
     * checkpoint.bin when the batch was stopped (b->reps < reps_requested).
     * NULL: an empty key. */
    const char *resume_key;
    /* May be NULL: the command's own members of run.json (calibrate's
     * "calibration"), written before wall_seconds as an analysis's are. */
    cx_results_json_fn extra;
    void *extra_ctx;
} cx_run_info;

/* Creates dir (and missing parents) if needed and writes the five files
 * (six with info->paired: compare.csv, docs/results.md); for a stopped
 * batch run.json says "complete": false and checkpoint.bin is added, and a
 * complete one removes any checkpoint.bin left in dir.
 * b->journey_names, touchpoint_names and touchpoint_values may be NULL only
 * when b->n_touchpoints is 0 (touchpoints.csv is then a header alone).
 * The files are written as a group (cx_atomic_group): a failed write
 * leaves none of them, and run.json is renamed last. */
cx_status cx_results_write(const char *dir, const cx_batch_result *b,
                           const cx_run_info *info, cx_error *err);

/* ---- run.json of the analysis verbs (sweep, sensitivity) ---------------- */

struct cx_json;


/* Creates dir (and missing parents) if needed and writes dir/run.json of
 * an analysis atomically: the members of a run's run.json
 * (docs/results.md), "variants" holding the one variant the analysis
 * simulated and horizon, touchpoints and journeys taken from info->model
 * (which must be set), then the members extra writes (NULL: none), then
 * wall_seconds. info->paired is ignored. */
cx_status cx_results_write_analysis_json(const char *dir, const cx_run_info *info,
                                         const char *variant, cx_results_json_fn extra,
                                         void *ctx, cx_error *err);

#endif
