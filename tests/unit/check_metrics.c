/* check_metrics.c - metric names and the definitions of the metrics
 * portfolio (docs/model.md, "Metrics"; docs/results.md, stable metric
 * names).
 *
 * Expected values: names from docs/results.md's stable list (cost and roi
 * belong to interventions, outside cx_metric); each metric value is the
 * definition of docs/model.md's table (or, for metrics the table leaves out,
 * the ratio its name and metrics.h's field comments describe) worked by
 * hand on the tally of make_tally() below.
 */
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "cxsim/metrics.h"
#include "test_util.h"

#define TOL 1e-12

/* docs/results.md, stable metric names. */
static const char *const stable[] = {
    "nps", "ltr_mean", "promoter_share", "detractor_share", "csat_mean",
    "journey_satisfaction", "csat_journey_gap", "effort_mean",
    "completion_rate", "abandon_rate", "trust_mean", "churn_rate",
    "retention", "active_customers", "acquisitions", "referral_share",
    "cross_sell_rate", "revenue", "clv_mean", "portfolio_value",
    "emotion_start", "emotion_middle", "emotion_end", "cost", "roi"};
#define N_STABLE (sizeof stable / sizeof *stable)

/* Metrics beyond the stable list: the trust distribution's spread, the
 * exceptional/poor ratios of docs/model.md's calibration targets, and the
 * net value (portfolio_value - cost) a verdict leads with. */
static const char *const extra[] = {
    "trust_sd", "recommend_ratio", "try_new_ratio", "stay_odds_ratio", "net_value"};
#define N_EXTRA (sizeof extra / sizeof *extra)

/* ---- names ------------------------------------------------------------------- */

START_TEST(test_names_snake_case_unique)
{
    for (int m = 0; m < CX_METRIC_COUNT; m++) {
        const char *name = cx_metric_name((cx_metric)m);
        ck_assert_ptr_nonnull(name);
        /* snake_case: [a-z][a-z0-9]*(_[a-z0-9]+)* */
        ck_assert_msg(islower((unsigned char)name[0]), "%s", name);
        for (const char *c = name; *c; c++)
            ck_assert_msg(islower((unsigned char)*c) || isdigit((unsigned char)*c) ||
                          (*c == '_' && c[1] != '_' && c[1] != '\0'), "%s", name);
        for (int k = 0; k < m; k++)
            ck_assert_str_ne(cx_metric_name((cx_metric)k), name);
        /* round trip */
        ck_assert_int_eq(cx_metric_from_name(name), m);
    }
    /* out of range and unknown */
    ck_assert_ptr_null(cx_metric_name(CX_METRIC_COUNT));
    ck_assert_ptr_null(cx_metric_name((cx_metric)-1));
    ck_assert_int_eq(cx_metric_from_name("bogus"), -1);
    ck_assert_int_eq(cx_metric_from_name(""), -1);
}
END_TEST

START_TEST(test_names_are_the_stable_list)
{
    /* every stable and extra name exists, and there are exactly as many
     * metrics, so the sets are equal */
    ck_assert_uint_eq(CX_METRIC_COUNT, N_STABLE + N_EXTRA);
    for (size_t i = 0; i < N_STABLE; i++)
        ck_assert_msg(cx_metric_from_name(stable[i]) >= 0, "missing %s", stable[i]);
    for (size_t i = 0; i < N_EXTRA; i++)
        ck_assert_msg(cx_metric_from_name(extra[i]) >= 0, "missing %s", extra[i]);
    /* spot checks of the enum's order */
    ck_assert_str_eq(cx_metric_name(CX_M_NPS), "nps");
    ck_assert_str_eq(cx_metric_name(CX_M_CSAT_JOURNEY_GAP), "csat_journey_gap");
    ck_assert_str_eq(cx_metric_name(CX_M_CLV_MEAN), "clv_mean");
    ck_assert_str_eq(cx_metric_name(CX_M_EMOTION_END), "emotion_end");
}
END_TEST

/* ---- tally -> metrics ------------------------------------------------------------ */

