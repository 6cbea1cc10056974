/* check_report.c - the HTML report: number formats worked by hand, the
 * sections and charts of each kind on the fixtures in tests/data/report/
 * (tiny real results directories, replications.csv and the other files the
 * report does not read left out), escaping of hostile names, no external
 * reference, the same bytes twice, and every error naming file and line. */
#define _GNU_SOURCE
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cxsim/report.h"
#include "test_util.h"
#include "../../src/report/report_internal.h"     /* the lookup index */

/* ---- numbers ---------------------------------------------------------------------- */

START_TEST(numbers)
{
    char b[96];
    ck_assert_str_eq(cx_report_number(23.28, b, sizeof b), "23.28");
    /* from 10,000 on: whole, with thousands separators */
    ck_assert_str_eq(cx_report_number(513477.13, b, sizeof b), "513,477");
    ck_assert_str_eq(cx_report_number(12345.6, b, sizeof b), "12,346");
    ck_assert_str_eq(cx_report_number(-34379207, b, sizeof b), "-34,379,207");
    ck_assert_str_eq(cx_report_number(123456789012345.0, b, sizeof b), "123,456,789,012,345");
    ck_assert_str_eq(cx_report_number(9999.4, b, sizeof b), "9999");
    ck_assert_str_eq(cx_report_number(0.000123, b, sizeof b), "0.000123");
    ck_assert_str_eq(cx_report_number(-0.0, b, sizeof b), "0");
    ck_assert_str_eq(cx_report_number(NAN, b, sizeof b), "NA");
    ck_assert_str_eq(cx_report_number(-INFINITY, b, sizeof b), "NA");
}
END_TEST

START_TEST(intervals)
{
    char b[96];
    /* half-width 0.285: one decimal (its first digit is 2) */
    ck_assert_str_eq(cx_report_ci(23.28, 22.99, 23.57, b, sizeof b), "23.3 [23.0, 23.6]");
    /* half-width 0.01: first digit 1, so two significant digits: 3 decimals */
    ck_assert_str_eq(cx_report_ci(0.0414, 0.0314, 0.0514, b, sizeof b),
                     "0.041 [0.031, 0.051]");
    /* half-width 3500: no decimals */
    ck_assert_str_eq(cx_report_ci(513477.1, 509977.1, 516977.1, b, sizeof b),
                     "513,477 [509,977, 516,977]");
    /* separators in the whole part only: 5 digits or more */
    ck_assert_str_eq(cx_report_ci(12345.67, 12345.17, 12346.17, b, sizeof b),
                     "12,345.7 [12,345.2, 12,346.2]");
    ck_assert_str_eq(cx_report_ci(1234.567, 1234.517, 1234.617, b, sizeof b),
                     "1234.57 [1234.52, 1234.62]");
    /* a small buffer: no separators rather than a cut number */
    char s[7];
    ck_assert_str_eq(cx_report_number(513477.13, s, sizeof s), "513477");
    /* no interval: the number alone */
    ck_assert_str_eq(cx_report_ci(5, NAN, NAN, b, sizeof b), "5");
    ck_assert_str_eq(cx_report_ci(5, 5, 5, b, sizeof b), "5");
    ck_assert_str_eq(cx_report_ci(NAN, 1, 2, b, sizeof b), "NA");
}
END_TEST

/* ---- rendering --------------------------------------------------------------------- */

static char *fixture(const char *kind)
{
    static char path[4096];
    const char *src = getenv("CX_SRCDIR");
    snprintf(path, sizeof path, "%s/tests/data/report/%s", src ? src : ".", kind);
    return path;
}

