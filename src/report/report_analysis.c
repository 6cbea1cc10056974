/* report_analysis.c - the sections of sweep and sensitivity: the metrics
 * over the design's points, the tornado and Sobol' charts. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SHOWN_METRICS 6
#define MAX_SHOWN_PARAMS 4
#define MAX_TABLE_ROWS 200

/* Distinct values of column c of table f, in order of first appearance
 * (at most max); returns how many. */
static size_t distinct(const cx_report *r, rp_file f, int c, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 1; i < cx_rp_rows(r, f); i++) {
        const char *s = cx_rp_cell(r, f, i, c);
        size_t k = 0;
        while (k < n && strcmp(out[k], s) != 0)
            k++;
        if (k == n && n < max)
            out[n++] = s;
    }
    return n;
}

/* ---- sweep ---------------------------------------------------------------------------- */

typedef struct sweep_cols {
    int point, metric, mean, lo, hi;
    int param[MAX_SHOWN_PARAMS];
    size_t n_params, all_params;
} sweep_cols;

static void sweep_columns(const cx_report *r, sweep_cols *s)
{
    s->point = cx_rp_col(r, RP_SWEEP, "point");
    s->metric = cx_rp_col(r, RP_SWEEP, "metric");
    s->mean = cx_rp_col(r, RP_SWEEP, "mean");
    s->lo = cx_rp_col(r, RP_SWEEP, "ci_low");
    s->hi = cx_rp_col(r, RP_SWEEP, "ci_high");
    s->n_params = s->all_params = 0;
    /* the parameters are the columns between point and metric */
    for (int c = s->point + 1; c < s->metric; c++, s->all_params++)
        if (s->n_params < MAX_SHOWN_PARAMS)
            s->param[s->n_params++] = c;
}

/* The rows of metric m sorted by parameter column pc (design order among
 * equal values), into rows; returns how many. */
static size_t sweep_rows(const cx_report *r, const sweep_cols *s, const char *m, int pc,
                         size_t *rows)
{
    size_t n = 0;
    for (size_t i = 1; i < cx_rp_rows(r, RP_SWEEP); i++)
        if (strcmp(cx_rp_cell(r, RP_SWEEP, i, s->metric), m) == 0)
            rows[n++] = i;
    for (size_t a = 1; a < n; a++) {     /* insertion sort: stable, n is small */
        size_t t = rows[a], b = a;
        double x = cx_rp_num(r, RP_SWEEP, t, pc);
        while (b > 0 && cx_rp_num(r, RP_SWEEP, rows[b - 1], pc) > x) {
            rows[b] = rows[b - 1];
            b--;
        }
        rows[b] = t;
    }
    return n;
}

static void sweep_chart(const cx_report *r, rp_out *o, const sweep_cols *s, const char *m,
                        int pc, size_t *rows)
{
    size_t n = sweep_rows(r, s, m, pc, rows);
    double *v = malloc(4 * n * sizeof *v + 1);
    if (!v) {
        o->err = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        v[i] = cx_rp_num(r, RP_SWEEP, rows[i], pc);
        v[n + i] = cx_rp_num(r, RP_SWEEP, rows[i], s->mean);
        v[2 * n + i] = cx_rp_num(r, RP_SWEEP, rows[i], s->lo);
        v[3 * n + i] = cx_rp_num(r, RP_SWEEP, rows[i], s->hi);
    }
    const char *param = cx_rp_cell(r, RP_SWEEP, 0, pc);
    char title[300], caption[300];
    snprintf(title, sizeof title, "%s against %s, 95 %% CI", m, param);
    snprintf(caption, sizeof caption, "%s against %s", m, param);
    cx_svg_frame f = {title, param, m, 540, 300};
    cx_rp_figure_open(o, caption);
    if (s->all_params == 1) {    /* one parameter: a curve with its band */
        cx_svg_series se = {m, v + n, v + 2 * n, v + 3 * n};
        cx_svg_lines c = {f, v, NULL, n, &se, 1};
        cx_rp_chart_status(o, cx_svg_lines_write(o->fp, &c));
    } else {                     /* the others vary too: points, not a curve */
        cx_svg_scatter c = {f, v, v + n, v + 2 * n, v + 3 * n, NULL, n};
        cx_rp_chart_status(o, cx_svg_scatter_write(o->fp, &c));
    }
    cx_rp_figure_close(o);
    free(v);
}