/* A hand-made horizon tally: 3 periods, population 100. */
static cx_tally make_tally(void)
{
    cx_tally t;
    memset(&t, 0, sizeof t);
    t.journeys = 10;
    t.completed = 8;
    t.visits = 40;
    t.csat_sum = 160;
    t.js_sum = 32;
    t.effort_sum = 55;
    t.ltr_sum = 75;
    t.promoters = 4;
    t.detractors = 2;
    t.emo_start = 1;
    t.emo_middle = -2;
    t.emo_end = 3;
    t.cross_sells = 1;
    t.active_start = 300;
    t.churned = 6;
    t.churn_rate_sum = 0.06;
    t.periods = 3;
    t.active_end = 90;
    t.initial_active_end = 85;
    t.trust_end_sum = 54;
    t.acquisitions = 5;
    t.referrals = 3;
    t.revenue = 1234.5;
    t.clv_sum = 5000;
    t.portfolio = 6000;
    t.cost = 250;
    t.population = 100;
    return t;
}

START_TEST(test_metrics_definitions)
{
    cx_tally t = make_tally();
    double v[CX_METRIC_COUNT];
    cx_tally_metrics(&t, v);
    /* nps: over all LTR draws, one per journey: 100 (4 - 2) / 10 = 20 */
    ck_assert_double_eq_tol(v[CX_M_NPS], 20, TOL);
    /* ltr_mean 75 / 10; promoter_share 4 / 10; detractor_share 2 / 10 */
    ck_assert_double_eq_tol(v[CX_M_LTR_MEAN], 7.5, TOL);
    ck_assert_double_eq_tol(v[CX_M_PROMOTER_SHARE], 0.4, TOL);
    ck_assert_double_eq_tol(v[CX_M_DETRACTOR_SHARE], 0.2, TOL);
    /* csat_mean: over all visits, 160 / 40 = 4 */
    ck_assert_double_eq_tol(v[CX_M_CSAT_MEAN], 4, TOL);
    /* journey_satisfaction: mean of 3 + 2 R' over journeys, 32 / 10 = 3.2 */
    ck_assert_double_eq_tol(v[CX_M_JOURNEY_SATISFACTION], 3.2, TOL);
    /* csat_journey_gap = 1 - 3.2 / 4 = 0.2 */
    ck_assert_double_eq_tol(v[CX_M_CSAT_JOURNEY_GAP], 0.2, TOL);
    /* effort_mean: effort per journey, 55 / 10 */
    ck_assert_double_eq_tol(v[CX_M_EFFORT_MEAN], 5.5, TOL);
    /* completion_rate: completed / started = 8 / 10; abandon_rate the rest */
    ck_assert_double_eq_tol(v[CX_M_COMPLETION_RATE], 0.8, TOL);
    ck_assert_double_eq_tol(v[CX_M_ABANDON_RATE], 0.2, TOL);
    /* trust_mean: over customers active at the end, 54 / 90 */
    ck_assert_double_eq_tol(v[CX_M_TRUST_MEAN], 0.6, TOL);
    /* churn_rate: mean over periods of the period rates, 0.06 / 3 (not
     * churned / active_start = 6 / 300, which happens to agree here; see
     * test_metrics_churn_rate_is_mean_of_rates) */
    ck_assert_double_eq_tol(v[CX_M_CHURN_RATE], 0.02, TOL);
    /* retention: initial customers active at the end / population, 85 / 100 */
    ck_assert_double_eq_tol(v[CX_M_RETENTION], 0.85, TOL);
    /* stocks and totals as they are */
    ck_assert_double_eq(v[CX_M_ACTIVE_CUSTOMERS], 90);
    ck_assert_double_eq(v[CX_M_ACQUISITIONS], 5);
    /* referral_share: referrals / acquisitions, 3 / 5 */
    ck_assert_double_eq_tol(v[CX_M_REFERRAL_SHARE], 0.6, TOL);
    /* cross_sell_rate: successes / journeys, 1 / 10 */
    ck_assert_double_eq_tol(v[CX_M_CROSS_SELL_RATE], 0.1, TOL);
    ck_assert_double_eq(v[CX_M_REVENUE], 1234.5);
    /* clv_mean: over the initial customers, churned ones included,
     * 5000 / 100 */
    ck_assert_double_eq_tol(v[CX_M_CLV_MEAN], 50, TOL);
    ck_assert_double_eq(v[CX_M_PORTFOLIO_VALUE], 6000);
    /* net value: portfolio_value - cost, 6000 - 250 */
    ck_assert_double_eq(v[CX_M_COST], 250);
    ck_assert_double_eq(v[CX_M_NET_VALUE], 5750);
    /* emotional arc: mean emotion per journey at start, middle, end */
    ck_assert_double_eq_tol(v[CX_M_EMOTION_START], 0.1, TOL);
    ck_assert_double_eq_tol(v[CX_M_EMOTION_MIDDLE], -0.2, TOL);
    ck_assert_double_eq_tol(v[CX_M_EMOTION_END], 0.3, TOL);
}
END_TEST

