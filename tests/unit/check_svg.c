/* check_svg.c - the SVG chart module: exact nice ticks (Heckbert's
 * algorithm worked by hand for each range), tick labels, escaping, NaN
 * never written as a coordinate, mark counts per chart, determinism. */
#define _GNU_SOURCE
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/svg.h"
#include "test_util.h"

static void ticks_are(double lo, double hi, size_t target, const double *want, size_t n,
                      double step)
{
    double t[CX_SVG_MAX_TICKS], s = 0;
    size_t got = cx_svg_ticks(lo, hi, target, t, CX_SVG_MAX_TICKS, &s);
    ck_assert_uint_eq(got, n);
    for (size_t i = 0; i < n; i++)     /* exact: each tick is one rounding of k * step */
        ck_assert_msg(t[i] == want[i], "tick %zu: %.17g, want %.17g", i, t[i], want[i]);
    ck_assert_msg(s == step, "step %.17g, want %.17g", s, step);
}

START_TEST(ticks_exact)
{
    /* range 1 -> nice 1; 1 / 4 = 0.25 rounds to 0.2 */
    ticks_are(0, 1, 5, (double[]){0, 0.2, 0.4, 0.6, 0.8, 1}, 6, 0.2);
    /* range 0.5 -> 0.5; 0.5 / 5 = 0.1; 23.2 / 0.1 must not floor to 231 */
    ticks_are(23.2, 23.7, 6, (double[]){23.2, 23.3, 23.4, 23.5, 23.6, 23.7}, 6, 0.1);
    /* range 0.015 -> 0.02; 0.004 rounds to 0.005; first tick at or below lo */
    ticks_are(-0.013, 0.002, 6, (double[]){-0.015, -0.01, -0.005, 0, 0.005}, 5, 0.005);
    /* range 513477 -> 1e6; 2e5 */
    ticks_are(0, 513477, 6, (double[]){0, 200000, 400000, 600000}, 4, 200000);
    /* a single value 0 is widened to [-1, 1]: range 2, 0.4 rounds to 0.5 */
    ticks_are(0, 0, 5, (double[]){-1, -0.5, 0, 0.5, 1}, 5, 0.5);
    /* reversed ends are the same range */
    ticks_are(1, 0, 5, (double[]){0, 0.2, 0.4, 0.6, 0.8, 1}, 6, 0.2);
    /* 0.1 + 0.2 is not 0.3 in doubles; the ticks are */
    ticks_are(0.1, 0.3, 3, (double[]){0.1, 0.2, 0.3}, 3, 0.1);
}
END_TEST

START_TEST(ticks_limits)
{
    double t[3], s;
    /* 0..100 with 10 wanted: step 10 gives 11 ticks, 20 gives 6, 50 gives 3 */
    ck_assert_uint_eq(cx_svg_ticks(0, 100, 10, t, 3, &s), 3);
    ck_assert(t[0] == 0 && t[1] == 50 && t[2] == 100 && s == 50);
    ck_assert_uint_eq(cx_svg_ticks(NAN, 1, 5, t, 3, &s), 0);
    ck_assert_uint_eq(cx_svg_ticks(0, INFINITY, 5, t, 3, &s), 0);
    ck_assert_uint_eq(cx_svg_ticks(0, 1, 5, t, 1, &s), 0);
    /* no -0: a tick at zero prints as "0" */
    double u[CX_SVG_MAX_TICKS];
    size_t n = cx_svg_ticks(-1, 1, 5, u, CX_SVG_MAX_TICKS, NULL);
    for (size_t i = 0; i < n; i++)
        if (u[i] == 0)
            ck_assert(!signbit(u[i]));
}
END_TEST

