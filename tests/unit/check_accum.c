/* check_accum.c - the running estimates of a batch (accum.h): the same
 * figures as the stored-replication estimators, whatever the batches,
 * antithetic pairs as units, the control variate and NPS inference with
 * values worked by hand. */
#include <math.h>
#include <string.h>

#include "cxsim/accum.h"
#include "cxsim/batch.h"
#include "cxsim/nps.h"
#include "cxsim/stats.h"
#include "model_fixture.h"
#include "test_util.h"

#define Z975 1.959963984540054

/* Two variants of a small model with friction and abandonment (the
 * alternative has less friction); trust starts at its mean (sd 0). */
static void models(cx_model **m, cx_model **alt)
{
    *m = cx_fixture_model(3, 300, 3);
    (*m)->segments[0].trust_sd = 0;
    (*m)->journeys[0].touchpoints[1].friction = 0.3;
    (*m)->journeys[0].touchpoints[1].abandon = 0.3;
    *alt = cx_model_copy(*m);
    (*alt)->journeys[0].touchpoints[1].friction = 0.1;
}

static cx_batch_result *run(size_t reps, uint32_t first, int antithetic)
{
    static const char *const names[] = {"baseline", "alt"};
    cx_model *m, *alt;
    models(&m, &alt);
    const cx_model *v[2] = {m, alt};
    cx_batch_opts o = {.reps = reps, .seed = 5, .first_rep = first, .threads = 2,
                       .antithetic = antithetic};
    cx_batch_result *b = NULL;
    ck_assert_int_eq(cx_batch_run(v, names, 2, &o, &b, NULL), CX_OK);
    cx_model_free(alt);
    cx_model_free(m);
    return b;
}

static void assert_close(const cx_estimate *a, const cx_estimate *b)
{
    ck_assert_uint_eq(a->n, b->n);
    if (b->n == 0)
        return;
    double scale = fabs(b->mean) + 1;
    ck_assert_double_eq_tol(a->mean, b->mean, 1e-12 * scale);
    if (b->n >= 2) {
        ck_assert_double_eq_tol(a->sd, b->sd, 1e-9 * (b->sd + 1e-300) + 1e-12 * scale);
        ck_assert_double_eq_tol(a->ci_low, b->ci_low, 1e-9 * scale);
        ck_assert_double_eq_tol(a->ci_high, b->ci_high, 1e-9 * scale);
    }
}

/* Without antithetic pairs every figure is cx_stats_estimate's and
 * cx_stats_paired's over the stored replications, to rounding. */
START_TEST(test_plain_matches_stored)
{
    cx_batch_result *b = run(8, 0, 0);
    cx_accum *a = cx_accum_new(b, 0);
    cx_estimate got, want;
    ck_assert_int_eq(cx_accum_add(a, b, NULL), CX_OK);
    ck_assert_uint_eq(cx_accum_reps(a), 8);
    for (size_t v = 0; v < 2; v++)
        for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
            cx_accum_estimate(a, v, m, 0.95, &got);
            cx_stats_estimate(cx_batch_horizon(b, v, 0) + m, CX_METRIC_COUNT, 8, 0.95, &want);
            assert_close(&got, &want);
            cx_accum_period(a, v, 2, m, 0.95, &got);
            cx_stats_estimate(cx_batch_period(b, v, 0, 2) + m, 3 * CX_METRIC_COUNT, 8, 0.95,
                              &want);
            assert_close(&got, &want);
        }
    for (size_t m = 0; m < CX_TP_METRIC_COUNT; m++) {
        cx_accum_touchpoint(a, 1, 1, m, 0.95, &got);
        cx_stats_estimate(cx_batch_touchpoint(b, 1, 0, 1) + m, 3 * CX_TP_METRIC_COUNT, 8, 0.95,
                          &want);
        assert_close(&got, &want);
    }
    cx_paired pg, pw;
    cx_accum_paired(a, 1, CX_M_COMPLETION_RATE, 0.95, &pg);
    cx_stats_paired(cx_batch_horizon(b, 1, 0) + CX_M_COMPLETION_RATE,
                    cx_batch_horizon(b, 0, 0) + CX_M_COMPLETION_RATE, CX_METRIC_COUNT, 8, 0.95,
                    &pw);
    assert_close(&pg.diff, &pw.diff);
    ck_assert_double_eq_tol(pg.variance_reduction, pw.variance_reduction,
                            1e-9 * pw.variance_reduction);
    ck_assert_double_eq_tol(cx_accum_half_width(a, 1, CX_M_COMPLETION_RATE, 1, 0.95),
                            pw.diff.ci_high - pw.diff.mean, 1e-9);
    cx_accum_free(a);
    cx_batch_result_free(b);
}
END_TEST

