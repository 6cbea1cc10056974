/* check_outcomes.c - likelihood to recommend, NPS, churn, cross-sell
 * (docs/model.md, "Likelihood to recommend and NPS", "Churn",
 * "Cross-sell"; "Verification": NPS of a known LTR distribution).
 *
 * Expected values: docs/model.md's formulas worked by hand with the segment
 * defaults (a -0.5, b 3, c 2, sigma 1; h0 0.03, T0 0.5, g_T 2, g_R 1,
 * m_ab 2; q0 0.02, d_R 2, d_T 1) unless a test changes them. Exponentials
 * and logistics are given to 12+ significant digits (worked with Python's
 * math module); logistic(x) = 1 / (1 + exp(-x)).
 */
#include <check.h>
#include <math.h>

#include "cxsim/outcomes.h"
#include "test_util.h"

#define TOL 1e-12

static cx_segment sg;

static void setup(void)
{
    cx_segment_defaults(&sg, "s");
}

/* ---- LTR ----------------------------------------------------------------- */

START_TEST(test_ltr_no_noise)
{
    /* sigma 0, R' 0.5, T 0.5: x = -0.5 + 3 * 0.5 + 2 * 0.5 = 2;
     * 10 logistic(2) = 10 / (1 + e^-2) = 8.80797 -> round 9 */
    sg.ltr_sigma = 0;
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.5, 0.5, 0.0), 9);
    /* sigma 0 ignores z */
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.5, 0.5, 3.0), 9);
    /* R' -1, T 0: x = -3.5, 10 logistic(-3.5) = 0.29312 -> 0 */
    ck_assert_int_eq(cx_outcome_ltr(&sg, -1.0, 0.0, 0.0), 0);
    /* R' 1, T 1: x = 4.5, 10 logistic(4.5) = 9.8901 -> 10 */
    ck_assert_int_eq(cx_outcome_ltr(&sg, 1.0, 1.0, 0.0), 10);
}
END_TEST

START_TEST(test_ltr_noise)
{
    /* sigma 1, z -0.4: 8.80797 - 0.4 = 8.40797 -> 8 */
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.5, 0.5, -0.4), 8);
    /* z +0.7: 9.50797 -> 10 */
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.5, 0.5, 0.7), 10);
    /* sigma 2, z -0.4: 8.80797 - 0.8 = 8.00797 -> 8; z -0.5: 7.80797 -> 8;
     * z -0.7: 7.40797 -> 7 */
    sg.ltr_sigma = 2;
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.5, 0.5, -0.4), 8);
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.5, 0.5, -0.5), 8);
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.5, 0.5, -0.7), 7);
}
END_TEST

START_TEST(test_ltr_clamp)
{
    /* clamp to [0, 10]: 8.808 - 20 < 0 -> 0; 8.808 + 5 > 10 -> 10 */
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.5, 0.5, -20.0), 0);
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.5, 0.5, 5.0), 10);
}
END_TEST

START_TEST(test_ltr_half_away_from_zero)
{
    /* a = b = c = 0: 10 logistic(0) = 5 exactly; with sigma 1, z +0.5 gives
     * 5.5 -> 6 and z -0.5 gives 4.5 -> 5 (half away from zero, "Order and
     * conventions"; round-half-even would give 6 and 4) */
    sg.ltr_a = sg.ltr_b = sg.ltr_c = 0;
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.3, 0.7, 0.0), 5);
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.3, 0.7, 0.5), 6);
    ck_assert_int_eq(cx_outcome_ltr(&sg, 0.3, 0.7, -0.5), 5);
}
END_TEST

/* ---- NPS ------------------------------------------------------------------- */

START_TEST(test_nps_class)
{
    /* promoter 9-10, passive 7-8, detractor 0-6 */
    ck_assert_int_eq(cx_outcome_nps_class(10), 1);
    ck_assert_int_eq(cx_outcome_nps_class(9), 1);
    ck_assert_int_eq(cx_outcome_nps_class(8), 0);
    ck_assert_int_eq(cx_outcome_nps_class(7), 0);
    ck_assert_int_eq(cx_outcome_nps_class(6), -1);
    ck_assert_int_eq(cx_outcome_nps_class(0), -1);
}
END_TEST