static char *render(const char *dir, cx_report_kind *kind)
{
    cx_report *r;
    cx_error err;
    ck_assert_msg(cx_report_new(dir, &r, &err) == CX_OK, "%s", err.msg);
    if (kind)
        *kind = cx_report_kind_of(r);
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_int_eq(cx_report_render(r, fp), 0);
    fclose(fp);
    cx_report_free(r);
    return buf;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Nothing that would make a browser fetch or run anything. */
static void self_contained(const char *html)
{
    static const char *const bad[] = {"http:", "https:", "src=", "href=", "url(", "@import",
                                      "<script", "<link", "<img", "<iframe"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!strcasestr(html, bad[i]), "the page holds '%s'", bad[i]);
    ck_assert_uint_eq(count(html, "<svg"), count(html, "</svg>"));
    ck_assert_ptr_nonnull(strstr(html, "<!DOCTYPE html>"));
    ck_assert_ptr_nonnull(strstr(html, "</html>\n"));
}

/* The fixture of kind renders as that kind, with exactly `charts` charts,
 * every heading in want, the same bytes twice. */
static char *kind_renders(const char *dir, cx_report_kind want_kind, size_t charts,
                          const char *const *want, size_t n_want)
{
    cx_report_kind k;
    char *a = render(fixture(dir), &k), *b = render(fixture(dir), NULL);
    ck_assert_int_eq(k, want_kind);
    if (strcmp(dir, "uncertainty") != 0)    /* compare --uncertainty's directory */
        ck_assert_str_eq(cx_report_kind_name(k), dir);
    ck_assert_str_eq(a, b);
    self_contained(a);
    ck_assert_uint_eq(count(a, "<svg class=\"chart\""), charts);
    for (size_t i = 0; i < n_want; i++)
        ck_assert_msg(strstr(a, want[i]), "no '%s' in the %s page", want[i], dir);
    free(b);
    return a;
}

/* A section heading: <h2 id="ID">TITLE</h2>. */
#define H2(id, title) "<h2 id=\"" id "\">" title "</h2>"

static const char *const run_sections[] = {
    H2("headline", "Headline"),
    H2("metrics-by-variant", "Metrics by variant"),
    H2("over-the-periods", "Over the periods"),
    H2("emotional-arc", "Emotional arc"),
    H2("friction-and-abandonment-by-touchpoint", "Friction and abandonment by touchpoint"),
    "<h1>small</h1>", "seed 3, 2 replications, 300 customers, 3 periods",
    "<code>scenario.population=300</code>"};

START_TEST(run_page)
{
    /* 6 metrics by variant + 4 over periods + arc + friction + abandonment */
    char *h = kind_renders("run", CX_REPORT_RUN, 13, run_sections, 8);
    ck_assert_ptr_null(strstr(h, "Differences from the baseline"));
    ck_assert_ptr_null(strstr(h, "intervention cost"));    /* one variant: no cost row */
    /* no --uncertainty: the page says what its intervals leave out */
    ck_assert_ptr_nonnull(strstr(h, "noise only, with every input taken as known"));
    ck_assert_ptr_null(strstr(h, "How sure are we?"));
    /* the headline's NPS row: small.lua at seed 3 has nps -38.21 [-63.91, -12.51] */
    ck_assert_ptr_nonnull(strstr(h, "<td>-38<br><small>[-64, -13]</small></td>"));
    free(h);
}
END_TEST

START_TEST(compare_page)
{
    static const char *const want[] = {
        H2("differences-from-the-baseline", "Differences from the baseline"),
        H2("emotional-arc", "Emotional arc"),
        "<th>all_quick_wins</th>",
        "<h1>Checkout quick wins</h1>"};
    /* 13 of a run + 4 differences */
    char *h = kind_renders("compare", CX_REPORT_COMPARE, 17, want, 4);
    /* 5 variants, each in the legend of the 4 period and 3 touchpoint charts */
    ck_assert_uint_eq(count(h, "class=\"key\""), 5 * 7);
    free(h);
}
END_TEST

START_TEST(quickwins_page)
{
    static const char *const want[] = {
        H2("quick-win-ranking", "Quick-win ranking"),
        "Impact against cost",
        H2("differences-from-the-baseline", "Differences from the baseline"),
        ">fix_checkout+survey_popup</td>"};
    char *h = kind_renders("quickwins", CX_REPORT_QUICKWINS, 18, want, 4);
    /* 6 candidates: 6 points in the impact-cost scatter, 6 rows of the table */
    const char *scatter = strstr(h, "Impact against cost");
    ck_assert_uint_eq(count(scatter, "<circle class=\"pt\" cx=\"") -
                      count(strstr(scatter, "</svg>"), "<circle class=\"pt\""), 6);
    free(h);
}
END_TEST

START_TEST(sweep_page)
{
    static const char *const want[] = {
        H2("metrics-over-the-design", "Metrics over the design"),
        H2("design-points", "Design points"),
        "<th>journey.buy.checkout.friction</th>",
        "nps against journey.buy.checkout.friction"};
    /* one parameter, two metrics: two curves */
    char *h = kind_renders("sweep", CX_REPORT_SWEEP, 2, want, 4);
    ck_assert_uint_eq(count(h, "class=\"line\""), 2);
    ck_assert_uint_eq(count(h, "class=\"pt\""), 6);     /* 3 points each */
    free(h);
}
END_TEST

START_TEST(sensitivity_page)
{
    static const char *const want[] = {
        H2("tornado-charts", "Tornado charts"),
        H2("sobol-indices", "Sobol&#39; indices"),
        ">segment.all.margin</text>"};
    char *h = kind_renders("sensitivity", CX_REPORT_SENSITIVITY, 2, want, 3);
    /* 3 parameters; only the checkout's friction moves nps, the others' bars
     * have zero width but are there: 2 bars a parameter */
    const char *torn = strstr(h, "<svg");
    ck_assert_uint_eq(count(torn, "class=\"bar\"") -
                      count(strstr(torn, "</svg>"), "class=\"bar\""), 6);
    free(h);
}
END_TEST

START_TEST(uncertainty_page)
{
    static const char *const want[] = {
        H2("how-sure-are-we", "How sure are we?"),
        "<h1>one input matters</h1>", "in each of 20 draws of the uncertain inputs",
        "both the uncertainty in the inputs and the simulation&rsquo;s noise",
        "<td>intervention.fix.journey.j.t.friction</td><td class=\"l\"><code>"
        "uniform(0.05, 0.35)</code>",
        /* decision.csv and the net_value rows of uncertainty.csv: +1.86,
         * p05 -41.1, p95 +65.9, P(best) 0.475, P(loss) 0.5, expected loss
         * 13.09, var_input 1065.1 of 1145.4: 93 % */
        "<tr><td>fixed</td><td>+1.86</td><td>-41.1 to +65.9</td><td>48 %</td><td>50 %</td>"
        "<td>NA</td><td>13.1</td><td>93 %</td></tr>",
        "<tr><td>baseline</td><td>0</td><td>&ndash;</td><td>52 %</td>",
        ">P(loss) 50 %</text>",
        "Knowing every input (EVPI) would add 13.1."};
    /* net value of fixed, P(best), EVPPI */
    char *h = kind_renders("uncertainty", CX_REPORT_COMPARE, 3, want, 9);
    /* no run sections: the directory holds --uncertainty's files only */
    ck_assert_ptr_null(strstr(h, "Headline"));
    /* 20 draws of fixed in the histogram's bars */
    const char *hist = strstr(h, "net value of fixed against baseline over 20 draws");
    ck_assert_ptr_nonnull(hist);
    size_t draws = 0;
    for (const char *b = strstr(hist, " draws</title></rect>"); b && b < strstr(hist, "</svg>");
         b = strstr(b + 1, " draws</title></rect>")) {
        const char *of = b;
        while (of > hist && strncmp(of, ": ", 2) != 0)
            of--;
        draws += strtoul(of + 2, NULL, 10);
    }
    ck_assert_uint_eq(draws, 20);
    /* EVPPI largest first: the friction (12.1) before refuse_data (1.02) */
    const char *f = strstr(h, ">intervention.fix.journey.j.t.friction</text>");
    const char *g = strstr(h, ">segment.all.refuse_data</text>");
    ck_assert(f && g && f < g);
    ck_assert_ptr_nonnull(strstr(h, ">12.1</text>"));
    free(h);
}
END_TEST

START_TEST(calibrate_page)
{
    static const char *const want[] = {
        H2("fit-to-the-targets", "Fit to the targets"),
        H2("fitted-parameters", "Fitted parameters"),
        "Search trace",
        "<td>segment.all.churn</td>",
        H2("headline", "Headline")};
    char *h = kind_renders("calibrate", CX_REPORT_CALIBRATE, 14, want, 5);
    free(h);
}
END_TEST

/* ---- a hostile directory written by the test ------------------------------------- */

static char tmpdir[64];

static void put(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

static void make_dir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/check_report.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    put("run.json", "{\n  \"command\": \"run\",\n  \"scenario\": {\"path\": \"a<b>.lua\", "
                    "\"name\": \"<script>x</script> & \\\"co\\\" \\u00e9\"},\n"
                    "  \"variants\": [\"base<1>\"], \"overrides\": [\"a=<2>\"],\n"
                    "  \"complete\": false\n}\n");
    put("summary.csv", "variant,metric,mean,sd,ci_low,ci_high,n\n"
                       "base<1>,nps,12.5,1,NA,NA,1\nbase<1>,retention,0.9,0,0.8,1,2\n");
    put("periods.csv", "variant,period,metric,mean,ci_low,ci_high\n"
                       "base<1>,1,nps,NA,NA,NA\nbase<1>,2,nps,3,2,4\n");
    put("touchpoints.csv", "variant,journey,touchpoint,metric,mean,ci_low,ci_high\n"
                           "base<1>,j,\"pay, now\",emotion_mean,0.5,0.4,0.6\n"
                           "base<1>,j,\"<b>\",emotion_mean,NA,NA,NA\n"
                           "base<1>,k,x&y,friction_rate,0.1,0,0.2\n");
}

static void remove_dir(void)
{
    static const char *const files[] = {"run.json", "summary.csv", "periods.csv",
                                        "touchpoints.csv", "out.html", "uncertainty.csv",
                                        "decision.csv", "voi.csv", "draws.csv",
                                        "quickwins_uncertainty.csv"};
    char path[256];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, files[i]);
        unlink(path);
    }
    rmdir(tmpdir);
}

