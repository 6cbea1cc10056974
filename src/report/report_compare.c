/* report_compare.c - the sections of compare, quickwins and calibrate:
 * differences from the baseline, the quick-win ranking, the fit. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- differences (compare.csv) ------------------------------------------------------- */

static const char *const diff_metrics[] = {"nps", "csat_mean", "completion_rate",
                                           "churn_rate", "retention", "clv_mean",
                                           "portfolio_value", "cost", "net_value"};
#define N_DIFF (sizeof diff_metrics / sizeof diff_metrics[0])

/* compare.csv's difference of variant for metric (NaN when absent). */
static void compare_value(const cx_report *r, const char *variant, const char *metric,
                          double e[3])
{
    const char *key[] = {variant, metric};
    cx_rp_estimate(r, RP_COMPARE, cx_rp_index_find(&r->compare_index, key, 2), "difference",
                   e);
}

/* One row per metric, one column per variant (as the headline table). */
static void differences_table(const cx_report *r, rp_out *o)
{
    cx_rp_printf(o, "<div class=\"wrap\"><table>\n<tr><th>metric: variant &minus; ");
    cx_rp_text(o, r->variants[0]);
    cx_rp_printf(o, "</th>");
    cx_rp_variant_heads(o, r, 1);
    cx_rp_printf(o, "</tr>\n");
    for (size_t m = 0; m < N_DIFF; m++) {
        cx_rp_printf(o, "<tr><td>%s <small>(%s)</small></td>", cx_rp_label(diff_metrics[m]),
                     diff_metrics[m]);
        for (size_t v = 1; v < r->n_variants; v++) {
            double e[3];
            compare_value(r, r->variants[v], diff_metrics[m], e);
            /* bold: the interval excludes 0, a difference that is clearly there */
            cx_rp_ci_cell(o, e, e[1] > 0 || e[2] < 0);
        }
        cx_rp_printf(o, "</tr>\n");
    }
    cx_rp_printf(o, "</table></div>\n");
}

