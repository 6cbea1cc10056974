/* check_visit.c - one touchpoint visit (docs/model.md, "One touchpoint visit",
 * and "Order and conventions").
 *
 * Every expected value is docs/model.md's steps 1-5 worked by hand with the
 * default parameters unless a test changes one: base 0.1, severity 0.3,
 * weight 1, delight_gain 0.3, recovery.gain 0.4, recovery.fail_loss 0.2,
 * effort 1; segment lambda 2, kappa 0.5, tau_r = tau_f = 0.05; trust
 * T = 0.5. Probabilities are 0 or 1, or the uniforms are chosen on either
 * side of the threshold, so every outcome is exact. The default friction
 * hit is hit = severity w lambda (1 - kappa T) = 0.3 * 1 * 2 * (1 - 0.25)
 * = 0.45.
 */
#include <check.h>
#include <math.h>

#include "cxsim/visit.h"
#include "test_util.h"

#define TOL 1e-12

static cx_touchpoint tp;
static cx_segment sg;

static void setup(void)
{
    cx_touchpoint_defaults(&tp, "t");
    cx_segment_defaults(&sg, "s");
}

/* Uniforms: every lane 0.5 (an event of probability 0 or 1 is decided). */
static void halves(double u[CX_VISIT_UNIFORMS])
{
    for (int i = 0; i < CX_VISIT_UNIFORMS; i++)
        u[i] = 0.5;
}

/* ---- smooth visit and delight ---------------------------------------------- */

START_TEST(test_smooth)
{
    /* step 1: e = base = 0.1; step 5: CSAT = round(3 + 0.2) = 3; effort 1 */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(r.e, 0.1, TOL);
    ck_assert_int_eq(r.csat, 3);
    ck_assert_double_eq(r.effort, 1);
    ck_assert_int_eq(r.delight + r.friction + r.attempted + r.recovered + r.abandoned, 0);
    ck_assert_double_eq(T, 0.5);        /* no recovery, trust untouched */
}
END_TEST

START_TEST(test_delight)
{
    /* step 2: e = 0.1 + delight_gain * w = 0.1 + 0.3 = 0.4; CSAT
     * round(3.8) = 4 */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.delight = 1;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.delight, 1);
    ck_assert_double_eq_tol(r.e, 0.4, TOL);
    ck_assert_int_eq(r.csat, 4);
    ck_assert_double_eq(r.effort, 1);   /* delight does not change effort */
}
END_TEST

START_TEST(test_delight_weight)
{
    /* the gain scales with w: w = 2 gives 0.1 + 0.3 * 2 = 0.7, CSAT
     * round(4.4) = 4 */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.delight = 1;
    tp.weight = 2;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(r.e, 0.7, TOL);
    ck_assert_int_eq(r.csat, 4);
    /* base 0.5: 0.5 + 0.6 = 1.1, clamped to 1 (step 4), CSAT 5 */
    tp.base = 0.5;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq(r.e, 1.0);
    ck_assert_int_eq(r.csat, 5);
}
END_TEST

/* ---- friction, abandonment ---------------------------------------------------- */

START_TEST(test_friction_no_recovery)
{
    /* step 3: e = 0.1 - 0.45 = -0.35; effort doubles to 2; CSAT
     * round(3 - 0.7) = round(2.3) = 2; abandon 0: never abandons */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.friction = 1;
    u[CX_U_ABANDON] = 1e-9;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.friction, 1);
    ck_assert_int_eq(r.attempted, 0);
    ck_assert_double_eq_tol(r.e, -0.35, TOL);
    ck_assert_double_eq(r.effort, 2);
    ck_assert_int_eq(r.csat, 2);
    ck_assert_int_eq(r.abandoned, 0);
    ck_assert_double_eq(T, 0.5);
}
END_TEST

START_TEST(test_friction_effort_doubles)
{
    /* effort 1.5 doubles to 3 with friction, stays 1.5 without */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.effort = 1.5;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq(r.effort, 1.5);
    tp.friction = 1;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq(r.effort, 3);
}
END_TEST

