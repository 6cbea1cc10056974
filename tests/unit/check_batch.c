/* check_batch.c - replications on threads: the same bytes for any thread
 * count, results stored by unit index, errors reported. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cxsim/batch.h"
#include "model_fixture.h"
#include "test_util.h"

static cx_batch_result *batch(const cx_model *const *v, size_t nv, unsigned threads)
{
    static const char *const names[] = {"baseline", "alt"};
    cx_batch_opts o = {.reps = 7, .seed = 42, .threads = threads};
    cx_batch_result *b = NULL;
    ck_assert_int_eq(cx_batch_run(v, names, nv, &o, &b, NULL), CX_OK);
    return b;
}

static void assert_same(const cx_batch_result *a, const cx_batch_result *b)
{
    size_t units = a->n_variants * a->reps;
    ck_assert_int_eq(memcmp(a->horizon_values, b->horizon_values,
                            units * CX_METRIC_COUNT * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(a->period_values, b->period_values,
                            units * a->horizon * CX_METRIC_COUNT * sizeof(double)), 0);
}

START_TEST(test_thread_count_invariance)
{
    cx_model *m = cx_fixture_model(4, 2000, 4), *alt;
    m->journeys[0].touchpoints[1].friction = 0.3;
    m->journeys[0].touchpoints[1].abandon = 0.4;
    alt = cx_model_copy(m);
    alt->journeys[0].touchpoints[1].friction = 0.1;
    const cx_model *v[2] = {m, alt};
    cx_batch_result *one = batch(v, 2, 1), *two = batch(v, 2, 2), *five = batch(v, 2, 5);
    assert_same(one, two);
    assert_same(one, five);
    ck_assert_str_eq(one->variant_names[1], "alt");
    /* less friction, more completed journeys, in every replication (CRN) */
    for (size_t r = 0; r < one->reps; r++)
        ck_assert_double_gt(cx_batch_horizon(one, 1, r)[CX_M_COMPLETION_RATE],
                            cx_batch_horizon(one, 0, r)[CX_M_COMPLETION_RATE]);
    cx_batch_result_free(one);
    cx_batch_result_free(two);
    cx_batch_result_free(five);
    cx_model_free(alt);
    cx_model_free(m);
}
END_TEST

/* Replication r of a batch is the engine's replication r: a batch of 3
 * is the first 3 of a batch of 7. */
START_TEST(test_replications_are_prefixes)
{
    cx_model *m = cx_fixture_model(2, 500, 2);
    const cx_model *v[1] = {m};
    const char *names[1] = {"b"};
    cx_batch_opts o = {.reps = 3, .seed = 42, .threads = 2};
    cx_batch_result *small, *big = batch(v, 1, 2);
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &small, NULL), CX_OK);
    ck_assert_int_eq(memcmp(small->horizon_values, big->horizon_values,
                            3 * CX_METRIC_COUNT * sizeof(double)), 0);
    cx_batch_result_free(small);
    cx_batch_result_free(big);
    cx_model_free(m);
}
END_TEST

/* Stopping: the flag set before the start stops everything; set after k
 * units (one thread, so none is in flight) keeps the whole replications,
 * which equal a batch of that size; first_rep continues one. */
static volatile sig_atomic_t stop_flag;
static size_t stop_after;

static void stop_at(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    (void)total;
    if (done >= stop_after)
        stop_flag = 1;
}

