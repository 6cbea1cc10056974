/* check_journey_graph.c - what fitted journeys need from the language: a
 * start table (start = { ... }), a drop edge (next = { drop = p }) and a
 * journey made once per customer (once = true). Each is checked three
 * ways: the loader builds it (and refuses it when malformed), the absorbing
 * chain gives the closed form worked out by hand below, and the simulation
 * lands on the closed form within a band of a few standard errors.
 *
 * The journey of every test: start a 0.75 (what the table leaves over),
 * b 0.25; a -> b 0.5, drop 0.2, done 0.3; b -> a 0.1, drop 0.4, done 0.5.
 * First-step equations: completion from a, C_a = 0.3 + 0.5 C_b; from b,
 * C_b = 0.5 + 0.1 C_a; so C_a = 0.55 / 0.95, C_b = 0.5 + 0.055 / 0.95, and
 * the completion rate is 0.75 C_a + 0.25 C_b = 0.545 / 0.95. Expected
 * visits: from a, V_a = 1 / 0.95 and V_b = 0.5 / 0.95; from b, V_a = 0.1 /
 * 0.95 and V_b = 1 / 0.95; mixed, V_a = 0.775 / 0.95, V_b = 0.625 / 0.95.
 * Drop-offs at a: V_a 0.2; at b: V_b 0.4.
 */
/* mkstemps (a .lua suffix) is a BSD/GNU extension beside POSIX 2008 */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cxsim/engine.h"
#include "cxsim/markov.h"
#include "cxsim/scenario.h"
#include "test_util.h"

static const char *const graph =
    "scenario { horizon = 1, population = 40000, reps = 1, continuity = 1, inflow = 0,\n"
    "           wom = { rho_p = 0, rho_d = 0 } }\n"
    "segment \"all\" { share = 1, churn = 0 }\n"
    "journey \"j\" {\n"
    "  start = { b = 0.25 },\n"
    "  touchpoint \"a\" { next = { b = 0.5, drop = 0.2 } },\n"
    "  touchpoint \"b\" { next = { a = 0.1, drop = 0.4 } },\n"
    "}\n";

/* Loads text from a temporary file; *err_out (if not NULL) gets the error. */
static cx_status load_text(const char *text, cx_model **m, cx_error *err)
{
    char path[] = "/tmp/cx_graph_XXXXXX.lua";
    int fd = mkstemps(path, 4);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    cx_status st = cx_scenario_load(path, m, err);
    unlink(path);
    return st;
}

static cx_model *load_ok(const char *text)
{
    cx_model *m = NULL;
    cx_error err;
    cx_status st = load_text(text, &m, &err);
    ck_assert_msg(st == CX_OK, "%s", err.msg);
    return m;
}

static void expect_error(const char *text, const char *part)
{
    cx_model *m = NULL;
    cx_error err;
    ck_assert_int_eq(load_text(text, &m, &err), CX_ERR_INPUT);
    ck_assert_msg(strstr(err.msg, part) != NULL, "'%s' not in '%s'", part, err.msg);
}

START_TEST(test_loader_builds_it)
{
    cx_model *m = load_ok(graph);
    const cx_journey *j = &m->journeys[0];
    ck_assert_uint_eq(j->n_start, 1);
    ck_assert_str_eq(j->start[0].name, "b");
    ck_assert_int_eq(j->start[0].index, 1);
    ck_assert_double_eq(j->start[0].p, 0.25);
    ck_assert_int_eq(j->once, 0);
    /* edges in canonical order: touchpoints, then drop, then done */
    const cx_touchpoint *a = &j->touchpoints[0];
    ck_assert_uint_eq(a->n_next, 2);
    ck_assert_int_eq(a->next_index[0], 1);
    ck_assert_int_eq(a->next_index[1], CX_DROP);
    /* a copy keeps both */
    cx_model *c = cx_model_copy(m);
    ck_assert_uint_eq(c->journeys[0].n_start, 1);
    ck_assert_int_eq(c->journeys[0].start[0].index, 1);
    cx_model_free(c);
    cx_model_free(m);
    m = load_ok("segment \"s\" {}\n"
                "journey \"o\" { once = true, touchpoint \"x\" {} }\n");
    ck_assert_int_eq(m->journeys[0].once, 1);
    cx_model_free(m);
}
END_TEST

START_TEST(test_loader_refuses)
{
    const char *seg = "segment \"s\" {}\n";
    char buf[512];
    snprintf(buf, sizeof buf, "%sjourney \"j\" { start = { z = 1 }, touchpoint \"a\" {} }", seg);
    expect_error(buf, "journey \"j\": start names \"z\", which is not a touchpoint");
    snprintf(buf, sizeof buf, "%sjourney \"j\" { start = { a = 0.7, b = 0.6 }, "
             "touchpoint \"a\" {}, touchpoint \"b\" {} }", seg);
    expect_error(buf, "start probabilities sum to 1.3, more than 1");
    snprintf(buf, sizeof buf, "%sjourney \"j\" { start = { a = 1.5 }, touchpoint \"a\" {} }", seg);
    expect_error(buf, "start.a must be in [0,1], got 1.5");
    snprintf(buf, sizeof buf, "%sjourney \"j\" { start = 1, touchpoint \"a\" {} }", seg);
    expect_error(buf, "start must be a table of touchpoint = probability, got number");
    snprintf(buf, sizeof buf, "%sjourney \"j\" { start = {}, touchpoint \"a\" {} }", seg);
    expect_error(buf, "start is empty");
    snprintf(buf, sizeof buf, "%sjourney \"j\" { once = 1, touchpoint \"a\" {} }", seg);
    expect_error(buf, "once must be true or false, got number");
    snprintf(buf, sizeof buf, "%sjourney \"j\" { strat = {}, touchpoint \"a\" {} }", seg);
    expect_error(buf, "unknown key 'strat'; did you mean 'start'?");
    snprintf(buf, sizeof buf, "%sjourney \"j\" { touchpoint \"drop\" {} }", seg);
    expect_error(buf, "name \"drop\" is reserved");
    snprintf(buf, sizeof buf, "%sjourney \"j\" { touchpoint \"a\" { next = { drop = 0.7, "
             "done = 0.4 } } }", seg);
    expect_error(buf, "next probabilities sum to 1.1, more than 1");
}
END_TEST

