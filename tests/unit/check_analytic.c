/* check_analytic.c - docs/model.md, "Verification", closed forms 1 and
 * 2: the simulation against closed forms.
 *
 * Bands: each check compares a closed form with the simulated 99 %
 * confidence interval over replications (Student t). With the seed fixed
 * the outcome is deterministic; the 99 % level means that an unlucky seed
 * fails about once in a hundred, and a model error of a few standard
 * errors fails almost surely.
 */
#include <math.h>

#include <gsl/gsl_errno.h>

#include "cxsim/batch.h"
#include "cxsim/markov.h"
#include "cxsim/stats.h"
#include "model_fixture.h"
#include "test_util.h"

/* Simulated 99 % CI of metric m (horizon values of variant 0). */
static cx_estimate simulate(const cx_model *m, size_t reps, cx_metric metric)
{
    cx_batch_opts o = {.reps = reps, .seed = 2024, .threads = 2};
    cx_batch_result *b;
    cx_estimate est;
    const char *name = "baseline";
    ck_assert_int_eq(cx_batch_run(&m, &name, 1, &o, &b, NULL), CX_OK);
    cx_stats_estimate(&b->horizon_values[metric], CX_METRIC_COUNT, reps, 0.99, &est);
    cx_batch_result_free(b);
    return est;
}

static void assert_inside(double exact, const cx_estimate *e)
{
    ck_assert_msg(exact >= e->ci_low && exact <= e->ci_high,
                  "closed form %.6f outside the simulated CI [%.6f, %.6f] (mean %.6f)",
                  exact, e->ci_low, e->ci_high, e->mean);
}

/* Completion probability of the journey as an absorbing Markov chain
 * (Kemeny and Snell, "Finite Markov Chains", 1960, ch. III), from the
 * library's solver (cxsim/markov.h; its own suite checks it on chains
 * worked out by hand). From k, the customer is at risk of abandoning only
 * when the touchpoint is visited: a_k = optional_k friction_k abandon_k;
 * otherwise the walk follows k's successors. */
static double markov_completion(const cx_model *m)
{
    cx_markov_touchpoint tp[16];
    cx_markov_walk w;
    cx_error err;
    ck_assert_uint_le(m->journeys[0].n_touchpoints, 16);
    ck_assert_msg(cx_markov_journey_mix(m, 0, tp, &w, &err) == CX_OK, "%s", err.msg);
    return w.completed;
}

/* Check 1: trust frozen out of abandonment (kappa = 0, no recovery), so a
 * visit ends the journey with probability a_k = friction_k abandon_k. */
START_TEST(test_markov_completion)
{
    static const double friction[] = {0.1, 0.3, 0.5, 0.2, 0.4};
    static const double abandon[] = {0.5, 0.4, 0.6, 0.9, 0.25};
    cx_model *m = cx_fixture_model(5, 5000, 3);
    m->segments[0].kappa = 0;
    for (size_t k = 0; k < 5; k++) {
        m->journeys[0].touchpoints[k].friction = friction[k];
        m->journeys[0].touchpoints[k].abandon = abandon[k];
    }
    double exact = markov_completion(m);
    /* the linear chain's product form, prod (1 - a_k), as a cross-check */
    double prod = 1;
    for (size_t k = 0; k < 5; k++)
        prod *= 1 - friction[k] * abandon[k];
    ck_assert_double_eq_tol(exact, prod, 1e-12);
    cx_estimate e = simulate(m, 20, CX_M_COMPLETION_RATE);
    assert_inside(exact, &e);
    /* the band is tight enough to matter: under 2 % of the value */
    ck_assert_double_lt(e.ci_high - e.ci_low, 0.02 * exact);
    cx_model_free(m);
}
END_TEST

static void edge(cx_touchpoint *tp, const char *to, double p)
{
    snprintf(tp->next_name[tp->n_next], CX_NAME_MAX, "%s", to);
    tp->next_p[tp->n_next++] = p;
}

/* Check 1 on a branching graph: browse loops on itself and may leave;
 * cart may go back to browse; support is optional; checkout's successors
 * leave probability to "done" implicitly. max_visits is far above the
 * walk lengths that matter (P(> 100 visits) < 1e-30). */
