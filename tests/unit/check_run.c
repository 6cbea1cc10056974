/* check_run.c - the run layer (src/run, cxsim/run.h): a run of variants
 * gives the estimates of its own stored replications (cx_estimates_*), a
 * resumed run the bytes of one uninterrupted run, a run in stages the
 * same replications as a plain one; the resume key and the refusals. */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/estimates.h"
#include "cxsim/run.h"
#include "model_fixture.h"
#include "test_util.h"

static cx_model *m;

/* 200 customers, 2 periods, two variants without interventions:
 * "baseline" and "other" (the same model, so the same numbers). */
static void setup(void)
{
    m = cx_fixture_model(3, 200, 2);
    m->reps = 4;
    m->journeys[0].touchpoints[1].friction = 0.3;
    m->journeys[0].touchpoints[1].abandon = 0.3;
    ck_assert_int_eq(cx_model_add_variant(m, "baseline", 0, NULL, 0, NULL), CX_OK);
    ck_assert_int_eq(cx_model_add_variant(m, "other", 0, NULL, 0, NULL), CX_OK);
}

static void teardown(void)
{
    cx_model_free(m);
}

/* A plain run: every variant (baseline first), the scenario's reps, and
 * estimates that are exactly cx_stats_* over the stored replications. */
START_TEST(test_plain_run)
{
    cx_run r;
    cx_run_opts o = {.seed = 7, .threads = 2};
    ck_assert_int_eq(cx_run_variants(m, &o, NULL, &r, NULL), CX_OK);
    ck_assert_uint_eq(r.n_variants, 2);
    ck_assert_str_eq(r.names[0], "baseline");
    ck_assert_uint_eq(cx_run_reps(&r), 4);
    ck_assert(!r.staged && r.result && r.accum);
    cx_estimate e, direct;
    cx_paired p, pd;
    cx_run_estimate(&r, 1, CX_M_NPS, &e);
    cx_stats_estimate(cx_batch_horizon(r.result, 1, 0) + CX_M_NPS, CX_METRIC_COUNT, 4, 0.95,
                      &direct);
    ck_assert(e.mean == direct.mean && e.ci_low == direct.ci_low && e.n == 4);
    cx_run_paired(&r, 1, CX_M_NPS, &p);
    cx_stats_paired(cx_batch_horizon(r.result, 1, 0) + CX_M_NPS,
                    cx_batch_horizon(r.result, 0, 0) + CX_M_NPS, CX_METRIC_COUNT, 4, 0.95, &pd);
    ck_assert(p.diff.mean == pd.diff.mean && p.diff.ci_high == pd.diff.ci_high);
    /* the same two variants: identical random numbers, so a zero difference */
    ck_assert(p.diff.mean == 0);
    cx_run_release(&r);
}
END_TEST

/* The accumulator's running estimates agree with the stored replications'
 * (two rules, one number, up to rounding). */
START_TEST(test_estimates_two_sources)
{
    cx_run r;
    cx_run_opts o = {.reps = 6, .seed = 3, .threads = 1};
    ck_assert_int_eq(cx_run_variants(m, &o, NULL, &r, NULL), CX_OK);
    for (size_t k = 0; k < CX_METRIC_COUNT; k++) {
        cx_estimate a, b;
        cx_estimates_get(&(cx_estimates){r.result, NULL}, CX_ESTIMATES_HORIZON, 0, 0, k, 0.95, &a);
        cx_estimates_get(&(cx_estimates){NULL, r.accum}, CX_ESTIMATES_HORIZON, 0, 0, k, 0.95, &b);
        ck_assert_uint_eq(a.n, b.n);
        if (a.n)
            ck_assert_double_eq_tol(a.mean, b.mean, 1e-9 * (1 + fabs(a.mean)));
    }
    cx_estimate pa, pb;
    cx_estimates_get(&(cx_estimates){r.result, NULL}, CX_ESTIMATES_PERIOD, 0, 1, CX_M_CHURN_RATE,
                     0.95, &pa);
    cx_estimates_get(&(cx_estimates){NULL, r.accum}, CX_ESTIMATES_PERIOD, 0, 1, CX_M_CHURN_RATE,
                     0.95, &pb);
    ck_assert_double_eq_tol(pa.mean, pb.mean, 1e-12);
    cx_run_release(&r);
}
END_TEST

/* Stages of fixed size (antithetic pairs) keep running estimates only;
 * reps rounds up to whole pairs. */
START_TEST(test_staged_run)
{
    cx_run r;
    cx_run_opts o = {.reps = 4, .seed = 5, .threads = 2, .antithetic = 1};
    ck_assert_int_eq(cx_run_variants(m, &o, NULL, &r, NULL), CX_OK);
    ck_assert(r.staged && !r.result && r.accum);
    ck_assert_uint_eq(cx_run_reps(&r), 4);
    cx_estimate e;
    cx_run_estimate(&r, 0, CX_M_NPS, &e);
    ck_assert_uint_eq(e.n, 2);      /* two antithetic pairs */
    cx_run_release(&r);
}
END_TEST

