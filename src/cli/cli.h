/* cli.h (private) - the cxsim command line: options, verbs, progress.
 *
 * Only src/cli/ prints, and only it turns a cx_status into an exit status
 * (0 success, 1 simulation failed, 2 usage, 3 bad input: INTERFACE.md).
 */
#ifndef CX_CLI_H
#define CX_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxsim/accum.h"
#include "cxsim/batch.h"
#include "cxsim/error.h"
#include "cxsim/results.h"
#include "cxsim/stats.h"
#include "cxsim/suggest.h"

#define CX_CLI_MAX_SETS 256
#define CX_CLI_MAX_PARAMS 64
#define CX_CLI_MAX_METRICS 32

enum { CX_CLI_FORMAT_TABLE, CX_CLI_FORMAT_CSV, CX_CLI_FORMAT_JSON };

typedef struct cx_cli_opts {
    const char *verb;
    const char *scenario;
    size_t reps;                /* 0: the scenario's default */
    uint32_t seed;
    unsigned threads;           /* 0: one per core */
    const char *out;            /* results directory, or NULL */
    const char *sets[CX_CLI_MAX_SETS];
    size_t n_sets;
    int quiet;
    int format;                 /* --format: CX_CLI_FORMAT_TABLE (default), _CSV, _JSON */
    int unsafe;                 /* --unsafe: no sandbox */
    const char *resume;         /* --resume DIR: continue the run interrupted there */
    int force;                  /* --force: replace the results already in --out */
    const char *report;         /* --report FILE (run, compare): the HTML report of --out */
    const char *output;         /* -o FILE (report): where the report goes */

    /* Precision and variance reduction (run, compare, quickwins). */
    int reps_auto;              /* --reps auto: replicate to --precision */
    double precision;           /* --precision X: target 95 % CI half-width (0: unset) */
    size_t max_reps;            /* --max-reps N: cap of --reps auto (0: default) */
    int antithetic;             /* --antithetic: antithetic replication pairs */

    /* Analysis verbs. */
    const char *params[CX_CLI_MAX_PARAMS];  /* --param NAME=LO:HI[:STEPS], as given */
    size_t n_params;
    const char *design;         /* --design grid|sobol|halton (NULL: verb's default) */
    size_t points;              /* --points N: quasi-random design size (0: default) */
    const char *metrics[CX_CLI_MAX_METRICS];    /* --metric NAME, repeatable */
    size_t n_metrics;
    const char *objective;      /* --objective NAME (quickwins ranking) */
    size_t max_combo;           /* --max-combo K: largest combination tried (0: default) */
    const char *targets;        /* --targets FILE.csv (calibrate) */
    size_t samples;             /* --samples N: base sample size (sensitivity) */
    size_t bootstrap;           /* --bootstrap B: bootstrap resamples (0: default) */
    int analytic;               /* --analytic (check) */
    int details;                /* --details: the expert tables on stdout (run, compare) */
    size_t max_evals;           /* --max-evals N: calibration's evaluation cap (0: default) */
    double tol;                 /* --tol X: calibration's simplex size to stop at (0: default) */
} cx_cli_opts;

/* Parses argv[first..argc) into o (defaults first). Usage errors return
 * CX_ERR_USAGE with a message naming the flag. */
cx_status cx_cli_parse(int argc, char **argv, int first, cx_cli_opts *o,
                       cx_error *err);

#define CX_CLI_MAX_VARIANTS 64

/* One simulation of a scenario's variants (run, compare). */
typedef struct cx_cli_sim {
    size_t index[CX_CLI_MAX_VARIANTS];      /* variant index per batch entry */
    const char *names[CX_CLI_MAX_VARIANTS];
    size_t n_variants;
    cx_batch_opts opts;
    cx_policy_factory *policy;      /* NULL: the scenario has no on_period */
    /* A plain run keeps every replication (result); a run in stages
     * (--reps auto, --antithetic) keeps running estimates only (result
     * NULL) and streams replications.csv to disk. accum is set either way. */
    cx_batch_result *result;
    cx_accum *accum;
    int staged;
    /* set by the verb before cx_cli_simulate: --reps auto watches paired
     * differences from the baseline (compare) rather than means (run) */
    int paired;
    int metrics[CX_CLI_MAX_METRICS];    /* --metric as cx_metric; [0] the primary */
    size_t n_metrics;
    int reps_auto;
    cx_run_precision precision;     /* --reps auto's outcome (reps_auto set) */
    cx_results_stream *stream;      /* replications.csv being written, or NULL */
    double wall;
    char resume_key[4096];      /* what --resume must find again */
} cx_cli_sim;