START_TEST(test_chain_closed_form)
{
    cx_model *m = load_ok(graph);
    cx_markov_touchpoint out[2];
    cx_markov_walk w;
    cx_error err;
    ck_assert_int_eq(cx_markov_journey_mix(m, 0, out, &w, &err), CX_OK);
    ck_assert_double_eq_tol(w.completed, 0.545 / 0.95, 1e-12);
    ck_assert_double_eq_tol(out[0].visits, 0.775 / 0.95, 1e-12);
    ck_assert_double_eq_tol(out[1].visits, 0.625 / 0.95, 1e-12);
    ck_assert_double_eq_tol(out[0].abandon, 0.2 * 0.775 / 0.95, 1e-12);
    ck_assert_double_eq_tol(out[1].abandon, 0.4 * 0.625 / 0.95, 1e-12);
    /* a drop edge on an optional touchpoint is outside the chain */
    m->journeys[0].touchpoints[0].optional = 0.5;
    ck_assert_int_eq(cx_markov_journey_mix(m, 0, out, &w, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "optional and has a drop edge"));
    cx_model_free(m);
}
END_TEST

/* One replication of 40,000 journeys against the closed form. Bands: the
 * completion rate's standard error is sqrt(0.574 0.426 / 40000) = 0.0025,
 * band 0.01 (4 SE); visits per journey have sd below 1 (SE < 0.005), band
 * 0.02; the drop share of a's visits, about 33,000 of them, SE 0.0022,
 * band 0.01. */
START_TEST(test_simulation_closed_form)
{
    cx_model *m = load_ok(graph);
    cx_error err;
    cx_engine *e = cx_engine_new(m, &err);
    ck_assert_ptr_nonnull(e);
    cx_tally ty[1];
    cx_tp_tally tp[2];
    ck_assert_int_eq(cx_engine_run(e, 11, 0, ty, tp, &err), CX_OK);
    ck_assert_double_eq(ty[0].journeys, 40000);
    ck_assert_double_eq_tol(ty[0].completed / ty[0].journeys, 0.545 / 0.95, 0.01);
    ck_assert_double_eq_tol(tp[0].visits / tp[0].journeys, 0.775 / 0.95, 0.02);
    ck_assert_double_eq_tol(tp[1].visits / tp[1].journeys, 0.625 / 0.95, 0.02);
    /* a drop-off is an abandonment without a friction event */
    ck_assert_double_eq_tol(tp[0].abandons / tp[0].visits, 0.2, 0.01);
    ck_assert_double_eq_tol(tp[1].abandons / tp[1].visits, 0.4, 0.01);
    ck_assert_double_eq(tp[0].frictions, 0);
    ck_assert_double_eq(ty[0].journeys - ty[0].completed, tp[0].abandons + tp[1].abandons);
    /* the same seed, the same tallies */
    cx_tally again[1];
    cx_tp_tally tp2[2];
    ck_assert_int_eq(cx_engine_run(e, 11, 0, again, tp2, &err), CX_OK);
    ck_assert_double_eq(again[0].completed, ty[0].completed);
    cx_engine_free(e);
    cx_model_free(m);
}
END_TEST

/* once = true: a customer makes the journey in its first period only, so
 * its visits over the horizon are exactly the initial customers plus the
 * arrivals that start a period (those of periods 1 to H - 1), while the
 * journey made every period counts the active customers of every period. */
START_TEST(test_once_per_customer)
{
    cx_model *m = load_ok("scenario { horizon = 4, population = 5000, inflow = 0.05 }\n"
                          "segment \"s\" { share = 1, churn = 0.05 }\n"
                          "journey \"onboarding\" { once = true, touchpoint \"welcome\" {} }\n"
                          "journey \"shop\" { touchpoint \"browse\" {} }\n");
    cx_error err;
    cx_engine *e = cx_engine_new(m, &err);
    ck_assert_ptr_nonnull(e);
    cx_tally ty[4];
    cx_tp_tally tp[2];
    ck_assert_int_eq(cx_engine_run(e, 3, 0, ty, tp, &err), CX_OK);
    double arrivals = ty[0].acquisitions + ty[1].acquisitions + ty[2].acquisitions;
    ck_assert_double_gt(arrivals, 500);
    ck_assert_double_eq(tp[0].visits, 5000 + arrivals);
    double active = 0;
    for (int t = 0; t < 4; t++)
        active += ty[t].active_start;
    ck_assert_double_eq(tp[1].visits, active);
    cx_engine_free(e);
    cx_model_free(m);
}
END_TEST

static Suite *graph_suite(void)
{
    Suite *s = suite_create("journey_graph");
    TCase *tc = tcase_create("graph");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_loader_builds_it);
    tcase_add_test(tc, test_loader_refuses);
    tcase_add_test(tc, test_chain_closed_form);
    tcase_add_test(tc, test_simulation_closed_form);
    tcase_add_test(tc, test_once_per_customer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    return cx_test_run(graph_suite());
}
