/* check_loader.c - the Lua scenario loader (cx_scenario_load).
 *
 * Expected values:
 * - Defaults: the `def` column of the parameter tables (model.h), and the
 *   literal defaults of docs/model.md ("One touchpoint visit", "Remembering
 *   a journey", and the sections from "Likelihood to recommend and NPS" to
 *   "Word of mouth and acquisition") for a cross-check of those tables.
 * - Messages: the format of docs/scenarios.md "Errors": PATH:LINE:
 *   constructor: message, where LINE is the line of the constructor call
 *   in the fixture (fixtures under tests/data/scenarios/ start with a
 *   comment line, so line 2 is the first line of code).
 * - Budgets: loader.h (100 million instructions, 256 MiB).
 * - Interventions: the edits are the set entries by full path, wildcards
 *   first, then apply's writes in first-write order with the last value
 *   (docs/scenarios.md "Interventions"); values in interventions.lua are
 *   computed by hand in its comments.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cxsim/model.h"
#include "cxsim/scenario.h"
#include "test_util.h"

/* ---- helpers ----------------------------------------------------------------- */

static void fixture(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("CX_SRCDIR");
    snprintf(buf, size, "%s/tests/data/scenarios/%s", dir && *dir ? dir : ".", name);
}

static cx_model *load_path(const char *path)
{
    cx_model *m = NULL;
    cx_error err;
    cx_status st = cx_scenario_load(path, &m, &err);
    ck_assert_msg(st == CX_OK, "%s: status %d: %s", path, (int)st, err.msg);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(err.code, CX_OK);
    return m;
}

static cx_model *load_fixture(const char *name)
{
    char path[1024];
    fixture(path, sizeof path, name);
    return load_path(path);
}

/* Loads path and expects code with the message path + suffix exactly. */
static void expect_path_error(const char *path, cx_status code, const char *suffix)
{
    char want[CX_ERROR_MAX + 1200];
    cx_model *m = (cx_model *)&want;    /* must be reset to NULL */
    cx_error err;
    cx_status st = cx_scenario_load(path, &m, &err);
    ck_assert_ptr_null(m);
    ck_assert_msg(st == code, "%s: status %d, want %d: %s", path, (int)st, (int)code, err.msg);
    ck_assert_int_eq(err.code, code);
    snprintf(want, sizeof want, "%s%s", path, suffix);
    ck_assert_str_eq(err.msg, want);
}

static void expect_error(const char *name, cx_status code, const char *suffix)
{
    char path[1024];
    fixture(path, sizeof path, name);
    expect_path_error(path, code, suffix);
}

/* Expects an input error whose message starts with path + prefix. */
static void expect_error_prefix(const char *name, const char *prefix)
{
    char path[1024], want[1200];
    cx_model *m = NULL;
    cx_error err;
    fixture(path, sizeof path, name);
    ck_assert_int_eq(cx_scenario_load(path, &m, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(m);
    snprintf(want, sizeof want, "%s%s", path, prefix);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "got '%s', want prefix '%s'",
                  err.msg, want);
}

/* A scratch directory for generated scenarios, removed by tmp_done. */
static char tmpdir[256];

static void tmp_setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/cxsim_loader_XXXXXX",
             getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static void write_text(const char *path, const char *text)
{
    write_file(path, text, strlen(text));
}

/* Writes text to tmpdir/name; path receives the file's path. */
static void tmp_write(char *path, size_t size, const char *name, const char *text)
{
    snprintf(path, size, "%s/%s", tmpdir, name);
    write_text(path, text);
}

/* ---- defaults and values ------------------------------------------------------- */

static void check_defaults(const cx_param_spec *specs, size_t n, const void *obj,
                           const char *what)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(cx_param_get(&specs[i], obj) == specs[i].def, "%s %s: got %.17g, want %.17g",
                      what, specs[i].key, cx_param_get(&specs[i], obj), specs[i].def);
}

START_TEST(test_defaults)
{
    size_t nsc, nsg, ntp;
    char path[1024];
    const cx_param_spec *sc = cx_model_scenario_params(&nsc);
    const cx_param_spec *sg = cx_model_segment_params(&nsg);
    const cx_param_spec *tp = cx_model_touchpoint_params(&ntp);
    cx_model *m = load_fixture("minimal.lua");
    fixture(path, sizeof path, "minimal.lua");
    ck_assert_str_eq(m->source, path);
    check_defaults(sc, nsc, m, "scenario");
    ck_assert_uint_eq(m->n_segments, 1);
    ck_assert_uint_eq(m->n_journeys, 1);
    ck_assert_uint_eq(m->journeys[0].n_touchpoints, 1);
    check_defaults(sg, nsg, &m->segments[0], "segment");
    check_defaults(tp, ntp, &m->journeys[0].touchpoints[0], "touchpoint");
    cx_model_free(m);
}
END_TEST

/* The tables' defaults against docs/model.md's literal ones. */
START_TEST(test_defaults_model_md)
{
    cx_model *m = load_fixture("minimal.lua");
    const cx_segment *s = &m->segments[0];
    const cx_touchpoint *tp = &m->journeys[0].touchpoints[0];
    /* "One touchpoint visit" */
    ck_assert(tp->base == 0.1 && tp->friction == 0 && tp->severity == 0.3);
    ck_assert(tp->delight == 0 && tp->delight_gain == 0.3 && tp->weight == 1);
    ck_assert(tp->abandon == 0 && tp->rec_attempt == 0 && tp->rec_success == 0.5);
    ck_assert(tp->rec_gain == 0.4 && tp->rec_fail_loss == 0.2 && tp->effort == 1);
    ck_assert_str_eq(tp->channel, "web");
    ck_assert(s->lambda == 2.0 && s->kappa == 0.5 && s->tau_r == 0.05 && s->tau_f == 0.05);
    ck_assert(m->continuity == 0.3 && m->channel_break == 0.5 && m->break_severity == 0.2);
    ck_assert(s->refuse_data == 0.3);
    /* "Remembering a journey" */
    ck_assert(s->w_peak == 0.5 && s->w_end == 0.5 && s->beta == 0.2);
    ck_assert(s->eta_up == 0.10 && s->eta_down == 0.25);
    /* "Outcomes of a period" */
    ck_assert(s->ltr_a == -0.5 && s->ltr_b == 3.0 && s->ltr_c == 2.0 && s->ltr_sigma == 1.0);
    ck_assert(s->h0 == 0.03 && s->t0 == 0.5 && s->g_t == 2.0 && s->g_r == 1.0 && s->m_ab == 2.0);
    ck_assert(s->q0 == 0.02 && s->d_r == 2.0 && s->d_t == 1.0 && s->uplift == 0.1);
    ck_assert(m->rho_p == 0.3 && m->rho_d == 0.3 && m->nu == 4 && m->conv == 0.3);
    ck_assert(m->deter == 0.05 && m->inflow == 0.005 && m->discount_rate == 0.01);
    cx_model_free(m);
}
END_TEST

START_TEST(test_example)
{
    cx_model *m = load_fixture("example.lua");
    ck_assert_str_eq(m->name, "Checkout quick wins");
    ck_assert_int_eq(m->horizon, 12);
    ck_assert_int_eq(m->population, 100000);
    ck_assert_int_eq(m->reps, 20);
    ck_assert(m->discount_rate == 0.01 && m->continuity == 0.3);
    ck_assert(m->rho_p == 0.3 && m->rho_d == 0.3 && m->nu == 4 && m->conv == 0.3
              && m->deter == 0.05);
    ck_assert_uint_eq(m->n_segments, 2);
    const cx_segment *v = &m->segments[0], *p = &m->segments[1];
    ck_assert_str_eq(v->name, "value_seeker");
    ck_assert(v->share == 0.7 && v->margin == 20 && v->h0 == 0.03 && v->lambda == 2.0);
    ck_assert_str_eq(p->name, "premium");
    ck_assert(p->share == 0.3 && p->margin == 60 && p->h0 == 0.015 && p->lambda == 2.5);
    ck_assert(p->trust_mean == 0.6 && p->trust_sd == 0.15);
    ck_assert_int_eq(v->line, 7);
    ck_assert_int_eq(p->line, 8);
    ck_assert_uint_eq(m->n_journeys, 1);
    const cx_journey *j = &m->journeys[0];
    ck_assert_str_eq(j->name, "purchase");
    ck_assert_int_eq(j->line, 11);
    ck_assert_uint_eq(j->n_touchpoints, 2);
    const cx_touchpoint *d = &j->touchpoints[0], *c = &j->touchpoints[1];
    ck_assert_str_eq(d->name, "discover");
    ck_assert_str_eq(d->channel, "social");
    ck_assert_int_eq(d->line, 12);
    ck_assert_str_eq(c->name, "checkout");
    ck_assert_str_eq(c->channel, "web");
    ck_assert_int_eq(c->line, 13);
    ck_assert(c->friction == 0.25 && c->severity == 0.5 && c->abandon == 0.35 && c->weight == 2.0);
    ck_assert(c->rec_attempt == 0.2 && c->rec_success == 0.6 && c->rec_gain == 0.4);
    cx_model_free(m);
}
END_TEST

