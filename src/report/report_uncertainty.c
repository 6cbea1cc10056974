/* report_uncertainty.c - "How sure are we?": the answer of `--uncertainty N`
 * (docs/results.md, "Files of --uncertainty") shown plainly: the choice
 * with its probabilities, each variant's net value over the draws with
 * P(loss) marked, the probability of being the best, and which input is
 * worth measuring (EVPPI). */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/verdict.h"

/* The last row of table f whose "variant" cell is variant (and whose
 * "metric" cell is metric, when metric is not NULL), or 0. The last: the
 * net value against the baseline comes after the metric net_value (the
 * variant's own portfolio value - cost) in uncertainty.csv. The files are
 * small (a row per variant and metric): a scan is enough. */
static size_t find_row(const cx_report *r, rp_file f, const char *variant, const char *metric)
{
    int cv = cx_rp_col(r, f, "variant"), cm = metric ? cx_rp_col(r, f, "metric") : -1;
    size_t row = 0;
    for (size_t i = 1; i < cx_rp_rows(r, f); i++)
        if (strcmp(cx_rp_cell(r, f, i, cv), variant) == 0 &&
            (!metric || strcmp(cx_rp_cell(r, f, i, cm), metric) == 0))
            row = i;
    return row;
}

static double cell(const cx_report *r, rp_file f, size_t row, const char *column)
{
    return row ? cx_rp_num(r, f, row, cx_rp_col(r, f, column)) : NAN;
}

/* "12 %" (whole percents; "under 1 %" and "over 99 %" where rounding would
 * say 0 or 100 of a share that is neither). Plain text: no character HTML
 * or SVG would need escaped. */
static const char *percent(double p, char *buf, size_t n)
{
    if (!isfinite(p))
        snprintf(buf, n, "NA");
    else if (p > 0 && p < 0.005)
        snprintf(buf, n, "under 1 %%");
    else if (p < 1 && p > 0.995)
        snprintf(buf, n, "over 99 %%");
    else
        snprintf(buf, n, "%.0f %%", 100 * p);
    return buf;
}

static size_t draws_of(const cx_report *r)
{
    const cx_json_value *d = cx_json_member(cx_json_member(r->run, "uncertainty"), "draws");
    return d && d->type == CX_JSON_NUMBER && d->number > 0 ? (size_t)d->number : 0;
}

/* What the figures cover, in plain words, and the inputs drawn. */
static void intro(const cx_report *r, rp_out *o)
{
    const cx_json_value *u = cx_json_member(r->run, "uncertainty");
    const cx_json_value *inner = cx_json_member(u, "inner_replications");
    const cx_json_value *in = cx_json_member(u, "inputs");
    size_t n_in = in && in->type == CX_JSON_ARRAY ? in->n : 0;
    cx_rp_section(o, "How sure are we?", "The answer when the scenario's uncertain inputs "
                  "are not taken as known.");
    cx_rp_printf(o, "<p>Each of the %zu uncertain inputs below was drawn %zu times from its "
                 "distribution, and each draw simulated with ", n_in, draws_of(r));
    if (inner && inner->type == CX_JSON_NUMBER)
        cx_rp_printf(o, "%.0f", inner->number);
    else
        cx_rp_printf(o, "its");
    cx_rp_printf(o, " replications of every variant on the same random numbers. The "
                 "ranges and probabilities here are over those draws: they cover "
                 "<b>both the uncertainty in the inputs and the simulation&rsquo;s "
                 "noise</b>, so they are wider than the confidence intervals of a plain "
                 "run, which cover the noise only. They are as good as the "
                 "distributions given to the inputs.</p>\n");
    if (n_in == 0)
        return;
    cx_rp_printf(o, "<div class=\"wrap\"><table>\n<tr><th>uncertain input</th>"
                 "<th class=\"l\">drawn from</th></tr>\n");
    for (size_t i = 0; i < n_in; i++) {
        cx_rp_printf(o, "<tr><td>");
        cx_rp_text(o, cx_json_member_string(&in->items[i], "path"));
        cx_rp_printf(o, "</td><td class=\"l\"><code>");
        cx_rp_text(o, cx_json_member_string(&in->items[i], "dist"));
        cx_rp_printf(o, "</code></td></tr>\n");
    }
    cx_rp_printf(o, "</table></div>\n");
}