/* A run resumed from the first 3 of 5 replications equals one run of 5. */
START_TEST(test_resume_equals_one_run)
{
    cx_run whole, first, rest;
    cx_run_opts o5 = {.reps = 5, .seed = 9, .threads = 2}, o3 = {.reps = 3, .seed = 9};
    ck_assert_int_eq(cx_run_variants(m, &o5, NULL, &whole, NULL), CX_OK);
    ck_assert_int_eq(cx_run_variants(m, &o3, NULL, &first, NULL), CX_OK);
    cx_batch_result *done = first.result;
    first.result = NULL;
    ck_assert_int_eq(cx_run_variants(m, &o5, done, &rest, NULL), CX_OK);
    ck_assert_uint_eq(rest.result->reps, 5);
    size_t n = 2 * 5 * CX_METRIC_COUNT;
    ck_assert(memcmp(whole.result->horizon_values, rest.result->horizon_values,
                     n * sizeof(double)) == 0);
    cx_run_release(&whole);
    cx_run_release(&first);
    cx_run_release(&rest);
}
END_TEST

/* The resume key: the command, the scenario's digest, seed, reps and
 * every override; a buffer too small is a usage error. */
START_TEST(test_resume_key)
{
    char path[] = "/tmp/check_run_XXXXXX", a[512], b[512], tiny[40];
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq((int)write(fd, "scenario {}\n", 12), 12);
    close(fd);
    const char *sets[] = {"scenario.population=10"};
    cx_error err;
    ck_assert_int_eq(cx_run_resume_key("run", path, NULL, 1, 4, sets, 1, a, sizeof a, NULL), CX_OK);
    ck_assert_int_eq(cx_run_resume_key("run", path, NULL, 2, 4, sets, 1, b, sizeof b, NULL), CX_OK);
    ck_assert(strcmp(a, b) != 0);
    ck_assert(strstr(a, "command run\nscenario_sha256 ") == a);
    ck_assert(strstr(a, "inputs_sha256 none\nseed 1\nreps 4\nset scenario.population=10\n")
              != NULL);
    ck_assert_int_eq(cx_run_resume_key("run", path, NULL, 1, 4, sets, 1, tiny, sizeof tiny, &err),
                     CX_ERR_USAGE);
    /* no checkpoint there: a usage error naming the directory */
    cx_batch_result *done;
    ck_assert_int_eq(cx_run_resume_load("/nonexistent_dir", a, 2, &done, &err), CX_ERR_USAGE);
    ck_assert(strstr(err.msg, "/nonexistent_dir") != NULL && done == NULL);
    unlink(path);
}
END_TEST

/* Refusals: too many variants, resumed replications with stages. */
START_TEST(test_refusals)
{
    size_t idx[CX_RUN_MAX_VARIANTS + 1] = {0};
    cx_run r;
    cx_error err;
    cx_run_opts o = {.variants = idx, .n_variants = CX_RUN_MAX_VARIANTS + 1, .reps = 1};
    ck_assert_int_eq(cx_run_variants(m, &o, NULL, &r, &err), CX_ERR_USAGE);
    cx_run_release(&r);
    cx_run_opts staged = {.reps = 2, .antithetic = 1};
    cx_batch_result *some;
    cx_run_opts one = {.reps = 2, .seed = 1};
    cx_run first;
    ck_assert_int_eq(cx_run_variants(m, &one, NULL, &first, NULL), CX_OK);
    some = first.result;
    first.result = NULL;
    ck_assert_int_eq(cx_run_variants(m, &staged, some, &r, &err), CX_ERR_USAGE);
    cx_run_release(&r);
    cx_run_release(&first);
}
END_TEST

/* One batch of one variant; the baseline an analysis varies. */
START_TEST(test_one_batch)
{
    cx_batch_result *b;
    cx_run_opts o = {.reps = 2, .seed = 4, .threads = 1};
    ck_assert_int_eq(cx_run_batch(m, CX_NO_VARIANT, "declared", &o, &b, NULL), CX_OK);
    ck_assert_uint_eq(b->n_variants, 1);
    ck_assert_str_eq(b->variant_names[0], "declared");
    ck_assert_uint_eq(b->reps, 2);
    cx_batch_result_free(b);
    const char *name;
    ck_assert_uint_eq(cx_run_baseline(m, &name), 0);
    ck_assert_str_eq(name, "baseline");
}
END_TEST

static Suite *run_suite(void)
{
    Suite *s = suite_create("run");
    TCase *tc = tcase_create("run");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_plain_run);
    tcase_add_test(tc, test_estimates_two_sources);
    tcase_add_test(tc, test_staged_run);
    tcase_add_test(tc, test_resume_equals_one_run);
    tcase_add_test(tc, test_resume_key);
    tcase_add_test(tc, test_refusals);
    tcase_add_test(tc, test_one_batch);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(run_suite());
}