START_TEST(test_hit_terms)
{
    /* hit = severity w lambda (1 - kappa T), one factor at a time:
     * T = 1: 0.3 * 2 * 0.5 = 0.3, e = -0.2;  T = 0: hit 0.6, e = -0.5;
     * lambda 1, T 0.5: 0.3 * 0.75 = 0.225, e = -0.125;
     * w 2, T 0.5: 0.3 * 2 * 2 * 0.75 = 0.9, e = -0.8;
     * kappa 0 (no buffer), T 0.5: 0.6, e = -0.5 */
    double u[CX_VISIT_UNIFORMS], T;
    cx_visit_result r;
    halves(u);
    tp.friction = 1;
    T = 1;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(r.e, -0.2, TOL);
    T = 0;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(r.e, -0.5, TOL);
    T = 0.5;
    sg.lambda = 1;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(r.e, -0.125, TOL);
    sg.lambda = 2;
    tp.weight = 2;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(r.e, -0.8, TOL);
    tp.weight = 1;
    sg.kappa = 0;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(r.e, -0.5, TOL);
}
END_TEST

START_TEST(test_delight_and_friction)
{
    /* steps 2 and 3 in one visit: 0.1 + 0.3 - 0.45 = -0.05, CSAT
     * round(2.9) = 3 */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.delight = 1;
    tp.friction = 1;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.delight, 1);
    ck_assert_int_eq(r.friction, 1);
    ck_assert_double_eq_tol(r.e, -0.05, TOL);
    ck_assert_int_eq(r.csat, 3);
}
END_TEST

START_TEST(test_abandon_threshold)
{
    /* P(abandon) = abandon (1 - kappa T) = 1 * (1 - 0.25) = 0.75: u 0.74
     * abandons, u 0.76 does not */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.friction = 1;
    tp.abandon = 1;
    u[CX_U_ABANDON] = 0.74;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.abandoned, 1);
    /* the abandoning visit still has its emotion and CSAT (step 4-5) */
    ck_assert_double_eq_tol(r.e, -0.35, TOL);
    ck_assert_int_eq(r.csat, 2);
    u[CX_U_ABANDON] = 0.76;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.abandoned, 0);
    /* visit.h: an event happens when u < p, so u = p exactly does not:
     * abandon 0.5, kappa 0 gives p = 0.5 */
    tp.abandon = 0.5;
    sg.kappa = 0;
    u[CX_U_ABANDON] = 0.5;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.abandoned, 0);
}
END_TEST

START_TEST(test_no_friction_no_abandon)
{
    /* abandonment only follows a friction event: abandon 1, recovery
     * attempt 1, but no friction: nothing happens, trust unchanged */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.abandon = 1;
    tp.rec_attempt = 1;
    u[CX_U_ABANDON] = 1e-9;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.abandoned, 0);
    ck_assert_int_eq(r.attempted, 0);
    ck_assert_double_eq(T, 0.5);
}
END_TEST

START_TEST(test_lanes)
{
    /* visit.h: each draw reads its own lane, events when u < p. With
     * p = 0.5 for delight, friction and recovery, lane values 0.4 fire and
     * 0.6 do not, whatever the other lanes hold. */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    tp.delight = tp.friction = tp.rec_attempt = tp.rec_success = 0.5;
    u[CX_U_DELIGHT] = 0.4;
    u[CX_U_FRICTION] = 0.6;
    u[CX_U_ATTEMPT] = 0.4;
    u[CX_U_SUCCESS] = 0.4;
    u[CX_U_ABANDON] = 0.4;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.delight, 1);
    ck_assert_int_eq(r.friction, 0);
    ck_assert_int_eq(r.attempted, 0);   /* no friction, no recovery draw used */
    u[CX_U_DELIGHT] = 0.6;
    u[CX_U_FRICTION] = 0.4;
    u[CX_U_ATTEMPT] = 0.6;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.delight, 0);
    ck_assert_int_eq(r.friction, 1);
    ck_assert_int_eq(r.attempted, 0);
    u[CX_U_ATTEMPT] = 0.4;
    u[CX_U_SUCCESS] = 0.6;
    T = 0.5;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.attempted, 1);
    ck_assert_int_eq(r.recovered, 0);
    u[CX_U_SUCCESS] = 0.4;
    T = 0.5;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.recovered, 1);
}
END_TEST

