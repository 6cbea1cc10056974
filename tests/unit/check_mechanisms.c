/* check_mechanisms.c - each mechanism of docs/model.md has a test that fails
 * without it. Every test runs two or more variants of one model with the
 * same seed (common random numbers) and compares a metric that only the
 * mechanism can move. Differences asserted are many times the paired
 * noise: each comment gives the expected effect worked from the formulas. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cxsim/batch.h"
#include "cxsim/engine.h"
#include "cxsim/stats.h"
#include "model_fixture.h"
#include "test_util.h"

#define REPS 4

/* Mean of horizon metric `metric` over REPS replications of m. */
static double mean_of(const cx_model *m, cx_metric metric)
{
    cx_batch_opts o = {.reps = REPS, .seed = 77, .threads = 2};
    cx_batch_result *b;
    cx_estimate e;
    const char *name = "v";
    ck_assert_int_eq(cx_batch_run(&m, &name, 1, &o, &b, NULL), CX_OK);
    cx_stats_estimate(&b->horizon_values[metric], CX_METRIC_COUNT, REPS, 0.95, &e);
    cx_batch_result_free(b);
    return e.mean;
}

/* Mean over REPS of touchpoint k's metric. */
static double tp_mean_of(const cx_model *m, size_t k, cx_tp_metric metric)
{
    cx_batch_opts o = {.reps = REPS, .seed = 77, .threads = 2};
    cx_batch_result *b;
    const char *name = "v";
    double sum = 0;
    ck_assert_int_eq(cx_batch_run(&m, &name, 1, &o, &b, NULL), CX_OK);
    for (size_t r = 0; r < REPS; r++)
        sum += cx_batch_touchpoint(b, 0, r, k)[metric];
    cx_batch_result_free(b);
    return sum / REPS;
}

static cx_model *base(size_t n, int horizon)
{
    cx_model *m = cx_fixture_model(n, 4000, horizon);
    m->inflow = 0;
    m->rho_p = m->rho_d = 0;
    return m;
}

/* F3: a recovery gain above the hit leaves trust higher than no friction
 * at all (service recovery paradox): each recovery adds tau_r (1 - T) and
 * lifts e above base, so R' and the trust update are higher too. */
START_TEST(test_service_recovery_paradox)
{
    cx_model *smooth = base(3, 3), *recovered = cx_model_copy(smooth);
    cx_touchpoint *tp = &recovered->journeys[0].touchpoints[1];
    tp->friction = 1;
    tp->rec_attempt = 1;
    tp->rec_success = 1;
    tp->rec_gain = 0.8;     /* hit is 0.3 * 2 * (1 - 0.5 T) < 0.6 */
    double t_smooth = mean_of(smooth, CX_M_TRUST_MEAN);
    double t_rec = mean_of(recovered, CX_M_TRUST_MEAN);
    ck_assert_double_gt(t_rec, t_smooth + 0.02);
    /* and without the recovery, friction lowers trust */
    tp->rec_attempt = 0;
    ck_assert_double_lt(mean_of(recovered, CX_M_TRUST_MEAN), t_smooth - 0.02);
    cx_model_free(smooth);
    cx_model_free(recovered);
}
END_TEST

/* F4: the trust buffer: with kappa = 0.9 a friction hit is (1 - 0.9 T)
 * instead of 1 times the raw hit, so visits end happier. */
START_TEST(test_trust_buffer)
{
    cx_model *m = base(3, 2), *buffered;
    m->journeys[0].touchpoints[1].friction = 0.5;
    m->segments[0].kappa = 0;
    buffered = cx_model_copy(m);
    buffered->segments[0].kappa = 0.9;
    ck_assert_double_gt(mean_of(buffered, CX_M_JOURNEY_SATISFACTION),
                        mean_of(m, CX_M_JOURNEY_SATISFACTION) + 0.05);
    cx_model_free(m);
    cx_model_free(buffered);
}
END_TEST

/* F7: friction only at the last touchpoint moves emotion_end, not
 * emotion_start (the first visits' draws are shared: CRN). */
START_TEST(test_emotional_arc)
{
    cx_model *m = base(5, 1), *late = cx_model_copy(m);
    late->journeys[0].touchpoints[4].friction = 1;
    ck_assert_double_eq(mean_of(m, CX_M_EMOTION_START), mean_of(late, CX_M_EMOTION_START));
    ck_assert_double_lt(mean_of(late, CX_M_EMOTION_END), mean_of(m, CX_M_EMOTION_END) - 0.3);
    cx_model_free(m);
    cx_model_free(late);
}
END_TEST

