/* targets.c - the targets of a calibration from a CSV table (format in
 * docs/analysis.md, "cxsim calibrate"): which layout the header is, and the
 * long one (a target per row); the wide one is targets_wide.c, the field
 * checks both make targets_fields.c. Messages name the file, the line and
 * the column at fault: "FILE:LINE: column N (NAME): what is wrong".
 */
#include "cxsim/targets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/metrics.h"
#include "targets_internal.h"

enum { COL_METRIC, COL_VALUE, COL_WEIGHT, COL_SD, COL_PERIOD, N_COLS };

static const char *const col_names[N_COLS] = {"metric", "value", "weight", "sd", "period"};

/* Which field of a row each column is (-1: absent). */
typedef struct layout {
    const cx_csv_table *t;
    int at[N_COLS];
    size_t width;
} layout;

/* "FILE:LINE: column N (NAME): message" for column c of row r. */
#define at_cell(l, r, c, err, ...) cx_targets_at((l)->t, r, c, err, __VA_ARGS__)

static cx_status read_header(layout *l, cx_error *err)
{
    for (int i = 0; i < N_COLS; i++)
        l->at[i] = -1;
    l->width = cx_csv_width(l->t, 0);
    for (size_t f = 0; f < l->width; f++) {
        const char *name = cx_csv_cell(l->t, 0, f);
        int c = 0;
        while (c < N_COLS && strcmp(name, col_names[c]) != 0)
            c++;
        if (c == N_COLS)
            return at_cell(l, 0, f, err, "unknown column '%s' (columns: metric, value, "
                           "weight, sd, period)", name);
        if (l->at[c] >= 0)
            return at_cell(l, 0, f, err, "column '%s' given twice", name);
        l->at[c] = (int)f;
    }
    for (int c = 0; c < 2; c++)
        if (l->at[c] < 0)
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: no column '%s' (the header is "
                                "metric,value with optional weight, sd, period)",
                                cx_csv_name(l->t), cx_csv_line(l->t, 0), col_names[c]);
    return CX_OK;
}

/* The field of column c (COL_*) in row r (CX_CSV_NO_COLUMN: absent). */
static size_t col(const layout *l, int c)
{
    return l->at[c] >= 0 ? (size_t)l->at[c] : CX_CSV_NO_COLUMN;
}

/* Row r into out[k]; out[0..k) checked for a repeat of (metric, period). */
static cx_status read_row(const layout *l, size_t r, int horizon, cx_calibrate_target *out,
                          size_t k, cx_error *err)
{
    cx_calibrate_target *t = &out[k];
    size_t width = cx_csv_width(l->t, r), mc = (size_t)l->at[COL_METRIC];
    size_t vc = (size_t)l->at[COL_VALUE];
    if (width != l->width)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: %zu fields, the header has %zu",
                            cx_csv_name(l->t), cx_csv_line(l->t, r), width, l->width);
    const char *metric = cx_csv_cell(l->t, r, mc);
    t->line = (int)cx_csv_line(l->t, r);
    t->column = (int)vc + 1;
    t->metric = cx_metric_from_name(metric);
    if (t->metric < 0) {
        char hint[96];
        cx_metric_hint(metric, hint, sizeof hint);
        return at_cell(l, r, mc, err, "unknown metric '%s'%s (metric names: docs/results.md)",
                       metric, hint);
    }
    cx_status st = cx_csv_number_at(l->t, r, vc, &t->value, err) == 0 ? CX_OK : CX_ERR_INPUT;
    if (st == CX_OK)
        st = cx_targets_period_at(l->t, r, col(l, COL_PERIOD), horizon, &t->period, err);
    if (st == CX_OK)
        st = cx_targets_weight_at(l->t, r, col(l, COL_WEIGHT), &t->weight, err);
    if (st == CX_OK)
        st = cx_targets_sd_at(l->t, r, col(l, COL_SD), &t->sd, err);
    if (st == CX_OK)
        st = cx_targets_scale_at(l->t, r, vc, t, err);
    if (st == CX_OK)
        st = cx_targets_repeat_at(l->t, r, mc, out, k, err);
    return st;
}

static cx_status read_rows(const layout *l, int horizon, cx_calibrate_target *out, size_t *n,
                           cx_error *err)
{
    for (size_t r = 1; r < cx_csv_rows(l->t); r++) {
        if (cx_targets_blank_row(l->t, r))
            continue;
        cx_status st = read_row(l, r, horizon, out, *n, err);
        if (st != CX_OK)
            return st;
        (*n)++;
    }
    return cx_targets_done(l->t, out, *n, err);
}

/* The long layout is the one with a metric or a value column (a misspelt
 * header of it, "metrik,value", is still read as one). */
static int long_layout(const cx_csv_table *t)
{
    return cx_csv_column(t, "metric") >= 0 || cx_csv_column(t, "value") >= 0;
}

cx_status cx_targets_read(const cx_csv_table *t, int horizon,
                                    cx_calibrate_target **out, size_t *n, cx_error *err)
{
    layout l = {.t = t};
    *out = NULL;
    *n = 0;
    if (cx_csv_rows(t) == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:1: empty: expected a header metric,value "
                            "and one target per line, or period,METRIC,... and one period "
                            "per line", cx_csv_name(t));
    int wide = !long_layout(t);
    cx_status st = wide ? CX_OK : read_header(&l, err);
    if (st != CX_OK)
        return st;
    size_t room = 0;                    /* each target comes from a field of its own */
    for (size_t r = 0; r < cx_csv_rows(t); r++)
        room += cx_csv_width(t, r);
    cx_calibrate_target *tg = calloc(room ? room : 1, sizeof *tg);
    if (!tg)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", cx_csv_name(t));
    st = wide ? cx_targets_wide(t, horizon, tg, n, err)
              : read_rows(&l, horizon, tg, n, err);
    if (st != CX_OK) {
        free(tg);
        *n = 0;
        return st;
    }
    *out = tg;
    return CX_OK;
}
