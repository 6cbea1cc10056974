/* check_sequential.c - replications in stages until a precision (or a cap)
 * is reached (sequential.h): it stops at the first stage whose interval is
 * narrow enough, the cap holds, the stages continue one long batch's
 * random numbers, and nothing depends on the thread count. */
#include <math.h>
#include <string.h>

#include "cxsim/run.h"
#include "cxsim/sequential.h"
#include "cxsim/stats.h"
#include "model_fixture.h"
#include "test_util.h"

static cx_model *base, *alt;
static const char *const names[] = {"baseline", "alt"};

/* A small model (200 customers, 2 periods) and a variant with less
 * friction, so a run takes milliseconds. */
static void setup(void)
{
    base = cx_fixture_model(3, 200, 2);
    base->journeys[0].touchpoints[1].friction = 0.3;
    base->journeys[0].touchpoints[1].abandon = 0.3;
    alt = cx_model_copy(base);
    alt->journeys[0].touchpoints[1].friction = 0.1;
}

static void teardown(void)
{
    cx_model_free(alt);
    cx_model_free(base);
}

static cx_sequential_opts opts(cx_sequential_rule rule, double precision, size_t cap,
                               unsigned threads)
{
    return (cx_sequential_opts){
        .batch = {.seed = 11, .threads = threads}, .rule = rule, .metric = CX_M_NPS,
        .precision = precision, .max_reps = cap,
    };
}

/* The watched half-width of a plain batch of n: the larger of the two
 * variants' (MEANS) or the paired difference's (PAIRED). */
static double batch_worst(size_t n, cx_sequential_rule rule)
{
    const cx_model *m[2] = {base, alt};
    cx_batch_opts o = {.reps = n, .seed = 11, .threads = 2};
    cx_batch_result *b;
    cx_estimate e;
    cx_paired p;
    double worst = 0;
    ck_assert_int_eq(cx_batch_run(m, names, 2, &o, &b, NULL), CX_OK);
    if (rule == CX_SEQUENTIAL_PAIRED) {
        cx_stats_paired(cx_batch_horizon(b, 1, 0) + CX_M_NPS, cx_batch_horizon(b, 0, 0) + CX_M_NPS,
                        CX_METRIC_COUNT, n, 0.95, &p);
        worst = p.diff.ci_high - p.diff.mean;
    }
    for (size_t v = 0; rule == CX_SEQUENTIAL_MEANS && v < 2; v++) {
        cx_stats_estimate(cx_batch_horizon(b, v, 0) + CX_M_NPS, CX_METRIC_COUNT, n, 0.95, &e);
        worst = fmax(worst, e.ci_high - e.mean);
    }
    cx_batch_result_free(b);
    return worst;
}

static cx_sequential_result run(const cx_sequential_opts *o)
{
    const cx_model *m[2] = {base, alt};
    cx_sequential_result r;
    ck_assert_int_eq(cx_run_stages(m, names, 2, o, &r, NULL), CX_OK);
    ck_assert_ptr_nonnull(r.accum);
    return r;
}

/* "The adaptive mode stops at the requested precision": it stops at the
 * first stage where every variant's nps half-width is below 1.4 (with
 * this seed: 1.53 after 30 replications, 1.32 after 40), and the interval
 * it reports is that of a plain run of the same replications. */
START_TEST(test_stops_at_precision)
{
    cx_sequential_opts o = opts(CX_SEQUENTIAL_MEANS, 1.4, 1000, 2);
    cx_sequential_result r = run(&o);
    ck_assert(r.reached);
    ck_assert_uint_eq(r.reps % CX_SEQUENTIAL_STAGE, 0);
    ck_assert_uint_gt(r.reps, CX_SEQUENTIAL_MIN_UNITS);     /* not at the first check */
    ck_assert_uint_eq(r.stages, r.reps / CX_SEQUENTIAL_STAGE);
    ck_assert_double_lt(r.half_width, 1.4);
    ck_assert_double_eq_tol(r.half_width, batch_worst(r.reps, CX_SEQUENTIAL_MEANS), 1e-9);
    ck_assert_double_ge(batch_worst(r.reps - CX_SEQUENTIAL_STAGE, CX_SEQUENTIAL_MEANS), 1.4);
    ck_assert_uint_eq(cx_accum_reps(r.accum), r.reps);
    cx_accum_free(r.accum);
}
END_TEST

