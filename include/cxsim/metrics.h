/* cxsim/metrics.h - the metrics portfolio (docs/model.md, F18).
 *
 * Provides: metric identifiers with their stable snake_case names
 * (docs/results.md), the per-period tallies the engine accumulates, and the
 * functions that turn tallies into metric values.
 * Relies on: nothing but the C library.
 *
 * A metric value is a double; NaN means "undefined" (e.g. NPS of a period
 * with no journeys) and is written as NA.
 */
#ifndef CXSIM_METRICS_H
#define CXSIM_METRICS_H

#include <stddef.h>

typedef enum cx_metric {
    CX_M_NPS = 0,
    CX_M_LTR_MEAN,
    CX_M_PROMOTER_SHARE,
    CX_M_DETRACTOR_SHARE,
    CX_M_CSAT_MEAN,
    CX_M_JOURNEY_SATISFACTION,
    CX_M_CSAT_JOURNEY_GAP,
    CX_M_EFFORT_MEAN,
    CX_M_COMPLETION_RATE,
    CX_M_ABANDON_RATE,
    CX_M_TRUST_MEAN,
    CX_M_TRUST_SD,
    CX_M_CHURN_RATE,
    CX_M_RETENTION,
    CX_M_ACTIVE_CUSTOMERS,
    CX_M_ACQUISITIONS,
    CX_M_REFERRAL_SHARE,
    CX_M_CROSS_SELL_RATE,
    CX_M_REVENUE,
    CX_M_CLV_MEAN,
    CX_M_PORTFOLIO_VALUE,
    CX_M_EMOTION_START,
    CX_M_EMOTION_MIDDLE,
    CX_M_EMOTION_END,
    CX_M_RECOMMEND_RATIO,   /* P(promoter | exceptional) / P(promoter | poor) */
    CX_M_TRY_NEW_RATIO,     /* P(cross-sell | exceptional) / P(cross-sell | poor) */
    CX_M_STAY_ODDS_RATIO,   /* odds(stay | exceptional) / odds(stay | poor) */
    CX_M_COST,              /* interventions' cost, discounted like CLV */
    CX_M_ROI,               /* (value gained - extra cost) / extra cost vs the baseline */
    CX_M_NET_VALUE,         /* portfolio_value - cost: what a change is worth, net of
                             * what it costs, once set against the baseline's */
    CX_METRIC_COUNT
} cx_metric;

/* Per-touchpoint metrics (touchpoints.csv), over the horizon. */
typedef enum cx_tp_metric {
    CX_TPM_VISITS = 0,      /* visits in the replication */
    CX_TPM_REACH_RATE,      /* visits / journeys started (loops can exceed 1) */
    CX_TPM_FRICTION_RATE,   /* visits with a friction-like event (friction, continuity
                             * break or intrusion) / visits */
    CX_TPM_ABANDON_RATE,    /* visits where the customer abandoned / visits */
    CX_TPM_RECOVERY_RATE,   /* successful recoveries / visits with a friction-like event */
    CX_TPM_EMOTION_MEAN,    /* mean emotion e */
    CX_TPM_CSAT_MEAN,       /* mean CSAT */
    CX_TPM_EFFORT_MEAN,     /* mean effort */
    CX_TPM_BREAK_RATE,      /* continuity breaks / visits */
    CX_TPM_INTRUSION_RATE,  /* intrusions / visits */
    CX_TP_METRIC_COUNT
} cx_tp_metric;

/* Stable name of touchpoint metric m, or NULL. */
const char *cx_tp_metric_name(cx_tp_metric m);

/* Sums over one touchpoint (all periods of one replication). */
typedef struct cx_tp_tally {
    double journeys;        /* journeys of the touchpoint's journey (with a visit) */
    double visits, frictions, recoveries, abandons, breaks, intrusions;
    double e_sum, csat_sum, effort_sum;
    /* The touchpoint's own friction draws (u < friction, not breaks or
     * intrusions) and the sum over visits of the friction probability in
     * force: friction_events - friction_p has expectation 0, the control
     * variate of docs/analysis.md ("Variance reduction"). */
    double friction_events, friction_p;
} cx_tp_tally;

/* Fills out[0..CX_TP_METRIC_COUNT) from a touchpoint tally. */
void cx_tp_tally_metrics(const cx_tp_tally *t, double *out);

/* Stable name of metric m ("nps", ...), or NULL when out of range. */
const char *cx_metric_name(cx_metric m);

/* The metric named name, or -1. */
int cx_metric_from_name(const char *name);

/* "; did you mean 'X'?" with the metric name closest to a misspelt name,
 * or "" when none is close (cxsim/suggest.h), into out (size bytes). */
void cx_metric_hint(const char *name, char *out, size_t size);

/* Sums over one period of one replication. Horizon figures are made by
 * adding the periods' tallies (cx_tally_add) before cx_tally_metrics. */
typedef struct cx_tally {
    double journeys;        /* journeys started */
    double completed;       /* journeys completed */
    double visits;          /* touchpoint visits */
    double csat_sum;        /* sum of visit CSAT (1-5) */
    double js_sum;          /* sum of 3 + 2 R' */
    double effort_sum;      /* sum of journey effort */
    double ltr_sum;
    double ltr_noise;       /* sum of the LTR noise draws z ~ N(0,1): mean 0, a control variate */
    double promoters, detractors;
    double emo_start, emo_middle, emo_end;  /* sums of e at first/middle/last visit */
    double cross_sells;
    double active_start;    /* active at the start of the period */
    double churned;         /* churned at its end */
    double churn_rate_sum;  /* sum over periods of churned / active_start */
    double periods;         /* periods added together that had active customers */
    double active_end;      /* active after churn (last period's, when summed) */
    double initial_active_end;  /* initial customers active at the end */
    double trust_end_sum;   /* sum of trust over active_end */
    double trust_end_sq;    /* sum of squared trust over active_end */
    /* Journeys by perceived experience: "exceptional" = the top decile of
     * the period's R', "poor" = R' < 0 (docs/model.md, "Calibration of the reference scenario"), with
     * how many of them were promoters, cross-sold, and stayed. */
    double exc_n, exc_promoters, exc_cross, exc_stay;
    double poor_n, poor_promoters, poor_cross, poor_stay;
    double acquisitions;    /* new customers arriving at the period's end */
    double referrals;       /* of which through word of mouth (expected) */
    double revenue;         /* margin earned, undiscounted */
    double clv_sum;         /* discounted margin of initial customers, cumulative */
    double portfolio;       /* discounted margin of all customers, cumulative */
    double population;      /* initial customers (constant) */
    double cost;            /* interventions' cost, discounted, cumulative */
} cx_tally;

/* Adds the flows of b into a and takes b's stocks (active_end, trust,
 * cumulative values), so that folding periods 1..t in order gives the
 * figures "over periods 1..t". */
void cx_tally_add(cx_tally *a, const cx_tally *b);

/* Fills out[0..CX_METRIC_COUNT) from a tally (docs/model.md, "Metrics"). */
void cx_tally_metrics(const cx_tally *t, double *out);

/* Whether metric m is defined for one segment's customers (the metrics
 * of its journeys, churn, trust, margin and value; not word of mouth,
 * arrivals, emotions, the experience ratios, cost or roi). */
int cx_metric_per_segment(cx_metric m);

/* Fills out[0..CX_METRIC_COUNT) from a segment's horizon tally
 * (cx_engine_segment_tallies): as cx_tally_metrics, with NaN for the
 * metrics not defined per segment. */
void cx_tally_segment_metrics(const cx_tally *t, double *out);

#endif
