/* cxsim/outcomes.h - what a period's journey leads to (docs/model.md,
 * "Likelihood to recommend and NPS", "Churn", "Cross-sell"): likelihood to recommend and NPS, churn hazard, cross-sell.
 *
 * Provides: pure functions of a segment's parameters, perceived experience
 * R' and trust T.
 * Relies on: model.
 */
#ifndef CXSIM_OUTCOMES_H
#define CXSIM_OUTCOMES_H

#include "cxsim/model.h"

/* LTR = clamp(round(10 logistic(a + b R' + c T) + sigma z), 0, 10), z a
 * standard normal variate. */
int cx_outcome_ltr(const cx_segment *s, double perceived, double trust, double z);

/* 1 for a promoter (9-10), -1 for a detractor (0-6), 0 for a passive. */
int cx_outcome_nps_class(int ltr);

/* 100 (promoters - detractors) / respondents; NaN with no respondent. */
double cx_outcome_nps(double promoters, double detractors, double respondents);

/* P(churn) = 1 - exp(-h), h = h0 exp(-g_T (T - T0) - g_R R') (times m_ab
 * when the journey was abandoned). */
double cx_outcome_churn_probability(const cx_segment *s, double trust,
                                    double perceived, int abandoned);

/* p_new = q0 exp(d_R R' + d_T T), clamped to [0, 1]. */
double cx_outcome_cross_sell_probability(const cx_segment *s, double perceived,
                                         double trust);

#endif