/* F8, F11: negative word of mouth lowers acquisitions; positive word of
 * mouth brings referrals. */
START_TEST(test_word_of_mouth)
{
    cx_model *m = base(3, 6), *loud;
    m->journeys[0].touchpoints[1].friction = 0.4;   /* some detractors */
    m->inflow = 0.01;
    m->rho_p = 0.3;
    m->rho_d = 0.3;
    m->nu = 0;
    loud = cx_model_copy(m);
    loud->nu = 8;
    double quiet_acq = mean_of(m, CX_M_ACQUISITIONS), loud_acq = mean_of(loud, CX_M_ACQUISITIONS);
    ck_assert_double_lt(loud_acq, 0.9 * quiet_acq);
    ck_assert_double_gt(mean_of(m, CX_M_REFERRAL_SHARE), 0.1);
    loud->rho_p = 0;
    loud->nu = 0;       /* so that the inflow still brings customers */
    ck_assert_double_gt(mean_of(loud, CX_M_ACQUISITIONS), 0);
    ck_assert_double_eq(mean_of(loud, CX_M_REFERRAL_SHARE), 0);
    cx_model_free(m);
    cx_model_free(loud);
}
END_TEST

/* F10: post-purchase doubt lowers the end of the journey; a reassurance
 * touchpoint after the purchase (reassure = 1) removes it. */
START_TEST(test_dissonance_and_reassurance)
{
    cx_model *m = base(4, 1), *doubt, *reassured;
    doubt = cx_model_copy(m);
    doubt->journeys[0].touchpoints[1].dissonance = 1;
    doubt->journeys[0].touchpoints[1].dissonance_severity = 0.5;
    reassured = cx_model_copy(doubt);
    reassured->journeys[0].touchpoints[2].reassure = 1;
    double end0 = mean_of(m, CX_M_EMOTION_END);
    /* every journey ends 0.1 - 0.5 = -0.4 instead of 0.1 */
    ck_assert_double_eq_tol(mean_of(doubt, CX_M_EMOTION_END), end0 - 0.5, 1e-9);
    ck_assert_double_eq_tol(mean_of(reassured, CX_M_EMOTION_END), end0, 1e-9);
    /* CSAT is rated at the visit, before the doubt */
    ck_assert_double_eq(mean_of(doubt, CX_M_CSAT_MEAN), mean_of(m, CX_M_CSAT_MEAN));
    cx_model_free(m);
    cx_model_free(doubt);
    cx_model_free(reassured);
}
END_TEST

/* F12: the personalisation paradox. Sharers (70 %) gain delight p *
 * personal_gain, refusers (30 %) risk intrusion p^2 intrusion. Per visit,
 * E[delta e] ~ 0.7 p 0.3 * 0.3 - 0.3 p^2 0.5 * 0.4 * 2 (1 - 0.5 T)
 * = 0.063 p - 0.084 p^2 (T ~ 0.6 -> 0.084 * 0.7), peaking near p = 0.4:
 * the interior level beats both 0 and 1. */
START_TEST(test_personalisation_inverted_u)
{
    static const double levels[] = {0, 0.4, 1};
    double js[3];
    for (int i = 0; i < 3; i++) {
        cx_model *m = base(4, 2);
        for (size_t k = 0; k < 4; k++)
            m->journeys[0].touchpoints[k].personalisation = levels[i];
        js[i] = mean_of(m, CX_M_EMOTION_MIDDLE);
        cx_model_free(m);
    }
    ck_assert_double_gt(js[1], js[0] + 0.005);
    ck_assert_double_gt(js[1], js[2] + 0.005);
}
END_TEST

/* F12: refusers are intruded on (trust cost), sharers never are. */
START_TEST(test_intrusion_only_for_refusers)
{
    cx_model *m = base(2, 1);
    m->journeys[0].touchpoints[0].personalisation = 1;
    m->intrusion = 1;
    m->segments[0].refuse_data = 0;
    ck_assert_double_eq(tp_mean_of(m, 0, CX_TPM_INTRUSION_RATE), 0);
    m->segments[0].refuse_data = 1;
    ck_assert_double_eq(tp_mean_of(m, 0, CX_TPM_INTRUSION_RATE), 1);
    cx_model_free(m);
}
END_TEST

/* F13: a channel change breaks continuity with probability
 * (1 - continuity) channel_break; continuity = 1 never breaks. */
