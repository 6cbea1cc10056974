/* svg.c - what the charts share: nice ticks, palette, escaping, the frame
 * (margins, legend, axes). The charts themselves are in svg_charts.c. */
#include "svg_internal.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* ---- ticks ------------------------------------------------------------------ */

/* Heckbert's nicenum: a 1, 2, 5 or 10 times 10^e close to x > 0, as the
 * mantissa m and exponent e (so multiples can be formed exactly). */
static void nicenum(double x, int round, int *m, int *e)
{
    *e = (int)floor(log10(x));
    double f = x / pow(10.0, *e);
    if (round)
        *m = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        *m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    if (*m == 10) {
        *m = 1;
        ++*e;
    }
}

/* k * m * 10^e with one rounding: dividing by the exact power of ten
 * rather than multiplying by its inexact inverse. */
static double multiple(long long k, int m, int e)
{
    double km = (double)(k * m);
    return e >= 0 ? km * pow(10.0, e) : km / pow(10.0, -e);
}

size_t cx_svg_ticks(double lo, double hi, size_t target, double *ticks, size_t max,
                    double *step)
{
    if (!isfinite(lo) || !isfinite(hi) || max < 2)
        return 0;
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    if (lo == hi) {
        double d = lo == 0 ? 1 : fabs(lo) * 0.1;
        lo -= d;
        hi += d;
    }
    if (target < 2)
        target = 2;
    int rm, re, m, e;
    nicenum(hi - lo, 0, &rm, &re);
    nicenum(multiple(1, rm, re) / (double)(target - 1), 1, &m, &e);
    double d = multiple(1, m, e);
    /* the epsilon keeps 23.2 / 0.1 = 231.99999999999997 from flooring to 231 */
    long long k0 = (long long)floor(lo / d + 1e-9), k1 = (long long)ceil(hi / d - 1e-9);
    while ((size_t)(k1 - k0 + 1) > max) {     /* too many: the next nice step up */
        if (m == 1)
            m = 2;
        else if (m == 2)
            m = 5;
        else {
            m = 1;
            e++;
        }
        d = multiple(1, m, e);
        k0 = (long long)floor(lo / d + 1e-9);
        k1 = (long long)ceil(hi / d - 1e-9);
    }
    size_t n = 0;
    for (long long k = k0; k <= k1; k++)
        ticks[n++] = multiple(k, m, e) + 0.0;      /* + 0.0: no -0 */
    if (step)
        *step = d;
    return n;
}

const char *cx_svg_tick_label(double x, double step, double max_abs, char *buf, size_t n)
{
    double scale = 1;
    const char *suffix = "";
    if (max_abs >= 1e9) {
        scale = 1e9;
        suffix = "G";
    } else if (max_abs >= 1e6) {
        scale = 1e6;
        suffix = "M";
    } else if (max_abs >= 1e4) {
        scale = 1e3;
        suffix = "k";
    }
    double s = step / scale;
    int dec = s > 0 && isfinite(s) ? (int)-floor(log10(s) + 1e-9) : 0;
    if (dec < 0)
        dec = 0;
    if (dec > 9)
        dec = 9;
    double v = x / scale + 0.0;
    if (fabs(v) < s * 1e-6)
        v = 0;      /* a tick at zero reached by rounding */
    snprintf(buf, n, "%.*f%s", dec, v, v == 0 ? "" : suffix);
    return buf;
}

/* ---- palette, text --------------------------------------------------------------- */

const char *cx_svg_colour(size_t i)
{
    /* Okabe-Ito, reordered so that the first four (most pages' variants)
     * differ in hue and lightness: the orange and the vermillion, close
     * for every reader, are first and sixth; the pale yellow, hard to see
     * on white, comes last. */
    static const char *const pal[8] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                       "#000000", "#D55E00", "#56B4E9", "#F0E442"};
    return pal[i % 8];
}

int cx_svg_text(FILE *fp, const char *s)
{
    if (!s)
        return 0;
    int rc = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '&': rc |= fputs("&amp;", fp) == EOF; break;
        case '<': rc |= fputs("&lt;", fp) == EOF; break;
        case '>': rc |= fputs("&gt;", fp) == EOF; break;
        case '"': rc |= fputs("&quot;", fp) == EOF; break;
        case '\'': rc |= fputs("&#39;", fp) == EOF; break;
        default: rc |= putc(*c < 0x20 || *c == 0x7f ? ' ' : *c, fp) == EOF; break;
        }
    }
    return rc ? -1 : 0;
}

double cx_svg_text_width(const char *s)
{
    /* 12 px sans-serif averages a little under 7 px a character; UTF-8
     * continuation bytes are not characters */
    double n = 0;
    for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++)
        n += (*c & 0xC0) != 0x80;
    return 6.8 * n;
}

/* ---- ranges, maps ------------------------------------------------------------------ */

void cx_svg_range_init(cx_svg_range *r)
{
    *r = (cx_svg_range){0};
}

void cx_svg_range_add(cx_svg_range *r, double v)
{
    if (!isfinite(v))
        return;
    if (!r->any || v < r->lo)
        r->lo = v;
    if (!r->any || v > r->hi)
        r->hi = v;
    r->any = 1;
}

