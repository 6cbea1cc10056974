/* report_fit.c - the page of a fit (cxsim fit, docs/fit.md): the data it
 * read, the fitted journey as a graph with its transition probabilities,
 * the removal effects, observed against simulated, and every parameter.
 * The graph's layers are the order in which a walk from (start) first
 * reaches each touchpoint (breadth first), so the page reads in the
 * direction customers move; (conversion) and (null) end it. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* More boxes than this make a graph no one reads: the page says so and
 * transitions.csv holds them. */
#define MAX_GRAPH_NODES 48

void cx_rp_fit_header(const cx_report *r, rp_out *o)
{
    const cx_json_value *d = cx_json_member(r->run, "data");
    const char *path = cx_json_member_string(d, "path"), *kind = cx_json_member_string(d, "kind");
    const char *sha = cx_json_member_string(d, "sha256");
    const char *ver = cx_json_member_string(r->run, "cxsim_version");
    cx_rp_printf(o, "<h1>Fit of ");
    cx_rp_text(o, path ? path : "(data path not recorded)");
    cx_rp_printf(o, "</h1>\n<p class=\"meta\">cxsim fit of the %s <code>", kind ? kind : "data");
    cx_rp_text(o, path ? path : "?");
    cx_rp_printf(o, "</code>");
    if (sha && strlen(sha) >= 12)
        cx_rp_printf(o, " (SHA-256 %.12s&hellip;)", sha);
    static const char *const counts[][2] = {{"journeys", "journeys"},
                                            {"conversions", "conversions"},
                                            {"touchpoints", "touchpoints"},
                                            {"paths", "distinct paths"},
                                            {"customers", "customers"}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        const cx_json_value *v = cx_json_member(d, counts[i][0]);
        if (v && v->type == CX_JSON_NUMBER)
            cx_rp_printf(o, ", %.17g %s", v->number, counts[i][1]);
    }
    const cx_json_value *seed = cx_json_member(r->run, "seed");
    const cx_json_value *boot = cx_json_member(r->run, "bootstrap");
    if (seed && seed->type == CX_JSON_NUMBER)
        cx_rp_printf(o, "; seed %.17g", seed->number);
    if (boot && boot->type == CX_JSON_NUMBER)
        cx_rp_printf(o, ", %.17g bootstrap draws", boot->number);
    cx_rp_printf(o, "; cxsim ");
    cx_rp_text(o, ver ? ver : "?");
    cx_rp_printf(o, ".</p>\n");
    const cx_json_value *p = cx_json_member(r->run, "conversion_probability");
    if (p && p->type == CX_JSON_NUMBER) {
        char b[48];
        cx_rp_printf(o, "<p class=\"meta\">Conversion probability of the fitted chain: %s. "
                     "The scenario is <code>fitted.lua</code>.</p>\n",
                     cx_report_number(p->number, b, sizeof b));
    }
}

/* ---- the graph ------------------------------------------------------------------------- */

typedef struct fit_graph {
    const char *name[MAX_GRAPH_NODES];
    size_t layer[MAX_GRAPH_NODES];
    int sink[MAX_GRAPH_NODES];
    size_t n;
} fit_graph;

/* The node named s, added (in layer) when new; MAX_GRAPH_NODES when full. */
static size_t node_of(fit_graph *g, const char *s, size_t layer)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->name[i], s) == 0)
            return i;
    if (g->n == MAX_GRAPH_NODES)
        return MAX_GRAPH_NODES;
    g->name[g->n] = s;
    g->layer[g->n] = layer;
    g->sink[g->n] = strcmp(s, "(conversion)") == 0 || strcmp(s, "(null)") == 0;
    return g->n++;
}

/* Nodes breadth first from (start): a node's layer is one more than the
 * layer of the first node found leading to it; the sinks last. Returns 0
 * when the graph has more nodes than can be drawn. */