START_TEST(test_plain_lua)
{
    cx_model *m = load_fixture("plain_lua.lua");
    ck_assert_uint_eq(m->n_segments, 2);
    ck_assert(m->segments[0].share == 0.25 && m->segments[1].share == 0.75);
    ck_assert(m->segments[0].ltr_a == -1 && m->segments[1].ltr_a == -1);
    const cx_journey *j = &m->journeys[0];
    ck_assert_uint_eq(j->n_touchpoints, 3);
    const char *names[] = {"search", "compare", "pay"};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(j->touchpoints[i].name, names[i]);
        ck_assert(j->touchpoints[i].friction == 0.1 * (double)(i + 1));
        ck_assert(j->touchpoints[i].rec_attempt == 0.5);
        ck_assert_int_eq(j->touchpoints[i].line, 5);    /* made in the loop */
    }
    cx_model_free(m);
}
END_TEST

/* ---- journey graphs, frequencies, several journeys ------------------------------ */

/* Edge k of tp: name, probability and resolved index. */
static void check_edge(const cx_touchpoint *tp, size_t k, const char *name, double p,
                       int index)
{
    ck_assert_uint_lt(k, tp->n_next);
    ck_assert_str_eq(tp->next_name[k], name);
    ck_assert_msg(tp->next_p[k] == p, "%s -> %s: p %.17g, want %.17g", tp->name, name,
                  tp->next_p[k], p);
    ck_assert_int_eq(tp->next_index[k], index);
}

/* graph.lua: touchpoints browse(0) cart(1) help(2) pay(3) confirm(4). */
START_TEST(test_graph)
{
    cx_model *m = load_fixture("graph.lua");
    ck_assert_uint_eq(m->n_journeys, 1);
    const cx_touchpoint *tp = m->journeys[0].touchpoints;
    ck_assert_uint_eq(m->journeys[0].n_touchpoints, 5);
    ck_assert_uint_eq(tp[0].n_next, 3);     /* declaration order, done last */
    check_edge(&tp[0], 0, "browse", 0.2, 0);
    check_edge(&tp[0], 1, "cart", 0.6, 1);
    check_edge(&tp[0], 2, "done", 0.2, CX_DONE);
    ck_assert_uint_eq(tp[1].n_next, 1);     /* a string: probability 1 */
    check_edge(&tp[1], 0, "pay", 1, 3);
    ck_assert_uint_eq(tp[2].n_next, 0);     /* left out: the next in order */
    ck_assert_uint_eq(tp[3].n_next, 1);     /* 0.7 left over goes to done */
    check_edge(&tp[3], 0, "help", 0.3, 2);
    ck_assert_uint_eq(tp[4].n_next, 1);
    check_edge(&tp[4], 0, "done", 1, CX_DONE);
    /* the keys of docs/model.md "One touchpoint visit" beside next */
    ck_assert(tp[0].optional == 1 && tp[1].optional == 0.9 && tp[2].optional == 0.25);
    ck_assert(tp[3].dissonance == 0.4 && tp[3].dissonance_severity == 0.5);
    ck_assert(tp[4].reassure == 0.7 && tp[4].personalisation == 0.6);
    ck_assert(tp[0].dissonance == 0 && tp[0].reassure == 0 && tp[0].personalisation == 0);
    cx_model_free(m);
}
END_TEST

/* graph_order.lua: however the next tables were filled, every touchpoint
 * ends up with zeta(0) 0.1, alpha(1) 0.2, mid(2) 0.3, done 0.4. */
START_TEST(test_graph_order)
{
    cx_model *m = load_fixture("graph_order.lua");
    const cx_journey *j = &m->journeys[0];
    ck_assert_uint_eq(j->n_touchpoints, 3);
    for (size_t k = 0; k < 3; k++) {
        const cx_touchpoint *tp = &j->touchpoints[k];
        ck_assert_uint_eq(tp->n_next, 4);
        check_edge(tp, 0, "zeta", 0.1, 0);
        check_edge(tp, 1, "alpha", 0.2, 1);
        check_edge(tp, 2, "mid", 0.3, 2);
        check_edge(tp, 3, "done", 0.4, CX_DONE);
    }
    cx_model_free(m);
}
END_TEST

/* A touchpoint value put in two journeys is resolved in each. */
START_TEST(test_graph_reuse)
{
    char path[1024];
    tmp_setup();
    tmp_write(path, sizeof path, "reuse.lua",
              "segment \"s\" {}\n"
              "local pay = touchpoint \"pay\" { next = { help = 0.5 } }\n"
              "journey \"a\" { touchpoint \"help\" {}, pay }\n"
              "journey \"b\" { pay, touchpoint \"x\" {}, touchpoint \"help\" {} }\n");
    cx_model *m = load_path(path);
    ck_assert_uint_eq(m->n_journeys, 2);
    check_edge(&m->journeys[0].touchpoints[1], 0, "help", 0.5, 0);
    check_edge(&m->journeys[1].touchpoints[0], 0, "help", 0.5, 2);
    ck_assert_int_eq(m->journeys[1].touchpoints[0].line, 2);
    cx_model_free(m);
    unlink(path);
    rmdir(tmpdir);
}
END_TEST

static const cx_segment *segment_named(const cx_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_segments; i++)
        if (strcmp(m->segments[i].name, name) == 0)
            return &m->segments[i];
    ck_abort_msg("no segment %s", name);
    return NULL;
}

/* journeys.lua: four journeys in order, frequencies as written (by_segment
 * sorted by name), segments declared after the journeys, new scenario keys. */
START_TEST(test_journeys)
{
    cx_model *m = load_fixture("journeys.lua");
    const char *names[] = {"purchase", "support", "renewal", "visit"};
    const int lines[] = {5, 9, 13, 14};
    ck_assert_uint_eq(m->n_journeys, 4);
    for (size_t j = 0; j < 4; j++) {
        ck_assert_str_eq(m->journeys[j].name, names[j]);
        ck_assert_int_eq(m->journeys[j].line, lines[j]);
    }
    const cx_journey *p = &m->journeys[0], *s = &m->journeys[1];
    const cx_journey *r = &m->journeys[2], *v = &m->journeys[3];
    ck_assert(p->frequency == 1 && p->n_by_segment == 0);     /* the default */
    ck_assert(s->frequency == 0.05 && s->n_by_segment == 2);  /* "*" */
    ck_assert_str_eq(s->by_segment[0].segment, "premium");
    ck_assert_str_eq(s->by_segment[1].segment, "value_seeker");
    ck_assert(s->by_segment[0].value == 0.5 && s->by_segment[1].value == 0.1);
    ck_assert(r->frequency == 0.2 && r->n_by_segment == 0);
    ck_assert(v->frequency == 1 && v->n_by_segment == 1 && v->by_segment[0].value == 0.3);
    const cx_segment *prem = segment_named(m, "premium"), *cas = segment_named(m, "casual");
    ck_assert(cx_journey_frequency_of(s, prem) == 0.5);
    ck_assert(cx_journey_frequency_of(s, cas) == 0.05);
    ck_assert(cx_journey_frequency_of(v, cas) == 1);
    ck_assert(p->touchpoints[1].dissonance == 0.3);
    ck_assert(m->personal_gain == 0.4 && m->intrusion == 0.6);
    ck_assert(m->intrusion_severity == 0.5 && m->max_visits == 50);
    cx_model_free(m);
}
END_TEST

/* A journey call that fails, caught by pcall, adds nothing: the journey
 * declared next under the same name is no duplicate and has frequency 1. */
