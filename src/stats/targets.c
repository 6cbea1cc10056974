/* targets.c - the targets of a calibration from a CSV table (format in
 * docs/analysis.md, "cxsim calibrate"). Every message names the file, the
 * line and the column of the cell at fault.
 */
#include "cxsim/calibrate.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/metrics.h"

enum { COL_METRIC, COL_VALUE, COL_WEIGHT, COL_SD, COL_PERIOD, N_COLS };

static const char *const col_names[N_COLS] = {"metric", "value", "weight", "sd", "period"};

/* Which field of a row each column is (-1: absent). */
typedef struct layout {
    int at[N_COLS];
    size_t width;
    const char *path;
} layout;

/* "PATH:LINE:COLUMN: before TEXT after" for cell c. */
static cx_status at_cell(cx_error *err, const layout *l, const cx_csv_cell *c,
                         const char *before, const char *text, const char *after)
{
    return cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: %s%s%s", l->path, c->line, c->column,
                        before, text, after);
}

static cx_status read_header(const cx_csv_record *h, layout *l, cx_error *err)
{
    for (int i = 0; i < N_COLS; i++)
        l->at[i] = -1;
    l->width = h->n;
    for (size_t f = 0; f < h->n; f++) {
        int c = 0;
        while (c < N_COLS && strcmp(h->cells[f].text, col_names[c]) != 0)
            c++;
        if (c == N_COLS)
            return at_cell(err, l, &h->cells[f], "unknown column '", h->cells[f].text,
                           "' (columns: metric, value, weight, sd, period)");
        if (l->at[c] >= 0)
            return at_cell(err, l, &h->cells[f], "column '", h->cells[f].text,
                           "' given twice");
        l->at[c] = (int)f;
    }
    for (int c = 0; c < 2; c++)
        if (l->at[c] < 0)
            return at_cell(err, l, &h->cells[0], "no column '", col_names[c],
                           "' (the header is metric,value with optional weight, sd, "
                           "period)");
    return CX_OK;
}

/* A finite number filling the whole cell. */
static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static cx_status number_cell(const layout *l, const cx_csv_cell *c, const char *col,
                             double *out, cx_error *err)
{
    if (parse_number(c->text, out) == 0)
        return CX_OK;
    return cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: %s: '%s' is not a number", l->path,
                        c->line, c->column, col, c->text);
}

/* The cell of column c in row r, or NULL when the column is absent or
 * the cell blank. */
static const cx_csv_cell *cell(const layout *l, const cx_csv_record *r, int c)
{
    if (l->at[c] < 0 || r->cells[l->at[c]].text[0] == '\0')
        return NULL;
    return &r->cells[l->at[c]];
}

static cx_status read_period(const layout *l, const cx_csv_cell *c, int horizon, int *out,
                             cx_error *err)
{
    double p;
    if (!c) {
        *out = 0;
        return CX_OK;
    }
    if (parse_number(c->text, &p) != 0 || p != floor(p) || p < 1 || p > horizon)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: period: must be an integer in "
                            "[1,%d] (the horizon), got '%s'", l->path, c->line, c->column,
                            horizon, c->text);
    *out = (int)p;
    return CX_OK;
}

/* weight (default 1, >= 0) and sd (default none, > 0), then the scale. */
static cx_status read_spread(const layout *l, const cx_csv_record *r, cx_calibrate_target *t,
                             cx_error *err)
{
    const cx_csv_cell *w = cell(l, r, COL_WEIGHT), *sd = cell(l, r, COL_SD);
    t->weight = 1;
    t->sd = NAN;
    if (w && (number_cell(l, w, "weight", &t->weight, err) != CX_OK || t->weight < 0))
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: weight: must be a number >= 0, "
                            "got '%s'", l->path, w->line, w->column, w->text);
    if (sd && (number_cell(l, sd, "sd", &t->sd, err) != CX_OK || !(t->sd > 0)))
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: sd: must be a number > 0, got "
                            "'%s'", l->path, sd->line, sd->column, sd->text);
    t->scale = sd ? t->sd : fabs(t->value);
    if (!(t->scale > 0)) {
        const cx_csv_cell *v = &r->cells[l->at[COL_VALUE]];
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: a target of 0 needs an sd: the "
                            "default scale, |target|, would be 0", l->path, v->line,
                            v->column);
    }
    return CX_OK;
}

/* Row r (not the header) into t; earlier targets t[-k] checked for a
 * repeat of (metric, period). */
static cx_status read_row(const layout *l, const cx_csv_record *r, int horizon,
                          cx_calibrate_target *out, size_t k, cx_error *err)
{
    cx_calibrate_target *t = &out[k];
    if (r->n != l->width) {
        const cx_csv_cell *c = &r->cells[r->n < l->width ? r->n - 1 : l->width];
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: %zu fields, the header has %zu",
                            l->path, c->line, c->column, r->n, l->width);
    }
    const cx_csv_cell *m = &r->cells[l->at[COL_METRIC]];
    t->line = r->line;
    t->metric = cx_metric_from_name(m->text);
    if (t->metric < 0)
        return at_cell(err, l, m, "unknown metric '", m->text,
                       "' (metric names: docs/results.md)");
    cx_status st = number_cell(l, &r->cells[l->at[COL_VALUE]], "value", &t->value, err);
    if (st == CX_OK)
        st = read_period(l, cell(l, r, COL_PERIOD), horizon, &t->period, err);
    if (st == CX_OK)
        st = read_spread(l, r, t, err);
    for (size_t i = 0; st == CX_OK && i < k; i++)
        if (out[i].metric == t->metric && out[i].period == t->period)
            st = cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: metric '%s' (%s) is already a "
                              "target at line %d", l->path, m->line, m->column, m->text,
                              t->period ? "this period" : "horizon", out[i].line);
    return st;
}

static cx_status read_rows(const cx_csv_table *t, const layout *l, int horizon,
                           cx_calibrate_target *out, cx_error *err)
{
    double weights = 0;
    for (size_t r = 1; r < t->n_rows; r++) {
        cx_status st = read_row(l, &t->rows[r], horizon, out, r - 1, err);
        if (st != CX_OK)
            return st;
        weights += out[r - 1].weight;
    }
    if (!(weights > 0))
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: every weight is 0: nothing to fit",
                            l->path, t->rows[1].line, 1);
    return CX_OK;
}

cx_status cx_calibrate_targets_read(const cx_csv_table *t, const char *path, int horizon,
                                    cx_calibrate_target **out, size_t *n, cx_error *err)
{
    layout l = {.path = path};
    *out = NULL;
    *n = 0;
    if (t->n_rows == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:1:1: empty: expected a header "
                            "metric,value and one target per line", path);
    cx_status st = read_header(&t->rows[0], &l, err);
    if (st != CX_OK)
        return st;
    if (t->n_rows == 1)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d:1: no target after the header", path,
                            t->rows[0].line + 1);
    cx_calibrate_target *tg = calloc(t->n_rows - 1, sizeof *tg);
    if (!tg)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", path);
    st = read_rows(t, &l, horizon, tg, err);
    if (st != CX_OK) {
        free(tg);
        return st;
    }
    *out = tg;
    *n = t->n_rows - 1;
    return CX_OK;
}
