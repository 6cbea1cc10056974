/* check_fit.c - journeys from data (cxsim/fit.h).
 *
 * The hand-built path table of test_paths_by_hand, worked out by hand:
 *
 *   a > b      3 converted, 1 not        (4 journeys)
 *   a          0, 2                      (2)
 *   b > a > b  1, 1                      (2)
 *   b          1, 3                      (4)
 *
 * 12 journeys, 5 conversions. Edges: (start) -> a 6, -> b 6; a -> b 4 + 2
 * = 6, a -> (null) 2 (of 8 leaving a); b -> a 2, b -> (conversion) 3 + 1
 * + 1 = 5, b -> (null) 1 + 1 + 3 = 5 (of 12). Conversion from b: x_b = 5/12
 * + (2/12) x_a, from a: x_a = 0.75 x_b, so x_b = (5/12) / 0.875 = 10/21,
 * x_a = 5/14, and P = 0.5 x_a + 0.5 x_b = 5/12 (the observed rate, as
 * the maximum-likelihood chain must give). Without a, (start) -> a and
 * b -> a go to (null): P = 0.5 (5/12), a removal effect of 0.5; without
 * b nothing converts: 1. On the paths themselves, the conversions through
 * a are 3 + 1 of 5 (0.8), through b all 5 (1).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "cxsim/fit.h"
#include "cxsim/scenario.h"
#include "test_util.h"
#include "../../src/fit/fit_internal.h"    /* the timestamp parser */

static char dir[] = "/tmp/cx_fit_XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char path[4][512];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *fp = fopen(p, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static const char *const hand =
    "path;total_conversions;total_conversion_value;total_null\n"
    "a > b;3;30;1\n"
    "a;0;0;2\n"
    "b > a > b;1;10;1\n"
    "b;1;5;3\n";

static const cx_fit_edge *edge(const cx_fit *f, int from, int to)
{
    for (size_t i = 0; i < f->n_edge; i++)
        if (f->edge[i].from == from && f->edge[i].to == to)
            return &f->edge[i];
    ck_abort_msg("no edge %d -> %d", from, to);
    return NULL;
}

static cx_fit *fit_paths(const char *text, cx_fit_data **out)
{
    cx_fit_data *d = cx_fit_data_new();
    cx_fit *f;
    cx_error err;
    ck_assert_int_eq(cx_fit_read_paths(d, write_file("p.csv", text), NULL, &err), CX_OK);
    ck_assert_int_eq(cx_fit_estimate(d, &f, &err), CX_OK);
    *out = d;
    return f;
}

START_TEST(test_paths_by_hand)
{
    cx_fit_data *d;
    cx_fit *f = fit_paths(hand, &d);
    ck_assert_uint_eq(f->n_tp, 2);
    ck_assert_str_eq(f->tp[0], "a");
    ck_assert_uint_eq(f->journeys, 12);
    ck_assert_uint_eq(f->conversions, 5);
    ck_assert_uint_eq(f->n_edge, 7);
    const cx_fit_edge *e = edge(f, CX_FIT_START, 0);
    ck_assert_double_eq(e->n, 6);
    ck_assert_double_eq(e->p, 0.5);
    e = edge(f, 0, 1);
    ck_assert_double_eq(e->n, 6);
    ck_assert_double_eq(e->total, 8);
    ck_assert_double_eq(e->p, 0.75);
    /* Jeffreys: Beta(6 + 1/2, 8 - 6 + (2 - 1)/2) for two successors */
    ck_assert_double_eq_tol(e->lo, gsl_cdf_beta_Pinv(0.025, 6.5, 2.5), 1e-12);
    ck_assert_double_eq_tol(e->hi, gsl_cdf_beta_Pinv(0.975, 6.5, 2.5), 1e-12);
    ck_assert_double_eq(edge(f, 0, CX_FIT_NULL)->p, 0.25);
    ck_assert_double_eq_tol(edge(f, 1, 0)->p, 2.0 / 12, 1e-15);
    ck_assert_double_eq_tol(edge(f, 1, CX_FIT_CONVERSION)->p, 5.0 / 12, 1e-15);
    e = edge(f, 1, CX_FIT_NULL);
    ck_assert_double_eq_tol(e->p, 5.0 / 12, 1e-15);
    /* three successors: Beta(5.5, 12 - 5 + 1) */
    ck_assert_double_eq_tol(e->lo, gsl_cdf_beta_Pinv(0.025, 5.5, 8), 1e-12);
    ck_assert_double_eq(f->visits[0], 8);
    ck_assert_double_eq(f->visits[1], 12);

    cx_fit_removal r[2];
    double P;
    cx_error err;
    ck_assert_int_eq(cx_fit_removal_effects(f, d, 400, 1, &P, r, &err), CX_OK);
    ck_assert_double_eq_tol(P, 5.0 / 12, 1e-12);
    ck_assert_double_eq_tol(r[0].effect, 0.5, 1e-12);
    ck_assert_double_eq_tol(r[1].effect, 1, 1e-12);
    ck_assert_double_eq_tol(r[0].observed, 0.8, 1e-15);
    ck_assert_double_eq_tol(r[1].observed, 1, 1e-15);
    ck_assert_double_lt(r[0].lo, 0.5);
    ck_assert_double_gt(r[0].hi, 0.5);
    ck_assert_double_eq_tol(r[1].lo, 1, 1e-12);     /* b is on every converting walk */
    /* the same seed, the same interval */
    cx_fit_removal again[2];
    ck_assert_int_eq(cx_fit_removal_effects(f, d, 400, 1, &P, again, &err), CX_OK);
    ck_assert_double_eq(again[0].lo, r[0].lo);
    ck_assert_double_eq(again[0].hi, r[0].hi);
    cx_fit_free(f);
    cx_fit_data_free(d);
}
END_TEST

