/* check_uncertainty.c - the estimators of a two-level Monte Carlo
 * (src/stats/uncertainty.c, src/stats/decision.c) against closed forms. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cxsim/uncertainty.h"
#include "test_util.h"

/* Every coordinate of a design of n points holds one point per stratum
 * [i/n, (i+1)/n): true of the first 2^m points of a Sobol' coordinate (a
 * (0, m, 1)-net; GSL starts after the origin, and the point it skips and
 * the one it adds share the first stratum), kept by a digital shift, which
 * permutes the strata; and of a Latin hypercube by construction. */
static void check_strata(const double *u, size_t k, size_t n)
{
    for (size_t j = 0; j < k; j++) {
        int *hit = calloc(n, sizeof *hit);
        for (size_t p = 0; p < n; p++) {
            double v = u[p * k + j];
            ck_assert(v > 0 && v < 1);
            hit[(size_t)(v * (double)n)]++;
        }
        for (size_t i = 0; i < n; i++)
            ck_assert_int_eq(hit[i], 1);
        free(hit);
    }
}

START_TEST(test_design)
{
    size_t n = 64;
    double *a = malloc(n * 41 * sizeof *a), *b = malloc(n * 41 * sizeof *b);
    int latin = -1;
    ck_assert_int_eq(cx_uncertainty_design(3, n, 7, a, &latin, NULL), CX_OK);
    ck_assert_int_eq(latin, 0);
    check_strata(a, 3, n);
    ck_assert_int_eq(cx_uncertainty_design(3, n, 7, b, NULL, NULL), CX_OK);
    ck_assert(memcmp(a, b, n * 3 * sizeof *a) == 0);        /* same seed, same design */
    ck_assert_int_eq(cx_uncertainty_design(3, n, 8, b, NULL, NULL), CX_OK);
    ck_assert(memcmp(a, b, n * 3 * sizeof *a) != 0);        /* another seed, another shift */
    ck_assert_int_eq(cx_uncertainty_design(41, n, 7, a, &latin, NULL), CX_OK);
    ck_assert_int_eq(latin, 1);
    check_strata(a, 41, n);
    ck_assert_int_eq(cx_uncertainty_design(0, n, 7, a, NULL, NULL), CX_ERR_USAGE);
    free(a);
    free(b);
}
END_TEST

START_TEST(test_summary_split)
{
    double x[101], work[101], within[100];
    cx_uncertainty_summary s;
    for (int i = 0; i < 100; i++)
        x[i] = i + 1 - 10;      /* -9 .. 90 */
    x[100] = NAN;               /* skipped */
    cx_uncertainty_summarise(x, 1, 101, work, &s);
    ck_assert_uint_eq(s.n, 100);
    ck_assert_double_eq_tol(s.mean, 40.5, 1e-12);
    /* type 7: x_(1 + 0.05 * 99) = -9 + 4.95 */
    ck_assert_double_eq_tol(s.p05, -4.05, 1e-12);
    ck_assert_double_eq_tol(s.p50, 40.5, 1e-12);
    ck_assert_double_eq_tol(s.p95, 85.05, 1e-12);
    ck_assert_double_eq_tol(s.prob_positive, 0.9, 1e-15);
    ck_assert_double_eq_tol(s.prob_negative, 0.09, 1e-15);
    ck_assert_double_eq_tol(s.sd, sqrt(100 * 101 / 12.0), 1e-9);    /* (n^2 - 1) / 12 * n/(n-1) */
    /* draw means of variance 841.67 (above), within variance 400, R = 4:
     * noise 100, input 741.67 */
    for (int i = 0; i < 100; i++)
        within[i] = 400;
    cx_uncertainty_split sp;
    cx_uncertainty_split_variance(x, within, 1, 100, 4, 1, &sp);
    ck_assert_double_eq_tol(sp.total, 100 * 101 / 12.0, 1e-9);
    ck_assert_double_eq_tol(sp.noise, 100, 1e-12);
    ck_assert_double_eq_tol(sp.input, 100 * 101 / 12.0 - 100, 1e-9);
    ck_assert_int_eq(sp.trusted, 1);
    cx_uncertainty_split_variance(x, within, 1, 100, 1, 1, &sp);     /* R = 1: no split */
    ck_assert_int_eq(sp.trusted, 0);
    cx_uncertainty_split_variance(x, within, 1, 100, 4, 0, &sp);     /* nothing uncertain */
    ck_assert_double_eq(sp.input, 0);
    ck_assert_double_eq_tol(sp.noise, sp.total, 1e-12);
}
END_TEST