START_TEST(tick_labels)
{
    char b[32];
    ck_assert_str_eq(cx_svg_tick_label(0.2, 0.2, 1, b, sizeof b), "0.2");
    ck_assert_str_eq(cx_svg_tick_label(-0.015, 0.005, 0.015, b, sizeof b), "-0.015");
    ck_assert_str_eq(cx_svg_tick_label(40, 20, 100, b, sizeof b), "40");
    ck_assert_str_eq(cx_svg_tick_label(200000, 200000, 600000, b, sizeof b), "200k");
    ck_assert_str_eq(cx_svg_tick_label(1.5e6, 5e5, 2e6, b, sizeof b), "1.5M");
    ck_assert_str_eq(cx_svg_tick_label(3e9, 1e9, 4e9, b, sizeof b), "3G");
    ck_assert_str_eq(cx_svg_tick_label(0, 200000, 600000, b, sizeof b), "0");
    ck_assert_str_eq(cx_svg_tick_label(23.3, 0.1, 23.7, b, sizeof b), "23.3");
}
END_TEST

/* ---- writing charts to memory ---------------------------------------------------- */

typedef struct mem {
    char *buf;
    size_t len;
    FILE *fp;
} mem;

static void mem_open(mem *m)
{
    m->buf = NULL;
    m->fp = open_memstream(&m->buf, &m->len);
    ck_assert_ptr_nonnull(m->fp);
}

static char *mem_close(mem *m)
{
    fclose(m->fp);
    return m->buf;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* No NaN or infinity printed anywhere (labels in these tests avoid the
 * letters). */
static void no_nonfinite(const char *s)
{
    ck_assert_ptr_null(strcasestr(s, "nan"));
    ck_assert_ptr_null(strcasestr(s, "inf"));
}

START_TEST(text_escaping)
{
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_text(m.fp, "a<b>&\"c'd\x01" "e"), 0);
    ck_assert_int_eq(cx_svg_text(m.fp, NULL), 0);
    char *s = mem_close(&m);
    ck_assert_str_eq(s, "a&lt;b&gt;&amp;&quot;c&#39;d e");
    free(s);
}
END_TEST

static const char *const cats[] = {"x<1", "y&2", "z\"3"};

static char *bars_svg(void)
{
    double a[] = {1, 2, NAN}, alo[] = {0.5, 1.5, 0}, ahi[] = {1.5, 2.5, 1};
    double b[] = {-1, 3, 4}, blo[] = {-2, NAN, 3}, bhi[] = {0, 4, 5};
    cx_svg_series s[] = {{"A & B", a, alo, ahi}, {"<C>", b, blo, bhi}};
    cx_svg_bars c = {{"t", "x", "y", 0, 0}, cats, 3, s, 2};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_bars_write(m.fp, &c), 0);
    return mem_close(&m);
}

START_TEST(bars_marks)
{
    char *s = bars_svg();
    ck_assert_uint_eq(count(s, "<svg class=\"chart\""), 1);
    ck_assert_uint_eq(count(s, "</svg>"), 1);
    ck_assert_uint_eq(count(s, "class=\"bar\""), 5);    /* 6 less the NaN */
    ck_assert_uint_eq(count(s, "class=\"err\""), 4);    /* less the NaN bar and NaN lo */
    ck_assert_uint_eq(count(s, "class=\"key\""), 2);
    ck_assert_ptr_nonnull(strstr(s, ">x&lt;1</text>"));
    ck_assert_ptr_nonnull(strstr(s, ">y&amp;2</text>"));
    ck_assert_ptr_nonnull(strstr(s, ">z&quot;3</text>"));
    ck_assert_ptr_nonnull(strstr(s, ">A &amp; B</text>"));
    ck_assert_ptr_nonnull(strstr(s, ">&lt;C&gt;</text>"));
    ck_assert_ptr_null(strstr(s, "<C>"));
    no_nonfinite(s);
    free(s);
}
END_TEST

START_TEST(bars_deterministic)
{
    char *a = bars_svg(), *b = bars_svg();
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
}
END_TEST