/* Paired differences from variant 0 (what quickwins and compare watch):
 * 0.79 after 20 replications, 0.67 after 30 for this seed. */
START_TEST(test_paired_rule)
{
    cx_sequential_opts o = opts(CX_SEQUENTIAL_PAIRED, 0.7, 1000, 2);
    cx_sequential_result r = run(&o);
    ck_assert(r.reached);
    ck_assert_double_lt(r.half_width, 0.7);
    ck_assert_double_eq_tol(r.half_width, batch_worst(r.reps, CX_SEQUENTIAL_PAIRED), 1e-9);
    ck_assert_double_ge(batch_worst(r.reps - CX_SEQUENTIAL_STAGE, CX_SEQUENTIAL_PAIRED), 0.7);
    cx_accum_free(r.accum);
}
END_TEST

/* A precision out of reach: the cap holds (stages 10, 10, 4), and the
 * run says so. */
START_TEST(test_cap)
{
    cx_sequential_opts o = opts(CX_SEQUENTIAL_MEANS, 0.01, 24, 2);
    cx_sequential_result r = run(&o);
    ck_assert(!r.reached);
    ck_assert_uint_eq(r.reps, 24);
    ck_assert_uint_eq(r.stages, 3);
    ck_assert_double_gt(r.half_width, 0.01);
    ck_assert_double_eq_tol(r.half_width, batch_worst(24, CX_SEQUENTIAL_MEANS), 1e-9);
    cx_accum_free(r.accum);
}
END_TEST

/* A cap below the minimum before the first check: judged at the cap. */
START_TEST(test_small_cap_judged)
{
    cx_sequential_opts o = opts(CX_SEQUENTIAL_MEANS, 1000, 4, 1);
    cx_sequential_result r = run(&o);
    ck_assert(r.reached);
    ck_assert_uint_eq(r.reps, 4);
    cx_accum_free(r.accum);
}
END_TEST

/* Same run on 1 and 3 threads: the same bytes in every estimate. */
START_TEST(test_thread_count_invariance)
{
    cx_sequential_opts o1 = opts(CX_SEQUENTIAL_MEANS, 1.4, 1000, 1);
    cx_sequential_opts o3 = opts(CX_SEQUENTIAL_MEANS, 1.4, 1000, 3);
    cx_sequential_result a = run(&o1), b = run(&o3);
    ck_assert_uint_eq(a.reps, b.reps);
    ck_assert_int_eq(memcmp(&a.half_width, &b.half_width, sizeof a.half_width), 0);
    for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
        cx_accum_variance x, y;
        cx_accum_variance_of(a.accum, 1, m, 1, 0.95, &x);
        cx_accum_variance_of(b.accum, 1, m, 1, 0.95, &y);
        ck_assert_int_eq(memcmp(&x, &y, sizeof x), 0);
        cx_estimate e, f;
        cx_accum_period(a.accum, 0, 1, m, 0.95, &e);
        cx_accum_period(b.accum, 0, 1, m, 0.95, &f);
        ck_assert_int_eq(memcmp(&e, &f, sizeof e), 0);
    }
    cx_accum_free(a.accum);
    cx_accum_free(b.accum);
}
END_TEST

/* What on_stage sees, by replication of the run. */
typedef struct seen {
    double nps[2][64];
    size_t calls, last_first;
    int fail_at;
} seen;

static cx_status collect(void *ctx, const cx_batch_result *stage, size_t first, cx_error *err)
{
    seen *s = ctx;
    if (++s->calls == (size_t)s->fail_at)
        return cx_error_set(err, CX_ERR_IO, "disk full");
    s->last_first = first;
    for (size_t v = 0; v < 2; v++)
        for (size_t r = 0; r < stage->reps; r++)
            s->nps[v][first + r] = cx_batch_horizon(stage, v, r)[CX_M_NPS];
    return CX_OK;
}

