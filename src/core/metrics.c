/* metrics.c - names of the metrics portfolio and its definitions
 * (docs/model.md, "Metrics", definitions table). */
#include "cxsim/metrics.h"

#include <math.h>
#include <string.h>

#include "cxsim/outcomes.h"
#include "cxsim/suggest.h"

static const char *const names[CX_METRIC_COUNT] = {
    "nps", "ltr_mean", "promoter_share", "detractor_share", "csat_mean",
    "journey_satisfaction", "csat_journey_gap", "effort_mean",
    "completion_rate", "abandon_rate", "trust_mean", "trust_sd", "churn_rate",
    "retention", "active_customers", "acquisitions", "referral_share",
    "cross_sell_rate", "revenue", "clv_mean", "portfolio_value",
    "emotion_start", "emotion_middle", "emotion_end",
    "recommend_ratio", "try_new_ratio", "stay_odds_ratio", "cost", "roi", "net_value",
};

static const char *const tp_names[CX_TP_METRIC_COUNT] = {
    "visits", "reach_rate", "friction_rate", "abandon_rate", "recovery_rate",
    "emotion_mean", "csat_mean", "effort_mean", "break_rate", "intrusion_rate",
};

const char *cx_tp_metric_name(cx_tp_metric m)
{
    return (unsigned)m < CX_TP_METRIC_COUNT ? tp_names[m] : NULL;
}

const char *cx_metric_name(cx_metric m)
{
    return (unsigned)m < CX_METRIC_COUNT ? names[m] : NULL;
}

int cx_metric_from_name(const char *name)
{
    for (int m = 0; m < CX_METRIC_COUNT; m++)
        if (strcmp(names[m], name) == 0)
            return m;
    return -1;
}

void cx_metric_hint(const char *name, char *out, size_t size)
{
    cx_suggest_hint(name, names, CX_METRIC_COUNT, out, size);
}

void cx_tally_add(cx_tally *a, const cx_tally *b)
{
    /* flows: summed over periods */
    a->journeys += b->journeys;
    a->completed += b->completed;
    a->visits += b->visits;
    a->csat_sum += b->csat_sum;
    a->js_sum += b->js_sum;
    a->effort_sum += b->effort_sum;
    a->ltr_sum += b->ltr_sum;
    a->ltr_noise += b->ltr_noise;
    a->promoters += b->promoters;
    a->detractors += b->detractors;
    a->emo_start += b->emo_start;
    a->emo_middle += b->emo_middle;
    a->emo_end += b->emo_end;
    a->cross_sells += b->cross_sells;
    a->active_start += b->active_start;
    a->churned += b->churned;
    a->churn_rate_sum += b->churn_rate_sum;
    a->periods += b->periods;
    a->acquisitions += b->acquisitions;
    a->referrals += b->referrals;
    a->revenue += b->revenue;
    a->exc_n += b->exc_n;
    a->exc_promoters += b->exc_promoters;
    a->exc_cross += b->exc_cross;
    a->exc_stay += b->exc_stay;
    a->poor_n += b->poor_n;
    a->poor_promoters += b->poor_promoters;
    a->poor_cross += b->poor_cross;
    a->poor_stay += b->poor_stay;
    /* stocks and cumulative values: the later period's */
    a->active_end = b->active_end;
    a->initial_active_end = b->initial_active_end;
    a->trust_end_sum = b->trust_end_sum;
    a->trust_end_sq = b->trust_end_sq;
    a->clv_sum = b->clv_sum;
    a->portfolio = b->portfolio;
    a->cost = b->cost;
    a->population = b->population;
}

static double ratio(double num, double den)
{
    return den > 0 ? num / den : NAN;
}

/* Population sd from sums (n, sum, sum of squares); NaN when n = 0. */
static double sd_of(double n, double sum, double sq)
{
    if (!(n > 0))
        return NAN;
    double mean = sum / n, var = sq / n - mean * mean;
    return var > 0 ? sqrt(var) : 0;
}

/* odds(a) / odds(b) with odds(x) = x / (n - x). */
static double odds_ratio(double a, double na, double b, double nb)
{
    return ratio(ratio(a, na - a), ratio(b, nb - b));
}