START_TEST(test_nps_formula)
{
    /* 100 (P - D) / n: (50 - 20) / 100 -> 30; all promoters -> 100; all
     * detractors -> -100; no respondent -> NaN */
    ck_assert_double_eq_tol(cx_outcome_nps(50, 20, 100), 30.0, TOL);
    ck_assert_double_eq_tol(cx_outcome_nps(7, 0, 7), 100.0, TOL);
    ck_assert_double_eq_tol(cx_outcome_nps(0, 7, 7), -100.0, TOL);
    ck_assert(isnan(cx_outcome_nps(0, 0, 0)));
}
END_TEST

/* NPS of a list of LTR scores through cx_outcome_nps_class. */
static double nps_of(const int *ltr, int n)
{
    double p = 0, d = 0;
    for (int i = 0; i < n; i++) {
        int c = cx_outcome_nps_class(ltr[i]);
        p += c == 1;
        d += c == -1;
    }
    return cx_outcome_nps(p, d, n);
}

START_TEST(test_nps_known_distribution)
{
    /* {10,9,9,8,7,6,5,0,10,3}: promoters 10,9,9,10 (4), passives 8,7 (2),
     * detractors 6,5,0,3 (4): NPS = 100 (4 - 4) / 10 = 0 */
    const int a[] = {10, 9, 9, 8, 7, 6, 5, 0, 10, 3};
    ck_assert_double_eq_tol(nps_of(a, 10), 0.0, TOL);
    /* {10,10,10,9,8,7,6,2,9,10}: promoters 6, detractors 6,2 (2):
     * 100 (6 - 2) / 10 = 40 */
    const int b[] = {10, 10, 10, 9, 8, 7, 6, 2, 9, 10};
    ck_assert_double_eq_tol(nps_of(b, 10), 40.0, TOL);
    /* passives only, {7, 8, 8}: 0 */
    const int c[] = {7, 8, 8};
    ck_assert_double_eq_tol(nps_of(c, 3), 0.0, TOL);
}
END_TEST

/* ---- churn ------------------------------------------------------------------- */

START_TEST(test_churn_baseline)
{
    /* T = T0 = 0.5, R' = 0: h = h0 = 0.03, P = 1 - e^-0.03 = 0.0295544664515 */
    ck_assert_double_eq_tol(cx_outcome_churn_probability(&sg, 0.5, 0.0, 0),
                            0.029554466451492, TOL);
    /* abandoned: h = 0.03 * m_ab = 0.06, P = 1 - e^-0.06 = 0.0582354664158 */
    ck_assert_double_eq_tol(cx_outcome_churn_probability(&sg, 0.5, 0.0, 1),
                            0.058235466415751, TOL);
    /* h0 0: no churn */
    sg.h0 = 0;
    ck_assert_double_eq(cx_outcome_churn_probability(&sg, 0.5, 0.0, 0), 0.0);
}
END_TEST

START_TEST(test_churn_effects)
{
    /* trust: T 1, R' 0: h = 0.03 e^{-2 * 0.5} = 0.03 e^-1 = 0.0110363832351,
     * P = 1 - e^-h = 0.0109757057827 */
    ck_assert_double_eq_tol(cx_outcome_churn_probability(&sg, 1.0, 0.0, 0),
                            0.010975705782704, TOL);
    /* experience: T 0.5, R' 0.5: h = 0.03 e^{-0.5} = 0.0181959197914,
     * P = 0.0180313735776 */
    ck_assert_double_eq_tol(cx_outcome_churn_probability(&sg, 0.5, 0.5, 0),
                            0.018031373577579, TOL);
    /* both: T 0.8, R' -0.4: exponent -2 * 0.3 + 0.4 = -0.2,
     * h = 0.03 e^-0.2 = 0.0245619225923, P = 0.0242627331333; abandoned:
     * h = 0.0491238451847, P = 0.0479367860476 */
    ck_assert_double_eq_tol(cx_outcome_churn_probability(&sg, 0.8, -0.4, 0),
                            0.024262733133325, TOL);
    ck_assert_double_eq_tol(cx_outcome_churn_probability(&sg, 0.8, -0.4, 1),
                            0.047936786047551, TOL);
    /* g_T = g_R = 0: constant hazard whatever T and R' (analytical check 2) */
    sg.g_t = sg.g_r = 0;
    ck_assert_double_eq_tol(cx_outcome_churn_probability(&sg, 0.9, -0.8, 0),
                            0.029554466451492, TOL);
}
END_TEST

