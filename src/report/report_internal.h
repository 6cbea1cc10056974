/* report_internal.h (private) - the report's loaded directory and the
 * helpers its sections share (report_load.c, report_index.c,
 * report_html.c), the sections, which report_page.c assembles. */
#ifndef CX_REPORT_INTERNAL_H
#define CX_REPORT_INTERNAL_H

#include <stdio.h>

#include "cxsim/csv_table.h"
#include "cxsim/io.h"
#include "cxsim/json_value.h"
#include "cxsim/report.h"
#include "cxsim/svg.h"

#define CX_REPORT_MAX_VARIANTS 256     /* quickwins: its candidates */
#define CX_REPORT_MAX_RUN_VARIANTS 64  /* run and compare (the CLI's limit) */
#define CX_REPORT_MAX_TOUCHPOINTS 256

/* The tables a report may read; a kind needs some of them (report_load.c). */
typedef enum rp_file {
    RP_SUMMARY, RP_PERIODS, RP_TOUCHPOINTS, RP_COMPARE, RP_QUICKWINS, RP_SWEEP,
    RP_TORNADO, RP_SOBOL, RP_CALIBRATION, RP_FIT, RP_TRACE,
    RP_PARAMS, RP_TRANSITIONS, RP_REMOVAL, RP_GOF,      /* cxsim fit's */
    RP_UNCERTAINTY, RP_DECISION, RP_VOI, RP_DRAWS,      /* --uncertainty's */
    RP_QW_UNCERTAINTY,                                  /* quickwins --uncertainty's */
    RP_FILES
} rp_file;

/* Rows of a table sorted by the cells of up to RP_INDEX_MAX_KEYS key
 * columns (report_index.c); the key strings point into the table. */
#define RP_INDEX_MAX_KEYS 4
typedef struct rp_index_entry {
    const char *key[RP_INDEX_MAX_KEYS];
    size_t row;
} rp_index_entry;

typedef struct rp_index {
    rp_index_entry *entries;
    size_t n;
} rp_index;

struct cx_report {
    char dir[CX_IO_PATH_MAX];
    cx_report_kind kind;
    cx_json_value *run;                 /* run.json */
    cx_csv_table *tab[RP_FILES];        /* NULL: not read for this kind */
    const char *variants[CX_REPORT_MAX_VARIANTS];   /* run.json's, in order */
    size_t n_variants;
    /* touchpoints in touchpoints.csv's order (of its first variant) */
    const char *tp_journey[CX_REPORT_MAX_TOUCHPOINTS], *tp_name[CX_REPORT_MAX_TOUCHPOINTS];
    char *tp_label[CX_REPORT_MAX_TOUCHPOINTS];     /* "touchpoint" or "journey/touchpoint" */
    size_t n_touchpoints;
    /* the journeys' graph over those touchpoints (run.json's
     * journey.J.T.next.S parameters, else the next one listed): the edges
     * to a later touchpoint, in order of their start (report_graph.c) */
    size_t *edge_from, *edge_to, n_edges;
    int uncertain;                      /* the files of --uncertainty */
    size_t horizon;                     /* largest period of periods.csv */
    /* by (variant, metric) and by (variant, journey, touchpoint, metric) */
    rp_index summary_index, compare_index, tp_index;
    rp_index period_index;              /* periods.csv by (variant, metric) */
};

/* Indexes the data rows of t by the cells of columns[0..n_columns) (at
 * most RP_INDEX_MAX_KEYS; a column t lacks keys as ""). ix borrows t's
 * strings: free ix first. CX_ERR_NOMEM when memory runs out. */
cx_status cx_rp_index_build(rp_index *ix, const cx_csv_table *t, const char *const *columns,
                            size_t n_columns, cx_error *err);
/* The first row (in file order) whose key cells are key[0..n_key), or 0:
 * O(log n). */
size_t cx_rp_index_find(const rp_index *ix, const char *const *key, size_t n_key);
/* The position in ix->entries of the first entry whose key cells are
 * key[0..n_key) (its equals follow, in file order), or ix->n: O(log n). */
size_t cx_rp_index_lower(const rp_index *ix, const char *const *key, size_t n_key);
void cx_rp_index_free(rp_index *ix);

/* Column of table f named name (checked present when the file was read). */
int cx_rp_col(const cx_report *r, rp_file f, const char *name);
/* Cell as a number: NaN for NA (cells were checked when read). */
double cx_rp_num(const cx_report *r, rp_file f, size_t row, int col);
const char *cx_rp_cell(const cx_report *r, rp_file f, size_t row, int col);
size_t cx_rp_rows(const cx_report *r, rp_file f);   /* data rows: 1..n-1 */