/* fitted.lua loads as a scenario with the estimated graph. */
START_TEST(test_fitted_lua_runs)
{
    cx_fit_data *d;
    cx_fit *f = fit_paths(hand, &d);
    const char *path = write_file("fitted.lua", "");
    FILE *fp = fopen(path, "w");
    ck_assert_int_eq(cx_fit_write_lua(fp, f, NULL, "p.csv"), 0);
    fclose(fp);
    cx_model *m;
    cx_error err;
    cx_status st = cx_scenario_load(path, &m, &err);
    ck_assert_msg(st == CX_OK, "%s", err.msg);
    const cx_journey *j = &m->journeys[0];
    ck_assert_uint_eq(j->n_touchpoints, 2);
    ck_assert_uint_eq(j->n_start, 2);
    ck_assert_double_eq_tol(j->start[0].p, 0.5, 1e-10);
    const cx_touchpoint *a = &j->touchpoints[0];
    ck_assert_uint_eq(a->n_next, 2);
    ck_assert_int_eq(a->next_index[0], 1);
    ck_assert_double_eq_tol(a->next_p[0], 0.75, 1e-10);
    ck_assert_int_eq(a->next_index[1], CX_DROP);
    ck_assert_double_eq_tol(a->next_p[1], 0.25, 1e-10);
    cx_model_free(m);
    cx_fit_free(f);
    cx_fit_data_free(d);
}
END_TEST

static const char *const log_text =
    "customer,time,touchpoint,channel,segment,outcome,csat,ltr\n"
    "c1,2026-01-01T10:00:00Z,home,web,gold,,3,\n"
    "c2,2026-01-01T10:00:30Z,search,app,silver,,1,\n"
    "c1,2026-01-01T10:05:00Z,cart,web,gold,1,4,9\n"
    "c2,2026-01-01T10:01:00Z,cart,web,silver,0,2,3\n"
    /* c1 comes back after the session gap: a second journey */
    "c1,2026-01-02T09:00:00+01:00,home,web,gold,0,,\n";

START_TEST(test_log_journeys)
{
    cx_fit_data *d = cx_fit_data_new();
    cx_fit_log_opts o = {0};
    cx_fit_totals t;
    cx_fit *f;
    cx_error err;
    ck_assert_int_eq(cx_fit_read_log(d, write_file("log.csv", log_text), &o, &err), CX_OK);
    cx_fit_data_totals(d, &t);
    ck_assert_uint_eq(t.rows, 5);
    ck_assert_uint_eq(t.journeys, 3);
    ck_assert_uint_eq(t.conversions, 1);
    ck_assert_uint_eq(t.customers, 2);
    ck_assert_uint_eq(t.paths, 3);
    ck_assert(t.has_csat && t.has_ltr && t.has_segment && t.has_time);
    ck_assert_double_eq(cx_fit_path_share(d, "home > cart"), 1.0 / 3);
    ck_assert_int_eq(cx_fit_estimate(d, &f, &err), CX_OK);
    /* touchpoints in byte order: cart, home, search */
    ck_assert_str_eq(f->tp[0], "cart");
    ck_assert_str_eq(f->channel[2], "app");
    /* CSAT at cart: 4 and 2, one of two at 2 or below */
    ck_assert_double_eq(f->friction[0], 0.5);
    ck_assert(isnan(f->friction[2]) == 0);
    ck_assert_double_eq(f->share[0], 0.5);
    ck_assert_double_eq(edge(f, CX_FIT_START, 1)->p, 2.0 / 3);
    cx_fit_free(f);
    cx_fit_data_free(d);
}
END_TEST