START_TEST(test_stop_and_continue)
{
    cx_model *m = cx_fixture_model(3, 400, 2), *alt;
    alt = cx_model_copy(m);
    alt->journeys[0].touchpoints[0].friction = 0.05;
    const cx_model *v[2] = {m, alt};
    const char *names[2] = {"a", "b"};
    cx_batch_result *b = (cx_batch_result *)1, *rest, *joined, *whole = batch(v, 2, 1);
    cx_error err;
    cx_batch_opts o = {.reps = whole->reps, .seed = 42, .threads = 1, .stop = &stop_flag};
    stop_flag = 1;
    ck_assert_int_eq(cx_batch_run(v, names, 2, &o, &b, &err), CX_ERR_STOPPED);
    ck_assert_ptr_null(b);
    stop_flag = 0;
    stop_after = 5;             /* 5 units of 2 variants: replications 0 and 1 */
    o.progress = stop_at;
    ck_assert_int_eq(cx_batch_run(v, names, 2, &o, &b, &err), CX_ERR_STOPPED);
    ck_assert_ptr_nonnull(strstr(err.msg, "stopped after 2 of"));
    ck_assert_uint_eq(b->reps, 2);
    ck_assert_uint_eq(b->reps_requested, whole->reps);
    for (size_t var = 0; var < 2; var++)
        ck_assert_int_eq(memcmp(cx_batch_horizon(b, var, 0), cx_batch_horizon(whole, var, 0),
                                2 * CX_METRIC_COUNT * sizeof(double)), 0);
    stop_flag = 0;
    o.progress = NULL;
    o.first_rep = 2;
    o.reps = whole->reps - 2;
    ck_assert_int_eq(cx_batch_run(v, names, 2, &o, &rest, &err), CX_OK);
    ck_assert_int_eq(cx_batch_result_append(b, rest, &joined, &err), CX_OK);
    ck_assert_uint_eq(joined->reps, whole->reps);
    assert_same(joined, whole);
    cx_batch_result_free(b);
    cx_batch_result_free(rest);
    cx_batch_result_free(joined);
    cx_batch_result_free(whole);
    cx_model_free(alt);
    cx_model_free(m);
}
END_TEST

START_TEST(test_bad_options)
{
    cx_model *m = cx_fixture_model(2, 10, 2), *other = cx_fixture_model(2, 10, 3);
    const cx_model *v[2] = {m, other};
    const char *names[2] = {"a", "b"};
    cx_batch_opts o = {.reps = 0, .seed = 1, .threads = 1};
    cx_batch_result *b = (cx_batch_result *)1;
    cx_error err;
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &b, &err), CX_ERR_USAGE);
    ck_assert_ptr_null(b);
    o.reps = 2;
    ck_assert_int_eq(cx_batch_run(v, names, 2, &o, &b, &err), CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "horizon"));
    cx_model_free(m);
    cx_model_free(other);
}
END_TEST

/* Antithetic pairs (batch.h, engine.h): replication 2k is the plain one,
 * 2k + 1 its mirror image whatever batch it runs in, and the per-replication
 * extras hold the NPS counts and a friction surprise near 0. */
START_TEST(test_antithetic_pairs)
{
    cx_model *m = cx_fixture_model(3, 400, 2);
    m->journeys[0].touchpoints[1].friction = 0.3;
    const cx_model *v[1] = {m};
    const char *names[1] = {"b"};
    cx_batch_opts o = {.reps = 4, .seed = 3, .threads = 2};
    cx_batch_result *plain, *anti, *odd;
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &plain, NULL), CX_OK);
    o.antithetic = 1;
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &anti, NULL), CX_OK);
    o.reps = 1;
    o.first_rep = 3;
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &odd, NULL), CX_OK);
    ck_assert(anti->antithetic && !plain->antithetic);
    for (size_t r = 0; r < 4; r += 2)
        ck_assert_int_eq(memcmp(cx_batch_horizon(plain, 0, r), cx_batch_horizon(anti, 0, r),
                                CX_METRIC_COUNT * sizeof(double)), 0);
    ck_assert_int_ne(memcmp(cx_batch_horizon(plain, 0, 1), cx_batch_horizon(anti, 0, 1),
                            CX_METRIC_COUNT * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(cx_batch_horizon(odd, 0, 0), cx_batch_horizon(anti, 0, 3),
                            CX_METRIC_COUNT * sizeof(double)), 0);
    const double *x = cx_batch_extra(anti, 0, 1), *h = cx_batch_horizon(anti, 0, 1);
    ck_assert_double_eq_tol(x[CX_X_PROMOTERS] / x[CX_X_RESPONDENTS], h[CX_M_PROMOTER_SHARE], 1e-15);
    ck_assert_double_eq_tol(x[CX_X_DETRACTORS] / x[CX_X_RESPONDENTS], h[CX_M_DETRACTOR_SHARE],
                            1e-15);
    /* at most 800 visits with p = 0.3: the surprise has sd below
     * sqrt(800 x 0.21) = 13; 5 sd is 65 */
    ck_assert_double_lt(fabs(x[CX_X_FRICTION_SURPRISE]), 65);
    cx_batch_result_free(plain);
    cx_batch_result_free(anti);
    cx_batch_result_free(odd);
    cx_model_free(m);
}
END_TEST