START_TEST(test_journey_pcall)
{
    char path[1024];
    tmp_setup();
    tmp_write(path, sizeof path, "pcall.lua",
              "segment \"s\" {}\n"
              "assert(not pcall(journey \"j\", { touchpoint \"t\" {}, frequency = 2 }))\n"
              "assert(not pcall(journey \"j\", { touchpoint \"t\" {}, frequency = { s = {} } }))\n"
              "assert(not pcall(journey \"j\", { touchpoint \"t\" { next = \"u\" } }))\n"
              "journey \"j\" { touchpoint \"t\" {} }\n");
    cx_model *m = load_path(path);
    ck_assert_uint_eq(m->n_journeys, 1);
    ck_assert(m->journeys[0].frequency == 1 && m->journeys[0].n_by_segment == 0);
    ck_assert_uint_eq(m->journeys[0].touchpoints[0].n_next, 0);
    cx_model_free(m);
    unlink(path);
    rmdir(tmpdir);
}
END_TEST

/* ---- every key settable (scenarios generated from the parameter tables) ---- */

/* A value in range, different from the default. */
static double pick(const cx_param_spec *s)
{
    double v = s->lo + 0.37 * (s->hi - s->lo);
    if (s->kind != CX_PARAM_REAL)
        v = floor(v);
    if (v == s->def)
        v = s->kind != CX_PARAM_REAL ? (v + 1 <= s->hi ? v + 1 : v - 1)
                                     : s->lo + 0.41 * (s->hi - s->lo);
    return v;
}

/* Appends "key = value, " for every spec (except skip) to buf: flat dotted
 * keys as ["a.b"] = v, or nested as a = { b = v, ... }. */
static void append_keys(char *buf, size_t size, const cx_param_spec *specs, size_t n,
                        const char *skip, int nested)
{
    for (size_t i = 0; i < n; i++) {
        const char *key = specs[i].key, *dot = strchr(key, '.');
        size_t len = strlen(buf);
        if (skip && strcmp(key, skip) == 0)
            continue;
        if (!dot) {
            snprintf(buf + len, size - len, "%s = %.17g, ", key, pick(&specs[i]));
        } else if (!nested) {
            snprintf(buf + len, size - len, "[\"%s\"] = %.17g, ", key, pick(&specs[i]));
        } else {
            size_t head = (size_t)(dot - key);
            int first = 1;
            for (size_t k = 0; k < i; k++)
                if (strncmp(specs[k].key, key, head + 1) == 0)
                    first = 0;
            if (!first)
                continue;       /* its group was written with the first one */
            ck_assert_ptr_null(strchr(dot + 1, '.'));
            snprintf(buf + len, size - len, "%.*s = { ", (int)head, key);
            for (size_t k = i; k < n; k++)
                if (strncmp(specs[k].key, key, head + 1) == 0) {
                    len = strlen(buf);
                    snprintf(buf + len, size - len, "%s = %.17g, ", specs[k].key + head + 1,
                             pick(&specs[k]));
                }
            len = strlen(buf);
            snprintf(buf + len, size - len, "}, ");
        }
    }
}

static void check_picked(const cx_param_spec *specs, size_t n, const void *obj,
                         const char *skip, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!skip || strcmp(specs[i].key, skip) != 0)
            ck_assert_msg(cx_param_get(&specs[i], obj) == pick(&specs[i]),
                          "%s %s: got %.17g, want %.17g", what, specs[i].key,
                          cx_param_get(&specs[i], obj), pick(&specs[i]));
}

static void every_key(int nested)
{
    static char text[16384];
    char path[1024];
    size_t nsc, nsg, ntp;
    const cx_param_spec *sc = cx_model_scenario_params(&nsc);
    const cx_param_spec *sg = cx_model_segment_params(&nsg);
    const cx_param_spec *tp = cx_model_touchpoint_params(&ntp);
    /* Segment "a" takes every picked value; "b" makes the shares sum to 1. */
    const cx_param_spec *share = cx_param_find(sg, nsg, "share");
    ck_assert_ptr_nonnull(share);
    snprintf(text, sizeof text, "scenario { name = \"every key\", ");
    append_keys(text, sizeof text, sc, nsc, NULL, nested);
    strcat(text, "}\nsegment \"a\" { ");
    append_keys(text, sizeof text, sg, nsg, NULL, nested);
    snprintf(text + strlen(text), sizeof text - strlen(text),
             "}\nsegment \"b\" { share = %.17g }\njourney \"j\" {\n  touchpoint \"t\" { "
             "channel = \"mail\", ", 1 - pick(share));
    append_keys(text, sizeof text, tp, ntp, NULL, nested);
    strcat(text, "},\n}\n");
    ck_assert_uint_lt(strlen(text), sizeof text - 1);
    tmp_setup();
    tmp_write(path, sizeof path, "every.lua", text);
    cx_model *m = load_path(path);
    ck_assert_str_eq(m->name, "every key");
    check_picked(sc, nsc, m, NULL, "scenario");
    check_picked(sg, nsg, &m->segments[0], NULL, "segment");
    check_picked(tp, ntp, &m->journeys[0].touchpoints[0], NULL, "touchpoint");
    ck_assert_str_eq(m->journeys[0].touchpoints[0].channel, "mail");
    cx_model_free(m);
    unlink(path);
    rmdir(tmpdir);
}

START_TEST(test_every_key_nested) { every_key(1); }
END_TEST

START_TEST(test_every_key_flat) { every_key(0); }
END_TEST

/* Every range boundary is accepted, and just past it is refused with the
 * message of cx_param_set behind the touchpoint's position. */
START_TEST(test_ranges)
{
    size_t n;
    char text[512], path[1024], want[2048];
    const cx_param_spec *tp = cx_model_touchpoint_params(&n);
    tmp_setup();
    for (size_t i = 0; i < n; i++) {
        double ends[2] = {tp[i].lo, tp[i].hi};
        for (int e = 0; e < 2; e++) {
            snprintf(text, sizeof text, "segment \"s\" {}\njourney \"j\" {\n"
                     "  touchpoint \"t\" { [\"%s\"] = %.17g },\n}\n", tp[i].key, ends[e]);
            tmp_write(path, sizeof path, "range.lua", text);
            cx_model *m = load_path(path);
            cx_model_free(m);
            double out = e ? tp[i].hi + 1 : tp[i].lo - 1;
            snprintf(text, sizeof text, "segment \"s\" {}\njourney \"j\" {\n"
                     "  touchpoint \"t\" { [\"%s\"] = %.17g },\n}\n", tp[i].key, out);
            tmp_write(path, sizeof path, "range.lua", text);
            snprintf(want, sizeof want, ":3: touchpoint \"t\": %s must be in [%.10g,%.10g], got %.10g",
                     tp[i].key, tp[i].lo, tp[i].hi, out);
            expect_path_error(path, CX_ERR_INPUT, want);
        }
    }
    unlink(path);
    rmdir(tmpdir);
}
END_TEST

/* docs/scenarios.md lists every key of the parameter tables
 * (docs/architecture.md, house style point 16). */
START_TEST(test_docs_keys)
{
    static char doc[65536];
    char path[1024], row[256];
    const char *dir = getenv("CX_SRCDIR");
    snprintf(path, sizeof path, "%s/docs/scenarios.md", dir && *dir ? dir : ".");
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    size_t len = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[len] = '\0';
    const cx_param_spec *(*tables[])(size_t *) = {cx_model_scenario_params,
                                                  cx_model_segment_params,
                                                  cx_model_touchpoint_params};
    for (size_t t = 0; t < 3; t++) {
        size_t n;
        const cx_param_spec *specs = tables[t](&n);
        for (size_t i = 0; i < n; i++) {
            snprintf(row, sizeof row, "| `%s` | %.10g |", specs[i].key, specs[i].def);
            ck_assert_msg(strstr(doc, row) != NULL, "%s: no row starting '%s'", path, row);
        }
    }
}
END_TEST

/* ---- errors in constructor tables ---------------------------------------------- */

START_TEST(test_err_range)
{
    expect_error("bad_range.lua", CX_ERR_INPUT,
                 ":5: touchpoint \"checkout\": friction must be in [0,1], got 1.3");
}
END_TEST

START_TEST(test_err_unknown_key)
{
    expect_error("bad_unknown_key.lua", CX_ERR_INPUT,
                 ":2: segment \"premium\": unknown key 'frcition'");
    expect_error("bad_suggest.lua", CX_ERR_INPUT,
                 ":4: touchpoint \"checkout\": unknown key 'frcition'; did you mean 'friction'?");
    expect_error("bad_nested_key.lua", CX_ERR_INPUT,
                 ":4: touchpoint \"checkout\": unknown key 'recovery.atempt'; "
                 "did you mean 'recovery.attempt'?");
}
END_TEST

