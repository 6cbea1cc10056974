/* check_running.c - streaming statistics (running.h): Welford's mean and
 * variance, paired differences, the control-variate regression and the
 * antithetic pair factor.
 *
 * Expected values worked by hand below each test; Student-t quantiles from
 * standard tables (NIST/SEMATECH e-Handbook, section 1.3.6.7.2):
 * t_{0.975,2} = 4.302653, t_{0.975,3} = 3.182446, t_{0.975,4} = 2.776445.
 * The control-variate examples are built so that the regression fits
 * exactly known slopes (the errors orthogonal to the controls).
 */
#include <check.h>
#include <math.h>

#include "cxsim/running.h"
#include "cxsim/stats.h"
#include "test_util.h"

#define TOL 1e-6    /* the table quantiles have 7 significant digits */

START_TEST(test_one_to_five)
{
    /* {1..5}: mean 3, variance 2.5, CI 3 -/+ 2.776445 sqrt(2.5 / 5) */
    cx_running r;
    cx_estimate e;
    cx_running_clear(&r);
    for (int i = 1; i <= 5; i++)
        cx_running_add(&r, i);
    cx_running_estimate(&r, 0.95, &e);
    ck_assert_uint_eq(e.n, 5);
    ck_assert_double_eq_tol(e.mean, 3, 1e-15);
    ck_assert_double_eq_tol(e.sd, sqrt(2.5), 1e-15);
    ck_assert_double_eq_tol(e.ci_low, 1.0367568, TOL);
    ck_assert_double_eq_tol(e.ci_high, 4.9632432, TOL);
    ck_assert_double_eq_tol(cx_running_half_width(&r, 0.95), 1.9632432, TOL);
}
END_TEST

START_TEST(test_non_finite_and_small_n)
{
    cx_running r = {0};
    cx_estimate e;
    cx_running_estimate(&r, 0.95, &e);
    ck_assert(e.n == 0 && isnan(e.mean) && isnan(e.sd) && isnan(e.ci_low));
    cx_running_add(&r, NAN);
    cx_running_add(&r, INFINITY);
    cx_running_add(&r, 4);
    cx_running_estimate(&r, 0.95, &e);
    ck_assert_uint_eq(e.n, 1);
    ck_assert_double_eq(e.mean, 4);
    ck_assert(isnan(e.sd) && isnan(e.ci_high) && isnan(cx_running_half_width(&r, 0.95)));
    ck_assert(isnan(cx_running_variance(&r)));
}
END_TEST

/* The running figures agree with the two-pass ones of cx_stats_estimate
 * to rounding, also for values far from 0 (where a naive sum of squares
 * would lose every digit). */
START_TEST(test_agrees_with_two_pass)
{
    double x[200];
    cx_running r = {0};
    cx_estimate a, b;
    for (int i = 0; i < 200; i++) {
        x[i] = 1e8 + sin(i * 1.7) * 3 + (i % 7);
        cx_running_add(&r, x[i]);
    }
    cx_running_estimate(&r, 0.95, &a);
    cx_stats_estimate(x, 1, 200, 0.95, &b);
    ck_assert_uint_eq(a.n, b.n);
    ck_assert_double_eq_tol(a.mean, b.mean, 1e-7);
    ck_assert_double_eq_tol(a.sd, b.sd, 1e-9 * b.sd);
    ck_assert_double_eq_tol(a.ci_low, b.ci_low, 1e-7);
}
END_TEST

