/* report_page.c - the report page: the skeleton (inline style, no script,
 * no external reference), the header from run.json, the sections of each
 * kind (report_run.c, report_compare.c, report_analysis.c, report_fit.c), and writing the
 * page atomically. The HTML pieces the sections share are in
 * report_html.c. */
#include "report_internal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "cxsim/atomic.h"

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
    "td.l,th.l{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:14px}\n"
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
        char b[64];     /* "100,000 customers": separators as in the tables */
        if (v && v->type == CX_JSON_NUMBER)
            cx_rp_printf(o, ", %s %s", cx_report_number(v->number, b, sizeof b),
                         counts[i][1]);
    }
    const cx_json_value *draws = cx_json_member(cx_json_member(r->run, "uncertainty"), "draws");
    char nd[64];
    if (draws && draws->type == CX_JSON_NUMBER)
        cx_rp_printf(o, " in each of %s draws of the uncertain inputs",
                     cx_report_number(draws->number, nd, sizeof nd));
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

static void kind_sections(const cx_report *r, rp_out *o)
{
    switch (r->kind) {
    case CX_REPORT_RUN:
        cx_rp_run_headline(r, o);
        cx_rp_run_charts(r, o);
        break;
    case CX_REPORT_COMPARE: cx_rp_compare_sections(r, o); break;
    case CX_REPORT_QUICKWINS: cx_rp_quickwins_sections(r, o); break;
    case CX_REPORT_SWEEP: cx_rp_sweep_sections(r, o); break;
    case CX_REPORT_SENSITIVITY: cx_rp_sensitivity_sections(r, o); break;
    case CX_REPORT_CALIBRATE: cx_rp_calibrate_sections(r, o); break;
    case CX_REPORT_FIT: cx_rp_fit_sections(r, o); break;
    }
    cx_rp_segment_sections(r, o);
}

int cx_report_render(const cx_report *r, FILE *fp)
{
    assert(r && r->run && fp);
    rp_out o = {.fp = fp};
    const char *name = cx_json_member_string(cx_json_member(r->run, "scenario"), "name");
    if (!name)      /* a fit's run.json names its data, not a scenario */
        name = cx_json_member_string(cx_json_member(r->run, "data"), "path");
    cx_rp_printf(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<title>cxsim %s: ", cx_report_kind_name(r->kind));
    cx_rp_text(&o, name ? name : r->dir);
    cx_rp_printf(&o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
    if (r->kind == CX_REPORT_FIT)
        cx_rp_fit_header(r, &o);
    else
        header(r, &o);
    /* a directory of --uncertainty holds its own files; should it hold the
     * kind's too, both are shown */
    if (!r->uncertain || r->tab[RP_SUMMARY])
        kind_sections(r, &o);
    if (r->uncertain)
        cx_rp_uncertainty_sections(r, &o);
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