/* With one segment, the segment's metrics are the portfolio's, bit for
 * bit (the same customers summed in the same order); the metrics of the
 * whole portfolio alone are NaN. */
START_TEST(test_one_segment_is_the_portfolio)
{
    cx_model *m = cx_fixture_model(3, 800, 3);
    m->journeys[0].touchpoints[1].friction = 0.3;
    m->inflow = 0.02;
    const cx_model *v[1] = {m};
    cx_batch_result *b = batch(v, 1, 2);
    ck_assert_uint_eq(b->n_segments, 1);
    ck_assert_str_eq(b->segment_names[0], "all");
    for (size_t r = 0; r < b->reps; r++) {
        const double *h = cx_batch_horizon(b, 0, r), *s = cx_batch_segment(b, 0, r, 0);
        for (int k = 0; k < CX_METRIC_COUNT; k++) {
            if (!cx_metric_per_segment((cx_metric)k))
                ck_assert_msg(isnan(s[k]), "%s", cx_metric_name((cx_metric)k));
            else if (isnan(h[k]))
                ck_assert(isnan(s[k]));
            else
                ck_assert_msg(s[k] == h[k], "%s: %.17g vs %.17g", cx_metric_name((cx_metric)k),
                              s[k], h[k]);
        }
    }
    cx_batch_result_free(b);
    cx_model_free(m);
}
END_TEST

/* Joining two batches of the same seed gives the batch of both variants. */
START_TEST(test_join)
{
    cx_model *m = cx_fixture_model(3, 600, 3), *alt;
    m->journeys[0].touchpoints[1].friction = 0.3;
    alt = cx_model_copy(m);
    alt->journeys[0].touchpoints[1].friction = 0.1;
    const cx_model *both[2] = {m, alt}, *first[1] = {m}, *second[1] = {alt};
    cx_batch_result *whole = batch(both, 2, 2), *a = batch(first, 1, 1), *b, *j;
    const char *alt_name[1] = {"alt"};
    cx_batch_opts o = {.reps = 7, .seed = 42, .threads = 3};
    ck_assert_int_eq(cx_batch_run(second, alt_name, 1, &o, &b, NULL), CX_OK);
    /* alone in its batch, alt has no ROI; joined after the baseline it has */
    const cx_batch_result *parts[2] = {a, b};
    ck_assert_int_eq(cx_batch_result_join(parts, 2, &j, NULL), CX_OK);
    assert_same(whole, j);
    ck_assert_str_eq(j->variant_names[1], "alt");
    size_t units = 14;
    ck_assert_int_eq(memcmp(whole->segment_values, j->segment_values,
                            units * CX_METRIC_COUNT * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(whole->touchpoint_values, j->touchpoint_values,
                            units * 3 * CX_TP_METRIC_COUNT * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(whole->extra_values, j->extra_values,
                            units * CX_BATCH_EXTRA_COUNT * sizeof(double)), 0);
    cx_batch_result_free(j);
    /* antithetic and plain batches do not join */
    cx_batch_result *anti;
    o.antithetic = 1;
    ck_assert_int_eq(cx_batch_run(second, alt_name, 1, &o, &anti, NULL), CX_OK);
    o.antithetic = 0;
    parts[1] = anti;
    ck_assert_int_eq(cx_batch_result_join(parts, 2, &j, NULL), CX_ERR_USAGE);
    cx_batch_result_free(anti);
    /* different replications do not join */
    o.reps = 3;
    cx_batch_result *c;
    cx_error err;
    ck_assert_int_eq(cx_batch_run(second, alt_name, 1, &o, &c, NULL), CX_OK);
    parts[1] = c;
    ck_assert_int_eq(cx_batch_result_join(parts, 2, &j, &err), CX_ERR_USAGE);
    ck_assert_ptr_null(j);
    cx_batch_result_free(c);
    cx_batch_result_free(whole);
    cx_batch_result_free(a);
    cx_batch_result_free(b);
    cx_model_free(alt);
    cx_model_free(m);
}
END_TEST

static size_t calls;
static void count(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    ck_assert_uint_le(done, total);
    __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
}

START_TEST(test_progress)
{
    cx_model *m = cx_fixture_model(2, 100, 2);
    const cx_model *v[1] = {m};
    const char *names[1] = {"b"};
    cx_batch_opts o = {.reps = 9, .seed = 1, .threads = 3, .progress = count};
    cx_batch_result *b;
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &b, NULL), CX_OK);
    ck_assert_uint_eq(calls, 9);
    cx_batch_result_free(b);
    cx_model_free(m);
}
END_TEST

