/* report_verdict.c - the section compare and quickwins pages open with:
 * whether each variant is worth it, readable in ten seconds (verdict.h
 * makes the verdict; compare's stdout prints the same sentences). */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/verdict.h"

/* compare.csv's row of variant and metric (0: none). */
static size_t compare_row(const cx_report *r, const char *variant, const char *metric)
{
    const char *key[] = {variant, metric};
    return cx_rp_index_find(&r->compare_index, key, 2);
}

/* Variant v's verdict from the files: net value and cost differences
 * (compare.csv), its ROI (summary.csv), the net value gained period by
 * period (periods.csv, a difference of means over the same replications). */
static void verdict_of(const cx_report *r, size_t v, double *buf, cx_verdict *out)
{
    const char *name = r->variants[v];
    size_t row = compare_row(r, name, "net_value"), h = r->horizon;
    double net[3], cost[3], roi[3];
    cx_rp_estimate(r, RP_COMPARE, row, "difference", net);
    cx_rp_estimate(r, RP_COMPARE, compare_row(r, name, "cost"), "difference", cost);
    cx_rp_summary(r, name, "roi", roi);
    double n = row ? cx_rp_num(r, RP_COMPARE, row, cx_rp_col(r, RP_COMPARE, "n")) : 0;
    double *mine = buf, *base = buf + 3 * h;
    cx_rp_period_values(r, name, "net_value", mine, mine + h, mine + 2 * h);
    cx_rp_period_values(r, r->variants[0], "net_value", base, base + h, base + 2 * h);
    for (size_t t = 0; t < h; t++)
        mine[t] -= base[t];
    cx_estimate e = {.mean = net[0], .ci_low = net[1], .ci_high = net[2],
                     .n = n >= 0 && isfinite(n) ? (size_t)n : 0};
    cx_verdict_make(&e, cost[0], roi[0], mine, h, out);
}

/* One row: the variant, its verdict in words, then the figures. */
static void verdict_row(rp_out *o, const char *name, const cx_verdict *v)
{
    static const char *const cls[] = {"bad", "close", "good"};
    char a[32], b[32], c[32], d[32], e[32];
    cx_rp_printf(o, "<tr class=\"%s\"><td>", cls[v->stands_out + 1]);
    cx_rp_text(o, name);
    cx_rp_printf(o, "</td><td class=\"l\"><b>%s</b></td><td>%s <small>[%s, %s]</small></td>"
                 "<td>%s</td><td>", cx_verdict_word(v),
                 cx_verdict_human(v->net.mean, 1, a, sizeof a),
                 cx_verdict_human(v->net.ci_low, 1, b, sizeof b),
                 cx_verdict_human(v->net.ci_high, 1, c, sizeof c),
                 cx_verdict_human(v->extra_cost, 0, d, sizeof d));
    if (isnan(v->roi))
        cx_rp_printf(o, "&ndash;");
    else
        cx_rp_printf(o, "%s %%", cx_verdict_human(100 * v->roi, 0, e, sizeof e));
    cx_rp_printf(o, "</td><td>");
    if (!(v->extra_cost > 0))
        cx_rp_printf(o, "no extra cost");
    else if (v->payback > 0)
        cx_rp_printf(o, "period %d", v->payback);
    else
        cx_rp_printf(o, "not within %zu", v->horizon);
    cx_rp_printf(o, "</td></tr>\n");
}

void cx_rp_verdict_section(const cx_report *r, rp_out *o)
{
    if (r->n_variants < 2 || !r->tab[RP_COMPARE] ||
        compare_row(r, r->variants[1], "net_value") == 0)
        return;     /* results from before net_value: no verdict to give */
    double *buf = malloc((6 * r->horizon + 1) * sizeof *buf);
    if (!buf) {
        o->err = 1;
        return;
    }
    char how[256];
    snprintf(how, sizeof how, "Each variant against %s over the %zu periods. Net value: "
             "value gained (portfolio value) minus extra cost, paired replication by "
             "replication, with its 95 %% confidence interval in brackets.",
             r->variants[0], r->horizon);
    cx_rp_section(o, "Verdict", how);
    cx_rp_printf(o, "<div class=\"wrap\"><table class=\"verdict\">\n<tr><th>variant</th>"
                 "<th>verdict</th><th>net value [95 %% CI]</th><th>extra cost</th>"
                 "<th>ROI</th><th>pays back in</th></tr>\n");
    for (size_t v = 1; v < r->n_variants; v++) {
        cx_verdict vd;
        verdict_of(r, v, buf, &vd);
        verdict_row(o, r->variants[v], &vd);
    }
    cx_rp_printf(o, "</table></div>\n<p class=\"how\">&ldquo;Worth it&rdquo;: the net "
                 "value&rsquo;s interval lies above 0, a gain that stands out from the "
                 "noise; &ldquo;not worth it&rdquo;: below 0; &ldquo;too close to "
                 "call&rdquo;: the interval contains 0 (more replications narrow it). ");
    cx_rp_text(o, cx_verdict_noise_note());
    cx_rp_printf(o, "</p>\n");
    free(buf);
}
