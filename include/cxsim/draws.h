/* cxsim/draws.h - the outer draws of a two-level Monte Carlo
 * (--uncertainty; docs/analysis.md, "Decisions under uncertainty").
 *
 * Provides: cx_draws, which keeps each draw as it arrives in a spool on
 * disk (a temporary file: the inputs drawn and every variant's means and
 * variances over the inner replications) and in memory only what the
 * decision needs at once (the inputs and the net values, N x (inputs +
 * variants) numbers); cx_draws_summarise, the summaries read back from the
 * spool a group of columns at a time (distributions, the variance split,
 * the decision, EVPI and EVPPI: cxsim/uncertainty.h); the results files
 * uncertainty.csv, decision.csv, voi.csv and draws.csv (docs/results.md,
 * "Files of --uncertainty") and draws.bin, the checkpoint an interrupted
 * run leaves for --resume (cx_draws_resume reads it back). Memory does
 * not grow with the metrics x draws; the spool does, on disk.
 * Relies on: stats (uncertainty estimators), model (the inputs' paths),
 * io (SHA-256, files), csv.
 */
#ifndef CXSIM_DRAWS_H
#define CXSIM_DRAWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxsim/error.h"
#include "cxsim/metrics.h"
#include "cxsim/model.h"
#include "cxsim/uncertainty.h"

/* The quantities kept per variant: the metrics, then net_value. */
#define CX_DRAWS_NET CX_METRIC_COUNT
#define CX_DRAWS_NQ (CX_METRIC_COUNT + 1)
#define CX_DRAWS_MAX_VARIANTS 64

/* The checkpoint's name in a results directory. */
#define CX_DRAWS_FILE "draws.bin"

/* The largest draws.bin read (as checkpoint.bin's bound). */
#define CX_DRAWS_MAX_BYTES ((uint64_t)16 << 30)

struct cx_draws_spool;

typedef struct cx_draws {
    const cx_model *m;          /* its ranges are the inputs (paths, order) */
    size_t n_inputs, n_variants;
    const char *names[CX_DRAWS_MAX_VARIANTS];   /* baseline first; the caller's strings */
    size_t reps;                /* inner replications per draw */
    size_t capacity;            /* draws asked for */
    size_t n;                   /* draws kept */
    int inputs_vary;            /* some input is not degenerate */
    double *x;                  /* [d n_inputs + i]: the value input i took in draw d */
    double *net;                /* [d n_variants + v]: v's net value in draw d */
    /* cx_draws_summarise; rows: variant v is row v, its difference from
     * the baseline row n_variants + v - 1 (cx_draws_rows in all) */
    cx_uncertainty_summary *sum;        /* [row CX_DRAWS_NQ + k] */
    cx_uncertainty_split *split;        /* [row CX_DRAWS_NQ + k] */
    cx_uncertainty_choice choice[CX_DRAWS_MAX_VARIANTS];
    double evpi;
    double *evppi;              /* [i] */
    /* cx_draws_acceptability: curve[p n_variants + v], v's probability of
     * being best when one unit of metric price_metric is worth prices[p] */
    int price_metric;
    size_t n_prices;
    double *prices, *curve;
    char key[8192];             /* what draws.bin records for --resume (cx_draws_new) */
    struct cx_draws_spool *spool;
} cx_draws;

/* A new, empty set of draws of m's uncertain inputs (m->ranges) for the
 * n_variants variants named names (at most CX_DRAWS_MAX_VARIANTS), reps
 * inner replications each, capacity draws at most; key (copied, may be
 * NULL) describes the run for --resume. The spool is an anonymous
 * temporary file. CX_ERR_USAGE, CX_ERR_NOMEM, CX_ERR_IO. Free with
 * cx_draws_free. */
cx_status cx_draws_new(const cx_model *m, const char *const *names, size_t n_variants,
                       size_t reps, size_t capacity, const char *key, cx_draws **out,
                       cx_error *err);
void cx_draws_free(cx_draws *d);

/* Appends the next draw: inputs[i] the values drawn; mean[v M + k] and
 * var[v M + k] (M = CX_METRIC_COUNT) metric k's mean and sample variance
 * over variant v's inner replications; net[v] and net_var[v] its net
 * value against the baseline (mean and variance over the replications).
 * CX_ERR_USAGE past capacity; CX_ERR_IO when the spool cannot be
 * written. */
cx_status cx_draws_add(cx_draws *d, const double *inputs, const double *mean,
                       const double *var, const double *net, const double *net_var,
                       cx_error *err);

/* Reads dir/draws.bin, left by an interrupted run, into d (empty, made as
 * the interrupted run made its own): the draws it holds become d's first.
 * CX_ERR_USAGE when it is missing, or was made under another key (naming
 * the first line that differs) or for other variants or inputs;
 * CX_ERR_INPUT when it is not a whole draws.bin (a damaged file, one
 * that is not a regular file or is over CX_DRAWS_MAX_BYTES). */
cx_status cx_draws_resume(cx_draws *d, const char *dir, cx_error *err);

/* Every summary over the d->n draws kept (d->n >= 1). CX_ERR_NOMEM,
 * CX_ERR_IO (reading the spool). */
cx_status cx_draws_summarise(cx_draws *d, cx_error *err);

/* The acceptability curve (Fenwick, Claxton and Sculpher 2001;
 * cx_uncertainty_acceptability): each variant's probability of being best
 * when its net value gains price x its effect on metric (its mean
 * difference from the baseline in the draw, in the metric's units: one NPS
 * point, one active customer), for each of the n_prices prices, into
 * d->curve (d summarised). CX_ERR_USAGE for roi or no price; CX_ERR_NOMEM,
 * CX_ERR_IO. */
cx_status cx_draws_acceptability(cx_draws *d, int metric, const double *prices,
                                 size_t n_prices, cx_error *err);

/* Rows of the summaries: the variants, then the differences. */
size_t cx_draws_rows(const cx_draws *d);

/* Row r's summary of quantity k (k < CX_DRAWS_NQ). */
const cx_uncertainty_summary *cx_draws_summary(const cx_draws *d, size_t row, size_t k);

/* "net_value" for CX_DRAWS_NET, else the metric's name. */
const char *cx_draws_quantity_name(size_t k);

/* Whether quantity k is written (files, Lua): every one but the metric
 * net_value, whose name CX_DRAWS_NET, the net value relative to the
 * baseline, carries in these files (docs/results.md, "uncertainty.csv"):
 * one name, one quantity. The metric's own rows would repeat the
 * differences' and, for a variant, differ from the decision's figure. */
bool cx_draws_quantity_shown(size_t k);

/* Row r's name: a variant's, or "ALT-baseline". */
void cx_draws_row_name(const cx_draws *d, size_t row, char *buf, size_t size);

/* The files (cx_results_file writers: ctx is the cx_draws, summarised
 * except for draws.csv and draws.bin); 0, or -1 when a write failed. */
int cx_draws_uncertainty_csv(FILE *fp, const void *d);
int cx_draws_decision_csv(FILE *fp, const void *d);
int cx_draws_voi_csv(FILE *fp, const void *d);
int cx_draws_csv(FILE *fp, const void *d);
int cx_draws_checkpoint(FILE *fp, const void *d);
/* acceptability.csv: metric,price,variant,prob_best (cx_draws_acceptability). */
int cx_draws_acceptability_csv(FILE *fp, const void *d);

#endif
