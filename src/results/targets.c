/* targets.c - the targets of a calibration from a CSV table (format in
 * docs/analysis.md, "cxsim calibrate"). Messages name the file, the line
 * and the column at fault, as every CSV reader of the project does:
 * "FILE:LINE: column N (NAME): what is wrong".
 */
#include "cxsim/calibrate.h"

#include <math.h>
#include <stdarg.h>
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

cx_status cx_calibrate_at(const cx_csv_table *t, size_t r, size_t c, cx_error *err,
                          const char *fmt, ...)
{
    char where[CX_ERROR_MAX], msg[CX_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cx_csv_where(t, r, c, where, sizeof where);
    return cx_error_set(err, CX_ERR_INPUT, "%s%s", where, msg);
}

/* "FILE:LINE: column N (NAME): message" for column c of row r. */
#define at_cell(l, r, c, err, ...) cx_calibrate_at((l)->t, r, c, err, __VA_ARGS__)

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

/* Field c of row r, or NULL when c is CX_CSV_NO_COLUMN or the field is
 * missing or empty. */
static const char *field(const cx_csv_table *t, size_t r, size_t c)
{
    const char *s = c != CX_CSV_NO_COLUMN ? cx_csv_cell(t, r, c) : NULL;
    return s && *s ? s : NULL;
}

/* The field of column c (COL_*) in row r, as field() does. */
static size_t col(const layout *l, int c)
{
    return l->at[c] >= 0 ? (size_t)l->at[c] : CX_CSV_NO_COLUMN;
}

cx_status cx_calibrate_period_at(const cx_csv_table *t, size_t r, size_t c, int horizon,
                                 int *out, cx_error *err)
{
    const char *s = field(t, r, c);
    double p;
    *out = 0;
    if (s && (cx_csv_parse_number(s, &p) != 0 || p != floor(p) || p < 1 || p > horizon))
        return cx_calibrate_at(t, r, c, err, "must be an integer in [1,%d] (the horizon), "
                               "got '%s'", horizon, s);
    if (s)
        *out = (int)p;
    return CX_OK;
}

cx_status cx_calibrate_weight_at(const cx_csv_table *t, size_t r, size_t c, double *out,
                                 cx_error *err)
{
    const char *s = field(t, r, c);
    *out = 1;
    if (s && (cx_csv_parse_number(s, out) != 0 || *out < 0))
        return cx_calibrate_at(t, r, c, err, "must be a number >= 0, got '%s'", s);
    return CX_OK;
}

cx_status cx_calibrate_sd_at(const cx_csv_table *t, size_t r, size_t c, double *out,
                             cx_error *err)
{
    const char *s = field(t, r, c);
    *out = NAN;
    if (s && (cx_csv_parse_number(s, out) != 0 || !(*out > 0)))
        return cx_calibrate_at(t, r, c, err, "must be a number > 0, got '%s'", s);
    return CX_OK;
}

cx_status cx_calibrate_scale_at(const cx_csv_table *t, size_t r, size_t c,
                                cx_calibrate_target *tg, cx_error *err)
{
    tg->scale = isnan(tg->sd) ? fabs(tg->value) : tg->sd;
    if (!(tg->scale > 0))
        return cx_calibrate_at(t, r, c, err, "a target of 0 needs an sd: the default "
                               "scale, |target|, would be 0");
    return CX_OK;
}

cx_status cx_calibrate_repeat_at(const cx_csv_table *t, size_t r, size_t c,
                                 const cx_calibrate_target *out, size_t k, cx_error *err)
{
    for (size_t i = 0; i < k; i++)
        if (out[i].metric == out[k].metric && out[i].period == out[k].period)
            return cx_calibrate_at(t, r, c, err, "'%s' (%s) is already a target at line %d",
                                   cx_metric_name((cx_metric)out[k].metric),
                                   out[k].period ? "this period" : "horizon", out[i].line);
    return CX_OK;
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
        st = cx_calibrate_period_at(l->t, r, col(l, COL_PERIOD), horizon, &t->period, err);
    if (st == CX_OK)
        st = cx_calibrate_weight_at(l->t, r, col(l, COL_WEIGHT), &t->weight, err);
    if (st == CX_OK)
        st = cx_calibrate_sd_at(l->t, r, col(l, COL_SD), &t->sd, err);
    if (st == CX_OK)
        st = cx_calibrate_scale_at(l->t, r, vc, t, err);
    if (st == CX_OK)
        st = cx_calibrate_repeat_at(l->t, r, mc, out, k, err);
    return st;
}

int cx_calibrate_blank_row(const cx_csv_table *t, size_t r)
{
    for (size_t c = 0; c < cx_csv_width(t, r); c++)
        if (cx_csv_cell(t, r, c)[0] != '\0')
            return 0;
    return 1;
}

cx_status cx_calibrate_targets_done(const cx_csv_table *t, const cx_calibrate_target *out,
                                    size_t n, cx_error *err)
{
    double weights = 0;
    if (n == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: no target after the header",
                            cx_csv_name(t), cx_csv_line(t, 0) + 1);
    for (size_t i = 0; i < n; i++)
        weights += out[i].weight;
    if (!(weights > 0))
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d: every weight is 0: nothing to fit",
                            cx_csv_name(t), out[0].line);
    return CX_OK;
}

static cx_status read_rows(const layout *l, int horizon, cx_calibrate_target *out, size_t *n,
                           cx_error *err)
{
    for (size_t r = 1; r < cx_csv_rows(l->t); r++) {
        if (cx_calibrate_blank_row(l->t, r))
            continue;
        cx_status st = read_row(l, r, horizon, out, *n, err);
        if (st != CX_OK)
            return st;
        (*n)++;
    }
    return cx_calibrate_targets_done(l->t, out, *n, err);
}

/* The long layout is the one with a metric or a value column (a misspelt
 * header of it, "metrik,value", is still read as one). */
static int long_layout(const cx_csv_table *t)
{
    return cx_csv_column(t, "metric") >= 0 || cx_csv_column(t, "value") >= 0;
}

cx_status cx_calibrate_targets_read(const cx_csv_table *t, int horizon,
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
    st = wide ? cx_calibrate_targets_wide(t, horizon, tg, n, err)
              : read_rows(&l, horizon, tg, n, err);
    if (st != CX_OK) {
        free(tg);
        *n = 0;
        return st;
    }
    *out = tg;
    return CX_OK;
}