static void sweep_table(const cx_report *r, rp_out *o, const sweep_cols *s,
                        const char **metrics, size_t nm)
{
    const char *points[MAX_TABLE_ROWS];
    size_t np = distinct(r, RP_SWEEP, s->point, points, MAX_TABLE_ROWS);
    cx_rp_printf(o, "<div class=\"wrap\"><table>\n<tr><th>point</th>");
    for (int c = s->point + 1; c < s->metric; c++) {
        cx_rp_printf(o, "<th>");
        cx_rp_text(o, cx_rp_cell(r, RP_SWEEP, 0, c));
        cx_rp_printf(o, "</th>");
    }
    for (size_t k = 0; k < nm; k++) {
        cx_rp_printf(o, "<th>");
        cx_rp_text(o, metrics[k]);
        cx_rp_printf(o, "</th>");
    }
    cx_rp_printf(o, "</tr>\n");
    for (size_t p = 0; p < np; p++) {
        size_t first = 0;
        cx_rp_printf(o, "<tr><td>%s</td>", points[p]);
        for (size_t k = 0; k < nm; k++) {
            char b[96];
            double e[3] = {NAN, NAN, NAN};
            for (size_t i = 1; i < cx_rp_rows(r, RP_SWEEP); i++)
                if (strcmp(cx_rp_cell(r, RP_SWEEP, i, s->point), points[p]) == 0) {
                    first = first ? first : i;
                    if (strcmp(cx_rp_cell(r, RP_SWEEP, i, s->metric), metrics[k]) == 0) {
                        e[0] = cx_rp_num(r, RP_SWEEP, i, s->mean);
                        e[1] = cx_rp_num(r, RP_SWEEP, i, s->lo);
                        e[2] = cx_rp_num(r, RP_SWEEP, i, s->hi);
                    }
                }
            if (k == 0)     /* the parameter values, from the point's first row */
                for (int c = s->point + 1; c < s->metric; c++)
                    cx_rp_printf(o, "<td>%s</td>",
                                 cx_report_number(cx_rp_num(r, RP_SWEEP, first, c), b,
                                                  sizeof b));
            cx_rp_printf(o, "<td>%s</td>", cx_report_ci(e[0], e[1], e[2], b, sizeof b));
        }
        cx_rp_printf(o, "</tr>\n");
    }
    cx_rp_printf(o, "</table></div>\n");
    if (np == MAX_TABLE_ROWS)
        cx_rp_printf(o, "<p class=\"how\">The first %d points; sweep.csv has them all.</p>\n",
                     MAX_TABLE_ROWS);
}

void cx_rp_sweep_sections(const cx_report *r, rp_out *o)
{
    sweep_cols s;
    sweep_columns(r, &s);
    const char *metrics[MAX_SHOWN_METRICS];
    size_t nm = distinct(r, RP_SWEEP, s.metric, metrics, MAX_SHOWN_METRICS);
    size_t *rows = malloc(cx_rp_rows(r, RP_SWEEP) * sizeof *rows + 1);
    if (!rows) {
        o->err = 1;
        return;
    }
    cx_rp_section(o, "Metrics over the design", s.all_params == 1
                  ? "The metric at each value of the parameter: the line joins the design "
                    "points' means, the band is their 95 % confidence interval."
                  : "The metric at each design point against each parameter in turn (the "
                    "other parameters vary too, so the spread at one value is theirs); "
                    "whiskers are 95 % confidence intervals.");
    cx_rp_printf(o, "<div class=\"charts\">\n");
    for (size_t k = 0; k < nm; k++)
        for (size_t p = 0; p < s.n_params; p++)
            sweep_chart(r, o, &s, metrics[k], s.param[p], rows);
    cx_rp_printf(o, "</div>\n");
    free(rows);
    cx_rp_section(o, "Design points", "Each point's parameter values and the metrics' means "
                  "over its replications with 95 % confidence intervals.");
    sweep_table(r, o, &s, metrics, nm);
}

/* ---- sensitivity ----------------------------------------------------------------------- */

