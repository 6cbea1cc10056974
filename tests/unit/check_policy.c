/* check_policy.c - the scenario's on_period function as a batch policy
 * (cx_scenario_policy_new).
 *
 * Expected values:
 * - Thread invariance: docs/architecture.md "Same seed, same bytes,
 *   whatever the number of threads"; one Lua state per worker (house style
 *   point 9 there), rebuilt for each replication (scenario.h).
 * - Messages: scenario.h, "PATH:LINE: on_period: message", LINE the line
 *   of the generated scenario (line 1 is its first line).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/batch.h"
#include "cxsim/scenario.h"
#include "test_util.h"

/* ---- helpers ----------------------------------------------------------------- */

static void fixture(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("CX_SRCDIR");
    snprintf(buf, size, "%s/tests/data/scenarios/%s", dir && *dir ? dir : ".", name);
}

static char tmpdir[256];

/* Writes a scenario of one segment, one journey of one touchpoint, two
 * interventions, then the text given (starting at line 6) into path. */
static void write_scenario(char *path, size_t size, const char *text)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/cxsim_policy_XXXXXX",
             getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(path, size, "%s/p.lua", tmpdir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "scenario { horizon = 4, population = 300 }\n"
               "segment \"all\" {}\n"
               "journey \"buy\" { touchpoint \"pay\" { friction = 0.3 } }\n"
               "intervention \"agents\" { set = { [\"buy.pay.friction\"] = 0.1 } }\n"
               "variant \"baseline\" {}\n"
               "%s", text);
    ck_assert_int_eq(fclose(f), 0);
}

static void remove_scenario(const char *path)
{
    unlink(path);
    rmdir(tmpdir);
}

static cx_model *load(const char *path)
{
    cx_model *m = NULL;
    cx_error err;
    cx_status st = cx_scenario_load(path, &m, &err);
    ck_assert_msg(st == CX_OK, "%s: %s", path, err.msg);
    return m;
}

/* Runs every variant of m, reps replications, with the policy f (may be
 * NULL); *st receives the status, err the error. */
static cx_batch_result *run(const cx_model *m, const cx_policy_factory *f, unsigned threads,
                            size_t reps, cx_status *st, cx_error *err)
{
    size_t order[8];
    const cx_model *models[8];
    const char *names[8];
    size_t n = cx_model_variant_order(m, order, 8);
    for (size_t v = 0; v < n; v++) {
        models[v] = m;
        names[v] = m->variants[order[v]].name;
    }
    cx_batch_opts o = {.reps = reps, .seed = 7, .threads = threads, .variant_index = order,
                       .policy = f};
    cx_batch_result *r = NULL;
    *st = cx_batch_run(models, names, n, &o, &r, err);
    return r;
}

