/* svg_charts.c - bars, lines, tornado and scatter of cxsim/svg.h, on the
 * frame of svg.c (svg_hbars.c and svg_histogram.c hold the others). */
#include "svg_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_LEGEND 64

/* Names of the series for the legend (at most MAX_LEGEND shown). */
static size_t series_names(const cx_svg_series *s, size_t n, const char **out)
{
    size_t k = n < MAX_LEGEND ? n : MAX_LEGEND;
    for (size_t i = 0; i < k; i++)
        out[i] = s[i].name ? s[i].name : "";
    return n > 1 ? k : 0;      /* one series needs no legend */
}

/* ---- bars ---------------------------------------------------------------------------- */

static void bars_draw(cx_svg_plot *p, const cx_svg_bars *c, int rot)
{
    double group = p->pw / (double)c->n_categories;
    /* at most 60 px a bar: a lone bar filling a wide chart looks like a wall */
    double bw = fmin(group * 0.8 / (double)c->n_series, 60);
    double zero = cx_svg_py(p, fmin(fmax(0.0, p->ylo), p->yhi));
    for (size_t k = 0; k < c->n_categories; k++) {
        double gx = p->left + group * (double)k + (group - bw * (double)c->n_series) / 2;
        for (size_t s = 0; s < c->n_series; s++) {
            const cx_svg_series *se = &c->series[s];
            double v = se->y[k], x = gx + bw * (double)s;
            if (!isfinite(v))
                continue;
            double y = cx_svg_py(p, v), top = fmin(y, zero), h = fabs(y - zero);
            cx_svg_printf(p, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                          "height=\"%.1f\" fill=\"%s\"><title>", x, top, bw, h,
                          cx_svg_colour(c->colour_of ? c->colour_of[k] : s));
            cx_svg_escaped(p, se->name);
            cx_svg_printf(p, " / ");
            cx_svg_escaped(p, c->categories[k]);
            cx_svg_printf(p, ": %.6g</title></rect>\n", v);
            if (se->lo && se->hi)
                cx_svg_errbar(p, x + bw / 2, se->lo[k], se->hi[k]);
        }
        cx_svg_category(p, gx + bw * (double)c->n_series / 2, c->categories[k], rot);
    }
}

int cx_svg_bars_write(FILE *fp, const cx_svg_bars *c)
{
    const char *names[MAX_LEGEND];
    /* coloured by category: the categories name the bars, no legend */
    size_t nl = c->colour_of ? 0 : series_names(c->series, c->n_series, names);
    cx_svg_plot p;
    int rot;
    double w = c->frame.width ? c->frame.width : 720;
    double bottom = cx_svg_category_margin(c->categories, c->n_categories, w - 80, &rot);
    double left = fmax(64, cx_svg_category_left(c->categories, c->n_categories, w - 80, rot));
    cx_svg_open(&p, fp, &c->frame, left, 16, bottom, names, nl);
    cx_svg_range r;
    cx_svg_range_init(&r);
    if (c->n_categories > 0)
        cx_svg_range_add(&r, 0);   /* bars start at 0 */
    for (size_t s = 0; s < c->n_series; s++)
        cx_svg_range_series(&r, &c->series[s], c->n_categories);
    if (c->n_categories == 0 || c->n_series == 0 || !cx_svg_plot_yaxis(&p, &r)) {
        cx_svg_empty(&p);
        return cx_svg_close(&p);
    }
    cx_svg_legend(&p, names, nl);
    cx_svg_yaxis_draw(&p, &c->frame);
    bars_draw(&p, c, rot);
    return cx_svg_close(&p);
}

/* ---- lines ----------------------------------------------------------------------- */

static double line_x(const cx_svg_lines *c, size_t i)
{
    return c->x ? c->x[i] : (double)i;
}

/* The band of s: one polygon per run of points where y, lo and hi are all
 * finite (a NaN breaks it). */
static void band_draw(cx_svg_plot *p, const cx_svg_lines *c, const cx_svg_series *s, size_t k)
{
    size_t i = 0;
    while (i < c->n) {
        while (i < c->n && !(isfinite(s->lo[i]) && isfinite(s->hi[i]) && isfinite(line_x(c, i))))
            i++;
        size_t j = i;
        while (j < c->n && isfinite(s->lo[j]) && isfinite(s->hi[j]) && isfinite(line_x(c, j)))
            j++;
        if (j > i) {
            cx_svg_printf(p, "<path class=\"band\" fill=\"%s\" fill-opacity=\"0.18\" "
                          "stroke=\"none\" d=\"", cx_svg_colour(k));
            for (size_t t = i; t < j; t++)
                cx_svg_printf(p, "%c%.1f %.1f", t == i ? 'M' : 'L',
                              cx_svg_px(p, line_x(c, t)), cx_svg_py(p, s->hi[t]));
            for (size_t t = j; t-- > i;)
                cx_svg_printf(p, "L%.1f %.1f", cx_svg_px(p, line_x(c, t)),
                              cx_svg_py(p, s->lo[t]));
            cx_svg_printf(p, "Z\"/>\n");
        }
        i = j;
    }
}