START_TEST(bars_empty)
{
    double y[] = {NAN, INFINITY};
    cx_svg_series s = {"s", y, NULL, NULL};
    cx_svg_bars c = {{"t", NULL, NULL, 300, 200}, cats, 2, &s, 1};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_bars_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    /* 0 alone is in the range (bars start there): an axis, no bar */
    ck_assert_uint_eq(count(out, "class=\"bar\""), 0);
    no_nonfinite(out);
    free(out);
    cx_svg_bars none = {{"t", NULL, NULL, 300, 200}, cats, 0, &s, 1};
    mem_open(&m);
    ck_assert_int_eq(cx_svg_bars_write(m.fp, &none), 0);
    out = mem_close(&m);
    ck_assert_ptr_nonnull(strstr(out, "No finite value to show."));
    ck_assert_ptr_nonnull(strstr(out, "width=\"300\" height=\"200\""));
    free(out);
}
END_TEST

START_TEST(lines_break_at_nan)
{
    double x[] = {1, 2, 3, 4, 5};
    double y[] = {1, 2, NAN, 4, 5}, lo[] = {0, 1, 2, 3, 4}, hi[] = {2, 3, 4, 5, 6};
    double z[] = {5, 4, 3, 2, 1};
    cx_svg_series s[] = {{"a", y, lo, hi}, {"b", z, NULL, NULL}};
    cx_svg_lines c = {{"t", "period", "v", 0, 0}, x, NULL, 5, s, 2};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_lines_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"line\""), 2);
    ck_assert_uint_eq(count(out, "class=\"band\""), 1);    /* lo, hi finite throughout */
    ck_assert_uint_eq(count(out, "class=\"pt\""), 9);
    /* series a's line is two pieces: M..L, then M..L after the NaN */
    const char *a = strstr(out, "class=\"line\"");
    const char *d = strstr(a, " d=\""), *end = strchr(d + 4, '"');
    size_t moves = 0;
    for (const char *p = d; p < end; p++)
        moves += *p == 'M';
    ck_assert_uint_eq(moves, 2);
    no_nonfinite(out);
    free(out);
}
END_TEST

START_TEST(lines_categories)
{
    const char *labels[] = {"browse", "checkout", "pay"};
    double y[] = {0.2, -0.4, 0.1}, lo[] = {0.1, NAN, 0}, hi[] = {0.3, -0.3, 0.2};
    cx_svg_series s = {"baseline", y, lo, hi};
    cx_svg_lines c = {{"arc", NULL, "emotion", 0, 0}, NULL, labels, 3, &s, 1};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_lines_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"band\""), 2);    /* split where lo is NaN */
    ck_assert_uint_eq(count(out, "class=\"pt\""), 3);
    ck_assert_uint_eq(count(out, "class=\"key\""), 0);     /* one series: no legend */
    ck_assert_ptr_nonnull(strstr(out, ">checkout</text>"));
    free(out);
}
END_TEST

/* Rotated labels longer than 26 characters keep their last 25 after an
 * ellipsis, cut on a character boundary, the whole label as a tooltip; the
 * left margin grows so that the first label is not cut at the edge. */
START_TEST(long_labels)
{
    const char *labels[] = {
        "journey.purchase.support.recovery.success",   /* 41 characters */
        "segment.caf\xc3\xa9_lovers_of_north.churn_x",   /* 36 characters, the cut
                                                           * just before the 2-byte one */
        "short",
    };
    double y[] = {1, 2, 3};
    cx_svg_series s = {"v", y, NULL, NULL};
    cx_svg_bars c = {{"t", NULL, NULL, 300, 0}, labels, 3, &s, 1};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_bars_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_ptr_nonnull(strstr(out, "<title>journey.purchase.support.recovery.success</title>"
                                      "\xe2\x80\xa6" ".support.recovery.success</text>"));
    ck_assert_ptr_nonnull(strstr(out, "</title>\xe2\x80\xa6" "\xc3\xa9_lovers_of_north.churn_x</text>"));
    ck_assert_ptr_nonnull(strstr(out, ">short</text>"));
    /* 8 + (25 + 1) * 6.8 * 0.71 - (300 - 80) / 3 / 2 = 96.87 > 64: the first
     * category's centre moves right by the difference */
    double x0 = 0;
    const char *bar = strstr(out, "class=\"bar\" x=\"");
    ck_assert_ptr_nonnull(bar);
    x0 = strtod(bar + strlen("class=\"bar\" x=\""), NULL);
    ck_assert_msg(x0 > 96.8, "first bar at %g", x0);
    free(out);
}
END_TEST