START_TEST(test_times)
{
    double t;
    int kind;
    ck_assert_int_eq(cx_fit_parse_time("1970-01-02", &t, &kind), 0);
    ck_assert_double_eq(t, 86400);
    ck_assert_int_eq(kind, 1);
    ck_assert_int_eq(cx_fit_parse_time("2000-03-01T00:00:00Z", &t, &kind), 0);
    ck_assert_double_eq(t, 951868800);     /* date -ud 2000-03-01 +%s */
    ck_assert_int_eq(cx_fit_parse_time("2000-03-01T01:30:00+01:30", &t, &kind), 0);
    ck_assert_double_eq(t, 951868800);
    ck_assert_int_eq(cx_fit_parse_time("2000-03-01 00:00:01.5", &t, &kind), 0);
    ck_assert_double_eq(t, 951868801.5);
    ck_assert_int_eq(cx_fit_parse_time("951868800", &t, &kind), 0);
    ck_assert_int_eq(kind, 2);
    ck_assert_int_eq(cx_fit_parse_time("2000-02-30", &t, &kind), -1);
    ck_assert_int_eq(cx_fit_parse_time("2000-03-01T25:00", &t, &kind), -1);
    ck_assert_int_eq(cx_fit_parse_time("yesterday", &t, &kind), -1);
    ck_assert_int_eq(cx_fit_parse_time("", &t, &kind), -1);
}
END_TEST

static void log_error(const char *text, const char *part)
{
    cx_fit_data *d = cx_fit_data_new();
    cx_fit_log_opts o = {0};
    cx_error err;
    const char *p = write_file("bad.csv", text);
    ck_assert_int_eq(cx_fit_read_log(d, p, &o, &err), CX_ERR_INPUT);
    ck_assert_msg(strstr(err.msg, part) != NULL, "'%s' not in '%s'", part, err.msg);
    ck_assert_msg(strncmp(err.msg, p, strlen(p)) == 0, "no file in '%s'", err.msg);
    cx_fit_data_free(d);
}

static void paths_error(const char *text, const char *part)
{
    cx_fit_data *d = cx_fit_data_new();
    cx_error err;
    ck_assert_int_eq(cx_fit_read_paths(d, write_file("badp.csv", text), NULL, &err),
                     CX_ERR_INPUT);
    ck_assert_msg(strstr(err.msg, part) != NULL, "'%s' not in '%s'", part, err.msg);
    cx_fit_data_free(d);
}