void cx_svg_range_series(cx_svg_range *r, const cx_svg_series *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cx_svg_range_add(r, s->y[i]);
        if (s->lo && s->hi && isfinite(s->y[i])) {
            cx_svg_range_add(r, s->lo[i]);
            cx_svg_range_add(r, s->hi[i]);
        }
    }
}

int cx_svg_plot_yaxis(cx_svg_plot *p, const cx_svg_range *r)
{
    if (!r->any)
        return 0;
    p->nyt = cx_svg_ticks(r->lo, r->hi, 6, p->yt, CX_SVG_MAX_TICKS, &p->ystep);
    p->ylo = p->yt[0];
    p->yhi = p->yt[p->nyt - 1];
    return 1;
}

int cx_svg_plot_xaxis(cx_svg_plot *p, const cx_svg_range *r, int tight)
{
    if (!r->any)
        return 0;
    size_t target = p->pw > 500 ? 8 : 5;
    p->nxt = cx_svg_ticks(r->lo, r->hi, target, p->xt, CX_SVG_MAX_TICKS, &p->xstep);
    p->xlo = p->xt[0];
    p->xhi = p->xt[p->nxt - 1];
    if (tight && r->hi > r->lo) {      /* the data's own ends; ticks outside them go */
        size_t k = 0;
        for (size_t i = 0; i < p->nxt; i++)
            if (p->xt[i] >= r->lo - 1e-9 * p->xstep && p->xt[i] <= r->hi + 1e-9 * p->xstep)
                p->xt[k++] = p->xt[i];
        p->nxt = k;
        p->xlo = r->lo;
        p->xhi = r->hi;
    }
    return 1;
}

double cx_svg_px(const cx_svg_plot *p, double x)
{
    return p->left + (x - p->xlo) / (p->xhi - p->xlo) * p->pw + 0.0;
}

double cx_svg_py(const cx_svg_plot *p, double y)
{
    return p->top + p->ph - (y - p->ylo) / (p->yhi - p->ylo) * p->ph + 0.0;
}

/* ---- writing ------------------------------------------------------------------------ */

void cx_svg_printf(cx_svg_plot *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(p->fp, fmt, ap) < 0)
        p->err = 1;
    va_end(ap);
}

void cx_svg_escaped(cx_svg_plot *p, const char *s)
{
    if (cx_svg_text(p->fp, s) != 0)
        p->err = 1;
}

/* Legend rows needed for the names in width w (each entry: swatch, name). */
static size_t legend_rows(const char *const *names, size_t n, double w)
{
    size_t rows = n > 0;
    double x = 0;
    for (size_t i = 0; i < n; i++) {
        double iw = 18 + cx_svg_text_width(names[i]) + 14;
        if (x > 0 && x + iw > w) {
            rows++;
            x = 0;
        }
        x += iw;
    }
    return rows;
}

void cx_svg_open(cx_svg_plot *p, FILE *fp, const cx_svg_frame *f, double left, double right,
                 double bottom, const char *const *legend, size_t n_legend)
{
    *p = (cx_svg_plot){.fp = fp};
    p->w = f->width ? f->width : 720;
    p->h = f->height ? f->height : 360;
    double top = 12 + 18.0 * (double)legend_rows(legend, n_legend, p->w - left - right);
    if (f->x_label)
        bottom += 16;
    if (f->y_label)
        left += 16;
    p->left = left;
    p->top = top;
    p->pw = p->w - left - right;
    p->ph = p->h - top - bottom;
    if (p->ph < 40) {      /* long rotated labels: grow rather than squash */
        p->h += 40 - p->ph;
        p->ph = 40;
    }
    cx_svg_printf(p, "<svg class=\"chart\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
                  "%.0f\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>",
                  p->w, p->h, p->w, p->h);
    cx_svg_escaped(p, f->title);
    cx_svg_printf(p, "</title>\n");
}

void cx_svg_legend(cx_svg_plot *p, const char *const *legend, size_t n)
{
    double x = p->left, y = 12, right = p->left + p->pw;
    for (size_t i = 0; i < n; i++) {
        double iw = 18 + cx_svg_text_width(legend[i]) + 14;
        if (x > p->left && x + iw > right) {
            x = p->left;
            y += 18;
        }
        cx_svg_printf(p, "<rect class=\"key\" x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" "
                      "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">", x, y, cx_svg_colour(i),
                      x + 17, y + 10);
        cx_svg_escaped(p, legend[i]);
        cx_svg_printf(p, "</text>\n");
        x += iw;
    }
}