/* ---- recovery ------------------------------------------------------------------- */

START_TEST(test_recovery_success)
{
    /* attempt 1, success 1: e = 0.1 - 0.45 + 0.4 = 0.05, CSAT round(3.1)
     * = 3; T += tau_r (1 - T) = 0.5 + 0.05 * 0.5 = 0.525; a successful
     * recovery means no abandonment draw: abandon 1, u tiny, stays */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.friction = 1;
    tp.abandon = 1;
    tp.rec_attempt = 1;
    tp.rec_success = 1;
    u[CX_U_ABANDON] = 1e-9;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.attempted, 1);
    ck_assert_int_eq(r.recovered, 1);
    ck_assert_double_eq_tol(r.e, 0.05, TOL);
    ck_assert_int_eq(r.csat, 3);
    ck_assert_double_eq_tol(T, 0.525, TOL);
    ck_assert_int_eq(r.abandoned, 0);
    ck_assert_double_eq(r.effort, 2);   /* the friction still cost effort */
}
END_TEST

START_TEST(test_recovery_gain_weight)
{
    /* w = 2: hit 0.9, gain 0.4 * 2 = 0.8: e = 0.1 - 0.9 + 0.8 = 0.0,
     * CSAT 3 */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.friction = 1;
    tp.weight = 2;
    tp.rec_attempt = 1;
    tp.rec_success = 1;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(r.e, 0.0, TOL);
    ck_assert_int_eq(r.csat, 3);
}
END_TEST

START_TEST(test_recovery_failure)
{
    /* attempt 1, success 0: e = 0.1 - 0.45 - 0.2 = -0.55, CSAT
     * round(1.9) = 2; T -= tau_f T: 0.5 - 0.025 = 0.475. Abandonment uses
     * the NEW trust ("Order and conventions"): 1 * (1 - 0.5 * 0.475) =
     * 0.7625, so u 0.762 abandons and 0.763 does not (with the old trust
     * the threshold would be 0.75 and both would stay). */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.friction = 1;
    tp.abandon = 1;
    tp.rec_attempt = 1;
    tp.rec_success = 0;
    u[CX_U_ABANDON] = 0.762;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_int_eq(r.attempted, 1);
    ck_assert_int_eq(r.recovered, 0);
    ck_assert_double_eq_tol(r.e, -0.55, TOL);
    ck_assert_int_eq(r.csat, 2);
    ck_assert_double_eq_tol(T, 0.475, TOL);
    ck_assert_int_eq(r.abandoned, 1);
    T = 0.5;
    u[CX_U_ABANDON] = 0.763;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(T, 0.475, TOL);
    ck_assert_int_eq(r.abandoned, 0);
}
END_TEST

START_TEST(test_recovery_failure_weight)
{
    /* the extra loss scales with w: w = 2, hit 0.9, loss 0.2 * 2 = 0.4:
     * e = 0.1 - 0.9 - 0.4 = -1.2, clamped to -1, CSAT 1 */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.friction = 1;
    tp.weight = 2;
    tp.rec_attempt = 1;
    tp.rec_success = 0;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq(r.e, -1.0);
    ck_assert_int_eq(r.csat, 1);
}
END_TEST

START_TEST(test_recovery_paradox)
{
    /* F3, "service recovery paradox": gain 0.6 > hit 0.45 gives
     * e = 0.1 - 0.45 + 0.6 = 0.25 > 0.1 (the smooth visit), CSAT
     * round(3.5) = 4 > 3, and trust rises to 0.525 */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.friction = 1;
    tp.rec_attempt = 1;
    tp.rec_success = 1;
    tp.rec_gain = 0.6;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq_tol(r.e, 0.25, TOL);
    ck_assert(r.e > 0.1);
    ck_assert_int_eq(r.csat, 4);
    ck_assert_double_eq_tol(T, 0.525, TOL);
    ck_assert(T > 0.5);
}
END_TEST