/* Stages of 10, 10 and 5 continue the random numbers of one batch of 25. */
START_TEST(test_stages_continue_one_batch)
{
    const cx_model *m[2] = {base, alt};
    seen s = {.fail_at = -1};
    cx_sequential_opts o = opts(CX_SEQUENTIAL_FIXED, 0, 25, 2);
    o.on_stage = collect;
    o.ctx = &s;
    cx_sequential_result r = run(&o);
    ck_assert(r.reached && isnan(r.half_width));
    ck_assert_uint_eq(r.reps, 25);
    ck_assert_uint_eq(s.calls, 3);
    ck_assert_uint_eq(s.last_first, 20);
    cx_batch_opts bo = {.reps = 25, .seed = 11, .threads = 2};
    cx_batch_result *b;
    ck_assert_int_eq(cx_batch_run(m, names, 2, &bo, &b, NULL), CX_OK);
    for (size_t v = 0; v < 2; v++)
        for (size_t i = 0; i < 25; i++)
            ck_assert_double_eq(s.nps[v][i], cx_batch_horizon(b, v, i)[CX_M_NPS]);
    cx_batch_result_free(b);
    cx_accum_free(r.accum);
}
END_TEST

/* A failing on_stage stops the run with its status; nothing is left. */
START_TEST(test_stage_failure)
{
    const cx_model *m[2] = {base, alt};
    seen s = {.fail_at = 2};
    cx_sequential_opts o = opts(CX_SEQUENTIAL_FIXED, 0, 40, 2);
    cx_sequential_result r;
    cx_error err;
    o.on_stage = collect;
    o.ctx = &s;
    ck_assert_int_eq(cx_run_stages(m, names, 2, &o, &r, &err), CX_ERR_IO);
    ck_assert_str_eq(err.msg, "disk full");
    ck_assert_ptr_null(r.accum);
    ck_assert_uint_eq(s.calls, 2);
}
END_TEST

/* Antithetic pairs: a cap of 9 becomes 10; even replications are the
 * plain ones, odd ones their mirror images; units are pairs, so the
 * precision is first judged after 10 pairs (20 replications). */
START_TEST(test_antithetic)
{
    seen s = {.fail_at = -1};
    cx_sequential_opts o = opts(CX_SEQUENTIAL_FIXED, 0, 9, 2);
    o.batch.antithetic = 1;
    o.on_stage = collect;
    o.ctx = &s;
    cx_sequential_result r = run(&o);
    ck_assert_uint_eq(r.reps, 10);
    ck_assert(cx_accum_antithetic(r.accum));
    cx_estimate e;
    cx_accum_estimate(r.accum, 0, CX_M_NPS, 0.95, &e);
    ck_assert_uint_eq(e.n, 5);
    cx_accum_free(r.accum);

    const cx_model *m[2] = {base, alt};
    cx_batch_opts bo = {.reps = 2, .seed = 11, .threads = 1};
    cx_batch_result *b;
    ck_assert_int_eq(cx_batch_run(m, names, 2, &bo, &b, NULL), CX_OK);
    ck_assert_double_eq(s.nps[0][0], cx_batch_horizon(b, 0, 0)[CX_M_NPS]);
    ck_assert_double_ne(s.nps[0][1], cx_batch_horizon(b, 0, 1)[CX_M_NPS]);
    cx_batch_result_free(b);

    o = opts(CX_SEQUENTIAL_MEANS, 1000, 100, 2);
    o.batch.antithetic = 1;
    r = run(&o);
    ck_assert(r.reached);
    ck_assert_uint_eq(r.reps, 2 * CX_SEQUENTIAL_MIN_UNITS);
    cx_accum_free(r.accum);
}
END_TEST

