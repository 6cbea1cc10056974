/* check_dist.c - distributions of uncertain inputs (src/core/dist.c) and
 * the inputs interventions add to the parameter paths
 * (src/core/input_path.c, src/core/ranges.c). Expected values are closed
 * forms, each derived in its comment. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "cxsim/dist.h"
#include "cxsim/model.h"
#include "model_fixture.h"
#include "test_util.h"

static cx_dist make(cx_dist_kind kind, double a, double b, double c)
{
    cx_dist d = {.kind = kind, .p = {a, b, c}, .lo = -INFINITY, .hi = INFINITY};
    if (kind == CX_DIST_LOGNORMAL)
        d.lo = 0;
    return d;
}

START_TEST(test_uniform_triangular)
{
    cx_dist u = make(CX_DIST_UNIFORM, 2, 6, 0);
    ck_assert_double_eq(cx_dist_quantile(&u, 0.25), 3);
    ck_assert_double_eq(cx_dist_mean(&u), 4);
    /* triangular(0, 1, 4): F(1) = 1/4; below the mode F(x) = x^2 / 4, so
     * Q(1/16) = 0.5; above, 1 - F(x) = (4 - x)^2 / 12, so Q(2/3) = 2 */
    cx_dist t = make(CX_DIST_TRIANGULAR, 0, 1, 4);
    ck_assert_double_eq_tol(cx_dist_quantile(&t, 1.0 / 16), 0.5, 1e-14);
    ck_assert_double_eq_tol(cx_dist_quantile(&t, 2.0 / 3), 2, 1e-14);
    ck_assert_double_eq_tol(cx_dist_mean(&t), 5.0 / 3, 1e-14);
}
END_TEST

START_TEST(test_normal_lognormal)
{
    cx_dist n = make(CX_DIST_NORMAL, 10, 2, 0);
    /* Phi^-1(0.975) = 1.959963985 */
    ck_assert_double_eq_tol(cx_dist_quantile(&n, 0.975), 10 + 2 * 1.959963984540054, 1e-9);
    ck_assert_double_eq_tol(cx_dist_mean(&n), 10, 1e-12);
    /* truncated to [10, inf): the half-normal, mean mu + sd sqrt(2 / pi),
     * median mu + sd Phi^-1(0.75) */
    n.lo = 10;
    ck_assert_double_eq_tol(cx_dist_mean(&n), 10 + 2 * sqrt(2 / (4 * atan(1))), 1e-9);
    ck_assert_double_eq_tol(cx_dist_quantile(&n, 0.5), 10 + 2 * 0.6744897501960817, 1e-9);
    ck_assert(cx_dist_quantile(&n, 0) >= 10);
    /* lognormal with mean 1, sd 1: sigma^2 = ln 2, mu = -ln(2) / 2; its
     * median is exp(mu) = 1 / sqrt(2) and its mean 1 */
    cx_dist l = make(CX_DIST_LOGNORMAL, 1, 1, 0);
    ck_assert_double_eq_tol(cx_dist_quantile(&l, 0.5), 1 / sqrt(2), 1e-12);
    ck_assert_double_eq_tol(cx_dist_mean(&l), 1, 1e-9);
}
END_TEST