static void assert_same(const cx_batch_result *a, const cx_batch_result *b)
{
    size_t units = a->n_variants * a->reps;
    ck_assert_uint_eq(a->n_variants, b->n_variants);
    ck_assert_int_eq(memcmp(a->horizon_values, b->horizon_values,
                            units * CX_METRIC_COUNT * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(a->period_values, b->period_values,
                            units * a->horizon * CX_METRIC_COUNT * sizeof(double)), 0);
}

/* ---- the policy runs, the same on any number of threads ---------------------------- */

START_TEST(test_thread_invariance)
{
    char path[1024];
    cx_policy_factory *f = NULL;
    cx_error err;
    cx_status st;
    fixture(path, sizeof path, "policy.lua");
    cx_model *m = load(path);
    ck_assert_int_eq(cx_scenario_policy_new(path, NULL, &f, &err), CX_OK);
    ck_assert_ptr_nonnull(f);
    cx_batch_result *one = run(m, f, 1, 6, &st, &err);
    ck_assert_msg(st == CX_OK, "%s", err.msg);
    cx_batch_result *two = run(m, f, 2, 6, &st, &err);
    ck_assert_msg(st == CX_OK, "%s", err.msg);
    cx_batch_result *three = run(m, f, 3, 6, &st, &err);
    ck_assert_msg(st == CX_OK, "%s", err.msg);
    assert_same(one, two);
    assert_same(one, three);
    ck_assert_uint_eq(one->n_variants, 2);
    ck_assert_str_eq(one->variant_names[0], "baseline");
    /* the policy acts: without it, other numbers (agents cost money) */
    cx_batch_result *none = run(m, NULL, 1, 6, &st, &err);
    ck_assert_int_eq(st, CX_OK);
    ck_assert_double_eq(cx_batch_horizon(none, 0, 0)[CX_M_COST], 0);
    ck_assert_double_gt(cx_batch_horizon(one, 0, 0)[CX_M_COST], 0);
    cx_batch_result_free(one);
    cx_batch_result_free(two);
    cx_batch_result_free(three);
    cx_batch_result_free(none);
    cx_scenario_policy_free(f);
    cx_model_free(m);
}
END_TEST

/* A state kept across replications would fail the scenario's asserts
 * (calls == t, the string metatable): one worker runs all 5 here. */
START_TEST(test_fresh_state_per_replication)
{
    char path[1024];
    cx_policy_factory *f = NULL;
    cx_error err;
    cx_status st;
    fixture(path, sizeof path, "policy.lua");
    cx_model *m = load(path);
    ck_assert_int_eq(cx_scenario_policy_new(path, NULL, &f, &err), CX_OK);
    cx_batch_result *r = run(m, f, 1, 5, &st, &err);
    ck_assert_msg(st == CX_OK, "%s", err.msg);
    cx_batch_result_free(r);
    cx_scenario_policy_free(f);
    cx_model_free(m);
}
END_TEST

START_TEST(test_no_policy)
{
    char path[1024];
    cx_policy_factory *f = (cx_policy_factory *)path;
    cx_error err;
    fixture(path, sizeof path, "interventions.lua");
    ck_assert_int_eq(cx_scenario_policy_new(path, NULL, &f, &err), CX_OK);
    ck_assert_ptr_null(f);
    cx_scenario_policy_free(NULL);
    ck_assert_int_eq(cx_scenario_policy_new(NULL, NULL, &f, &err), CX_ERR_USAGE);
    fixture(path, sizeof path, "no_such_file.lua");
    ck_assert_int_eq(cx_scenario_policy_new(path, NULL, &f, &err), CX_ERR_IO);
    fixture(path, sizeof path, "bad_range.lua");
    ck_assert_int_eq(cx_scenario_policy_new(path, NULL, &f, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(f);
}
END_TEST

/* ---- errors ---------------------------------------------------------------------- */

/* Runs the generated scenario with its policy and expects the batch to
 * fail with "PATH" + suffix. */
static void expect_policy_error(const char *text, const char *suffix)
{
    char path[1024], want[2048];
    cx_policy_factory *f = NULL;
    cx_scenario_opts o;
    cx_error err;
    cx_status st;
    cx_scenario_opts_init(&o);
    o.time_limit = 600;         /* budgets, not the clock, even under valgrind */
    write_scenario(path, sizeof path, text);
    cx_model *m = load(path);
    ck_assert_int_eq(cx_scenario_policy_new(path, &o, &f, &err), CX_OK);
    ck_assert_ptr_nonnull(f);
    cx_batch_result *r = run(m, f, 2, 3, &st, &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(st, CX_ERR_INPUT);
    snprintf(want, sizeof want, "%s%s", path, suffix);
    ck_assert_str_eq(err.msg, want);
    cx_scenario_policy_free(f);
    cx_model_free(m);
    remove_scenario(path);
}

START_TEST(test_err_raised)
{
    expect_policy_error("on_period = function(sim, t)\n  if t == 2 then error(\"boom\") end\nend\n",
                        ":7: on_period: boom");
    expect_policy_error("on_period = function(sim, t)\n  local x = nil\n  return x.y\nend\n",
                        ":8: on_period: attempt to index a nil value (local 'x')");
}
END_TEST

START_TEST(test_err_sim)
{
    /* names computed at run time: a literal one is refused at load (hooks.c,
     * tests/data/bad/policy_*.lua) */
    expect_policy_error("on_period = function(sim)\n  sim:metric(\"chrun\" .. \"_rate\")\nend\n",
                        ":7: on_period: sim:metric: unknown metric 'chrun_rate'; "
                        "did you mean 'churn_rate'?");
    expect_policy_error("on_period = function(sim)\n  sim:enable(\"agnets\" .. \"\")\nend\n",
                        ":7: on_period: sim:enable: no intervention named \"agnets\"; "
                        "did you mean 'agents'?");
    expect_policy_error("on_period = function(sim)\n  sim:enabled(\"x\" .. \"\")\nend\n",
                        ":7: on_period: sim:enabled: no intervention named \"x\"");
    expect_policy_error("on_period = function(sim)\n  sim.metric(\"nps\")\nend\n",
                        ":7: on_period: sim:metric: call it with a colon, as sim:metric(...)");
    expect_policy_error("on_period = function(sim)\n  sim.period = 3\nend\n",
                        ":7: on_period: sim is read-only; use sim:set(path, value)");
    expect_policy_error("on_period = function(sim)\n  return sim.perod\nend\n",
                        ":7: on_period: sim has no field 'perod'");
    expect_policy_error("on_period = function(sim)\n  sim:set(\"buy.pay.friction\", \"x\")\nend\n",
                        ":7: on_period: sim:set: buy.pay.friction: the value must be a "
                        "number, got string");
}
END_TEST

/* sim:set reports the engine's reason for a bad path or value. */
START_TEST(test_err_set)
{
    char path[1024];
    cx_policy_factory *f = NULL;
    cx_error err;
    cx_status st;
    write_scenario(path, sizeof path,
                   "on_period = function(sim)\n  sim:set(\"buy.pay.friction\", 1.5)\nend\n");
    cx_model *m = load(path);
    ck_assert_int_eq(cx_scenario_policy_new(path, NULL, &f, &err), CX_OK);
    cx_batch_result *r = run(m, f, 1, 1, &st, &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(st, CX_ERR_INPUT);
    char want[1200];
    snprintf(want, sizeof want, "%s:7: on_period: sim:set: ", path);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0 && strstr(err.msg, "1.5"),
                  "got '%s'", err.msg);
    cx_scenario_policy_free(f);
    cx_model_free(m);
    remove_scenario(path);
}
END_TEST

START_TEST(test_err_budget)
{
    expect_policy_error("on_period = function(sim)\n  while true do end\nend\n",
                        ":7: on_period: script exceeded its instruction budget");
    expect_policy_error("on_period = function(sim)\n  segment \"x\" {}\nend\n",
                        ":7: on_period: constructors can only run while the scenario loads");
    /* a message handler that loops: Lua calls it from inside the count
     * hook, hooks off; it once ran ten minutes in on_period and swallowed
     * a SIGTERM. The script's handler is not called once a budget is
     * spent (docs/reliability.md) */
    /* a bad return value is found after on_visit returned: the line is
     * where it is defined */
    expect_policy_error("on_visit = function(ev)\n  return {}\nend\n",
                        ":6: on_visit: must return a number (the new emotion) or nothing, "
                        "got table (the function defined here)");
    expect_policy_error("on_period = function(sim)\n  xpcall(error, function() while true do "
                        "end end)\nend\n",
                        ":7: on_period: script exceeded its instruction budget");
}
END_TEST

/* ---- suite ------------------------------------------------------------------------ */

static Suite *policy_suite(void)
{
    Suite *s = suite_create("policy");
    TCase *tc = tcase_create("runs");
    tcase_set_timeout(tc, 300);     /* batches, longer under valgrind */
    tcase_add_test(tc, test_thread_invariance);
    tcase_add_test(tc, test_fresh_state_per_replication);
    tcase_add_test(tc, test_no_policy);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_err_raised);
    tcase_add_test(tc, test_err_sim);
    tcase_add_test(tc, test_err_set);
    tcase_add_test(tc, test_err_budget);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(policy_suite());
}
