/* check_markov.c - absorbing chains solved exactly (cxsim/markov.h).
 *
 * Expected values are worked out by hand in each test's comment, from
 * first-step equations (the probability or expected count from a state is
 * the one-step average over where it goes next); the solver gets them
 * from the fundamental matrix, so the two routes must agree to rounding.
 */
#include <math.h>

#include <gsl/gsl_errno.h>

#include "cxsim/markov.h"
#include "model_fixture.h"
#include "test_util.h"

#define EPS 1e-12

static void assert_tp(const cx_markov_touchpoint *t, double arrivals, double visits,
                      double reach, double abandon)
{
    ck_assert_double_eq_tol(t->arrivals, arrivals, EPS);
    ck_assert_double_eq_tol(t->visits, visits, EPS);
    ck_assert_double_eq_tol(t->reach, reach, EPS);
    ck_assert_double_eq_tol(t->abandon, abandon, EPS);
}

/* 0 -> 1 -> 2 -> done, every state visited, abandoning with 0.1, 0.5,
 * 0.2: reach_k = prod_{i<k} (1 - a_i) = 1, 0.9, 0.45; abandonment at k is
 * reach_k a_k = 0.1, 0.45, 0.09; completion 0.9 0.5 0.8 = 0.36. */
START_TEST(test_linear)
{
    static const double visit[3] = {1, 1, 1}, abandon[3] = {0.1, 0.5, 0.2};
    static const double after[9] = {0, 1, 0, 0, 0, 1, 0, 0, 0};
    cx_markov_chain c = {.n = 3, .visit = visit, .abandon = abandon, .after_visit = after};
    cx_markov_touchpoint t[3];
    cx_markov_walk w;
    ck_assert_int_eq(cx_markov_solve(&c, 0, t, &w, NULL), CX_OK);
    assert_tp(&t[0], 1, 1, 1, 0.1);
    assert_tp(&t[1], 0.9, 0.9, 0.9, 0.45);
    assert_tp(&t[2], 0.45, 0.45, 0.45, 0.09);
    ck_assert_double_eq_tol(w.started, 1, EPS);
    ck_assert_double_eq_tol(w.completed, 0.36, EPS);
    /* from state 1 the first touchpoint is never reached */
    ck_assert_int_eq(cx_markov_solve(&c, 1, t, &w, NULL), CX_OK);
    assert_tp(&t[0], 0, 0, 0, 0);
    ck_assert_double_eq_tol(w.completed, 0.4, EPS);
}
END_TEST

/* One state that loops on itself with 0.5 after a visit that did not
 * abandon (a = 0.2), else done. Visits V = 1 + 0.8 0.5 V, V = 5/3;
 * abandonment 0.2 V = 1/3; completion 0.8 0.5 V = 2/3. */
START_TEST(test_self_loop)
{
    static const double visit[1] = {1}, abandon[1] = {0.2}, after[1] = {0.5};
    cx_markov_chain c = {.n = 1, .visit = visit, .abandon = abandon, .after_visit = after};
    cx_markov_touchpoint t;
    cx_markov_walk w;
    ck_assert_int_eq(cx_markov_solve(&c, 0, &t, &w, NULL), CX_OK);
    assert_tp(&t, 5.0 / 3, 5.0 / 3, 1, 1.0 / 3);
    ck_assert_double_eq_tol(w.completed, 2.0 / 3, EPS);
    ck_assert_double_eq_tol(w.started, 1, EPS);
}
END_TEST

/* State 0 is optional (visited with 0.5); a visit moves on to 1, a skip
 * comes back to 0 with 0.5 or ends. State 1 abandons with 0.5.
 * Arrivals at 0: A = 1 + 0.5 0.5 A = 4/3; visits there 0.5 A = 2/3;
 * P(a visit to 0) = 0.5 + 0.25 P = 2/3, the same (a visit leaves 0 for
 * good); arrivals at 1 = visits to 0 = 2/3, abandonment 1/3. A walk makes
 * a visit with 2/3 and completes with 2/3 - 1/3 = 1/3: walks with no visit
 * are not journeys the metrics count. */