START_TEST(hostile_names)
{
    make_dir();
    char *h = render(tmpdir, NULL);
    self_contained(h);
    ck_assert_ptr_null(strstr(h, "<script>"));
    ck_assert_ptr_nonnull(strstr(h, "<h1>&lt;script&gt;x&lt;/script&gt; &amp; &quot;co&quot; "
                                    "\xc3\xa9</h1>"));
    ck_assert_ptr_nonnull(strstr(h, "<th>base&lt;1&gt;</th>"));
    ck_assert_ptr_nonnull(strstr(h, "<code>a=&lt;2&gt;</code>"));
    /* two journeys: touchpoints named journey/touchpoint */
    ck_assert_ptr_nonnull(strstr(h, ">j/pay, now</text>"));
    ck_assert_ptr_nonnull(strstr(h, ">j/&lt;b&gt;</text>"));
    ck_assert_ptr_nonnull(strstr(h, ">k/x&amp;y</text>"));
    ck_assert_ptr_nonnull(strstr(h, "class=\"warn\""));     /* complete: false */
    ck_assert_ptr_nonnull(strstr(h, "<td>12.5</td>"));       /* no interval: the mean */
    ck_assert_ptr_null(strcasestr(h, "nan"));
    free(h);
    remove_dir();
}
END_TEST

