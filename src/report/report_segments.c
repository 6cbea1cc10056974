/* report_segments.c - the section "By segment" of a run's and a
 * compare's page (docs/report.md), from segments.csv: each segment's
 * headline metrics per variant, and for compare each variant's paired
 * difference from the baseline by segment, so that a change that helps
 * one persona at another's expense shows. The file is read here, not by
 * report_load.c: a directory written before segments.csv existed, or
 * with one segment, gets no section; a damaged file gets a warning in
 * the section rather than no page. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const headline[] = {"nps", "churn_rate", "clv_mean", "portfolio_value"};
#define NH (sizeof headline / sizeof headline[0])

typedef struct seg_file {
    cx_csv_table *t;
    rp_index ix;            /* by (variant, segment, metric) */
    int col[4];             /* mean, ci_low, ci_high, n */
    const char *segments[CX_REPORT_MAX_TOUCHPOINTS];
    size_t n_segments;
} seg_file;

/* Every numeric cell a number or NA, every row as wide as the header. */
static cx_status check_rows(const cx_csv_table *t, const int *col, cx_error *err)
{
    for (size_t r = 1; r < cx_csv_rows(t); r++) {
        if (cx_csv_width(t, r) != cx_csv_width(t, 0))
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: %zu fields, the header has %zu",
                                cx_csv_name(t), cx_csv_line(t, r), cx_csv_width(t, r),
                                cx_csv_width(t, 0));
        for (size_t k = 0; k < 4; k++) {
            double x;
            if (strcmp(cx_csv_cell(t, r, (size_t)col[k]), "NA") != 0 &&
                cx_csv_number_at(t, r, (size_t)col[k], &x, err) != 0)
                return CX_ERR_INPUT;
        }
    }
    return CX_OK;
}

/* The segments in file order (the first variant's rows name them all). */
static void list_segments(seg_file *f)
{
    int sc = cx_csv_column(f->t, "segment");
    for (size_t r = 1; r < cx_csv_rows(f->t); r++) {
        const char *s = cx_csv_cell(f->t, r, (size_t)sc);
        size_t k = 0;
        while (k < f->n_segments && strcmp(f->segments[k], s) != 0)
            k++;
        if (k == f->n_segments && k < CX_REPORT_MAX_TOUCHPOINTS)
            f->segments[f->n_segments++] = s;
    }
}

/* Reads dir/segments.csv: CX_OK, CX_ERR_IO when there is none (no
 * section), or CX_ERR_INPUT/NOMEM with a message. */
static cx_status load(const cx_report *r, seg_file *f, cx_error *err)
{
    static const char *const keys[] = {"variant", "segment", "metric"};
    static const char *const cols[] = {"mean", "ci_low", "ci_high", "n"};
    char path[CX_IO_PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/segments.csv", r->dir);
    FILE *probe = fopen(path, "r");
    if (!probe)
        return CX_ERR_IO;
    fclose(probe);
    cx_status st = cx_csv_read(path, &f->t, err);
    for (size_t k = 0; st == CX_OK && k < 3; k++)
        if (cx_csv_column(f->t, keys[k]) < 0)
            st = cx_error_set(err, CX_ERR_INPUT, "%s:1: no column '%s'", path, keys[k]);
    for (size_t k = 0; st == CX_OK && k < 4; k++)
        if ((f->col[k] = cx_csv_column(f->t, cols[k])) < 0)
            st = cx_error_set(err, CX_ERR_INPUT, "%s:1: no column '%s'", path, cols[k]);
    if (st == CX_OK)
        st = check_rows(f->t, f->col, err);
    if (st == CX_OK)
        st = cx_rp_index_build(&f->ix, f->t, keys, 3, err);
    if (st == CX_OK)
        list_segments(f);
    return st;
}

/* mean, ci_low, ci_high of (variant, segment, metric); NaN when absent. */
static void estimate(const seg_file *f, const char *variant, const char *segment,
                     const char *metric, double e[3])
{
    const char *key[3] = {variant, segment, metric};
    size_t row = cx_rp_index_find(&f->ix, key, 3);
    for (size_t k = 0; k < 3; k++) {
        double x = NAN;
        if (row && strcmp(cx_csv_cell(f->t, row, (size_t)f->col[k]), "NA") != 0)
            cx_csv_parse_number(cx_csv_cell(f->t, row, (size_t)f->col[k]), &x);
        e[k] = x;
    }
}

/* One table: a row per segment, a column per headline metric, of variant
 * (or of its difference from the baseline, named pair). A difference whose
 * interval excludes 0 is in bold. */
static void table(const seg_file *f, rp_out *o, const char *title, const char *variant,
                  int differences)
{
    cx_rp_printf(o, "<h3>");
    cx_rp_text(o, title);
    cx_rp_printf(o, "</h3>\n<div class=\"wrap\"><table>\n<tr><th>segment</th>");
    for (size_t i = 0; i < NH; i++) {
        cx_rp_printf(o, "<th>");
        cx_rp_text(o, cx_rp_label(headline[i]));
        cx_rp_printf(o, "</th>");
    }
    cx_rp_printf(o, "</tr>\n");
    for (size_t s = 0; s < f->n_segments; s++) {
        cx_rp_printf(o, "<tr><td>");
        cx_rp_text(o, f->segments[s]);
        cx_rp_printf(o, "</td>");
        for (size_t i = 0; i < NH; i++) {
            double e[3];
            estimate(f, variant, f->segments[s], headline[i], e);
            cx_rp_ci_cell(o, e, differences && (e[1] > 0 || e[2] < 0));
        }
        cx_rp_printf(o, "</tr>\n");
    }
    cx_rp_printf(o, "</table></div>\n");
}

static void sections(const cx_report *r, const seg_file *f, rp_out *o)
{
    int paired = r->kind == CX_REPORT_COMPARE;
    cx_rp_section(o, "By segment", paired
        ? "Each variant minus the baseline among each segment's customers, paired over the "
          "replications, with its 95 % confidence interval; in bold where the interval "
          "excludes 0. A change can help one segment at another's expense. Every metric "
          "defined per segment is in segments.csv."
        : "Each segment's customers: the mean over the replications with its 95 % "
          "confidence interval. Every metric defined per segment is in segments.csv.");
    char title[640], pair[600];     /* two names of a variant (CX_NAME_MAX each) */
    for (size_t v = paired ? 1 : 0; v < r->n_variants && v < CX_REPORT_MAX_RUN_VARIANTS; v++) {
        if (paired) {
            snprintf(pair, sizeof pair, "%s-%s", r->variants[v], r->variants[0]);
            snprintf(title, sizeof title, "Difference: %s - %s", r->variants[v],
                     r->variants[0]);
            table(f, o, title, pair, 1);
        } else {
            table(f, o, r->variants[v], r->variants[v], 0);
        }
    }
}

void cx_rp_segment_sections(const cx_report *r, rp_out *o)
{
    seg_file f = {0};
    cx_error err;
    if (r->kind != CX_REPORT_RUN && r->kind != CX_REPORT_COMPARE)
        return;
    cx_status st = load(r, &f, &err);
    if (st == CX_OK && f.n_segments >= 2) {
        sections(r, &f, o);
    } else if (st != CX_OK && st != CX_ERR_IO) {
        cx_rp_section(o, "By segment", NULL);
        cx_rp_printf(o, "<p class=\"warn\">segments.csv could not be read: ");
        cx_rp_text(o, err.msg);
        cx_rp_printf(o, "</p>\n");
    }
    cx_rp_index_free(&f.ix);
    cx_csv_table_free(f.t);
}