/* The estimate in row of table f: its centre column ("mean", or
 * "difference" in compare.csv), ci_low and ci_high; NaN for row 0, which
 * cx_rp_index_find returns for a key the table lacks. */
void cx_rp_estimate(const cx_report *r, rp_file f, size_t row, const char *centre,
                    double est[3]);

/* The estimate (mean, ci_low, ci_high) of summary.csv for variant and
 * metric; NaN when absent. */
void cx_rp_summary(const cx_report *r, const char *variant, const char *metric, double est[3]);

/* Fills r's edges from run.json and the touchpoints (report_graph.c). */
cx_status cx_rp_journey_edges(cx_report *r, cx_error *err);

/* ---- the HTML pieces the sections share (report_html.c) ------------------ */

typedef struct rp_out {
    FILE *fp;
    int err;
} rp_out;

void cx_rp_printf(rp_out *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void cx_rp_text(rp_out *o, const char *s);      /* escaped */
/* A cell of a wide table (one column per variant): the mean e[0] (bold
 * if asked) over its interval [e[1], e[2]] in small type, as
 * cx_report_ci writes them, so that five variants fit the page. */
void cx_rp_ci_cell(rp_out *o, const double e[3], int bold);
/* A table's header cells: the variants' names from variants[first] on. */
void cx_rp_variant_heads(rp_out *o, const cx_report *r, size_t first);
void cx_rp_section(rp_out *o, const char *title, const char *how);
void cx_rp_chart_status(rp_out *o, int rc);     /* a chart writer's 0 / -1 */
/* The two buffers a chart is drawn from, of na and nb bytes: allocates
 * both or neither, and returns 1, or 0 with o->err set (and *a, *b NULL)
 * when either cannot be had. */
int cx_rp_alloc_both(rp_out *o, void **a, size_t na, void **b, size_t nb);

/* A <figure> with its caption, for the chart written next. */
void cx_rp_figure_open(rp_out *o, const char *caption);
void cx_rp_figure_close(rp_out *o);

/* periods.csv's mean, ci_low and ci_high of variant and metric, period t
 * at index t - 1 of y, lo, hi (r->horizon each; NaN where absent). */
void cx_rp_period_values(const cx_report *r, const char *variant, const char *metric,
                         double *y, double *lo, double *hi);
/* What a reader calls metric ("NPS", "churn rate per period"), or the
 * metric's own name (report_run.c). */
const char *cx_rp_label(const char *metric);
/* The verdict section (report_verdict.c): one row per variant against the
 * baseline, from compare.csv, summary.csv and periods.csv; nothing for a
 * directory written before compare.csv had net_value. */
void cx_rp_verdict_section(const cx_report *r, rp_out *o);

/* ---- the sections, which report_page.c assembles ------------------------- */

/* report_run.c: a run's headline table, and its charts (metrics by variant,
 * periods, touchpoints); report_compare.c: compare, quick wins and
 * calibrate; report_analysis.c: sweep and sensitivity. */
void cx_rp_run_headline(const cx_report *r, rp_out *o);
void cx_rp_run_charts(const cx_report *r, rp_out *o);
void cx_rp_compare_sections(const cx_report *r, rp_out *o);
void cx_rp_quickwins_sections(const cx_report *r, rp_out *o);
void cx_rp_sweep_sections(const cx_report *r, rp_out *o);
void cx_rp_sensitivity_sections(const cx_report *r, rp_out *o);
void cx_rp_calibrate_sections(const cx_report *r, rp_out *o);
/* report_fit.c: a fit's header (the data, not a scenario) and sections:
 * the fitted graph, removal effects, goodness of fit, the parameters. */
void cx_rp_fit_header(const cx_report *r, rp_out *o);
void cx_rp_fit_sections(const cx_report *r, rp_out *o);
/* report_segments.c: "By segment" of a run or a compare with two segments
 * or more (segments.csv); nothing for the other kinds. */
void cx_rp_segment_sections(const cx_report *r, rp_out *o);
/* report_uncertainty.c: "How sure are we?" from uncertainty.csv,
 * decision.csv, voi.csv and draws.csv (a directory of --uncertainty). */
void cx_rp_uncertainty_sections(const cx_report *r, rp_out *o);

#endif
