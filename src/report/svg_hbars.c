/* svg_hbars.c - horizontal bars of cxsim/svg.h: whole labels (a parameter's
 * full path), rows in the caller's order, an axis that may be clipped with
 * a marker where a value lies beyond it (Sobol' indices, EVPPI). */
#include "svg_internal.h"

#include <math.h>
#include <stdio.h>

#define MAX_LEGEND 64
#define BAR_H 14.0      /* one series' bar */
#define ROW_GAP 12.0    /* between rows */

/* A bar's value as written beside it: 3 significant digits, k/M/G from
 * 10^3 on (%.3g would write 9962 as 9.96e+03). */
static const char *value_text(double x, char *buf, size_t n)
{
    double a = fabs(x);
    if (a >= 1e9)
        snprintf(buf, n, "%.3gG", x / 1e9);
    else if (a >= 1e6)
        snprintf(buf, n, "%.3gM", x / 1e6);
    else if (a >= 1e3)
        snprintf(buf, n, "%.3gk", x / 1e3);
    else
        snprintf(buf, n, "%.3g", x + 0.0);
    return buf;
}

/* A triangle at pixel (x, y) pointing right (dir 1) or left (-1): a value
 * beyond the axis's end. */
static void clip_mark(cx_svg_plot *p, double x, double y, int dir, double v)
{
    cx_svg_printf(p, "<path class=\"clip\" d=\"M%.1f %.1fl%.1f 5l%.1f 5Z\" fill=\"#222\">"
                  "<title>%.6g, beyond the axis</title></path>\n", x - dir * 7.0, y - 5,
                  dir * 7.0, -dir * 7.0, v);
}

/* Pixel of v with the axis's ends as limits; *beyond gets -1, 0 or 1. */
static double clamp_px(const cx_svg_plot *p, double v, int *beyond)
{
    *beyond = v > p->xhi ? 1 : v < p->xlo ? -1 : 0;
    return cx_svg_px(p, fmin(fmax(v, p->xlo), p->xhi));
}

static void row_draw(cx_svg_plot *p, const cx_svg_hbars *c, size_t i, double y0)
{
    int out;
    double zero = clamp_px(p, 0, &out);
    for (size_t s = 0; s < c->n_series; s++) {
        const cx_svg_series *se = &c->series[s];
        double v = se->y[i], y = y0 + BAR_H * (double)s;
        if (!isfinite(v))
            continue;
        double x = clamp_px(p, v, &out);
        cx_svg_printf(p, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                      "height=\"%.1f\" fill=\"%s\"><title>", fmin(x, zero), y,
                      fabs(x - zero), BAR_H - 2, cx_svg_colour(s));
        cx_svg_escaped(p, c->labels[i]);
        if (c->n_series > 1) {
            cx_svg_printf(p, " / ");
            cx_svg_escaped(p, se->name);
        }
        cx_svg_printf(p, ": %.6g</title></rect>\n", v);
        double mid = y + (BAR_H - 2) / 2, right = x;
        if (out)
            clip_mark(p, x, mid, out, v);
        if (se->lo && se->hi && isfinite(se->lo[i]) && isfinite(se->hi[i])) {
            int ol, oh;
            double a = clamp_px(p, se->lo[i], &ol), b = clamp_px(p, se->hi[i], &oh);
            cx_svg_printf(p, "<path class=\"err\" d=\"M%.1f %.1fH%.1f", a, mid, b);
            if (!ol)
                cx_svg_printf(p, "M%.1f %.1fv8", a, mid - 4);
            if (!oh)
                cx_svg_printf(p, "M%.1f %.1fv8", b, mid - 4);
            cx_svg_printf(p, "\" stroke=\"#222\" fill=\"none\"/>\n");
            if (oh && !out)
                clip_mark(p, b, mid, 1, se->hi[i]);
            if (ol && !out)
                clip_mark(p, a, mid, -1, se->lo[i]);
            right = fmax(right, b);
        }
        if (c->values) {
            char t[32];
            cx_svg_printf(p, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                          fmax(right, zero) + 6, mid + 4, value_text(v, t, sizeof t));
        }
    }
}

int cx_svg_hbars_write(FILE *fp, const cx_svg_hbars *c)
{
    const char *names[MAX_LEGEND];
    size_t nl = c->n_series > 1 ? (c->n_series < MAX_LEGEND ? c->n_series : MAX_LEGEND) : 0;
    for (size_t s = 0; s < nl; s++)
        names[s] = c->series[s].name ? c->series[s].name : "";
    double widest = 0;
    for (size_t i = 0; i < c->n; i++)
        widest = fmax(widest, cx_svg_text_width(c->labels[i]));
    double row = BAR_H * (double)(c->n_series ? c->n_series : 1) + ROW_GAP;
    cx_svg_frame f = c->frame;
    if (!f.width)
        f.width = 720;
    /* whole labels: the plot keeps at least 240 px, the chart grows */
    double left = widest + 14, right = c->values ? 64 : 24;
    if (f.width < left + right + 240)
        f.width = (unsigned)ceil(left + right + 240);
    if (!f.height)   /* the legend's rows are not known yet: one is assumed */
        f.height = (unsigned)ceil(30 + row * (double)c->n + 30 + (f.x_label ? 16 : 0));
    cx_svg_frame axis = {f.title, f.x_label, NULL, f.width, f.height};
    cx_svg_plot p;
    cx_svg_open(&p, fp, &axis, left, right, 30, names, nl);
    cx_svg_range r;
    cx_svg_range_init(&r);
    if (c->lo < c->hi) {
        cx_svg_range_add(&r, c->lo);
        cx_svg_range_add(&r, c->hi);
    } else {
        if (c->n > 0)
            cx_svg_range_add(&r, 0);    /* bars start at 0 */
        for (size_t s = 0; s < c->n_series; s++)
            cx_svg_range_series(&r, &c->series[s], c->n);
    }
    if (c->n == 0 || c->n_series == 0 || !cx_svg_plot_xaxis(&p, &r, c->lo < c->hi)) {
        cx_svg_empty(&p);
        return cx_svg_close(&p);
    }
    p.ylo = 0;
    p.yhi = (double)c->n;
    cx_svg_legend(&p, names, nl);
    for (size_t i = 0; i < p.nxt; i++)
        cx_svg_printf(&p, "<path class=\"grid\" d=\"M%.1f %.1fV%.1f\" stroke=\"#eee\"/>\n",
                      cx_svg_px(&p, p.xt[i]), p.top, p.top + p.ph);
    cx_svg_printf(&p, "<path class=\"axis\" d=\"M%.1f %.1fV%.1fH%.1f\" stroke=\"#555\" "
                  "fill=\"none\"/>\n", p.left, p.top, p.top + p.ph, p.left + p.pw);
    cx_svg_xaxis_draw(&p);
    if (f.x_label) {
        cx_svg_printf(&p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                      p.left + p.pw / 2, p.h - 6);
        cx_svg_escaped(&p, f.x_label);
        cx_svg_printf(&p, "</text>\n");
    }
    double rh = p.ph / (double)c->n, bars = BAR_H * (double)c->n_series;
    for (size_t i = 0; i < c->n; i++) {
        double y = p.top + rh * (double)i + (rh - bars) / 2;
        cx_svg_printf(&p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", p.left - 8,
                      y + bars / 2 + 4);
        cx_svg_escaped(&p, c->labels[i]);
        cx_svg_printf(&p, "</text>\n");
        row_draw(&p, c, i, y);
    }
    return cx_svg_close(&p);
}