struct cx_model;

/* Runs every variant of m (baseline first): a plain batch, or stages
 * (cx_sequential_run) for --reps auto and --antithetic. run->accum is set
 * on success; release with cx_cli_run_release. Usage errors for the
 * precision flags (--max-reps without --reps auto, an unknown --metric,
 * --resume with stages). With --resume, continues the plain batch stopped
 * in that directory (refusing one made by another command, seed, --set or
 * scenario). Stopped by a signal: CX_ERR_STOPPED, with run->result holding
 * the replications completed of a plain batch (NULL if none; always NULL
 * for stages, which then write nothing). */
cx_status cx_cli_simulate(const cx_cli_opts *o, const struct cx_model *m, cx_cli_sim *run,
                          cx_error *err);

/* The estimate of metric m of variant v over the horizon, and the paired
 * difference of variant v from the baseline, as summary.csv has them. */
void cx_cli_estimate(const cx_cli_sim *run, size_t v, size_t m, cx_estimate *out);

/* Prints text wrapped at 78 columns, its first line indented by first
 * spaces and the others by rest (prose.c). */
void cx_cli_print_wrapped(const char *text, int first, int rest);
void cx_cli_paired(const cx_cli_sim *run, size_t v, size_t m, cx_paired *out);

/* Variant v's name. */
const char *cx_cli_variant_name(const cx_cli_sim *run, size_t v);

/* The replications run per variant (of a stopped plain batch: those
 * completed). */
size_t cx_cli_reps(const cx_cli_sim *run);

/* What run and compare print after their tables (precision.c): the outcome
 * of --reps auto (a warning on stderr when the cap came first), the
 * variance reduction of the --metric metrics and NPS inference. */
void cx_cli_print_precision(const cx_cli_sim *run);
void cx_cli_print_analysis(const cx_cli_opts *o, const cx_cli_sim *run);
void cx_cli_warn_precision(const cx_cli_sim *run);

/* run's and compare's results for --format csv|json (run.c): summary.csv
 * of run; compare.csv of compare, then (json only) its summary.csv. */
cx_status cx_cli_sim_emit(const cx_cli_opts *o, const cx_cli_sim *run, cx_error *err);

/* Writes the results directory if --out was given (for a run in stages,
 * finishes the directory its stages began). */
cx_status cx_cli_write(const cx_cli_opts *o, const struct cx_model *m,
                       cx_cli_sim *run, int paired, cx_error *err);

void cx_cli_run_release(cx_cli_sim *run);

/* The line that says what ran. */
void cx_cli_headline(const cx_cli_opts *o, const struct cx_model *m, const cx_cli_sim *run);

/* The scenario's on_period policy (*f NULL when it has none). */
cx_status cx_cli_policy(const cx_cli_opts *o, cx_policy_factory **f, cx_error *err);
/* Loads the scenario, applies the --set overrides and validates, refusing
 * more variants than a run holds (CX_CLI_MAX_VARIANTS). */
cx_status cx_cli_load(const cx_cli_opts *o, struct cx_model **out, cx_error *err);

/* cx_cli_load, telling on_module (may be NULL) of each module file the
 * scenario requires and on_data (may be NULL) of each data file it reads
 * (cx_scenario_opts.on_module, on_data). */
cx_status cx_cli_load_modules(const cx_cli_opts *o,
                              void (*on_module)(void *ctx, const char *name,
                                                const char *path),
                              void (*on_data)(void *ctx, const char *name, const char *path),
                              void *ctx, struct cx_model **out, cx_error *err);

