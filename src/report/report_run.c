/* report_run.c - the sections of a run's results (run, and the run part of
 * compare, quickwins and calibrate): the headline table, the metrics side by
 * side, the periods, the touchpoints. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The metrics of the headline table, with what a reader calls them. */
static const char *const headline[][2] = {
    {"nps", "NPS"},
    {"csat_mean", "CSAT (1-5)"},
    {"journey_satisfaction", "journey satisfaction (1-5)"},
    {"effort_mean", "effort"},
    {"completion_rate", "journey completion rate"},
    {"trust_mean", "trust"},
    {"churn_rate", "churn rate per period"},
    {"retention", "retention at the horizon"},
    {"clv_mean", "CLV per initial customer"},
    {"portfolio_value", "portfolio value"},
    {"cost", "intervention cost"},
    {"roi", "ROI against the baseline"},
    {"net_value", "net value (portfolio value - cost)"},
};
#define N_HEADLINE (sizeof headline / sizeof headline[0])

const char *cx_rp_label(const char *metric)
{
    for (size_t i = 0; i < N_HEADLINE; i++)
        if (strcmp(headline[i][0], metric) == 0)
            return headline[i][1];
    return metric;
}

static void headline_table(const cx_report *r, rp_out *o)
{
    cx_rp_section(o, "Headline", r->uncertain
                  ? "Mean over replications and its 95 % confidence interval in brackets."
                  : "Mean over replications and its 95 % confidence interval in brackets. "
                    "The intervals here and below cover the simulation's noise only, with "
                    "every input taken as known; --uncertainty N draws the uncertain "
                    "inputs too (docs/analysis.md).");
    cx_rp_printf(o, "<div class=\"wrap\"><table>\n<tr><th>metric</th>");
    cx_rp_variant_heads(o, r, 0);
    cx_rp_printf(o, "</tr>\n");
    for (size_t m = 0; m < N_HEADLINE; m++) {
        /* cost and ROI say nothing for a run of the baseline alone */
        if (r->n_variants == 1 && (strcmp(headline[m][0], "roi") == 0 ||
                                   strcmp(headline[m][0], "cost") == 0 ||
                                   strcmp(headline[m][0], "net_value") == 0))
            continue;
        cx_rp_printf(o, "<tr><td>%s <small>(%s)</small></td>", headline[m][1], headline[m][0]);
        for (size_t v = 0; v < r->n_variants; v++) {
            double e[3];
            cx_rp_summary(r, r->variants[v], headline[m][0], e);
            cx_rp_ci_cell(o, e, 0);
        }
        cx_rp_printf(o, "</tr>\n");
    }
    cx_rp_printf(o, "</table></div>\n");
}

