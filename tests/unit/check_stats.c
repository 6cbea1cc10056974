/* check_stats.c - mean, sd and Student-t confidence intervals over
 * replications (stats.h; Law, "Simulation Modeling and Analysis", 5th ed.,
 * section 9.4.1).
 *
 * Expected values worked by hand; Student-t quantiles from standard tables
 * (e.g. NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.6.7.2,
 * "Critical values of the Student's t distribution"): t_{0.975,4} =
 * 2.776445, t_{0.95,4} = 2.131847, t_{0.975,1} = 12.706205.
 */
#include <check.h>
#include <math.h>

#include "cxsim/stats.h"
#include "test_util.h"

/* the table quantiles have 7 significant digits */
#define TOL 1e-6

/* {1,2,3,4,5}: mean 3; sample variance (4 + 1 + 0 + 1 + 4) / 4 = 2.5,
 * sd = sqrt(2.5) = 1.5811388; 95 % half-width t_{0.975,4} sd / sqrt(5) =
 * 2.776445 * 1.5811388 / 2.2360680 = 1.9632432; CI [1.0367568, 4.9632432] */
static void assert_one_to_five(const cx_estimate *e)
{
    ck_assert_uint_eq(e->n, 5);
    ck_assert_double_eq_tol(e->mean, 3.0, 1e-12);
    ck_assert_double_eq_tol(e->sd, 1.5811388300841898, 1e-12);
    ck_assert_double_eq_tol(e->ci_low, 1.0367568, TOL);
    ck_assert_double_eq_tol(e->ci_high, 4.9632432, TOL);
}

START_TEST(test_one_to_five)
{
    const double x[] = {1, 2, 3, 4, 5};
    cx_estimate e;
    cx_stats_estimate(x, 1, 5, 0.95, &e);
    assert_one_to_five(&e);
    /* the interval is symmetric about the mean */
    ck_assert_double_eq_tol(e.ci_high - e.mean, e.mean - e.ci_low, 1e-12);
    ck_assert_double_eq_tol(e.ci_high - e.mean, 1.9632432, TOL);
}
END_TEST

START_TEST(test_level)
{
    /* 90 %: t_{0.95,4} sd / sqrt(5) = 2.131847 * 0.7071068 = 1.5074433 */
    const double x[] = {1, 2, 3, 4, 5};
    cx_estimate e;
    cx_stats_estimate(x, 1, 5, 0.90, &e);
    ck_assert_double_eq_tol(e.ci_high - e.mean, 1.5074433, TOL);
    ck_assert_double_eq_tol(e.ci_low, 3 - 1.5074433, TOL);
}
END_TEST

START_TEST(test_two_values)
{
    /* {10, 12}: mean 11, sd sqrt(2) = 1.4142136, half-width
     * t_{0.975,1} * sqrt(2) / sqrt(2) = 12.706205 */
    const double x[] = {10, 12};
    cx_estimate e;
    cx_stats_estimate(x, 1, 2, 0.95, &e);
    ck_assert_uint_eq(e.n, 2);
    ck_assert_double_eq_tol(e.mean, 11, 1e-12);
    ck_assert_double_eq_tol(e.sd, 1.4142135623730951, 1e-12);
    ck_assert_double_eq_tol(e.ci_low, 11 - 12.706205, TOL);
    ck_assert_double_eq_tol(e.ci_high, 11 + 12.706205, TOL);
}
END_TEST

START_TEST(test_constant)
{
    /* {2, 2, 2}: sd 0, the interval collapses to [2, 2] */
    const double x[] = {2, 2, 2};
    cx_estimate e;
    cx_stats_estimate(x, 1, 3, 0.95, &e);
    ck_assert_double_eq(e.mean, 2);
    ck_assert_double_eq(e.sd, 0);
    ck_assert_double_eq(e.ci_low, 2);
    ck_assert_double_eq(e.ci_high, 2);
}
END_TEST