START_TEST(test_optional_loop)
{
    static const double visit[2] = {0.5, 1}, abandon[2] = {0, 0.5};
    static const double after_visit[4] = {0, 1, 0, 0}, after_skip[4] = {0.5, 0, 0, 0};
    cx_markov_chain c = {.n = 2, .visit = visit, .abandon = abandon,
                         .after_visit = after_visit, .after_skip = after_skip};
    cx_markov_touchpoint t[2];
    cx_markov_walk w;
    ck_assert_int_eq(cx_markov_solve(&c, 0, t, &w, NULL), CX_OK);
    assert_tp(&t[0], 4.0 / 3, 2.0 / 3, 2.0 / 3, 0);
    assert_tp(&t[1], 2.0 / 3, 2.0 / 3, 2.0 / 3, 1.0 / 3);
    ck_assert_double_eq_tol(w.started, 2.0 / 3, EPS);
    ck_assert_double_eq_tol(w.completed, 1.0 / 3, EPS);
}
END_TEST

/* Two states of one label (a touchpoint reached two ways) add up; a
 * trap no walk from the start can reach is left out of the system. */
START_TEST(test_labels_and_unreachable_trap)
{
    /* 0 -> 1 (0.3) or 2 (0.7); 1 and 2 are label 1 and abandon with 0.5
     * and 0.1; state 3 loops on itself for ever but nothing leads there. */
    static const double visit[4] = {1, 1, 1, 1}, abandon[4] = {0, 0.5, 0.1, 0};
    static const double after[16] = {0, 0.3, 0.7, 0, 0, 0, 0, 0,
                                     0, 0, 0, 0, 0, 0, 0, 1};
    static const size_t label[4] = {0, 1, 1, 2};
    cx_markov_chain c = {.n = 4, .visit = visit, .abandon = abandon, .after_visit = after,
                         .label = label, .n_labels = 3};
    cx_markov_touchpoint t[3];
    cx_markov_walk w;
    ck_assert_int_eq(cx_markov_solve(&c, 0, t, &w, NULL), CX_OK);
    /* abandonment 0.3 0.5 + 0.7 0.1 = 0.22 */
    assert_tp(&t[1], 1, 1, 1, 0.22);
    assert_tp(&t[2], 0, 0, 0, 0);
    ck_assert_double_eq_tol(w.completed, 0.78, EPS);
}
END_TEST

