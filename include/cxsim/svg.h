/* cxsim/svg.h - small inline-SVG charts for the HTML report.
 *
 * Provides these charts, each written as one <svg class="chart"> element
 * (no XML prolog, no namespace URL: it is meant to sit inside an HTML5
 * page, which needs neither):
 *   - cx_svg_bars: grouped vertical bars with optional error bars;
 *   - cx_svg_lines: lines over numeric or categorical x, with optional
 *     confidence bands, or along the edges of a graph;
 *   - cx_svg_tornado: horizontal bars diverging from a baseline value;
 *   - cx_svg_hbars: horizontal grouped bars with whole labels, sorted by
 *     the caller, on an axis that may be clipped (Sobol' indices, EVPPI);
 *   - cx_svg_histogram: the distribution of values with a marked
 *     threshold and the share below it (a net value and P(loss));
 *   - cx_svg_scatter: labelled points with optional vertical error bars;
 *   - cx_svg_graph: a directed graph in layers, boxes joined by labelled
 *     arrows (a fitted journey, docs/report.md).
 * and the pieces they share: "nice" axis ticks (cx_svg_ticks), the
 * colour-blind-safe palette (cx_svg_colour), text escaping (cx_svg_text).
 * Relies on: stdio.
 *
 * Every chart is deterministic: the same input gives the same bytes
 * (coordinates are written with "%.1f"). A value that is NaN or infinite
 * is never written as a coordinate: its bar, point or error bar is left
 * out and a line is broken there. Marks carry a class the tests count:
 * "bar" (rect), "pt" (circle), "line" and "band" (path), "err" (path).
 * Writers return 0, or -1 when a write to fp failed.
 */
#ifndef CXSIM_SVG_H
#define CXSIM_SVG_H

#include <stddef.h>
#include <stdio.h>

#define CX_SVG_MAX_TICKS 24

/* Axis ticks for data in [lo, hi] with about `target` (>= 2) ticks:
 * Heckbert's "loose" labelling (Graphics Gems, 1990, "Nice numbers for
 * graph labels"): a step of 1, 2 or 5 times a power of ten, the first tick
 * at or below lo and the last at or above hi. Each tick is computed as an
 * integer multiple of the step and one rounding, so 0.3 is 0.3, not
 * 0.30000000000000004. lo == hi is widened (by 1 around 0, else by 10 %
 * of |lo|). Writes at most max ticks and returns how many (0 when lo or
 * hi is not finite or max < 2); *step (may be NULL) gets the step. */
size_t cx_svg_ticks(double lo, double hi, size_t target, double *ticks, size_t max,
                    double *step);

/* Tick label of x on an axis whose step is step, into buf (n bytes):
 * as many decimals as the step needs, values of 10^4 and more in k, M or G
 * ("250k", "1.5M"). Returns buf. */
const char *cx_svg_tick_label(double x, double step, double max_abs, char *buf, size_t n);

/* The i-th colour of the palette of Okabe and Ito (2008, "Color universal
 * design"), safe for the common colour-vision deficiencies, as "#RRGGBB";
 * cycles after 8. */
const char *cx_svg_colour(size_t i);

/* Writes s as XML text or attribute content: & < > " ' as entities,
 * control characters as spaces. NULL writes nothing. */
int cx_svg_text(FILE *fp, const char *s);

/* What every chart has. width and height in pixels (0: 720 x 360). */
typedef struct cx_svg_frame {
    const char *title;          /* the <title> (tooltip, accessible name) */
    const char *x_label;        /* under the x axis, or NULL */
    const char *y_label;        /* beside the y axis, or NULL */
    unsigned width, height;
} cx_svg_frame;

/* One series: y[0..n) and, when lo and hi are non-NULL, the ends of its
 * interval (error bars or band). */
typedef struct cx_svg_series {
    const char *name;
    const double *y;
    const double *lo, *hi;
} cx_svg_series;

/* Grouped bars: one group per category, one bar per series, bars from 0. */
typedef struct cx_svg_bars {
    cx_svg_frame frame;
    const char *const *categories;
    size_t n_categories;
    const cx_svg_series *series;
    size_t n_series;
    /* NULL, or one colour per category: bar k of every series in
     * cx_svg_colour(colour_of[k]), and no legend (the categories name the
     * bars). A chart of one bar per variant passes each variant's index, so
     * that a variant has the same colour in every chart of a page. */
    const size_t *colour_of;
} cx_svg_bars;

int cx_svg_bars_write(FILE *fp, const cx_svg_bars *c);