START_TEST(test_beta_discrete)
{
    double a, b;
    cx_error err;
    /* mean 0.2, sd 0.1: a + b = 0.16 / 0.01 - 1 = 15, a = 3, b = 12 */
    ck_assert_int_eq(cx_dist_beta_moments(0.2, 0.1, &a, &b, NULL), CX_OK);
    ck_assert_double_eq_tol(a, 3, 1e-12);
    ck_assert_double_eq_tol(b, 12, 1e-12);
    ck_assert_int_eq(cx_dist_beta_moments(0.5, 0.6, &a, &b, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "no beta has mean 0.5 and sd 0.6: sd must be below "
                     "sqrt(mean (1 - mean)) = 0.5");
    /* beta(2, 1) has F(x) = x^2: Q(0.25) = 0.5 */
    cx_dist be = make(CX_DIST_BETA, 2, 1, 0);
    ck_assert_double_eq_tol(cx_dist_quantile(&be, 0.25), 0.5, 1e-9);
    /* Beta(0.5, 242.5), where gsl_cdf_beta_Pinv fails to converge at 0.975:
     * the quantile is the point where the distribution function is 0.975 */
    cx_dist fitted = make(CX_DIST_BETA, 0.5, 242.5, 0);
    for (double u = 0.5; u < 1; u += 0.0125) {
        double x = cx_dist_quantile(&fitted, u);
        ck_assert(x > 0 && x < 1);
        ck_assert_double_eq_tol(gsl_cdf_beta_P(x, 0.5, 242.5), u, 1e-12);
    }
    cx_dist d = {.kind = CX_DIST_DISCRETE, .n = 3, .values = {3, 1, 2}, .weights = {1, 2, 1}};
    ck_assert_int_eq(cx_dist_discrete_finish(&d, NULL), CX_OK);
    ck_assert_double_eq(d.values[0], 1);      /* sorted, weights with them */
    ck_assert_double_eq(d.weights[0], 0.5);
    ck_assert_double_eq(cx_dist_quantile(&d, 0.49), 1);
    ck_assert_double_eq(cx_dist_quantile(&d, 0.5), 2);
    ck_assert_double_eq(cx_dist_quantile(&d, 0.99), 3);
    ck_assert_double_eq(cx_dist_mean(&d), 1.75);
}
END_TEST

START_TEST(test_check_errors)
{
    cx_error err;
    cx_dist d = make(CX_DIST_NORMAL, 0, 0, 0);
    ck_assert_int_eq(cx_dist_check(&d, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "sd must be above 0, got 0");
    d = make(CX_DIST_TRIANGULAR, 0, 2, 1);
    ck_assert_int_eq(cx_dist_check(&d, &err), CX_ERR_INPUT);
    d = make(CX_DIST_NORMAL, 100, 1, 0);      /* nothing left in [0, 1] */
    d.lo = 0, d.hi = 1;
    ck_assert_int_eq(cx_dist_check(&d, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "mean 100, sd 1 leaves almost nothing in [0, 1]");
    d = make(CX_DIST_LOGNORMAL, -1, 1, 0);
    ck_assert_int_eq(cx_dist_check(&d, NULL), CX_ERR_INPUT);
    d = make(CX_DIST_BETA, 0, 1, 0);
    ck_assert_int_eq(cx_dist_check(&d, NULL), CX_ERR_INPUT);
    char buf[128];
    d = make(CX_DIST_NORMAL, 2, 0.5, 0);
    d.lo = 1.5, d.hi = 3;
    snprintf(d.tie, sizeof d.tie, "k");
    cx_dist_format(&d, buf, sizeof buf);
    ck_assert_str_eq(buf, "normal(2, 0.5) in [1.5, 3] tie \"k\"");
}
END_TEST

/* An intervention's cost and set values are parameters by path, with the
 * range of what they set; a normal is truncated to it. */
START_TEST(test_intervention_inputs)
{
    cx_model *m = cx_fixture_model(1, 100, 2);
    cx_edit e = {"journey.j.t0.friction", 0.1};
    cx_intervention iv = {.name = "fix", .start = 1, .edits = &e, .n_edits = 1,
                          .cost_fixed = 5};
    cx_error err;
    double v, lo, hi;
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
    ck_assert_int_eq(cx_model_set(m, "intervention.fix.cost.fixed", 7, NULL), CX_OK);
    ck_assert_int_eq(cx_model_get(m, "intervention.fix.cost.fixed", &v, NULL), CX_OK);
    ck_assert_double_eq(v, 7);
    ck_assert_int_eq(cx_model_set(m, "intervention.fix.journey.j.t0.friction", 0.3, NULL),
                     CX_OK);
    ck_assert_double_eq(m->interventions[0].edits[0].value, 0.3);
    ck_assert_int_eq(cx_model_set(m, "intervention.fix.journey.j.t0.friction", 1.3, &err),
                     CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_set(m, "intervention.fix.journey.j.t0.abandon", 0.3, &err),
                     CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_bounds(m, "intervention.fix.cost.per_visit", &lo, &hi, NULL),
                     CX_OK);
    ck_assert(lo == 0 && hi == 1e15);
    cx_param_range r = {.path = "intervention.fix.journey.j.t0.friction", .low = NAN,
                        .high = NAN, .has_dist = 1, .line = 3,
                        .dist = make(CX_DIST_NORMAL, 0.1, 0.2, 0)};
    ck_assert_int_eq(cx_model_add_range(m, &r, NULL), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, &err), CX_OK);
    cx_dist d;
    ck_assert_int_eq(cx_model_range_dist(m, 0, &d, NULL), CX_OK);
    ck_assert(d.lo == 0 && d.hi == 1);     /* truncated to friction's range */
    /* a bounded distribution reaching outside the range is an error */
    r = (cx_param_range){.path = "journey.j.t0.abandon", .low = NAN, .high = NAN,
                         .has_dist = 1, .line = 4, .dist = make(CX_DIST_UNIFORM, 0.5, 1.5, 0)};
    snprintf(m->source, sizeof m->source, "s.lua");
    ck_assert_int_eq(cx_model_add_range(m, &r, NULL), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "s.lua:4: parameter \"journey.j.t0.abandon\": touchpoint "
                     "\"j.t0\": abandon must be in [0,1], got 1.5");
    cx_model_free(m);
}
END_TEST

/* A Dirichlet(alpha) drawn by cx_dist_draw from independent uniforms:
 * the means alpha_i / A, the variances alpha_i (A - alpha_i) / (A^2
 * (A + 1)) and the covariances -alpha_i alpha_j / (A^2 (A + 1)) are the
 * closed forms (Kotz, Balakrishnan and Johnson 2000, "Continuous
 * Multivariate Distributions" vol. 1, 49.2). N = 20,000 draws (mt19937,
 * seed 7): 4 standard errors of a mean hold it unless the construction is
 * wrong (chance 6e-5); a variance's relative standard error is about
 * sqrt((kurtosis - 1) / N) <= 1.5 % for these shapes (kurtosis below 5),
 * held to 6 %; a covariance to 5 of its standard errors, sqrt(var_i
 * var_j (1 + rho^2) / N) (the normal approximation; the shapes' tails add
 * little at these concentrations). Coordinates sum to 1, and coordinate 1 is its marginal's quantile
 * of u[0]. */
static void dirichlet_moments(const double *alpha, size_t k)
{
    enum { N = 20000 };
    cx_dist d = {.kind = CX_DIST_DIRICHLET, .n = k};
    double total = 0, s1[4] = {0}, s2[4][4] = {{0}}, u[3], x[4];
    memcpy(d.values, alpha, k * sizeof *alpha);
    for (size_t i = 0; i < k; i++)
        total += alpha[i];
    ck_assert_int_eq(cx_dist_dims(&d), k - 1);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    for (size_t n = 0; n < N; n++) {
        double sum = 0;
        for (size_t j = 0; j + 1 < k; j++)
            u[j] = gsl_rng_uniform_pos(rng);
        for (size_t c = 0; c < k; c++) {
            d.p[0] = (double)c;
            x[c] = cx_dist_draw(&d, u);
            ck_assert(x[c] >= 0 && x[c] <= 1);
            sum += x[c];
        }
        ck_assert_double_eq_tol(sum, 1, 1e-12);
        d.p[0] = 0;
        ck_assert_double_eq_tol(x[0], cx_dist_quantile(&d, u[0]), 1e-15);
        for (size_t i = 0; i < k; i++) {
            s1[i] += x[i];
            for (size_t j = 0; j < k; j++)
                s2[i][j] += x[i] * x[j];
        }
    }
    gsl_rng_free(rng);
    double a2 = total * total * (total + 1);
    for (size_t i = 0; i < k; i++) {
        double mean = alpha[i] / total, var = alpha[i] * (total - alpha[i]) / a2;
        d.p[0] = (double)i;
        ck_assert_double_eq_tol(cx_dist_mean(&d), mean, 1e-15);
        ck_assert_double_eq_tol(s1[i] / N, mean, 4 * sqrt(var / N));
        double v = s2[i][i] / N - (s1[i] / N) * (s1[i] / N);
        ck_assert_double_eq_tol(v / var, 1, 0.06);
        for (size_t j = i + 1; j < k; j++) {
            double cov = s2[i][j] / N - (s1[i] / N) * (s1[j] / N), c = -alpha[i] * alpha[j] / a2;
            double vj = alpha[j] * (total - alpha[j]) / a2;
            ck_assert_double_eq_tol(cov, c, 5 * sqrt(var * vj * (1 + c * c / (var * vj)) / N));
        }
    }
}

START_TEST(test_dirichlet)
{
    const double a[] = {2, 3, 5}, jeffreys[] = {0.5, 4.5, 1.5, 12.5};
    dirichlet_moments(a, 3);
    dirichlet_moments(jeffreys, 4);
    /* two outcomes: a coordinate is a beta, drawn from u[0] alone */
    cx_dist d = {.kind = CX_DIST_DIRICHLET, .n = 2, .values = {3, 7}, .p = {1}};
    double u = 0.3, lo, hi;
    /* 1 - the first stick: 1 - F^-1(0.3) of Beta(3, 7), the 0.7 quantile of Beta(7, 3) */
    ck_assert_double_eq_tol(cx_dist_draw(&d, &u), gsl_cdf_beta_Pinv(0.7, 7, 3), 1e-12);
    cx_dist_support(&d, &lo, &hi);
    ck_assert(lo == 0 && hi == 1);
    char form[128];
    cx_dist_format(&d, form, sizeof form);
    ck_assert_str_eq(form, "dirichlet coordinate 2 of (3, 7)");
    cx_error err;
    d.n = 1;
    ck_assert_int_eq(cx_dist_check(&d, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "a dirichlet takes 2 to 32 concentrations, got 1");
    d.n = 2, d.values[1] = 0;
    ck_assert_int_eq(cx_dist_check(&d, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "concentration 2 must be above 0, got 0");
    d.values[1] = 7, d.p[0] = 2;
    ck_assert_int_eq(cx_dist_check(&d, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "coordinate 2 is not one of its 2");
}
END_TEST

/* Probabilities of start and next tables by path: set alone, the table's
 * other outcomes scale in proportion (their sum stays 1); set by a draw,
 * alone; the sink (done, the first touchpoint) holds the leftover. */
START_TEST(test_share_paths)
{
    cx_model *m = cx_fixture_model(3, 100, 2);
    cx_journey *j = &m->journeys[0];
    cx_touchpoint *t0 = &j->touchpoints[0];
    const char *names[] = {"t1", "t2"};
    const double p[] = {0.3, 0.5};
    cx_error err;
    double v, lo, hi;
    ck_assert_int_eq(cx_journey_set_start(m, j, names, p, 2, NULL), CX_OK);
    t0->n_next = 2;     /* t1 0.5, drop 0.3, done the 0.2 left */
    snprintf(t0->next_name[0], CX_NAME_MAX, "t1");
    snprintf(t0->next_name[1], CX_NAME_MAX, "drop");
    t0->next_p[0] = 0.5, t0->next_p[1] = 0.3;
    t0->next_index[0] = 1, t0->next_index[1] = CX_DROP;
    ck_assert_int_eq(cx_model_get(m, "journey.j.t0.next.done", &v, NULL), CX_OK);
    ck_assert_double_eq_tol(v, 0.2, 1e-15);
    ck_assert_int_eq(cx_model_get(m, "journey.j.start.t0", &v, NULL), CX_OK);
    ck_assert_double_eq_tol(v, 0.2, 1e-15);         /* the start's leftover */
    /* alone: t1 to 0.75, drop and done share 0.25 as 3 to 2 */
    ck_assert_int_eq(cx_model_set(m, "journey.j.t0.next.t1", 0.75, NULL), CX_OK);
    ck_assert_double_eq_tol(t0->next_p[1], 0.15, 1e-15);
    ck_assert_int_eq(cx_model_get(m, "journey.j.t0.next.done", &v, NULL), CX_OK);
    ck_assert_double_eq_tol(v, 0.1, 1e-15);
    /* the sink alone: done to 0.5, t1 and drop keep 5 to 1 */
    ck_assert_int_eq(cx_model_set(m, "journey.j.t0.next.done", 0.5, NULL), CX_OK);
    ck_assert_double_eq_tol(t0->next_p[0], 0.5 * 0.75 / 0.9, 1e-15);
    ck_assert_double_eq_tol(t0->next_p[1], 0.5 * 0.15 / 0.9, 1e-15);
    /* a draw: each coordinate alone, the sum checked by the model */
    ck_assert_int_eq(cx_model_set_draw(m, "journey.j.t0.next.t1", 0.2, NULL), CX_OK);
    ck_assert_int_eq(cx_model_set_draw(m, "journey.j.t0.next.drop", 0.7, NULL), CX_OK);
    ck_assert_int_eq(cx_model_set_draw(m, "journey.j.t0.next.done", 0.1, NULL), CX_OK);
    ck_assert(t0->next_p[0] == 0.2 && t0->next_p[1] == 0.7);
    ck_assert_int_eq(cx_model_get(m, "journey.j.t0.next.done", &v, NULL), CX_OK);
    ck_assert_double_eq_tol(v, 0.1, 1e-15);
    ck_assert_int_eq(cx_model_set(m, "journey.j.start.t2", 0.1, NULL), CX_OK);
    ck_assert_double_eq_tol(j->start[0].p, 0.3 * 0.9 / 0.5, 1e-15);
    ck_assert_int_eq(cx_model_bounds(m, "journey.j.t0.next.t1", &lo, &hi, NULL), CX_OK);
    ck_assert(lo == 0 && hi == 1);
    /* errors: no such entry, no table, a value out of range, a start path
     * in an intervention (start tables are fixed within a run) */
    ck_assert_int_eq(cx_model_set(m, "journey.j.t0.next.t2", 0.1, &err), CX_ERR_USAGE);
    ck_assert_str_eq(err.msg, "touchpoint \"j.t0\": next has no entry \"t2\" (it lists t1, "
                     "drop; and \"done\" takes what they leave): a value changes a "
                     "probability, not the graph");
    ck_assert_int_eq(cx_model_set(m, "journey.j.t1.next.drop", 0.1, &err), CX_ERR_USAGE);
    ck_assert_str_eq(err.msg, "touchpoint \"j.t1\": next has no table (it moves on to the "
                     "touchpoint declared after it): write next = { ... } to vary its "
                     "successors");
    ck_assert_int_eq(cx_model_set(m, "journey.j.t0.next.t1", 1.5, &err), CX_ERR_USAGE);
    ck_assert_str_eq(err.msg, "touchpoint \"j.t0\": next.t1 must be in [0,1], got 1.5");
    cx_edit e = {"journey.j.start.t1", 0.5};
    cx_intervention iv = {.name = "fix", .start = 1, .edits = &e, .n_edits = 1};
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, &err), CX_ERR_INPUT);
    /* journey.J.start.KEY of a touchpoint key stays a touchpoint's parameter */
    ck_assert_int_eq(cx_model_set(m, "journey.j.start.friction", 0.1, &err), CX_ERR_USAGE);
    ck_assert(strstr(err.msg, "no touchpoint \"start\""));
    cx_model_free(m);
}
END_TEST

int main(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("dist");
    TCase *tc = tcase_create("dist");
    tcase_add_test(tc, test_uniform_triangular);
    tcase_add_test(tc, test_normal_lognormal);
    tcase_add_test(tc, test_beta_discrete);
    tcase_add_test(tc, test_check_errors);
    tcase_add_test(tc, test_intervention_inputs);
    tcase_add_test(tc, test_dirichlet);
    tcase_add_test(tc, test_share_paths);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