START_TEST(test_markov_branching)
{
    cx_model *m = cx_model_new();
    cx_segment s;
    cx_touchpoint tps[5];
    static const char *names[5] = {"browse", "cart", "checkout", "support", "delivery"};
    static const double friction[5] = {0.2, 0.3, 0.4, 0.5, 0.2};
    static const double abandon[5] = {0.3, 0.5, 0.6, 0.4, 0.9};
    cx_segment_defaults(&s, "all");
    s.kappa = 0;        /* trust cannot change abandonment */
    ck_assert_int_eq(cx_model_add_segment(m, &s, NULL), CX_OK);
    for (size_t k = 0; k < 5; k++) {
        cx_touchpoint_defaults(&tps[k], names[k]);
        tps[k].friction = friction[k];
        tps[k].abandon = abandon[k];
    }
    edge(&tps[0], "cart", 0.6);
    edge(&tps[0], "browse", 0.25);
    edge(&tps[0], "done", 0.15);
    edge(&tps[1], "checkout", 0.7);
    edge(&tps[1], "browse", 0.3);
    edge(&tps[2], "support", 0.5);
    edge(&tps[2], "delivery", 0.4);     /* 0.1 left over: done */
    tps[3].optional = 0.3;
    ck_assert_int_eq(cx_model_add_journey(m, "j", 0, tps, 5, NULL), CX_OK);
    m->population = 5000;
    m->horizon = 3;
    double exact = markov_completion(m);
    ck_assert_double_gt(exact, 0.3);    /* a non-trivial chain */
    ck_assert_double_lt(exact, 0.8);
    cx_estimate e = simulate(m, 20, CX_M_COMPLETION_RATE);
    assert_inside(exact, &e);
    ck_assert_double_lt(e.ci_high - e.ci_low, 0.03 * exact);
    cx_model_free(m);
}
END_TEST

/* Check 1 per touchpoint, on a chain with every way a visit can abandon:
 * friction, continuity breaks (three channels: the chain tracks the last
 * channel visited), intrusions for the 30 % who refuse data, recovery, an
 * optional touchpoint and a loop back. With kappa = 0 and period 1 only
 * (so churn cannot shift the mix of refusers and sharers) the chain is
 * exact: expected visits and abandonment per journey at each touchpoint,
 * and completion, must lie inside the simulated intervals. Eleven
 * intervals are checked, each at the 99.9 % level, so that an unlucky
 * seed fails about once in a hundred (Bonferroni), as the checks above. */
START_TEST(test_markov_per_touchpoint)
{
    cx_model *m = cx_fixture_model(4, 20000, 1);
    cx_touchpoint *t = m->journeys[0].touchpoints;
    m->segments[0].kappa = 0;
    m->continuity = 0.2;
    t[0].friction = 0.2, t[0].abandon = 0.3;
    t[1].optional = 0.6, t[1].personalisation = 0.6, t[1].abandon = 0.5;
    snprintf(t[2].channel, CX_NAME_MAX, "phone");
    t[2].friction = 0.1, t[2].abandon = 0.4, t[2].rec_attempt = 0.5, t[2].rec_success = 0.6;
    snprintf(t[3].channel, CX_NAME_MAX, "app");
    t[3].friction = 0.3, t[3].abandon = 0.2;
    edge(&t[3], "t2", 0.2);
    t[3].next_index[0] = 2;
    cx_markov_touchpoint tp[4];
    cx_markov_walk w;
    ck_assert_int_eq(cx_markov_journey_mix(m, 0, tp, &w, NULL), CX_OK);
    ck_assert_uint_eq(cx_markov_approximations(m, 0), CX_MARKOV_LOOPS);

    cx_batch_opts o = {.reps = 10, .seed = 77, .threads = 2};
    cx_batch_result *b;
    const char *name = "baseline";
    ck_assert_int_eq(cx_batch_run((const cx_model *const *)&m, &name, 1, &o, &b, NULL), CX_OK);
    double visits[10], abandons[10];
    for (size_t k = 0; k < 4; k++) {
        for (size_t r = 0; r < 10; r++) {
            const double *v = cx_batch_touchpoint(b, 0, r, k);
            visits[r] = v[CX_TPM_REACH_RATE];
            abandons[r] = v[CX_TPM_REACH_RATE] * v[CX_TPM_ABANDON_RATE];
        }
        cx_estimate ev, ea;
        cx_stats_estimate(visits, 1, 10, 0.999, &ev);
        cx_stats_estimate(abandons, 1, 10, 0.999, &ea);
        assert_inside(tp[k].visits, &ev);
        assert_inside(tp[k].abandon, &ea);
        ck_assert_double_gt(tp[k].abandon, 0.005);     /* every one matters */
    }
    cx_estimate ec;
    cx_stats_estimate(&b->horizon_values[CX_M_COMPLETION_RATE], CX_METRIC_COUNT, 10, 0.999,
                      &ec);
    assert_inside(w.completed, &ec);
    cx_batch_result_free(b);
    cx_model_free(m);
}
END_TEST