static void difference_bars(const cx_report *r, rp_out *o, const char *metric)
{
    size_t n = r->n_variants - 1;
    double *v = malloc(3 * n * sizeof *v + 1);
    if (!v) {
        o->err = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        double e[3];
        compare_value(r, r->variants[i + 1], metric, e);
        v[i] = e[0];
        v[n + i] = e[1];
        v[2 * n + i] = e[2];
    }
    char title[160], caption[160];
    snprintf(title, sizeof title, "difference in %s from %s, 95 %% CI", metric, r->variants[0]);
    snprintf(caption, sizeof caption, "%s: variant minus %s", metric, r->variants[0]);
    /* variant i + 1's colour, as in every chart of the page */
    size_t colour[CX_REPORT_MAX_VARIANTS];
    for (size_t i = 0; i < n; i++)
        colour[i] = i + 1;
    cx_svg_series s = {metric, v, v + n, v + 2 * n};
    cx_svg_bars c = {{title, NULL, metric, 370, 270}, r->variants + 1, n, &s, 1, colour};
    cx_rp_figure_open(o, caption);
    cx_rp_chart_status(o, cx_svg_bars_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(v);
}

static void differences(const cx_report *r, rp_out *o)
{
    if (r->n_variants < 2)
        return;
    cx_rp_section(o, "Differences from the baseline",
                  "Each variant minus the baseline, paired replication by replication "
                  "(common random numbers), with the 95 % confidence interval of the mean "
                  "difference; in bold when the interval excludes 0. A lower churn_rate and "
                  "cost are better; for the others higher is better.");
    differences_table(r, o);
    cx_rp_printf(o, "<div class=\"charts\">\n");
    static const char *const shown[] = {"nps", "churn_rate", "clv_mean", "portfolio_value"};
    for (size_t i = 0; i < 4; i++)
        difference_bars(r, o, shown[i]);
    cx_rp_printf(o, "</div>\n");
}

void cx_rp_compare_sections(const cx_report *r, rp_out *o)
{
    if (r->kind == CX_REPORT_COMPARE)
        cx_rp_verdict_section(r, o);    /* quickwins has put it first already */
    cx_rp_run_headline(r, o);
    differences(r, o);
    cx_rp_run_charts(r, o);
}

/* ---- quick wins (quickwins.csv) ------------------------------------------------------ */

/* Candidates beside the baseline in a quickwins page's run sections: with
 * the baseline, 5 columns of figures fit the page at 1280 pixels. */
#define RP_QW_SHOWN 4

/* run.json's quickwins.direction: 1 when a lower objective is better. */
static int lower_better(const cx_report *r)
{
    const char *d = cx_json_member_string(cx_json_member(r->run, "quickwins"), "direction");
    return d && strcmp(d, "lower") == 0;
}

static void ranking_table(const cx_report *r, rp_out *o)
{
    static const char *const cols[] = {"rank", "candidate", "effect", "p_holm", "significant",
                                       "cost", "roi"};
    int c[7];
    for (size_t k = 0; k < 7; k++)
        c[k] = cx_rp_col(r, RP_QUICKWINS, cols[k]);
    int lo = cx_rp_col(r, RP_QUICKWINS, "ci_low"), hi = cx_rp_col(r, RP_QUICKWINS, "ci_high");
    cx_rp_printf(o, "<div class=\"wrap\"><table>\n<tr><th>rank</th><th class=\"l\">candidate</th>"
                 "<th>effect [95 %% CI]</th><th>p (Holm)</th><th>clear of noise</th>"
                 "<th>extra cost</th><th>ROI</th></tr>\n");
    int cv = cx_rp_col(r, RP_QUICKWINS, "variant");
    for (size_t i = 1; i < cx_rp_rows(r, RP_QUICKWINS); i++) {
        char b1[96], b2[64], b3[64], b4[64];
        /* the candidate by its variant's name, the one the verdict and the
         * run's sections use (a variant the scenario declares with the same
         * interventions lends its name: quick_wins), and what it adds when
         * the name does not say it */
        const char *name = cx_rp_cell(r, RP_QUICKWINS, i, cv);
        const char *adds = cx_rp_cell(r, RP_QUICKWINS, i, c[1]);
        cx_rp_printf(o, "<tr><td>%s</td><td class=\"l\">", cx_rp_cell(r, RP_QUICKWINS, i, c[0]));
        cx_rp_text(o, name);
        if (strcmp(name, adds) != 0) {
            cx_rp_printf(o, " <small>(");
            cx_rp_text(o, adds);
            cx_rp_printf(o, ")</small>");
        }
        cx_rp_printf(o, "</td><td>%s</td><td>%s</td><td>",
                     cx_report_ci(cx_rp_num(r, RP_QUICKWINS, i, c[2]),
                                  cx_rp_num(r, RP_QUICKWINS, i, lo),
                                  cx_rp_num(r, RP_QUICKWINS, i, hi), b1, sizeof b1),
                     cx_report_number(cx_rp_num(r, RP_QUICKWINS, i, c[3]), b2, sizeof b2));
        /* "true" for a loss read as good news: say which way it is clear */
        int clear = strcmp(cx_rp_cell(r, RP_QUICKWINS, i, c[4]), "true") == 0;
        double eff = cx_rp_num(r, RP_QUICKWINS, i, c[2]);
        cx_rp_printf(o, "%s", !clear ? "no" : (eff > 0) == (lower_better(r) == 0)
                                                ? "yes, better" : "yes, worse");
        cx_rp_printf(o, "</td><td>%s</td><td>%s</td></tr>\n",
                     cx_report_number(cx_rp_num(r, RP_QUICKWINS, i, c[5]), b3, sizeof b3),
                     cx_report_number(cx_rp_num(r, RP_QUICKWINS, i, c[6]), b4, sizeof b4));
    }
    cx_rp_printf(o, "</table></div>\n");
}

static void impact_cost(const cx_report *r, rp_out *o)
{
    size_t n = cx_rp_rows(r, RP_QUICKWINS) - 1;
    void *pv, *pl;
    if (!cx_rp_alloc_both(o, &pv, 4 * n * sizeof(double) + 1, &pl, n * sizeof(const char *) + 1))
        return;
    double *v = pv;
    const char **labels = pl;
    static const char *const cols[] = {"cost", "effect", "ci_low", "ci_high"};
    for (size_t k = 0; k < 4; k++) {
        int c = cx_rp_col(r, RP_QUICKWINS, cols[k]);
        for (size_t i = 0; i < n; i++)
            v[k * n + i] = cx_rp_num(r, RP_QUICKWINS, i + 1, c);
    }
    int cc = cx_rp_col(r, RP_QUICKWINS, "variant");   /* named as in every table */
    for (size_t i = 0; i < n; i++)
        labels[i] = cx_rp_cell(r, RP_QUICKWINS, i + 1, cc);
    const char *objective = n ? cx_rp_cell(r, RP_QUICKWINS, 1, cx_rp_col(r, RP_QUICKWINS,
                                                                          "objective")) : "";
    char ylabel[96];
    /* the value objective is net of cost: say so where the eye lands */
    if (strcmp(objective, "value") == 0)
        snprintf(ylabel, sizeof ylabel, "net value gained (value - cost)");
    else
        snprintf(ylabel, sizeof ylabel, "effect on %s", objective);
    cx_svg_scatter c = {{"quick wins: effect against extra cost", "extra cost (discounted)",
                         ylabel, 1000, 440}, v, v + n, v + 2 * n, v + 3 * n, labels, n};
    cx_rp_figure_open(o, "Impact against cost");
    cx_rp_chart_status(o, cx_svg_scatter_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(v);
    free(labels);
}

void cx_rp_quickwins_sections(const cx_report *r, rp_out *o)
{
    cx_rp_verdict_section(r, o);
    cx_rp_section(o, "Quick-win ranking", "Every candidate (an intervention, or a combination) "
                  "added to the baseline, best first by the objective, named as in the rest "
                  "of the page, with the interventions it adds in brackets where the name "
                  "does not say them: the effect is the mean "
                  "paired difference candidate minus baseline with its 95 % confidence "
                  "interval; p (Holm) is adjusted for the number of candidates tried; ROI is "
                  "(value gained - extra cost) / extra cost.");
    ranking_table(r, o);
    cx_rp_printf(o, "<p class=\"how\">Up and to the left is best: a large effect for little "
                 "cost. Whiskers are 95 %% confidence intervals of the effect; a whisker "
                 "crossing the dashed zero line is an effect not distinguished from none."
                 "</p>\n");
    impact_cost(r, o);
    /* the run's sections for the baseline and the best candidates only: a
     * column per candidate would not fit a page (every one is in the files) */
    cx_report *best = malloc(sizeof *best);
    if (!best) {
        o->err = 1;
        return;
    }
    *best = *r;     /* a view: the same tables and indexes, fewer variants */
    int cv = cx_rp_col(r, RP_QUICKWINS, "variant");
    best->n_variants = 1;
    for (size_t i = 1; i < cx_rp_rows(r, RP_QUICKWINS) && best->n_variants <= RP_QW_SHOWN; i++)
        best->variants[best->n_variants++] = cx_rp_cell(r, RP_QUICKWINS, i, cv);
    if (r->n_variants > best->n_variants)
        cx_rp_printf(o, "<p class=\"how\">The sections below show the baseline and the %d "
                     "best candidates; the results files hold every candidate.</p>\n",
                     RP_QW_SHOWN);
    cx_rp_compare_sections(best, o);
    free(best);
}

/* ---- calibrate ------------------------------------------------------------------------- */

static void fit_table(const cx_report *r, rp_out *o)
{
    int cm = cx_rp_col(r, RP_FIT, "metric"), cp = cx_rp_col(r, RP_FIT, "period");
    int ct = cx_rp_col(r, RP_FIT, "target"), cmean = cx_rp_col(r, RP_FIT, "mean");
    int cl = cx_rp_col(r, RP_FIT, "ci_low"), ch = cx_rp_col(r, RP_FIT, "ci_high");
    int cz = cx_rp_col(r, RP_FIT, "z");
    cx_rp_printf(o, "<div class=\"wrap\"><table>\n<tr><th>metric</th><th>period</th>"
                 "<th>target</th><th>simulated [95 %% CI]</th><th>z</th></tr>\n");
    for (size_t i = 1; i < cx_rp_rows(r, RP_FIT); i++) {
        char b1[64], b2[96], b3[64];
        const char *p = cx_rp_cell(r, RP_FIT, i, cp);
        cx_rp_printf(o, "<tr><td>");
        cx_rp_text(o, cx_rp_cell(r, RP_FIT, i, cm));
        cx_rp_printf(o, "</td><td>");
        cx_rp_text(o, *p ? p : "horizon");
        cx_rp_printf(o, "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                     cx_report_number(cx_rp_num(r, RP_FIT, i, ct), b1, sizeof b1),
                     cx_report_ci(cx_rp_num(r, RP_FIT, i, cmean), cx_rp_num(r, RP_FIT, i, cl),
                                  cx_rp_num(r, RP_FIT, i, ch), b2, sizeof b2),
                     cx_report_number(cx_rp_num(r, RP_FIT, i, cz), b3, sizeof b3));
    }
    cx_rp_printf(o, "</table></div>\n");
}

static void parameters_table(const cx_report *r, rp_out *o)
{
    static const char *const cols[] = {"lo", "hi", "start", "value"};
    int cp = cx_rp_col(r, RP_CALIBRATION, "parameter");
    cx_rp_printf(o, "<div class=\"wrap\"><table>\n<tr><th>parameter</th><th>lo</th><th>hi</th>"
                 "<th>start</th><th>fitted</th></tr>\n");
    for (size_t i = 1; i < cx_rp_rows(r, RP_CALIBRATION); i++) {
        cx_rp_printf(o, "<tr><td>");
        cx_rp_text(o, cx_rp_cell(r, RP_CALIBRATION, i, cp));
        cx_rp_printf(o, "</td>");
        for (size_t k = 0; k < 4; k++) {
            char b[64];
            double x = cx_rp_num(r, RP_CALIBRATION, i, cx_rp_col(r, RP_CALIBRATION, cols[k]));
            cx_rp_printf(o, "<td>%s</td>", cx_report_number(x, b, sizeof b));
        }
        cx_rp_printf(o, "</tr>\n");
    }
    cx_rp_printf(o, "</table></div>\n");
}

static void trace_chart(const cx_report *r, rp_out *o)
{
    size_t n = cx_rp_rows(r, RP_TRACE) - 1;
    double *v = malloc(2 * n * sizeof *v + 1);
    if (!v) {
        o->err = 1;
        return;
    }
    int ce = cx_rp_col(r, RP_TRACE, "evaluation"), cl = cx_rp_col(r, RP_TRACE, "loss");
    for (size_t i = 0; i < n; i++) {
        v[i] = cx_rp_num(r, RP_TRACE, i + 1, ce);
        v[n + i] = cx_rp_num(r, RP_TRACE, i + 1, cl);
    }
    cx_svg_series s = {"loss", v + n, NULL, NULL};
    cx_svg_lines c = {{"loss of each evaluation of the search", "evaluation", "loss", 900,
                       300}, v, NULL, n, &s, 1, NULL, NULL, 0};
    cx_rp_figure_open(o, "Search trace (calibration_trace.csv)");
    cx_rp_chart_status(o, cx_svg_lines_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(v);
}

void cx_rp_calibrate_sections(const cx_report *r, rp_out *o)
{
    cx_rp_section(o, "Fit to the targets", "Each target beside the simulated metric at the "
                  "fitted values (mean over replications, 95 % confidence interval); z = "
                  "(simulated - target) / scale, where scale is the target's sd or else "
                  "|target|: |z| well below 1 is a close fit.");
    fit_table(r, o);
    cx_rp_section(o, "Fitted parameters", "Where the search started (the scenario's value) and "
                  "where it ended, within the bounds given.");
    parameters_table(r, o);
    cx_rp_printf(o, "<p class=\"how\">The loss (sum of weight z&sup2;) of each evaluation in "
                 "the order the simplex search made them: it should fall and level off.</p>\n");
    trace_chart(r, o);
    cx_rp_run_headline(r, o);
    cx_rp_run_charts(r, o);
}