/* The choice: a row per variant from decision.csv and uncertainty.csv. */
static void decision_table(const cx_report *r, rp_out *o)
{
    cx_rp_printf(o, "<h3>The choice</h3>\n<div class=\"wrap\"><table class=\"choice\">\n"
                 "<tr><th>variant</th><th>expected net value</th><th>90 %% of draws "
                 "between</th><th>P(best)</th><th>P(loss)</th><th>P(ROI &lt; 0)</th>"
                 "<th>expected loss</th><th>spread from the inputs</th></tr>\n");
    for (size_t v = 0; v < r->n_variants; v++) {
        const char *name = r->variants[v];
        size_t d = find_row(r, RP_DECISION, name, NULL);
        size_t u = find_row(r, RP_UNCERTAINTY, name, "net_value");
        char a[32], b[32], c[32], e[32], f[32], g[32], h[32], k[32], range[80];
        /* the baseline against itself: 0 in every draw, no range or risk */
        if (v == 0)
            snprintf(range, sizeof range, "&ndash;");
        else
            snprintf(range, sizeof range, "%s to %s",
                     cx_verdict_human(cell(r, RP_UNCERTAINTY, u, "p05"), 1, b, sizeof b),
                     cx_verdict_human(cell(r, RP_UNCERTAINTY, u, "p95"), 1, c, sizeof c));
        cx_rp_printf(o, "<tr><td>");
        cx_rp_text(o, name);
        cx_rp_printf(o, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                     "<td>%s</td><td>",
                     cx_verdict_human(cell(r, RP_DECISION, d, "expected_net_value"), 1, a,
                                      sizeof a),
                     range, percent(cell(r, RP_DECISION, d, "prob_best"), e, sizeof e),
                     v == 0 ? "&ndash;" : percent(cell(r, RP_DECISION, d, "prob_loss"), f,
                                                  sizeof f),
                     v == 0 ? "&ndash;" : percent(cell(r, RP_DECISION, d,
                                                       "prob_roi_negative"), g, sizeof g),
                     cx_verdict_human(cell(r, RP_DECISION, d, "expected_loss"), 0, h,
                                      sizeof h));
        double vi = cell(r, RP_UNCERTAINTY, u, "var_input");
        double vn = cell(r, RP_UNCERTAINTY, u, "var_noise");
        if (v > 0 && isfinite(vi) && isfinite(vn) && vi + vn > 0)
            cx_rp_printf(o, "%s", percent(vi / (vi + vn), k, sizeof k));
        else
            cx_rp_printf(o, "&ndash;");
        cx_rp_printf(o, "</td></tr>\n");
    }
    cx_rp_printf(o, "</table></div>\n<p class=\"how\">Net value: value gained (portfolio "
                 "value) minus extra cost, against %s. P(best): the share of draws in which "
                 "the variant has the highest net value; P(loss): in which its net value is "
                 "below 0; expected loss: what choosing it gives up, on average over the "
                 "draws, against the best choice of each draw. Spread from the inputs: the "
                 "share of the net value&rsquo;s variance due to the inputs, the rest being "
                 "simulation noise (more replications shrink that part only).</p>\n",
                 r->variants[0]);
}

/* Variant v's net value in each draw (draws.csv) into x; returns how many. */
static size_t net_values(const cx_report *r, const char *variant, double *x)
{
    int cv = cx_rp_col(r, RP_DRAWS, "variant"), cn = cx_rp_col(r, RP_DRAWS, "net_value");
    size_t n = 0;
    for (size_t i = 1; i < cx_rp_rows(r, RP_DRAWS); i++)
        if (strcmp(cx_rp_cell(r, RP_DRAWS, i, cv), variant) == 0)
            x[n++] = cx_rp_num(r, RP_DRAWS, i, cn);
    return n;
}

static void prob_best(const cx_report *r, rp_out *o);

/* Histograms of one page: a quickwins page may have dozens of candidates. */
#define MAX_HISTOGRAMS 6

/* The variants but the baseline whose histograms are drawn, into shown:
 * all of them, or the MAX_HISTOGRAMS with the highest expected net value
 * (ties in the variants' order), in the variants' order. */
static size_t best_variants(const cx_report *r, size_t *shown)
{
    size_t n = 0;
    for (size_t v = 1; v < r->n_variants; v++) {
        double e = cell(r, RP_DECISION, find_row(r, RP_DECISION, r->variants[v], NULL),
                        "expected_net_value");
        size_t better = 0;      /* variants ranked before v */
        for (size_t w = 1; w < r->n_variants; w++) {
            double f = cell(r, RP_DECISION, find_row(r, RP_DECISION, r->variants[w], NULL),
                            "expected_net_value");
            better += isnan(e) ? !isnan(f) || w < v : f > e || (f == e && w < v);
        }
        if (better < MAX_HISTOGRAMS)
            shown[n++] = v;
    }
    return n;
}