START_TEST(test_paired)
{
    /* a = {3,5,8,7}, b = {1,4,5,6}: d = {2,1,3,1}, mean 1.75, var(d) =
     * 2.75 / 3; var(a) = 14.75 / 3, var(b) = 14 / 3; reduction (14.75 +
     * 14) / 2.75 = 10.4545...; half-width t_{0.975,3} sqrt(2.75 / 12) =
     * 1.5234802. A NaN replication is left out of all. */
    const double a[] = {3, 5, NAN, 8, 7}, b[] = {1, 4, 2, 5, 6};
    cx_running_paired p = {0};
    cx_paired got, want;
    for (int i = 0; i < 5; i++)
        cx_running_paired_add(&p, a[i], b[i]);
    cx_running_paired_get(&p, 0.95, &got);
    ck_assert_uint_eq(got.diff.n, 4);
    ck_assert_double_eq_tol(got.diff.mean, 1.75, 1e-15);
    ck_assert_double_eq_tol(got.var_diff, 2.75 / 3, 1e-15);
    ck_assert_double_eq_tol(got.var_a, 14.75 / 3, 1e-14);
    ck_assert_double_eq_tol(got.var_b, 14.0 / 3, 1e-14);
    ck_assert_double_eq_tol(got.variance_reduction, 28.75 / 2.75, 1e-13);
    ck_assert_double_eq_tol(got.diff.ci_high - got.diff.mean, 1.5234802, TOL);
    cx_stats_paired(a, b, 1, 5, 0.95, &want);
    ck_assert_double_eq_tol(got.variance_reduction, want.variance_reduction, 1e-12);
    ck_assert_double_eq_tol(got.diff.ci_low, want.diff.ci_low, 1e-12);
}
END_TEST

/* One control. y = 3 + 2 c + e with c = {-1,-1,1,1} and e = {.5,-.5,-.5,.5},
 * e orthogonal to 1 and c: slope 2, residual sum of squares sum e^2 = 1,
 * s^2 = 1 / (4 - 2) = 0.5; syy = 17, scc = 4, syc = 8: r2 = 64 / 68,
 * factor 68 / 4 = 17. */
static void add_example(cx_running_cv *r)
{
    const double c[] = {-1, -1, 1, 1}, e[] = {0.5, -0.5, -0.5, 0.5};
    cx_running_cv_clear(r, 1);
    for (int i = 0; i < 4; i++)
        cx_running_cv_add(r, 3 + 2 * c[i] + e[i], &c[i]);
    cx_running_cv_add(r, NAN, &c[0]);       /* left out */
    cx_running_cv_add(r, 1, (double[]){NAN});
}

START_TEST(test_control_known_mean_at_cbar)
{
    /* control mean 0 = cbar: yhat = ybar = 3, var = s^2 / n = 0.125,
     * half-width t_{0.975,2} sqrt(0.125) = 1.5212175 */
    cx_running_cv r;
    cx_control cv;
    add_example(&r);
    cx_running_cv_estimate(&r, (double[]){0}, 0.95, &cv);
    ck_assert_uint_eq(cv.est.n, 4);
    ck_assert_uint_eq(cv.k, 1);
    ck_assert_double_eq_tol(cv.beta[0], 2, 1e-15);
    ck_assert(isnan(cv.beta[1]));
    ck_assert_double_eq_tol(cv.est.mean, 3, 1e-15);
    ck_assert_double_eq_tol(cv.est.sd, sqrt(0.5), 1e-15);
    ck_assert_double_eq_tol(cv.est.ci_high - cv.est.mean, 1.5212175, TOL);
    ck_assert_double_eq_tol(cv.r2, 64.0 / 68, 1e-15);
    ck_assert_double_eq_tol(cv.factor, 17, 1e-12);
}
END_TEST

START_TEST(test_control_known_mean_elsewhere)
{
    /* control mean 0.5: cbar - mu = -0.5, yhat = 3 - 2 (-0.5) = 4; var =
     * 0.5 (1/4 + 0.25 / 4) = 0.15625, half-width 4.302653 x 0.3952847 =
     * 1.7007728 */
    cx_running_cv r;
    cx_control cv;
    add_example(&r);
    cx_running_cv_estimate(&r, (double[]){0.5}, 0.95, &cv);
    ck_assert_double_eq_tol(cv.est.mean, 4, 1e-15);
    ck_assert_double_eq_tol(cv.est.ci_high - cv.est.mean, 1.7007728, TOL);
    ck_assert_double_eq_tol(cv.est.mean - cv.est.ci_low, 1.7007728, TOL);
}
END_TEST