START_TEST(tornado_marks)
{
    const char *labels[] = {"p.one", "p.two", "p.three"};
    double lo[] = {10, 18, NAN}, hi[] = {30, 22, 21};
    cx_svg_tornado c = {{"tornado", NULL, NULL, 0, 0}, labels, lo, hi, 3, 20, NULL, NULL};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_tornado_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"bar\""), 5);
    ck_assert_uint_eq(count(out, "class=\"base\""), 1);
    ck_assert_ptr_nonnull(strstr(out, ">p.three</text>"));
    ck_assert_ptr_nonnull(strstr(out, ">low</text>"));
    no_nonfinite(out);
    free(out);
}
END_TEST

START_TEST(scatter_marks)
{
    const char *labels[] = {"fix & go", "logo", "popup"};
    double x[] = {100, 0, 50}, y[] = {5, 0, -2}, lo[] = {4, 0, -3}, hi[] = {6, 0, NAN};
    cx_svg_scatter c = {{"impact", "cost", "effect", 0, 0}, x, y, lo, hi, labels, 3};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_scatter_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"pt\""), 3);
    ck_assert_uint_eq(count(out, "class=\"err\""), 2);
    ck_assert_uint_eq(count(out, "class=\"zero\""), 1);
    ck_assert_ptr_nonnull(strstr(out, ">fix &amp; go</text>"));
    no_nonfinite(out);
    free(out);
}
END_TEST

/* A graph with every kind of arrow: forward into the next column (a to
 * b&c), within a column (b&c to d), back (d to a), a loop (b&c), and into
 * a sink two columns on (b&c to end, dashed). */
START_TEST(scatter_labels_apart)
{
    /* two candidates at the same cost and effect: the second label goes a
     * line (14 px) lower instead of over the first; a third far away stays */
    const char *labels[] = {"one_click_checkout", "quick_wins", "far"};
    double x[] = {100, 100, 0}, y[] = {5, 5, 0};
    cx_svg_scatter c = {{"impact", "cost", "effect", 0, 0}, x, y, NULL, NULL, labels, 3};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_scatter_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    double y1, y2, p1, p2;
    const char *a = strstr(out, ">one_click_checkout</text>"), *b = strstr(out, ">quick_wins</text>");
    ck_assert(a && b);
    while (strncmp(a, "<text x=", 8) != 0)
        a--;
    while (strncmp(b, "<text x=", 8) != 0)
        b--;
    ck_assert_int_eq(sscanf(a, "<text x=\"%*f\" y=\"%lf\"", &y1), 1);
    ck_assert_int_eq(sscanf(b, "<text x=\"%*f\" y=\"%lf\"", &y2), 1);
    ck_assert_double_eq_tol(y2 - y1, 14, 1e-9);
    /* the first is where a lone label goes: 7 px above its point */
    const char *pt = strstr(out, "<circle class=\"pt\" cx=\"");
    ck_assert_int_eq(sscanf(pt, "<circle class=\"pt\" cx=\"%lf\" cy=\"%lf\"", &p1, &p2), 2);
    ck_assert_double_eq_tol(y1, p2 - 7, 0.051);
    free(out);
}
END_TEST

