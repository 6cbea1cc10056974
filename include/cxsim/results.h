/* cxsim/results.h - the results directory (docs/results.md, stable names).
 *
 * Provides: cx_results_write, which writes summary.csv, replications.csv,
 * periods.csv, touchpoints.csv, run.json (and compare.csv, nps.csv,
 * variance.csv) into a directory as a group (temporary files in the same
 * directory, fsync, renames): the files are there whole or not at all;
 * cx_results_stream_*, the same directory written from replications that
 * arrive in stages; and the run.json of the analysis verbs
 * (cx_results_write_analysis_json), written as a group with the
 * analysis's own files (info->files).
 * Relies on: batch, accum, stats, model, io (atomic files, CSV, JSON).
 */
#ifndef CXSIM_RESULTS_H
#define CXSIM_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxsim/accum.h"
#include "cxsim/batch.h"
#include "cxsim/error.h"
#include "cxsim/model.h"

/* A run that replicated until a precision (--reps auto), for run.json. */
typedef struct cx_results_precision {
    const char *metric;         /* the watched metric's name */
    int paired;                 /* 1: paired differences from the baseline; 0: means */
    double target;              /* the half-width asked for */
    size_t max_reps;            /* the cap */
    int reached;                /* the half-width got below target before the cap */
    double half_width;          /* the largest watched half-width at the end */
    size_t stages;
} cx_results_precision;

struct cx_json;

/* Writes the members an analysis adds to run.json (a key and its value at
 * a time, cx_json_key then a value) into the open top-level object. */
typedef void (*cx_results_json_fn)(struct cx_json *j, void *ctx);

/* A file of the command's own (quickwins.csv, sweep.csv, ...) written into
 * the same atomic group as the results files, before run.json: a failure
 * anywhere leaves none of the group's files, and a directory whose run.json
 * is this run's holds this run's files too. write returns 0, or -1 when a
 * write failed (errno telling why). */
typedef struct cx_results_file {
    const char *name;
    int (*write)(FILE *fp, const void *ctx);
    const void *ctx;
} cx_results_file;

/* Where a run came from, for run.json (docs/results.md): what the
 * command line said and when, and the scenario file's absolute path.
 * These members differ between two runs that give the same results, so
 * nothing compares them (not --resume, not the report). */
typedef struct cx_results_origin {
    const char *const *argv;    /* the command line, argv[0] first */
    size_t argc;
    char started[32];           /* "2026-12-07T21:14:03Z" (UTC); "" if unknown */
    char scenario_absolute[4096];   /* "" if it could not be resolved */
} cx_results_origin;

/* What produced a results directory, for run.json. */
typedef struct cx_results_info {
    const char *command;        /* "run" */
    const char *scenario_path;
    const char *scenario_sha256;    /* hex digest of the scenario file */
    uint32_t seed;
    size_t reps;
    unsigned threads;
    const cx_model *model;      /* the (baseline) model after --set */
    const cx_results_origin *origin;    /* NULL: not known (the Lua module) */
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
    int antithetic;             /* antithetic pairs: run.json says so */
    const cx_results_precision *precision;      /* NULL: a fixed number of replications */

    /* May be NULL: the command's own members of run.json (calibrate's
     * "calibration"), written before wall_seconds as an analysis's are. */
    cx_results_json_fn extra;
    void *extra_ctx;

    /* May be NULL: the command's own files, in the group before run.json. */
    const cx_results_file *files;
    size_t n_files;
} cx_results_info;

/* Creates dir (and missing parents) if needed and writes summary.csv,
 * replications.csv, periods.csv, touchpoints.csv, compare.csv (with
 * info->paired and two variants or more), nps.csv, variance.csv and
 * run.json (docs/results.md); for a stopped batch run.json says
 * "complete": false and checkpoint.bin is added, and a complete one removes
 * any checkpoint.bin left in dir. Estimates come from b's stored
 * replications, or, when b ran antithetic pairs, from its pairs
 * (cx_accum). b->journey_names, touchpoint_names and touchpoint_values may
 * be NULL only when b->n_touchpoints is 0 (touchpoints.csv is then a header
 * alone); b->extra_values may be NULL (no NPS sampling error or control
 * variate: NA). info->files join them. The files are written as a group
 * (cx_atomic_group): a failed write leaves none of them, and run.json is
 * renamed last. */
cx_status cx_results_write(const char *dir, const cx_batch_result *b,
                           const cx_results_info *info, cx_error *err);

/* A results directory written while replications arrive in stages
 * (cx_sequential_run's on_stage): replications.csv grows on disk under
 * temporary names, one per variant, so memory does not grow with the
 * replications; the other files are written at the end from the running
 * estimates. */
typedef struct cx_results_stream cx_results_stream;

/* Creates dir (and parents) and the temporary files for batches shaped
 * like `shape`. On success *out must end with cx_results_stream_finish or
 * cx_results_stream_abort. */
cx_status cx_results_stream_open(const char *dir, const cx_batch_result *shape,
                                 cx_results_stream **out, cx_error *err);

/* Appends the replications of stage (its replication r numbered first + r
 * + 1 in replications.csv). Stages must come in order: first is the count
 * of replications added before (CX_ERR_USAGE otherwise). */
cx_status cx_results_stream_add(cx_results_stream *s, const cx_batch_result *stage,
                                size_t first, cx_error *err);

/* Writes the directory's files as cx_results_write does, as a group, the
 * estimates from acc (the same replications, added in order) and
 * replications.csv from the stages; removes the temporary files and frees
 * s, whatever happens. */
cx_status cx_results_stream_finish(cx_results_stream *s, const cx_accum *acc,
                                   const cx_results_info *info, cx_error *err);

/* Removes the temporary files and frees s (NULL: nothing). */
void cx_results_stream_abort(cx_results_stream *s);

/* summary.csv (paired: with the ALT-baseline rows of compare) and
 * compare.csv, exactly as cx_results_write and cx_results_stream_finish
 * write them, onto fp (the command line's --format csv): the estimates
 * from b's stored replications when b is given and did not run antithetic
 * pairs, else from acc's running estimates (acc always given; the shape
 * and names come from it). 0, or -1 when a write failed. */
int cx_results_summary_csv(FILE *fp, const cx_batch_result *b, const cx_accum *acc,
                           int paired);
int cx_results_compare_csv(FILE *fp, const cx_batch_result *b, const cx_accum *acc);

/* ---- run.json of the analysis verbs (sweep, sensitivity) ---------------- */

struct cx_json;


/* Creates dir (and missing parents) if needed and writes dir/run.json of
 * an analysis atomically: the members of a run's run.json
 * (docs/results.md), "variants" holding the one variant the analysis
 * simulated and horizon, touchpoints and journeys taken from info->model
 * (which must be set), then the members extra writes (NULL: none), then
 * wall_seconds; info->files first, in the same atomic group, so that a
 * failure leaves none of them. info->paired is ignored. */
cx_status cx_results_write_analysis_json(const char *dir, const cx_results_info *info,
                                         const char *variant, cx_results_json_fn extra,
                                         void *ctx, cx_error *err);

#endif