START_TEST(test_continuity_breaks)
{
    cx_model *m = base(3, 2);
    snprintf(m->journeys[0].touchpoints[1].channel, CX_NAME_MAX, "phone");
    m->continuity = 0;
    m->channel_break = 0.5;
    double rate = tp_mean_of(m, 1, CX_TPM_BREAK_RATE);
    ck_assert_double_eq_tol(rate, 0.5, 0.02);        /* 8000 visits: sd 0.006 */
    ck_assert_double_eq_tol(tp_mean_of(m, 2, CX_TPM_BREAK_RATE), 0.5, 0.02);
    ck_assert_double_eq(tp_mean_of(m, 0, CX_TPM_BREAK_RATE), 0);   /* first visit */
    /* a break hits 0.2 * 2 (1 - 0.5 T) ~ 0.28 half the time: the mean
     * emotion at the phone touchpoint drops by ~0.14 */
    double broken = tp_mean_of(m, 1, CX_TPM_EMOTION_MEAN);
    m->continuity = 1;
    ck_assert_double_eq(tp_mean_of(m, 1, CX_TPM_BREAK_RATE), 0);
    ck_assert_double_gt(tp_mean_of(m, 1, CX_TPM_EMOTION_MEAN), broken + 0.1);
    cx_model_free(m);
}
END_TEST

/* F14: delight raises CSAT (a smooth visit rates 3, a delighted one 4). */
START_TEST(test_delight)
{
    cx_model *m = base(2, 1), *wow = cx_model_copy(m);
    wow->journeys[0].touchpoints[0].delight = 1;
    /* visit 1: e = 0.1 + 0.3 = 0.4, CSAT 4; visit 2: CSAT 3 */
    ck_assert_double_eq(mean_of(wow, CX_M_CSAT_MEAN), 3.5);
    ck_assert_double_eq(mean_of(m, CX_M_CSAT_MEAN), 3);
    cx_model_free(m);
    cx_model_free(wow);
}
END_TEST

/* Optional touchpoints: reached with probability `optional`. */
START_TEST(test_optional_touchpoint)
{
    cx_model *m = base(3, 2);
    m->journeys[0].touchpoints[2].optional = 0.2;
    ck_assert_double_eq_tol(tp_mean_of(m, 2, CX_TPM_REACH_RATE), 0.2, 0.015);
    ck_assert_double_eq(tp_mean_of(m, 1, CX_TPM_REACH_RATE), 1);
    cx_model_free(m);
}
END_TEST

/* Several journeys with per-segment frequencies: journeys per customer
 * and period = 1 (purchase) + 0.25 (support, default) for segment "all". */
START_TEST(test_journey_frequencies)
{
    cx_model *m = base(2, 3);
    cx_touchpoint tp;
    cx_touchpoint_defaults(&tp, "call");
    ck_assert_int_eq(cx_model_add_journey(m, "support", 0, &tp, 1, NULL), CX_OK);
    ck_assert_int_eq(cx_journey_set_frequency(&m->journeys[1], NULL, 0.25, NULL), CX_OK);
    m->segments[0].h0 = 0;
    m->segments[0].g_t = m->segments[0].g_r = 0;
    /* reach of the support call: visits / journeys of its kind = 1, and
     * its visits per customer-period = 0.25 */
    double visits = tp_mean_of(m, 2, CX_TPM_VISITS);
    ck_assert_double_eq_tol(visits / (4000.0 * 3), 0.25, 0.01);
    ck_assert_int_eq(cx_journey_set_frequency(&m->journeys[1], "all", 0, NULL), CX_OK);
    ck_assert_double_eq(tp_mean_of(m, 2, CX_TPM_VISITS), 0);
    cx_model_free(m);
}
END_TEST

/* A loop with no way out ends at max_visits, counted as completed. */
START_TEST(test_max_visits)
{
    cx_model *m = cx_model_new();
    cx_segment s;
    cx_touchpoint tp;
    cx_segment_defaults(&s, "all");
    cx_touchpoint_defaults(&tp, "loop");
    tp.n_next = 1;
    snprintf(tp.next_name[0], CX_NAME_MAX, "loop");
    tp.next_p[0] = 1;
    ck_assert_int_eq(cx_model_add_segment(m, &s, NULL), CX_OK);
    ck_assert_int_eq(cx_model_add_journey(m, "j", 0, &tp, 1, NULL), CX_OK);
    m->population = 100;
    m->horizon = 1;
    m->max_visits = 7;
    ck_assert_double_eq(tp_mean_of(m, 0, CX_TPM_REACH_RATE), 7);
    ck_assert_double_eq(mean_of(m, CX_M_COMPLETION_RATE), 1);
    /* a loop that is never visited ends too (max_visits x touchpoints steps) */
    m->journeys[0].touchpoints[0].optional = 0;
    ck_assert_double_eq(tp_mean_of(m, 0, CX_TPM_VISITS), 0);
    cx_model_free(m);
}
END_TEST