/* The exceptional/poor ratios (docs/model.md, calibration targets) and trust_sd. */
START_TEST(test_metrics_ratios_and_trust_sd)
{
    cx_tally t = make_tally();
    double out[CX_METRIC_COUNT];
    /* exceptional: 20 journeys, 12 promoters, 4 cross-sells, 19 stayed;
     * poor: 50 journeys, 2 promoters, 1 cross-sell, 40 stayed */
    t.exc_n = 20; t.exc_promoters = 12; t.exc_cross = 4; t.exc_stay = 19;
    t.poor_n = 50; t.poor_promoters = 2; t.poor_cross = 1; t.poor_stay = 40;
    /* trust of 90 active: sum 54 (mean 0.6), sum of squares 36.9:
     * var = 36.9 / 90 - 0.36 = 0.05, sd = sqrt(0.05) */
    t.trust_end_sq = 36.9;
    cx_tally_metrics(&t, out);
    ck_assert_double_eq_tol(out[CX_M_RECOMMEND_RATIO], (12.0 / 20) / (2.0 / 50), 1e-12);  /* 15 */
    ck_assert_double_eq_tol(out[CX_M_TRY_NEW_RATIO], (4.0 / 20) / (1.0 / 50), 1e-12);     /* 10 */
    /* odds 19/1 against 40/10: 19 / 4 = 4.75 */
    ck_assert_double_eq_tol(out[CX_M_STAY_ODDS_RATIO], 4.75, 1e-12);
    ck_assert_double_eq_tol(out[CX_M_TRUST_SD], sqrt(0.05), 1e-12);
    /* no poor journey: ratios undefined */
    t.poor_n = t.poor_promoters = t.poor_cross = t.poor_stay = 0;
    cx_tally_metrics(&t, out);
    ck_assert(isnan(out[CX_M_RECOMMEND_RATIO]));
    ck_assert(isnan(out[CX_M_STAY_ODDS_RATIO]));
}
END_TEST

/* Touchpoint metrics: each a ratio of the touchpoint's sums. */
START_TEST(test_tp_metrics)
{
    cx_tp_tally t = {.journeys = 100, .visits = 80, .frictions = 20, .recoveries = 5,
                     .abandons = 4, .breaks = 8, .intrusions = 2, .e_sum = 16,
                     .csat_sum = 320, .effort_sum = 100};
    double out[CX_TP_METRIC_COUNT];
    cx_tp_tally_metrics(&t, out);
    ck_assert_double_eq(out[CX_TPM_VISITS], 80);
    ck_assert_double_eq(out[CX_TPM_REACH_RATE], 0.8);
    ck_assert_double_eq(out[CX_TPM_FRICTION_RATE], 0.25);
    ck_assert_double_eq(out[CX_TPM_ABANDON_RATE], 0.05);
    ck_assert_double_eq(out[CX_TPM_RECOVERY_RATE], 0.25);
    ck_assert_double_eq(out[CX_TPM_EMOTION_MEAN], 0.2);
    ck_assert_double_eq(out[CX_TPM_CSAT_MEAN], 4);
    ck_assert_double_eq(out[CX_TPM_EFFORT_MEAN], 1.25);
    ck_assert_double_eq(out[CX_TPM_BREAK_RATE], 0.1);
    ck_assert_double_eq(out[CX_TPM_INTRUSION_RATE], 0.025);
    for (int m = 0; m < CX_TP_METRIC_COUNT; m++)
        ck_assert_ptr_nonnull(cx_tp_metric_name((cx_tp_metric)m));
    ck_assert_str_eq(cx_tp_metric_name(CX_TPM_RECOVERY_RATE), "recovery_rate");
    ck_assert_ptr_null(cx_tp_metric_name(CX_TP_METRIC_COUNT));
    t = (cx_tp_tally){0};
    cx_tp_tally_metrics(&t, out);
    ck_assert(isnan(out[CX_TPM_CSAT_MEAN]));
}
END_TEST