/* One replication of a population of several customer blocks: idle
 * threads help with its blocks, and the bytes do not change. */
START_TEST(test_blocks_across_threads)
{
    cx_model *m = cx_fixture_model(4, 3 * CX_ENGINE_BLOCK_CUSTOMERS + 100, 2);
    m->journeys[0].touchpoints[2].friction = 0.2;
    m->journeys[0].touchpoints[2].rec_attempt = 0.5;
    const cx_model *v[1] = {m};
    const char *names[1] = {"b"};
    cx_batch_result *r[3];
    for (unsigned t = 1; t <= 3; t++) {
        cx_batch_opts o = {.reps = 1, .seed = 9, .threads = t};
        ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &r[t - 1], NULL), CX_OK);
        ck_assert_uint_gt(r[t - 1]->rng_blocks, 0);
    }
    assert_same(r[0], r[1]);
    assert_same(r[0], r[2]);
    ck_assert_int_eq(memcmp(r[0]->touchpoint_values, r[2]->touchpoint_values,
                            4 * CX_TP_METRIC_COUNT * sizeof(double)), 0);
    ck_assert_uint_eq(r[0]->rng_blocks, r[2]->rng_blocks);
    for (int k = 0; k < 3; k++)
        cx_batch_result_free(r[k]);
    cx_model_free(m);
}
END_TEST

/* A batch that cannot fit one replication is refused before anything is
 * allocated, with the estimate in the message. */
START_TEST(test_memory_refused)
{
    cx_model *m = cx_fixture_model(2, 1000000, 2);
    const cx_model *v[1] = {m};
    const char *names[1] = {"b"};
    cx_batch_opts o = {.reps = 2, .seed = 1, .threads = 2, .memory_limit = 5e6};
    cx_batch_result *b = (cx_batch_result *)1;
    cx_error err;
    /* 1 M customers at 18 bytes and more: well over 5 MB */
    ck_assert_double_gt(cx_batch_memory_estimate(v, 1, &o), 2 * 18e6);
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &b, &err), CX_ERR_NOMEM);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(err.msg, "not enough memory"));
    ck_assert_ptr_nonnull(strstr(err.msg, "1000000 customers"));
    ck_assert_ptr_nonnull(strstr(err.msg, "5.0 MB"));
    ck_assert_double_gt(cx_batch_memory_available(), 0);
    cx_model_free(m);
}
END_TEST

/* Memory for one replication but not two: the batch runs them one at a
 * time, both threads on each, and the result is the same. */
START_TEST(test_memory_one_at_a_time)
{
    cx_model *m = cx_fixture_model(3, 2 * CX_ENGINE_BLOCK_CUSTOMERS, 2);
    const cx_model *v[1] = {m};
    const char *names[1] = {"b"};
    cx_batch_opts o = {.reps = 3, .seed = 4, .threads = 2};
    cx_batch_result *free_run, *tight;
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &free_run, NULL), CX_OK);
    o.memory_limit = cx_batch_memory_estimate(v, 1, &o) - 0.5 * cx_engine_replication_bytes(m, 2);
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &tight, NULL), CX_OK);
    assert_same(free_run, tight);
    cx_batch_result_free(free_run);
    cx_batch_result_free(tight);
    cx_model_free(m);
}
END_TEST

static Suite *batch_suite(void)
{
    Suite *s = suite_create("batch");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_thread_count_invariance);
    tcase_add_test(tc, test_replications_are_prefixes);
    tcase_add_test(tc, test_stop_and_continue);
    tcase_add_test(tc, test_bad_options);
    tcase_add_test(tc, test_progress);
    tcase_add_test(tc, test_antithetic_pairs);
    tcase_add_test(tc, test_one_segment_is_the_portfolio);
    tcase_add_test(tc, test_join);
    tcase_add_test(tc, test_blocks_across_threads);
    tcase_add_test(tc, test_memory_refused);
    tcase_add_test(tc, test_memory_one_at_a_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    return cx_test_run(batch_suite());
}