START_TEST(graph_marks)
{
    const char *nodes[] = {"a", "b&c", "d", "end"};
    size_t layer[] = {0, 1, 1, 2}, from[] = {0, 1, 2, 1, 1}, to[] = {1, 2, 0, 1, 3};
    int sink[] = {0, 0, 0, 1};
    double w[] = {1, 0.25, 0.5, 0.25, 0.5};
    const char *label[] = {"1", "0.25", "0.5", "0.25", "0.5"};
    const char *title[] = {"a to b&c", NULL, NULL, NULL, NULL};
    cx_svg_graph g = {{"journey", NULL, NULL, 0, 0}, nodes, layer, sink, 4, from, to, w,
                      label, title, 5};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_graph_write(m.fp, &g), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"node\""), 4);
    ck_assert_uint_eq(count(out, "class=\"edge\""), 5);
    ck_assert_uint_eq(count(out, "class=\"head\""), 5);
    ck_assert_uint_eq(count(out, "class=\"elabel\""), 5);
    ck_assert_uint_eq(count(out, "stroke-dasharray"), 1);       /* into the sink */
    ck_assert_uint_eq(count(out, "rx=\"14\""), 1);               /* the sink's box */
    ck_assert_ptr_nonnull(strstr(out, "data-from=\"a\" data-to=\"b&amp;c\""));
    ck_assert_ptr_nonnull(strstr(out, "<title>a to b&amp;c</title>"));
    ck_assert_ptr_null(strstr(out, "url("));    /* the page allows no reference */
    /* the forward arrow ends at b&c's left side, mid-height (box row 0 at
     * y 48, 30 high), and so does its head's tip */
    double bx, rx;
    const char *r = strstr(out, "<g class=\"node\"><rect x=\"");
    ck_assert_ptr_nonnull(r);
    r = strstr(r + 1, "<g class=\"node\"><rect x=\"");       /* b&c, the second box */
    ck_assert_int_eq(sscanf(r, "<g class=\"node\"><rect x=\"%lf\"", &bx), 1);
    const char *h = strstr(out, "class=\"head\" d=\"M");
    ck_assert_int_eq(sscanf(h, "class=\"head\" d=\"M%lf 63.0L", &rx), 1);
    ck_assert_double_eq_tol(rx, bx, 1e-9);
    no_nonfinite(out);
    free(out);
}
END_TEST

START_TEST(bars_colour_per_category)
{
    /* one bar per variant, each in its variant's colour: the second and
     * third categories are variants 1 and 2 of the page */
    double y[] = {1, 2}, lo[] = {0.5, 1.5}, hi[] = {1.5, 2.5};
    const char *names[] = {"quick_wins", "all"};
    size_t colour[] = {1, 2};
    cx_svg_series s = {"nps", y, lo, hi};
    cx_svg_bars c = {{"t", NULL, "nps", 0, 0}, names, 2, &s, 1, colour};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_bars_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"bar\""), 2);
    ck_assert_uint_eq(count(out, cx_svg_colour(0)), 0);
    ck_assert_uint_eq(count(out, cx_svg_colour(1)), 1);
    ck_assert_uint_eq(count(out, cx_svg_colour(2)), 1);
    ck_assert_uint_eq(count(out, "class=\"key\""), 0);     /* the categories name them */
    free(out);
}
END_TEST

/* The d attribute of the first line path of out, into d (n bytes). */
static void line_d(const char *out, char *d, size_t n)
{
    const char *l = strstr(out, "class=\"line\"");
    ck_assert_ptr_nonnull(l);
    l = strstr(l, " d=\"");
    ck_assert_ptr_nonnull(l);
    l += 4;
    size_t k = strcspn(l, "\"");
    ck_assert_uint_lt(k, n);
    memcpy(d, l, k);
    d[k] = 0;
}

