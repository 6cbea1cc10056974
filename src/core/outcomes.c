/* outcomes.c - LTR/NPS, churn hazard and cross-sell (docs/model.md), through
 * the inline implementation the inner loop uses (outcomes_core.h). */
#include "cxsim/outcomes.h"

#include <math.h>

#include "outcomes_core.h"

int cx_outcome_ltr(const cx_segment *s, double perceived, double trust, double z)
{
    return cx_outcome_ltr_inline(s, perceived, trust, z);
}

int cx_outcome_nps_class(int ltr)
{
    return cx_outcome_nps_class_inline(ltr);
}

double cx_outcome_nps(double promoters, double detractors, double respondents)
{
    return respondents > 0 ? 100.0 * (promoters - detractors) / respondents : NAN;
}

double cx_outcome_churn_probability(const cx_segment *s, double trust,
                                    double perceived, int abandoned)
{
    return cx_outcome_churn_inline(s, trust, perceived, abandoned);
}

double cx_outcome_cross_sell_probability(const cx_segment *s, double perceived,
                                         double trust)
{
    return cx_outcome_cross_sell_inline(s, perceived, trust);
}
