/* analysis.h (private) - what sweep and sensitivity share (analysis.c):
 * the parameters to vary, the metrics to report, design points run by
 * cx_run_design with progress, and run.json. */
#ifndef CX_CLI_ANALYSIS_H
#define CX_CLI_ANALYSIS_H

#include <stddef.h>

#include "cxsim/error.h"
#include "cxsim/results.h"
#include "cxsim/run.h"
#include "opts.h"
#include "params.h"

struct cx_model;

/* The parameters an analysis varies, into out[0..CX_CLI_MAX_PARAMS): the
 * --param flags (each range checked by cx_model_check_range), else the
 * scenario's declared ranges (steps 0). None at all, or a flag of
 * quickwins or calibrate, --reps auto or --antithetic: a usage error. */
cx_status cx_cli_analysis_params(const cx_cli_opts *o, const struct cx_model *m,
                                 cx_run_param *out, size_t *n, cx_error *err);

/* The --metric flags as metric indices into out[0..CX_METRIC_COUNT); none
 * given: every metric (all) or nps alone. */
cx_status cx_cli_analysis_metrics(const cx_cli_opts *o, int all, int *out, size_t *n,
                                  cx_error *err);

/* The run options of an analysis's design points: the verb's --reps
 * (default: the scenario's), --seed, --threads, the scenario's policy and
 * progress of design points on stderr. Release with cx_cli_points_end
 * whatever the outcome. */
cx_status cx_cli_points_begin(const cx_cli_opts *o, const struct cx_model *m, cx_run_opts *ro,
                              cx_error *err);
void cx_cli_points_end(cx_run_opts *ro);

struct cx_json;

/* Writes the analysis's own files and o->out/run.json, with the members
 * extra adds, as one atomic group (run.json last). */
cx_status cx_cli_analysis_json(const cx_cli_opts *o, const struct cx_model *m,
                               const cx_run_points *run,
                               void (*extra)(struct cx_json *j, void *ctx), void *ctx,
                               const cx_results_file *files, size_t n_files,
                               cx_error *err);

/* run.json members: "varied" (path, low, high[, steps] of each parameter),
 * "ranges_from"; and "metrics". */
void cx_cli_json_params(struct cx_json *j, const cx_run_param *ps, size_t k,
                        const cx_cli_opts *o);
void cx_cli_json_metrics(struct cx_json *j, const int *metrics, size_t n);

#endif