/* ---- lookups by key ------------------------------------------------------------------ */

/* The index finds the first row of a key in file order (what a scan from
 * the top found, so pages keep their bytes), whatever the rows' order. */
START_TEST(index_lookup)
{
    static const char text[] = "variant,metric,mean\nb,nps,1\na,nps,2\nb,csat,3\nb,nps,4\n"
                               "a,csat,5\n";
    static const char *const cols[] = {"variant", "metric"}, *const odd[] = {"metric", "x"};
    cx_csv_table *t;
    rp_index ix;
    cx_error err;
    ck_assert_int_eq(cx_csv_read_buffer("t.csv", text, strlen(text), &t, &err), CX_OK);
    ck_assert_int_eq(cx_rp_index_build(&ix, t, cols, 2, &err), CX_OK);
    ck_assert_uint_eq(ix.n, 5);
    const char *bn[] = {"b", "nps"}, *an[] = {"a", "nps"}, *ac[] = {"a", "csat"};
    const char *cn[] = {"c", "nps"}, *b[] = {"b"}, *empty[] = {"", ""};
    ck_assert_uint_eq(cx_rp_index_find(&ix, bn, 2), 1);     /* not row 4 */
    ck_assert_uint_eq(cx_rp_index_find(&ix, an, 2), 2);
    ck_assert_uint_eq(cx_rp_index_find(&ix, ac, 2), 5);
    ck_assert_uint_eq(cx_rp_index_find(&ix, cn, 2), 0);     /* absent */
    ck_assert_uint_eq(cx_rp_index_find(&ix, b, 1), 0);      /* a key is whole */
    ck_assert_uint_eq(cx_rp_index_find(&ix, empty, 2), 0);
    cx_rp_index_free(&ix);
    /* a column the table lacks keys as "": every row has the key (nps, "") */
    ck_assert_int_eq(cx_rp_index_build(&ix, t, odd, 2, &err), CX_OK);
    const char *n1[] = {"nps"}, *c1[] = {"csat", ""};
    ck_assert_uint_eq(cx_rp_index_find(&ix, n1, 1), 1);
    ck_assert_uint_eq(cx_rp_index_find(&ix, c1, 2), 3);
    cx_rp_index_free(&ix);
    cx_csv_table_free(t);
    /* a header alone: an empty index */
    ck_assert_int_eq(cx_csv_read_buffer("h.csv", "variant,metric\n", 15, &t, &err), CX_OK);
    ck_assert_int_eq(cx_rp_index_build(&ix, t, cols, 2, &err), CX_OK);
    ck_assert_uint_eq(cx_rp_index_find(&ix, bn, 2), 0);
    cx_rp_index_free(&ix);
    cx_csv_table_free(t);
}
END_TEST