START_TEST(test_err_types)
{
    expect_error("bad_type.lua", CX_ERR_INPUT,
                 ":3: touchpoint \"checkout\": friction must be a number, got string");
    expect_error("bad_boolean.lua", CX_ERR_INPUT,
                 ":3: touchpoint \"checkout\": abandon must be a number, got boolean");
    expect_error("bad_channel.lua", CX_ERR_INPUT,
                 ":3: touchpoint \"t\": channel must be a string, got number");
    expect_error("bad_group_type.lua", CX_ERR_INPUT,
                 ":2: segment \"all\": trust must be a table, got number");
    expect_error("bad_integer.lua", CX_ERR_INPUT,
                 ":2: scenario: horizon must be an integer, got 12.5");
    expect_error("bad_positional.lua", CX_ERR_INPUT,
                 ":2: segment \"all\": unexpected [1] = number; parameters are written key = value");
    expect_error("bad_given_twice.lua", CX_ERR_INPUT,
                 ":2: segment \"all\": trust.mean is given twice");
}
END_TEST

START_TEST(test_err_nan)
{
    char path[1024];
    tmp_setup();
    tmp_write(path, sizeof path, "nan.lua",
              "segment \"s\" {}\njourney \"j\" { touchpoint \"t\" { friction = 0/0 } }\n");
    cx_model *m = NULL;
    cx_error err;
    ck_assert_int_eq(cx_scenario_load(path, &m, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, ":2: touchpoint \"t\": friction must be in [0,1], got "));
    ck_assert_ptr_nonnull(strstr(err.msg, "nan"));
    unlink(path);
    rmdir(tmpdir);
}
END_TEST

/* ---- errors in constructor calls ------------------------------------------------ */

START_TEST(test_err_scenario)
{
    expect_error("bad_scenario_twice.lua", CX_ERR_INPUT,
                 ":3: scenario: called twice (first at line 2)");
    expect_error("bad_scenario_arg.lua", CX_ERR_INPUT,
                 ":2: scenario: expects a table, got string; "
                 "write scenario { name = \"...\", horizon = 12, ... }");
}
END_TEST

START_TEST(test_err_duplicates)
{
    expect_error("bad_dup_segment.lua", CX_ERR_INPUT, ":3: segment \"a\" is declared twice");
    expect_error("bad_dup_journey.lua", CX_ERR_INPUT, ":4: journey \"j\" is declared twice");
    expect_error("bad_dup_touchpoint.lua", CX_ERR_INPUT,
                 ":5: journey \"j\": touchpoint \"t\" appears twice");
}
END_TEST

START_TEST(test_err_names)
{
    expect_error("bad_name_type.lua", CX_ERR_INPUT,
                 ":3: touchpoint: name must be a string, got number");
    expect_error("bad_name_long.lua", CX_ERR_INPUT,
                 ":2: segment: name \"aaaaaaaaaaaaaaaaaaaa...\" is longer than 63 bytes");
    expect_error("bad_name_dot.lua", CX_ERR_INPUT,
                 ":2: segment: name \"a.b\" must not contain '.' or '*' "
                 "(they separate the parts of --set paths)");
}
END_TEST

