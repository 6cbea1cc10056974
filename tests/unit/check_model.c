/* check_model.c - parameter tables, defaults, --set paths, validation, copy.
 *
 * Expected values: defaults from docs/model.md's tables ("One touchpoint visit",
 * "Remembering a journey", "Churn", "Channel continuity breaks",
 * "Word of mouth and acquisition"); defaults the sources leave open (horizon, population,
 * reps, share, margin, initial trust) from docs/model.md's parameter
 * tables; messages and status codes from model.h and the code of
 * params.c / model.c: cx_param_set's range and integer errors are
 * CX_ERR_INPUT (scenario input); through cx_model_set (--set) every error,
 * a path naming nothing or a bad value, is CX_ERR_USAGE.
 */
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cxsim/model.h"
#include "test_util.h"

/* ---- helpers ------------------------------------------------------------- */

#define ck_assert_msg_has(err, text) \
    ck_assert_msg(strstr((err).msg, (text)) != NULL, "message \"%s\" lacks \"%s\"", \
                  (err).msg, (text))

/* A valid model: segments "a" (share 0.7) and "b" (0.3), journey "j" of
 * touchpoints "t0", "t1", "t2" with defaults. */
static cx_model *two_segment_model(void)
{
    cx_model *m = cx_model_new();
    cx_segment s;
    cx_touchpoint tps[3];
    ck_assert_ptr_nonnull(m);
    cx_segment_defaults(&s, "a");
    s.share = 0.7;
    ck_assert_int_eq(cx_model_add_segment(m, &s, NULL), CX_OK);
    cx_segment_defaults(&s, "b");
    s.share = 0.3;
    ck_assert_int_eq(cx_model_add_segment(m, &s, NULL), CX_OK);
    cx_touchpoint_defaults(&tps[0], "t0");
    cx_touchpoint_defaults(&tps[1], "t1");
    cx_touchpoint_defaults(&tps[2], "t2");
    ck_assert_int_eq(cx_model_add_journey(m, "j", 0, tps, 3, NULL), CX_OK);
    return m;
}

/* ---- defaults -------------------------------------------------------------- */

START_TEST(test_touchpoint_defaults)
{
    /* docs/model.md, "One touchpoint visit", parameter table. */
    cx_touchpoint tp;
    cx_touchpoint_defaults(&tp, "checkout");
    ck_assert_str_eq(tp.name, "checkout");
    ck_assert_str_eq(tp.channel, "web");            /* channel "web" */
    ck_assert_int_eq(tp.line, 0);                   /* no constructor line */
    ck_assert_double_eq(tp.base, 0.1);              /* base 0.1 */
    ck_assert_double_eq(tp.friction, 0);            /* friction 0 */
    ck_assert_double_eq(tp.severity, 0.3);          /* severity 0.3 */
    ck_assert_double_eq(tp.delight, 0);             /* delight 0 */
    ck_assert_double_eq(tp.delight_gain, 0.3);      /* delight_gain 0.3 */
    ck_assert_double_eq(tp.weight, 1);              /* weight 1 */
    ck_assert_double_eq(tp.abandon, 0);             /* abandon 0 */
    ck_assert_double_eq(tp.rec_attempt, 0);         /* recovery.attempt 0 */
    ck_assert_double_eq(tp.rec_success, 0.5);       /* recovery.success 0.5 */
    ck_assert_double_eq(tp.rec_gain, 0.4);          /* recovery.gain 0.4 */
    ck_assert_double_eq(tp.rec_fail_loss, 0.2);     /* recovery.fail_loss 0.2 */
    ck_assert_double_eq(tp.effort, 1);              /* effort 1 */
}
END_TEST

START_TEST(test_segment_defaults)
{
    cx_segment s;
    cx_segment_defaults(&s, "value_seeker");
    ck_assert_str_eq(s.name, "value_seeker");
    /* docs/model.md, "One touchpoint visit": lambda 2.0, kappa 0.5, tau_r and
     * tau_f 0.05 */
    ck_assert_double_eq(s.lambda, 2.0);
    ck_assert_double_eq(s.kappa, 0.5);
    ck_assert_double_eq(s.tau_r, 0.05);
    ck_assert_double_eq(s.tau_f, 0.05);
    /* "Remembering a journey": w_peak = w_end = 0.5, beta 0.2, eta_up 0.10,
     * eta_down 0.25 */
    ck_assert_double_eq(s.w_peak, 0.5);
    ck_assert_double_eq(s.w_end, 0.5);
    ck_assert_double_eq(s.beta, 0.2);
    ck_assert_double_eq(s.eta_up, 0.10);
    ck_assert_double_eq(s.eta_down, 0.25);
    /* "Outcomes of a period": a -0.5, b 3.0, c 2.0, sigma 1.0; h0 0.03,
     * T0 0.5, g_T 2.0, g_R 1.0, m_ab 2.0; q0 0.02, d_R 2.0, d_T 1.0,
     * uplift 0.1 */
    ck_assert_double_eq(s.ltr_a, -0.5);
    ck_assert_double_eq(s.ltr_b, 3.0);
    ck_assert_double_eq(s.ltr_c, 2.0);
    ck_assert_double_eq(s.ltr_sigma, 1.0);
    ck_assert_double_eq(s.h0, 0.03);
    ck_assert_double_eq(s.t0, 0.5);
    ck_assert_double_eq(s.g_t, 2.0);
    ck_assert_double_eq(s.g_r, 1.0);
    ck_assert_double_eq(s.m_ab, 2.0);
    ck_assert_double_eq(s.q0, 0.02);
    ck_assert_double_eq(s.d_r, 2.0);
    ck_assert_double_eq(s.d_t, 1.0);
    ck_assert_double_eq(s.uplift, 0.1);
    /* "Personalisation": 30 % refuse data sharing (default 0.3) */
    ck_assert_double_eq(s.refuse_data, 0.3);
    /* docs/model.md (left open by the sources): share 1, margin 10, trust
     * mean 0.6, sd 0.15 */
    ck_assert_double_eq(s.share, 1);
    ck_assert_double_eq(s.margin, 10);
    ck_assert_double_eq(s.trust_mean, 0.6);
    ck_assert_double_eq(s.trust_sd, 0.15);
}
END_TEST