/* A model with constant hazard: g_T = g_R = 0, no abandonment, no
 * cross-sell, a closed cohort (no inflow, no word of mouth). */
static cx_model *constant_churn_model(double h0, double margin, double d, int horizon)
{
    cx_model *m = cx_fixture_model(3, 20000, horizon);
    cx_segment *s = &m->segments[0];
    s->h0 = h0;
    s->g_t = s->g_r = 0;
    s->q0 = 0;
    s->margin = margin;
    m->discount_rate = d;
    m->inflow = 0;
    m->rho_p = m->rho_d = 0;
    m->journeys[0].touchpoints[1].friction = 0.5;   /* friction, but no abandonment */
    return m;
}

/* Check 2: share active at the start of t is (1 - p)^(t - 1), p = 1 - e^-h0,
 * so retention after H periods is (1 - p)^H and
 * mean CLV = m sum_{t=1..H} (1 - p)^(t-1) / (1 + d)^t. */
START_TEST(test_constant_churn)
{
    const double h0 = 0.05, margin = 10, d = 0.01;
    const int horizon = 12;
    cx_model *m = constant_churn_model(h0, margin, d, horizon);
    double p = 1 - exp(-h0), clv = 0;
    for (int t = 1; t <= horizon; t++)
        clv += margin * pow(1 - p, t - 1) / pow(1 + d, t);
    cx_estimate ret = simulate(m, 20, CX_M_RETENTION);
    cx_estimate val = simulate(m, 20, CX_M_CLV_MEAN);
    cx_estimate churn = simulate(m, 20, CX_M_CHURN_RATE);
    assert_inside(pow(1 - p, horizon), &ret);
    assert_inside(clv, &val);
    assert_inside(p, &churn);
    ck_assert_double_eq(simulate(m, 2, CX_M_ACQUISITIONS).mean, 0);
    cx_model_free(m);
}
END_TEST

/* Check 2, period by period: the retention curve (1 - p)^t. */
START_TEST(test_constant_churn_curve)
{
    const double h0 = 0.08;
    cx_model *m = constant_churn_model(h0, 5, 0, 6);
    cx_batch_opts o = {.reps = 20, .seed = 99, .threads = 2};
    cx_batch_result *b;
    const char *name = "baseline";
    ck_assert_int_eq(cx_batch_run((const cx_model *const *)&m, &name, 1, &o, &b, NULL),
                     CX_OK);
    for (size_t t = 0; t < 6; t++) {
        cx_estimate e;
        cx_stats_estimate(&cx_batch_period(b, 0, 0, t)[CX_M_RETENTION],
                          b->horizon * CX_METRIC_COUNT, b->reps, 0.99, &e);
        assert_inside(exp(-h0 * (double)(t + 1)), &e);   /* (1 - p)^t = e^{-h0 t} */
    }
    cx_batch_result_free(b);
    cx_model_free(m);
}
END_TEST

static Suite *analytic_suite(void)
{
    Suite *s = suite_create("analytic");
    TCase *tc = tcase_create("closed forms");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_markov_completion);
    tcase_add_test(tc, test_markov_branching);
    tcase_add_test(tc, test_markov_per_touchpoint);
    tcase_add_test(tc, test_constant_churn);
    tcase_add_test(tc, test_constant_churn_curve);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    return cx_test_run(analytic_suite());
}