/* On a page: rows in any order, a repeated key shows its first row. */
START_TEST(lookups_on_page)
{
    make_dir();
    put("run.json", "{\"command\": \"run\", \"variants\": [\"a\", \"b\"]}");
    put("summary.csv", "variant,metric,mean,sd,ci_low,ci_high,n\n"
                       "b,nps,31,0,NA,NA,1\na,nps,11,0,NA,NA,1\na,nps,99,0,NA,NA,1\n");
    put("touchpoints.csv", "variant,journey,touchpoint,metric,mean,ci_low,ci_high\n"
                           "b,j,t2,visits,202,NA,NA\na,j,t1,visits,101,NA,NA\n"
                           "a,j,t2,csat_mean,4.5,NA,NA\na,j,t2,visits,102,NA,NA\n"
                           "a,j,t1,visits,999,NA,NA\n");
    char *h = render(tmpdir, NULL);
    ck_assert_ptr_nonnull(strstr(h, "<td>NPS <small>(nps)</small></td><td>11</td><td>31</td>"));
    ck_assert_ptr_nonnull(strstr(h, "<tr><td>t1</td><td>101</td><td>NA</td>"));
    ck_assert_ptr_nonnull(strstr(h, "<tr><td>t2</td><td>102</td><td>NA</td>"));
    ck_assert_ptr_nonnull(strstr(h, "<td>4.5</td><td>NA</td></tr>"));  /* csat_mean, effort */
    ck_assert_ptr_null(strstr(h, ">99<"));
    ck_assert_ptr_null(strstr(h, ">999<"));
    free(h);
    remove_dir();
}
END_TEST

/* The arc follows the journeys' graph: run.json's next parameters, else
 * the next touchpoint listed; never across journeys, never back. */
START_TEST(journey_edges)
{
    make_dir();
    put("run.json", "{\"command\": \"run\", \"variants\": [\"a\"], \"parameters\": {"
                    "\"journey.j.t1.next.t2\": 0.6, \"journey.j.t1.next.t3\": 0.4, "
                    "\"journey.j.t2.next.done\": 1, \"journey.j.t3.next.t1\": 0.5, "
                    "\"journey.j.t3.next.t4\": 0, \"journey.j.t4.next.t4\": 0.2}}");
    put("touchpoints.csv", "variant,journey,touchpoint,metric,mean,ci_low,ci_high\n"
                           "a,j,t1,visits,1,NA,NA\na,j,t2,visits,1,NA,NA\n"
                           "a,j,t3,visits,1,NA,NA\na,j,t4,visits,1,NA,NA\n"
                           "a,j,t5,visits,1,NA,NA\na,k,u1,visits,1,NA,NA\n"
                           "a,k,u2,visits,1,NA,NA\n");
    cx_report *r;
    cx_error err;
    ck_assert_msg(cx_report_new(tmpdir, &r, &err) == CX_OK, "%s", err.msg);
    /* t1 -> t2, t3 (its next); t2 ends (done); t3 -> t1 is back and t3 ->
     * t4 has probability 0; t4 -> t4 a loop; t5 has no next: -> the next
     * listed is in another journey, so none; u1 -> u2 (the next listed) */
    size_t want_from[] = {0, 0, 5}, want_to[] = {1, 2, 6};
    ck_assert_uint_eq(r->n_edges, 3);
    for (size_t e = 0; e < 3; e++) {
        ck_assert_uint_eq(r->edge_from[e], want_from[e]);
        ck_assert_uint_eq(r->edge_to[e], want_to[e]);
    }
    cx_report_free(r);
    remove_dir();
}
END_TEST