START_TEST(test_scenario_defaults)
{
    cx_model *m = cx_model_new();
    ck_assert_ptr_nonnull(m);
    /* docs/model.md, "Channel continuity breaks": continuity 0.3, channel_break 0.5,
     * break_severity 0.2 */
    ck_assert_double_eq(m->continuity, 0.3);
    ck_assert_double_eq(m->channel_break, 0.5);
    ck_assert_double_eq(m->break_severity, 0.2);
    /* "Word of mouth": inflow 0.5 %, rho_P 0.3, rho_D 0.3, nu 4, conv 0.3,
     * deter 0.05; "Value": d 0.01 */
    ck_assert_double_eq(m->inflow, 0.005);
    ck_assert_double_eq(m->rho_p, 0.3);
    ck_assert_double_eq(m->rho_d, 0.3);
    ck_assert_double_eq(m->nu, 4);
    ck_assert_double_eq(m->conv, 0.3);
    ck_assert_double_eq(m->deter, 0.05);
    ck_assert_double_eq(m->discount_rate, 0.01);
    /* docs/model.md: horizon 12, population 10000, reps 20 */
    ck_assert_int_eq(m->horizon, 12);
    ck_assert_int_eq(m->population, 10000);
    ck_assert_int_eq(m->reps, 20);
    /* model.h: a new model has no segments or journeys */
    ck_assert_uint_eq(m->n_segments, 0);
    ck_assert_uint_eq(m->n_journeys, 0);
    ck_assert_ptr_null(m->segments);
    ck_assert_ptr_null(m->journeys);
    ck_assert_str_eq(m->source, "");
    cx_model_free(m);
    cx_model_free(NULL);        /* like free(): NULL is a no-op */
}
END_TEST

/* ---- tables ---------------------------------------------------------------- */

/* Every default in [lo, hi]; keys unique, non-empty, lower case with '.'
 * and '_' only; a doc line; offsets inside the struct; and after
 * cx_param_defaults, cx_param_get reads back each default. */
static void check_table(const cx_param_spec *specs, size_t n, size_t size,
                        const void *defaults)
{
    ck_assert_uint_gt(n, 0);
    for (size_t i = 0; i < n; i++) {
        const cx_param_spec *p = &specs[i];
        ck_assert_msg(p->lo <= p->def && p->def <= p->hi, "%s: default %g outside [%g,%g]",
                      p->key, p->def, p->lo, p->hi);
        ck_assert_ptr_nonnull(p->doc);
        ck_assert_uint_gt(strlen(p->doc), 0);
        ck_assert_uint_gt(strlen(p->key), 0);
        for (const char *c = p->key; *c; c++)
            ck_assert_msg(islower((unsigned char)*c) || isdigit((unsigned char)*c) ||
                          *c == '_' || *c == '.', "key %s", p->key);
        ck_assert_uint_lt(p->offset, size);
        ck_assert_double_eq(cx_param_get(p, defaults), p->def);
        for (size_t k = 0; k < i; k++)
            ck_assert_msg(strcmp(specs[k].key, p->key) != 0, "duplicate key %s", p->key);
        ck_assert_ptr_eq(cx_param_find(specs, n, p->key), p);
    }
}

START_TEST(test_tables_consistent)
{
    size_t n;
    const cx_param_spec *specs;
    cx_model *m = cx_model_new();
    cx_segment s;
    cx_touchpoint tp;
    ck_assert_ptr_nonnull(m);
    cx_segment_defaults(&s, "s");
    cx_touchpoint_defaults(&tp, "t");
    specs = cx_model_scenario_params(&n);
    check_table(specs, n, sizeof *m, m);
    specs = cx_model_segment_params(&n);
    check_table(specs, n, sizeof s, &s);
    specs = cx_model_touchpoint_params(&n);
    check_table(specs, n, sizeof tp, &tp);
    cx_model_free(m);
}
END_TEST

