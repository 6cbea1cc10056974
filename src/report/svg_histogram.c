/* svg_histogram.c - the histogram of cxsim/svg.h: a distribution over draws
 * (a variant's net value) with a marked threshold and the side below it
 * shaded (a loss). */
#include "svg_internal.h"

#include <math.h>

/* About this many bins: enough to show a shape from a few hundred draws,
 * few enough that each holds several. */
#define TARGET_BINS 16

int cx_svg_histogram_write(FILE *fp, const cx_svg_histogram *c)
{
    cx_svg_frame f = c->frame;
    f.y_label = f.y_label ? f.y_label : "% of draws";
    cx_svg_plot p;
    cx_svg_open(&p, fp, &f, 64, 24, 30, NULL, 0);
    cx_svg_range rx;
    cx_svg_range_init(&rx);
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->x[i])) {
            cx_svg_range_add(&rx, c->x[i]);
            n++;
        }
    if (n > 0 && isfinite(c->mark))
        cx_svg_range_add(&rx, c->mark);     /* the mark always in view */
    /* the bins' edges are the ticks of the x axis: nice numbers, and the
     * mark (0 for a loss) one of them when it is a multiple of the step */
    if (n == 0 || !cx_svg_plot_xaxis(&p, &rx, 0)) {
        cx_svg_empty(&p);
        return cx_svg_close(&p);
    }
    double e[CX_SVG_MAX_TICKS], step;
    size_t ne = cx_svg_ticks(p.xlo, p.xhi, TARGET_BINS, e, CX_SVG_MAX_TICKS, &step);
    size_t nb = ne > 1 ? ne - 1 : 1;
    size_t count[CX_SVG_MAX_TICKS] = {0};
    for (size_t i = 0; i < c->n; i++) {
        if (!isfinite(c->x[i]))
            continue;
        /* bin k holds [e[k], e[k+1]); the last also its right end */
        double k = floor((c->x[i] - e[0]) / step + 1e-9);
        size_t b = k < 0 ? 0 : k >= (double)nb ? nb - 1 : (size_t)k;
        count[b]++;
    }
    double most = 0;
    for (size_t b = 0; b < nb; b++)
        most = fmax(most, 100.0 * (double)count[b] / (double)n);
    cx_svg_range ry;
    cx_svg_range_init(&ry);
    cx_svg_range_add(&ry, 0);
    cx_svg_range_add(&ry, most * 1.12);    /* room for the mark's label above the bars */
    cx_svg_plot_yaxis(&p, &ry);
    p.xlo = e[0];
    p.xhi = e[ne - 1];
    if (isfinite(c->mark) && c->mark > p.xlo)      /* the side below the mark */
        cx_svg_printf(&p, "<rect class=\"below\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                      "height=\"%.1f\" fill=\"#D55E00\" fill-opacity=\"0.10\"/>\n", p.left,
                      p.top, cx_svg_px(&p, fmin(c->mark, p.xhi)) - p.left, p.ph);
    cx_svg_yaxis_draw(&p, &f);
    cx_svg_xaxis_draw(&p);
    for (size_t b = 0; b < nb; b++) {
        if (!count[b])
            continue;
        double share = 100.0 * (double)count[b] / (double)n;
        double x0 = cx_svg_px(&p, e[b]), x1 = cx_svg_px(&p, e[b + 1]);
        double y = cx_svg_py(&p, share);
        cx_svg_printf(&p, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                      "height=\"%.1f\" fill=\"%s\" stroke=\"#fff\"><title>%.6g to %.6g: "
                      "%zu of %zu draws</title></rect>\n", x0, y, x1 - x0,
                      p.top + p.ph - y, cx_svg_colour(c->colour), e[b], e[b + 1], count[b], n);
    }
    if (isfinite(c->mark)) {
        double mx = cx_svg_px(&p, c->mark);
        cx_svg_printf(&p, "<path class=\"mark\" d=\"M%.1f %.1fV%.1f\" stroke=\"#222\" "
                      "stroke-dasharray=\"4 3\"/>\n", mx, p.top, p.top + p.ph);
        if (c->mark_label) {
            /* left of the line when there is more room there */
            int left = mx - p.left > p.left + p.pw - mx;
            cx_svg_printf(&p, "<text class=\"mlabel\" x=\"%.1f\" y=\"%.1f\"%s>",
                          left ? mx - 6 : mx + 6, p.top + 14,
                          left ? " text-anchor=\"end\"" : "");
            cx_svg_escaped(&p, c->mark_label);
            cx_svg_printf(&p, "</text>\n");
        }
    }
    return cx_svg_close(&p);
}