START_TEST(lines_along_edges)
{
    /* a journey a -> b, b branching to c and d, d -> e, and a second
     * journey f -> g: the line runs a-b-c, then b-d-e, then f-g; c ends
     * its branch, so c-d is not joined, nor e-f (two journeys); the edge
     * to the NaN point h is left out, and so is the loop g -> g */
    const char *labels[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    double y[] = {0, 1, 0, 1, 0, 0.5, 0.5, NAN};
    double lo[] = {-0.1, 0.9, -0.1, 0.9, -0.1, 0.4, 0.4, 0};
    double hi[] = {0.1, 1.1, 0.1, 1.1, 0.1, 0.6, 0.6, 0};
    size_t from[] = {0, 1, 1, 3, 5, 6, 6}, to[] = {1, 2, 3, 4, 6, 7, 6};
    cx_svg_series s = {"baseline", y, lo, hi};
    /* 8 categories over 720 - 80 px: a slot of 80 px; the plot spans
     * -0.5 .. 7.5 from x = 80 (64 + 16 for the y label) over 624 px, so
     * position i is at 80 + 78 (i + 0.5); y from 1.2 (top) to -0.2 */
    cx_svg_lines c = {{"arc", NULL, "emotion", 720, 300}, NULL, labels, 8, &s, 1, from, to, 7};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_lines_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"line\""), 1);
    ck_assert_uint_eq(count(out, "class=\"band\""), 0);    /* whiskers instead */
    ck_assert_uint_eq(count(out, "class=\"err\""), 7);     /* the finite points */
    ck_assert_uint_eq(count(out, "class=\"pt\""), 7);
    char d[1024];
    line_d(out, d, sizeof d);
    /* three runs: a-b-c, b-d-e, f-g */
    ck_assert_uint_eq(count(d, "M"), 3);
    ck_assert_uint_eq(count(d, "L"), 5);
    double ax, bx, cx, bx2, dx, ex, fx, gx, ay, by, cy, by2, dy, ey, fy, gy;
    ck_assert_int_eq(sscanf(d, "M%lf %lfL%lf %lfL%lf %lfM%lf %lfL%lf %lfL%lf %lfM%lf %lfL%lf %lf",
                            &ax, &ay, &bx, &by, &cx, &cy, &bx2, &by2, &dx, &dy, &ex, &ey, &fx,
                            &fy, &gx, &gy), 16);
    ck_assert_double_eq_tol(ax, 80 + 78 * 0.5, 0.051);
    ck_assert_double_eq_tol(bx, 80 + 78 * 1.5, 0.051);
    ck_assert_double_eq_tol(cx, 80 + 78 * 2.5, 0.051);
    ck_assert_double_eq_tol(bx2, bx, 1e-9);
    ck_assert_double_eq_tol(by2, by, 1e-9);
    ck_assert_double_eq_tol(dx, 80 + 78 * 3.5, 0.051);
    ck_assert_double_eq_tol(fx, 80 + 78 * 5.5, 0.051);
    ck_assert_double_eq_tol(gx, 80 + 78 * 6.5, 0.051);
    ck_assert(by < ay && cy == ay && dy == by && fy == gy);
    no_nonfinite(out);
    free(out);
}
END_TEST

START_TEST(tornado_inputs)
{
    const char *labels[] = {"journey.buy.checkout.friction"};
    double lo[] = {25}, hi[] = {15}, vlo[] = {0.04}, vhi[] = {0.15};
    cx_svg_tornado c = {{"tornado", NULL, NULL, 0, 0}, labels, lo, hi, 1, 20, NULL, NULL,
                        vlo, vhi};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_tornado_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_ptr_nonnull(strstr(out, ">low 0.04, high 0.15</text>"));
    ck_assert_ptr_nonnull(strstr(out, "at low (0.04): 25</title>"));
    ck_assert_ptr_nonnull(strstr(out, "at high (0.15): 15</title>"));
    free(out);
}
END_TEST