START_TEST(test_metrics_churn_rate_is_mean_of_rates)
{
    /* docs/model.md: churn_rate = mean over periods of churned / active_start.
     * Two periods, 10 / 100 and 1 / 50: rates 0.1 and 0.02, mean 0.06,
     * whereas pooled 11 / 150 = 0.0733 would be wrong. */
    cx_tally p1, p2, sum;
    double v[CX_METRIC_COUNT];
    memset(&p1, 0, sizeof p1);
    memset(&p2, 0, sizeof p2);
    memset(&sum, 0, sizeof sum);
    p1.active_start = 100;
    p1.churned = 10;
    p1.churn_rate_sum = 0.1;
    p1.periods = 1;
    p2.active_start = 50;
    p2.churned = 1;
    p2.churn_rate_sum = 0.02;
    p2.periods = 1;
    cx_tally_add(&sum, &p1);
    cx_tally_add(&sum, &p2);
    cx_tally_metrics(&sum, v);
    ck_assert_double_eq_tol(v[CX_M_CHURN_RATE], 0.06, TOL);
}
END_TEST

START_TEST(test_metrics_zero_denominators)
{
    /* an empty tally: every ratio is undefined (NaN, written NA); counts,
     * totals and stocks are 0 */
    cx_tally t;
    double v[CX_METRIC_COUNT];
    memset(&t, 0, sizeof t);
    cx_tally_metrics(&t, v);
    static const cx_metric ratios[] = {
        CX_M_NPS, CX_M_LTR_MEAN, CX_M_PROMOTER_SHARE, CX_M_DETRACTOR_SHARE,
        CX_M_CSAT_MEAN, CX_M_JOURNEY_SATISFACTION, CX_M_CSAT_JOURNEY_GAP,
        CX_M_EFFORT_MEAN, CX_M_COMPLETION_RATE, CX_M_ABANDON_RATE,
        CX_M_TRUST_MEAN, CX_M_CHURN_RATE, CX_M_RETENTION, CX_M_REFERRAL_SHARE,
        CX_M_CROSS_SELL_RATE, CX_M_CLV_MEAN, CX_M_EMOTION_START,
        CX_M_EMOTION_MIDDLE, CX_M_EMOTION_END};
    for (size_t i = 0; i < sizeof ratios / sizeof *ratios; i++)
        ck_assert_msg(isnan(v[ratios[i]]), "%s = %g, want NaN",
                      cx_metric_name(ratios[i]), v[ratios[i]]);
    ck_assert_double_eq(v[CX_M_ACTIVE_CUSTOMERS], 0);
    ck_assert_double_eq(v[CX_M_ACQUISITIONS], 0);
    ck_assert_double_eq(v[CX_M_REVENUE], 0);
    ck_assert_double_eq(v[CX_M_PORTFOLIO_VALUE], 0);
}
END_TEST

START_TEST(test_metrics_partial_zero_denominators)
{
    /* journeys but no acquisitions: referral_share NaN, the rest defined;
     * nobody active at the end: trust_mean NaN */
    cx_tally t = make_tally();
    double v[CX_METRIC_COUNT];
    t.acquisitions = 0;
    t.referrals = 0;
    t.active_end = 0;
    t.trust_end_sum = 0;
    cx_tally_metrics(&t, v);
    ck_assert(isnan(v[CX_M_REFERRAL_SHARE]));
    ck_assert(isnan(v[CX_M_TRUST_MEAN]));
    ck_assert_double_eq_tol(v[CX_M_NPS], 20, TOL);
    ck_assert_double_eq(v[CX_M_ACTIVE_CUSTOMERS], 0);
    /* visits but csat_sum 0 cannot happen (CSAT >= 1); journeys with no
     * visit would make csat_mean NaN and so the gap NaN */
    t.visits = 0;
    t.csat_sum = 0;
    cx_tally_metrics(&t, v);
    ck_assert(isnan(v[CX_M_CSAT_MEAN]));
    ck_assert(isnan(v[CX_M_CSAT_JOURNEY_GAP]));
}
END_TEST

/* ---- cx_tally_add -------------------------------------------------------------------- */