/* Option 1's net value theta - 1/2 against a baseline of 0, theta on the
 * midpoints of 1000 strata of U(0, 1): P(best) = 1/2, expected loss of the
 * baseline E[max(0, theta - 1/2)] = 1/8, of option 1 also 1/8; EVPI =
 * 1/8 - max(0, 0) = 1/8 (exact on the midpoint grid up to 1/(8 n^2)). */
START_TEST(test_decide)
{
    size_t n = 1000;
    double *net = malloc(2 * n * sizeof *net), *eff = malloc(2 * n * sizeof *eff);
    cx_uncertainty_choice c[2];
    for (size_t d = 0; d < n; d++) {
        net[2 * d] = 0, net[2 * d + 1] = ((double)d + 0.5) / (double)n - 0.5;
        eff[2 * d] = 0, eff[2 * d + 1] = 1;
    }
    double evpi = cx_uncertainty_decide(net, n, 2, c);
    ck_assert_double_eq_tol(evpi, 0.125, 1e-6);
    ck_assert_double_eq_tol(c[1].prob_best, 0.5, 1e-12);
    ck_assert_double_eq_tol(c[0].expected_loss, 0.125, 1e-6);
    ck_assert_double_eq_tol(c[1].expected_loss, 0.125, 1e-6);
    /* with a price p per unit of effect option 1 wins when theta > 1/2 - p */
    double prices[3] = {0, 0.25, 1}, curve[6];
    cx_uncertainty_acceptability(net, eff, n, 2, prices, 3, curve);
    ck_assert_double_eq_tol(curve[1], 0.5, 1e-12);
    ck_assert_double_eq_tol(curve[3], 0.75, 1e-12);
    ck_assert_double_eq_tol(curve[5], 1, 1e-12);
    ck_assert_double_eq_tol(curve[4], 0, 1e-12);
    free(net);
    free(eff);
}
END_TEST

/* EVPPI: with net value theta1 - 1/2 plus inner noise (sd 0.1), the EVPPI
 * of theta1, the only input that matters, is the EVPI of the noiseless
 * problem, 1/8; that of theta2, which the decision does not depend on, is
 * 0. Bands: 512 draws, the regression's error at a draw is about
 * 0.1 / sqrt(512 h) for a bandwidth h near 0.1, which moves the mean of
 * the maxima by well under 0.01. */
START_TEST(test_evppi)
{
    size_t n = 512;
    double *u = malloc(2 * n * sizeof *u), *net = malloc(2 * n * sizeof *net);
    double *x1 = malloc(n * sizeof *x1), *x2 = malloc(n * sizeof *x2);
    double *work = malloc(3 * n * sizeof *work);
    size_t *iwork = malloc(n * sizeof *iwork);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 3);
    ck_assert_int_eq(cx_uncertainty_design(2, n, 11, u, NULL, NULL), CX_OK);
    for (size_t d = 0; d < n; d++) {
        x1[d] = u[2 * d], x2[d] = u[2 * d + 1];
        net[2 * d] = 0;
        net[2 * d + 1] = x1[d] - 0.5 + gsl_ran_gaussian(r, 0.1);
    }
    double e1 = cx_uncertainty_evppi(x1, net, n, 2, work, iwork);
    double e2 = cx_uncertainty_evppi(x2, net, n, 2, work, iwork);
    ck_assert_msg(fabs(e1 - 0.125) < 0.01, "EVPPI(theta1) = %g, want 0.125", e1);
    ck_assert_msg(e2 >= 0 && e2 < 0.01, "EVPPI(theta2) = %g, want 0", e2);
    ck_assert(isnan(cx_uncertainty_evppi(x1, net, 7, 2, work, iwork)));
    gsl_rng_free(r);
    free(u), free(net), free(x1), free(x2), free(work), free(iwork);
}
END_TEST

int main(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("uncertainty");
    TCase *tc = tcase_create("uncertainty");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_design);
    tcase_add_test(tc, test_summary_split);
    tcase_add_test(tc, test_decide);
    tcase_add_test(tc, test_evppi);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
