/* check_sobol.c - Sobol' indices (src/stats/sobol.c) on functions
 * whose indices are known in closed form, through Saltelli's design
 * (src/stats/design.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "cxsim/design.h"
#include "cxsim/sobol.h"
#include "test_util.h"

typedef double (*model_fn)(const double *x);

/* Outputs of f over Saltelli's scheme with n rows and k parameters on
 * [lo, hi]^k: y_a[n], y_b[n], y_ab[k n] (caller frees the three). */
static void saltelli_outputs(model_fn f, size_t k, size_t n, double lo, double hi,
                             double **ya, double **yb, double **yab)
{
    double *a = malloc(n * k * sizeof *a), *b = malloc(n * k * sizeof *b);
    double l[8], h[8], row[8];
    for (size_t i = 0; i < k; i++) {
        l[i] = lo;
        h[i] = hi;
    }
    *ya = malloc(n * sizeof **ya);
    *yb = malloc(n * sizeof **yb);
    *yab = malloc(k * n * sizeof **yab);
    ck_assert_int_eq(cx_design_saltelli(CX_DESIGN_SOBOL, k, n, l, h, a, b, NULL), CX_OK);
    for (size_t j = 0; j < n; j++) {
        (*ya)[j] = f(&a[j * k]);
        (*yb)[j] = f(&b[j * k]);
        for (size_t i = 0; i < k; i++) {
            cx_design_saltelli_row(k, &a[j * k], &b[j * k], i, row);
            (*yab)[i * n + j] = f(row);
        }
    }
    free(a);
    free(b);
}

/* Ishigami and Homma (1990) with a = 7, b = 0.1 on [-pi, pi]^3. */
#define ISH_A 7.0
#define ISH_B 0.1
static double ishigami(const double *x)
{
    double s = sin(x[1]);
    return sin(x[0]) + ISH_A * s * s + ISH_B * pow(x[2], 4) * sin(x[0]);
}

/* Its indices in closed form (e.g. Saltelli et al. 2010, section 4; Sobol'
 * and Levitan 1999): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2,
 * V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0, V13 = 8 b^2 pi^8 / 225,
 * all other partial variances 0. */
static void ishigami_exact(double s[3], double st[3])
{
    double p4 = pow(M_PI, 4), p8 = pow(M_PI, 8);
    double v = ISH_A * ISH_A / 8 + ISH_B * p4 / 5 + ISH_B * ISH_B * p8 / 18 + 0.5;
    double v1 = 0.5 * pow(1 + ISH_B * p4 / 5, 2), v2 = ISH_A * ISH_A / 8;
    double v13 = 8 * ISH_B * ISH_B * p8 / 225;
    s[0] = v1 / v;
    s[1] = v2 / v;
    s[2] = 0;
    st[0] = (v1 + v13) / v;
    st[1] = v2 / v;
    st[2] = v13 / v;
}

START_TEST(test_ishigami_closed_form)
{
    /* the values quoted in the literature for a = 7, b = 0.1 */
    double s[3], st[3];
    ishigami_exact(s, st);
    ck_assert_double_eq_tol(s[0], 0.3139, 1e-4);
    ck_assert_double_eq_tol(s[1], 0.4424, 1e-4);
    ck_assert_double_eq_tol(st[0], 0.5576, 1e-4);
    ck_assert_double_eq_tol(st[2], 0.2437, 1e-4);
}
END_TEST

/* Saltelli's estimators on 2^13 Sobol' rows (5 x 8192 evaluations). The
 * design is deterministic, so the estimates are too: their errors here
 * are under 0.0005 (measured: 0.0003, 0.0003, 0.0004 for S_1..S_3 and
 * 0.0001, 0.0002, 0.0002 for S_T1..S_T3; at 2^10 rows they are up to
 * 0.025, at 2^16 under 0.0003). The tolerance 0.005 leaves ten times that
 * for other libm's sin and pow, while a wrong estimator (S_i with f_A in
 * place of f_B, a total index without its 1/2) misses by 0.1 or more. The
 * bootstrap intervals treat the quasi-random rows as random ones, which
 * overstates their error: they must contain the exact values. */