START_TEST(test_err_journey)
{
    expect_error("bad_element.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": element 2 is not a touchpoint, got number");
    expect_error("bad_curried_element.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": element 2 is touchpoint \"u\" without its table; "
                 "write touchpoint \"u\" { ... }");
    expect_error("bad_journey_key.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": unknown key 'friction'; "
                 "a journey lists its touchpoints in order and may set frequency, start and once");
    expect_error("bad_journey_index.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": unexpected key [5]; "
                 "a journey lists its touchpoints in order");
    expect_error("bad_missing_table.lua", CX_ERR_INPUT,
                 ":4: segment \"forgotten\": missing its table; write segment \"forgotten\" { ... }");
}
END_TEST

/* ---- errors in next and frequency ---------------------------------------------- */

START_TEST(test_err_next)
{
    expect_error("bad_next_value.lua", CX_ERR_INPUT,
                 ":4: touchpoint \"browse\": next.cart must be a number, got string");
    expect_error("bad_next_list.lua", CX_ERR_INPUT,
                 ":4: touchpoint \"browse\": unexpected next[1] = string; "
                 "write next = { name = probability, ... }");
    expect_error("bad_next_many.lua", CX_ERR_INPUT,
                 ":4: touchpoint \"t\": next has 9 entries, at most 8");
    expect_error("bad_next_type.lua", CX_ERR_INPUT,
                 ":3: touchpoint \"t\": next must be a touchpoint name or a table of "
                 "name = probability, got boolean");
    expect_error("bad_next_empty.lua", CX_ERR_INPUT,
                 ":3: touchpoint \"t\": next is empty; write next = \"done\" to end "
                 "the journey here");
    expect_error("bad_name_done.lua", CX_ERR_INPUT,
                 ":3: touchpoint: name \"done\" is reserved (next = \"done\" ends the journey)");
}
END_TEST

/* Found by cx_model_add_journey, which knows the journey's touchpoints; its
 * messages name the touchpoint's line through m->source. */
START_TEST(test_err_next_model)
{
    expect_error("bad_next_unknown.lua", CX_ERR_INPUT,
                 ":4: touchpoint \"browse\": next names \"chekout\", which is not a "
                 "touchpoint of journey \"j\" (nor \"done\" or \"drop\")");
    expect_error("bad_next_sum.lua", CX_ERR_INPUT,
                 ":4: touchpoint \"browse\": next probabilities sum to 1.2, more than 1");
}
END_TEST

/* Generated: a range, a long name, a misspelt next, a string next naming
 * no touchpoint. */
START_TEST(test_err_next_generated)
{
    char path[1024];
    tmp_setup();
    tmp_write(path, sizeof path, "next.lua", "segment \"s\" {}\n"
              "journey \"j\" { touchpoint \"t\" { next = { done = 1.5 } } }\n");
    expect_path_error(path, CX_ERR_INPUT,
                      ":2: touchpoint \"t\": next.done must be in [0,1], got 1.5");
    tmp_write(path, sizeof path, "next.lua", "segment \"s\" {}\n"
              "journey \"j\" { touchpoint \"t\" { next = string.rep(\"a\", 64) } }\n");
    expect_path_error(path, CX_ERR_INPUT,
                      ":2: touchpoint \"t\": next names \"aaaaaaaaaaaaaaaaaaaa...\", "
                      "longer than 63 bytes");
    tmp_write(path, sizeof path, "next.lua", "segment \"s\" {}\n"
              "journey \"j\" { touchpoint \"t\" { nxet = \"done\" } }\n");
    expect_path_error(path, CX_ERR_INPUT,
                      ":2: touchpoint \"t\": unknown key 'nxet'; did you mean 'next'?");
    tmp_write(path, sizeof path, "next.lua", "segment \"s\" {}\n"
              "journey \"j\" {\n  touchpoint \"t\" { next = \"u\" },\n}\n");
    expect_path_error(path, CX_ERR_INPUT,
                      ":3: touchpoint \"t\": next names \"u\", which is not a "
                      "touchpoint of journey \"j\" (nor \"done\" or \"drop\")");
    unlink(path);
    rmdir(tmpdir);
}
END_TEST

START_TEST(test_err_frequency)
{
    expect_error("bad_frequency_range.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": frequency must be in [0,1], got 1.5");
    expect_error("bad_frequency_default.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": frequency.* must be in [0,1], got -0.1");
    expect_error("bad_frequency_type.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": frequency must be a number or a table of "
                 "segment = value, got string");
    expect_error("bad_frequency_value.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": frequency.all must be a number, got string");
    expect_error("bad_frequency_list.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": unexpected frequency[1] = number; "
                 "write frequency = { segment = value, ... }");
    expect_error("bad_frequency_key.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": unknown key 'frequncy'; did you mean 'frequency'?");
    /* cx_model_validate, after the file has run: the journey's line */
    expect_error("bad_frequency_segment.lua", CX_ERR_INPUT,
                 ":3: journey \"j\": frequency names segment \"al\", which is not declared");
}
END_TEST

/* ---- interventions and variants ------------------------------------------------- */

static const cx_intervention *intervention_named(const cx_model *m, const char *name)
{
    int i = cx_model_intervention_index(m, name);
    ck_assert_msg(i >= 0, "no intervention %s", name);
    return &m->interventions[i];
}

static void check_edit(const cx_intervention *iv, size_t k, const char *path, double value)
{
    ck_assert_msg(k < iv->n_edits, "%s has %zu edits", iv->name, iv->n_edits);
    ck_assert_str_eq(iv->edits[k].path, path);
    ck_assert_double_eq_tol(iv->edits[k].value, value, 1e-12);
}

/* tests/data/scenarios/interventions.lua: every key, both forms of set
 * paths, wildcard order, apply reading set values and writing twice. */
START_TEST(test_interventions)
{
    cx_model *m = load_fixture("interventions.lua");
    ck_assert_uint_eq(m->n_interventions, 3);
    const cx_intervention *a = intervention_named(m, "one_click");
    ck_assert_int_eq(a->line, 10);
    ck_assert_int_eq(a->start, 3);
    ck_assert_int_eq(a->stop, 5);
    ck_assert_double_eq(a->cost_fixed, 40000);
    ck_assert_double_eq(a->cost_per_customer, 0.5);
    ck_assert_double_eq(a->cost_per_visit, 0.01);
    ck_assert_uint_eq(a->n_segments, 1);
    ck_assert_str_eq(a->segments[0], "value_seeker");
    ck_assert_uint_eq(a->n_edits, 2);       /* by path: both forms normalised */
    check_edit(a, 0, "journey.purchase.checkout.friction", 0.10);
    check_edit(a, 1, "journey.purchase.support.recovery.success", 0.7);
    const cx_intervention *b = intervention_named(m, "agents");
    ck_assert_int_eq(b->line, 17);
    ck_assert_uint_eq(b->n_segments, 0);
    ck_assert_uint_eq(b->n_edits, 7);
    check_edit(b, 0, "segment.*.churn", 0.02);              /* wildcards first */
    check_edit(b, 1, "segment.premium.churn", 0.01);
    check_edit(b, 2, "journey.purchase.support.recovery.success", 0.5); /* 0.5 + .25 - .25 */
    check_edit(b, 3, "segment.premium.churn", 0.005);       /* read after set: 0.01 / 2 */
    check_edit(b, 4, "scenario.continuity", 0.9);
    check_edit(b, 5, "journey.purchase.frequency", 0.8);
    check_edit(b, 6, "journey.purchase.frequency.premium", 0.5);
    const cx_intervention *c = intervention_named(m, "defaults");
    ck_assert_int_eq(c->start, 1);          /* defaults: every period, free, everyone */
    ck_assert_int_eq(c->stop, 0);
    ck_assert_double_eq(c->cost_fixed + c->cost_per_customer + c->cost_per_visit, 0);
    ck_assert_uint_eq(c->n_edits + c->n_segments, 0);
    /* apply ran on a copy: the baseline is untouched */
    ck_assert_double_eq(m->segments[1].h0, 0.015);
    ck_assert_double_eq(m->journeys[0].touchpoints[1].rec_success, 0.5);
    /* variants: "quick_wins" names interventions declared after it */
    ck_assert_uint_eq(m->n_variants, 2);
    ck_assert_str_eq(m->variants[0].name, "quick_wins");
    ck_assert_int_eq(m->variants[0].line, 3);
    ck_assert_uint_eq(m->variants[0].n_interventions, 2);
    ck_assert_uint_eq(m->variants[0].interventions[0], 0);
    ck_assert_uint_eq(m->variants[0].interventions[1], 1);
    ck_assert_uint_eq(m->variants[1].n_interventions, 0);
    size_t order[4];
    ck_assert_uint_eq(cx_model_variant_order(m, order, 4), 2);
    ck_assert_uint_eq(order[0], 1);         /* "baseline" first */
    cx_model_free(m);
}
END_TEST

/* The design's first sketch of a scenario (a fuller cousin of
 * docs/scenarios.md's worked example) loads as written, on_period
 * included. */
START_TEST(test_interface_sketch)
{
    char path[1024];
    cx_policy_factory *f = NULL;
    cx_error err;
    cx_model *m = load_fixture("interface_sketch.lua");
    ck_assert_uint_eq(m->n_interventions, 2);
    ck_assert_uint_eq(m->n_variants, 2);
    check_edit(intervention_named(m, "empowered_agents"), 0,
               "journey.purchase.support.recovery.success", 0.7);   /* 0.5 + 0.2 */
    cx_model_free(m);
    fixture(path, sizeof path, "interface_sketch.lua");
    ck_assert_int_eq(cx_scenario_policy_new(path, NULL, &f, &err), CX_OK);
    ck_assert_ptr_nonnull(f);
    cx_scenario_policy_free(f);
}
END_TEST

/* The prelude of generated intervention scenarios: the text given starts
 * at line 7. */
static const char iv_prelude[] =
    "segment \"value_seeker\" { share = 0.7 }\n"
    "segment \"premium\" { share = 0.3 }\n"
    "journey \"purchase\" {\n"
    "  touchpoint \"checkout\" { friction = 0.25 },\n"
    "  touchpoint \"support\" {},\n"
    "}\n";

/* Loads the prelude + text; expects CX_ERR_INPUT and PATH + suffix. */
static void expect_iv_error(const char *text, const char *suffix)
{
    char path[1024], buf[4096];
    tmp_setup();
    snprintf(buf, sizeof buf, "%s%s\n", iv_prelude, text);
    tmp_write(path, sizeof path, "iv.lua", buf);
    expect_path_error(path, CX_ERR_INPUT, suffix);
    unlink(path);
    rmdir(tmpdir);
}

/* An intervention may come before what it edits; wildcards work. */
START_TEST(test_intervention_order)
{
    char path[1024];
    tmp_setup();
    tmp_write(path, sizeof path, "order.lua",
              "intervention \"early\" { set = { [\"j.t.friction\"] = 0.5, "
              "[\"segment.*.churn\"] = 0.1 },\n"
              "  apply = function(m) m.journey.j.t.severity = m.journey.j.t.friction end }\n"
              "segment \"s\" {}\n"
              "journey \"j\" { touchpoint \"t\" {} }\n");
    cx_model *m = load_path(path);
    const cx_intervention *iv = intervention_named(m, "early");
    ck_assert_uint_eq(iv->n_edits, 3);
    check_edit(iv, 0, "segment.*.churn", 0.1);
    check_edit(iv, 1, "journey.j.t.friction", 0.5);
    check_edit(iv, 2, "journey.j.t.severity", 0.5);
    ck_assert_uint_eq(m->n_variants, 0);
    cx_model_free(m);
    unlink(path);
    rmdir(tmpdir);
}
END_TEST

/* set { } blocks apply after the whole scenario, as --set: an
 * intervention's apply() read the value written in the touchpoint (0.25),
 * not the block's; blocks apply in call order, wildcards first within one;
 * the block may come before what it names. */
START_TEST(test_set_block)
{
    char path[1024], buf[4096];
    tmp_setup();
    snprintf(buf, sizeof buf, "%s%s", iv_prelude,
             "set { [\"segment.premium.churn\"] = 0.02, [\"segment.*.churn\"] = 0.05 }\n"
             "intervention \"a\" { apply = function(m)\n"
             "  m.journey.purchase.checkout.severity = m.journey.purchase.checkout.friction\n"
             "end }\n"
             "set { [\"purchase.checkout.friction\"] = 0.1, [\"segment.value_seeker.churn\"]"
             " = 0.04 }\n"
             "set { [\"purchase.checkout.friction\"] = 0.15 }\n");
    tmp_write(path, sizeof path, "set.lua", buf);
    cx_model *m = load_path(path);
    ck_assert_double_eq(m->segments[0].h0, 0.04);      /* value_seeker: the later block */
    ck_assert_double_eq(m->segments[1].h0, 0.02);      /* premium: named over wildcard */
    ck_assert_double_eq(m->journeys[0].touchpoints[0].friction, 0.15);
    check_edit(intervention_named(m, "a"), 0, "journey.purchase.checkout.severity", 0.25);
    cx_model_free(m);
    unlink(path);
    rmdir(tmpdir);
}
END_TEST

START_TEST(test_err_set)
{
    expect_iv_error("set { [\"purchase.chekout.friction\"] = 0.1 }",
                    ":7: set: journey \"purchase\" has no touchpoint \"chekout\"; did you mean 'checkout'?");
    expect_iv_error("local x = 1\nset { [\"purchase.checkout.friction\"] = 1.3 }",
                    ":8: set: touchpoint \"purchase.checkout\": friction must be in [0,1], "
                    "got 1.3");
    expect_iv_error("set { [\"purchase.checkout.friction\"] = \"low\" }",
                    ":7: set: set[\"purchase.checkout.friction\"] must be a number, got "
                    "string");
    expect_iv_error("set { 0.1 }",
                    ":7: set: unexpected set[1] = number; write set { "
                    "[\"journey.purchase.checkout.friction\"] = 0.1, ... }");
    expect_iv_error("set \"x\"",
                    ":7: set: expects one table of \"path\" = number; write set { "
                    "[\"journey.purchase.checkout.friction\"] = 0.1, ... }");
    expect_iv_error("set { [\"purchase.checkout.friction\"] = 0.1,\n"
                    "  [\"journey.purchase.checkout.friction\"] = 0.2 }",
                    ":7: set: set gives journey.purchase.checkout.friction twice");
    expect_iv_error("set { [\"bogus.x\"] = 1 }",
                    ":7: set: expected journey.NAME.TOUCHPOINT.KEY, got journey.bogus.x");
}
END_TEST

START_TEST(test_err_intervention_keys)
{
    expect_iv_error("intervention \"a\" { strat = 3 }",
                    ":7: intervention \"a\": unknown key 'strat'; did you mean 'start'?");
    expect_iv_error("intervention \"a\" { cost = { fixd = 1 } }",
                    ":7: intervention \"a\": unknown key 'cost.fixd'; did you mean 'cost.fixed'?");
    expect_iv_error("intervention \"a\" { start = 0 }",
                    ":7: intervention \"a\": start must be in [1,1000000], got 0");
    expect_iv_error("intervention \"a\" { start = 2.5 }",
                    ":7: intervention \"a\": start must be an integer, got 2.5");
    expect_iv_error("intervention \"a\" { cost = { per_visit = -1 } }",
                    ":7: intervention \"a\": cost.per_visit must be in [0,1e+15], got -1");
    expect_iv_error("intervention \"a\" { start = 5, stop = 3 }",
                    ":7: intervention \"a\": start (5) is after stop (3)");
    expect_iv_error("intervention \"a\" { apply = 3 }",
                    ":7: intervention \"a\": apply must be a function(m) ... end, got number");
    expect_iv_error("intervention \"a\" \"b\"",
                    ":7: intervention \"a\": expects a table, got string");
    expect_iv_error("intervention \"a.b\" {}",
                    ":7: intervention: name \"a.b\" must not contain '.' or '*' (they "
                    "separate the parts of --set paths)");
    expect_iv_error("intervention \"a\" {}\nintervention \"a\" {}",
                    ":8: intervention \"a\" is declared twice (first at line 7)");
    expect_iv_error("local x = intervention \"a\"",
                    ":7: intervention \"a\": missing its table; write intervention \"a\" { ... }");
}
END_TEST

START_TEST(test_err_intervention_segments)
{
    expect_iv_error("intervention \"a\" { segments = { \"premum\" } }",
                    ":7: intervention \"a\": segments names \"premum\", which is not declared");
    expect_iv_error("intervention \"a\" { segments = {} }",
                    ":7: intervention \"a\": segments is empty; leave it out to reach every "
                    "segment");
    expect_iv_error("intervention \"a\" { segments = \"premium\" }",
                    ":7: intervention \"a\": segments must be a list of segment names, got "
                    "string");
    expect_iv_error("intervention \"a\" { segments = { premium = true } }",
                    ":7: intervention \"a\": segments must be a list of names, as "
                    "{ \"premium\" }");
    expect_iv_error("intervention \"a\" { segments = { 1 } }",
                    ":7: intervention \"a\": segments[1] must be a name, got number");
    expect_iv_error("intervention \"a\" { segments = { \"premium\", \"premium\" } }",
                    ":7: intervention \"a\": segments names \"premium\" twice");
    expect_iv_error("intervention \"a\" { segments = { \"premium\" },\n"
                    "  set = { [\"scenario.continuity\"] = 0.5 } }",
                    ":7: intervention \"a\": scenario.continuity is scenario-wide, but the "
                    "intervention reaches some segments only");
}
END_TEST

START_TEST(test_err_intervention_set)
{
    expect_iv_error("intervention \"a\" { set = { [\"purchase.chekout.friction\"] = 0.1 } }",
                    ":7: intervention \"a\": set[\"journey.purchase.chekout.friction\"]: "
                    "journey \"purchase\" has no touchpoint \"chekout\"; did you mean 'checkout'?");
    expect_iv_error("intervention \"a\" { set = { [\"segment.premium.frcition\"] = 0.1 } }",
                    ":7: intervention \"a\": set[\"segment.premium.frcition\"]: segment "
                    "\"premium\" has no parameter 'frcition'");
    expect_iv_error("intervention \"a\" { set = { [\"purchase.checkout.friction\"] = 1.3 } }",
                    ":7: intervention \"a\": set[\"journey.purchase.checkout.friction\"]: "
                    "touchpoint \"purchase.checkout\": friction must be in [0,1], got 1.3");
    expect_iv_error("intervention \"a\" { set = { [\"purchase.checkout\"] = 0.1 } }",
                    ":7: intervention \"a\": set[\"journey.purchase.checkout\"]: names a "
                    "group of parameters, not one");
    expect_iv_error("intervention \"a\" { set = { [\"purchase.checkout.friction\"] = \"low\" } }",
                    ":7: intervention \"a\": set[\"purchase.checkout.friction\"] must be a "
                    "number, got string");
    expect_iv_error("intervention \"a\" { set = { [\"purchase.checkout.friction\"] = 0.1,\n"
                    "  [\"journey.purchase.checkout.friction\"] = 0.2 } }",
                    ":7: intervention \"a\": set gives journey.purchase.checkout.friction twice");
    expect_iv_error("intervention \"a\" { set = { 0.1 } }",
                    ":7: intervention \"a\": unexpected set[1] = number; write set = "
                    "{ [\"journey.touchpoint.key\"] = value, ... }");
    expect_iv_error("intervention \"a\" { set = 0.1 }",
                    ":7: intervention \"a\": set must be a table of path = value, got number");
    expect_iv_error("intervention \"a\" { set = { [\"scenario.horizon\"] = 3 } }",
                    ":7: intervention \"a\": scenario.horizon cannot change during a run");
    expect_iv_error("intervention \"a\" { set = { [\"segment.nobody.churn\"] = 0.1 } }",
                    ":7: intervention \"a\": set[\"segment.nobody.churn\"]: no segment named "
                    "\"nobody\"");
}
END_TEST

START_TEST(test_err_intervention_apply)
{
    expect_iv_error("intervention \"a\" { apply = function(m)\n"
                    "  local x = m.journey.purchase.suport.friction\nend }",
                    ":8: intervention \"a\": apply: m.journey.purchase.suport: journey "
                    "\"purchase\" has no touchpoint \"suport\"; did you mean 'support'?");
    expect_iv_error("intervention \"a\" { apply = function(m)\n"
                    "  m.journey.purchase.checkout.friction = 2\nend }",
                    ":8: intervention \"a\": apply: m.journey.purchase.checkout.friction: "
                    "touchpoint \"purchase.checkout\": friction must be in [0,1], got 2");
    expect_iv_error("intervention \"a\" { apply = function(m)\n"
                    "  m.journey.purchase = 1\nend }",
                    ":8: intervention \"a\": apply: cannot assign to m.journey.purchase, a "
                    "group of parameters");
    expect_iv_error("intervention \"a\" { apply = function(m)\n"
                    "  m.scenario.continuity = \"x\"\nend }",
                    ":8: intervention \"a\": apply: m.scenario.continuity must be a number, "
                    "got string");
    expect_iv_error("intervention \"a\" { apply = function(m)\n  m.segment.premium.share = 0.5\n"
                    "end }",
                    ":7: intervention \"a\": segment.premium.share cannot change during a run");
    expect_iv_error("intervention \"a\" { apply = function(m) kept = m end }\n"
                    "intervention \"b\" { apply = function(m) return kept.scenario end }",
                    ":8: the model an intervention's apply receives can only be used during "
                    "that call");
    expect_iv_error("intervention \"a\" { apply = function(m)\n  segment \"x\" {}\nend }",
                    ":8: constructors can only run while the scenario loads");
    expect_iv_error("intervention \"a\" { apply = function(m)\n  error(\"no\")\nend }",
                    ":8: no");
}
END_TEST

/* ---- parameter ------------------------------------------------------------------ */

/* Declared ranges: full paths kept, short ones completed, in declaration
 * order, with their lines; a parameter may come before its journey. */
START_TEST(test_parameters)
{
    char path[1024];
    tmp_setup();
    tmp_write(path, sizeof path, "par.lua",
              "parameter \"j.t.friction\" { low = 0.1, high = 0.4 }\n"
              "segment \"s\" { share = 1 }\n"
              "parameter \"segment.*.churn\" { low = 0, high = 0.05 }\n"
              "journey \"j\" { touchpoint \"t\" { friction = 0.2 } }\n"
              "parameter \"scenario.continuity\" { high = 0.9, low = -0 }\n");
    cx_model *m = load_path(path);
    ck_assert_uint_eq(m->n_ranges, 3);
    ck_assert_str_eq(m->ranges[0].path, "journey.j.t.friction");
    ck_assert(m->ranges[0].low == 0.1 && m->ranges[0].high == 0.4);
    ck_assert_int_eq(m->ranges[0].line, 1);
    ck_assert_str_eq(m->ranges[1].path, "segment.*.churn");
    ck_assert_int_eq(m->ranges[2].line, 5);
    ck_assert(m->ranges[2].high == 0.9);
    ck_assert_double_eq(m->journeys[0].touchpoints[0].friction, 0.2);  /* not applied */
    cx_model_free(m);
    unlink(path);
    rmdir(tmpdir);
}
END_TEST

/* Distributions: a parameter's dist and tie, an intervention's cost and
 * set values (their means in the run, each an uncertain input in path
 * order), and the errors, each with its line. */
START_TEST(test_distributions)
{
    char path[1024], buf[4096];
    tmp_setup();
    snprintf(buf, sizeof buf, "%s%s", iv_prelude,
             "intervention \"fix\" { cost = { fixed = uniform(30e3, 50e3) },\n"
             "  set = { [\"purchase.checkout.friction\"] = triangular(0.06, 0.1, 0.17) } }\n"
             "parameter \"segment.premium.churn\" { dist = beta { mean = 0.2, sd = 0.1 }, "
             "tie = \"t\" }\n");
    tmp_write(path, sizeof path, "dist.lua", buf);
    cx_model *m = load_path(path);
    const cx_intervention *iv = intervention_named(m, "fix");
    ck_assert_double_eq(iv->cost_fixed, 40e3);
    check_edit(iv, 0, "journey.purchase.checkout.friction", 0.11);
    ck_assert_uint_eq(m->n_ranges, 3);
    ck_assert_str_eq(m->ranges[0].path, "intervention.fix.cost.fixed");
    ck_assert_str_eq(m->ranges[1].path, "intervention.fix.journey.purchase.checkout.friction");
    ck_assert_int_eq(m->ranges[1].line, 7);
    ck_assert(m->ranges[1].low == 0.06 && m->ranges[1].high == 0.17);
    ck_assert_int_eq(m->ranges[2].dist.kind, CX_DIST_BETA);
    ck_assert_double_eq_tol(m->ranges[2].dist.p[0], 3, 1e-12);     /* a + b = 15 */
    ck_assert_str_eq(m->ranges[2].dist.tie, "t");
    /* the sweep range of a beta: its 5 % and 95 % quantiles */
    ck_assert(m->ranges[2].low > 0.05 && m->ranges[2].high < 0.4);
    cx_model_free(m);
    unlink(path);
    rmdir(tmpdir);
    expect_iv_error("parameter \"segment.premium.churn\" { dist = normal(0.1, -1) }",
                    ":7: normal: sd must be above 0, got -1");
    expect_iv_error("parameter \"purchase.checkout.friction\" { dist = uniform(0.5, 1.5) }",
                    ":7: parameter \"journey.purchase.checkout.friction\": touchpoint "
                    "\"purchase.checkout\": friction must be in [0,1], got 1.5");
    expect_iv_error("intervention \"x\" { set = { [\"purchase.checkout.friction\"] = "
                    "beta { mean = 0.5, sd = 0.5 } } }",
                    ":7: beta: no beta has mean 0.5 and sd 0.5: sd must be below "
                    "sqrt(mean (1 - mean)) = 0.5");
    expect_iv_error("parameter \"segment.premium.churn\" { dist = 0.1 }",
                    ":7: parameter \"segment.premium.churn\": dist must be a distribution "
                    "(uniform, triangular, normal, lognormal, beta, discrete, dirichlet), got "
                    "number");
    expect_iv_error("parameter \"intervention.nope.cost.fixed\" { low = 1, high = 2 }",
                    ":7: parameter \"intervention.nope.cost.fixed\": "
                    "intervention.nope.cost.fixed: no intervention of that name (write "
                    "intervention.NAME.cost.fixed or intervention.NAME.PATH)");
}
END_TEST

START_TEST(test_err_parameters)
{
    expect_iv_error("parameter \"purchase.checkout.friction\" { low = 0.1, high = 1.4 }",
                    ":7: parameter \"journey.purchase.checkout.friction\": touchpoint "
                    "\"purchase.checkout\": friction must be in [0,1], got 1.4");
    expect_iv_error("parameter \"purchase.chekout.friction\" { low = 0.1, high = 0.4 }",
                    ":7: parameter \"journey.purchase.chekout.friction\": journey "
                    "\"purchase\" has no touchpoint \"chekout\"; did you mean 'checkout'?");
    expect_iv_error("parameter \"segment.premium.churn\" { low = 0.02, high = 0.01 }",
                    ":7: parameter \"segment.premium.churn\": low (0.02) must be below "
                    "high (0.01)");
    expect_iv_error("parameter \"segment.premium.churn\" { low = 0.02 }",
                    ":7: parameter \"segment.premium.churn\": high is missing; write "
                    "parameter \"segment.premium.churn\" { low = ..., high = ... } or "
                    "{ dist = ... }");
    expect_iv_error("parameter \"segment.premium.churn\" { low = 0, hihg = 1 }",
                    ":7: parameter \"segment.premium.churn\": unknown key 'hihg'; did you "
                    "mean 'high'?");
    expect_iv_error("parameter \"segment.premium.churn\" { low = \"a\", high = 1 }",
                    ":7: parameter \"segment.premium.churn\": low must be a number, got "
                    "string");
    expect_iv_error("parameter \"scenario.horizon\" { low = 6, high = 12 }",
                    ":7: parameter \"scenario.horizon\": cannot vary: every run of an "
                    "analysis has the scenario's horizon");
    expect_iv_error("parameter \"purchase.checkout.friction\" { low = 0, high = 1 }\n"
                    "parameter \"journey.purchase.checkout.friction\" { low = 0, high = 1 }",
                    ":8: parameter \"journey.purchase.checkout.friction\" is declared twice "
                    "(first at line 7)");
    expect_iv_error("parameter \"segment.premium.churn\"",
                    ":7: parameter \"segment.premium.churn\": missing its table; write "
                    "parameter \"segment.premium.churn\" { ... }");
    expect_iv_error("parameter(3)",
                    ":7: parameter: takes a --set path, as parameter "
                    "\"journey.purchase.checkout.friction\" { ... }; got number");
    expect_iv_error("parameter \"segment.premium.churn\" (5)",
                    ":7: parameter \"segment.premium.churn\": expects a table { low = ..., "
                    "high = ... }, got number");
}
END_TEST

START_TEST(test_err_variants)
{
    expect_iv_error("intervention \"one_click\" {}\nvariant \"v\" { \"one_clik\" }",
                    ":8: variant \"v\": names intervention \"one_clik\", which is not declared; "
                    "did you mean \"one_click\"?");
    expect_iv_error("variant \"v\" { \"zzz\" }",
                    ":7: variant \"v\": names intervention \"zzz\", which is not declared");
    expect_iv_error("variant \"v\" {}\nvariant \"v\" {}",
                    ":8: variant \"v\" is declared twice (first at line 7)");
    expect_iv_error("variant \"v\" { 1 }",
                    ":7: variant \"v\": element 1 must be an intervention name, got number");
    expect_iv_error("variant \"v\" { a = \"x\" }",
                    ":7: variant \"v\": lists intervention names only, as variant \"v\" "
                    "{ \"a\", \"b\" }");
    expect_iv_error("intervention \"a\" {}\nvariant \"v\" { \"a\", \"a\" }",
                    ":8: variant \"v\": lists \"a\" twice");
    expect_iv_error("on_period = 3", ": on_period must be a function, got number");
}
END_TEST

/* ---- errors of the script and the model ---------------------------------------- */

START_TEST(test_err_script)
{
    expect_error_prefix("bad_syntax.lua", ":5: '}' expected (to close '{' at line 2)");
    expect_error("bad_runtime.lua", CX_ERR_INPUT, ":4: attempt to index a nil value (local 't')");
    expect_error("bad_error_object.lua", CX_ERR_INPUT, ":3: (error object is a table value)");
}
END_TEST

START_TEST(test_err_model)
{
    expect_error("empty.lua", CX_ERR_INPUT, ":1: the file is empty: a scenario declares at "
                 "least one segment and one journey (docs/scenarios.md)");
    expect_error("no_journey.lua", CX_ERR_INPUT, ":2: the scenario declares no journey (add "
                 "one, e.g. journey \"buy\" { touchpoint \"shop\" {} })");
    expect_error_prefix("bad_shares.lua", ":2: segment shares sum to 0.9");
}
END_TEST

START_TEST(test_err_files)
{
    char path[1024], want[2048];
    cx_model *m = (cx_model *)path;
    cx_error err;
    tmp_setup();
    snprintf(path, sizeof path, "%s/missing.lua", tmpdir);
    ck_assert_int_eq(cx_scenario_load(path, &m, &err), CX_ERR_IO);
    ck_assert_ptr_null(m);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(cx_scenario_load(tmpdir, &m, &err), CX_ERR_IO);
    snprintf(want, sizeof want, "%s: cannot read: Is a directory", tmpdir);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(cx_scenario_load(NULL, &m, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_scenario_load(path, NULL, NULL), CX_ERR_USAGE);
    rmdir(tmpdir);
}
END_TEST

/* Lua shortens chunk names over 60 bytes in its messages ("..."); the
 * loader gives the full path back. */
START_TEST(test_err_long_path)
{
    char dir[512], path[1024];
    tmp_setup();
    snprintf(dir, sizeof dir, "%s/a_directory_name_long_enough_to_be_shortened_by_lua_"
             "in_its_messages", tmpdir);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/bad.lua", dir);
    write_text(path, "segment \"s\" {}\nlocal t = nil\nt.x = 1\n");
    expect_path_error(path, CX_ERR_INPUT, ":3: attempt to index a nil value (local 't')");
    write_text(path, "segment \"s\" { share = 2 }\n");
    expect_path_error(path, CX_ERR_INPUT, ":1: segment \"s\": share must be in [0,1], got 2");
    /* a message of the model names the full path already: no second position */
    write_text(path, "segment \"s\" {}\njourney \"j\" {\n  touchpoint \"t\" { next = \"u\" },\n}\n");
    expect_path_error(path, CX_ERR_INPUT, ":3: touchpoint \"t\": next names \"u\", which is "
                      "not a touchpoint of journey \"j\" (nor \"done\" or \"drop\")");
    write_text(path, "segment \"s\" { share = 1,\n");
    char want[1200];
    cx_model *m = NULL;
    cx_error err;
    ck_assert_int_eq(cx_scenario_load(path, &m, &err), CX_ERR_INPUT);
    snprintf(want, sizeof want, "%s:2: ", path);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "got '%s'", err.msg);
    unlink(path);
    rmdir(dir);
    rmdir(tmpdir);
}
END_TEST

/* ---- sandbox -------------------------------------------------------------------- */

START_TEST(test_sandbox_inside)
{
    cx_model *m = load_fixture("sandbox_ok.lua");
    cx_model_free(m);
}
END_TEST

START_TEST(test_sandbox_globals)
{
    expect_error("bad_os.lua", CX_ERR_INPUT, ":3: unknown global 'os'");
    expect_error("bad_io.lua", CX_ERR_INPUT, ":2: unknown global 'io'");
    expect_error("bad_global.lua", CX_ERR_INPUT,
                 ":2: unknown global 'segmnet'; did you mean 'segment'?");
    expect_error("bad_assign_builtin.lua", CX_ERR_INPUT,
                 ":2: cannot assign to 'segment': it names a built-in");
    expect_error("bad_gc.lua", CX_ERR_INPUT,
                 ":2: setmetatable: __gc metamethods are not allowed in scenarios");
}
END_TEST

START_TEST(test_sandbox_binary)
{
    static const char chunk[] = "\x1bLua\x54\x00\x19\x93\r\n\x1a\n";
    char path[1024];
    tmp_setup();
    snprintf(path, sizeof path, "%s/binary.lua", tmpdir);
    write_file(path, chunk, sizeof chunk - 1);
    expect_path_error(path, CX_ERR_INPUT,
                      ":1: precompiled (binary) chunks are not accepted; give the Lua source");
    unlink(path);
    rmdir(tmpdir);
}
END_TEST

/* Loads fixture name with a time limit long enough that the budget under
 * test, not the clock, stops it, even under valgrind. */
static void expect_budget(const char *name, const char *suffix)
{
    char path[1024], want[1200];
    cx_scenario_opts o;
    cx_model *m = NULL;
    cx_error err;
    cx_scenario_opts_init(&o);
    o.time_limit = 600;
    fixture(path, sizeof path, name);
    ck_assert_int_eq(cx_scenario_load_opts(path, &o, &m, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(m);
    snprintf(want, sizeof want, "%s%s", path, suffix);
    ck_assert_str_eq(err.msg, want);
}

START_TEST(test_budget_steps)
{
    expect_budget("loop.lua", ":2: script exceeded its instruction budget");
    expect_budget("loop_pcall.lua", ":3: script exceeded its instruction budget");
}
END_TEST

START_TEST(test_budget_memory)
{
    expect_budget("memory.lua", ": script exceeded its memory budget");
    cx_model *m = load_fixture("memory_pcall.lua");
    cx_model_free(m);
}
END_TEST

/* ---- suite ------------------------------------------------------------------------ */

static Suite *loader_suite(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_defaults_model_md);
    tcase_add_test(tc, test_example);
    tcase_add_test(tc, test_plain_lua);
    tcase_add_test(tc, test_graph);
    tcase_add_test(tc, test_graph_order);
    tcase_add_test(tc, test_graph_reuse);
    tcase_add_test(tc, test_journeys);
    tcase_add_test(tc, test_journey_pcall);
    tcase_add_test(tc, test_every_key_nested);
    tcase_add_test(tc, test_every_key_flat);
    tcase_add_test(tc, test_ranges);
    tcase_add_test(tc, test_docs_keys);
    tcase_add_test(tc, test_interventions);
    tcase_add_test(tc, test_intervention_order);
    tcase_add_test(tc, test_set_block);
    tcase_add_test(tc, test_interface_sketch);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_err_range);
    tcase_add_test(tc, test_err_unknown_key);
    tcase_add_test(tc, test_err_types);
    tcase_add_test(tc, test_err_nan);
    tcase_add_test(tc, test_err_scenario);
    tcase_add_test(tc, test_err_duplicates);
    tcase_add_test(tc, test_err_names);
    tcase_add_test(tc, test_err_journey);
    tcase_add_test(tc, test_err_next);
    tcase_add_test(tc, test_err_next_model);
    tcase_add_test(tc, test_err_next_generated);
    tcase_add_test(tc, test_err_frequency);
    tcase_add_test(tc, test_err_script);
    tcase_add_test(tc, test_err_model);
    tcase_add_test(tc, test_err_files);
    tcase_add_test(tc, test_err_long_path);
    tcase_add_test(tc, test_err_intervention_keys);
    tcase_add_test(tc, test_err_intervention_segments);
    tcase_add_test(tc, test_err_intervention_set);
    tcase_add_test(tc, test_err_intervention_apply);
    tcase_add_test(tc, test_err_set);
    tcase_add_test(tc, test_err_variants);
    tcase_add_test(tc, test_parameters);
    tcase_add_test(tc, test_err_parameters);
    tcase_add_test(tc, test_distributions);
    suite_add_tcase(s, tc);
    tc = tcase_create("sandbox");
    tcase_set_timeout(tc, 120);     /* the budgets take a moment, longer under valgrind */
    tcase_add_test(tc, test_sandbox_inside);
    tcase_add_test(tc, test_sandbox_globals);
    tcase_add_test(tc, test_sandbox_binary);
    tcase_add_test(tc, test_budget_steps);
    tcase_add_test(tc, test_budget_memory);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(loader_suite());
}