START_TEST(test_tally_add)
{
    /* metrics.h: flows add up, stocks and cumulative values are the later
     * period's. a = make_tally(), b = a with every field doubled plus 1. */
    cx_tally a = make_tally(), b = make_tally(), r;
    double *pb = (double *)&b;
    for (size_t i = 0; i < sizeof b / sizeof(double); i++)
        pb[i] = 2 * pb[i] + 1;
    r = a;
    cx_tally_add(&r, &b);
    /* flows: a + b */
    ck_assert_double_eq(r.journeys, 10 + 21);
    ck_assert_double_eq(r.completed, 8 + 17);
    ck_assert_double_eq(r.visits, 40 + 81);
    ck_assert_double_eq(r.csat_sum, 160 + 321);
    ck_assert_double_eq(r.js_sum, 32 + 65);
    ck_assert_double_eq(r.effort_sum, 55 + 111);
    ck_assert_double_eq(r.ltr_sum, 75 + 151);
    ck_assert_double_eq(r.promoters, 4 + 9);
    ck_assert_double_eq(r.detractors, 2 + 5);
    ck_assert_double_eq(r.emo_start, 1 + 3);
    ck_assert_double_eq(r.emo_middle, -2 + -3);
    ck_assert_double_eq(r.emo_end, 3 + 7);
    ck_assert_double_eq(r.cross_sells, 1 + 3);
    ck_assert_double_eq(r.active_start, 300 + 601);
    ck_assert_double_eq(r.churned, 6 + 13);
    ck_assert_double_eq_tol(r.churn_rate_sum, 0.06 + 1.12, TOL);
    ck_assert_double_eq(r.periods, 3 + 7);
    ck_assert_double_eq(r.acquisitions, 5 + 11);
    ck_assert_double_eq(r.referrals, 3 + 7);
    ck_assert_double_eq(r.revenue, 1234.5 + 2470);
    /* stocks and cumulative values: b's */
    ck_assert_double_eq(r.active_end, 181);
    ck_assert_double_eq(r.initial_active_end, 171);
    ck_assert_double_eq(r.trust_end_sum, 109);
    ck_assert_double_eq(r.clv_sum, 10001);
    ck_assert_double_eq(r.portfolio, 12001);
    ck_assert_double_eq(r.population, 201);
}
END_TEST

START_TEST(test_tally_fold_from_zero)
{
    /* folding periods into a zero tally: the sum of one period is that
     * period; two periods give horizon figures. Period 1: 100 active, 4
     * journeys 3 completed, 2 churned (rate 0.02), clv 200; period 2: 98
     * active, 6 journeys 6 completed, 1 churned (1/98), clv 390, 97 initial
     * customers left. completion (3 + 6) / 10 = 0.9; churn_rate
     * (0.02 + 1/98) / 2 = 0.015102; retention 97 / 100; clv_mean 390 / 100 */
    cx_tally z, p1, p2;
    double v[CX_METRIC_COUNT];
    memset(&z, 0, sizeof z);
    memset(&p1, 0, sizeof p1);
    memset(&p2, 0, sizeof p2);
    p1.journeys = 4; p1.completed = 3; p1.active_start = 100; p1.churned = 2;
    p1.churn_rate_sum = 0.02; p1.periods = 1; p1.active_end = 98;
    p1.initial_active_end = 98; p1.clv_sum = 200; p1.population = 100;
    p2.journeys = 6; p2.completed = 6; p2.active_start = 98; p2.churned = 1;
    p2.churn_rate_sum = 1.0 / 98; p2.periods = 1; p2.active_end = 97;
    p2.initial_active_end = 97; p2.clv_sum = 390; p2.population = 100;
    cx_tally_add(&z, &p1);
    ck_assert_mem_eq(&z, &p1, sizeof z);
    cx_tally_add(&z, &p2);
    cx_tally_metrics(&z, v);
    ck_assert_double_eq_tol(v[CX_M_COMPLETION_RATE], 0.9, TOL);
    ck_assert_double_eq_tol(v[CX_M_CHURN_RATE], 0.015102040816327, TOL);
    ck_assert_double_eq_tol(v[CX_M_RETENTION], 0.97, TOL);
    ck_assert_double_eq_tol(v[CX_M_CLV_MEAN], 3.9, TOL);
    ck_assert_double_eq(v[CX_M_ACTIVE_CUSTOMERS], 97);
}
END_TEST

static Suite *metrics_suite(void)
{
    Suite *s = suite_create("metrics");
    TCase *names = tcase_create("names");
    TCase *defs = tcase_create("definitions");
    TCase *add = tcase_create("tally_add");
    tcase_add_test(names, test_names_snake_case_unique);
    tcase_add_test(names, test_names_are_the_stable_list);
    tcase_add_test(defs, test_metrics_definitions);
    tcase_add_test(defs, test_metrics_ratios_and_trust_sd);
    tcase_add_test(defs, test_tp_metrics);
    tcase_add_test(defs, test_metrics_churn_rate_is_mean_of_rates);
    tcase_add_test(defs, test_metrics_zero_denominators);
    tcase_add_test(defs, test_metrics_partial_zero_denominators);
    tcase_add_test(add, test_tally_add);
    tcase_add_test(add, test_tally_fold_from_zero);
    suite_add_tcase(s, names);
    suite_add_tcase(s, defs);
    suite_add_tcase(s, add);
    return s;
}

int main(void)
{
    return cx_test_run(metrics_suite());
}