void cx_tally_metrics(const cx_tally *t, double *out)
{
    out[CX_M_NPS] = cx_outcome_nps(t->promoters, t->detractors, t->journeys);
    out[CX_M_LTR_MEAN] = ratio(t->ltr_sum, t->journeys);
    out[CX_M_PROMOTER_SHARE] = ratio(t->promoters, t->journeys);
    out[CX_M_DETRACTOR_SHARE] = ratio(t->detractors, t->journeys);
    out[CX_M_CSAT_MEAN] = ratio(t->csat_sum, t->visits);
    out[CX_M_JOURNEY_SATISFACTION] = ratio(t->js_sum, t->journeys);
    out[CX_M_CSAT_JOURNEY_GAP] = 1 - out[CX_M_JOURNEY_SATISFACTION] / out[CX_M_CSAT_MEAN];
    out[CX_M_EFFORT_MEAN] = ratio(t->effort_sum, t->journeys);
    out[CX_M_COMPLETION_RATE] = ratio(t->completed, t->journeys);
    out[CX_M_ABANDON_RATE] = 1 - out[CX_M_COMPLETION_RATE];
    out[CX_M_TRUST_MEAN] = ratio(t->trust_end_sum, t->active_end);
    out[CX_M_TRUST_SD] = sd_of(t->active_end, t->trust_end_sum, t->trust_end_sq);
    out[CX_M_CHURN_RATE] = ratio(t->churn_rate_sum, t->periods);
    out[CX_M_RETENTION] = ratio(t->initial_active_end, t->population);
    out[CX_M_ACTIVE_CUSTOMERS] = t->active_end;
    out[CX_M_ACQUISITIONS] = t->acquisitions;
    out[CX_M_REFERRAL_SHARE] = ratio(t->referrals, t->acquisitions);
    out[CX_M_CROSS_SELL_RATE] = ratio(t->cross_sells, t->journeys);
    out[CX_M_REVENUE] = t->revenue;
    out[CX_M_CLV_MEAN] = ratio(t->clv_sum, t->population);
    out[CX_M_PORTFOLIO_VALUE] = t->portfolio;
    out[CX_M_EMOTION_START] = ratio(t->emo_start, t->journeys);
    out[CX_M_EMOTION_MIDDLE] = ratio(t->emo_middle, t->journeys);
    out[CX_M_EMOTION_END] = ratio(t->emo_end, t->journeys);
    out[CX_M_RECOMMEND_RATIO] = ratio(ratio(t->exc_promoters, t->exc_n),
                                      ratio(t->poor_promoters, t->poor_n));
    out[CX_M_TRY_NEW_RATIO] = ratio(ratio(t->exc_cross, t->exc_n),
                                    ratio(t->poor_cross, t->poor_n));
    out[CX_M_STAY_ODDS_RATIO] = odds_ratio(t->exc_stay, t->exc_n, t->poor_stay, t->poor_n);
    out[CX_M_COST] = t->cost;
    out[CX_M_ROI] = NAN;    /* needs the baseline: filled by the batch */
    out[CX_M_NET_VALUE] = t->portfolio - t->cost;
}

void cx_tp_tally_metrics(const cx_tp_tally *t, double *out)
{
    out[CX_TPM_VISITS] = t->visits;
    out[CX_TPM_REACH_RATE] = ratio(t->visits, t->journeys);
    out[CX_TPM_FRICTION_RATE] = ratio(t->frictions, t->visits);
    out[CX_TPM_ABANDON_RATE] = ratio(t->abandons, t->visits);
    out[CX_TPM_RECOVERY_RATE] = ratio(t->recoveries, t->frictions);
    out[CX_TPM_EMOTION_MEAN] = ratio(t->e_sum, t->visits);
    out[CX_TPM_CSAT_MEAN] = ratio(t->csat_sum, t->visits);
    out[CX_TPM_EFFORT_MEAN] = ratio(t->effort_sum, t->visits);
    out[CX_TPM_BREAK_RATE] = ratio(t->breaks, t->visits);
    out[CX_TPM_INTRUSION_RATE] = ratio(t->intrusions, t->visits);
}

int cx_metric_per_segment(cx_metric m)
{
    switch (m) {
    case CX_M_ACQUISITIONS: case CX_M_REFERRAL_SHARE:
    case CX_M_EMOTION_START: case CX_M_EMOTION_MIDDLE: case CX_M_EMOTION_END:
    case CX_M_RECOMMEND_RATIO: case CX_M_TRY_NEW_RATIO: case CX_M_STAY_ODDS_RATIO:
    case CX_M_COST: case CX_M_ROI: case CX_M_NET_VALUE:
        return 0;
    default:
        return (unsigned)m < CX_METRIC_COUNT;
    }
}

void cx_tally_segment_metrics(const cx_tally *t, double *out)
{
    cx_tally_metrics(t, out);
    for (int m = 0; m < CX_METRIC_COUNT; m++)
        if (!cx_metric_per_segment((cx_metric)m))
            out[m] = NAN;
}