START_TEST(hbars_clipped)
{
    /* Sobol' indices on [0, 1]: 1.3 and -0.2 lie beyond; a label of 60
     * characters is written whole */
    const char *labels[] = {"intervention.one_click_checkout.journey.purchase.checkout.f",
                            "b", "c"};
    double y[] = {1.3, 0.5, -0.2}, lo[] = {0.9, 0.25, -0.5}, hi[] = {1.6, 0.75, 0.1};
    cx_svg_series s = {"total", y, lo, hi};
    cx_svg_hbars c = {{"sobol", "share", NULL, 1000, 0}, labels, 3, &s, 1, 0, 1, 0};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_hbars_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"bar\""), 3);
    ck_assert_uint_eq(count(out, "class=\"err\""), 3);
    ck_assert_uint_eq(count(out, "class=\"clip\""), 2);    /* the bars at 1.3, -0.2 */
    ck_assert_ptr_nonnull(strstr(out, ">1.3, beyond the axis</title>"));
    ck_assert_ptr_nonnull(strstr(out, ">-0.2, beyond the axis</title>"));
    ck_assert_ptr_nonnull(strstr(out, ">intervention.one_click_checkout.journey.purchase."
                                      "checkout.f</text>"));
    ck_assert_ptr_null(strstr(out, "\xe2\x80\xa6"));       /* no ellipsis */
    /* the axis is [0, 1] exactly: ticks 0 .. 1, none beyond */
    ck_assert_ptr_nonnull(strstr(out, ">0.0</text>"));
    ck_assert_ptr_nonnull(strstr(out, ">1.0</text>"));
    ck_assert_ptr_null(strstr(out, ">1.2</text>"));
    ck_assert_ptr_null(strstr(out, ">-0.2</text>"));
    /* the clipped bar ends at the right edge: x + width = the 1.0 tick */
    const char *b = strstr(out, "class=\"bar\" x=\"");
    double x, yb, w, tick;
    ck_assert_int_eq(sscanf(b, "class=\"bar\" x=\"%lf\" y=\"%lf\" width=\"%lf\"", &x, &yb, &w),
                     3);
    const char *t = strstr(out, ">1.0</text>");
    while (t > out && strncmp(t, "<text x=\"", 9) != 0)
        t--;
    ck_assert_int_eq(sscanf(t, "<text x=\"%lf\"", &tick), 1);
    ck_assert_double_eq_tol(x + w, tick, 0.11);
    no_nonfinite(out);
    free(out);
}
END_TEST

START_TEST(hbars_values)
{
    /* EVPPI: values written beside the bars, in k past 10^4 */
    const char *labels[] = {"f", "g"};
    double y[] = {132.12, 25000};
    cx_svg_series s = {"EVPPI", y, NULL, NULL};
    cx_svg_hbars c = {{"voi", NULL, NULL, 0, 0}, labels, 2, &s, 1, 0, 0, 1};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_hbars_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"value\""), 2);
    ck_assert_ptr_nonnull(strstr(out, ">132</text>"));
    ck_assert_ptr_nonnull(strstr(out, ">25k</text>"));
    ck_assert_uint_eq(count(out, "class=\"clip\""), 0);
    ck_assert_uint_eq(count(out, "class=\"key\""), 0);
    free(out);
}
END_TEST

START_TEST(histogram_bins)
{
    /* x from -1.5 to 1.5 and the mark 0: the axis runs -2 .. 2 (ticks of
     * 1); bins of 0.5 (4 / 15 rounds to 0.5): one value in each of the
     * bins [-1.5, -1), [-0.5, 0), [0.5, 1), [1.5, 2], 25 % each, and
     * NaN left out */
    double x[] = {-1.5, -0.5, 0.5, 1.5, NAN};
    cx_svg_histogram c = {{"net", "net value", NULL, 560, 280}, x, 5, 1, 0.0, "P(loss) 50 %"};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_histogram_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"bar\""), 4);
    ck_assert_ptr_nonnull(strstr(out, "<title>-1.5 to -1: 1 of 4 draws</title>"));
    ck_assert_ptr_nonnull(strstr(out, "<title>-0.5 to 0: 1 of 4 draws</title>"));
    ck_assert_ptr_nonnull(strstr(out, "<title>0.5 to 1: 1 of 4 draws</title>"));
    ck_assert_ptr_nonnull(strstr(out, "<title>1.5 to 2: 1 of 4 draws</title>"));
    ck_assert_uint_eq(count(out, cx_svg_colour(1)), 4);
    ck_assert_uint_eq(count(out, "class=\"mark\""), 1);
    ck_assert_uint_eq(count(out, "class=\"below\""), 1);
    ck_assert_ptr_nonnull(strstr(out, ">P(loss) 50 %</text>"));
    /* the mark at 0 is in the middle of the plot (64 + 16 .. 560 - 24) */
    double mx;
    ck_assert_int_eq(sscanf(strstr(out, "class=\"mark\" d=\"M"), "class=\"mark\" d=\"M%lf", &mx),
                     1);
    ck_assert_double_eq_tol(mx, 80 + (536 - 80) / 2.0, 0.051);
    no_nonfinite(out);
    free(out);
}
END_TEST