/* Two controls. c1 = {-1,-1,0,0,1,1}, c2 = {1,-1,1,-1,1,-1} and e = 0.1 x
 * {1,1,-2,-2,1,1}, each orthogonal to 1 and the others; y = 5 + 2 c1 - 3 c2
 * + e: slopes (2, -3), RSS = sum e^2 = 0.12, s^2 = 0.12 / (6 - 3) = 0.04;
 * with the known means (0, 0) = cbar the variance is s^2 / 6, half-width
 * t_{0.975,3} sqrt(0.04 / 6) = 3.182446 x 0.0816497 = 0.2598466; syy =
 * 4 x 4 + 9 x 6 + 0.12 = 70.12, r2 = 70 / 70.12, factor 70.12 / 0.12. With
 * known means (0.5, 0): yhat = 5 - 2 (0 - 0.5) = 6, variance s^2 (1/6 +
 * 0.25 / 4), half-width 3.182446 x 0.0957427 = 0.3046960. */
START_TEST(test_two_controls)
{
    const double c1[] = {-1, -1, 0, 0, 1, 1}, c2[] = {1, -1, 1, -1, 1, -1};
    const double e[] = {0.1, 0.1, -0.2, -0.2, 0.1, 0.1};
    cx_running_cv r;
    cx_control cv;
    cx_running_cv_clear(&r, 2);
    for (int i = 0; i < 6; i++)
        cx_running_cv_add(&r, 5 + 2 * c1[i] - 3 * c2[i] + e[i], (double[]){c1[i], c2[i]});
    cx_running_cv_estimate(&r, (double[]){0, 0}, 0.95, &cv);
    ck_assert_uint_eq(cv.k, 2);
    ck_assert_double_eq_tol(cv.beta[0], 2, 1e-14);
    ck_assert_double_eq_tol(cv.beta[1], -3, 1e-14);
    ck_assert_double_eq_tol(cv.est.mean, 5, 1e-14);
    ck_assert_double_eq_tol(cv.est.sd, 0.2, 1e-12);
    ck_assert_double_eq_tol(cv.est.ci_high - cv.est.mean, 0.2598466, TOL);
    ck_assert_double_eq_tol(cv.factor, 70.12 / 0.12, 1e-8);
    cx_running_cv_estimate(&r, (double[]){0.5, 0}, 0.95, &cv);
    ck_assert_double_eq_tol(cv.est.mean, 6, 1e-14);
    ck_assert_double_eq_tol(cv.est.ci_high - cv.est.mean, 0.3046960, TOL);
}
END_TEST

/* A constant control is left out; of two collinear controls, the second:
 * both give the one-control example's figures. */
START_TEST(test_controls_left_out)
{
    const double c[] = {-1, -1, 1, 1}, e[] = {0.5, -0.5, -0.5, 0.5};
    cx_running_cv r, s;
    cx_control cv;
    cx_running_cv_clear(&r, 2);
    cx_running_cv_clear(&s, 2);
    for (int i = 0; i < 4; i++) {
        double y = 3 + 2 * c[i] + e[i];
        cx_running_cv_add(&r, y, (double[]){7, c[i]});
        cx_running_cv_add(&s, y, (double[]){c[i], -2 * c[i]});
    }
    cx_running_cv_estimate(&r, (double[]){7, 0}, 0.95, &cv);
    ck_assert_uint_eq(cv.k, 1);
    ck_assert(isnan(cv.beta[0]));
    ck_assert_double_eq_tol(cv.beta[1], 2, 1e-15);
    ck_assert_double_eq_tol(cv.factor, 17, 1e-12);
    cx_running_cv_estimate(&s, (double[]){0, 0}, 0.95, &cv);
    ck_assert_uint_eq(cv.k, 1);
    ck_assert_double_eq_tol(cv.beta[0], 2, 1e-15);
    ck_assert(isnan(cv.beta[1]));
    ck_assert_double_eq_tol(cv.est.ci_high - cv.est.mean, 1.5212175, TOL);
}
END_TEST

