/* svg_graph.c - cx_svg_graph: a directed graph in columns (a fitted
 * journey: where customers go next and with what probability). The layout
 * is given (the caller knows the layers); this file only places boxes and
 * routes arrows so that forward moves read left to right and moves back
 * or within a column stay visible as arcs. */
#include "svg_internal.h"

#include <math.h>
#include <stdlib.h>

#define ROW_H 64.0      /* box pitch within a column */
#define BOX_H 30.0
#define GAP 74.0        /* between columns: room for the labels of forward arrows */
#define TOP 48.0        /* room for loops drawn over the first row */

typedef struct node_xy {
    double x, y;        /* top-left of the box */
} node_xy;

/* Writes the cubic of an edge; m gets its label's place, e its end and the
 * direction it arrives in (from its last control point). */
static void edge_path(cx_svg_plot *p, const node_xy *a, const node_xy *b, size_t la,
                      size_t lb, double bw, double lane, double *mx, double *my, double e[4])
{
    double c2x, c2y, x3, y3;
    if (a == b) {       /* a loop over the box */
        double cx = a->x + bw / 2, t = a->y;
        c2x = cx + 34, c2y = t - 38, x3 = cx + 14, y3 = t;
        cx_svg_printf(p, "M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", cx - 14, t, cx - 34, t - 38,
                      c2x, c2y, x3, y3);
        *mx = cx;
        *my = t - 30;
    } else if (lb > la) {       /* forward: right side to left side */
        double x0 = a->x + bw, y0 = a->y + BOX_H / 2;
        x3 = b->x, y3 = b->y + BOX_H / 2;
        double d = (x3 - x0) / 2;
        c2x = x3 - d, c2y = y3;
        cx_svg_printf(p, "M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", x0, y0, x0 + d, y0, c2x,
                      c2y, x3, y3);
        /* x and y of this cubic move alike (3s^2 - 2s^3 of the way), so
         * the point a fraction s along is on the chord. An arrow over
         * several columns is labelled just after its start and under it:
         * the arrows converging on a far box (the sinks) keep their
         * labels apart, each beside the box it leaves. */
        double s = lb == la + 1 ? 0.5 : 34 / (x3 - x0);
        *mx = x0 + s * (x3 - x0);
        *my = y0 + s * (y3 - y0) + (lb == la + 1 ? 0 : 13);
    } else if (lb == la) {      /* within a column: a bracket on its right */
        double x0 = a->x + bw, y0 = a->y + BOX_H / 2 + 4;
        y3 = b->y + BOX_H / 2 - 4, x3 = x0;
        double out = 40 + fabs(y3 - y0) / 10;
        c2x = x0 + out, c2y = y3;
        cx_svg_printf(p, "M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", x0, y0, x0 + out, y0,
                      c2x, c2y, x3, y3);
        /* labelled near its end (t = 0.8 of the cubic): the middle of the
         * column's right side is where forward arrows from it put theirs */
        *mx = x0 + 0.48 * out + 8;
        *my = y0 + 0.896 * (y3 - y0);
    } else {                    /* back: an arc under the boxes, to the target's bottom */
        double x0 = a->x + bw / 2 - 8, y0 = a->y + BOX_H;
        x3 = b->x + bw / 2 + 8, y3 = b->y + BOX_H;
        c2x = x3, c2y = lane;
        cx_svg_printf(p, "M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", x0, y0, x0, lane, c2x, c2y,
                      x3, y3);
        *mx = (x0 + x3) / 2;
        *my = (y0 + y3) / 8 + 3 * lane / 4;     /* the cubic's midpoint */
    }
    e[0] = x3, e[1] = y3, e[2] = x3 - c2x, e[3] = y3 - c2y;
}

/* An arrowhead with its tip at (e[0], e[1]) pointing along (e[2], e[3]):
 * a path, not an SVG marker, whose url(#id) reference the page forbids
 * (docs/report.md: nothing that looks like a link). */
static void arrowhead(cx_svg_plot *p, const double e[4], const char *colour)
{
    double len = hypot(e[2], e[3]);
    double ux = len > 0 ? e[2] / len : 1, uy = len > 0 ? e[3] / len : 0;
    double bx = e[0] - 9 * ux, by = e[1] - 9 * uy;
    cx_svg_printf(p, "<path class=\"head\" d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fz\" fill=\"%s\"/>\n",
                  e[0], e[1], bx - 4.5 * uy, by + 4.5 * ux, bx + 4.5 * uy, by - 4.5 * ux, colour);
}

