/* svg_internal.h (private) - the frame the charts of svg_charts.c share:
 * the plot area, the value-to-pixel maps, axes, legend (svg.c). */
#ifndef CX_SVG_INTERNAL_H
#define CX_SVG_INTERNAL_H

#include "cxsim/svg.h"

typedef struct cx_svg_plot {
    FILE *fp;
    double w, h;                        /* the whole chart */
    double left, top, pw, ph;           /* the plot area */
    double xlo, xhi, ylo, yhi;          /* the values at its edges */
    double yt[CX_SVG_MAX_TICKS], xt[CX_SVG_MAX_TICKS];
    size_t nyt, nxt;
    double ystep, xstep;
    int err;                            /* sticky: a write failed */
} cx_svg_plot;

/* A value range grown by the finite values added to it. */
typedef struct cx_svg_range {
    double lo, hi;
    int any;
} cx_svg_range;

void cx_svg_range_init(cx_svg_range *r);
void cx_svg_range_add(cx_svg_range *r, double v);
void cx_svg_range_series(cx_svg_range *r, const cx_svg_series *s, size_t n);

/* Sets p's y axis (or x axis) to the nice ticks covering r; 0 when r holds
 * no value (the chart then says so). A tight x axis ends at the data's
 * ends (a line over periods 1..12 fills the width) with the ticks inside. */
int cx_svg_plot_yaxis(cx_svg_plot *p, const cx_svg_range *r);
int cx_svg_plot_xaxis(cx_svg_plot *p, const cx_svg_range *r, int tight);

/* Pixel of a value. */
double cx_svg_px(const cx_svg_plot *p, double x);
double cx_svg_py(const cx_svg_plot *p, double y);

/* printf to the chart, remembering a failure. */
void cx_svg_printf(cx_svg_plot *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void cx_svg_escaped(cx_svg_plot *p, const char *s);

/* Opens the <svg> element of frame f (size, title); the plot area is what
 * is left inside the margins given. Legend names (n of them, may be 0) are
 * laid out first: they take rows above the plot area. */
void cx_svg_open(cx_svg_plot *p, FILE *fp, const cx_svg_frame *f, double left, double right,
                 double bottom, const char *const *legend, size_t n_legend);
/* The legend laid out by cx_svg_open, swatch i in cx_svg_colour(i). */
void cx_svg_legend(cx_svg_plot *p, const char *const *legend, size_t n_legend);
/* Horizontal grid lines and labels of the y ticks; the x axis line at the
 * bottom; the axis labels of f. */
void cx_svg_yaxis_draw(cx_svg_plot *p, const cx_svg_frame *f);
/* Vertical ticks and labels of the x ticks (numeric x axes). */
void cx_svg_xaxis_draw(cx_svg_plot *p);
/* A category label centred at pixel x under the plot, rotated when rot.
 * A rotated label longer than CX_SVG_LABEL_CHARS characters shows its last
 * ones after an ellipsis (the ends of dotted paths tell them apart), with
 * the whole label as its tooltip. */
#define CX_SVG_LABEL_CHARS 26
void cx_svg_category(cx_svg_plot *p, double x, const char *label, int rot);
/* Bottom margin that category labels need: rotated when they would not
 * fit side by side in the plot width; *rot says which. */
double cx_svg_category_margin(const char *const *labels, size_t n, double plot_w, int *rot);
/* Left margin the first rotated label needs so that it is not cut at the
 * chart's left edge (0 when rot is 0); callers take the larger of it and
 * their usual margin. */
double cx_svg_category_left(const char *const *labels, size_t n, double plot_w, int rot);
/* "No finite value to show." in the middle of the plot area. */
void cx_svg_empty(cx_svg_plot *p);
/* An error bar (class err) at pixel x from value lo to hi, with caps. */
void cx_svg_errbar(cx_svg_plot *p, double x, double lo, double hi);
/* Closes the <svg>; returns 0, or -1 if any write failed. */
int cx_svg_close(cx_svg_plot *p);

/* Approximate width in pixels of s at the charts' 12 px font. */
double cx_svg_text_width(const char *s);

#endif