START_TEST(test_errors)
{
    /* 0 <-> 1 for ever: no abandonment, no way to done */
    static const double visit[2] = {1, 1}, abandon[2] = {0, 0};
    static const double after[4] = {0, 1, 1, 0};
    cx_markov_chain c = {.n = 2, .visit = visit, .abandon = abandon, .after_visit = after};
    cx_markov_touchpoint t[2];
    cx_markov_walk w;
    cx_error err;
    ck_assert_int_eq(cx_markov_solve(&c, 0, t, &w, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "a loop it never leaves"));
    /* probabilities out of range, rows over 1, a skip with nowhere to go */
    static const double bad_abandon[2] = {1.5, 0}, over[4] = {0.6, 0.6, 0, 0};
    static const double half[2] = {0.5, 1};
    cx_markov_chain b = c;
    b.abandon = bad_abandon;
    ck_assert_int_eq(cx_markov_solve(&b, 0, t, &w, &err), CX_ERR_USAGE);
    b = c;
    b.after_visit = over;
    ck_assert_int_eq(cx_markov_solve(&b, 0, t, &w, &err), CX_ERR_USAGE);
    b = c;
    b.visit = half;
    ck_assert_int_eq(cx_markov_solve(&b, 0, t, &w, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_markov_solve(&c, 2, t, &w, &err), CX_ERR_USAGE);
}
END_TEST

/* ---- journeys of a model ------------------------------------------------------ */

/* A web touchpoint visited with 0.5, then a phone one: a continuity break
 * (probability (1 - continuity) channel_break = 0.5) can only happen after
 * a web visit, and abandons with 0.4 at the phone touchpoint (no friction,
 * kappa 0). Abandonment there: 0.5 0.5 0.4 = 0.1, completion 0.9. */
START_TEST(test_journey_breaks)
{
    cx_model *m = cx_fixture_model(2, 100, 1);
    m->continuity = 0;
    m->channel_break = 0.5;
    m->segments[0].kappa = 0;
    cx_touchpoint *t = m->journeys[0].touchpoints;
    t[0].optional = 0.5;
    snprintf(t[1].channel, CX_NAME_MAX, "phone");
    t[1].abandon = 0.4;
    cx_markov_customer who = {&m->segments[0], 0.6, 1};
    cx_markov_touchpoint out[2];
    cx_markov_walk w;
    ck_assert_int_eq(cx_markov_journey(m, 0, &who, out, &w, NULL), CX_OK);
    assert_tp(&out[0], 1, 0.5, 0.5, 0);
    assert_tp(&out[1], 1, 1, 1, 0.1);
    ck_assert_double_eq_tol(w.completed, 0.9, EPS);
    ck_assert_uint_eq(cx_markov_approximations(m, 0), 0);
    cx_model_free(m);
}
END_TEST

/* Intrusions hit those who refuse data: p = 0.5, intrusion 0.8 makes an
 * event with 0.25 0.8 = 0.2, abandoning with 0.5: a = 0.1 for refusers,
 * 0 for sharers. Recovery (attempt 0.5, success 0.4) saves 0.2 of the
 * events: a = 0.08. Trust at 0.6 with kappa 0.5 scales abandonment by
 * 0.7: a = 0.056. Mixed over 30 % refusers: 0.0168. */
START_TEST(test_journey_intrusion_and_mix)
{
    cx_model *m = cx_fixture_model(1, 100, 1);
    cx_touchpoint *t = m->journeys[0].touchpoints;
    m->intrusion = 0.8;
    t[0].personalisation = 0.5;
    t[0].abandon = 0.5;
    t[0].rec_attempt = 0.5;
    t[0].rec_success = 0.4;
    m->segments[0].refuse_data = 0.3;
    m->segments[0].trust_mean = 0.6;
    cx_markov_customer who = {&m->segments[0], 0.6, 0};
    cx_markov_touchpoint out[1];
    cx_markov_walk w;
    ck_assert_int_eq(cx_markov_journey(m, 0, &who, out, &w, NULL), CX_OK);
    ck_assert_double_eq_tol(out[0].abandon, 0.056, EPS);
    who.shares_data = 1;
    ck_assert_int_eq(cx_markov_journey(m, 0, &who, out, &w, NULL), CX_OK);
    ck_assert_double_eq_tol(out[0].abandon, 0, EPS);
    ck_assert_int_eq(cx_markov_journey_mix(m, 0, out, &w, NULL), CX_OK);
    ck_assert_double_eq_tol(out[0].abandon, 0.3 * 0.056, EPS);
    ck_assert_double_eq_tol(w.completed, 1 - 0.3 * 0.056, EPS);
    ck_assert_uint_eq(cx_markov_approximations(m, 0), CX_MARKOV_TRUST);
    cx_model_free(m);
}
END_TEST

/* Segments weigh by share times frequency, and the figures are per
 * journey with a visit. Segment a (share 0.25, frequency 1) abandons at
 * t1 with 0.4; segment b (share 0.75, frequency 1/3) with 0.2; t0 is
 * visited with 0.5. Journeys attempted: a 0.25, b 0.25, so equal weights;
 * P(a visit) = 1 (t1 is always visited). Abandonment (0.4 + 0.2) / 2. */
START_TEST(test_journey_segments)
{
    cx_model *m = cx_fixture_model(2, 100, 1);
    cx_segment b = m->segments[0];
    snprintf(b.name, CX_NAME_MAX, "b");
    ck_assert_int_eq(cx_model_add_segment(m, &b, NULL), CX_OK);
    m->segments[0].share = 0.25;
    m->segments[1].share = 0.75;
    m->segments[0].kappa = m->segments[1].kappa = 0;
    m->segments[0].refuse_data = 0;
    ck_assert_int_eq(cx_journey_set_frequency(&m->journeys[0], "b", 1.0 / 3, NULL), CX_OK);
    cx_touchpoint *t = m->journeys[0].touchpoints;
    t[0].optional = 0.5;
    t[1].friction = 1;
    t[1].abandon = 0.4;
    ck_assert_int_eq(cx_model_set(m, "segment.b.kappa", 0.5, NULL), CX_OK);
    /* b's kappa 0.5 at trust 1 halves its abandonment: 0.2 */
    m->segments[1].trust_mean = 1;
    cx_markov_touchpoint out[2];
    cx_markov_walk w;
    ck_assert_int_eq(cx_markov_journey_mix(m, 0, out, &w, NULL), CX_OK);
    ck_assert_double_eq_tol(out[1].abandon, 0.3, EPS);
    ck_assert_double_eq_tol(out[0].visits, 0.5, EPS);
    ck_assert_double_eq_tol(w.started, 1, EPS);
    ck_assert_double_eq_tol(w.completed, 0.7, EPS);
    /* a journey no one makes */
    cx_error err;
    ck_assert_int_eq(cx_model_set(m, "journey.j.frequency", 0, NULL), CX_OK);
    ck_assert_int_eq(cx_markov_journey_mix(m, 0, out, &w, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "no customer makes it"));
    cx_model_free(m);
}
END_TEST

/* A loop in the graph: exact figures, flagged because the simulation
 * caps walks at max_visits; a loop with no way out is an error. */
START_TEST(test_journey_loops)
{
    cx_model *m = cx_fixture_model(2, 100, 1);
    cx_touchpoint *t = m->journeys[0].touchpoints;
    m->segments[0].kappa = 0;
    snprintf(t[1].next_name[0], CX_NAME_MAX, "t0");
    t[1].next_index[0] = 0;
    t[1].next_p[0] = 0.5;
    t[1].n_next = 1;
    cx_markov_touchpoint out[2];
    cx_markov_walk w;
    /* no abandonment: t0, t1 visited V = 1 + 0.5 V = 2 times each */
    ck_assert_int_eq(cx_markov_journey_mix(m, 0, out, &w, NULL), CX_OK);
    assert_tp(&out[1], 2, 2, 1, 0);
    ck_assert_double_eq_tol(w.completed, 1, EPS);
    ck_assert_uint_eq(cx_markov_approximations(m, 0), CX_MARKOV_LOOPS);
    cx_error err;
    t[1].next_p[0] = 1;
    ck_assert_int_eq(cx_markov_journey_mix(m, 0, out, &w, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "journey \"j\": the walk can enter a loop"));
    cx_model_free(m);
}
END_TEST

static Suite *markov_suite(void)
{
    Suite *s = suite_create("markov");
    TCase *tc = tcase_create("chains");
    tcase_add_test(tc, test_linear);
    tcase_add_test(tc, test_self_loop);
    tcase_add_test(tc, test_optional_loop);
    tcase_add_test(tc, test_labels_and_unreachable_trap);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("journeys");
    tcase_add_test(tc, test_journey_breaks);
    tcase_add_test(tc, test_journey_intrusion_and_mix);
    tcase_add_test(tc, test_journey_segments);
    tcase_add_test(tc, test_journey_loops);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    return cx_test_run(markov_suite());
}
