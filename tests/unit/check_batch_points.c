/* check_batch_points.c - design points run in chunks as batch variants
 * (src/core/batch_points.c): the values are those of one batch of all the
 * points, whatever the chunk size and the thread count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cxsim/batch.h"
#include "model_fixture.h"
#include "test_util.h"

enum { POINTS = 7, REPS = 3 };

typedef struct sink {
    double values[POINTS][REPS * CX_METRIC_COUNT];
    size_t next;                /* points must arrive in order */
    size_t fail_set, fail_take; /* point to fail at, or POINTS */
    size_t progress_done, progress_total;
} sink;

static double friction_of(size_t p)
{
    return 0.05 * (double)p;
}

static cx_status set(void *ctx, size_t p, cx_model *m, cx_error *err)
{
    sink *s = ctx;
    if (p == s->fail_set)
        return cx_error_set(err, CX_ERR_USAGE, "point %zu refused", p);
    return cx_model_set(m, "journey.j.t1.friction", friction_of(p), err);
}

static cx_status take(void *ctx, size_t p, const double *v, size_t reps, cx_error *err)
{
    sink *s = ctx;
    ck_assert_uint_eq(p, s->next++);
    ck_assert_uint_eq(reps, REPS);
    if (p == s->fail_take)
        return cx_error_set(err, CX_ERR_IO, "point %zu not taken", p);
    memcpy(s->values[p], v, sizeof s->values[p]);
    return CX_OK;
}

static void progressed(void *ctx, size_t done, size_t total)
{
    sink *s = ctx;      /* called from workers: the test only reads it after */
    __atomic_fetch_add(&s->progress_done, 1, __ATOMIC_RELAXED);
    if (done == total)
        s->progress_total = total;
}

static cx_status run(const cx_model *m, size_t chunk, unsigned threads, sink *s,
                     cx_error *err)
{
    memset(s, 0, sizeof *s);
    s->fail_set = s->fail_take = POINTS;
    cx_batch_points pts = {m, CX_NO_VARIANT, POINTS, chunk, set, take, s};
    cx_batch_opts o = {.reps = REPS, .seed = 9, .threads = threads,
                       .progress = progressed, .progress_ctx = s};
    return cx_batch_run_points(&pts, &o, err);
}

START_TEST(test_chunks_and_threads_do_not_matter)
{
    cx_model *m = cx_fixture_model(3, 400, 3);
    m->journeys[0].touchpoints[1].abandon = 0.5;
    sink *ref = malloc(sizeof *ref), *s = malloc(sizeof *s);
    ck_assert_int_eq(run(m, POINTS, 1, ref, NULL), CX_OK);     /* one batch */
    ck_assert_uint_eq(ref->progress_done, POINTS * REPS);
    ck_assert_uint_eq(ref->progress_total, POINTS * REPS);
    const size_t chunks[] = {1, 2, 3, 0, 100};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++)
        for (unsigned t = 1; t <= 3; t++) {
            ck_assert_int_eq(run(m, chunks[c], t, s, NULL), CX_OK);
            ck_assert_int_eq(memcmp(ref->values, s->values, sizeof s->values), 0);
            ck_assert_uint_eq(s->progress_total, POINTS * REPS);
        }
    /* the points differ (friction moves completion), replication by
     * replication; roi, relative to a baseline, is not defined */
    for (size_t r = 0; r < REPS; r++) {
        ck_assert(isnan(ref->values[3][r * CX_METRIC_COUNT + CX_M_ROI]));
        ck_assert_double_gt(ref->values[0][r * CX_METRIC_COUNT + CX_M_COMPLETION_RATE],
                            ref->values[6][r * CX_METRIC_COUNT + CX_M_COMPLETION_RATE]);
    }
    free(ref);
    free(s);
    cx_model_free(m);
}
END_TEST

/* The same values as a plain batch whose variants are the points (but
 * roi, which the plain batch computes against its first variant). */
START_TEST(test_same_as_one_batch)
{
    cx_model *m = cx_fixture_model(3, 400, 3), *v[POINTS];
    const char *names[POINTS];
    sink *s = malloc(sizeof *s);
    ck_assert_int_eq(run(m, 2, 2, s, NULL), CX_OK);
    for (size_t p = 0; p < POINTS; p++) {
        v[p] = cx_model_copy(m);
        ck_assert_int_eq(cx_model_set(v[p], "journey.j.t1.friction", friction_of(p), NULL),
                         CX_OK);
        names[p] = "p";
    }
    cx_batch_opts o = {.reps = REPS, .seed = 9, .threads = 2};
    cx_batch_result *b = NULL;
    ck_assert_int_eq(cx_batch_run((const cx_model *const *)v, names, POINTS, &o, &b, NULL),
                     CX_OK);
    for (size_t p = 0; p < POINTS; p++) {
        const double *x = cx_batch_horizon(b, p, 0);
        for (size_t i = 0; i < REPS * CX_METRIC_COUNT; i++)     /* roi apart */
            if (i % CX_METRIC_COUNT != CX_M_ROI)
                ck_assert(memcmp(&s->values[p][i], &x[i], sizeof x[i]) == 0);
        cx_model_free(v[p]);
    }
    cx_batch_result_free(b);
    free(s);
    cx_model_free(m);
}
END_TEST

START_TEST(test_failures_stop_the_run)
{
    cx_model *m = cx_fixture_model(2, 100, 2);
    sink *s = malloc(sizeof *s);
    cx_error err;
    memset(s, 0, sizeof *s);
    s->fail_set = 4;
    s->fail_take = POINTS;
    cx_batch_points pts = {m, CX_NO_VARIANT, POINTS, 3, set, take, s};
    cx_batch_opts o = {.reps = REPS, .seed = 1, .threads = 2};
    ck_assert_int_eq(cx_batch_run_points(&pts, &o, &err), CX_ERR_USAGE);
    ck_assert_str_eq(err.msg, "point 4 refused");
    ck_assert_uint_eq(s->next, 3);      /* the first chunk was handed over */
    memset(s, 0, sizeof *s);
    s->fail_set = POINTS;
    s->fail_take = 1;
    ck_assert_int_eq(cx_batch_run_points(&pts, &o, &err), CX_ERR_IO);
    ck_assert_uint_eq(s->next, 2);
    free(s);
    cx_model_free(m);
}
END_TEST

/* The automatic chunk bounds the engines' memory. */
START_TEST(test_automatic_chunk)
{
    cx_model *m = cx_fixture_model(2, 1000, 2);
    ck_assert_uint_eq(cx_batch_points_chunk(m, 2), 64);
    m->population = 50000000;
    ck_assert_uint_eq(cx_batch_points_chunk(m, 2), 1);
    m->population = 1000000;
    size_t c = cx_batch_points_chunk(m, 2);
    ck_assert_uint_ge(c, 1);
    ck_assert_uint_le(c * 2 * 2 * (size_t)m->population * cx_engine_bytes_per_customer(),
                      (size_t)256 << 20);
    cx_model_free(m);
}
END_TEST

int main(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("batch_points");
    TCase *tc = tcase_create("points");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_chunks_and_threads_do_not_matter);
    tcase_add_test(tc, test_same_as_one_batch);
    tcase_add_test(tc, test_failures_stop_the_run);
    tcase_add_test(tc, test_automatic_chunk);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