START_TEST(test_tables_cover_model_keys)
{
    /* The keys scenarios and --set use (docs/model.md's names, docs/scenarios.md's
     * `recovery = { attempt = ... }` as "recovery.attempt"). */
    static const char *const tp_keys[] = {
        "base", "friction", "severity", "delight", "delight_gain", "weight",
        "abandon", "recovery.attempt", "recovery.success", "recovery.gain",
        "recovery.fail_loss", "effort"};
    static const char *const sg_keys[] = {
        "share", "margin", "trust.mean", "trust.sd", "lambda", "kappa",
        "tau_r", "tau_f", "w_peak", "w_end", "beta", "eta_up", "eta_down",
        "ltr.a", "ltr.b", "ltr.c", "ltr.sigma", "churn", "t0", "g_t", "g_r",
        "m_ab", "q0", "d_r", "d_t", "uplift", "refuse_data"};
    static const char *const sc_keys[] = {
        "horizon", "population", "reps", "discount_rate", "continuity",
        "channel_break", "break_severity", "inflow"};
    size_t n;
    const cx_param_spec *specs = cx_model_touchpoint_params(&n);
    for (size_t i = 0; i < sizeof tp_keys / sizeof *tp_keys; i++)
        ck_assert_msg(cx_param_find(specs, n, tp_keys[i]) != NULL, "%s", tp_keys[i]);
    ck_assert_ptr_null(cx_param_find(specs, n, "nope"));
    ck_assert_ptr_null(cx_param_find(specs, n, "recovery"));   /* only full keys */
    specs = cx_model_segment_params(&n);
    for (size_t i = 0; i < sizeof sg_keys / sizeof *sg_keys; i++)
        ck_assert_msg(cx_param_find(specs, n, sg_keys[i]) != NULL, "%s", sg_keys[i]);
    specs = cx_model_scenario_params(&n);
    for (size_t i = 0; i < sizeof sc_keys / sizeof *sc_keys; i++)
        ck_assert_msg(cx_param_find(specs, n, sc_keys[i]) != NULL, "%s", sc_keys[i]);
    /* integral parameters are declared so */
    ck_assert_int_eq(cx_param_find(specs, n, "horizon")->kind, CX_PARAM_INT);
    ck_assert_int_eq(cx_param_find(specs, n, "reps")->kind, CX_PARAM_INT);
    ck_assert_int_eq(cx_param_find(specs, n, "population")->kind, CX_PARAM_LONG);
}
END_TEST

/* ---- cx_param_set -------------------------------------------------------------- */

