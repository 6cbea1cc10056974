/* check_significance.c - t-test p-values and Holm's adjustment
 * (significance.h).
 *
 * t p-values in closed form: with 1 degree of freedom Student's t is the
 * Cauchy distribution, P(|T| > t) = 1 - 2 atan(t) / pi; with 2,
 * P(|T| > t) = 1 - t / sqrt(2 + t^2) (e.g. Johnson, Kotz and Balakrishnan,
 * "Continuous Univariate Distributions" vol. 2, ch. 28). Holm's adjusted
 * p-values worked by hand from the definition (Holm 1979; Wright 1992);
 * the five-value case is the one R's p.adjust(method = "holm") gives
 * 0.05 0.08 0.09 0.09 0.09 for.
 */
#include <check.h>
#include <math.h>

#include "cxsim/significance.h"
#include "test_util.h"

#define TOL 1e-12
/* pi, as C11 does not promise M_PI */
#define PI 3.14159265358979323846

static cx_estimate sample(double mean, double sd, size_t n)
{
    return (cx_estimate){.mean = mean, .sd = sd, .n = n};
}

START_TEST(test_t_p_value_closed_form)
{
    /* n = 2: t = 1 / (1 / sqrt 2) = sqrt 2 on 1 df */
    cx_estimate e = sample(1, 1, 2);
    ck_assert_double_eq_tol(cx_significance_t_p_value(&e), 1 - 2 * atan(sqrt(2.0)) / PI, TOL);
    /* the sign of the mean does not matter (two-sided) */
    e = sample(-1, 1, 2);
    ck_assert_double_eq_tol(cx_significance_t_p_value(&e), 1 - 2 * atan(sqrt(2.0)) / PI, TOL);
    /* n = 3: t = 2 / (2 / sqrt 3) = sqrt 3 on 2 df: 1 - sqrt 3 / sqrt 5 */
    e = sample(2, 2, 3);
    ck_assert_double_eq_tol(cx_significance_t_p_value(&e), 1 - sqrt(3.0 / 5.0), TOL);
    /* mean 0: p = 1 */
    e = sample(0, 3, 10);
    ck_assert_double_eq_tol(cx_significance_t_p_value(&e), 1, TOL);
}
END_TEST

START_TEST(test_t_p_value_edges)
{
    cx_estimate e = sample(1, 1, 1);
    ck_assert(isnan(cx_significance_t_p_value(&e)));        /* no variance estimate */
    e = sample(NAN, NAN, 0);
    ck_assert(isnan(cx_significance_t_p_value(&e)));
    e = sample(0, 0, 5);                              /* identical runs */
    ck_assert_double_eq(cx_significance_t_p_value(&e), 1);
    e = sample(2.5, 0, 5);                            /* the same nonzero difference */
    ck_assert_double_eq(cx_significance_t_p_value(&e), 0);
}
END_TEST

static void assert_holm(const double *p, size_t n, const double *want)
{
    double adj[8];
    cx_significance_holm(p, n, adj);
    for (size_t i = 0; i < n; i++) {
        if (isnan(want[i]))
            ck_assert_msg(isnan(adj[i]), "entry %zu: %g, wanted NaN", i, adj[i]);
        else
            ck_assert_double_eq_tol(adj[i], want[i], TOL);
    }
}

START_TEST(test_holm_known_values)
{
    /* sorted: 0.005 (x4 = 0.02), 0.01 (x3 = 0.03), 0.03 (x2 = 0.06),
     * 0.04 (x1 = 0.04, raised to the running maximum 0.06) */
    const double p[] = {0.01, 0.04, 0.03, 0.005}, want[] = {0.03, 0.06, 0.06, 0.02};
    assert_holm(p, 4, want);
    const double r[] = {0.01, 0.02, 0.03, 0.04, 0.05}, rwant[] = {0.05, 0.08, 0.09, 0.09, 0.09};
    assert_holm(r, 5, rwant);
    /* one test: unchanged */
    const double one[] = {0.2}, onewant[] = {0.2};
    assert_holm(one, 1, onewant);
}
END_TEST

START_TEST(test_holm_edges)
{
    /* capped at 1 */
    const double big[] = {0.5, 0.6}, bigwant[] = {1, 1};
    assert_holm(big, 2, bigwant);
    /* ties: 0.02 x2 = 0.04, then 0.02 x1 raised to 0.04 */
    const double tie[] = {0.02, 0.02}, tiewant[] = {0.04, 0.04};
    assert_holm(tie, 2, tiewant);
    /* NaN is outside the family: m = 2 */
    const double gap[] = {0.01, NAN, 0.04}, gapwant[] = {0.02, NAN, 0.04};
    assert_holm(gap, 3, gapwant);
    /* an empty family writes nothing */
    double untouched = 7;
    cx_significance_holm(NULL, 0, &untouched);
    ck_assert_double_eq(untouched, 7);
}
END_TEST

/* Never below the unadjusted p-value, never above 1, and in the same order. */
START_TEST(test_holm_properties)
{
    const double p[] = {0.3, 0.001, 0.07, 0.02, 0.9, 0.0004, 0.05, 0.2};
    double adj[8];
    cx_significance_holm(p, 8, adj);
    for (size_t i = 0; i < 8; i++) {
        ck_assert_double_ge(adj[i], p[i]);
        ck_assert_double_le(adj[i], 1);
        for (size_t j = 0; j < 8; j++)
            if (p[i] < p[j])
                ck_assert_double_le(adj[i], adj[j]);
    }
}
END_TEST

static Suite *significance_suite(void)
{
    Suite *s = suite_create("significance");
    TCase *t = tcase_create("t-test");
    TCase *h = tcase_create("holm");
    tcase_add_test(t, test_t_p_value_closed_form);
    tcase_add_test(t, test_t_p_value_edges);
    tcase_add_test(h, test_holm_known_values);
    tcase_add_test(h, test_holm_edges);
    tcase_add_test(h, test_holm_properties);
    suite_add_tcase(s, t);
    suite_add_tcase(s, h);
    return s;
}

int main(void)
{
    return cx_test_run(significance_suite());
}
