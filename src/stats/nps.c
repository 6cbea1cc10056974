/* nps.c - delta-method variance of NPS (Rocks 2016; nps.h gives the
 * derivation from the multinomial). */
#include "cxsim/nps.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

double cx_nps_variance(double promoters, double detractors, double respondents)
{
    if (!(respondents > 0) || !(promoters >= 0) || !(detractors >= 0) ||
        promoters + detractors > respondents)
        return NAN;
    double p = promoters / respondents, d = detractors / respondents;
    double v = p + d - (p - d) * (p - d);
    return 1e4 * (v > 0 ? v : 0) / respondents;
}

double cx_nps_z(double level)
{
    return gsl_cdf_ugaussian_Pinv(0.5 + level / 2);
}

static void interval(double nps, double variance, double level, cx_nps_interval *out)
{
    *out = (cx_nps_interval){NAN, NAN, NAN, NAN};
    if (!isfinite(nps) || !isfinite(variance))
        return;
    double se = sqrt(variance), half = cx_nps_z(level) * se;
    *out = (cx_nps_interval){nps, se, nps - half, nps + half};
}

void cx_nps_interval_of(double promoters, double detractors, double respondents,
                        double level, cx_nps_interval *out)
{
    double var = cx_nps_variance(promoters, detractors, respondents);
    interval(isfinite(var) ? 100 * (promoters - detractors) / respondents : NAN, var, level,
             out);
}

void cx_nps_difference(double promoters_a, double detractors_a, double respondents_a,
                       double promoters_b, double detractors_b, double respondents_b,
                       double level, cx_nps_interval *out)
{
    cx_nps_interval a, b;
    cx_nps_interval_of(promoters_a, detractors_a, respondents_a, level, &a);
    cx_nps_interval_of(promoters_b, detractors_b, respondents_b, level, &b);
    interval(a.nps - b.nps, a.se * a.se + b.se * b.se, level, out);
}