int cx_svg_graph_write(FILE *fp, const cx_svg_graph *g)
{
    size_t layers = 0, rows = 0, *count = NULL;
    double bw = 90;
    node_xy *xy = malloc((g->n_nodes + 1) * sizeof *xy);
    for (size_t i = 0; i < g->n_nodes; i++) {
        layers = g->layer[i] + 1 > layers ? g->layer[i] + 1 : layers;
        bw = fmax(bw, cx_svg_text_width(g->nodes[i]) + 20);
    }
    count = calloc(layers + 1, sizeof *count);
    if (!xy || !count) {
        free(xy);
        free(count);
        return -1;
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        size_t r = count[g->layer[i]]++;
        rows = r + 1 > rows ? r + 1 : rows;
        xy[i] = (node_xy){20 + (double)g->layer[i] * (bw + GAP), TOP + (double)r * ROW_H};
    }
    size_t back = 0;
    for (size_t k = 0; k < g->n_edges; k++)
        back += g->layer[g->to[k]] < g->layer[g->from[k]];
    double bottom = TOP + (double)rows * ROW_H;
    cx_svg_frame f = g->frame;
    /* the last column needs no gap after it, only room for brackets */
    f.width = (unsigned)(20 + (double)layers * (bw + GAP) - GAP + 60);
    f.height = (unsigned)(bottom + 24 + 22 * (double)back);
    cx_svg_plot p;
    cx_svg_open(&p, fp, &f, 0, 0, 0, NULL, 0);
    /* arrows first, boxes over them, labels last so that nothing hides them */
    double *lx = malloc((2 * g->n_edges + 1) * sizeof *lx);
    if (!lx) {
        free(xy);
        free(count);
        return -1;
    }
    size_t lane = 0;
    for (size_t k = 0; k < g->n_edges; k++) {
        size_t a = g->from[k], b = g->to[k];
        int into_sink = g->sink && g->sink[b];
        double ln = bottom + 8 + 22 * (double)lane;
        lane += g->layer[b] < g->layer[a];
        double w = 1 + 5 * fmin(fmax(g->weight[k], 0), 1);
        cx_svg_printf(&p, "<path class=\"edge\" data-from=\"");
        cx_svg_escaped(&p, g->nodes[a]);
        cx_svg_printf(&p, "\" data-to=\"");
        cx_svg_escaped(&p, g->nodes[b]);
        cx_svg_printf(&p, "\" d=\"");
        double e[4];
        const char *colour = into_sink ? "#999" : "#555";
        edge_path(&p, &xy[a], &xy[b], g->layer[a], g->layer[b], bw, ln, &lx[2 * k],
                  &lx[2 * k + 1], e);
        cx_svg_printf(&p, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s>", colour, w,
                      into_sink ? " stroke-dasharray=\"5 3\"" : "");
        if (g->title && g->title[k]) {
            cx_svg_printf(&p, "<title>");
            cx_svg_escaped(&p, g->title[k]);
            cx_svg_printf(&p, "</title>");
        }
        cx_svg_printf(&p, "</path>\n");
        arrowhead(&p, e, colour);
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        int sink = g->sink && g->sink[i];
        cx_svg_printf(&p, "<g class=\"node\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                      "height=\"%.1f\" rx=\"%d\" fill=\"%s\" stroke=\"#555\"/><text x=\"%.1f\" "
                      "y=\"%.1f\" text-anchor=\"middle\">", xy[i].x, xy[i].y, bw, BOX_H,
                      sink ? 14 : 3, sink ? "#eee" : "#e8f1f8", xy[i].x + bw / 2,
                      xy[i].y + BOX_H / 2 + 4);
        cx_svg_escaped(&p, g->nodes[i]);
        cx_svg_printf(&p, "</text></g>\n");
    }
    for (size_t k = 0; k < g->n_edges; k++) {
        cx_svg_printf(&p, "<text class=\"elabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                      "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">", lx[2 * k],
                      lx[2 * k + 1] + 4);
        cx_svg_escaped(&p, g->label[k]);
        cx_svg_printf(&p, "</text>\n");
    }
    free(lx);
    free(xy);
    free(count);
    return cx_svg_close(&p);
}