START_TEST(test_bad_data)
{
    log_error("", "bad.csv:1: empty");
    log_error("customer,time,touchpoint,outcome\n", "bad.csv:2: no visit after the header");
    log_error("customer,time,touchpoint\nc,1,a\n", "bad.csv:1: no column 'outcome'");
    log_error("customer,time,time,touchpoint,outcome\n",
              "bad.csv:1: column 3 (time): column 'time' given twice (first as column 2)");
    log_error("customer,time,touchpoint,outcome\nc,noon,a,1\n",
              "bad.csv:2: column 2 (time): 'noon' is not a timestamp");
    log_error("customer,time,touchpoint,outcome\nc,20,a,\nc,10,b,1\n",
              "bad.csv:3: column 2 (time): events out of order: customer 'c'");
    log_error("customer,time,touchpoint,outcome\nc,1,a.b,1\n",
              "bad.csv:2: column 3 (touchpoint): touchpoint 'a.b' holds '.'");
    log_error("customer,time,touchpoint,outcome\nc,1,done,1\n",
              "bad.csv:2: column 3 (touchpoint): touchpoint 'done' is reserved");
    log_error("customer,time,touchpoint,outcome,csat\nc,1,a,1,7\n",
              "bad.csv:2: column 5 (csat): '7' is not a CSAT answer (1 to 5)");
    log_error("customer,time,touchpoint,outcome\nc,1,a,maybe\n",
              "bad.csv:2: column 4 (outcome): 'maybe' is not an outcome");
    log_error("customer,time,touchpoint,outcome\nc,1,a,\n",
              "bad.csv:2: column 4 (outcome): customer 'c': the journey ending on this line "
              "has no outcome");
    log_error("customer,time,touchpoint,outcome\nc,1,a\n", "bad.csv:2: 3 fields, the header "
              "has 4");
    log_error("customer,time,touchpoint,outcome\nc,2026-01-01,a,1\nd,5,a,1\n",
              "bad.csv:3: column 2 (time): '5' is epoch seconds, earlier rows ISO 8601");
    paths_error("", "badp.csv:1: empty");
    paths_error("path;total_conversions;total_null\na >  > b;1;0\n",
                "badp.csv:2: column 1 (path): an empty step");
    paths_error("path;total_conversions;total_null\na > b;-1;0\n",
                "badp.csv:2: column 2 (total_conversions): '-1' is not a count");
    paths_error("path;total_conversions;total_null\na > b;1.5;0\n", "'1.5' is not a count");
    paths_error("path;total_conversions;total_null\na>b;1;0\n",
                "step 'a>b' holds another separator than ' > ' (mixed separators?)");
    paths_error("path;total_conversions;total_null\na > b;1;0;4\n",
                "badp.csv:2: 4 fields, the header has 3");
    paths_error("path,total_conversions,total_null\na > b,1,0\n",
                "badp.csv:1: the header is one column");
    paths_error("path;total_conversions;total_null\na > b;x;0\n",
                "badp.csv:2: column 2 (total_conversions): 'x' is not a count");
    paths_error("path;total_conversions;total_null\na > b;1;1e400\n",
                "badp.csv:2: column 3 (total_null): '1e400' is not a count");
    paths_error("path;total_conversions\na > b;1\n", "badp.csv:1: no column 'total_null'");
    paths_error("path;total_conversions;total_null;total_null\na;1;0;0\n",
                "badp.csv:1: column 4 (total_null): column 'total_null' given twice");
    paths_error("path;total_conversions;total_null\nb;0;0\na;0;0\n",
                "badp.csv:2: every count is 0");
    log_error("customer;time;touchpoint;outcome\nc;1;a;1\n",
              "bad.csv:1: the header is one column 'customer;time;touchpoint;outcome': the "
              "log's separator is ','");
    log_error("customer,time,touchpoint,outcome\nc,1,a,1\nd;2;a;1\n",
              "bad.csv:3: 1 fields, the header has 4 (separator ','; mixed separators?)");
    /* a single journey identifies nothing: the message names its line */
    paths_error("path;total_conversions;total_null\nb;0;0\na;1;0\n",
                "badp.csv:3: the data holds 1 journey (the counts of this row): a fit needs "
                "two or more");
    log_error("customer,time,touchpoint,outcome\nc,1,a,\nc,2,b,1\n",
              "bad.csv:3: the data holds 1 journey (ending on this line): a fit needs two or "
              "more");
    /* and cx_fit_estimate refuses it whatever the reader */
    cx_fit_data *d = cx_fit_data_new();
    cx_fit *f;
    cx_error err;
    ck_assert_int_eq(cx_fit_estimate(d, &f, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "holds 0 journeys: a fit needs two or more"));
    cx_fit_data_free(d);
}
END_TEST

static const cx_fit_param *param(const cx_fit *f, const char *name)
{
    for (size_t i = 0; i < f->n_param; i++)
        if (strcmp(f->param[i].name, name) == 0)
            return &f->param[i];
    ck_abort_msg("no parameter %s", name);
    return NULL;
}

/* The hazard is churned / exposure; the interval's ends are where the
 * Jeffreys posterior Beta(x + 1/2, e - x + 1/2) has 2.5 % on either side
 * (checked with GSL's CDF, not with the inversion the fit uses). */
static void check_hazard(const cx_fit_param *p, double x, double e, const char *source)
{
    ck_assert_double_eq_tol(p->value, x / e, 1e-15);
    ck_assert_double_eq(p->n, e);
    ck_assert_str_eq(p->source, source);
    ck_assert_double_eq_tol(gsl_cdf_beta_P(p->lo, x + 0.5, e - x + 0.5), 0.025, 1e-9);
    ck_assert_double_eq_tol(gsl_cdf_beta_P(p->hi, x + 0.5, e - x + 0.5), 0.975, 1e-9);
}

