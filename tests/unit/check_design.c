/* check_design.c - grids, quasi-random designs and Saltelli's matrices
 * (src/stats/design.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_qrng.h>

#include "cxsim/design.h"
#include "test_util.h"

START_TEST(test_names)
{
    cx_design_kind k;
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(cx_design_from_name(cx_design_name((cx_design_kind)i), &k), 0);
        ck_assert_int_eq(k, i);
    }
    ck_assert_int_eq(cx_design_from_name("latin", &k), -1);
    ck_assert_int_eq(cx_design_from_name(NULL, &k), -1);
    ck_assert_uint_eq(cx_design_max_dim(CX_DESIGN_SOBOL), 40);
    ck_assert_uint_eq(cx_design_max_dim(CX_DESIGN_HALTON), 1229);
    ck_assert_uint_eq(cx_design_max_dim(CX_DESIGN_GRID), SIZE_MAX);
}
END_TEST

/* 3 x 2 x 4 = 24 points; the first parameter varies slowest, ends exact. */
START_TEST(test_grid)
{
    const size_t steps[3] = {3, 2, 4};
    const double lo[3] = {0.1, 0, -1}, hi[3] = {0.4, 10, 1};
    size_t n = 0;
    double x[3];
    cx_error err;
    ck_assert_int_eq(cx_design_grid_size(3, steps, 1000, &n, NULL), CX_OK);
    ck_assert_uint_eq(n, 24);
    cx_design_grid_point(3, lo, hi, steps, 0, x);
    ck_assert(x[0] == 0.1 && x[1] == 0 && x[2] == -1);
    cx_design_grid_point(3, lo, hi, steps, 1, x);       /* the last moves first */
    ck_assert(x[0] == 0.1 && x[1] == 0);
    ck_assert_double_eq_tol(x[2], -1.0 / 3, 1e-15);
    cx_design_grid_point(3, lo, hi, steps, 8, x);       /* 8 = (1 * 2 + 0) * 4 + 0 */
    ck_assert_double_eq_tol(x[0], 0.25, 1e-15);
    ck_assert(x[1] == 0 && x[2] == -1);
    cx_design_grid_point(3, lo, hi, steps, 23, x);
    ck_assert(x[0] == 0.4 && x[1] == 10 && x[2] == 1);  /* hi exactly */
    ck_assert_int_eq(cx_design_grid_size(3, steps, 23, &n, &err), CX_ERR_USAGE);
    const size_t huge[2] = {SIZE_MAX / 2, 3}, one[1] = {1};
    ck_assert_int_eq(cx_design_grid_size(2, huge, SIZE_MAX, &n, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_design_grid_size(1, one, 100, &n, &err), CX_ERR_USAGE);
}
END_TEST

/* Quasi-random points lie in their ranges, are GSL's sequence scaled, and
 * the sizes the sequences do not support are refused. */
START_TEST(test_qrng)
{
    enum { N = 500, K = 3 };
    const double lo[K] = {0.1, -5, 100}, hi[K] = {0.4, 5, 101};
    double *x = malloc(N * K * sizeof *x), u[K];
    cx_error err;
    for (int kind = CX_DESIGN_SOBOL; kind <= CX_DESIGN_HALTON; kind++) {
        ck_assert_int_eq(cx_design_qrng((cx_design_kind)kind, K, N, lo, hi, x, NULL), CX_OK);
        gsl_qrng *q = gsl_qrng_alloc(kind == CX_DESIGN_SOBOL ? gsl_qrng_sobol
                                     : gsl_qrng_halton, K);
        for (size_t p = 0; p < N; p++) {
            gsl_qrng_get(q, u);
            for (size_t j = 0; j < K; j++) {
                ck_assert(x[p * K + j] > lo[j] && x[p * K + j] < hi[j]);
                ck_assert_double_eq_tol(x[p * K + j], lo[j] + u[j] * (hi[j] - lo[j]), 1e-12);
            }
        }
        gsl_qrng_free(q);
    }
    cx_design_qrng(CX_DESIGN_SOBOL, K, 1, lo, hi, x, NULL);   /* (1/2, ..., 1/2) */
    ck_assert_double_eq_tol(x[0], 0.25, 1e-15);
    ck_assert_double_eq_tol(x[1], 0, 1e-15);
    double lo41[41] = {0}, hi41[41];
    for (int j = 0; j < 41; j++)
        hi41[j] = 1;
    ck_assert_int_eq(cx_design_qrng(CX_DESIGN_SOBOL, 41, 1, lo41, hi41, x, &err),
                     CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "at most 40"));
    ck_assert_int_eq(cx_design_qrng(CX_DESIGN_GRID, 2, 1, lo, hi, x, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_design_qrng(CX_DESIGN_SOBOL, 0, 1, lo, hi, x, &err), CX_ERR_USAGE);
    free(x);
}
END_TEST

/* A is the first k coordinates of the 2k-dimensional sequence, B the last
 * k; A_B^(i) takes column i from B. k = 21 is beyond Sobol' (42 > 40) but
 * within Halton. */
START_TEST(test_saltelli)
{
    enum { N = 64, K = 2 };
    const double lo[K] = {0, 10}, hi[K] = {1, 20};
    double a[N * K], b[N * K], u[2 * K], row[K];
    cx_error err;
    ck_assert_int_eq(cx_design_saltelli(CX_DESIGN_SOBOL, K, N, lo, hi, a, b, NULL), CX_OK);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 2 * K);
    for (size_t j = 0; j < N; j++) {
        gsl_qrng_get(q, u);
        for (size_t i = 0; i < K; i++) {
            ck_assert_double_eq_tol(a[j * K + i], lo[i] + u[i] * (hi[i] - lo[i]), 1e-12);
            ck_assert_double_eq_tol(b[j * K + i], lo[i] + u[K + i] * (hi[i] - lo[i]), 1e-12);
        }
    }
    gsl_qrng_free(q);
    cx_design_saltelli_row(K, &a[6], &b[6], 1, row);
    ck_assert(row[0] == a[6] && row[1] == b[7]);
    double l21[21] = {0}, h21[21], *a21 = malloc(21 * 4 * sizeof *a21);
    double *b21 = malloc(21 * 4 * sizeof *b21);
    for (int j = 0; j < 21; j++)
        h21[j] = 1;
    ck_assert_int_eq(cx_design_saltelli(CX_DESIGN_SOBOL, 21, 4, l21, h21, a21, b21, &err),
                     CX_ERR_USAGE);
    ck_assert_int_eq(cx_design_saltelli(CX_DESIGN_HALTON, 21, 4, l21, h21, a21, b21, NULL),
                     CX_OK);
    free(a21);
    free(b21);
}
END_TEST

int main(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("design");
    TCase *tc = tcase_create("design");
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_grid);
    tcase_add_test(tc, test_qrng);
    tcase_add_test(tc, test_saltelli);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