START_TEST(test_bad_options)
{
    const cx_model *m[2] = {base, alt};
    cx_sequential_result r;
    cx_error err;
    cx_sequential_opts o = opts(CX_SEQUENTIAL_MEANS, 1, 1, 1);
    ck_assert_int_eq(cx_run_stages(m, names, 2, &o, &r, &err), CX_ERR_USAGE);
    o = opts(CX_SEQUENTIAL_MEANS, 0, 10, 1);
    ck_assert_int_eq(cx_run_stages(m, names, 2, &o, &r, &err), CX_ERR_USAGE);
    o = opts(CX_SEQUENTIAL_MEANS, 1, 10, 1);
    o.metric = CX_METRIC_COUNT;
    ck_assert_int_eq(cx_run_stages(m, names, 2, &o, &r, &err), CX_ERR_USAGE);
    o = opts(CX_SEQUENTIAL_PAIRED, 1, 10, 1);
    ck_assert_int_eq(cx_run_stages(m, names, 1, &o, &r, &err), CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "two variants"));
    o = opts(CX_SEQUENTIAL_FIXED, 0, 10, 1);
    o.batch.antithetic = 1;
    o.batch.first_rep = 3;
    ck_assert_int_eq(cx_run_stages(m, names, 2, &o, &r, &err), CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "even"));
    ck_assert_ptr_null(r.accum);
}
END_TEST

/* A metric NA in every replication of every watched variant (roi: the
 * alternative costs nothing more than the baseline) can never reach a
 * precision: an error at the first check, not a run to the cap. */
START_TEST(test_metric_never_defined)
{
    const cx_model *m[2] = {base, alt};
    cx_sequential_result r;
    cx_error err;
    cx_sequential_opts o = opts(CX_SEQUENTIAL_PAIRED, 1, 1000, 2);
    o.metric = CX_M_ROI;
    ck_assert_int_eq(cx_run_stages(m, names, 2, &o, &r, &err), CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "roi is NA in every replication"));
    ck_assert_ptr_null(r.accum);
}
END_TEST

/* Stages: 10 until 100 are done, then a tenth of those done rounded up to
 * a multiple of 10, at most 100, cut at the cap. */
START_TEST(test_stage_sizes)
{
    ck_assert_uint_eq(cx_sequential_stage_size(0, 1000), 10);
    ck_assert_uint_eq(cx_sequential_stage_size(90, 1000), 10);
    ck_assert_uint_eq(cx_sequential_stage_size(100, 1000), 10);
    ck_assert_uint_eq(cx_sequential_stage_size(110, 1000), 20);
    ck_assert_uint_eq(cx_sequential_stage_size(250, 1000), 30);
    ck_assert_uint_eq(cx_sequential_stage_size(990, 100000), 100);
    ck_assert_uint_eq(cx_sequential_stage_size(5000, 100000), 100);
    ck_assert_uint_eq(cx_sequential_stage_size(995, 1000), 5);
    ck_assert_uint_eq(cx_sequential_stage_size(1000, 1000), 0);
    ck_assert_uint_eq(cx_sequential_stage_size(0, 4), 4);
}
END_TEST

static size_t last_done, last_total;
static void progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    ck_assert_uint_le(done, total);
    __atomic_store_n(&last_total, total, __ATOMIC_RELAXED);
    if (done > __atomic_load_n(&last_done, __ATOMIC_RELAXED))
        __atomic_store_n(&last_done, done, __ATOMIC_RELAXED);
}

/* Progress counts replications of the whole run against the cap. */
START_TEST(test_progress)
{
    cx_sequential_opts o = opts(CX_SEQUENTIAL_FIXED, 0, 25, 1);
    o.batch.progress = progress;
    cx_sequential_result r = run(&o);
    ck_assert_uint_eq(last_done, 50);
    ck_assert_uint_eq(last_total, 50);
    cx_accum_free(r.accum);
}
END_TEST

static Suite *sequential_suite(void)
{
    Suite *s = suite_create("sequential");
    TCase *tc = tcase_create("sequential");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_stops_at_precision);
    tcase_add_test(tc, test_paired_rule);
    tcase_add_test(tc, test_cap);
    tcase_add_test(tc, test_small_cap_judged);
    tcase_add_test(tc, test_thread_count_invariance);
    tcase_add_test(tc, test_stages_continue_one_batch);
    tcase_add_test(tc, test_stage_failure);
    tcase_add_test(tc, test_antithetic);
    tcase_add_test(tc, test_bad_options);
    tcase_add_test(tc, test_stage_sizes);
    tcase_add_test(tc, test_metric_never_defined);
    tcase_add_test(tc, test_progress);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(sequential_suite());
}
