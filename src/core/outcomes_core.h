/* outcomes_core.h (private) - LTR, churn and cross-sell (docs/model.md,
 * "Likelihood to recommend and NPS", "Churn", "Cross-sell"), inline, for
 * outcomes.c (the public functions) and the inner loop (block.c): one
 * implementation. */
#ifndef CX_OUTCOMES_CORE_H
#define CX_OUTCOMES_CORE_H

#include <math.h>

#include "cxsim/model.h"

/* clamp(round(score), 0, 10), round half away from zero, without a call
 * to round(): score - trunc(score) is exact below 2^52. */
static inline int cx_outcome_ltr_inline(const cx_segment *s, double perceived, double trust,
                                        double z)
{
    double x = s->ltr_a + s->ltr_b * perceived + s->ltr_c * trust;
    double score = 10.0 / (1.0 + exp(-x)) + s->ltr_sigma * z;
    if (!(score > 0))
        return 0;
    if (score >= 10)
        return 10;
    int i = (int)score;
    return i + (score - i >= 0.5);
}

static inline int cx_outcome_nps_class_inline(int ltr)
{
    return ltr >= 9 ? 1 : (ltr <= 6 ? -1 : 0);
}

static inline double cx_outcome_churn_inline(const cx_segment *s, double trust,
                                             double perceived, int abandoned)
{
    double h = s->h0 * exp(-s->g_t * (trust - s->t0) - s->g_r * perceived);
    if (abandoned)
        h *= s->m_ab;
    return -expm1(-h);      /* 1 - exp(-h), accurate for small h */
}

static inline double cx_outcome_cross_sell_inline(const cx_segment *s, double perceived,
                                                  double trust)
{
    double p = s->q0 * exp(s->d_r * perceived + s->d_t * trust);
    return p > 1 ? 1 : p;
}

/* Upper bounds of the churn and cross-sell probabilities over every trust
 * T in [0, 1] and perceived experience R' in [-1, 1], a hair above the
 * exact maximum so that rounding cannot put a computed probability over
 * it. A uniform at or above the bound decides "no" without the
 * exponentials: the same outcome, at a fraction of the cost. */
static inline double cx_outcome_churn_bound(const cx_segment *s)
{
    double x = fmax(s->g_t * s->t0, s->g_t * (s->t0 - 1)) + fabs(s->g_r);
    double h = s->h0 * exp(x) * fmax(1, s->m_ab);
    return fmin(1, -expm1(-h) * (1 + 1e-9));
}

static inline double cx_outcome_cross_sell_bound(const cx_segment *s)
{
    return fmin(1, s->q0 * exp(fabs(s->d_r) + fmax(0, s->d_t)) * (1 + 1e-9));
}

#endif
