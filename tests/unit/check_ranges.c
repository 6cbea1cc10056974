/* check_ranges.c - parameter ranges of a model (src/core/ranges.c): adding,
 * copying, validating, and which paths an analysis may vary. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cxsim/model.h"
#include "model_fixture.h"
#include "test_util.h"

static cx_param_range range(const char *path, double lo, double hi, int line)
{
    cx_param_range r = {.low = lo, .high = hi, .line = line};
    snprintf(r.path, sizeof r.path, "%s", path);
    return r;
}

START_TEST(test_add_copy_free)
{
    cx_model *m = cx_fixture_model(2, 100, 2), *c;
    cx_param_range r = range("journey.j.t1.friction", 0.1, 0.4, 7);
    cx_error err;
    snprintf(m->source, sizeof m->source, "s.lua");
    ck_assert_int_eq(cx_model_add_range(m, &r, NULL), CX_OK);
    r = range("segment.all.margin", 5, 50, 8);
    ck_assert_int_eq(cx_model_add_range(m, &r, NULL), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, NULL), CX_OK);
    c = cx_model_copy(m);
    ck_assert_uint_eq(c->n_ranges, 2);
    ck_assert_ptr_ne(c->ranges, m->ranges);
    ck_assert_str_eq(c->ranges[1].path, "segment.all.margin");
    ck_assert_int_eq(c->ranges[0].line, 7);
    ck_assert(c->ranges[0].low == 0.1 && c->ranges[0].high == 0.4);
    cx_model_free(m);           /* the copy owns its own */
    r = range("journey.j.t1.friction", 0, 1, 9);
    ck_assert_int_eq(cx_model_add_range(c, &r, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "s.lua:9: parameter \"journey.j.t1.friction\" is declared "
                     "twice (first at line 7)");
    r = range("segment.all.churn", 0.2, 0.2, 10);
    ck_assert_int_eq(cx_model_add_range(c, &r, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "s.lua:10: parameter \"segment.all.churn\": low (0.2) must "
                     "be below high (0.2)");
    cx_model_free(c);
}
END_TEST

START_TEST(test_too_many)
{
    cx_model *m = cx_fixture_model(1, 100, 2);
    cx_error err;
    for (int i = 0; i <= CX_MAX_RANGES; i++) {
        char path[64];
        snprintf(path, sizeof path, "segment.all.churn%d", i);
        cx_param_range r = range(path, 0, 1, i + 1);
        ck_assert_int_eq(cx_model_add_range(m, &r, &err),
                         i < CX_MAX_RANGES ? CX_OK : CX_ERR_INPUT);
    }
    ck_assert_ptr_nonnull(strstr(err.msg, "at most 64 parameters"));
    cx_model_free(m);
}
END_TEST

/* Validation checks each path and both bounds against the model, naming
 * file and line (CX_ERR_INPUT: a scenario's mistake). */
START_TEST(test_validate)
{
    static const struct {
        const char *path;
        double lo, hi;
        const char *msg;
    } bad[] = {
        {"journey.j.t9.friction", 0, 1,
         "s.lua:4: parameter \"journey.j.t9.friction\": journey \"j\" has no touchpoint "
         "\"t9\"; did you mean 't0'?"},
        {"journey.j.t0.friction", 0.5, 1.5,
         "s.lua:4: parameter \"journey.j.t0.friction\": touchpoint \"j.t0\": friction must "
         "be in [0,1], got 1.5"},
        {"scenario.horizon", 2, 6,
         "s.lua:4: parameter \"scenario.horizon\": cannot vary: every run of an analysis "
         "has the scenario's horizon"},
        {"scenario.reps", 2, 6,
         "s.lua:4: parameter \"scenario.reps\": not a model parameter: it is the number of "
         "replications (use --reps)"},
        {"segment.all.share", 0.5, 1,
         "s.lua:4: parameter \"segment.all.share\": cannot vary alone: segment shares must "
         "sum to 1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cx_model *m = cx_fixture_model(2, 100, 2);
        cx_param_range r = range(bad[i].path, bad[i].lo, bad[i].hi, 4);
        cx_error err;
        snprintf(m->source, sizeof m->source, "s.lua");
        ck_assert_int_eq(cx_model_add_range(m, &r, NULL), CX_OK);
        ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
        ck_assert_str_eq(err.msg, bad[i].msg);
        cx_model_free(m);
    }
}
END_TEST

/* The same rule for ranges from the command line: usage errors. */
START_TEST(test_check_range)
{
    cx_model *m = cx_fixture_model(2, 100, 2);
    cx_error err;
    ck_assert_int_eq(cx_model_check_range(m, "scenario.population", 100, 200, NULL), CX_OK);
    ck_assert_int_eq(cx_model_check_range(m, "segment.*.churn", 0, 0.1, NULL), CX_OK);
    ck_assert_int_eq(cx_model_check_range(m, "journey.j.t0.friction", 0.3, 0.2, &err),
                     CX_ERR_USAGE);
    ck_assert_str_eq(err.msg, "low (0.3) must be below high (0.2)");
    ck_assert_int_eq(cx_model_check_range(m, "scenario.horizon", 1, 2, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_check_range(m, "nowhere.x", 1, 2, &err), CX_ERR_USAGE);
    ck_assert_double_eq(m->journeys[0].touchpoints[0].friction, 0);    /* m untouched */
    cx_model_free(m);
}
END_TEST

int main(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("ranges");
    TCase *tc = tcase_create("ranges");
    tcase_add_test(tc, test_add_copy_free);
    tcase_add_test(tc, test_too_many);
    tcase_add_test(tc, test_validate);
    tcase_add_test(tc, test_check_range);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