/* Tallies of one replication, straight from the engine. */
static void engine_periods(const cx_model *m, cx_tally *t)
{
    static cx_tp_tally tp[16];
    cx_engine *e = cx_engine_new(m, NULL);
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_le(cx_model_touchpoint_count(m), 16);
    ck_assert_int_eq(cx_engine_run(e, 3, 0, t, tp, NULL), CX_OK);
    cx_engine_free(e);
}

/* A closed cohort nobody leaves: what each period sees is the same
 * customers' journeys. */
static cx_model *closed_cohort(void)
{
    cx_model *m = base(3, 2);
    m->segments[0].h0 = 0;
    m->journeys[0].touchpoints[1].friction = 0.5;
    m->journeys[0].touchpoints[1].severity = 0.6;
    return m;
}

/* F9: with beta = 1 a customer perceives every journey as the first one
 * (R' = F), so period 2's journey satisfaction repeats period 1's exactly
 * (up to F's float storage); with beta = 0 the new draws show through. */
START_TEST(test_confirmation_bias)
{
    cx_model *m = closed_cohort();
    cx_tally t[2];
    m->segments[0].beta = 1;
    engine_periods(m, t);
    ck_assert_double_eq(t[0].journeys, t[1].journeys);
    ck_assert_double_eq_tol(t[1].js_sum, t[0].js_sum, 1e-4 * t[0].js_sum);
    m->segments[0].beta = 0;
    engine_periods(m, t);
    ck_assert_double_gt(fabs(t[1].js_sum - t[0].js_sum), 1e-3 * t[0].js_sum);
    cx_model_free(m);
}
END_TEST

/* Cross-sell: with p = q0 = 1 everyone buys more each period, so the margin
 * earned in period 2 is (1 + uplift) times period 1's. */
START_TEST(test_cross_sell_uplift)
{
    cx_model *m = closed_cohort();
    cx_tally t[2];
    m->segments[0].q0 = 1;
    m->segments[0].d_r = m->segments[0].d_t = 0;     /* p = q0 exactly */
    m->segments[0].uplift = 0.1;
    engine_periods(m, t);
    ck_assert_double_eq(t[0].cross_sells, t[0].journeys);
    ck_assert_double_eq_tol(t[1].revenue, 1.1 * t[0].revenue, 1e-6 * t[0].revenue);
    cx_model_free(m);
}
END_TEST

/* F15: customers are drawn into segments by share: margins 100 and 0 with
 * shares 0.25 and 0.75 earn 25 per customer (binomial sd 0.43 per
 * customer, 0.0069 x 25 for 4000: the band is 5 sd). */
START_TEST(test_segment_mix)
{
    cx_model *m = closed_cohort();
    cx_segment s;
    cx_tally t[2];
    m->segments[0].share = 0.25;
    m->segments[0].margin = 100;
    cx_segment_defaults(&s, "other");
    s.share = 0.75;
    s.margin = 0;
    ck_assert_int_eq(cx_model_add_segment(m, &s, NULL), CX_OK);
    engine_periods(m, t);
    ck_assert_double_eq_tol(t[0].revenue / 4000, 25, 5 * 100 * sqrt(0.25 * 0.75 / 4000));
    cx_model_free(m);
}
END_TEST

static Suite *mechanisms_suite(void)
{
    Suite *s = suite_create("mechanisms");
    TCase *tc = tcase_create("mechanisms");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_service_recovery_paradox);
    tcase_add_test(tc, test_trust_buffer);
    tcase_add_test(tc, test_emotional_arc);
    tcase_add_test(tc, test_word_of_mouth);
    tcase_add_test(tc, test_dissonance_and_reassurance);
    tcase_add_test(tc, test_personalisation_inverted_u);
    tcase_add_test(tc, test_intrusion_only_for_refusers);
    tcase_add_test(tc, test_continuity_breaks);
    tcase_add_test(tc, test_delight);
    tcase_add_test(tc, test_optional_touchpoint);
    tcase_add_test(tc, test_journey_frequencies);
    tcase_add_test(tc, test_max_visits);
    tcase_add_test(tc, test_confirmation_bias);
    tcase_add_test(tc, test_cross_sell_uplift);
    tcase_add_test(tc, test_segment_mix);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    return cx_test_run(mechanisms_suite());
}