/* ---- errors ----------------------------------------------------------------------- */

static void fails_with(const char *dir, cx_status code, const char *msg)
{
    cx_report *r = (cx_report *)1;
    cx_error err;
    ck_assert_int_eq(cx_report_new(dir, &r, &err), code);
    ck_assert_ptr_null(r);
    ck_assert_msg(strstr(err.msg, msg), "'%s' lacks '%s'", err.msg, msg);
}

START_TEST(errors)
{
    make_dir();
    char want[512];
    fails_with("/nonexistent/dir", CX_ERR_INPUT, "/nonexistent/dir: not a directory");
    put("run.json", "{\n  \"command\": \"run\",\n  \"variants\": [\"b\"]\n  \"x\": 1\n}\n");
    snprintf(want, sizeof want, "%s/run.json:4: '}' expected near '\"x\"'", tmpdir);
    fails_with(tmpdir, CX_ERR_INPUT, want);
    put("run.json", "{\"command\": \"explode\", \"variants\": [\"b\"]}");
    fails_with(tmpdir, CX_ERR_INPUT, "\"command\" is not one of");
    put("run.json", "{\"command\": \"run\"}");
    fails_with(tmpdir, CX_ERR_INPUT, "\"variants\" must be an array");
    put("run.json", "{\"command\": \"run\", \"variants\": [\"b\"]}");
    put("summary.csv", "variant,metric,mean,ci_low,ci_high\nb,nps,1,0,2\nb,csat_mean,x,0,2\n");
    snprintf(want, sizeof want, "%s/summary.csv:3: column 3 (mean): 'x' is not a", tmpdir);
    fails_with(tmpdir, CX_ERR_INPUT, want);
    put("summary.csv", "variant,metric,mean,ci_low,ci_high\nb,nps,1,0\n");
    snprintf(want, sizeof want, "%s/summary.csv:2: 4 fields, the header has 5", tmpdir);
    fails_with(tmpdir, CX_ERR_INPUT, want);
    put("summary.csv", "variant,metric,average,ci_low,ci_high\n");
    snprintf(want, sizeof want, "%s/summary.csv:1: no column 'mean'", tmpdir);
    fails_with(tmpdir, CX_ERR_INPUT, want);
    put("summary.csv", "variant,metric,mean,ci_low,ci_high\nb,nps,1,0,2\n");
    /* --uncertainty's directory: its files, not a run's */
    put("run.json", "{\"command\": \"compare\", \"variants\": [\"b\"], "
                    "\"uncertainty\": {\"draws\": 2}}");
    snprintf(want, sizeof want, "%s/uncertainty.csv: missing", tmpdir);
    fails_with(tmpdir, CX_ERR_INPUT, want);
    put("run.json", "{\"command\": \"compare\", \"variants\": [\"b\"]}");
    snprintf(want, sizeof want, "%s/compare.csv: missing", tmpdir);
    fails_with(tmpdir, CX_ERR_INPUT, want);
    char path[256];
    snprintf(path, sizeof path, "%s/run.json", tmpdir);
    unlink(path);
    fails_with(tmpdir, CX_ERR_INPUT, "not a results directory (no run.json");
    remove_dir();
}
END_TEST

/* quickwins --uncertainty (docs/results.md, "quickwins_uncertainty.csv"):
 * its candidates before the choice, each by its variant's name. */