/* The net value's histogram of each variant but the baseline, and beside
 * them the probability of being best. */
static void distributions(const cx_report *r, rp_out *o)
{
    double *x = malloc(cx_rp_rows(r, RP_DRAWS) * sizeof *x + 1);
    if (!x) {
        o->err = 1;
        return;
    }
    cx_rp_printf(o, "<h3>Net value over the draws</h3>\n<p class=\"how\">How often each net "
                 "value came up over the draws (bars: the share of draws in each range). "
                 "Left of the dashed line at 0, shaded, the variant loses money against %s: "
                 "P(loss) is the share of draws there. Last, the share of draws in which "
                 "each variant is the best choice.</p>\n<div class=\"charts\">\n",
                 r->variants[0]);
    size_t shown[MAX_HISTOGRAMS], ns = best_variants(r, shown);
    for (size_t i = 0; i < ns; i++) {
        size_t v = shown[i];
        size_t n = net_values(r, r->variants[v], x);
        char label[64], p[32], title[300], caption[300];
        size_t d = find_row(r, RP_DECISION, r->variants[v], NULL);
        snprintf(label, sizeof label, "P(loss) %s",
                 percent(cell(r, RP_DECISION, d, "prob_loss"), p, sizeof p));
        snprintf(title, sizeof title, "net value of %s against %s over %zu draws",
                 r->variants[v], r->variants[0], n);
        snprintf(caption, sizeof caption, "%s: net value against %s", r->variants[v],
                 r->variants[0]);
        cx_svg_histogram c = {{title, "net value (value gained - extra cost)", NULL, 560, 280},
                              x, n, v, 0.0, label};
        cx_rp_figure_open(o, caption);
        cx_rp_chart_status(o, cx_svg_histogram_write(o->fp, &c));
        cx_rp_figure_close(o);
    }
    prob_best(r, o);
    cx_rp_printf(o, "</div>\n");
    if (ns + 1 < r->n_variants)
        cx_rp_printf(o, "<p class=\"how\">The net value of the %zu variants with the highest "
                     "expected net value; draws.csv holds every one&rsquo;s.</p>\n", ns);
    free(x);
}