static void tornado_metric(const cx_report *r, rp_out *o, const char *m)
{
    size_t cap = cx_rp_rows(r, RP_TORNADO) + 1, n = 0;
    void *pv, *pl;
    if (!cx_rp_alloc_both(o, &pv, 2 * cap * sizeof(double), &pl, cap * sizeof(const char *)))
        return;
    double *v = pv;
    const char **labels = pl;
    int cm = cx_rp_col(r, RP_TORNADO, "metric"), cp = cx_rp_col(r, RP_TORNADO, "parameter");
    int cl = cx_rp_col(r, RP_TORNADO, "metric_at_low");
    int ch = cx_rp_col(r, RP_TORNADO, "metric_at_high");
    double base = NAN;
    for (size_t i = 1; i < cx_rp_rows(r, RP_TORNADO); i++) {
        if (strcmp(cx_rp_cell(r, RP_TORNADO, i, cm), m) != 0)
            continue;
        labels[n] = cx_rp_cell(r, RP_TORNADO, i, cp);
        v[n] = cx_rp_num(r, RP_TORNADO, i, cl);
        v[cap + n] = cx_rp_num(r, RP_TORNADO, i, ch);
        base = cx_rp_num(r, RP_TORNADO, i, cx_rp_col(r, RP_TORNADO, "baseline"));
        n++;
    }
    char title[160];
    snprintf(title, sizeof title, "tornado of %s: the metric with each parameter at its low "
             "and high value", m);
    cx_svg_tornado c = {{title, NULL, NULL, 1000, (unsigned)(70 + 40 * n)}, labels, v,
                        v + cap, n, base, "parameter at low", "parameter at high"};
    cx_rp_figure_open(o, m);
    cx_rp_chart_status(o, cx_svg_tornado_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(v);
    free(labels);
}

static void sobol_metric(const cx_report *r, rp_out *o, const char *m)
{
    static const char *const cols[] = {"first_order", "first_ci_low", "first_ci_high",
                                       "total", "total_ci_low", "total_ci_high"};
    size_t cap = cx_rp_rows(r, RP_SOBOL) + 1, n = 0;
    void *pv, *pl;
    if (!cx_rp_alloc_both(o, &pv, 6 * cap * sizeof(double), &pl, cap * sizeof(const char *)))
        return;
    double *v = pv;
    const char **labels = pl;
    int cm = cx_rp_col(r, RP_SOBOL, "metric"), cp = cx_rp_col(r, RP_SOBOL, "parameter");
    for (size_t i = 1; i < cx_rp_rows(r, RP_SOBOL); i++) {
        if (strcmp(cx_rp_cell(r, RP_SOBOL, i, cm), m) != 0)
            continue;
        labels[n] = cx_rp_cell(r, RP_SOBOL, i, cp);
        for (size_t k = 0; k < 6; k++)
            v[k * cap + n] = cx_rp_num(r, RP_SOBOL, i, cx_rp_col(r, RP_SOBOL, cols[k]));
        n++;
    }
    cx_svg_series s[2] = {{"first order S_i", v, v + cap, v + 2 * cap},
                          {"total S_Ti", v + 3 * cap, v + 4 * cap, v + 5 * cap}};
    char title[160], caption[160];
    snprintf(title, sizeof title, "Sobol' indices of %s, 95 %% bootstrap CI", m);
    snprintf(caption, sizeof caption, "Sobol' indices of %s", m);
    cx_svg_bars c = {{title, NULL, "share of variance", 1000, 340}, labels, n, s, 2};
    cx_rp_figure_open(o, caption);
    cx_rp_chart_status(o, cx_svg_bars_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(v);
    free(labels);
}

void cx_rp_sensitivity_sections(const cx_report *r, rp_out *o)
{
    const char *metrics[32];
    size_t nm = distinct(r, RP_TORNADO, cx_rp_col(r, RP_TORNADO, "metric"), metrics, 32);
    cx_rp_section(o, "Tornado charts", "One row per parameter, largest swing first: the "
                  "bars run from the metric with every parameter at the scenario's value "
                  "(the dashed line) to the metric with this one parameter at the low end "
                  "of its range and at the high end. The longest bars are the parameters "
                  "that matter most.");
    for (size_t k = 0; k < nm; k++)
        tornado_metric(r, o, metrics[k]);
    nm = distinct(r, RP_SOBOL, cx_rp_col(r, RP_SOBOL, "metric"), metrics, 32);
    cx_rp_section(o, "Sobol' indices", "The share of the metric's variance over the whole "
                  "design that each parameter explains alone (first order) and together with "
                  "the others (total); a total far above the first order means the "
                  "parameter acts through interactions. Whiskers are 95 % bootstrap "
                  "intervals.");
    for (size_t k = 0; k < nm; k++)
        sobol_metric(r, o, metrics[k]);
}