START_TEST(test_param_set_range)
{
    size_t n;
    const cx_param_spec *specs = cx_model_touchpoint_params(&n);
    const cx_param_spec *f = cx_param_find(specs, n, "friction");
    cx_touchpoint tp;
    cx_error err;
    cx_touchpoint_defaults(&tp, "t");
    /* model.h: "friction must be in [0,1], got 1.3", CX_ERR_INPUT, and the
     * value is left as it was */
    ck_assert_int_eq(cx_param_set(f, &tp, 1.3, &err), CX_ERR_INPUT);
    ck_assert_int_eq(err.code, CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "friction must be in [0,1], got 1.3");
    ck_assert_double_eq(tp.friction, 0);
    ck_assert_int_eq(cx_param_set(f, &tp, -0.1, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "friction must be in [0,1], got -0.1");
    /* NaN and infinities are out of every range */
    ck_assert_int_eq(cx_param_set(f, &tp, NAN, &err), CX_ERR_INPUT);
    ck_assert_int_eq(cx_param_set(f, &tp, INFINITY, &err), CX_ERR_INPUT);
    ck_assert_double_eq(tp.friction, 0);
    /* the range is closed: both ends are accepted */
    ck_assert_int_eq(cx_param_set(f, &tp, 1, &err), CX_OK);
    ck_assert_double_eq(tp.friction, 1);
    ck_assert_int_eq(cx_param_set(f, &tp, 0, NULL), CX_OK);
    ck_assert_double_eq(tp.friction, 0);
    /* err may be NULL on failure too */
    ck_assert_int_eq(cx_param_set(f, &tp, 2, NULL), CX_ERR_INPUT);
}
END_TEST

START_TEST(test_param_set_integer)
{
    size_t n;
    const cx_param_spec *specs = cx_model_scenario_params(&n);
    cx_model *m = cx_model_new();
    cx_error err;
    ck_assert_ptr_nonnull(m);
    /* CX_PARAM_INT rejects 2.5 (model.h: "value must be integral") */
    ck_assert_int_eq(cx_param_set(cx_param_find(specs, n, "horizon"), m, 2.5, &err),
                     CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "horizon must be an integer, got 2.5");
    ck_assert_int_eq(m->horizon, 12);
    ck_assert_int_eq(cx_param_set(cx_param_find(specs, n, "horizon"), m, 24, &err), CX_OK);
    ck_assert_int_eq(m->horizon, 24);
    ck_assert_double_eq(cx_param_get(cx_param_find(specs, n, "horizon"), m), 24);
    /* CX_PARAM_LONG: 3,000,000,000 > INT_MAX is out of range [1, 2e9];
     * 1,500,000,000 is stored as a long */
    ck_assert_int_eq(cx_param_set(cx_param_find(specs, n, "population"), m, 3e9, &err),
                     CX_ERR_INPUT);
    ck_assert_int_eq(cx_param_set(cx_param_find(specs, n, "population"), m, 1.5e9, &err),
                     CX_OK);
    ck_assert_int_eq(m->population, 1500000000L);
    ck_assert_int_eq(cx_param_set(cx_param_find(specs, n, "population"), m, 10.5, &err),
                     CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "population must be an integer, got 10.5");
    cx_model_free(m);
}
END_TEST

/* ---- cx_model_set ------------------------------------------------------------ */

START_TEST(test_set_scenario)
{
    cx_model *m = two_segment_model();
    cx_error err;
    ck_assert_int_eq(cx_model_set(m, "scenario.horizon", 36, &err), CX_OK);
    ck_assert_int_eq(m->horizon, 36);
    ck_assert_int_eq(cx_model_set(m, "scenario.continuity", 0.8, &err), CX_OK);
    ck_assert_double_eq(m->continuity, 0.8);
    /* a dotted scenario key */
    ck_assert_int_eq(cx_model_set(m, "scenario.wom.nu", 6, &err), CX_OK);
    ck_assert_double_eq(m->nu, 6);
    cx_model_free(m);
}
END_TEST

START_TEST(test_set_segment)
{
    cx_model *m = two_segment_model();
    cx_error err;
    ck_assert_int_eq(cx_model_set(m, "segment.b.lambda", 2.5, &err), CX_OK);
    ck_assert_double_eq(m->segments[1].lambda, 2.5);
    ck_assert_double_eq(m->segments[0].lambda, 2.0);     /* "a" untouched */
    /* a dotted key under a segment */
    ck_assert_int_eq(cx_model_set(m, "segment.a.trust.mean", 0.7, &err), CX_OK);
    ck_assert_double_eq(m->segments[0].trust_mean, 0.7);
    /* "*" reaches every segment */
    ck_assert_int_eq(cx_model_set(m, "segment.*.kappa", 0.25, &err), CX_OK);
    ck_assert_double_eq(m->segments[0].kappa, 0.25);
    ck_assert_double_eq(m->segments[1].kappa, 0.25);
    cx_model_free(m);
}
END_TEST

START_TEST(test_set_journey)
{
    cx_model *m = two_segment_model();
    cx_journey *j;
    cx_error err;
    ck_assert_int_eq(cx_model_set(m, "journey.j.t1.friction", 0.25, &err), CX_OK);
    j = &m->journeys[0];
    ck_assert_double_eq(j->touchpoints[1].friction, 0.25);
    ck_assert_double_eq(j->touchpoints[0].friction, 0);
    ck_assert_double_eq(j->touchpoints[2].friction, 0);
    /* a dotted key (docs/cli.md: --set journey.purchase.checkout.friction) */
    ck_assert_int_eq(cx_model_set(m, "journey.j.t2.recovery.success", 0.9, &err), CX_OK);
    ck_assert_double_eq(j->touchpoints[2].rec_success, 0.9);
    /* "*" reaches every touchpoint of the journey */
    ck_assert_int_eq(cx_model_set(m, "journey.j.*.recovery.attempt", 0.4, &err), CX_OK);
    for (size_t k = 0; k < 3; k++)
        ck_assert_double_eq(j->touchpoints[k].rec_attempt, 0.4);
    cx_model_free(m);
}
END_TEST

START_TEST(test_set_errors_usage)
{
    /* Paths that name nothing: CX_ERR_USAGE (model.c), the model unchanged. */
    cx_model *m = two_segment_model();
    cx_error err;
    ck_assert_int_eq(cx_model_set(m, "bogus.horizon", 1, &err), CX_ERR_USAGE);
    ck_assert_int_eq(err.code, CX_ERR_USAGE);
    ck_assert_msg_has(err, "'bogus.horizon' must start with scenario., segment., journey. or intervention.");
    ck_assert_int_eq(cx_model_set(m, "horizon", 1, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_set(m, "scenario.nokey", 1, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "scenario has no parameter 'nokey'");
    ck_assert_int_eq(cx_model_set(m, "segment.nobody.lambda", 1, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "no segment named \"nobody\"");
    ck_assert_int_eq(cx_model_set(m, "segment.a.nokey", 1, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "segment \"a\" has no parameter 'nokey'");
    ck_assert_int_eq(cx_model_set(m, "segment.lambda", 1, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "expected segment.NAME.KEY");
    ck_assert_int_eq(cx_model_set(m, "journey.nope.t0.friction", 0.1, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "no journey named \"nope\"");
    ck_assert_int_eq(cx_model_set(m, "journey.j.nope.friction", 0.1, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "journey \"j\" has no touchpoint \"nope\"");
    ck_assert_int_eq(cx_model_set(m, "journey.j.t0.nokey", 0.1, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "touchpoint \"j.t0\" has no parameter 'nokey'");
    ck_assert_int_eq(cx_model_set(m, "journey.j.friction", 0.1, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "expected journey.NAME.TOUCHPOINT.KEY");
    /* nothing was changed by the failed calls */
    ck_assert_int_eq(m->horizon, 12);
    ck_assert_double_eq(m->segments[0].lambda, 2.0);
    ck_assert_double_eq(m->journeys[0].touchpoints[0].friction, 0);
    cx_model_free(m);
}
END_TEST

START_TEST(test_set_errors_value)
{
    /* A known parameter with a bad value: model.c's set_in treats a bad
     * --set value as a command-line mistake, CX_ERR_USAGE (exit 2), with
     * cx_param_set's message prefixed by the object it names. */
    cx_model *m = two_segment_model();
    cx_error err;
    ck_assert_int_eq(cx_model_set(m, "segment.a.lambda", 11, &err), CX_ERR_USAGE);
    ck_assert_str_eq(err.msg, "segment \"a\": lambda must be in [0,10], got 11");
    ck_assert_double_eq(m->segments[0].lambda, 2.0);
    ck_assert_int_eq(cx_model_set(m, "journey.j.t1.friction", 1.3, &err), CX_ERR_USAGE);
    ck_assert_str_eq(err.msg,
                     "touchpoint \"j.t1\": friction must be in [0,1], got 1.3");
    ck_assert_int_eq(cx_model_set(m, "journey.j.*.abandon", -1, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_set(m, "segment.*.beta", 2, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_set(m, "scenario.continuity", 1.5, &err), CX_ERR_USAGE);
    ck_assert_str_eq(err.msg, "scenario: continuity must be in [0,1], got 1.5");
    /* an integral parameter given 2.5 is in range but not an integer: the
     * message says so (cx_param_set's "must be an integer") */
    ck_assert_int_eq(cx_model_set(m, "scenario.horizon", 2.5, &err), CX_ERR_USAGE);
    ck_assert_str_eq(err.msg, "scenario: horizon must be an integer, got 2.5");
    ck_assert_int_eq(m->horizon, 12);
    cx_model_free(m);
}
END_TEST

/* ---- cx_model_get ------------------------------------------------------------ */

/* Every value written by cx_model_set reads back through cx_model_get. */
START_TEST(test_get_roundtrip)
{
    static const char *paths[] = {
        "scenario.horizon", "scenario.wom.nu", "segment.b.lambda", "segment.a.trust.mean",
        "journey.j.t1.friction", "journey.j.t2.recovery.success", "journey.j.frequency.b",
    };
    static const double values[] = {24, 6, 2.5, 0.7, 0.25, 0.9, 0.4};
    cx_model *m = two_segment_model();
    cx_error err;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        double v = -1;
        ck_assert_int_eq(cx_model_set(m, paths[i], values[i], &err), CX_OK);
        ck_assert_msg(cx_model_get(m, paths[i], &v, &err) == CX_OK, "%s", err.msg);
        ck_assert_double_eq(v, values[i]);
    }
    double v;
    ck_assert_int_eq(cx_model_get(m, "journey.j.frequency.a", &v, &err), CX_OK);
    ck_assert_double_eq(v, 1);          /* the default: 1 */
    cx_model_free(m);
}
END_TEST

/* A wildcard has a value when the parameters it names agree. */
START_TEST(test_get_wildcards)
{
    cx_model *m = two_segment_model();
    cx_error err;
    double v;
    ck_assert_int_eq(cx_model_get(m, "segment.*.kappa", &v, &err), CX_OK);
    ck_assert_double_eq(v, 0.5);        /* docs/model.md default, both segments */
    ck_assert_int_eq(cx_model_set(m, "segment.b.kappa", 0.2, &err), CX_OK);
    ck_assert_int_eq(cx_model_get(m, "segment.*.kappa", &v, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "segment.*.kappa names parameters that differ (0.5 and 0.2)");
    ck_assert_int_eq(cx_model_set(m, "journey.j.*.friction", 0.1, &err), CX_OK);
    ck_assert_int_eq(cx_model_get(m, "journey.j.*.friction", &v, &err), CX_OK);
    ck_assert_double_eq(v, 0.1);
    ck_assert_int_eq(cx_model_set(m, "journey.j.t2.friction", 0.3, &err), CX_OK);
    ck_assert_int_eq(cx_model_get(m, "journey.j.*.friction", &v, &err), CX_ERR_USAGE);
    /* journey.j.frequency is every segment's frequency */
    ck_assert_int_eq(cx_model_get(m, "journey.j.frequency", &v, &err), CX_OK);
    ck_assert_double_eq(v, 1);
    ck_assert_int_eq(cx_model_set(m, "journey.j.frequency.a", 0.5, &err), CX_OK);
    ck_assert_int_eq(cx_model_get(m, "journey.j.frequency", &v, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_set(m, "journey.j.frequency", 0.8, &err), CX_OK);
    ck_assert_int_eq(cx_model_get(m, "journey.j.frequency", &v, &err), CX_OK);
    ck_assert_double_eq(v, 0.8);
    cx_model_free(m);
}
END_TEST

/* Paths naming nothing fail as cx_model_set's do. */
START_TEST(test_get_errors)
{
    cx_model *m = two_segment_model();
    cx_error err;
    double v;
    ck_assert_int_eq(cx_model_get(m, "bogus.horizon", &v, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "must start with scenario., segment., journey. or intervention.");
    ck_assert_int_eq(cx_model_get(m, "scenario.nokey", &v, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "scenario has no parameter 'nokey'");
    ck_assert_int_eq(cx_model_get(m, "segment.nobody.lambda", &v, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "no segment named \"nobody\"");
    ck_assert_int_eq(cx_model_get(m, "segment.lambda", &v, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_get(m, "journey.nope.t0.friction", &v, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "no journey named \"nope\"");
    ck_assert_int_eq(cx_model_get(m, "journey.j.nope.friction", &v, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_get(m, "journey.j.t0.nokey", &v, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "touchpoint \"j.t0\" has no parameter 'nokey'");
    ck_assert_int_eq(cx_model_get(m, "journey.j.friction", &v, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_model_get(m, "journey.j.frequency.nobody", &v, &err), CX_ERR_USAGE);
    cx_model_free(m);
}
END_TEST

/* ---- validation -------------------------------------------------------------- */

START_TEST(test_validate_ok)
{
    /* 0.7 + 0.3 = 1, w_peak + w_end = 1 exactly (allowed: "at most 1"),
     * trust sd 0.15^2 = 0.0225 < 0.6 * 0.4 = 0.24 */
    cx_model *m = two_segment_model();
    cx_error err;
    ck_assert_int_eq(cx_model_validate(m, &err), CX_OK);
    /* sd 0 (a point mass) is a valid prior */
    m->segments[0].trust_sd = 0;
    ck_assert_int_eq(cx_model_validate(m, &err), CX_OK);
    cx_model_free(m);
}
END_TEST

START_TEST(test_validate_no_segment_no_journey)
{
    cx_model *m = cx_model_new();
    cx_segment s;
    cx_error err;
    ck_assert_ptr_nonnull(m);
    snprintf(m->source, sizeof m->source, "scen.lua");
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "scen.lua: the scenario declares no segment");
    cx_segment_defaults(&s, "all");
    ck_assert_int_eq(cx_model_add_segment(m, &s, NULL), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "scen.lua: the scenario declares no journey");
    /* a journey with no touchpoint, declared on line 9 */
    ck_assert_int_eq(cx_model_add_journey(m, "empty", 9, NULL, 0, &err), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "scen.lua:9: journey \"empty\" has no touchpoint");
    cx_model_free(m);
}
END_TEST

START_TEST(test_validate_shares)
{
    cx_model *m = two_segment_model();
    cx_error err;
    m->segments[1].share = 0.2;     /* 0.7 + 0.2 = 0.9 */
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "segment shares sum to 0.9, they must sum to 1");
    m->segments[1].share = 0.4;     /* 1.1 */
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_msg_has(err, "segment shares sum to 1.1");
    m->segments[1].share = 0.3000001;   /* within the 1e-6 tolerance of model.c */
    ck_assert_int_eq(cx_model_validate(m, &err), CX_OK);
    cx_model_free(m);
}
END_TEST

/* Shares of segments read from files: a file that gave every segment is
 * where the message points; otherwise each place's part is given. */
START_TEST(test_validate_shares_files)
{
    cx_model *m = two_segment_model();
    cx_segment c;
    cx_error err;
    snprintf(m->source, sizeof m->source, "scen.lua");
    m->segments[0].line = m->segments[1].line = 3;      /* segments_from_csv's line */
    snprintf(m->segments[0].file, sizeof m->segments[0].file, "d/s.csv");
    snprintf(m->segments[1].file, sizeof m->segments[1].file, "d/s.csv");
    m->segments[1].share = 0.2;     /* 0.7 + 0.2 */
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "scen.lua:3: d/s.csv: segment shares sum to 0.9, they must "
                     "sum to 1");
    /* two files */
    snprintf(m->segments[1].file, sizeof m->segments[1].file, "d/t.csv");
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "scen.lua:3: segment shares sum to 0.9, they must sum to 1 "
                     "(0.7 from d/s.csv, 0.2 from d/t.csv)");
    /* a file and a segment call: more than 1 */
    cx_segment_defaults(&c, "c");
    c.share = 0.25;
    c.line = 5;
    ck_assert_int_eq(cx_model_add_segment(m, &c, NULL), CX_OK);
    snprintf(m->segments[1].file, sizeof m->segments[1].file, "d/s.csv");
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "scen.lua:3: segment shares sum to 1.15, they must sum to 1 "
                     "(0.9 from d/s.csv, 0.25 from segment calls of the scenario)");
    m->segments[1].share = 0.05;    /* 0.7 + 0.05 + 0.25 */
    ck_assert_int_eq(cx_model_validate(m, &err), CX_OK);
    cx_model_free(m);
}
END_TEST

START_TEST(test_validate_peak_end_weights)
{
    cx_model *m = two_segment_model();
    cx_error err;
    snprintf(m->source, sizeof m->source, "scen.lua");
    m->segments[1].line = 7;
    m->segments[1].w_peak = 0.6;    /* 0.6 + 0.5 = 1.1 > 1 */
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg,
                     "scen.lua:7: segment \"b\": w_peak + w_end must be at most 1, got 1.1");
    cx_model_free(m);
}
END_TEST

START_TEST(test_validate_trust_sd)
{
    /* A Beta needs sd^2 < mean (1 - mean): 0.5^2 = 0.25 >= 0.6 * 0.4 = 0.24 */
    cx_model *m = two_segment_model();
    cx_error err;
    m->segments[0].trust_sd = 0.5;
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_msg_has(err, "segment \"a\": trust.sd 0.5 is too large for trust.mean 0.6");
    ck_assert_msg_has(err, "0.24");
    /* equality is not enough: mean 0.5, sd 0.5, 0.25 = 0.25 */
    m->segments[0].trust_mean = 0.5;
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    /* mean at a bound with positive sd: 0.1^2 >= 1 * 0 */
    m->segments[0].trust_mean = 1;
    m->segments[0].trust_sd = 0.1;
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    cx_model_free(m);
}
END_TEST

START_TEST(test_validate_journeys)
{
    /* several journeys are allowed; a frequency must name a declared segment */
    cx_model *m = two_segment_model();
    cx_touchpoint tp;
    cx_error err;
    cx_touchpoint_defaults(&tp, "x");
    ck_assert_int_eq(cx_model_add_journey(m, "second", 0, &tp, 1, &err), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, &err), CX_OK);
    cx_journey *j = &m->journeys[m->n_journeys - 1];
    ck_assert_double_eq(j->frequency, 1);           /* default: every period */
    ck_assert_int_eq(cx_journey_set_frequency(j, NULL, 0.25, &err), CX_OK);
    ck_assert_int_eq(cx_journey_set_frequency(j, m->segments[0].name, 0.5, &err), CX_OK);
    ck_assert_double_eq(cx_journey_frequency_of(j, &m->segments[0]), 0.5);
    ck_assert_double_eq(cx_journey_frequency_of(j, &m->segments[1]), 0.25);
    ck_assert_int_eq(cx_journey_set_frequency(j, NULL, 1.5, &err), CX_ERR_INPUT);
    ck_assert_msg_has(err, "frequency must be in [0,1], got 1.5");
    /* --set paths: journey.NAME.frequency[.SEGMENT] */
    ck_assert_int_eq(cx_model_set(m, "journey.second.frequency.ghost2", 0.7, &err), CX_OK);
    ck_assert_int_eq(cx_model_set(m, "journey.second.frequency", 0.3, &err), CX_OK);
    ck_assert_double_eq(cx_journey_frequency_of(j, &m->segments[0]), 0.3);  /* all segments */
    ck_assert_double_eq(cx_journey_frequency_of(j, &m->segments[1]), 0.3);
    ck_assert_int_eq(cx_model_set(m, "journey.second.frequency", 2, &err), CX_ERR_USAGE);
    ck_assert_msg_has(err, "frequency must be in [0,1], got 2");
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);   /* ghost2 */
    j->n_by_segment = 0;
    ck_assert_int_eq(cx_journey_set_frequency(j, "ghost", 0.5, &err), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_msg_has(err, "frequency names segment \"ghost\", which is not declared");
    cx_model_free(m);
}
END_TEST

START_TEST(test_successors)
{
    /* next names resolve to indices in declaration order, done last, so the
     * routing does not depend on the order the edges were listed in */
    cx_model *m = cx_model_new();
    cx_touchpoint tps[3];
    cx_error err;
    cx_touchpoint_defaults(&tps[0], "a");
    cx_touchpoint_defaults(&tps[1], "b");
    cx_touchpoint_defaults(&tps[2], "c");
    tps[0].n_next = 3;
    snprintf(tps[0].next_name[0], CX_NAME_MAX, "done");
    tps[0].next_p[0] = 0.1;
    snprintf(tps[0].next_name[1], CX_NAME_MAX, "c");
    tps[0].next_p[1] = 0.3;
    snprintf(tps[0].next_name[2], CX_NAME_MAX, "b");
    tps[0].next_p[2] = 0.6;
    ck_assert_int_eq(cx_model_add_journey(m, "j", 0, tps, 3, &err), CX_OK);
    const cx_touchpoint *a = &m->journeys[0].touchpoints[0];
    ck_assert_int_eq(a->next_index[0], 1);
    ck_assert_double_eq(a->next_p[0], 0.6);
    ck_assert_str_eq(a->next_name[0], "b");
    ck_assert_int_eq(a->next_index[1], 2);
    ck_assert_int_eq(a->next_index[2], CX_DONE);
    ck_assert_double_eq(a->next_p[2], 0.1);
    /* errors: unknown name, probabilities over 1, a name twice */
    snprintf(tps[0].next_name[1], CX_NAME_MAX, "zz");
    ck_assert_int_eq(cx_model_add_journey(m, "k", 0, tps, 3, &err), CX_ERR_INPUT);
    ck_assert_msg_has(err, "next names \"zz\", which is not a touchpoint of journey \"k\"");
    snprintf(tps[0].next_name[1], CX_NAME_MAX, "c");
    tps[0].next_p[1] = 0.5;
    ck_assert_int_eq(cx_model_add_journey(m, "k", 0, tps, 3, &err), CX_ERR_INPUT);
    ck_assert_msg_has(err, "next probabilities sum to 1.2, more than 1");
    snprintf(tps[0].next_name[1], CX_NAME_MAX, "b");
    tps[0].next_p[1] = 0.2;
    ck_assert_int_eq(cx_model_add_journey(m, "k", 0, tps, 3, &err), CX_ERR_INPUT);
    ck_assert_msg_has(err, "next names \"b\" twice");
    cx_model_free(m);
}
END_TEST

/* ---- duplicates ------------------------------------------------------------------ */

START_TEST(test_duplicate_names)
{
    cx_model *m = two_segment_model();
    cx_segment s;
    cx_touchpoint tps[2];
    cx_error err;
    snprintf(m->source, sizeof m->source, "scen.lua");
    cx_segment_defaults(&s, "a");
    s.line = 12;
    ck_assert_int_eq(cx_model_add_segment(m, &s, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "scen.lua:12: segment \"a\" is declared twice");
    ck_assert_uint_eq(m->n_segments, 2);
    cx_touchpoint_defaults(&tps[0], "u");
    cx_touchpoint_defaults(&tps[1], "v");
    ck_assert_int_eq(cx_model_add_journey(m, "j", 20, tps, 2, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "scen.lua:20: journey \"j\" is declared twice");
    cx_touchpoint_defaults(&tps[1], "u");
    tps[1].line = 23;
    ck_assert_int_eq(cx_model_add_journey(m, "k", 21, tps, 2, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "scen.lua:23: journey \"k\": touchpoint \"u\" appears twice");
    ck_assert_uint_eq(m->n_journeys, 1);
    cx_model_free(m);
}
END_TEST

/* ---- copy ------------------------------------------------------------------------- */

START_TEST(test_copy_deep)
{
    cx_model *m = two_segment_model(), *c;
    snprintf(m->source, sizeof m->source, "scen.lua");
    m->horizon = 30;
    m->journeys[0].touchpoints[1].friction = 0.2;
    c = cx_model_copy(m);
    ck_assert_ptr_nonnull(c);
    /* equal contents */
    ck_assert_int_eq(c->horizon, 30);
    ck_assert_str_eq(c->source, "scen.lua");
    ck_assert_uint_eq(c->n_segments, 2);
    ck_assert_uint_eq(c->n_journeys, 1);
    ck_assert_str_eq(c->segments[1].name, "b");
    ck_assert_double_eq(c->segments[1].share, 0.3);
    ck_assert_str_eq(c->journeys[0].name, "j");
    ck_assert_uint_eq(c->journeys[0].n_touchpoints, 3);
    ck_assert_str_eq(c->journeys[0].touchpoints[2].name, "t2");
    ck_assert_double_eq(c->journeys[0].touchpoints[1].friction, 0.2);
    /* separate storage */
    ck_assert_ptr_ne(c->segments, m->segments);
    ck_assert_ptr_ne(c->journeys, m->journeys);
    ck_assert_ptr_ne(c->journeys[0].touchpoints, m->journeys[0].touchpoints);
    /* editing the copy leaves the original alone, and back */
    c->segments[0].lambda = 3;
    c->journeys[0].touchpoints[1].friction = 0.9;
    ck_assert_int_eq(cx_model_set(c, "segment.b.kappa", 0.1, NULL), CX_OK);
    ck_assert_double_eq(m->segments[0].lambda, 2);
    ck_assert_double_eq(m->journeys[0].touchpoints[1].friction, 0.2);
    ck_assert_double_eq(m->segments[1].kappa, 0.5);
    m->journeys[0].touchpoints[0].base = -0.5;
    ck_assert_double_eq(c->journeys[0].touchpoints[0].base, 0.1);
    cx_model_free(m);
    /* the copy outlives the original */
    ck_assert_double_eq(c->journeys[0].touchpoints[1].friction, 0.9);
    cx_model_free(c);
}
END_TEST

START_TEST(test_copy_empty)
{
    cx_model *m = cx_model_new(), *c;
    ck_assert_ptr_nonnull(m);
    c = cx_model_copy(m);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(c->n_segments, 0);
    ck_assert_uint_eq(c->n_journeys, 0);
    ck_assert_ptr_null(c->segments);
    ck_assert_ptr_null(c->journeys);
    cx_model_free(m);
    cx_model_free(c);
}
END_TEST

/* ---- trust prior ------------------------------------------------------------------ */

START_TEST(test_trust_beta_moments)
{
    /* Method of moments (docs/model.md, "Time, population, segments and initial
     * trust"): mean 0.6,
     * sd 0.15: nu = 0.6 * 0.4 / 0.0225 - 1 = 10.6667 - 1 = 9.6667,
     * a = 0.6 nu = 5.8, b = 0.4 nu = 3.8667; check: a / (a + b) = 0.6 and
     * ab / ((a+b)^2 (a+b+1)) = 22.4267 / (93.444 * 10.6667) = 0.0225. */
    cx_segment s;
    double a = 0, b = 0;
    cx_segment_defaults(&s, "s");
    ck_assert_int_eq(cx_segment_trust_beta(&s, &a, &b), 0);
    ck_assert_double_eq_tol(a, 5.8, 1e-12);
    ck_assert_double_eq_tol(b, 3.8666666666667, 1e-12);
    ck_assert_double_eq_tol(a / (a + b), 0.6, 1e-12);
    ck_assert_double_eq_tol(a * b / ((a + b) * (a + b) * (a + b + 1)), 0.0225, 1e-12);
    /* mean 0.5, sd 0.1: nu = 0.25 / 0.01 - 1 = 24, a = b = 12 */
    s.trust_mean = 0.5;
    s.trust_sd = 0.1;
    ck_assert_int_eq(cx_segment_trust_beta(&s, &a, &b), 0);
    ck_assert_double_eq_tol(a, 12, 1e-12);
    ck_assert_double_eq_tol(b, 12, 1e-12);
    /* sd 0: a point mass, -1 and a, b untouched */
    s.trust_sd = 0;
    a = b = -7;
    ck_assert_int_eq(cx_segment_trust_beta(&s, &a, &b), -1);
    ck_assert_double_eq(a, -7);
    ck_assert_double_eq(b, -7);
}
END_TEST

static Suite *model_suite(void)
{
    Suite *s = suite_create("model");
    TCase *def = tcase_create("defaults_tables");
    TCase *set = tcase_create("set");
    TCase *val = tcase_create("validate");
    TCase *misc = tcase_create("copy_trust");
    tcase_add_test(def, test_touchpoint_defaults);
    tcase_add_test(def, test_segment_defaults);
    tcase_add_test(def, test_scenario_defaults);
    tcase_add_test(def, test_tables_consistent);
    tcase_add_test(def, test_tables_cover_model_keys);
    tcase_add_test(set, test_param_set_range);
    tcase_add_test(set, test_param_set_integer);
    tcase_add_test(set, test_set_scenario);
    tcase_add_test(set, test_set_segment);
    tcase_add_test(set, test_set_journey);
    tcase_add_test(set, test_set_errors_usage);
    tcase_add_test(set, test_set_errors_value);
    tcase_add_test(set, test_get_roundtrip);
    tcase_add_test(set, test_get_wildcards);
    tcase_add_test(set, test_get_errors);
    tcase_add_test(val, test_validate_ok);
    tcase_add_test(val, test_validate_no_segment_no_journey);
    tcase_add_test(val, test_validate_shares);
    tcase_add_test(val, test_validate_shares_files);
    tcase_add_test(val, test_validate_peak_end_weights);
    tcase_add_test(val, test_validate_trust_sd);
    tcase_add_test(val, test_validate_journeys);
    tcase_add_test(val, test_successors);
    tcase_add_test(val, test_duplicate_names);
    tcase_add_test(misc, test_copy_deep);
    tcase_add_test(misc, test_copy_empty);
    tcase_add_test(misc, test_trust_beta_moments);
    suite_add_tcase(s, def);
    suite_add_tcase(s, set);
    suite_add_tcase(s, val);
    suite_add_tcase(s, misc);
    return s;
}

int main(void)
{
    return cx_test_run(model_suite());
}