START_TEST(test_stride)
{
    /* stride 2 reads x[0], x[2], ...: the values 1..5 again; stride 3 on a
     * row-major table of (value, junk, junk) rows likewise. The junk
     * (99, -99) must not enter. */
    const double x2[] = {1, 99, 2, 99, 3, 99, 4, 99, 5, 99};
    const double x3[] = {1, 99, -99, 2, 99, -99, 3, 99, -99, 4, 99, -99, 5};
    cx_estimate e;
    cx_stats_estimate(x2, 2, 5, 0.95, &e);
    assert_one_to_five(&e);
    cx_stats_estimate(x3, 3, 5, 0.95, &e);
    assert_one_to_five(&e);
    /* the second column of x2 (start at x2 + 1): five 99s, sd 0 */
    cx_stats_estimate(x2 + 1, 2, 5, 0.95, &e);
    ck_assert_double_eq(e.mean, 99);
    ck_assert_double_eq(e.sd, 0);
}
END_TEST

START_TEST(test_nan_skipped)
{
    /* stats.h: NaN entries are left out and n counts the values used:
     * {1, NaN, 2, 3, NaN, 4, 5} is {1..5}, n 5 */
    const double x[] = {1, NAN, 2, 3, NAN, 4, 5};
    cx_estimate e;
    cx_stats_estimate(x, 1, 7, 0.95, &e);
    assert_one_to_five(&e);
    /* with a stride: NaN in a used slot is skipped, in a skipped slot ignored */
    const double y[] = {1, 0, NAN, 0, 2, NAN, 3, 0, 4, 0, 5, 0};
    cx_stats_estimate(y, 2, 6, 0.95, &e);
    assert_one_to_five(&e);
}
END_TEST

START_TEST(test_single_value)
{
    /* n = 1: the mean is the value; sd and CI need n >= 2: NaN */
    const double x[] = {7};
    cx_estimate e;
    cx_stats_estimate(x, 1, 1, 0.95, &e);
    ck_assert_uint_eq(e.n, 1);
    ck_assert_double_eq(e.mean, 7);
    ck_assert(isnan(e.sd));
    ck_assert(isnan(e.ci_low));
    ck_assert(isnan(e.ci_high));
    /* one value left after skipping NaN: the same */
    const double y[] = {NAN, 7, NAN};
    cx_stats_estimate(y, 1, 3, 0.95, &e);
    ck_assert_uint_eq(e.n, 1);
    ck_assert_double_eq(e.mean, 7);
    ck_assert(isnan(e.sd));
}
END_TEST

START_TEST(test_no_value)
{
    /* n = 0, or every value NaN: every field but n is NaN, n 0 */
    const double x[] = {NAN, NAN};
    cx_estimate e;
    cx_stats_estimate(x, 1, 0, 0.95, &e);
    ck_assert_uint_eq(e.n, 0);
    ck_assert(isnan(e.mean));
    ck_assert(isnan(e.sd));
    ck_assert(isnan(e.ci_low));
    ck_assert(isnan(e.ci_high));
    cx_stats_estimate(x, 1, 2, 0.95, &e);
    ck_assert_uint_eq(e.n, 0);
    ck_assert(isnan(e.mean));
    ck_assert(isnan(e.sd));
    ck_assert(isnan(e.ci_low));
    ck_assert(isnan(e.ci_high));
}
END_TEST


/* Paired comparison: a = {1,2,3,4}, b = {0.5,1.6,2.4,3.5}; d = a - b =
 * {0.5,0.4,0.6,0.5}: mean 0.5, var_d = (0 + 0.01 + 0.01 + 0) / 3 = 0.02/3;
 * var_a = 5/3; var_b: mean 2, squares 2.25+0.16+0.16+2.25 = 4.82, /3;
 * variance reduction = (5/3 + 4.82/3) / (0.02/3) = 9.82 / 0.02 = 491. */