/* Segments (segments.csv from a run in stages): each segment's estimate
 * and its paired difference are cx_stats_estimate's and cx_stats_paired's
 * over the stored segment values, to rounding, NA metrics (those not
 * defined per segment) with n = 0; the shape names the segments. */
START_TEST(test_segments_match_stored)
{
    cx_batch_result *b = run(8, 0, 0);
    cx_accum *a = cx_accum_new(b, 0);
    cx_estimate got, want;
    cx_paired pg, pw;
    size_t ns = b->n_segments;
    ck_assert_int_eq(cx_accum_add(a, b, NULL), CX_OK);
    ck_assert_uint_ge(ns, 1);
    ck_assert_uint_eq(cx_accum_shape(a)->n_segments, ns);
    ck_assert_str_eq(cx_accum_shape(a)->segment_names[0], b->segment_names[0]);
    for (size_t s = 0; s < ns; s++)
        for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
            cx_accum_segment(a, 1, s, m, 0.95, &got);
            cx_stats_estimate(cx_batch_segment(b, 1, 0, s) + m, ns * CX_METRIC_COUNT, 8, 0.95,
                              &want);
            assert_close(&got, &want);
            if (!cx_metric_per_segment((cx_metric)m))
                ck_assert_uint_eq(got.n, 0);
            cx_accum_segment_paired(a, 1, s, m, 0.95, &pg);
            cx_stats_paired(cx_batch_segment(b, 1, 0, s) + m, cx_batch_segment(b, 0, 0, s) + m,
                            ns * CX_METRIC_COUNT, 8, 0.95, &pw);
            assert_close(&pg.diff, &pw.diff);
        }
    /* the alternative has less friction: completion rises among the
     * segment's customers, and the interval says so */
    cx_accum_segment_paired(a, 1, 0, CX_M_COMPLETION_RATE, 0.95, &pg);
    ck_assert(pg.diff.ci_low > 0);
    cx_accum_free(a);
    cx_batch_result_free(b);
}
END_TEST

/* Replications 0..2 then 3..7 give the same bytes as 0..7 at once: the
 * values reach each accumulator in the same order. */
START_TEST(test_batches_split_exactly)
{
    cx_batch_result *whole = run(8, 0, 0), *head = run(3, 0, 0), *tail = run(5, 3, 0);
    cx_accum *a = cx_accum_new(whole, 0), *s = cx_accum_new(head, 0);
    ck_assert_int_eq(cx_accum_add(a, whole, NULL), CX_OK);
    ck_assert_int_eq(cx_accum_add(s, head, NULL), CX_OK);
    ck_assert_int_eq(cx_accum_add(s, tail, NULL), CX_OK);
    for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
        cx_accum_variance x, y;
        cx_accum_variance_of(a, 1, m, 1, 0.95, &x);
        cx_accum_variance_of(s, 1, m, 1, 0.95, &y);
        ck_assert_int_eq(memcmp(&x, &y, sizeof x), 0);
        cx_estimate e, f;
        cx_accum_period(a, 0, 1, m, 0.95, &e);
        cx_accum_period(s, 0, 1, m, 0.95, &f);
        ck_assert_int_eq(memcmp(&e, &f, sizeof e), 0);
    }
    cx_accum_free(a);
    cx_accum_free(s);
    cx_batch_result_free(whole);
    cx_batch_result_free(head);
    cx_batch_result_free(tail);
}
END_TEST

/* With antithetic pairs the units are pair means: n counts pairs, the sd is
 * the pair means', and the factor var(single) / (2 var(pair mean)). */