/* Lines over x[0..n) (increasing), or, when x is NULL, over the positions
 * 0..n-1 labelled x_labels[i]; a band between lo and hi where given. */
typedef struct cx_svg_lines {
    cx_svg_frame frame;
    const double *x;
    const char *const *x_labels;
    size_t n;
    const cx_svg_series *series;
    size_t n_series;
    /* NULL, or the edges of a graph over the positions: each series is
     * then drawn as a segment from position edge_from[k] to edge_to[k]
     * for every edge (both ends finite) instead of joining neighbours, so
     * that branches stay apart and separate graphs are never joined; the
     * intervals are whiskers at the points rather than a band. */
    const size_t *edge_from, *edge_to;
    size_t n_edges;
} cx_svg_lines;

int cx_svg_lines_write(FILE *fp, const cx_svg_lines *c);

/* A tornado: one row per label, a bar from base to at_low[i] and one from
 * base to at_high[i], on a horizontal value axis with a line at base. */
typedef struct cx_svg_tornado {
    cx_svg_frame frame;
    const char *const *labels;
    const double *at_low, *at_high;
    size_t n;
    double base;
    const char *low_name, *high_name;   /* legend: "parameter at low" ... */
    /* NULL, or the parameter's values at its low and high end: written
     * under each row's label ("0.04 to 0.15") and in the bars' tooltips. */
    const double *low_value, *high_value;
} cx_svg_tornado;

int cx_svg_tornado_write(FILE *fp, const cx_svg_tornado *c);

/* Horizontal bars: one row per label (written whole, however long: the
 * left margin grows to the widest), one bar per series in each row, from
 * 0, with the series' interval as a whisker. Rows are drawn in the order
 * given (sort them first). When lo < hi the axis spans exactly [lo, hi]:
 * a bar or whisker reaching beyond is cut at the edge, where a triangle
 * (class "clip") marks it, and its tooltip gives the value. values: write
 * each bar's value (4 significant digits, k/M/G past 10^4) beside it.
 * A frame height of 0 fits the rows. */
typedef struct cx_svg_hbars {
    cx_svg_frame frame;
    const char *const *labels;
    size_t n;
    const cx_svg_series *series;
    size_t n_series;
    double lo, hi;
    int values;
} cx_svg_hbars;

int cx_svg_hbars_write(FILE *fp, const cx_svg_hbars *c);

/* The distribution of x[0..n) (non-finite values left out) as a
 * histogram: about 16 bins of a nice width (1, 2 or 5 times a power of ten),
 * bar heights the share of values in each, in percent, in
 * cx_svg_colour(colour). A dashed line at x = mark (always in view: bins
 * have it as an edge), the side below it shaded (class "below"), and
 * mark_label (may be NULL) written beside the line: a net value with
 * "P(loss) 12 %" at 0. */
typedef struct cx_svg_histogram {
    cx_svg_frame frame;
    const double *x;
    size_t n;
    size_t colour;
    double mark;
    const char *mark_label;
} cx_svg_histogram;

int cx_svg_histogram_write(FILE *fp, const cx_svg_histogram *c);

/* Points (x[i], y[i]) labelled labels[i] (may be NULL), with y error bars
 * from lo to hi where given, and a dashed line at y = 0 when 0 is in view. */
typedef struct cx_svg_scatter {
    cx_svg_frame frame;
    const double *x, *y, *lo, *hi;
    const char *const *labels;
    size_t n;
} cx_svg_scatter;

int cx_svg_scatter_write(FILE *fp, const cx_svg_scatter *c);

/* A directed graph drawn left to right: node i is a box in column
 * layer[i], stacked in the order given within its column; edge k an arrow
 * from node from[k] to node to[k] (a loop when they are equal), its width
 * growing with weight[k] in [0, 1], labelled label[k] at its middle, with
 * title[k] (may be NULL) as its tooltip. Edges into a later column run
 * right to left side; others arc under the boxes. Nodes marked sink[i]
 * (may be NULL) are drawn as rounded grey boxes. Marks: "node" (g),
 * "edge" (path, with data-from and data-to holding the nodes' names),
 * "elabel" (text). The frame's width and height are ignored: the size
 * follows from the layers. */
typedef struct cx_svg_graph {
    cx_svg_frame frame;
    const char *const *nodes;
    const size_t *layer;
    const int *sink;
    size_t n_nodes;
    const size_t *from, *to;
    const double *weight;
    const char *const *label, *const *title;
    size_t n_edges;
} cx_svg_graph;

int cx_svg_graph_write(FILE *fp, const cx_svg_graph *g);

#endif