START_TEST(test_ishigami_estimates)
{
    enum { N = 8192, K = 3 };
    double *ya, *yb, *yab, s[3], st[3];
    cx_sobol_index idx[K];
    size_t used = 0;
    cx_sobol_opts o = {.bootstrap = 200, .level = 0.95, .seed = 1};
    saltelli_outputs(ishigami, K, N, -M_PI, M_PI, &ya, &yb, &yab);
    ck_assert_int_eq(cx_sobol_indices(ya, yb, yab, N, K, &o, idx, &used, NULL), CX_OK);
    ck_assert_uint_eq(used, N);
    ishigami_exact(s, st);
    for (int i = 0; i < K; i++) {
        ck_assert_double_eq_tol(idx[i].first, s[i], 0.005);
        ck_assert_double_eq_tol(idx[i].total, st[i], 0.005);
        ck_assert_double_le(idx[i].first_low, s[i]);
        ck_assert_double_ge(idx[i].first_high, s[i]);
        ck_assert_double_le(idx[i].total_low, st[i]);
        ck_assert_double_ge(idx[i].total_high, st[i]);
    }
    free(ya);
    free(yb);
    free(yab);
}
END_TEST

/* f = x0 + 2 x1 + 3 x2 + 0 x3 on [0,1]^4: additive, so S_i = S_Ti =
 * c_i^2 / sum c^2 = 1/14, 4/14, 9/14 and 0. */
static double linear(const double *x)
{
    return x[0] + 2 * x[1] + 3 * x[2] + 0 * x[3];
}

/* Additive model: the estimates are close, and x3, which does not enter f,
 * gets exactly 0, interval included (f_AB^(3) = f_A bit for bit, so both
 * numerators are sums of zeros). */
START_TEST(test_linear_and_dummy)
{
    enum { N = 4096, K = 4 };
    double *ya, *yb, *yab;
    cx_sobol_index idx[K];
    cx_sobol_opts o = {.bootstrap = 100, .level = 0.9, .seed = 3};
    const double exact[K] = {1.0 / 14, 4.0 / 14, 9.0 / 14, 0};
    saltelli_outputs(linear, K, N, 0, 1, &ya, &yb, &yab);
    ck_assert_int_eq(cx_sobol_indices(ya, yb, yab, N, K, &o, idx, NULL, NULL), CX_OK);
    for (int i = 0; i < 3; i++) {
        ck_assert_double_eq_tol(idx[i].first, exact[i], 0.01);
        ck_assert_double_eq_tol(idx[i].total, exact[i], 0.01);
    }
    ck_assert(idx[3].first == 0 && idx[3].total == 0);
    ck_assert(idx[3].first_low == 0 && idx[3].first_high == 0);
    ck_assert(idx[3].total_low == 0 && idx[3].total_high == 0);
    free(ya);
    free(yb);
    free(yab);
}
END_TEST

static double linear_shifted(const double *x)
{
    return linear(x) + 1e4;
}

/* Indices of f and f + c are the same: the variance, the differences and
 * (f_B - f0) do not see c. Uncentred, Saltelli's S_i would add
 * c mean(f_AB - f_A) / V, zero only in expectation, its sampling error
 * multiplied by c = 1e4. */