static void prob_best(const cx_report *r, rp_out *o)
{
    size_t n = r->n_variants;
    void *pv, *pc;
    if (!cx_rp_alloc_both(o, &pv, n * sizeof(double), &pc, n * sizeof(size_t)))
        return;
    double *y = pv;
    size_t *colour = pc;
    for (size_t v = 0; v < n; v++) {
        y[v] = 100 * cell(r, RP_DECISION, find_row(r, RP_DECISION, r->variants[v], NULL),
                          "prob_best");
        colour[v] = v;      /* each variant its colour, as in the other charts */
    }
    cx_svg_series s = {"P(best)", y, NULL, NULL};
    cx_svg_bars c = {{"probability that each variant is the best (highest net value), "
                      "% of draws", NULL, "% of draws", 560, 280},
                     r->variants, n, &s, 1, colour};
    cx_rp_figure_open(o, "Probability of being the best choice");
    cx_rp_chart_status(o, cx_svg_bars_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(y);
    free(colour);
}

/* voi.csv's rows, largest EVPPI first (NA last, ties in file order). */
static void evppi(const cx_report *r, rp_out *o)
{
    size_t n = cx_rp_rows(r, RP_VOI) ? cx_rp_rows(r, RP_VOI) - 1 : 0;
    void *pv, *pl;
    if (n == 0 || !cx_rp_alloc_both(o, &pv, n * sizeof(double), &pl, n * sizeof(char *)))
        return;
    double *y = pv;
    const char **labels = pl;
    int cp = cx_rp_col(r, RP_VOI, "parameter"), ce = cx_rp_col(r, RP_VOI, "evppi");
    for (size_t i = 0; i < n; i++) {      /* insertion: stable, a few dozen inputs */
        double v = cx_rp_num(r, RP_VOI, i + 1, ce);
        size_t k = i;
        while (k > 0 && (isnan(y[k - 1]) ? !isnan(v) : y[k - 1] < v)) {
            y[k] = y[k - 1];
            labels[k] = labels[k - 1];
            k--;
        }
        y[k] = v;
        labels[k] = cx_rp_cell(r, RP_VOI, i + 1, cp);
    }
    double evpi = cell(r, RP_VOI, 1, "evpi");
    char e[32];
    cx_rp_printf(o, "<h3>What is worth measuring</h3>\n<p class=\"how\">The expected value "
                 "of perfect information (EVPPI) of each input: how much, on average, "
                 "knowing that input exactly before choosing would add to the net value of "
                 "the choice, largest first. Knowing every input (EVPI) would add %s. ",
                 cx_verdict_human(evpi, 0, e, sizeof e));
    if (evpi == 0)
        cx_rp_printf(o, "Here it is 0: the same variant is best in every draw, so no "
                     "measurement would change the choice.");
    else
        cx_rp_printf(o, "An input with an EVPPI near 0 may be left as uncertain as it is; "
                     "one near the EVPI is the one to pin down before deciding.");
    cx_rp_printf(o, "</p>\n");
    cx_svg_series s = {"EVPPI", y, NULL, NULL};
    cx_svg_hbars c = {{"expected value of perfect information on each input",
                       "EVPPI (net value)", NULL, 1000, 0}, labels, n, &s, 1, 0, 0, 1};
    cx_rp_figure_open(o, "EVPPI by input");
    cx_rp_chart_status(o, cx_svg_hbars_write(o->fp, &c));
    cx_rp_figure_close(o);
    free(y);
    free(labels);
}

/* quickwins --uncertainty: its candidates ranked by the objective's
 * expected effect, with the range over the draws and the decision's
 * figures (quickwins_uncertainty.csv). */
static void candidates_table(const cx_report *r, rp_out *o)
{
    rp_file f = RP_QW_UNCERTAINTY;
    int cc = cx_rp_col(r, f, "candidate"), ci = cx_rp_col(r, f, "interventions");
    const char *objective = cx_rp_rows(r, f) > 1
                                ? cx_rp_cell(r, f, 1, cx_rp_col(r, f, "objective")) : "";
    cx_rp_printf(o, "<h3>The candidates</h3>\n<div class=\"wrap\"><table>\n<tr><th>rank</th>"
                 "<th class=\"l\">candidate</th><th>effect on ");
    cx_rp_text(o, strcmp(objective, "value") == 0 ? "net value" : objective);
    cx_rp_printf(o, "</th><th>90 %% of draws between</th><th>P(better)</th><th>P(best)</th>"
                 "<th>P(loss)</th><th>expected loss</th></tr>\n");
    for (size_t i = 1; i < cx_rp_rows(r, f); i++) {
        char a[32], b[32], c[32], d[32], e[32], g[32], h[32];
        const char *name = cx_rp_cell(r, f, i, cc), *adds = cx_rp_cell(r, f, i, ci);
        cx_rp_printf(o, "<tr><td>%s</td><td class=\"l\">",
                     cx_report_number(cell(r, f, i, "rank"), a, sizeof a));
        cx_rp_text(o, name);
        if (strcmp(name, adds) != 0) {      /* a declared variant's name: say what it adds */
            cx_rp_printf(o, " <small>(");
            cx_rp_text(o, adds);
            cx_rp_printf(o, ")</small>");
        }
        cx_rp_printf(o, "</td><td>%s</td><td>%s to %s</td><td>%s</td><td>%s</td><td>%s</td>"
                     "<td>%s</td></tr>\n",
                     cx_verdict_human(cell(r, f, i, "effect_mean"), 1, a, sizeof a),
                     cx_verdict_human(cell(r, f, i, "effect_p05"), 1, b, sizeof b),
                     cx_verdict_human(cell(r, f, i, "effect_p95"), 1, c, sizeof c),
                     percent(cell(r, f, i, "prob_better"), d, sizeof d),
                     percent(cell(r, f, i, "prob_best"), e, sizeof e),
                     percent(cell(r, f, i, "prob_loss"), g, sizeof g),
                     cx_verdict_human(cell(r, f, i, "expected_loss"), 0, h, sizeof h));
    }
    cx_rp_printf(o, "</table></div>\n<p class=\"how\">Best first by the expected effect on "
                 "the objective over the draws. P(better): the share of draws in which the "
                 "candidate moves the objective the right way; P(best), P(loss) and the "
                 "expected loss are those of the choice below, with every candidate as "
                 "an option.</p>\n");
}

void cx_rp_uncertainty_sections(const cx_report *r, rp_out *o)
{
    intro(r, o);
    if (r->tab[RP_QW_UNCERTAINTY])
        candidates_table(r, o);
    decision_table(r, o);
    distributions(r, o);
    evppi(r, o);
}
