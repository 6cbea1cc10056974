/* check_analytic.c - MODEL.md "Analytical checks" 1 and 2: the simulation
 * against closed forms.
 *
 * Bands: each check compares a closed form with the simulated 99 %
 * confidence interval over replications (Student t). With the seed fixed
 * the outcome is deterministic; the 99 % level means that an unlucky seed
 * fails about once in a hundred, and a model error of a few standard
 * errors fails almost surely.
 */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "cxsim/batch.h"
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
                  "closed form %.6f outside simulated 99%% CI [%.6f, %.6f] (mean %.6f)",
                  exact, e->ci_low, e->ci_high, e->mean);
}

/* Completion probability of the journey as an absorbing Markov chain:
 * transient states are the touchpoints, Q[k][k+1] = 1 - a_k (move on),
 * and the absorption into "done" from state 0 is (N R)[0], N = (I - Q)^-1
 * (Kemeny and Snell, "Finite Markov Chains", 1960, ch. III). Solved with
 * GSL's LU decomposition: (I - Q) x = r, x[0] = completion from the start. */
static double markov_completion(const cx_journey *j)
{
    size_t n = j->n_touchpoints;
    gsl_matrix *iq = gsl_matrix_alloc(n, n);
    gsl_vector *r = gsl_vector_calloc(n), *x = gsl_vector_alloc(n);
    gsl_permutation *perm = gsl_permutation_alloc(n);
    int sign;
    gsl_matrix_set_identity(iq);
    for (size_t k = 0; k < n; k++) {
        const cx_touchpoint *tp = &j->touchpoints[k];
        double move = 1 - tp->friction * tp->abandon;
        if (k + 1 < n)
            gsl_matrix_set(iq, k, k + 1, -move);
        else
            gsl_vector_set(r, k, move);     /* last touchpoint -> done */
    }
    ck_assert_int_eq(gsl_linalg_LU_decomp(iq, perm, &sign), GSL_SUCCESS);
    ck_assert_int_eq(gsl_linalg_LU_solve(iq, perm, r, x), GSL_SUCCESS);
    double p = gsl_vector_get(x, 0);
    gsl_matrix_free(iq);
    gsl_vector_free(r);
    gsl_vector_free(x);
    gsl_permutation_free(perm);
    return p;
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
    double exact = markov_completion(&m->journeys[0]);
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
