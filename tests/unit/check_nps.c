/* check_nps.c - the delta-method (multinomial) sampling error of NPS
 * (nps.h; Rocks, The American Statistician 70, 2016).
 *
 * Var(NPS) = 10^4 (p + d - (p - d)^2) / n, worked by hand below;
 * z_{0.975} = 1.959963984540054 (the standard normal quantile).
 */
#include <check.h>
#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cxsim/nps.h"
#include "test_util.h"

#define Z975 1.959963984540054

START_TEST(test_variance_exact)
{
    /* p = .5, d = .2, n = 100: 10^4 (0.7 - 0.09) / 100 = 61 */
    ck_assert_double_eq_tol(cx_nps_variance(50, 20, 100), 61, 1e-12);
    /* p = d = .5: the largest, 10^4 / n */
    ck_assert_double_eq_tol(cx_nps_variance(200, 200, 400), 25, 1e-12);
    /* everybody a promoter (or a passive): no sampling error */
    ck_assert_double_eq(cx_nps_variance(80, 0, 80), 0);
    ck_assert_double_eq(cx_nps_variance(0, 0, 80), 0);
    /* p = .3, d = .1, n = 1000: 10^4 (0.4 - 0.04) / 1000 = 3.6 */
    ck_assert_double_eq_tol(cx_nps_variance(300, 100, 1000), 3.6, 1e-12);
}
END_TEST

START_TEST(test_variance_undefined)
{
    ck_assert(isnan(cx_nps_variance(0, 0, 0)));
    ck_assert(isnan(cx_nps_variance(1, 1, -3)));
    ck_assert(isnan(cx_nps_variance(60, 50, 100)));     /* more than respondents */
    ck_assert(isnan(cx_nps_variance(-1, 5, 100)));
    ck_assert(isnan(cx_nps_variance(NAN, 5, 100)));
    cx_nps_interval i;
    cx_nps_interval_of(0, 0, 0, 0.95, &i);
    ck_assert(isnan(i.nps) && isnan(i.se) && isnan(i.ci_low) && isnan(i.ci_high));
}
END_TEST

START_TEST(test_interval_exact)
{
    /* NPS 30, se sqrt(61) = 7.8102497, half-width 1.959964 x 7.8102497 =
     * 15.3078081 */
    cx_nps_interval i;
    cx_nps_interval_of(50, 20, 100, 0.95, &i);
    ck_assert_double_eq_tol(i.nps, 30, 1e-12);
    ck_assert_double_eq_tol(i.se, 7.810249675906654, 1e-12);
    ck_assert_double_eq_tol(i.ci_low, 30 - 15.307808075042672, 1e-9);
    ck_assert_double_eq_tol(i.ci_high, 30 + 15.307808075042672, 1e-9);
    ck_assert_double_eq_tol(cx_nps_z(0.95), Z975, 1e-12);
}
END_TEST

START_TEST(test_difference_exact)
{
    /* a: 50/20 of 100 (NPS 30, var 61); b: 40/30 of 100 (NPS 10, var
     * 10^4 (0.7 - 0.01) / 100 = 69): difference 20, var 130, se
     * 11.4017543, half-width 22.3470277 */
    cx_nps_interval i;
    cx_nps_difference(50, 20, 100, 40, 30, 100, 0.95, &i);
    ck_assert_double_eq_tol(i.nps, 20, 1e-12);
    ck_assert_double_eq_tol(i.se, 11.40175425099138, 1e-12);
    ck_assert_double_eq_tol(i.ci_high - i.nps, 22.347027692519564, 1e-9);
    cx_nps_difference(50, 20, 100, 40, 30, 0, 0.95, &i);
    ck_assert(isnan(i.nps) && isnan(i.se));
}
END_TEST

/* The formula is the variance of NPS under multinomial sampling: 4000
 * surveys of 400 respondents from (promoter, passive, detractor) = (.5,
 * .3, .2) have an NPS sd within 5 % of sqrt(61 / 4) = 3.905 (the sd of a
 * sample sd of 4000 values is about 1.1 % of it, so 5 % is over four of
 * those; the seed is fixed). */
START_TEST(test_variance_matches_multinomial)
{
    const double prob[3] = {0.5, 0.3, 0.2};
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 2024);
    double sum = 0, sq = 0;
    const int surveys = 4000;
    for (int i = 0; i < surveys; i++) {
        unsigned n[3];
        gsl_ran_multinomial(g, 3, 400, prob, n);
        double nps = 100.0 * ((double)n[0] - n[2]) / 400;
        sum += nps;
        sq += nps * nps;
    }
    double mean = sum / surveys, sd = sqrt((sq - surveys * mean * mean) / (surveys - 1));
    ck_assert_double_eq_tol(mean, 30, 0.5);
    ck_assert_double_eq_tol(sd / sqrt(cx_nps_variance(200, 80, 400)), 1, 0.05);
    gsl_rng_free(g);
}
END_TEST

static Suite *nps_suite(void)
{
    Suite *s = suite_create("nps");
    TCase *tc = tcase_create("delta method");
    tcase_add_test(tc, test_variance_exact);
    tcase_add_test(tc, test_variance_undefined);
    tcase_add_test(tc, test_interval_exact);
    tcase_add_test(tc, test_difference_exact);
    tcase_add_test(tc, test_variance_matches_multinomial);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(nps_suite());
}