static void variant_bars(const cx_report *r, rp_out *o, const char *metric)
{
    size_t n = r->n_variants;
    double *v = malloc(3 * n * sizeof *v);
    if (!v) {
        o->err = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        double e[3];
        cx_rp_summary(r, r->variants[i], metric, e);
        v[i] = e[0];
        v[n + i] = e[1];
        v[2 * n + i] = e[2];
    }
    char title[160];
    snprintf(title, sizeof title, "%s (%s) by variant, 95 %% CI", cx_rp_label(metric), metric);
    /* each variant in its colour, the one its line has over the periods */
    size_t colour[CX_REPORT_MAX_VARIANTS];
    for (size_t i = 0; i < n; i++)
        colour[i] = i;
    cx_svg_series s = {metric, v, v + n, v + 2 * n};
    cx_svg_bars c = {{title, NULL, metric, 370, 270}, r->variants, n, &s, 1, colour};
    cx_rp_figure_open(o, cx_rp_label(metric));
    cx_rp_chart_status(o, cx_svg_bars_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(v);
}

static void metric_charts(const cx_report *r, rp_out *o)
{
    static const char *const shown[] = {"nps", "csat_mean", "churn_rate", "retention",
                                        "clv_mean", "portfolio_value"};
    cx_rp_section(o, "Metrics by variant", "Bars are means over replications, whiskers their "
                  "95 % confidence intervals; bars whose whiskers do not overlap differ "
                  "clearly (the paired comparison, where there is one, is sharper still).");
    cx_rp_printf(o, "<div class=\"charts\">\n");
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        variant_bars(r, o, shown[i]);
    cx_rp_printf(o, "</div>\n");
}

/* ---- periods -------------------------------------------------------------------------- */

/* Mean, ci_low, ci_high of metric for variant over periods 1..horizon into
 * y, lo, hi (NaN where absent). */
void cx_rp_period_values(const cx_report *r, const char *variant, const char *metric,
                         double *y, double *lo, double *hi)
{
    int cv = cx_rp_col(r, RP_PERIODS, "variant"), cm = cx_rp_col(r, RP_PERIODS, "metric");
    int cp = cx_rp_col(r, RP_PERIODS, "period"), cmean = cx_rp_col(r, RP_PERIODS, "mean");
    int cl = cx_rp_col(r, RP_PERIODS, "ci_low"), ch = cx_rp_col(r, RP_PERIODS, "ci_high");
    for (size_t t = 0; t < r->horizon; t++)
        y[t] = lo[t] = hi[t] = NAN;
    /* the rows of (variant, metric) only, through the index built once:
     * a scan of every row for each variant and chart took minutes on a
     * large periods.csv */
    const char *key[2] = {variant, metric};
    const rp_index *ix = &r->period_index;
    for (size_t e = cx_rp_index_lower(ix, key, 2); e < ix->n; e++) {
        size_t i = ix->entries[e].row;
        if (strcmp(cx_rp_cell(r, RP_PERIODS, i, cv), variant) != 0 ||
            strcmp(cx_rp_cell(r, RP_PERIODS, i, cm), metric) != 0)
            break;
        double p = cx_rp_num(r, RP_PERIODS, i, cp);
        if (!(p >= 1 && p <= (double)r->horizon))
            continue;
        size_t t = (size_t)p - 1;
        y[t] = cx_rp_num(r, RP_PERIODS, i, cmean);
        lo[t] = cx_rp_num(r, RP_PERIODS, i, cl);
        hi[t] = cx_rp_num(r, RP_PERIODS, i, ch);
    }
}

static void period_chart(const cx_report *r, rp_out *o, const char *metric, const char *caption)
{
    size_t h = r->horizon, nv = r->n_variants;
    void *pb, *ps;
    if (!cx_rp_alloc_both(o, &pb, (3 * nv + 1) * h * sizeof(double), &ps,
                      nv * sizeof(cx_svg_series)))
        return;
    double *buf = pb;
    cx_svg_series *s = ps;
    double *x = buf + 3 * nv * h;
    for (size_t t = 0; t < h; t++)
        x[t] = (double)(t + 1);
    for (size_t v = 0; v < nv; v++) {
        double *y = buf + 3 * v * h;
        cx_rp_period_values(r, r->variants[v], metric, y, y + h, y + 2 * h);
        s[v] = (cx_svg_series){r->variants[v], y, y + h, y + 2 * h};
    }
    char title[160];
    snprintf(title, sizeof title, "%s over periods, 95 %% CI band", metric);
    cx_svg_lines c = {{title, "period", metric, 560, 300}, x, NULL, h, s, nv, NULL, NULL, 0};
    cx_rp_figure_open(o, caption);
    cx_rp_chart_status(o, cx_svg_lines_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(buf);
    free(s);
}

static void period_charts(const cx_report *r, rp_out *o)
{
    if (r->horizon == 0)
        return;
    cx_rp_section(o, "Over the periods", "Each line is a variant's mean in that period over "
                  "the replications; the shaded band is its 95 % confidence interval. "
                  "Retention is the share of the initial customers still active.");
    cx_rp_printf(o, "<div class=\"charts\">\n");
    period_chart(r, o, "retention", "Retention curve (retention)");
    period_chart(r, o, "nps", "NPS per period (nps)");
    period_chart(r, o, "churn_rate", "Churn rate per period (churn_rate)");
    period_chart(r, o, "active_customers", "Active customers (active_customers)");
    cx_rp_printf(o, "</div>\n");
}

/* ---- touchpoints --------------------------------------------------------------------- */

/* est[0..3) of touchpoint k's metric for variant (NaN when absent). */
static void tp_value(const cx_report *r, const char *variant, size_t k, const char *metric,
                     double est[3])
{
    const char *key[] = {variant, r->tp_journey[k], r->tp_name[k], metric};
    cx_rp_estimate(r, RP_TOUCHPOINTS, cx_rp_index_find(&r->tp_index, key, 4), "mean", est);
}

/* One series per variant of metric over the touchpoints: as lines (the
 * arc) or bars. */
static void tp_chart(const cx_report *r, rp_out *o, const char *metric, int lines,
                     const char *caption)
{
    size_t n = r->n_touchpoints, nv = r->n_variants;
    void *pb, *ps;
    if (!cx_rp_alloc_both(o, &pb, 3 * nv * n * sizeof(double), &ps, nv * sizeof(cx_svg_series)))
        return;
    double *buf = pb;
    cx_svg_series *s = ps;
    for (size_t v = 0; v < nv; v++) {
        double *y = buf + 3 * v * n;
        for (size_t k = 0; k < n; k++) {
            double e[3];
            tp_value(r, r->variants[v], k, metric, e);
            y[k] = e[0];
            y[n + k] = e[1];
            y[2 * n + k] = e[2];
        }
        s[v] = (cx_svg_series){r->variants[v], y, y + n, y + 2 * n};
    }
    char title[160];
    snprintf(title, sizeof title, "%s by touchpoint, 95 %% CI", metric);
    const char *const *labels = (const char *const *)r->tp_label;
    unsigned w = n > 8 ? 1120 : 900;
    cx_rp_figure_open(o, caption);
    if (lines) {
        /* along the journeys' paths: a journey's line never joins another's,
         * nor one branch the other */
        cx_svg_lines c = {{title, NULL, metric, w, 340}, NULL, labels, n, s, nv,
                          r->edge_from, r->edge_to, r->n_edges};
        cx_rp_chart_status(o, cx_svg_lines_write(o->fp, &c));
    } else {
        cx_svg_bars c = {{title, NULL, metric, w, 320}, labels, n, s, nv, NULL};
        cx_rp_chart_status(o, cx_svg_bars_write(o->fp, &c));
    }
    cx_rp_figure_close(o);
    free(buf);
    free(s);
}

static void tp_table(const cx_report *r, rp_out *o)
{
    static const char *const cols[] = {"visits", "reach_rate", "friction_rate", "abandon_rate",
                                       "recovery_rate", "emotion_mean", "csat_mean",
                                       "effort_mean"};
    cx_rp_printf(o, "<h3>Touchpoints of ");
    cx_rp_text(o, r->variants[0]);
    cx_rp_printf(o, "</h3>\n<div class=\"wrap\"><table>\n<tr><th>touchpoint</th>");
    for (size_t c = 0; c < 8; c++)
        cx_rp_printf(o, "<th>%s</th>", cols[c]);
    cx_rp_printf(o, "</tr>\n");
    for (size_t k = 0; k < r->n_touchpoints; k++) {
        cx_rp_printf(o, "<tr><td>");
        cx_rp_text(o, r->tp_label[k]);
        cx_rp_printf(o, "</td>");
        for (size_t c = 0; c < 8; c++) {
            double e[3];
            tp_value(r, r->variants[0], k, cols[c], e);
            cx_rp_ci_cell(o, e, 0);
        }
        cx_rp_printf(o, "</tr>\n");
    }
    cx_rp_printf(o, "</table></div>\n");
}

static void touchpoint_sections(const cx_report *r, rp_out *o)
{
    if (r->n_touchpoints == 0)
        return;
    cx_rp_section(o, "Emotional arc", "Mean emotion of a visit at each touchpoint, from -1 "
                  "(distress) to 1 (delight), in journey order; the lines follow the "
                  "journeys' paths from a touchpoint to the next (a branch has its own "
                  "segment, and journeys are not joined), the whiskers are 95 % "
                  "confidence intervals. Dips show where the experience is lost, and the "
                  "last touchpoints weigh most in what customers remember (peak-end).");
    tp_chart(r, o, "emotion_mean", 1, "Emotion by touchpoint (emotion_mean)");
    cx_rp_section(o, "Friction and abandonment by touchpoint",
                  "Share of visits with a friction event (friction_rate) and share of visits "
                  "at which the customer gave up the journey (abandon_rate), with 95 % "
                  "confidence intervals: the tallest bars are where to look for quick wins.");
    tp_chart(r, o, "friction_rate", 0, "Friction rate (friction_rate)");
    tp_chart(r, o, "abandon_rate", 0, "Abandonment rate (abandon_rate)");
    tp_table(r, o);
}

void cx_rp_run_headline(const cx_report *r, rp_out *o)
{
    headline_table(r, o);
}

void cx_rp_run_charts(const cx_report *r, rp_out *o)
{
    metric_charts(r, o);
    period_charts(r, o);
    touchpoint_sections(r, o);
}
