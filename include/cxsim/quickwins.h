/* cxsim/quickwins.h - which of a scenario's interventions to do first.
 *
 * Provides: the options and outcome of cx_run_quickwins (cxsim/run.h),
 * which simulates every intervention of a model
 * alone on top of the baseline, then the best of them together, all with
 * common random numbers, and ranks the candidates by an objective: the
 * paired effect with its 95 % confidence interval, a paired t-test p-value
 * with Holm's adjustment over every candidate tested, the extra cost and
 * the ROI, headline metrics and the effects by segment. The files it gives,
 * quickwins.csv and quickwins_segments.csv, are written by
 * cxsim/quickwins_files.h. The method is described in docs/analysis.md.
 * Here: the statistics and the ranking of the candidates (quickwins_rank.c).
 * Relies on: model (variants), batch (results), stats, significance.
 */
#ifndef CXSIM_QUICKWINS_H
#define CXSIM_QUICKWINS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxsim/batch.h"
#include "cxsim/error.h"
#include "cxsim/metrics.h"
#include "cxsim/model.h"
#include "cxsim/stats.h"

/* Defaults of cx_quickwins_opts. */
#define CX_QUICKWINS_MAX_COMBO 3    /* largest combination tried */
#define CX_QUICKWINS_TOP 5          /* best singles combined */
#define CX_QUICKWINS_CHUNK 8        /* variants simulated per batch */
#define CX_QUICKWINS_ALPHA 0.05     /* familywise error rate of "significant" */

/* The objective "value": net value, portfolio_value - cost per replication
 * (its difference is what a candidate adds after paying for itself). */
#define CX_QUICKWINS_VALUE CX_METRIC_COUNT

typedef struct cx_quickwins_objective {
    char name[32];      /* the metric's name, or "value" */
    int metric;         /* a cx_metric, or CX_QUICKWINS_VALUE */
    int direction;      /* +1: higher is better; -1: lower is better */
} cx_quickwins_objective;

/* The objective named name: "clv" (clv_mean), "nps", "churn" (churn_rate),
 * "roi", "value", or any metric name (cx_metric_from_name). CX_ERR_USAGE
 * naming the choices otherwise. */
cx_status cx_quickwins_objective_parse(const char *name, cx_quickwins_objective *out,
                                       cx_error *err);

/* +1 when more of metric m is better, -1 when less is (churn_rate,
 * detractor_share, abandon_rate, effort_mean, csat_journey_gap, trust_sd,
 * cost). */
int cx_quickwins_direction(cx_metric m);

typedef struct cx_quickwins_opts {
    /* reps, seed, first_rep, threads, progress and policy as for
     * cx_batch_run (variant_index is ignored: set per batch). progress
     * counts units over every batch of the analysis. */
    cx_batch_opts batch;
    cx_quickwins_objective objective;
    size_t max_combo;   /* largest combination; 1: singles only; 0: default */
    size_t top;         /* how many of the best singles are combined; 0: default */
    size_t chunk;       /* variants per batch (engines per worker), at most 64; 0: default */
    double alpha;       /* level of "significant" (Holm); 0: default */
    /* > 0: replicate in stages (cxsim/sequential.h's schedule, starting
     * with batch.reps) until the 95 % half-width of every candidate's
     * objective effect is at most precision, or max_reps replications.
     * The candidates are chosen after the first stage and then kept. */
    double precision;
    size_t max_reps;    /* cap of the stages; 0: CX_SEQUENTIAL_DEFAULT_MAX */
} cx_quickwins_opts;

/* Headline metrics reported for every candidate (paired differences). */
#define CX_QUICKWINS_HEADLINES 4
cx_metric cx_quickwins_headline(size_t k);

typedef struct cx_quickwins_candidate {
    char *label;        /* interventions in declaration order joined by '+' (owned) */
    uint64_t set;       /* bit i: model intervention i is added to the baseline */
    size_t size;        /* interventions in set */
    size_t variant;     /* its variant in q->batch (0 is the baseline) */
    /* The objective: paired difference candidate - baseline over the
     * replications (for roi: the mean of the replications' ROI). */
    cx_estimate effect;
    double score;       /* effect.mean x direction: larger is better; NaN if undefined */
    double p_value;     /* two-sided paired t-test of effect = 0 (roi: ROI = 0) */
    double p_holm;      /* Holm-adjusted over all candidates */
    int significant;    /* p_holm <= alpha */
    cx_estimate cost;   /* extra cost: paired difference of cost */
    cx_estimate roi;    /* ROI over the replications (mean NaN, n 0 without extra cost) */
    cx_estimate headline[CX_QUICKWINS_HEADLINES];  /* paired differences */
    size_t rank;        /* 1 = best */
} cx_quickwins_candidate;

typedef struct cx_quickwins {
    cx_quickwins_objective objective;
    double alpha;
    size_t top, max_combo;          /* as used */
    size_t n_singles;               /* candidates[0..n_singles): one intervention each */
    uint64_t left_out;              /* bit i: intervention i of the model is not in the
                                     * baseline and not ranked, being no candidate
                                     * (cx_model_intervention_is_candidate) */
    size_t n_candidates;            /* then the combinations */
    cx_quickwins_candidate *candidates;
    size_t *ranked;                 /* candidate indices, best first */
    size_t batches;                 /* batches simulated */
    size_t stages;                  /* replication stages (1 unless opts.precision) */
    int reached;                    /* opts.precision: every half-width at most it */
    double half_width;              /* the largest objective half-width at the end */
    /* Every replication of every variant: variant 0 the baseline, variant
     * candidates[c].variant candidate c. Its variant names are the model
     * variants' (a variant the scenario declares with exactly the
     * candidate's interventions keeps its name; otherwise the label, or
     * "candidate_N" when the label is too long or taken). */
    cx_batch_result *batch;
} cx_quickwins;

void cx_quickwins_free(cx_quickwins *q);

/* Combinations tried for `top` ranked singles (fewer if fewer are defined)
 * and combinations of at most max_combo: the sum over k = 2..min(max_combo,
 * top) of C(top, k). */
size_t cx_quickwins_combinations(size_t top, size_t max_combo);

/* The metric shown by segment for the objective: the objective's metric
 * when it is defined per segment, else portfolio_value (for value, roi and
 * cost, which need the portfolio's costs). */
cx_metric cx_quickwins_segment_metric(const cx_quickwins_objective *o);

/* Paired difference candidate c - baseline of metric m among segment s's
 * customers. */
void cx_quickwins_segment_effect(const cx_quickwins *q, size_t c, size_t s, cx_metric m,
                                 cx_paired *out);

/* ---- statistics and ranking (quickwins_rank.c) ----------------------------------- */

/* Confidence level of every interval. */
#define CX_QUICKWINS_LEVEL 0.95

/* Fills the effects, score, p-value, cost, ROI and headline effects of
 * candidates [from, to) from q->batch. */
cx_status cx_quickwins_analyse(cx_quickwins *q, size_t from, size_t to, cx_error *err);

/* Candidate indices from..to-1 into out, best score first; undefined
 * scores last; ties in index order. */
void cx_quickwins_order(const cx_quickwins *q, size_t from, size_t to, size_t *out);

/* Holm's adjustment over every candidate, significance, ranks. */
cx_status cx_quickwins_conclude(cx_quickwins *q, cx_error *err);

#endif
