/* analysis.h (private) - what sweep and sensitivity share (analysis.c):
 * the parameters to vary, the metrics to report, design points run by
 * cx_run_design with progress, and run.json. */
#ifndef CX_CLI_ANALYSIS_H
#define CX_CLI_ANALYSIS_H

#include <stddef.h>

#include "cxsim/error.h"
#include "cxsim/metrics.h"
#include "cxsim/results.h"
#include "cxsim/run.h"
#include "format.h"
#include "opts.h"
#include "params.h"

struct cx_model;

/* The parameters an analysis varies, into out[0..CX_CLI_MAX_PARAMS): the
 * --param flags (each range checked by cx_model_check_range), else the
 * scenario's declared ranges (steps 0; an intervention's only with
 * --variant, since they cannot move the baseline). None at all, or a flag of
 * quickwins or calibrate, --reps auto or --antithetic: a usage error. */
cx_status cx_cli_analysis_params(const cx_cli_opts *o, const struct cx_model *m,
                                 cx_run_param *out, size_t *n, cx_error *err);

/* The --metric flags as metric indices into out[0..CX_METRIC_COUNT); none
 * given: every metric (all) or nps alone. roi without --variant is a
 * usage error (a design point alone has no baseline to gain over). */
cx_status cx_cli_analysis_metrics(const cx_cli_opts *o, int all, int *out, size_t *n,
                                  cx_error *err);

/* The run options of an analysis's design points: the verb's --reps
 * (default: the scenario's), --seed, --threads, the scenario's policy and
 * progress of design points on stderr. Release with cx_cli_points_end
 * whatever the outcome. */
cx_status cx_cli_points_begin(const cx_cli_opts *o, const struct cx_model *m, cx_run_opts *ro,
                              cx_error *err);
void cx_cli_points_end(cx_run_opts *ro);

/* With --variant, the line saying the values are differences (stdout). */
void cx_cli_print_paired(const cx_run_points *run);

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

/* What every analysis verb's state starts with: the parameters it varies
 * and the metrics it reports, as cx_cli_analysis_params and
 * cx_cli_analysis_metrics read them. */
typedef struct cx_cli_analysis_head {
    const cx_cli_opts *o;
    cx_run_param ps[CX_CLI_MAX_PARAMS];
    size_t k;
    int metrics[CX_METRIC_COUNT];
    size_t nm;
    /* --variant: [0] the baseline, [1] the variant (cx_cli_analysis_variant) */
    size_t pair[2];
    int paired;
} cx_cli_analysis_head;

/* --variant NAME: h->pair (the baseline, cx_run_baseline, then NAME) and
 * h->paired; none: paired 0. A name the scenario does not declare, or the
 * baseline itself: a usage error naming the variants. */
cx_status cx_cli_analysis_variant(const cx_cli_opts *o, const struct cx_model *m,
                                  cx_cli_analysis_head *h, cx_error *err);


/* A verb of the analysis kind (sweep, sensitivity), as cx_cli_analysis_verb
 * runs it: its state (size bytes, zeroed, a cx_cli_analysis_head first),
 * where in it the run layer's study keeps its inputs and its run, whether
 * no --metric means every metric (else nps alone), the verb's own checks
 * of its flags (the study's inputs set), its simulation (cx_run_*), its files in --out and
 * run.json's members, its tables for --format csv|json (at most
 * CX_CLI_ANALYSIS_TABLES, the primary first), the table on stdout, the
 * state's release. */
#define CX_CLI_ANALYSIS_TABLES 2
typedef struct cx_cli_analysis {
    size_t size;
    size_t in;                  /* offsetof the state's cx_run_study (its inputs) */
    size_t points;              /* offsetof its cx_run_points (what ran) */
    int all_metrics;
    cx_status (*check)(const cx_cli_opts *o, void *state, cx_error *err);
    cx_status (*simulate)(const struct cx_model *m, const cx_run_opts *ro, void *state,
                          cx_error *err);
    size_t (*files)(const void *state, cx_results_file *out);
    cx_results_json_fn extra;
    size_t (*tables)(const void *state, cx_cli_table *out);
    void (*print)(const cx_cli_opts *o, const struct cx_model *m, const void *state);
    void (*release)(void *state);
} cx_cli_analysis;

/* Loads the scenario, runs a, prints or emits its outcome, writes --report;
 * returns the exit status. */
int cx_cli_analysis_verb(const cx_cli_opts *o, const cx_cli_analysis *a);

#endif
