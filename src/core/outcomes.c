/* outcomes.c - LTR/NPS, churn hazard and cross-sell (MODEL.md). */
#include "cxsim/outcomes.h"

#include <math.h>

int cx_outcome_ltr(const cx_segment *s, double perceived, double trust, double z)
{
    double x = s->ltr_a + s->ltr_b * perceived + s->ltr_c * trust;
    double score = round(10.0 / (1.0 + exp(-x)) + s->ltr_sigma * z);
    return (int)(score < 0 ? 0 : (score > 10 ? 10 : score));
}

int cx_outcome_nps_class(int ltr)
{
    return ltr >= 9 ? 1 : (ltr <= 6 ? -1 : 0);
}

double cx_outcome_nps(double promoters, double detractors, double respondents)
{
    return respondents > 0 ? 100.0 * (promoters - detractors) / respondents : NAN;
}

double cx_outcome_churn_probability(const cx_segment *s, double trust,
                                    double perceived, int abandoned)
{
    double h = s->h0 * exp(-s->g_t * (trust - s->t0) - s->g_r * perceived);
    if (abandoned)
        h *= s->m_ab;
    return -expm1(-h);      /* 1 - exp(-h), accurate for small h */
}

double cx_outcome_cross_sell_probability(const cx_segment *s, double perceived,
                                         double trust)
{
    double p = s->q0 * exp(s->d_r * perceived + s->d_t * trust);
    return p > 1 ? 1 : p;
}