/* Position i's point of s, or 0 when x or y is not finite. */
static int line_point(const cx_svg_plot *p, const cx_svg_lines *c, const cx_svg_series *s,
                      size_t i, double *px, double *py)
{
    if (i >= c->n)
        return 0;
    double x = line_x(c, i), y = s->y[i];
    if (!isfinite(x) || !isfinite(y))
        return 0;
    *px = cx_svg_px(p, x);
    *py = cx_svg_py(p, y);
    return 1;
}

/* s along the graph's edges: a segment per edge whose ends are both
 * finite, continuing the pen where an edge starts at the last one's end. */
static void edges_draw(cx_svg_plot *p, const cx_svg_lines *c, const cx_svg_series *s, size_t k)
{
    int any = 0;
    size_t last = (size_t)-1;
    for (size_t e = 0; e < c->n_edges; e++) {
        double ax, ay, bx, by;
        if (!line_point(p, c, s, c->edge_from[e], &ax, &ay) ||
            !line_point(p, c, s, c->edge_to[e], &bx, &by) || c->edge_from[e] == c->edge_to[e])
            continue;
        if (!any)
            cx_svg_printf(p, "<path class=\"line\" fill=\"none\" stroke=\"%s\" "
                          "stroke-width=\"2\"%s d=\"", cx_svg_colour(k),
                          k >= 8 ? " stroke-dasharray=\"6 3\"" : "");
        if (c->edge_from[e] != last)
            cx_svg_printf(p, "M%.1f %.1f", ax, ay);
        cx_svg_printf(p, "L%.1f %.1f", bx, by);
        last = c->edge_to[e];
        any = 1;
    }
    if (any)
        cx_svg_printf(p, "\"/>\n");
}

/* s joining neighbouring positions, broken where a value is not finite. */
static void path_draw(cx_svg_plot *p, const cx_svg_lines *c, const cx_svg_series *s, size_t k)
{
    int pen = 0, any = 0;
    for (size_t i = 0; i < c->n; i++) {
        double x, y;
        if (!line_point(p, c, s, i, &x, &y)) {
            pen = 0;
            continue;
        }
        if (!any)
            cx_svg_printf(p, "<path class=\"line\" fill=\"none\" stroke=\"%s\" "
                          "stroke-width=\"2\"%s d=\"", cx_svg_colour(k),
                          k >= 8 ? " stroke-dasharray=\"6 3\"" : "");
        cx_svg_printf(p, "%c%.1f %.1f", pen ? 'L' : 'M', x, y);
        pen = any = 1;
    }
    if (any)
        cx_svg_printf(p, "\"/>\n");
}

static void line_draw(cx_svg_plot *p, const cx_svg_lines *c, const cx_svg_series *s, size_t k)
{
    if (c->edge_from && c->edge_to) {
        edges_draw(p, c, s, k);
        /* whiskers, not a band, which would join the branches; side by
         * side so that the series' whiskers do not hide each other */
        double dx = 3.0 * ((double)k - 0.5 * (double)(c->n_series - 1));
        for (size_t i = 0; s->lo && s->hi && i < c->n; i++) {
            double x, y;
            if (line_point(p, c, s, i, &x, &y))
                cx_svg_errbar(p, x + dx, s->lo[i], s->hi[i]);
        }
    } else {
        path_draw(p, c, s, k);
    }
    for (size_t i = 0; i < c->n; i++) {
        double x, y;
        if (line_point(p, c, s, i, &x, &y))
            cx_svg_printf(p, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" "
                          "fill=\"%s\"/>\n", x, y, cx_svg_colour(k));
    }
}