START_TEST(test_churn_large_hazard)
{
    /* h0 10, T 0, R' -1: h = 10 e^{1 + 1} = 73.89, P = 1 - e^-73.89 = 1 to
     * double precision; never above 1 */
    sg.h0 = 10;
    double p = cx_outcome_churn_probability(&sg, 0.0, -1.0, 1);
    ck_assert(p <= 1.0);
    ck_assert_double_eq_tol(p, 1.0, TOL);
}
END_TEST

/* ---- cross-sell ---------------------------------------------------------------- */

START_TEST(test_cross_sell)
{
    /* p = q0 e^{d_R R' + d_T T}: R' 0, T 0: q0 = 0.02 */
    ck_assert_double_eq_tol(cx_outcome_cross_sell_probability(&sg, 0.0, 0.0), 0.02, TOL);
    /* R' 0.5, T 0.5: 0.02 e^{1 + 0.5} = 0.02 * 4.48168907034 = 0.0896337814068 */
    ck_assert_double_eq_tol(cx_outcome_cross_sell_probability(&sg, 0.5, 0.5),
                            0.089633781406761, TOL);
    /* R' -0.5, T 0: 0.02 e^-1 = 0.00735758882343 */
    ck_assert_double_eq_tol(cx_outcome_cross_sell_probability(&sg, -0.5, 0.0),
                            0.0073575888234288, TOL);
}
END_TEST

START_TEST(test_cross_sell_clamp)
{
    /* q0 0.5, R' 0.5, T 0: 0.5 e = 1.359 -> clamped to 1 */
    sg.q0 = 0.5;
    ck_assert_double_eq(cx_outcome_cross_sell_probability(&sg, 0.5, 0.0), 1.0);
    /* q0 1, R' 1, T 1: e^3 -> 1 */
    sg.q0 = 1;
    ck_assert_double_eq(cx_outcome_cross_sell_probability(&sg, 1.0, 1.0), 1.0);
    /* q0 0: never */
    sg.q0 = 0;
    ck_assert_double_eq(cx_outcome_cross_sell_probability(&sg, 1.0, 1.0), 0.0);
}
END_TEST

static Suite *outcomes_suite(void)
{
    Suite *s = suite_create("outcomes");
    TCase *ltr = tcase_create("ltr_nps");
    TCase *churn = tcase_create("churn_cross_sell");
    tcase_add_checked_fixture(ltr, setup, NULL);
    tcase_add_checked_fixture(churn, setup, NULL);
    tcase_add_test(ltr, test_ltr_no_noise);
    tcase_add_test(ltr, test_ltr_noise);
    tcase_add_test(ltr, test_ltr_clamp);
    tcase_add_test(ltr, test_ltr_half_away_from_zero);
    tcase_add_test(ltr, test_nps_class);
    tcase_add_test(ltr, test_nps_formula);
    tcase_add_test(ltr, test_nps_known_distribution);
    tcase_add_test(churn, test_churn_baseline);
    tcase_add_test(churn, test_churn_effects);
    tcase_add_test(churn, test_churn_large_hazard);
    tcase_add_test(churn, test_cross_sell);
    tcase_add_test(churn, test_cross_sell_clamp);
    suite_add_tcase(s, ltr);
    suite_add_tcase(s, churn);
    return s;
}

int main(void)
{
    return cx_test_run(outcomes_suite());
}