/* ---- clamp and CSAT ------------------------------------------------------------- */

START_TEST(test_clamp)
{
    /* severity 2, w 3: hit = 2 * 3 * 2 * 0.75 = 9, e = 0.1 - 9 -> -1,
     * CSAT 1; delight_gain 2, w 3: 0.1 + 6 -> 1, CSAT 5 */
    double u[CX_VISIT_UNIFORMS], T = 0.5;
    cx_visit_result r;
    halves(u);
    tp.friction = 1;
    tp.severity = 2;
    tp.weight = 3;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq(r.e, -1.0);
    ck_assert_int_eq(r.csat, 1);
    tp.friction = 0;
    tp.delight = 1;
    tp.delight_gain = 2;
    cx_visit(&tp, &sg, &T, u, &r);
    ck_assert_double_eq(r.e, 1.0);
    ck_assert_int_eq(r.csat, 5);
}
END_TEST

START_TEST(test_csat_rounding)
{
    /* CSAT = round(3 + 2 e), half away from zero ("Order and
     * conventions"); these x.5 values are exact in binary:
     * e = 0.25 -> 3.5 -> 4; e = -0.25 -> 2.5 -> 3 (banker's rounding would
     * give 2); e = 0.75 -> 4.5 -> 5 (banker's: 4); e = -0.75 -> 1.5 -> 2 */
    ck_assert_int_eq(cx_visit_csat(0.25), 4);
    ck_assert_int_eq(cx_visit_csat(-0.25), 3);
    ck_assert_int_eq(cx_visit_csat(0.75), 5);
    ck_assert_int_eq(cx_visit_csat(-0.75), 2);
    /* the ends and the middle of the scale */
    ck_assert_int_eq(cx_visit_csat(-1), 1);
    ck_assert_int_eq(cx_visit_csat(0), 3);
    ck_assert_int_eq(cx_visit_csat(1), 5);
    /* clamped to 1..5 outside [-1, 1] */
    ck_assert_int_eq(cx_visit_csat(2), 5);
    ck_assert_int_eq(cx_visit_csat(-2), 1);
}
END_TEST

static Suite *visit_suite(void)
{
    Suite *s = suite_create("visit");
    TCase *basic = tcase_create("smooth_delight_friction");
    TCase *rec = tcase_create("recovery");
    TCase *csat = tcase_create("clamp_csat");
    tcase_add_checked_fixture(basic, setup, NULL);
    tcase_add_checked_fixture(rec, setup, NULL);
    tcase_add_checked_fixture(csat, setup, NULL);
    tcase_add_test(basic, test_smooth);
    tcase_add_test(basic, test_delight);
    tcase_add_test(basic, test_delight_weight);
    tcase_add_test(basic, test_friction_no_recovery);
    tcase_add_test(basic, test_friction_effort_doubles);
    tcase_add_test(basic, test_hit_terms);
    tcase_add_test(basic, test_delight_and_friction);
    tcase_add_test(basic, test_abandon_threshold);
    tcase_add_test(basic, test_no_friction_no_abandon);
    tcase_add_test(basic, test_lanes);
    tcase_add_test(rec, test_recovery_success);
    tcase_add_test(rec, test_recovery_gain_weight);
    tcase_add_test(rec, test_recovery_failure);
    tcase_add_test(rec, test_recovery_failure_weight);
    tcase_add_test(rec, test_recovery_paradox);
    tcase_add_test(csat, test_clamp);
    tcase_add_test(csat, test_csat_rounding);
    suite_add_tcase(s, basic);
    suite_add_tcase(s, rec);
    suite_add_tcase(s, csat);
    return s;
}

int main(void)
{
    return cx_test_run(visit_suite());
}