START_TEST(test_control_undefined)
{
    cx_running_cv r;
    cx_control cv;
    cx_running_cv_clear(&r, 1);
    cx_running_cv_add(&r, 1, (double[]){1});
    cx_running_cv_add(&r, 2, (double[]){2});
    cx_running_cv_estimate(&r, (double[]){0}, 0.95, &cv);  /* n = 2: no residual df */
    ck_assert(cv.est.n == 2 && isnan(cv.est.mean) && isnan(cv.beta[0]) && isnan(cv.factor));
    cx_running_cv_clear(&r, 1);
    for (int i = 0; i < 5; i++)
        cx_running_cv_add(&r, i, (double[]){7});           /* a constant control */
    cx_running_cv_estimate(&r, (double[]){7}, 0.95, &cv);
    ck_assert(cv.k == 0 && isnan(cv.est.mean) && isnan(cv.r2));
    cx_running_cv_clear(&r, 1);
    for (int i = 0; i < 5; i++)
        cx_running_cv_add(&r, 2, (double[]){i});           /* a constant response */
    cx_running_cv_estimate(&r, (double[]){2}, 0.95, &cv);
    ck_assert_double_eq(cv.est.mean, 2);                    /* slope 0, nothing to adjust */
    ck_assert_double_eq(cv.est.ci_low, 2);
    ck_assert(isnan(cv.r2) && isnan(cv.factor));
}
END_TEST

START_TEST(test_pair_factor)
{
    /* pairs (1,2), (3,2), (2,4): var(singles) = 16/15, pair means 1.5, 2.5,
     * 3 with var 7/12; factor (16/15) / (2 x 7/12) = 32/35 */
    const double x[] = {1, 2, 3, 2, 2, 4};
    cx_running s = {0}, p = {0};
    for (int k = 0; k < 3; k++) {
        cx_running_add(&s, x[2 * k]);
        cx_running_add(&s, x[2 * k + 1]);
        cx_running_add(&p, (x[2 * k] + x[2 * k + 1]) / 2);
    }
    ck_assert_double_eq_tol(cx_running_variance(&s), 16.0 / 15, 1e-15);
    ck_assert_double_eq_tol(cx_running_variance(&p), 7.0 / 12, 1e-15);
    ck_assert_double_eq_tol(cx_running_pair_factor(&s, &p), 32.0 / 35, 1e-14);
    /* pair means that do not vary: no factor */
    cx_running_clear(&p);
    cx_running_add(&p, 2);
    cx_running_add(&p, 2);
    ck_assert(isnan(cx_running_pair_factor(&s, &p)));
}
END_TEST

static Suite *running_suite(void)
{
    Suite *s = suite_create("running");
    TCase *w = tcase_create("welford"), *c = tcase_create("control");
    tcase_add_test(w, test_one_to_five);
    tcase_add_test(w, test_non_finite_and_small_n);
    tcase_add_test(w, test_agrees_with_two_pass);
    tcase_add_test(w, test_paired);
    tcase_add_test(w, test_pair_factor);
    tcase_add_test(c, test_control_known_mean_at_cbar);
    tcase_add_test(c, test_control_known_mean_elsewhere);
    tcase_add_test(c, test_two_controls);
    tcase_add_test(c, test_controls_left_out);
    tcase_add_test(c, test_control_undefined);
    suite_add_tcase(s, w);
    suite_add_tcase(s, c);
    return s;
}

int main(void)
{
    return cx_test_run(running_suite());
}