static int graph_layers(const cx_report *r, fit_graph *g)
{
    int cf = cx_rp_col(r, RP_TRANSITIONS, "from"), ct = cx_rp_col(r, RP_TRANSITIONS, "to");
    size_t rows = cx_rp_rows(r, RP_TRANSITIONS), deepest = 0;
    g->n = 0;
    node_of(g, "(start)", 0);
    for (size_t q = 0; q < g->n; q++) {         /* g->name[q..n) is the queue */
        if (g->sink[q])
            continue;
        for (size_t i = 1; i < rows; i++) {
            if (strcmp(cx_rp_cell(r, RP_TRANSITIONS, i, cf), g->name[q]) != 0)
                continue;
            const char *to = cx_rp_cell(r, RP_TRANSITIONS, i, ct);
            if (node_of(g, to, g->layer[q] + 1) == MAX_GRAPH_NODES)
                return 0;
        }
    }
    /* a state no walk from (start) reaches (not in cxsim's own files) */
    for (size_t i = 1; i < rows; i++)
        if (node_of(g, cx_rp_cell(r, RP_TRANSITIONS, i, cf), 1) == MAX_GRAPH_NODES ||
            node_of(g, cx_rp_cell(r, RP_TRANSITIONS, i, ct), 2) == MAX_GRAPH_NODES)
            return 0;
    for (size_t i = 0; i < g->n; i++)
        if (!g->sink[i] && g->layer[i] > deepest)
            deepest = g->layer[i];
    /* the sinks share the last column, conversion above drop-off */
    fit_graph s = *g;
    size_t k = 0;
    for (size_t i = 0; i < s.n; i++)
        if (!s.sink[i])
            g->name[k] = s.name[i], g->layer[k] = s.layer[i], g->sink[k++] = 0;
    static const char *const sinks[] = {"(conversion)", "(null)"};
    for (size_t j = 0; j < 2; j++)
        for (size_t i = 0; i < s.n; i++)
            if (s.sink[i] && strcmp(s.name[i], sinks[j]) == 0)
                g->name[k] = s.name[i], g->layer[k] = deepest + 1, g->sink[k++] = 1;
    g->n = k;
    return 1;
}

static size_t index_of(const fit_graph *g, const char *s)
{
    size_t i = 0;
    while (i < g->n && strcmp(g->name[i], s) != 0)
        i++;
    return i;
}