START_TEST(test_paired)
{
    const double a[] = {1, 2, 3, 4}, b[] = {0.5, 1.6, 2.4, 3.5};
    cx_paired p;
    cx_stats_paired(a, b, 1, 4, 0.95, &p);
    ck_assert_double_eq_tol(p.diff.mean, 0.5, 1e-12);
    ck_assert_uint_eq(p.diff.n, 4);
    ck_assert_double_eq_tol(p.var_diff, 0.02 / 3, 1e-12);
    ck_assert_double_eq_tol(p.var_a, 5.0 / 3, 1e-12);
    ck_assert_double_eq_tol(p.var_b, 4.82 / 3, 1e-12);
    ck_assert_double_eq_tol(p.variance_reduction, 491, 1e-6);
    /* t_{0.975,3} = 3.182446; half-width = 3.182446 sqrt(0.02/3) / 2 */
    ck_assert_double_eq_tol(p.diff.ci_high - 0.5, 3.182446 * sqrt(0.02 / 3) / 2, 1e-5);
}
END_TEST

/* A replication where either side is NaN is left out of every figure;
 * identical sides give no variance reduction (NaN). */
START_TEST(test_paired_nan_and_constant)
{
    const double a[] = {1, NAN, 3, 5}, b[] = {1, 2, NAN, 5};
    cx_paired p;
    cx_stats_paired(a, b, 1, 4, 0.95, &p);
    ck_assert_uint_eq(p.diff.n, 2);
    ck_assert_double_eq(p.diff.mean, 0);
    ck_assert(isnan(p.variance_reduction));
}
END_TEST

/* Differences below the arithmetic's precision are 0 (issue 20: compare
 * showed emotion_start -1.359e-15 [-1.39e-15, -1.327e-15] as significant). */
START_TEST(test_paired_rounding)
{
    /* the same sum added in another order: 0.1 + 0.2 + 0.3 vs 0.3 + 0.2 + 0.1
     * differ in the last bit (1.1e-16), far below 64 eps x 0.6 */
    double x = (0.1 + 0.2) + 0.3, y = (0.3 + 0.2) + 0.1;
    ck_assert(x != y);
    ck_assert_double_eq(cx_stats_paired_difference(x, y), 0);
    /* 0.7686 against 0.7686 + 1.359e-15: under 64 eps x 0.7686 = 1.09e-14 */
    double a[3] = {0.7686, 0.5, 0.25}, b[3];
    for (int i = 0; i < 3; i++)
        b[i] = a[i] + 1.359e-15;
    cx_paired p;
    cx_stats_paired(a, b, 1, 3, 0.95, &p);
    ck_assert_double_eq(p.diff.mean, 0);
    ck_assert_double_eq(p.diff.ci_low, 0);
    ck_assert_double_eq(p.diff.ci_high, 0);
    /* a real difference, however small against 1, is kept: 1e-9 */
    ck_assert_double_eq(cx_stats_paired_difference(1 + 1e-9, 1), (1 + 1e-9) - 1);
    ck_assert_double_eq(cx_stats_paired_difference(3, 1), 2);
    ck_assert_double_eq(cx_stats_paired_difference(0, 0), 0);
}
END_TEST

static Suite *stats_suite(void)
{
    Suite *s = suite_create("stats");
    TCase *est = tcase_create("estimate");
    TCase *edge = tcase_create("edges");
    tcase_add_test(est, test_one_to_five);
    tcase_add_test(est, test_level);
    tcase_add_test(est, test_two_values);
    tcase_add_test(est, test_constant);
    tcase_add_test(edge, test_stride);
    tcase_add_test(edge, test_nan_skipped);
    tcase_add_test(edge, test_single_value);
    tcase_add_test(edge, test_no_value);
    tcase_add_test(edge, test_paired);
    tcase_add_test(edge, test_paired_nan_and_constant);
    tcase_add_test(edge, test_paired_rounding);
    suite_add_tcase(s, est);
    suite_add_tcase(s, edge);
    return s;
}

int main(void)
{
    return cx_test_run(stats_suite());
}