START_TEST(test_customer_table)
{
    /* a log with two segments; its inactivity rule loses to the table */
    cx_fit_data *d = cx_fit_data_new();
    cx_fit_log_opts o = {.inactive = 86400};
    cx_fit_customers_opts co = {.column = {[CX_FIT_CUST_CHURNED] = "gone"}};
    cx_fit *f;
    cx_error err;
    ck_assert_int_eq(cx_fit_read_log(d, write_file("log.csv",
                     "customer,time,touchpoint,segment,outcome\n"
                     "c1,100,a,new,1\nc2,200,a,new,0\nc3,300,b,loyal,1\nc4,400,a,loyal,0\n"),
                     &o, &err), CX_OK);
    /* new: 4 + 10 = 14 customer-periods, 1 churned; loyal: 10 + 10 + 1 +
     * 6 = 27, 3 churned (c6 is in the table only: the table is its own
     * population) */
    ck_assert_int_eq(cx_fit_read_customers(d, write_file("cust.csv",
                     "customer,segment,first,last,gone\n"
                     "c1,new,1,4,1\nc2,new,2,11,false\nc3,loyal,0,9,0\n"
                     "c4,loyal,3,12,true\nc5,loyal,1,1,TRUE\nc6,loyal,5,10,1\n"),
                     &co, &err), CX_OK);
    ck_assert_int_eq(cx_fit_estimate(d, &f, &err), CX_OK);
    check_hazard(param(f, "segment.new.churn"), 1, 14, "gone (customer table)");
    check_hazard(param(f, "segment.loyal.churn"), 3, 27, "gone (customer table)");
    cx_fit_free(f);
    cx_fit_data_free(d);

    /* a path table has no segments: one pooled hazard, 2 of 3 + 8 = 11 */
    d = cx_fit_data_new();
    ck_assert_int_eq(cx_fit_read_paths(d, write_file("p.csv", hand), NULL, &err), CX_OK);
    co = (cx_fit_customers_opts){0};
    ck_assert_int_eq(cx_fit_read_customers(d, write_file("cust.csv",
                     "churned,last,first,customer\n1,3,1,x\n1,7,0,y\n"), &co, &err), CX_OK);
    ck_assert_int_eq(cx_fit_estimate(d, &f, &err), CX_OK);
    check_hazard(param(f, "segment.all.churn"), 2, 11, "churned (customer table)");
    cx_fit_free(f);
    cx_fit_data_free(d);
}
END_TEST

static void customers_error(const char *text, const char *part)
{
    cx_fit_data *d = cx_fit_data_new();
    cx_fit_customers_opts co = {0};
    cx_error err;
    ck_assert_int_eq(cx_fit_read_paths(d, write_file("p.csv", hand), NULL, &err), CX_OK);
    const char *p = write_file("badc.csv", text);
    ck_assert_int_eq(cx_fit_read_customers(d, p, &co, &err), CX_ERR_INPUT);
    ck_assert_msg(strstr(err.msg, part) != NULL, "'%s' not in '%s'", part, err.msg);
    ck_assert_msg(strncmp(err.msg, p, strlen(p)) == 0, "no file in '%s'", err.msg);
    cx_fit_data_free(d);
}

START_TEST(test_customer_table_bad)
{
    customers_error("", "badc.csv:1: empty");
    customers_error("customer,first,last,churned\n", "badc.csv:2: no customer after the header");
    customers_error("customer,first,churned\nc,1,0\n", "badc.csv:1: no column 'last'");
    customers_error("customer,first,last,churned\nc,3,2,0\n",
                    "badc.csv:2: column 3 (last): last active period 2 is before the first, 3");
    customers_error("customer,first,last,churned\nc,-1,2,0\n",
                    "badc.csv:2: column 2 (first): '-1' is not a period");
    customers_error("customer,first,last,churned\nc,1,2.5,0\n",
                    "badc.csv:2: column 3 (last): '2.5' is not a period");
    customers_error("customer,first,last,churned\nc,1,2,yes\n",
                    "badc.csv:2: column 4 (churned): 'yes' is not churned or not");
    customers_error("customer,first,last,churned\nc,1,2,0\nd,1,2,0\nc,1,3,1\n",
                    "badc.csv:4: column 1 (customer): customer 'c' repeated (first on line 2)");
    customers_error("customer,first,last,churned\nc,1,2\n",
                    "badc.csv:2: 3 fields, the header has 4");
}
END_TEST

static Suite *fit_suite(void)
{
    Suite *s = suite_create("fit");
    TCase *tc = tcase_create("fit");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_paths_by_hand);
    tcase_add_test(tc, test_fitted_lua_runs);
    tcase_add_test(tc, test_log_journeys);
    tcase_add_test(tc, test_times);
    tcase_add_test(tc, test_bad_data);
    tcase_add_test(tc, test_customer_table);
    tcase_add_test(tc, test_customer_table_bad);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    return cx_test_run(fit_suite());
}