static void graph_section(const cx_report *r, rp_out *o)
{
    cx_rp_section(o, "Fitted journey", "Where journeys start and where customers go next: "
                  "each arrow is an edge of transitions.csv labelled with its probability "
                  "(the share of journeys leaving the box that took it; its 95 % interval "
                  "and count are in the arrow's tooltip), thicker for likelier moves. "
                  "Columns follow the order in which journeys first reach each touchpoint "
                  "from (start); arrows back or within a column arc aside. Dashed arrows "
                  "end the journey: (conversion) converted, (null) dropped off.");
    fit_graph g;
    size_t ne = cx_rp_rows(r, RP_TRANSITIONS);
    if (!graph_layers(r, &g)) {
        cx_rp_printf(o, "<p class=\"how\">More than %d states: too many to draw; "
                     "transitions.csv lists every edge.</p>\n", MAX_GRAPH_NODES);
        return;
    }
    size_t nd = ne * (2 * sizeof(size_t) + sizeof(double)) + 1;
    void *pn, *ps;
    if (!cx_rp_alloc_both(o, &pn, nd, &ps, ne * (2 * sizeof(char *) + 160) + 1))
        return;
    size_t *from = pn, *to = from + ne;
    double *w = (double *)(void *)(to + ne);
    const char **label = ps, **title = label + ne;
    char *text = (char *)(title + ne);
    int cf = cx_rp_col(r, RP_TRANSITIONS, "from"), ct = cx_rp_col(r, RP_TRANSITIONS, "to");
    int cp = cx_rp_col(r, RP_TRANSITIONS, "probability"), cn = cx_rp_col(r, RP_TRANSITIONS, "n");
    int cl = cx_rp_col(r, RP_TRANSITIONS, "ci_low"), ch = cx_rp_col(r, RP_TRANSITIONS, "ci_high");
    size_t m = 0;
    for (size_t i = 1; i < ne; i++, m++) {
        char *lab = text + m * 160, *tip = lab + 32, b[3][48];
        double p = cx_rp_num(r, RP_TRANSITIONS, i, cp);
        from[m] = index_of(&g, cx_rp_cell(r, RP_TRANSITIONS, i, cf));
        to[m] = index_of(&g, cx_rp_cell(r, RP_TRANSITIONS, i, ct));
        w[m] = p;
        snprintf(lab, 32, "%s", cx_report_number(p, b[0], sizeof b[0]));
        /* names can be long: the tooltip keeps what fits, the table has all */
        snprintf(tip, 128, "%.30s \xe2\x86\x92 %.30s: %s, 95 %% interval [%s, %s], %s journeys",
                 g.name[from[m]], g.name[to[m]], lab,
                 cx_report_number(cx_rp_num(r, RP_TRANSITIONS, i, cl), b[1], sizeof b[1]),
                 cx_report_number(cx_rp_num(r, RP_TRANSITIONS, i, ch), b[2], sizeof b[2]),
                 cx_rp_cell(r, RP_TRANSITIONS, i, cn));
        label[m] = lab;
        title[m] = tip;
    }
    cx_svg_graph c = {{"the fitted journey: transition probabilities", NULL, NULL, 0, 0},
                      g.name, g.layer, g.sink, g.n, from, to, w, label, title, m};
    cx_rp_figure_open(o, "The fitted journey (transitions.csv)");
    cx_rp_chart_status(o, cx_svg_graph_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(pn);
    free(ps);
}

/* ---- removal effects -------------------------------------------------------------------- */

static void removal_section(const cx_report *r, rp_out *o)
{
    cx_rp_section(o, "Removal effects", "The share of conversions lost if the touchpoint were "
                  "removed (every move into it dropping off instead): of the fitted chain, "
                  "exact, with its 95 % bootstrap interval; and the share of conversions "
                  "whose path visits it, in the data (observed, no Markov assumption) and in "
                  "fitted.lua simulated. docs/fit.md, \"Attribution: removal effects\".");
    size_t n = cx_rp_rows(r, RP_REMOVAL), cap = n + 1;
    void *pv, *pl;
    if (!cx_rp_alloc_both(o, &pv, 5 * cap * sizeof(double), &pl, cap * sizeof(const char *)))
        return;
    double *v = pv;
    const char **labels = pl;
    static const char *const cols[] = {"removal_effect", "ci_low", "ci_high", "observed",
                                       "simulated"};
    int ctp = cx_rp_col(r, RP_REMOVAL, "touchpoint");
    size_t m = 0;
    for (size_t i = 1; i < n; i++, m++) {
        labels[m] = cx_rp_cell(r, RP_REMOVAL, i, ctp);
        for (size_t k = 0; k < 5; k++)
            v[k * cap + m] = cx_rp_num(r, RP_REMOVAL, i, cx_rp_col(r, RP_REMOVAL, cols[k]));
    }
    cx_svg_series s[3] = {{"removal effect (fitted chain, 95 % CI)", v, v + cap, v + 2 * cap},
                          {"share of conversions visiting it (data)", v + 3 * cap, NULL, NULL},
                          {"the same share (fitted.lua simulated)", v + 4 * cap, NULL, NULL}};
    cx_svg_bars c = {{"removal effect of each touchpoint", NULL, "share of conversions",
                      1000, 340}, labels, m, s, 3, NULL};
    cx_rp_figure_open(o, "Removal effects (removal.csv)");
    cx_rp_chart_status(o, cx_svg_bars_write(o->fp, &c));
    cx_rp_figure_close(o);
    cx_rp_printf(o, "<div class=\"wrap\"><table>\n<tr><th>touchpoint</th><th>removal effect "
                 "[95 %% CI]</th><th>observed</th><th>simulated</th></tr>\n");
    for (size_t i = 0; i < m; i++) {
        char b[3][96];
        cx_rp_printf(o, "<tr><td>");
        cx_rp_text(o, labels[i]);
        cx_rp_printf(o, "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                     cx_report_ci(v[i], v[cap + i], v[2 * cap + i], b[0], sizeof b[0]),
                     cx_report_number(v[3 * cap + i], b[1], sizeof b[1]),
                     cx_report_number(v[4 * cap + i], b[2], sizeof b[2]));
    }
    cx_rp_printf(o, "</table></div>\n");
    free(v);
    free(labels);
}

/* ---- goodness of fit ------------------------------------------------------------------ */

/* Observed and simulated bars of one figure of gof.csv over its keys. */
static void gof_chart(const cx_report *r, rp_out *o, const char *figure, const char *title,
                      const char *y_label)
{
    size_t n = cx_rp_rows(r, RP_GOF), cap = n + 1, m = 0;
    void *pv, *pl;
    if (!cx_rp_alloc_both(o, &pv, 2 * cap * sizeof(double), &pl, cap * sizeof(const char *)))
        return;
    double *v = pv;
    const char **labels = pl;
    int cfig = cx_rp_col(r, RP_GOF, "figure"), ck = cx_rp_col(r, RP_GOF, "key");
    int co = cx_rp_col(r, RP_GOF, "observed"), cs = cx_rp_col(r, RP_GOF, "simulated");
    for (size_t i = 1; i < n; i++) {
        if (strcmp(cx_rp_cell(r, RP_GOF, i, cfig), figure) != 0)
            continue;
        labels[m] = cx_rp_cell(r, RP_GOF, i, ck);
        v[m] = cx_rp_num(r, RP_GOF, i, co);
        v[cap + m] = cx_rp_num(r, RP_GOF, i, cs);
        m++;
    }
    if (m > 0) {
        cx_svg_series s[2] = {{"observed (data)", v, NULL, NULL},
                              {"simulated (fitted.lua)", v + cap, NULL, NULL}};
        cx_svg_bars c = {{title, NULL, y_label, 720, 320}, labels, m, s, 2, NULL};
        cx_rp_figure_open(o, title);
        cx_rp_chart_status(o, cx_svg_bars_write(o->fp, &c));
        cx_rp_figure_close(o);
    }
    free(v);
    free(labels);
}

static void gof_section(const cx_report *r, rp_out *o)
{
    cx_rp_section(o, "Observed against simulated", "The data's figures beside the same "
                  "figures measured on fitted.lua simulated (gof.csv; docs/fit.md, \"Goodness "
                  "of fit\"). A first-order chain matches the conversion rate and the visits "
                  "per touchpoint by construction, up to simulation noise; path lengths and "
                  "the most frequent paths show what it misses.");
    cx_rp_printf(o, "<div class=\"charts\">\n");
    gof_chart(r, o, "path_length_share", "share of journeys by path length (visits)",
              "share of journeys");
    gof_chart(r, o, "visits_per_journey", "visits per journey at each touchpoint",
              "visits per journey");
    cx_rp_printf(o, "</div>\n<div class=\"wrap\"><table>\n<tr><th>figure</th><th>key</th>"
                 "<th>observed</th><th>simulated</th><th>simulated &minus; observed</th>"
                 "</tr>\n");
    int cfig = cx_rp_col(r, RP_GOF, "figure"), ck = cx_rp_col(r, RP_GOF, "key");
    int co = cx_rp_col(r, RP_GOF, "observed"), cs = cx_rp_col(r, RP_GOF, "simulated");
    for (size_t i = 1; i < cx_rp_rows(r, RP_GOF); i++) {
        char b[3][48];
        double ob = cx_rp_num(r, RP_GOF, i, co), si = cx_rp_num(r, RP_GOF, i, cs);
        cx_rp_printf(o, "<tr class=\"gof\"><td>");
        cx_rp_text(o, cx_rp_cell(r, RP_GOF, i, cfig));
        cx_rp_printf(o, "</td><td class=\"l\">");
        cx_rp_text(o, cx_rp_cell(r, RP_GOF, i, ck));
        cx_rp_printf(o, "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                     cx_report_number(ob, b[0], sizeof b[0]),
                     cx_report_number(si, b[1], sizeof b[1]),
                     cx_report_number(si - ob, b[2], sizeof b[2]));
    }
    cx_rp_printf(o, "</table></div>\n");
}

/* ---- the parameters ----------------------------------------------------------------- */

static void params_section(const cx_report *r, rp_out *o)
{
    cx_rp_section(o, "Parameters", "Every parameter fitted.lua sets (fit.csv): its estimate "
                  "with the 95 % interval, the count it rests on, and the data's column it "
                  "comes from, or default when the data does not identify it (docs/fit.md, "
                  "\"What the data identifies\").");
    cx_rp_printf(o, "<div class=\"wrap\"><table>\n<tr><th>parameter</th><th>estimate "
                 "[95 %% CI]</th><th>n</th><th>source</th></tr>\n");
    int cp = cx_rp_col(r, RP_PARAMS, "parameter"), cn = cx_rp_col(r, RP_PARAMS, "n");
    int cs = cx_rp_col(r, RP_PARAMS, "source");
    for (size_t i = 1; i < cx_rp_rows(r, RP_PARAMS); i++) {
        double e[3];
        char b[96];
        cx_rp_estimate(r, RP_PARAMS, i, "estimate", e);
        cx_rp_printf(o, "<tr class=\"param\"><td>");
        cx_rp_text(o, cx_rp_cell(r, RP_PARAMS, i, cp));
        cx_rp_printf(o, "</td><td>%s</td><td>", cx_report_ci(e[0], e[1], e[2], b, sizeof b));
        cx_rp_text(o, cx_rp_cell(r, RP_PARAMS, i, cn));
        cx_rp_printf(o, "</td><td class=\"l\">");
        cx_rp_text(o, cx_rp_cell(r, RP_PARAMS, i, cs));
        cx_rp_printf(o, "</td></tr>\n");
    }
    cx_rp_printf(o, "</table></div>\n");
}

void cx_rp_fit_sections(const cx_report *r, rp_out *o)
{
    graph_section(r, o);
    removal_section(r, o);
    gof_section(r, o);
    params_section(r, o);
}
