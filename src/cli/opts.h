/* opts.h (private) - the command line's options: what cx_cli_parse reads
 * from argv (args.c) and every verb receives. Exit statuses: 0 success, 1
 * simulation failed, 2 usage, 3 bad input (docs/cli.md). */
#ifndef CX_CLI_OPTS_H
#define CX_CLI_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/error.h"
#include "cxsim/results.h"

#define CX_CLI_MAX_SETS 256
#define CX_CLI_MAX_PARAMS 64
#define CX_CLI_MAX_METRICS 32
#define CX_CLI_MAX_VARIANTS 63      /* --variant: with the baseline, a run's 64 */

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
    /* --variant NAME:PATH=VALUE[,...][@COST] (run, compare, check), as given */
    const char *variants[CX_CLI_MAX_VARIANTS];
    size_t n_variants;
    const char *baseline;       /* --baseline NAME: the variant compared against */

    /* Precision and variance reduction (run, compare, quickwins). */
    int reps_auto;              /* --reps auto: replicate to --precision */
    double precision;           /* --precision X: target 95 % CI half-width (0: unset) */
    size_t max_reps;            /* --max-reps N: cap of --reps auto (0: default) */
    int antithetic;             /* --antithetic: antithetic replication pairs */
    size_t uncertainty;         /* --uncertainty N: outer draws of the inputs (0: none) */
    const char *price_range;    /* --price-range METRIC=LO:HI[:STEPS] (with --uncertainty) */

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
    const char *events;         /* --events FILE (run): a synthetic event log */
    size_t events_sample;       /* --events-sample N: customers in it (0: 1000) */

    /* run.json's command line, start time and the scenario's absolute
     * path (cx_cli_parse fills it) */
    cx_results_origin origin;
} cx_cli_opts;

/* Parses argv[first..argc) into o (defaults first). Usage errors return
 * CX_ERR_USAGE with a message naming the flag. */
cx_status cx_cli_parse(int argc, char **argv, int first, cx_cli_opts *o,
                       cx_error *err);

/* Reads a number given on the command line (--set, --param, real flags)
 * by the one rule of every number cxsim reads, cx_csv_parse_number (a
 * decimal number within a double's range; 5e-324 is one, 1e999 is not;
 * no hexadecimal, inf or nan), with no blank at either end. 0, or -1. */
int cx_cli_number(const char *s, double *out);

/* The value of the flag at argv[*i]: "--flag=value" or "--flag value"
 * (then *i moves past it); NULL when argv ends first. */
const char *cx_cli_flag_value(int argc, char **argv, int *i, const char *flag);

/* A switch (--quiet, --force, ...) at arg: alone it sets *out to 1;
 * "--flag=1" and "--flag=0" (also yes/no, true/false, on/off) set it as
 * given; another value sets *st to a usage error. Returns 0 when arg is
 * not flag (nothing set), else 1. */
int cx_cli_switch(const char *arg, const char *flag, int *out, cx_status *st, cx_error *err);

/* Whether arg is flag, as "--flag" or "--flag=value". */
int cx_cli_is_flag(const char *arg, const char *flag);

/* The metric of --metric NAME into *out; otherwise a usage error "--metric:
 * UNKNOWN 'NAME'" with a suggestion and then (LISTED). */
cx_status cx_cli_metric(const char *name, const char *unknown, const char *listed, int *out,
                        cx_error *err);

#endif
