/* uncertainty.h (private) - `run|compare|quickwins --uncertainty N`
 * (cmd_uncertainty.c): the two-level Monte Carlo of docs/analysis.md,
 * "Decisions under uncertainty". */
#ifndef CX_CLI_UNCERTAINTY_H
#define CX_CLI_UNCERTAINTY_H

#include <stdio.h>

#include "cxsim/draws.h"
#include "cxsim/metrics.h"
#include "cxsim/model.h"
#include "cxsim/run.h"
#include "cxsim/uncertainty.h"
#include "opts.h"

#define CX_CLI_UNC_NET CX_DRAWS_NET
#define CX_CLI_UNC_NQ CX_DRAWS_NQ
#define CX_CLI_UNC_PRICES 11            /* prices of --price-range by default */
#define CX_CLI_UNC_MAX_PRICES 1001

struct cx_cli_unc_extra;

/* A two-level run in progress and what its draws gave (cxsim/draws.h). */
typedef struct cx_cli_unc {
    const cx_cli_opts *o;
    const cx_model *m;          /* the model the variants belong to */
    const cx_model *scenario;   /* the scenario as loaded (its inputs) */
    size_t n, nv, ni, reps;     /* draws asked for, variants, inputs, inner replications */
    size_t index[CX_RUN_MAX_VARIANTS];
    const char *names[CX_RUN_MAX_VARIANTS];
    cx_draws *d;                /* the draws, their summaries */
    /* --price-range: the acceptability curve's metric and prices */
    int price_metric;
    size_t n_prices;
    double prices[CX_CLI_UNC_MAX_PRICES];
    double wall;
    const struct cx_cli_unc_extra *extra;
} cx_cli_unc;

/* What a verb adds to the run and compare form (quickwins: its
 * candidates as the variants, its ranking file and table). */
typedef struct cx_cli_unc_extra {
    /* The variants to run on m (a copy of the scenario): index[0] the
     * baseline; names as the model's. */
    const cx_model *m;
    const size_t *index;
    size_t n;
    const char *file;           /* its file in --out, written by write */
    int (*write)(FILE *fp, const cx_cli_unc *u);
    void (*print)(const cx_cli_unc *u);     /* before the common tables */
    void (*json)(struct cx_json *j, const cx_cli_unc *u);  /* run.json members */
    void *ctx;
} cx_cli_unc_extra;

/* Runs o->uncertainty draws of o->scenario's uncertain inputs, each with
 * the inner replications (--reps) of every variant; prints, writes --out.
 * Returns the exit status. */
int cx_cli_uncertainty(const cx_cli_opts *o);

/* The same on scenario (loaded by the caller; not freed) with extra's
 * variants, file and table. Returns the status (the caller reports it;
 * CX_ERR_STOPPED has been reported on stderr, and what it kept written). */
cx_status cx_cli_uncertainty_with(const cx_cli_opts *o, const cx_model *scenario,
                                  const cx_cli_unc_extra *extra, cx_error *err);

/* The flags --uncertainty refuses (--events, --reps auto, --antithetic,
 * --format): CX_ERR_USAGE naming the first. --resume DIR continues the
 * draws an interrupted run left there (draws.bin). */
cx_status cx_cli_uncertainty_flags(const cx_cli_opts *o, cx_error *err);

/* The sentence run and compare print under their tables without
 * --uncertainty: what their intervals cover. */
extern const char cx_cli_noise_only[];

#endif