/* MPI (mpi.c): starts MPI when a launcher (mpirun, srun) started this
 * process and returns this process's rank, 0 without MPI, -1 when MPI
 * failed to start. cx_cli_mpi_end finishes MPI after a successful run and
 * returns status. */
int cx_cli_mpi_begin(int *argc, char ***argv);
int cx_cli_mpi_end(int status);

/* Verbs: each returns the process exit status. */
int cx_cli_run(const cx_cli_opts *o);
int cx_cli_compare(const cx_cli_opts *o);
int cx_cli_check(const cx_cli_opts *o);

/* check --analytic: prints each journey of m solved as a Markov chain
 * beside a simulation of its period 1 (check_analytic.c). */
cx_status cx_cli_analytic(const cx_cli_opts *o, const struct cx_model *m, cx_error *err);
/* One `--param NAME=LO:HI[:STEPS]`. */
typedef struct cx_cli_param {
    char path[256];     /* a cx_model_set path */
    double lo, hi;      /* lo < hi */
    size_t steps;       /* grid points, >= 2; 0 when not given */
} cx_cli_param;

/* Parses o->params into out[0..o->n_params) (CX_CLI_MAX_PARAMS entries)
 * and sets *n. With m, both ends must be values cx_model_set accepts on
 * m. Usage errors name the flag and what is wrong. */
cx_status cx_cli_params_parse(const cx_cli_opts *o, const struct cx_model *m,
                              cx_cli_param *out, size_t *n, cx_error *err);

/* ---- analysis.c: what sweep and sensitivity share ---------------------- */

/* The parameters an analysis varies, into out[0..CX_CLI_MAX_PARAMS): the
 * --param flags (each range checked by cx_model_check_range), else the
 * scenario's declared ranges (steps 0). None at all, or a flag of
 * quickwins or calibrate, --reps auto or --antithetic: a usage error. */
cx_status cx_cli_analysis_params(const cx_cli_opts *o, const struct cx_model *m,
                                 cx_cli_param *out, size_t *n, cx_error *err);

/* The --metric flags as metric indices into out[0..CX_METRIC_COUNT); none
 * given: every metric (all) or nps alone. */
cx_status cx_cli_analysis_metrics(const cx_cli_opts *o, int all, int *out, size_t *n,
                                  cx_error *err);

/* Sets ps[j].path to x[j] on m, then validates m; a failure names design
 * point `point` (0-based, shown 1-based) and its values. */
cx_status cx_cli_apply_point(struct cx_model *m, const cx_cli_param *ps, size_t k,
                             const double *x, size_t point, cx_error *err);

/* Design points of an analysis on the batch runner. */
typedef struct cx_cli_points {
    size_t n_points;
    cx_batch_point_fn set;
    cx_batch_values_fn take;
    void *ctx;
    /* filled by cx_cli_run_points: */
    cx_batch_opts opts;         /* reps, seed, threads used */
    const char *variant;        /* the variant simulated: the baseline */
    double wall;                /* seconds */
} cx_cli_points;

/* Runs run->n_points points of m's baseline variant with the verb's
 * --reps (default: the scenario's), --seed, --threads, the scenario's
 * policy and progress on stderr. */
cx_status cx_cli_run_points(const cx_cli_opts *o, const struct cx_model *m,
                            cx_cli_points *run, cx_error *err);

struct cx_json;

/* Writes the analysis's own files and o->out/run.json, with the members
 * extra adds, as one atomic group (run.json last). */
cx_status cx_cli_analysis_json(const cx_cli_opts *o, const struct cx_model *m,
                               const cx_cli_points *run,
                               void (*extra)(struct cx_json *j, void *ctx), void *ctx,
                               const cx_results_file *files, size_t n_files,
                               cx_error *err);

/* run.json members: "varied" (path, low, high[, steps] of each parameter),
 * "ranges_from"; and "metrics". */
void cx_cli_json_params(struct cx_json *j, const cx_cli_param *ps, size_t k,
                        const cx_cli_opts *o);
