/* report_html.c - the report page: number formats, the skeleton (inline
 * style, no script, no external reference), the header from run.json, the
 * sections of each kind (report_run.c, report_analysis.c), and writing the
 * page atomically. */
#include "report_internal.h"

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

int cx_rp_alloc2(rp_out *o, void **a, size_t na, void **b, size_t nb)
{
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

/* No url(), no @import, no web font: the page must open offline. A table
 * wider than the page (many variants) scrolls inside its .wrap box, and
 * its first column, which names each row, stays in view (sticky: CSS
 * alone, no script); the cells under it scroll behind an opaque cell. */
static const char style[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;"
    "max-width:1180px;margin:24px auto;padding:0 16px;line-height:1.45}\n"
    "h1{font-size:1.7em;margin:0 0 .2em}h2{font-size:1.25em;border-bottom:1px solid #ccc;"
    "padding-bottom:.2em;margin-top:1.8em}h3{font-size:1.05em;margin:1em 0 .3em}\n"
    ".meta{color:#555;margin:.2em 0}.how{color:#555;font-size:.92em;margin:.2em 0 .7em}\n"
    ".warn{background:#fff4e0;border-left:4px solid #E69F00;padding:6px 10px}\n"
    ".wrap{overflow-x:auto}table{border-collapse:collapse;font-size:.9em;margin:.4em 0}\n"
    "td small{color:#555}th,td{padding:3px 9px;border-bottom:1px solid #e4e4e4;text-align:right;"
    "white-space:nowrap}th{background:#f4f4f4}th:first-child,td:first-child{text-align:left}\n"
    "td.l{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:14px}\n"
    ".wrap th:first-child,.wrap td:first-child{position:sticky;left:0;background:#fff;"
    "box-shadow:inset -1px 0 #ddd}.wrap th:first-child{background:#f4f4f4}\n"
    "figure{margin:.4em 0}figcaption{font-size:.92em;color:#444;margin-bottom:2px}\n"
    "svg.chart{background:#fff;border:1px solid #eee}\n"
    "table.verdict td{white-space:normal}tr.good b{color:#007a5a}tr.bad b{color:#b34700}"
    "tr.close b{color:#555}\n";

static void header(const cx_report *r, rp_out *o)
{
    const cx_json_value *sc = cx_json_member(r->run, "scenario");
    const char *name = cx_json_member_string(sc, "name"), *path = cx_json_member_string(sc, "path");
    const char *sha = cx_json_member_string(sc, "sha256");
    const char *ver = cx_json_member_string(r->run, "cxsim_version");
    cx_rp_printf(o, "<h1>");
    cx_rp_text(o, name ? name : path ? path : "cxsim results");
    cx_rp_printf(o, "</h1>\n<p class=\"meta\">cxsim %s of <code>", cx_report_kind_name(r->kind));
    cx_rp_text(o, path ? path : "(scenario path not recorded)");
    cx_rp_printf(o, "</code>");
    if (sha && strlen(sha) >= 12)
        cx_rp_printf(o, " (SHA-256 %.12s&hellip;)", sha);
    const cx_json_value *seed = cx_json_member(r->run, "seed");
    if (seed && seed->type == CX_JSON_NUMBER)
        cx_rp_printf(o, ", seed %.17g", seed->number);
    static const char *const counts[][2] = {{"reps", "replications"},
                                            {"population", "customers"},
                                            {"horizon", "periods"}};
    for (size_t i = 0; i < 3; i++) {
        const cx_json_value *v = cx_json_member(r->run, counts[i][0]);
        if (v && v->type == CX_JSON_NUMBER)
            cx_rp_printf(o, ", %.17g %s", v->number, counts[i][1]);
    }
    cx_rp_printf(o, "; cxsim ");
    cx_rp_text(o, ver ? ver : "?");
    cx_rp_printf(o, ".</p>\n");
    const cx_json_value *ov = cx_json_member(r->run, "overrides");
    if (ov && ov->type == CX_JSON_ARRAY && ov->n > 0) {
        cx_rp_printf(o, "<p class=\"meta\">Overrides (--set):");
        for (size_t i = 0; i < ov->n; i++)
            if (ov->items[i].type == CX_JSON_STRING) {
                cx_rp_printf(o, " <code>");
                cx_rp_text(o, ov->items[i].string);
                cx_rp_printf(o, "</code>");
            }
        cx_rp_printf(o, "</p>\n");
    }
    const cx_json_value *c = cx_json_member(r->run, "complete");
    if (c && c->type == CX_JSON_BOOL && !c->boolean)
        cx_rp_printf(o, "<p class=\"warn\">This run was interrupted: the figures hold the "
                     "replications completed, not all those asked for (cxsim run ... --resume "
                     "DIR finishes it).</p>\n");
}

int cx_report_render(const cx_report *r, FILE *fp)
{
    rp_out o = {.fp = fp};
    const char *name = cx_json_member_string(cx_json_member(r->run, "scenario"), "name");
    cx_rp_printf(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<title>cxsim %s: ", cx_report_kind_name(r->kind));
    cx_rp_text(&o, name ? name : r->dir);
    cx_rp_printf(&o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
    header(r, &o);
    switch (r->kind) {
    case CX_REPORT_RUN:
        cx_rp_run_headline(r, &o);
        cx_rp_run_charts(r, &o);
        break;
    case CX_REPORT_COMPARE: cx_rp_compare_sections(r, &o); break;
    case CX_REPORT_QUICKWINS: cx_rp_quickwins_sections(r, &o); break;
    case CX_REPORT_SWEEP: cx_rp_sweep_sections(r, &o); break;
    case CX_REPORT_SENSITIVITY: cx_rp_sensitivity_sections(r, &o); break;
    case CX_REPORT_CALIBRATE: cx_rp_calibrate_sections(r, &o); break;
    }
    cx_rp_printf(&o, "<p class=\"meta\">Made by cxsim report from the files in <code>");
    cx_rp_text(&o, r->dir);
    cx_rp_printf(&o, "</code>; docs/report.md explains each section, docs/results.md each "
                 "file.</p>\n</body>\n</html>\n");
    return o.err || ferror(fp) ? -1 : 0;
}

cx_status cx_report_write(const char *dir, const char *path, cx_error *err)
{
    cx_report *r;
    cx_status st = cx_report_new(dir, &r, err);
    if (st != CX_OK)
        return st;
    cx_atomic_file f;
    st = cx_atomic_open(&f, path, err);
    if (st == CX_OK) {
        /* a failed write sets the stream's error flag, which commit reports
         * with the system's reason, removing the temporary file */
        if (cx_report_render(r, f.fp) != 0 && !ferror(f.fp)) {
            cx_atomic_abort(&f);
            st = cx_error_set(err, CX_ERR_IO, "%s: cannot write the report", path);
        } else {
            st = cx_atomic_commit(&f, err);
        }
    }
    cx_report_free(r);
    return st;
}