int cx_svg_lines_write(FILE *fp, const cx_svg_lines *c)
{
    const char *names[MAX_LEGEND];
    size_t nl = series_names(c->series, c->n_series, names);
    cx_svg_plot p;
    int rot = 0;
    double w = c->frame.width ? c->frame.width : 720;
    double bottom = c->x ? 30 : cx_svg_category_margin(c->x_labels, c->n, w - 80, &rot);
    double left = c->x ? 64 : fmax(64, cx_svg_category_left(c->x_labels, c->n, w - 80, rot));
    cx_svg_open(&p, fp, &c->frame, left, 16, bottom, names, nl);
    cx_svg_range ry, rx;
    cx_svg_range_init(&ry);
    cx_svg_range_init(&rx);
    for (size_t s = 0; s < c->n_series; s++)
        cx_svg_range_series(&ry, &c->series[s], c->n);
    for (size_t i = 0; i < c->n; i++)
        cx_svg_range_add(&rx, line_x(c, i));
    if (c->n == 0 || !cx_svg_plot_yaxis(&p, &ry) || !rx.any) {
        cx_svg_empty(&p);
        return cx_svg_close(&p);
    }
    if (c->x) {
        cx_svg_plot_xaxis(&p, &rx, 1);
    } else {       /* categories at 0..n-1, half a slot of room at each end */
        p.xlo = -0.5;
        p.xhi = (double)c->n - 0.5;
    }
    cx_svg_legend(&p, names, nl);
    cx_svg_yaxis_draw(&p, &c->frame);
    if (c->x)
        cx_svg_xaxis_draw(&p);
    else
        for (size_t i = 0; i < c->n; i++)
            cx_svg_category(&p, cx_svg_px(&p, (double)i), c->x_labels[i], rot);
    for (size_t s = 0; s < c->n_series && !(c->edge_from && c->edge_to); s++)
        if (c->series[s].lo && c->series[s].hi)
            band_draw(&p, c, &c->series[s], s);
    for (size_t s = 0; s < c->n_series; s++)
        line_draw(&p, c, &c->series[s], s);
    return cx_svg_close(&p);
}

/* ---- tornado ------------------------------------------------------------------------ */

static void tornado_bar(cx_svg_plot *p, double from, double to, double y, double h, size_t col,
                        const char *label, const char *side, double input)
{
    if (!isfinite(to))
        return;
    double a = cx_svg_px(p, from), b = cx_svg_px(p, to);
    cx_svg_printf(p, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                  "height=\"%.1f\" fill=\"%s\"><title>", fmin(a, b), y, fabs(b - a), h,
                  cx_svg_colour(col));
    cx_svg_escaped(p, label);
    cx_svg_printf(p, " at %s", side);
    if (isfinite(input))
        cx_svg_printf(p, " (%.6g)", input);
    cx_svg_printf(p, ": %.6g</title></rect>\n", to);
}

/* The input's value for a row's label: 4 significant digits. */
static const char *input_text(double x, char *buf, size_t n)
{
    if (isfinite(x))
        snprintf(buf, n, "%.4g", x);
    else
        snprintf(buf, n, "NA");
    return buf;
}

int cx_svg_tornado_write(FILE *fp, const cx_svg_tornado *c)
{
    const char *names[2] = {c->low_name ? c->low_name : "low",
                            c->high_name ? c->high_name : "high"};
    int inputs = c->low_value && c->high_value;
    double widest = 0;
    for (size_t i = 0; i < c->n; i++)
        widest = fmax(widest, cx_svg_text_width(c->labels[i]));
    double w = c->frame.width ? c->frame.width : 720;
    cx_svg_plot p;
    cx_svg_open(&p, fp, &c->frame, fmin(widest + 14, w * 0.45), 24, 30, names, 2);
    cx_svg_range r;
    cx_svg_range_init(&r);
    cx_svg_range_add(&r, c->base);
    for (size_t i = 0; i < c->n; i++) {
        cx_svg_range_add(&r, c->at_low[i]);
        cx_svg_range_add(&r, c->at_high[i]);
    }
    if (c->n == 0 || !isfinite(c->base) || !cx_svg_plot_xaxis(&p, &r, 0)) {
        cx_svg_empty(&p);
        return cx_svg_close(&p);
    }
    p.ylo = 0;
    p.yhi = (double)c->n;
    cx_svg_legend(&p, names, 2);
    cx_svg_printf(&p, "<path class=\"axis\" d=\"M%.1f %.1fH%.1f\" stroke=\"#555\"/>\n", p.left,
                  p.top + p.ph, p.left + p.pw);
    cx_svg_xaxis_draw(&p);
    double row = p.ph / (double)c->n, h = row * 0.36;
    for (size_t i = 0; i < c->n; i++) {
        double y = p.top + row * (double)i + row * 0.14;
        double lo = inputs ? c->low_value[i] : NAN, hi = inputs ? c->high_value[i] : NAN;
        /* with the inputs' values, the name sits over them in the row */
        cx_svg_printf(&p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", p.left - 8,
                      inputs ? y + h - 2 : y + h + 4);
        cx_svg_escaped(&p, c->labels[i]);
        cx_svg_printf(&p, "</text>\n");
        if (inputs) {
            char a[32], b[32];
            cx_svg_printf(&p, "<text class=\"inputs\" x=\"%.1f\" y=\"%.1f\" "
                          "text-anchor=\"end\" fill=\"#555\" font-size=\"11\">low %s, "
                          "high %s</text>\n", p.left - 8, y + 2 * h + 4,
                          input_text(lo, a, sizeof a), input_text(hi, b, sizeof b));
        }
        tornado_bar(&p, c->base, c->at_low[i], y, h, 0, c->labels[i], names[0], lo);
        tornado_bar(&p, c->base, c->at_high[i], y + h, h, 1, c->labels[i], names[1], hi);
    }
    double bx = cx_svg_px(&p, c->base);
    cx_svg_printf(&p, "<path class=\"base\" d=\"M%.1f %.1fV%.1f\" stroke=\"#222\" "
                  "stroke-dasharray=\"4 3\"/>\n", bx, p.top, p.top + p.ph);
    return cx_svg_close(&p);
}