START_TEST(quickwins_uncertainty_page)
{
    make_dir();
    static const char *const run_files[] = {"summary.csv", "periods.csv", "touchpoints.csv"};
    for (size_t i = 0; i < 3; i++) {     /* --uncertainty writes none of a run's files */
        char p[256];
        snprintf(p, sizeof p, "%s/%s", tmpdir, run_files[i]);
        unlink(p);
    }
    put("run.json", "{\"command\": \"quickwins\", \"variants\": [\"base\"], \"uncertainty\": "
                    "{\"draws\": 2, \"inner_replications\": 2, \"variants\": [\"base\", \"a\", "
                    "\"quick_wins\"]}}");
    put("uncertainty.csv", "variant,metric,mean,sd,p05,p50,p95,prob_positive,prob_negative,"
                           "var_input,var_noise,n\n"
                           "base,net_value,0,0,0,0,0,0,0,0,0,2\n"
                           "a,net_value,-5,1,-6,-5,-4,0,1,1,0,2\n"
                           "quick_wins,net_value,1500,10,1490,1500,1510,1,0,90,10,2\n");
    put("decision.csv", "variant,expected_net_value,prob_best,prob_loss,prob_roi_negative,"
                        "expected_loss\nbase,0,0,0,NA,1500\na,-5,0,1,1,1505\n"
                        "quick_wins,1500,1,0,0,0\n");
    put("voi.csv", "parameter,evppi,evpi\nx,0,0\n");
    put("draws.csv", "draw,variant,x,net_value\n1,base,0.1,0\n1,a,0.1,-6\n"
                     "1,quick_wins,0.1,1490\n2,base,0.2,0\n2,a,0.2,-4\n2,quick_wins,0.2,1510\n");
    put("quickwins_uncertainty.csv", "rank,candidate,interventions,size,objective,effect_mean,"
                                     "effect_p05,effect_p95,prob_better,expected_net_value,"
                                     "prob_best,prob_loss,prob_roi_negative,expected_loss\n"
                                     "1,quick_wins,fix+agents,2,value,1500,1490,1510,1,1500,1,"
                                     "0,0,0\n2,a,a,1,value,-5,-6,-4,0,-5,0,1,1,1505\n");
    char *h = render(tmpdir, NULL);
    ck_assert_ptr_nonnull(strstr(h, "<h3>The candidates</h3>"));
    ck_assert_ptr_nonnull(strstr(h, "<th>effect on net value</th>"));
    ck_assert_ptr_nonnull(strstr(h, "<tr><td>1</td><td class=\"l\">quick_wins <small>(fix+agents)"
                                    "</small></td><td>+1.50 k</td><td>+1.49 k to +1.51 k</td>"
                                    "<td>100 %</td><td>100 %</td><td>0 %</td><td>0</td></tr>"));
    ck_assert_ptr_nonnull(strstr(h, "<tr><td>2</td><td class=\"l\">a</td><td>-5.00</td>"));
    /* the candidates come before the choice */
    ck_assert(strstr(h, "The candidates") < strstr(h, "The choice"));
    /* a histogram for each candidate: 2, P(best), EVPPI */
    ck_assert_uint_eq(count(h, "<svg class=\"chart\""), 4);
    free(h);
    char path[256];
    snprintf(path, sizeof path, "%s/quickwins_uncertainty.csv", tmpdir);
    unlink(path);
    char want[512];
    snprintf(want, sizeof want, "%s/quickwins_uncertainty.csv: missing: the results of cxsim "
             "quickwins --uncertainty hold it", tmpdir);
    fails_with(tmpdir, CX_ERR_INPUT, want);
    remove_dir();
}
END_TEST

START_TEST(write_atomic)
{
    make_dir();
    char path[256];
    cx_error err;
    snprintf(path, sizeof path, "%s/out.html", tmpdir);
    ck_assert_int_eq(cx_report_write(tmpdir, path, &err), CX_OK);
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_int_gt(sb.st_size, 1000);
    /* a directory that does not exist: CX_ERR_IO naming the file, nothing left */
    ck_assert_int_eq(cx_report_write(tmpdir, "/nonexistent/r.html", &err), CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/r.html"));
    /* not a results directory: nothing written */
    unlink(path);
    snprintf(path, sizeof path, "%s/run.json", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/out.html", tmpdir);
    ck_assert_int_eq(cx_report_write(tmpdir, path, &err), CX_ERR_INPUT);
    ck_assert_int_ne(stat(path, &sb), 0);
    remove_dir();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, intervals);
    tcase_add_test(tc, run_page);
    tcase_add_test(tc, compare_page);
    tcase_add_test(tc, quickwins_page);
    tcase_add_test(tc, sweep_page);
    tcase_add_test(tc, sensitivity_page);
    tcase_add_test(tc, uncertainty_page);
    tcase_add_test(tc, calibrate_page);
    tcase_add_test(tc, hostile_names);
    tcase_add_test(tc, index_lookup);
    tcase_add_test(tc, lookups_on_page);
    tcase_add_test(tc, journey_edges);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, quickwins_uncertainty_page);
    tcase_add_test(tc, write_atomic);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