void cx_svg_yaxis_draw(cx_svg_plot *p, const cx_svg_frame *f)
{
    double max_abs = fmax(fabs(p->ylo), fabs(p->yhi));
    for (size_t i = 0; i < p->nyt; i++) {
        char lab[48];
        double y = cx_svg_py(p, p->yt[i]);
        cx_svg_printf(p, "<path class=\"grid\" d=\"M%.1f %.1fH%.1f\" stroke=\"#ddd\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                      p->left, y, p->left + p->pw, p->left - 6, y + 4,
                      cx_svg_tick_label(p->yt[i], p->ystep, max_abs, lab, sizeof lab));
    }
    cx_svg_printf(p, "<path class=\"axis\" d=\"M%.1f %.1fV%.1fH%.1f\" stroke=\"#555\" "
                  "fill=\"none\"/>\n", p->left, p->top, p->top + p->ph, p->left + p->pw);
    if (f->x_label) {
        cx_svg_printf(p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                      p->left + p->pw / 2, p->h - 6);
        cx_svg_escaped(p, f->x_label);
        cx_svg_printf(p, "</text>\n");
    }
    if (f->y_label) {
        cx_svg_printf(p, "<text transform=\"translate(14 %.1f) rotate(-90)\" "
                      "text-anchor=\"middle\">", p->top + p->ph / 2);
        cx_svg_escaped(p, f->y_label);
        cx_svg_printf(p, "</text>\n");
    }
}

void cx_svg_xaxis_draw(cx_svg_plot *p)
{
    double max_abs = fmax(fabs(p->xlo), fabs(p->xhi)), y = p->top + p->ph;
    for (size_t i = 0; i < p->nxt; i++) {
        char lab[48];
        double x = cx_svg_px(p, p->xt[i]);
        cx_svg_printf(p, "<path class=\"tick\" d=\"M%.1f %.1fv5\" stroke=\"#555\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", x, y,
                      x, y + 18, cx_svg_tick_label(p->xt[i], p->xstep, max_abs, lab,
                                                   sizeof lab));
    }
}

/* The tail of a label past CX_SVG_LABEL_CHARS characters (UTF-8 aware):
 * NULL when the whole label fits. */
static const char *label_tail(const char *s)
{
    size_t chars = 0;
    for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++)
        chars += (*c & 0xC0) != 0x80;
    if (chars <= CX_SVG_LABEL_CHARS)
        return NULL;
    size_t skip = chars - (CX_SVG_LABEL_CHARS - 1);   /* one for the ellipsis */
    const unsigned char *c = (const unsigned char *)s;
    for (size_t seen = 0; *c; c++) {
        if ((*c & 0xC0) != 0x80 && seen++ == skip)
            break;
    }
    return (const char *)c;
}

/* The width a rotated label takes: its tail and the ellipsis. */
static double rotated_width(const char *s)
{
    const char *tail = label_tail(s);
    return tail ? cx_svg_text_width(tail) + 6.8 : cx_svg_text_width(s);
}

double cx_svg_category_margin(const char *const *labels, size_t n, double plot_w, int *rot)
{
    double widest = 0;
    for (size_t i = 0; i < n; i++)
        widest = fmax(widest, cx_svg_text_width(labels[i]));
    *rot = n > 0 && widest + 8 > plot_w / (double)n;
    if (!*rot)
        return 30;
    widest = 0;
    for (size_t i = 0; i < n; i++)
        widest = fmax(widest, rotated_width(labels[i]));
    /* the label starts 12 px under the axis and runs at 45 degrees; 16 px
     * more for the descenders and the rotated glyphs' height */
    return 28 + widest * 0.71;
}

double cx_svg_category_left(const char *const *labels, size_t n, double plot_w, int rot)
{
    if (!rot || n == 0)
        return 0;
    /* the first label ends half a slot right of the plot's left edge */
    return 8 + rotated_width(labels[0]) * 0.71 - plot_w / (double)n / 2;
}

void cx_svg_category(cx_svg_plot *p, double x, const char *label, int rot)
{
    double y = p->top + p->ph + 16;
    const char *tail = rot ? label_tail(label) : NULL;
    if (rot)
        cx_svg_printf(p, "<text transform=\"translate(%.1f %.1f) rotate(-45)\" "
                      "text-anchor=\"end\">", x + 4, y - 4);
    else
        cx_svg_printf(p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, y);
    if (tail) {
        cx_svg_printf(p, "<title>");
        cx_svg_escaped(p, label);
        cx_svg_printf(p, "</title>\xe2\x80\xa6");
        cx_svg_escaped(p, tail);
    } else {
        cx_svg_escaped(p, label);
    }
    cx_svg_printf(p, "</text>\n");
}

void cx_svg_empty(cx_svg_plot *p)
{
    cx_svg_printf(p, "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                  "No finite value to show.</text>\n", p->left + p->pw / 2, p->top + p->ph / 2);
}

void cx_svg_errbar(cx_svg_plot *p, double x, double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi))
        return;
    double a = cx_svg_py(p, lo), b = cx_svg_py(p, hi);
    cx_svg_printf(p, "<path class=\"err\" d=\"M%.1f %.1fV%.1fM%.1f %.1fh8M%.1f %.1fh8\" "
                  "stroke=\"#222\" fill=\"none\"/>\n", x, a, b, x - 4, a, x - 4, b);
}

int cx_svg_close(cx_svg_plot *p)
{
    cx_svg_printf(p, "</svg>\n");
    return p->err || ferror(p->fp) ? -1 : 0;
}