START_TEST(histogram_mark_in_view)
{
    /* every value far above 0: the axis still reaches the mark */
    double x[] = {100, 110, 120};
    cx_svg_histogram c = {{"net", NULL, NULL, 0, 0}, x, 3, 0, 0.0, NULL};
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_svg_histogram_write(m.fp, &c), 0);
    char *out = mem_close(&m);
    ck_assert_uint_eq(count(out, "class=\"mark\""), 1);
    ck_assert_uint_eq(count(out, "class=\"below\""), 0);   /* nothing below the axis */
    ck_assert_ptr_nonnull(strstr(out, ">0</text>"));
    free(out);
}
END_TEST

START_TEST(palette)
{
    ck_assert_str_eq(cx_svg_colour(0), "#0072B2");
    ck_assert_str_eq(cx_svg_colour(8), cx_svg_colour(0));
    /* the orange and the vermillion, which look alike, are not both among
     * the first four (the variants of most pages) */
    int orange = 0;
    for (size_t i = 0; i < 4; i++)
        orange += strcmp(cx_svg_colour(i), "#E69F00") == 0 ||
                  strcmp(cx_svg_colour(i), "#D55E00") == 0;
    ck_assert_int_le(orange, 1);
    for (size_t i = 0; i < 8; i++)
        for (size_t j = i + 1; j < 8; j++)
            ck_assert_str_ne(cx_svg_colour(i), cx_svg_colour(j));
}
END_TEST

START_TEST(write_failure)
{
    /* a stream open for reading only: every write fails */
    FILE *fp = fopen("/dev/null", "r");
    ck_assert_ptr_nonnull(fp);
    double y[] = {1};
    cx_svg_series s = {"s", y, NULL, NULL};
    cx_svg_bars c = {{"t", NULL, NULL, 0, 0}, cats, 1, &s, 1};
    ck_assert_int_eq(cx_svg_bars_write(fp, &c), -1);
    fclose(fp);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("svg");
    TCase *tc = tcase_create("svg");
    tcase_add_test(tc, ticks_exact);
    tcase_add_test(tc, ticks_limits);
    tcase_add_test(tc, tick_labels);
    tcase_add_test(tc, text_escaping);
    tcase_add_test(tc, bars_marks);
    tcase_add_test(tc, bars_deterministic);
    tcase_add_test(tc, bars_empty);
    tcase_add_test(tc, lines_break_at_nan);
    tcase_add_test(tc, lines_categories);
    tcase_add_test(tc, long_labels);
    tcase_add_test(tc, tornado_marks);
    tcase_add_test(tc, scatter_marks);
    tcase_add_test(tc, scatter_labels_apart);
    tcase_add_test(tc, graph_marks);
    tcase_add_test(tc, bars_colour_per_category);
    tcase_add_test(tc, lines_along_edges);
    tcase_add_test(tc, tornado_inputs);
    tcase_add_test(tc, hbars_clipped);
    tcase_add_test(tc, hbars_values);
    tcase_add_test(tc, histogram_bins);
    tcase_add_test(tc, histogram_mark_in_view);
    tcase_add_test(tc, palette);
    tcase_add_test(tc, write_failure);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