START_TEST(test_antithetic_units)
{
    enum { REPS = 40, PAIRS = REPS / 2 };
    cx_batch_result *b = run(REPS, 0, 1);
    cx_accum *a = cx_accum_new(b, 1);
    double pm[PAIRS], single[REPS];
    cx_estimate want, got, s;
    ck_assert_int_eq(cx_accum_add(a, b, NULL), CX_OK);
    for (size_t r = 0; r < REPS; r++)
        single[r] = cx_batch_horizon(b, 0, r)[CX_M_LTR_MEAN];
    for (size_t k = 0; k < PAIRS; k++)
        pm[k] = (single[2 * k] + single[2 * k + 1]) / 2;
    cx_stats_estimate(pm, 1, PAIRS, 0.95, &want);
    cx_accum_estimate(a, 0, CX_M_LTR_MEAN, 0.95, &got);
    assert_close(&got, &want);
    cx_stats_estimate(single, 1, REPS, 0.95, &s);
    cx_accum_variance x;
    cx_accum_variance_of(a, 0, CX_M_LTR_MEAN, 0, 0.95, &x);
    ck_assert_double_eq_tol(x.antithetic_factor, s.sd * s.sd / (2 * want.sd * want.sd),
                            1e-9 * x.antithetic_factor);
    /* Most of mean LTR's variation between replications is the LTR noise
     * z = Pinv(u), which the partner sees as exactly -z: the pair mean
     * varies far less than one replication. With trust fixed (trust.sd 0)
     * the factor is about 4; 20 pairs estimate it within a factor of about
     * 2 (an F(39, 19) ratio), so 1.5 is a safe floor for the fixed seed. */
    ck_assert_double_gt(x.antithetic_factor, 1.5);
    /* an odd count cannot be split into pairs */
    cx_batch_result *odd = run(3, 0, 1);
    cx_error err;
    ck_assert_int_eq(cx_accum_add(a, odd, &err), CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "even"));
    ck_assert_uint_eq(cx_accum_reps(a), REPS);
    cx_batch_result_free(odd);
    cx_accum_free(a);
    cx_batch_result_free(b);
}
END_TEST

/* NPS inference from counts set by hand: variant 0's replications have
 * within variances 61 (50/20 of 100) and 69 (40/30 of 100); variant 1's 25
 * (200/200 of 400) and 3.6 (300/100 of 1000). */
START_TEST(test_nps_inference)
{
    static const double counts[2][2][3] = {
        {{100, 50, 20}, {100, 40, 30}}, {{400, 200, 200}, {1000, 300, 100}},
    };
    cx_batch_result *b = run(2, 0, 0);
    for (size_t v = 0; v < 2; v++)
        for (size_t r = 0; r < 2; r++) {
            double *x = (double *)cx_batch_extra(b, v, r);
            x[CX_X_RESPONDENTS] = counts[v][r][0];
            x[CX_X_PROMOTERS] = counts[v][r][1];
            x[CX_X_DETRACTORS] = counts[v][r][2];
        }
    cx_accum *a = cx_accum_new(b, 0);
    cx_accum_nps n;
    cx_estimate e;
    ck_assert_int_eq(cx_accum_add(a, b, NULL), CX_OK);
    cx_accum_nps_of(a, 0, 0, 0.95, &n);
    cx_accum_estimate(a, 0, CX_M_NPS, 0.95, &e);
    ck_assert_double_eq(n.respondents, 100);
    ck_assert_uint_eq(n.reps, 2);
    ck_assert_double_eq_tol(n.within_se, sqrt(65), 1e-12);     /* sqrt((61 + 69) / 2) */
    ck_assert_double_eq(n.across.mean, e.mean);
    ck_assert_double_eq_tol(n.within_ci_high - n.across.mean, Z975 * sqrt(65), 1e-9);
    /* the difference: (25 + 61) and (3.6 + 69) averaged, 79.3 */
    cx_accum_nps_of(a, 1, 1, 0.95, &n);
    ck_assert(isnan(n.respondents));
    ck_assert_double_eq_tol(n.within_se, sqrt(79.3), 1e-12);
    ck_assert_double_eq_tol(n.across.mean,
                            (cx_batch_horizon(b, 1, 0)[CX_M_NPS] - cx_batch_horizon(b, 0, 0)[CX_M_NPS] +
                             cx_batch_horizon(b, 1, 1)[CX_M_NPS] - cx_batch_horizon(b, 0, 1)[CX_M_NPS]) / 2,
                            1e-12);
    cx_accum_free(a);
    cx_batch_result_free(b);
}
END_TEST

