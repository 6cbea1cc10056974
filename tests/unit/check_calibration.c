/* check_calibration.c - the shipped reference scenario lands in docs/model.md's
 * calibration bands ("Calibration targets").
 *
 * The scenario runs as shipped but for its size: 20,000 customers instead
 * of 100,000 and 6 replications, to keep the suite quick. Every target is a
 * ratio or a mean per customer, journey or visit, so it does not depend on
 * the population's size (word of mouth and the inflow scale with it). The
 * test asks more than the mean: the whole 95 % confidence interval over
 * replications must lie inside the band, so a scenario that sits on a
 * band's edge fails rather than passing by luck of the seed.
 */
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "cxsim/batch.h"
#include "cxsim/scenario.h"
#include "cxsim/stats.h"
#include "test_util.h"

#define REPS 6

static cx_batch_result *result;

static void run_reference(void)
{
    char path[4096];
    const char *src = getenv("CX_SRCDIR");
    cx_model *m = NULL;
    cx_error err;
    snprintf(path, sizeof path, "%s/scenarios/reference.lua", src ? src : ".");
    ck_assert_msg(cx_scenario_load(path, &m, &err) == CX_OK, "%s", err.msg);
    m->population = 20000;
    const cx_model *v[1] = {m};
    const char *names[1] = {"baseline"};
    cx_batch_opts o = {.reps = REPS, .seed = 1, .threads = 2};
    ck_assert_msg(cx_batch_run(v, names, 1, &o, &result, &err) == CX_OK, "%s", err.msg);
    cx_model_free(m);
}

static void in_band(cx_metric metric, double lo, double hi)
{
    cx_estimate e;
    if (!result)
        run_reference();
    cx_stats_estimate(&result->horizon_values[metric], CX_METRIC_COUNT, REPS, 0.95, &e);
    ck_assert_msg(e.ci_low >= lo && e.ci_high <= hi,
                  "%s: 95%% CI [%.4g, %.4g] (mean %.4g) not inside the band [%g, %g]",
                  cx_metric_name(metric), e.ci_low, e.ci_high, e.mean, lo, hi);
}

/* F16 (PwC): exceptional experiences, 15x more likely to recommend */
START_TEST(test_recommend_15x) { in_band(CX_M_RECOMMEND_RATIO, 10, 20); }
END_TEST

/* F16: 8x more likely to try something new */
START_TEST(test_try_new_8x) { in_band(CX_M_TRY_NEW_RATIO, 5, 11); }
END_TEST

/* F16: 6x more likely to stay (odds) */
START_TEST(test_stay_6x) { in_band(CX_M_STAY_ODDS_RATIO, 4, 8); }
END_TEST

/* F6: journeys remembered 20-30 % below touchpoint ratings */
START_TEST(test_csat_journey_gap) { in_band(CX_M_CSAT_JOURNEY_GAP, 0.20, 0.30); }
END_TEST

/* F11: word of mouth brings more than half of new customers */
START_TEST(test_referral_share) { in_band(CX_M_REFERRAL_SHARE, 0.5, 1); }
END_TEST

/* F6: touchpoints are rated well */
START_TEST(test_csat) { in_band(CX_M_CSAT_MEAN, 4.0, 4.6); }
END_TEST

/* NPS typical of retail and e-commerce */
START_TEST(test_nps) { in_band(CX_M_NPS, 10, 50); }
END_TEST

/* monthly churn */
START_TEST(test_churn) { in_band(CX_M_CHURN_RATE, 0.01, 0.04); }
END_TEST

static Suite *calibration_suite(void)
{
    Suite *s = suite_create("calibration");
    TCase *tc = tcase_create("reference scenario");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_recommend_15x);
    tcase_add_test(tc, test_try_new_8x);
    tcase_add_test(tc, test_stay_6x);
    tcase_add_test(tc, test_csat_journey_gap);
    tcase_add_test(tc, test_referral_share);
    tcase_add_test(tc, test_csat);
    tcase_add_test(tc, test_nps);
    tcase_add_test(tc, test_churn);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    /* one run shared by the bands: no fork, so the result outlives a test */
    SRunner *sr = srunner_create(calibration_suite());
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    cx_batch_result_free(result);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