void cx_cli_json_metrics(struct cx_json *j, const int *metrics, size_t n);

int cx_cli_quickwins(const cx_cli_opts *o);

struct cx_quickwins;
/* The quickwins tables on stdout (quickwins_table.c). */
void cx_cli_quickwins_print(const cx_cli_opts *o, const struct cx_model *m,
                            const struct cx_quickwins *q, const cx_batch_opts *b, double wall);
int cx_cli_sweep(const cx_cli_opts *o);
int cx_cli_sensitivity(const cx_cli_opts *o);
int cx_cli_calibrate(const cx_cli_opts *o);
int cx_cli_report(const cx_cli_opts *o);

/* --report FILE of run and compare: the report of the results directory
 * just written (o->out), with a line saying where it went. Does nothing
 * without --report or --out (ranks other than 0 under MPI). */
cx_status cx_cli_write_report(const cx_cli_opts *o, cx_error *err);

/* Prints help (verb NULL: the overview) to stdout; returns 0, or 2 for an
 * unknown verb. */
int cx_cli_help(const char *verb);

/* Prints "cxsim: MESSAGE" on stderr and returns the exit status of code. */
int cx_cli_fail(cx_status code, const char *msg);

/* Installs the SIGINT/SIGTERM handlers; the flag they set, for
 * cx_batch_opts.stop. */
#include <signal.h>
const volatile sig_atomic_t *cx_cli_interrupt_install(void);

/* Refuses (CX_ERR_USAGE) an --out directory that already holds a run's
 * results (its run.json), unless --force or --resume. */
cx_status cx_cli_check_out(const cx_cli_opts *o, cx_error *err);

/* After cx_cli_simulate returned CX_ERR_STOPPED: what was kept and how to
 * go on, on stderr. */
void cx_cli_report_stop(const cx_cli_opts *o, const cx_cli_sim *run);

/* The end of run and compare, whatever st (how the run and its writing
 * went) and stopped (a signal stopped it): the --report page, what a stop
 * kept, then the run and the model freed. Returns the exit status. */
int cx_cli_sim_finish(const cx_cli_opts *o, struct cx_model *m, cx_cli_sim *run, cx_status st,
                      int stopped, cx_error *err);

/* Progress on stderr while work runs: "DONE/TOTAL UNIT  RATE/s  N s left",
 * counting what the batch runner reports (units) in steps of per (sweep:
 * the replications of one design point). NULL (nothing shown) unless
 * enabled and stderr is a terminal. */
typedef struct cx_progress cx_progress;
cx_progress *cx_progress_new(int enabled, const char *unit, size_t per);
/* cx_batch_opts.progress: thread-safe. */
void cx_progress_update(void *ctx, size_t done, size_t total);
/* The same with a note after the time left (calibrate: the loss). */
void cx_progress_step(cx_progress *p, size_t done, size_t total, const char *note);
void cx_progress_finish(cx_progress *p);

/* ---- format.c: --format csv|json --------------------------------------- */

/* One table of a verb's results: the writer of its results file. */
typedef struct cx_cli_table {
    const char *name;           /* the file's name less ".csv": the JSON member */
    int (*write)(FILE *fp, const void *ctx);   /* header and rows; 0, or -1 */
    const void *ctx;
} cx_cli_table;

/* With --format csv, writes tables[0] (the verb's primary table) to
 * stdout as its file holds it; with --format json, one JSON document:
 * {"command", "scenario", then per table NAME: [row objects]}. CX_ERR_IO
 * when stdout cannot be written. */
cx_status cx_cli_emit(const cx_cli_opts *o, const cx_cli_table *tables, size_t n,
                      cx_error *err);

/* "table", "csv" or "json" into *out; a usage error (with a suggestion)
 * otherwise. */
cx_status cx_cli_format_parse(const char *s, int *out, cx_error *err);

/* " %12.4g" or "NA". */
void cx_cli_print_value(double x);

/* Monotonic seconds. */
double cx_cli_now(void);

#endif