/* ---- scatter ---------------------------------------------------------------------- */

/* A label's box, to keep labels from writing over each other. */
typedef struct label_box {
    double x0, y0, x1, y1;
} label_box;

#define MAX_PLACED 256      /* labels checked against (later ones are not moved) */

static int overlaps(const label_box *b, const label_box *placed, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (b->x0 < placed[k].x1 && placed[k].x0 < b->x1 && b->y0 < placed[k].y1 &&
            placed[k].y0 < b->y1)
            return 1;
    return 0;
}

/* The label of the point at pixel (x, y): right of it, or left where it
 * would run out of the chart; moved down a line at a time (at most 4)
 * while it would cover a label written before (two candidates of almost
 * the same cost and effect, one_click_checkout and quick_wins). */
static void scatter_label(cx_svg_plot *p, const char *label, double x, double y,
                          label_box *placed, size_t *n_placed)
{
    double w = cx_svg_text_width(label);
    int left = x + 7 + w > p->w;
    label_box b = {left ? x - 7 - w : x + 7, y - 19, left ? x - 7 : x + 7 + w, y - 5};
    for (int k = 0; k < 4 && overlaps(&b, placed, *n_placed); k++) {
        b.y0 += 14;
        b.y1 += 14;
    }
    if (*n_placed < MAX_PLACED)
        placed[(*n_placed)++] = b;
    cx_svg_printf(p, "<text x=\"%.1f\" y=\"%.1f\"%s>", left ? x - 7 : x + 7, b.y1 - 2,
                  left ? " text-anchor=\"end\"" : "");
    cx_svg_escaped(p, label);
    cx_svg_printf(p, "</text>\n");
}

int cx_svg_scatter_write(FILE *fp, const cx_svg_scatter *c)
{
    label_box placed[MAX_PLACED];
    size_t n_placed = 0;
    cx_svg_plot p;
    cx_svg_open(&p, fp, &c->frame, 64, 24, 30, NULL, 0);
    cx_svg_range rx, ry;
    cx_svg_range_init(&rx);
    cx_svg_range_init(&ry);
    for (size_t i = 0; i < c->n; i++) {
        if (!isfinite(c->x[i]) || !isfinite(c->y[i]))
            continue;
        cx_svg_range_add(&rx, c->x[i]);
        cx_svg_range_add(&ry, c->y[i]);
        if (c->lo && c->hi) {
            cx_svg_range_add(&ry, c->lo[i]);
            cx_svg_range_add(&ry, c->hi[i]);
        }
    }
    if (!cx_svg_plot_xaxis(&p, &rx, 0) || !cx_svg_plot_yaxis(&p, &ry)) {
        cx_svg_empty(&p);
        return cx_svg_close(&p);
    }
    cx_svg_yaxis_draw(&p, &c->frame);
    cx_svg_xaxis_draw(&p);
    if (p.ylo < 0 && p.yhi > 0)
        cx_svg_printf(&p, "<path class=\"zero\" d=\"M%.1f %.1fH%.1f\" stroke=\"#555\" "
                      "stroke-dasharray=\"4 3\"/>\n", p.left, cx_svg_py(&p, 0), p.left + p.pw);
    for (size_t i = 0; i < c->n; i++) {
        if (!isfinite(c->x[i]) || !isfinite(c->y[i]))
            continue;
        double x = cx_svg_px(&p, c->x[i]), y = cx_svg_py(&p, c->y[i]);
        if (c->lo && c->hi)
            cx_svg_errbar(&p, x, c->lo[i], c->hi[i]);
        cx_svg_printf(&p, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\">"
                      "<title>", x, y, cx_svg_colour(0));
        cx_svg_escaped(&p, c->labels ? c->labels[i] : NULL);
        cx_svg_printf(&p, "</title></circle>\n");
        if (c->labels && c->labels[i])
            scatter_label(&p, c->labels[i], x, y, placed, &n_placed);
    }
    return cx_svg_close(&p);
}
