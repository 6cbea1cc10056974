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

enum { COL_METRIC, COL_VALUE, COL_WEIGHT, COL_SD, COL_PERIOD, N_COLS };

static const char *const col_names[N_COLS] = {"metric", "value", "weight", "sd", "period"};

/* Which field of a row each column is (-1: absent). */
typedef struct layout {
    const cx_csv_table *t;
    int at[N_COLS];
    size_t width;
} layout;

/* "FILE:LINE: column N (NAME): message" for column c of row r. */
static cx_status at_cell(const layout *l, size_t r, size_t c, cx_error *err, const char *fmt,
                         ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static cx_status at_cell(const layout *l, size_t r, size_t c, cx_error *err, const char *fmt,
                         ...)
{
    char msg[CX_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *head = r > 0 ? cx_csv_cell(l->t, 0, c) : NULL;
    if (head)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: column %zu (%s): %s",
                            cx_csv_name(l->t), cx_csv_line(l->t, r), c + 1, head, msg);
    return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: column %zu: %s", cx_csv_name(l->t),
                        cx_csv_line(l->t, r), c + 1, msg);
}

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

/* A finite number filling the whole cell. */
static int parse_number(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* The cell of column c in row r, or NULL when the column is absent or
 * the cell blank. */
static const char *cell(const layout *l, size_t r, int c)
{
    const char *s = l->at[c] >= 0 ? cx_csv_cell(l->t, r, (size_t)l->at[c]) : NULL;
    return s && *s ? s : NULL;
}

static cx_status read_period(const layout *l, size_t r, int horizon, int *out, cx_error *err)
{
    const char *s = cell(l, r, COL_PERIOD);
    double p;
    *out = 0;
    if (s && (parse_number(s, &p) != 0 || p != floor(p) || p < 1 || p > horizon))
        return at_cell(l, r, (size_t)l->at[COL_PERIOD], err, "must be an integer in [1,%d] "
                       "(the horizon), got '%s'", horizon, s);
    if (s)
        *out = (int)p;
    return CX_OK;
}

/* weight (default 1, >= 0) and sd (default none, > 0), then the scale. */
static cx_status read_spread(const layout *l, size_t r, cx_calibrate_target *t, cx_error *err)
{
    const char *w = cell(l, r, COL_WEIGHT), *sd = cell(l, r, COL_SD);
    t->weight = 1;
    t->sd = NAN;
    if (w && (parse_number(w, &t->weight) != 0 || t->weight < 0))
        return at_cell(l, r, (size_t)l->at[COL_WEIGHT], err, "must be a number >= 0, got "
                       "'%s'", w);
    if (sd && (parse_number(sd, &t->sd) != 0 || !(t->sd > 0)))
        return at_cell(l, r, (size_t)l->at[COL_SD], err, "must be a number > 0, got '%s'", sd);
    t->scale = sd ? t->sd : fabs(t->value);
    if (!(t->scale > 0))
        return at_cell(l, r, (size_t)l->at[COL_VALUE], err, "a target of 0 needs an sd: the "
                       "default scale, |target|, would be 0");
    return CX_OK;
}

/* Row r into out[k]; out[0..k) checked for a repeat of (metric, period). */
static cx_status read_row(const layout *l, size_t r, int horizon, cx_calibrate_target *out,
                          size_t k, cx_error *err)
{
    cx_calibrate_target *t = &out[k];
    size_t width = cx_csv_width(l->t, r), mc = (size_t)l->at[COL_METRIC];
    if (width != l->width)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: %zu fields, the header has %zu",
                            cx_csv_name(l->t), cx_csv_line(l->t, r), width, l->width);
    const char *metric = cx_csv_cell(l->t, r, mc);
    t->line = (int)cx_csv_line(l->t, r);
    t->metric = cx_metric_from_name(metric);
    if (t->metric < 0) {
        char hint[96];
        cx_metric_hint(metric, hint, sizeof hint);
        return at_cell(l, r, mc, err, "unknown metric '%s'%s (metric names: docs/results.md)",
                       metric, hint);
    }
    cx_status st = cx_csv_number_at(l->t, r, (size_t)l->at[COL_VALUE], &t->value, err) == 0
                       ? CX_OK : CX_ERR_INPUT;
    if (st == CX_OK)
        st = read_period(l, r, horizon, &t->period, err);
    if (st == CX_OK)
        st = read_spread(l, r, t, err);
    for (size_t i = 0; st == CX_OK && i < k; i++)
        if (out[i].metric == t->metric && out[i].period == t->period)
            st = at_cell(l, r, mc, err, "'%s' (%s) is already a target at line %d", metric,
                         t->period ? "this period" : "horizon", out[i].line);
    return st;
}

/* A row of blank fields (",,") is as good as a blank line. */
static int blank_row(const cx_csv_table *t, size_t r)
{
    for (size_t c = 0; c < cx_csv_width(t, r); c++)
        if (cx_csv_cell(t, r, c)[0] != '\0')
            return 0;
    return 1;
}

static cx_status read_rows(const layout *l, int horizon, cx_calibrate_target *out, size_t *n,
                           cx_error *err)
{
    double weights = 0;
    for (size_t r = 1; r < cx_csv_rows(l->t); r++) {
        if (blank_row(l->t, r))
            continue;
        cx_status st = read_row(l, r, horizon, out, *n, err);
        if (st != CX_OK)
            return st;
        weights += out[(*n)++].weight;
    }
    if (*n == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: no target after the header",
                            cx_csv_name(l->t), cx_csv_line(l->t, 0) + 1);
    if (!(weights > 0))
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d: every weight is 0: nothing to fit",
                            cx_csv_name(l->t), out[0].line);
    return CX_OK;
}

cx_status cx_calibrate_targets_read(const cx_csv_table *t, int horizon,
                                    cx_calibrate_target **out, size_t *n, cx_error *err)
{
    layout l = {.t = t};
    *out = NULL;
    *n = 0;
    if (cx_csv_rows(t) == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:1: empty: expected a header metric,value "
                            "and one target per line", cx_csv_name(t));
    cx_status st = read_header(&l, err);
    if (st != CX_OK)
        return st;
    cx_calibrate_target *tg = calloc(cx_csv_rows(t), sizeof *tg);
    if (!tg)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", cx_csv_name(t));
    st = read_rows(&l, horizon, tg, n, err);
    if (st != CX_OK) {
        free(tg);
        *n = 0;
        return st;
    }
    *out = tg;
    return CX_OK;
}
