/* report_html.c - the HTML pieces every section of the report uses: number
 * formats, escaped text, section headings, figures, the chart buffers.
 * The page itself is assembled in report_page.c, which calls the sections
 * (report_run.c, report_compare.c, report_analysis.c), which call these:
 * nothing here calls back up. */
#include "report_internal.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- numbers ---------------------------------------------------------------------- */

/* Commas between the thousands of the whole part of the number in buf
 * ("34379207.5" -> "34,379,207.5") when it has 5 digits or more, as
 * 10,000 reads and 10000 does not; buf has n bytes. */
static void group_thousands(char *buf, size_t n)
{
    char *d = buf + (buf[0] == '-');
    size_t whole = strspn(d, "0123456789"), len = strlen(buf);
    size_t commas = whole >= 5 ? (whole - 1) / 3 : 0;
    if (commas == 0 || len + commas >= n)
        return;
    memmove(d + whole + commas, d + whole, strlen(d + whole) + 1);
    for (size_t i = whole, out = whole + commas, k = 0; i-- > 0;) {
        d[--out] = d[i];
        if (++k % 3 == 0 && i > 0)
            d[--out] = ',';
    }
}

const char *cx_report_number(double x, char *buf, size_t n)
{
    if (!isfinite(x))
        snprintf(buf, n, "NA");
    else if (fabs(x) >= 1e4 && fabs(x) < 1e15)
        snprintf(buf, n, "%.0f", x + 0.0);     /* "%.4g" would say 5.135e+05 */
    else
        snprintf(buf, n, "%.4g", x + 0.0);
    group_thousands(buf, n);
    return buf;
}

/* Decimals for an interval of half-width hw: its first significant digit,
 * and the next when the first is a 1 (0.12 is too coarse as 0.1). */
static int ci_decimals(double hw)
{
    double e = floor(log10(hw));
    int d = (int)-e;
    if (hw / pow(10.0, e) < 2)
        d++;
    return d < 0 ? 0 : d > 8 ? 8 : d;
}

const char *cx_report_ci(double mean, double lo, double hi, char *buf, size_t n)
{
    double hw = (hi - lo) / 2;
    if (!isfinite(mean) || !isfinite(lo) || !isfinite(hi) || !(hw > 0) ||
        fabs(mean) >= 1e15)
        return cx_report_number(mean, buf, n);
    int d = ci_decimals(hw);
    char a[40], b[40], c[40];
    snprintf(a, sizeof a, "%.*f", d, mean + 0.0);
    snprintf(b, sizeof b, "%.*f", d, lo + 0.0);
    snprintf(c, sizeof c, "%.*f", d, hi + 0.0);
    group_thousands(a, sizeof a);
    group_thousands(b, sizeof b);
    group_thousands(c, sizeof c);
    snprintf(buf, n, "%s [%s, %s]", a, b, c);
    return buf;
}

/* ---- writing ----------------------------------------------------------------------- */

void cx_rp_ci_cell(rp_out *o, const double e[3], int bold)
{
    char buf[160];
    cx_report_ci(e[0], e[1], e[2], buf, sizeof buf);
    char *bracket = strstr(buf, " [");
    if (bracket)
        *bracket = '\0';
    cx_rp_printf(o, "<td>%s%s%s", bold ? "<b>" : "", buf, bold ? "</b>" : "");
    if (bracket)
        cx_rp_printf(o, "<br><small>%s</small>", bracket + 1);
    cx_rp_printf(o, "</td>");
}

void cx_rp_printf(rp_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(o->fp, fmt, ap) < 0)
        o->err = 1;
    va_end(ap);
}

void cx_rp_text(rp_out *o, const char *s)
{
    if (cx_svg_text(o->fp, s) != 0)
        o->err = 1;
}

void cx_rp_variant_heads(rp_out *o, const cx_report *r, size_t first)
{
    for (size_t v = first; v < r->n_variants; v++) {
        cx_rp_printf(o, "<th>");
        cx_rp_text(o, r->variants[v]);
        cx_rp_printf(o, "</th>");
    }
}

/* The id of a section: its title in lower case, runs of other characters
 * as one '-' ("Sobol' indices" is "sobol-indices"), so that a link or a
 * screenshot can point at report.html#over-the-periods. */
static void section_id(rp_out *o, const char *title)
{
    char id[96];
    size_t k = 0;
    for (const char *c = title; *c && k + 1 < sizeof id; c++) {
        char l = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c;
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9'))
            id[k++] = l;
        else if (k > 0 && id[k - 1] != '-')
            id[k++] = '-';
    }
    while (k > 0 && id[k - 1] == '-')
        k--;
    id[k] = '\0';
    cx_rp_printf(o, "<h2 id=\"%s\">", id);
}

void cx_rp_section(rp_out *o, const char *title, const char *how)
{
    section_id(o, title);
    cx_rp_text(o, title);
    cx_rp_printf(o, "</h2>\n");
    if (how) {
        cx_rp_printf(o, "<p class=\"how\">");
        cx_rp_text(o, how);
        cx_rp_printf(o, "</p>\n");
    }
}

int cx_rp_alloc_both(rp_out *o, void **a, size_t na, void **b, size_t nb)
{
    assert(o && a && b);
    *a = malloc(na);
    *b = malloc(nb);
    if (*a && *b)
        return 1;
    o->err = 1;
    free(*a);
    free(*b);
    *a = *b = NULL;
    return 0;
}

void cx_rp_chart_status(rp_out *o, int rc)
{
    if (rc != 0)
        o->err = 1;
}

/* One figure: a caption, then the chart the caller writes. */
void cx_rp_figure_open(rp_out *o, const char *caption)
{
    cx_rp_printf(o, "<figure><figcaption>");
    cx_rp_text(o, caption);
    cx_rp_printf(o, "</figcaption>\n");
}

void cx_rp_figure_close(rp_out *o)
{
    cx_rp_printf(o, "</figure>\n");
}
