/* cxsim/nps.h - sampling error of a Net Promoter Score.
 *
 * Provides: the delta-method (multinomial) variance of an NPS measured on
 * n respondents, its normal-approximation interval, and the same for the
 * difference of two NPS measured on independent samples.
 * Relies on: GSL (normal quantile).
 *
 * Each respondent is a promoter, a passive or a detractor with
 * probabilities (p, 1 - p - d, d); NPS = 100 (p - d). The multinomial gives
 * Var(phat - dhat) = (p (1 - p) + d (1 - d) + 2 p d) / n
 *                  = (p + d - (p - d)^2) / n,
 * so Var(NPS) = 10^4 (p + d - (p - d)^2) / n, estimated by plugging in the
 * sample shares (B. Rocks, "Interval estimation for the net promoter
 * score", The American Statistician 70, 2016, section 2).
 */
#ifndef CXSIM_NPS_H
#define CXSIM_NPS_H

/* An NPS (or a difference of two) with its delta-method standard error and
 * the Wald interval nps -/+ z_{(1+level)/2} se. */
typedef struct cx_nps_interval {
    double nps;         /* 100 (promoters - detractors) / respondents */
    double se;          /* standard error, NPS points */
    double ci_low, ci_high;
} cx_nps_interval;

/* Var(NPS) in NPS points squared from counts (promoters, detractors out
 * of respondents): 10^4 (p + d - (p - d)^2) / respondents. NaN when
 * respondents <= 0 or a count is negative or larger than respondents. */
double cx_nps_variance(double promoters, double detractors, double respondents);

/* The NPS of one sample with its interval at level (e.g. 0.95). Every
 * field NaN when cx_nps_variance is. */
void cx_nps_interval_of(double promoters, double detractors, double respondents,
                        double level, cx_nps_interval *out);

/* NPS(a) - NPS(b) for two independent samples: variance the sum of the two
 * variances. (Samples that share random numbers are positively correlated;
 * the sum then overstates the variance, so the interval is conservative.) */
void cx_nps_difference(double promoters_a, double detractors_a, double respondents_a,
                       double promoters_b, double detractors_b, double respondents_b,
                       double level, cx_nps_interval *out);

/* z_{(1+level)/2}: the normal multiplier of a two-sided interval. */
double cx_nps_z(double level);

#endif