START_TEST(test_shift_invariance)
{
    enum { N = 4096, K = 4 };
    double *ya, *yb, *yab, *za, *zb, *zab;
    cx_sobol_index x[K], y[K];
    cx_sobol_opts o = {.bootstrap = 0, .level = 0.95, .seed = 1};
    saltelli_outputs(linear, K, N, 0, 1, &ya, &yb, &yab);
    saltelli_outputs(linear_shifted, K, N, 0, 1, &za, &zb, &zab);
    ck_assert_int_eq(cx_sobol_indices(ya, yb, yab, N, K, &o, x, NULL, NULL), CX_OK);
    ck_assert_int_eq(cx_sobol_indices(za, zb, zab, N, K, &o, y, NULL, NULL), CX_OK);
    for (int i = 0; i < K; i++) {
        ck_assert_double_eq_tol(x[i].first, y[i].first, 1e-9);
        ck_assert_double_eq_tol(x[i].total, y[i].total, 1e-9);
    }
    free(ya);
    free(yb);
    free(yab);
    free(za);
    free(zb);
    free(zab);
}
END_TEST

/* The bootstrap is a function of the seed: same seed, same intervals. */
START_TEST(test_bootstrap_reproducible)
{
    enum { N = 256, K = 3 };
    double *ya, *yb, *yab;
    cx_sobol_index x[K], y[K], z[K];
    cx_sobol_opts o = {.bootstrap = 300, .level = 0.95, .seed = 11};
    saltelli_outputs(ishigami, K, N, -M_PI, M_PI, &ya, &yb, &yab);
    ck_assert_int_eq(cx_sobol_indices(ya, yb, yab, N, K, &o, x, NULL, NULL), CX_OK);
    ck_assert_int_eq(cx_sobol_indices(ya, yb, yab, N, K, &o, y, NULL, NULL), CX_OK);
    o.seed = 12;
    ck_assert_int_eq(cx_sobol_indices(ya, yb, yab, N, K, &o, z, NULL, NULL), CX_OK);
    ck_assert_int_eq(memcmp(x, y, sizeof x), 0);
    ck_assert(x[0].first == z[0].first);            /* estimates need no generator */
    ck_assert(x[0].first_low != z[0].first_low || x[0].total_high != z[0].total_high);
    ck_assert_double_lt(x[0].first_low, x[0].first);
    ck_assert_double_gt(x[0].first_high, x[0].first);
    free(ya);
    free(yb);
    free(yab);
}
END_TEST

/* Rows with an undefined output are left out; a constant output has no
 * indices (0/0); bad arguments are usage errors. */
START_TEST(test_undefined_cases)
{
    double ya[4] = {1, 2, NAN, 4}, yb[4] = {2, 1, 3, 3}, yab[4] = {1, 1, 3, 4};
    double c[4] = {5, 5, 5, 5};
    cx_sobol_index idx[1];
    size_t used = 0;
    cx_sobol_opts o = {.bootstrap = 0, .level = 0.95, .seed = 1};
    cx_error err;
    ck_assert_int_eq(cx_sobol_indices(ya, yb, yab, 4, 1, &o, idx, &used, NULL), CX_OK);
    ck_assert_uint_eq(used, 3);
    ck_assert(isfinite(idx[0].first) && isnan(idx[0].first_low));   /* no bootstrap asked */
    ck_assert_int_eq(cx_sobol_indices(c, c, c, 4, 1, &o, idx, &used, NULL), CX_OK);
    ck_assert(isnan(idx[0].first) && isnan(idx[0].total));
    ck_assert_int_eq(cx_sobol_indices(ya, yb, yab, 4, 0, &o, idx, NULL, &err),
                     CX_ERR_USAGE);
    o.level = 1;
    ck_assert_int_eq(cx_sobol_indices(ya, yb, yab, 4, 1, &o, idx, NULL, &err),
                     CX_ERR_USAGE);
}
END_TEST

int main(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("sensitivity");
    TCase *tc = tcase_create("sobol");
    tcase_add_test(tc, test_ishigami_closed_form);
    tcase_add_test(tc, test_ishigami_estimates);
    tcase_add_test(tc, test_linear_and_dummy);
    tcase_add_test(tc, test_shift_invariance);
    tcase_add_test(tc, test_bootstrap_reproducible);
    tcase_add_test(tc, test_undefined_cases);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