/* The control variates over replications: responses 3 + 2 c + e with the
 * friction surprise c = {-1,-1,1,1} and e = {.5,-.5,-.5,.5} (check_running's
 * example), the LTR noise constant (left out): slope 2, adjusted mean 3 (the
 * control's known mean 0 is its sample mean), factor 17. */
START_TEST(test_control_variate)
{
    const double c[] = {-1, -1, 1, 1}, e[] = {0.5, -0.5, -0.5, 0.5};
    cx_batch_result *b = run(4, 0, 0);
    for (size_t r = 0; r < 4; r++) {
        double *x0 = (double *)cx_batch_extra(b, 0, r), *x1 = (double *)cx_batch_extra(b, 1, r);
        x0[CX_X_FRICTION_SURPRISE] = c[r];
        x0[CX_X_LTR_NOISE] = 1;
        ((double *)cx_batch_horizon(b, 0, r))[CX_M_REVENUE] = 3 + 2 * c[r] + e[r];
        /* variant 1 = variant 0 + 1 + c: the difference is 1 + c, its
         * friction control 2c - c = c, its LTR control 1 - 1 = 0 */
        x1[CX_X_FRICTION_SURPRISE] = 2 * c[r];
        x1[CX_X_LTR_NOISE] = 1;
        ((double *)cx_batch_horizon(b, 1, r))[CX_M_REVENUE] = 4 + 3 * c[r] + e[r];
    }
    cx_accum *a = cx_accum_new(b, 0);
    cx_accum_variance x;
    ck_assert_int_eq(cx_accum_add(a, b, NULL), CX_OK);
    cx_accum_variance_of(a, 0, CX_M_REVENUE, 0, 0.95, &x);
    ck_assert(isnan(x.antithetic_factor));
    ck_assert_double_eq_tol(x.est.mean, 3, 1e-15);
    ck_assert_uint_eq(x.control.k, 1);
    ck_assert_double_eq_tol(x.control.beta[0], 2, 1e-15);
    ck_assert(isnan(x.control.beta[1]));
    ck_assert_double_eq_tol(x.control.est.mean, 3, 1e-15);
    ck_assert_double_eq_tol(x.control.factor, 17, 1e-12);
    /* difference 1 + c, control difference c: slope 1, an exact fit, so the
     * factor is undefined (r2 = 1) and the interval has zero width */
    cx_accum_variance_of(a, 1, CX_M_REVENUE, 1, 0.95, &x);
    ck_assert_double_eq_tol(x.est.mean, 1, 1e-15);
    ck_assert_double_eq_tol(x.control.beta[0], 1, 1e-15);
    ck_assert_double_eq_tol(x.control.est.mean, 1, 1e-15);
    ck_assert_double_eq_tol(x.control.est.ci_high, 1, 1e-7);
    ck_assert(isnan(x.control.factor));
    cx_accum_free(a);
    cx_batch_result_free(b);
}
END_TEST

START_TEST(test_shape_mismatch)
{
    cx_batch_result *b = run(2, 0, 0);
    cx_accum *a = cx_accum_new(b, 0);
    cx_error err;
    b->horizon = 2;
    ck_assert_int_eq(cx_accum_add(a, b, &err), CX_ERR_USAGE);
    b->horizon = 3;
    snprintf(b->variant_names[1], CX_NAME_MAX, "other");
    ck_assert_int_eq(cx_accum_add(a, b, &err), CX_ERR_USAGE);
    ck_assert_uint_eq(cx_accum_reps(a), 0);
    cx_accum_free(a);
    cx_batch_result_free(b);
}
END_TEST

static Suite *accum_suite(void)
{
    Suite *s = suite_create("accum");
    TCase *tc = tcase_create("accum");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_plain_matches_stored);
    tcase_add_test(tc, test_segments_match_stored);
    tcase_add_test(tc, test_batches_split_exactly);
    tcase_add_test(tc, test_antithetic_units);
    tcase_add_test(tc, test_nps_inference);
    tcase_add_test(tc, test_control_variate);
    tcase_add_test(tc, test_shape_mismatch);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(accum_suite());
}
