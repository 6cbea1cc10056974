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

/* The distinct finite values of column c over rows[0..n) of sweep.csv, in
 * increasing order, into out (at most max); returns how many, or max + 1
 * when there are more. */
static size_t levels(const cx_report *r, int c, const size_t *rows, size_t n, double *out,
                     size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double x = cx_rp_num(r, RP_SWEEP, rows[i], c);
        size_t j = 0;
        while (j < k && out[j] < x)
            j++;
        if (!isfinite(x) || (j < k && out[j] == x))
            continue;
        if (k == max)
            return max + 1;
        memmove(out + j + 1, out + j, (k - j) * sizeof *out);
        out[j] = x;
        k++;
    }
    return k;
}

#define MAX_LEVELS 8    /* lines in one chart: more would not read */

/* A grid over two parameters: the metric against parameter pc, one line
 * (with its band) per level of the other, qc. Returns 0 when the design is
 * not such a grid (too many levels), having drawn nothing. */
static int sweep_lines(const cx_report *r, rp_out *o, const sweep_cols *s, const cx_svg_frame *f,
                       int pc, int qc, const size_t *rows, size_t n)
{
    double xs[64], qs[MAX_LEVELS];
    size_t nx = levels(r, pc, rows, n, xs, 64), nq = levels(r, qc, rows, n, qs, MAX_LEVELS);
    if (nx == 0 || nx > 64 || nq < 2 || nq > MAX_LEVELS)
        return 0;
    double *v = malloc(3 * nq * nx * sizeof *v);
    char(*names)[128] = malloc(nq * sizeof *names);
    if (!v || !names) {
        free(v);
        free(names);
        o->err = 1;
        return 1;
    }
    for (size_t k = 0; k < 3 * nq * nx; k++)
        v[k] = NAN;
    for (size_t i = 0; i < n; i++) {
        double x = cx_rp_num(r, RP_SWEEP, rows[i], pc), q = cx_rp_num(r, RP_SWEEP, rows[i], qc);
        size_t a = 0, b = 0;
        while (a < nx && xs[a] != x)
            a++;
        while (b < nq && qs[b] != q)
            b++;
        if (a == nx || b == nq)
            continue;
        double *y = v + 3 * nx * b;
        y[a] = cx_rp_num(r, RP_SWEEP, rows[i], s->mean);
        y[nx + a] = cx_rp_num(r, RP_SWEEP, rows[i], s->lo);
        y[2 * nx + a] = cx_rp_num(r, RP_SWEEP, rows[i], s->hi);
    }
    cx_svg_series se[MAX_LEVELS];
    const char *q = cx_rp_cell(r, RP_SWEEP, 0, qc);
    for (size_t b = 0; b < nq; b++) {
        char num[64];
        snprintf(names[b], sizeof names[b], "%s = %s", q,
                 cx_report_number(qs[b], num, sizeof num));
        double *y = v + 3 * nx * b;
        se[b] = (cx_svg_series){names[b], y, y + nx, y + 2 * nx};
    }
    cx_svg_lines c = {*f, xs, NULL, nx, se, nq, NULL, NULL, 0};
    cx_rp_chart_status(o, cx_svg_lines_write(o->fp, &c));
    free(v);
    free(names);
    return 1;
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
    /* a grid of two parameters: a line per level of the other one */
    int qc = s->all_params == 2 ? s->param[s->param[0] == pc ? 1 : 0] : -1;
    const char *design = cx_json_member_string(r->run, "design");
    int grid = design && strcmp(design, "grid") == 0;
    if (s->all_params == 1) {    /* one parameter: a curve with its band */
        cx_svg_series se = {m, v + n, v + 2 * n, v + 3 * n};
        cx_svg_lines c = {f, v, NULL, n, &se, 1, NULL, NULL, 0};
        cx_rp_chart_status(o, cx_svg_lines_write(o->fp, &c));
    } else if (grid && qc >= 0 && sweep_lines(r, o, s, &f, pc, qc, rows, n)) {
        ;
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
    const char *design = cx_json_member_string(r->run, "design");
    cx_rp_section(o, "Metrics over the design", s.all_params == 1
                  ? "The metric at each value of the parameter: the line joins the design "
                    "points' means, the band is their 95 % confidence interval."
                  : s.all_params == 2 && design && strcmp(design, "grid") == 0
                  ? "The metric against each parameter, one line per value of the other "
                    "(the legend gives it): lines that stay parallel mean the two act "
                    "apart, lines that fan out or cross mean the effect of one depends on "
                    "the other. Bands are 95 % confidence intervals."
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
    if (!cx_rp_alloc_both(o, &pv, 4 * cap * sizeof(double), &pl, cap * sizeof(const char *)))
        return;
    double *v = pv;
    const char **labels = pl;
    int cm = cx_rp_col(r, RP_TORNADO, "metric"), cp = cx_rp_col(r, RP_TORNADO, "parameter");
    int cl = cx_rp_col(r, RP_TORNADO, "metric_at_low");
    int ch = cx_rp_col(r, RP_TORNADO, "metric_at_high");
    int il = cx_rp_col(r, RP_TORNADO, "low"), ih = cx_rp_col(r, RP_TORNADO, "high");
    double base = NAN;
    for (size_t i = 1; i < cx_rp_rows(r, RP_TORNADO); i++) {
        if (strcmp(cx_rp_cell(r, RP_TORNADO, i, cm), m) != 0)
            continue;
        labels[n] = cx_rp_cell(r, RP_TORNADO, i, cp);
        v[n] = cx_rp_num(r, RP_TORNADO, i, cl);
        v[cap + n] = cx_rp_num(r, RP_TORNADO, i, ch);
        v[2 * cap + n] = cx_rp_num(r, RP_TORNADO, i, il);    /* the inputs' values */
        v[3 * cap + n] = cx_rp_num(r, RP_TORNADO, i, ih);
        base = cx_rp_num(r, RP_TORNADO, i, cx_rp_col(r, RP_TORNADO, "baseline"));
        n++;
    }
    char title[160];
    snprintf(title, sizeof title, "tornado of %s: the metric with each parameter at its low "
             "and high value", m);
    cx_svg_tornado c = {{title, NULL, NULL, 1000, (unsigned)(70 + 44 * n)}, labels, v,
                        v + cap, n, base, "parameter at low", "parameter at high",
                        v + 2 * cap, v + 3 * cap};
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
    int ct = cx_rp_col(r, RP_SOBOL, "total");
    for (size_t i = 1; i < cx_rp_rows(r, RP_SOBOL); i++) {
        if (strcmp(cx_rp_cell(r, RP_SOBOL, i, cm), m) != 0)
            continue;
        /* largest total index first, as the tornado sorts by swing (NA
         * last; ties in declaration order): insertion, a few dozen rows */
        double t = cx_rp_num(r, RP_SOBOL, i, ct);
        size_t k = n++;
        while (k > 0 && (isnan(v[3 * cap + k - 1]) ? !isnan(t) : v[3 * cap + k - 1] < t)) {
            labels[k] = labels[k - 1];
            for (size_t c = 0; c < 6; c++)
                v[c * cap + k] = v[c * cap + k - 1];
            k--;
        }
        labels[k] = cx_rp_cell(r, RP_SOBOL, i, cp);
        for (size_t c = 0; c < 6; c++)
            v[c * cap + k] = cx_rp_num(r, RP_SOBOL, i, cx_rp_col(r, RP_SOBOL, cols[c]));
    }
    cx_svg_series s[2] = {{"first order S_i", v, v + cap, v + 2 * cap},
                          {"total S_Ti", v + 3 * cap, v + 4 * cap, v + 5 * cap}};
    char title[160], caption[160];
    snprintf(title, sizeof title, "Sobol' indices of %s, 95 %% bootstrap CI", m);
    snprintf(caption, sizeof caption, "Sobol' indices of %s", m);
    /* a share of variance lies in [0, 1]; estimates from few samples stray
     * beyond it, and would squash the others: clipped, with a marker */
    cx_svg_hbars c = {{title, "share of variance", NULL, 1000, 0}, labels, n, s, 2, 0, 1, 0};
    cx_rp_figure_open(o, caption);
    cx_rp_chart_status(o, cx_svg_hbars_write(o->fp, &c));
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
                  "of its range and at the high end (the values under each name). The longest "
                  "bars are the parameters that matter most.");
    for (size_t k = 0; k < nm; k++)
        tornado_metric(r, o, metrics[k]);
    nm = distinct(r, RP_SOBOL, cx_rp_col(r, RP_SOBOL, "metric"), metrics, 32);
    cx_rp_section(o, "Sobol' indices", "The share of the metric's variance over the whole "
                  "design that each parameter explains alone (first order) and together with "
                  "the others (total), largest total first; a total far above the first "
                  "order means the parameter acts through interactions. Whiskers are 95 % "
                  "bootstrap intervals. The axis runs from 0 to 1, the range of a share: "
                  "an estimate or interval beyond it (few samples) ends in a triangle at "
                  "the edge, its value in the tooltip.");
    for (size_t k = 0; k < nm; k++)
        sobol_metric(r, o, metrics[k]);
}
