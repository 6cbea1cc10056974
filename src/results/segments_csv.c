/* segments_csv.c - segments from a CSV table (cxsim/segments_csv.h). The
 * header is checked whole before any row, so that a misspelt column is
 * reported as such and not as a bad value further down. */
#include "cxsim/segments_csv.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/suggest.h"

/* What each column of the header is. */
typedef struct layout {
    const cx_csv_table *t;
    size_t width;
    int name_col;                   /* the `name` column */
    int share_col;                  /* the `share` column, or -1 */
    const cx_param_spec *specs;
    size_t n_specs;
    const cx_param_spec **col;      /* [width]: the key of each column; NULL for name */
} layout;

/* Shares may exceed 1 by this much, as cx_model_validate allows. */
#define SHARE_SLACK 1e-6

static cx_status at(const layout *l, size_t r, size_t c, cx_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* "FILE:LINE: column N (HEADER): message" (c CX_CSV_NO_COLUMN: no column). */
static cx_status at(const layout *l, size_t r, size_t c, cx_error *err, const char *fmt, ...)
{
    char where[CX_ERROR_MAX], msg[CX_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cx_csv_where(l->t, r, c, where, sizeof where);
    return cx_error_set(err, CX_ERR_INPUT, "%s%s", where, msg);
}

/* Whether key is the head of dotted keys, as "trust" is of trust.mean. */
static int is_group(const layout *l, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i < l->n_specs; i++)
        if (strncmp(l->specs[i].key, key, n) == 0 && l->specs[i].key[n] == '.')
            return 1;
    return 0;
}

static cx_status unknown_column(const layout *l, size_t c, const char *key, cx_error *err)
{
    cx_suggestion s;
    if (strcmp(key, "segment") == 0)
        return at(l, 0, c, err, "unknown column 'segment'; the column of segment names "
                  "is 'name'");
    if (is_group(l, key))
        return at(l, 0, c, err, "unknown column '%s'; its keys are columns of their own, "
                  "written with a dot (%s.KEY, as %s.KEY = ... in segment { })", key, key,
                  key);
    cx_suggest_init(&s, key);
    cx_suggest_add(&s, "name");
    for (size_t i = 0; i < l->n_specs; i++)
        cx_suggest_add(&s, l->specs[i].key);
    if (s.best)
        return at(l, 0, c, err, "unknown column '%s'; did you mean '%s'?", key, s.best);
    return at(l, 0, c, err, "unknown column '%s' (columns: name and the segment keys of "
              "docs/scenarios.md)", key);
}

/* The column before c with the same header, or -1. */
static int earlier(const layout *l, size_t c)
{
    const char *key = cx_csv_cell(l->t, 0, c);
    for (size_t k = 0; k < c; k++)
        if (strcmp(cx_csv_cell(l->t, 0, k), key) == 0)
            return (int)k;
    return -1;
}

static cx_status read_header(layout *l, cx_error *err)
{
    l->name_col = l->share_col = -1;
    for (size_t c = 0; c < l->width; c++) {
        const char *key = cx_csv_cell(l->t, 0, c);
        int k = earlier(l, c);
        if (key[0] == '\0')
            return at(l, 0, c, err, "the header cell is empty: every column names a key");
        if (k >= 0)
            return at(l, 0, c, err, "column '%s' given twice (first as column %d)", key,
                      k + 1);
        if (strcmp(key, "name") == 0) {
            l->name_col = (int)c;
            continue;
        }
        l->col[c] = cx_param_find(l->specs, l->n_specs, key);
        if (!l->col[c])
            return unknown_column(l, c, key, err);
        if (strcmp(key, "share") == 0)
            l->share_col = (int)c;
    }
    if (l->name_col < 0)
        return at(l, 0, CX_CSV_NO_COLUMN, err, "no column 'name' (the header names the "
                  "columns: name, share and the segment keys of docs/scenarios.md)");
    return CX_OK;
}

/* The name of row r: what `segment "name"` accepts. */
static cx_status read_name(const layout *l, size_t r, cx_segment *s, cx_error *err)
{
    size_t c = (size_t)l->name_col;
    const char *name = cx_csv_cell(l->t, r, c);
    size_t len = strlen(name);
    if (len == 0)
        return at(l, r, c, err, "empty: every segment needs a name");
    if (len >= CX_NAME_MAX)
        return at(l, r, c, err, "name \"%.20s...\" is longer than %d bytes", name,
                  CX_NAME_MAX - 1);
    if (strpbrk(name, ".*"))
        return at(l, r, c, err, "name \"%s\" must not contain '.' or '*' (they separate "
                  "the parts of --set paths)", name);
    cx_segment_defaults(s, name);
    s->line = (int)cx_csv_line(l->t, r);
    snprintf(s->file, sizeof s->file, "%s", cx_csv_name(l->t));
    return CX_OK;
}

/* Every non-empty value cell of row r into s, through the parameter table. */
static cx_status read_values(const layout *l, size_t r, cx_segment *s, cx_error *err)
{
    for (size_t c = 0; c < l->width; c++) {
        const char *cell = cx_csv_cell(l->t, r, c);
        double v;
        cx_error why;
        if (!l->col[c] || cell[0] == '\0')
            continue;               /* the name, or a key left at its default */
        if (cx_csv_number_at(l->t, r, c, &v, err) != 0)
            return CX_ERR_INPUT;
        if (cx_param_set(l->col[c], s, v, &why) != CX_OK)
            return at(l, r, c, err, "%s", why.msg);
    }
    return CX_OK;
}

/* The rules across keys, as the model checks them (one path for CSV and
 * Lua segments): scratch holds the segment alone. */
static cx_status check_segment(const layout *l, size_t r, cx_model *scratch,
                               const cx_segment *s, cx_error *err)
{
    cx_error why;
    scratch->n_segments = 0;
    cx_status st = cx_model_add_segment(scratch, s, err);
    if (st == CX_OK && cx_model_validate_segment(scratch, 0, &why) != CX_OK)
        st = at(l, r, CX_CSV_NO_COLUMN, err, "%s", why.msg);
    return st;
}

/* A row of empty cells is as good as a blank line. */
static int blank_row(const cx_csv_table *t, size_t r)
{
    for (size_t c = 0; c < cx_csv_width(t, r); c++)
        if (cx_csv_cell(t, r, c)[0] != '\0')
            return 0;
    return 1;
}

/* Row r into out[k], checked against out[0..k) for a repeated name;
 * *shares is the sum of the shares of out[0..k), then of out[0..k]. */
static cx_status read_row(const layout *l, size_t r, cx_model *scratch, cx_segment *out,
                          size_t k, double *shares, cx_error *err)
{
    cx_segment *s = &out[k];
    size_t width = cx_csv_width(l->t, r);
    if (width != l->width)
        return at(l, r, CX_CSV_NO_COLUMN, err, "%zu fields, the header has %zu", width,
                  l->width);
    cx_status st = read_name(l, r, s, err);
    for (size_t i = 0; st == CX_OK && i < k; i++)
        if (strcmp(out[i].name, s->name) == 0)
            st = at(l, r, (size_t)l->name_col, err, "segment \"%s\" is already on line %d",
                    s->name, out[i].line);
    if (st == CX_OK)
        st = read_values(l, r, s, err);
    if (st == CX_OK)
        st = check_segment(l, r, scratch, s, err);
    if (st == CX_OK)
        *shares += s->share;
    if (st == CX_OK && *shares > 1 + SHARE_SLACK)
        st = at(l, r, l->share_col >= 0 ? (size_t)l->share_col : CX_CSV_NO_COLUMN, err,
                "the shares of lines %d to %d sum to %.10g, more than 1%s", out[0].line,
                s->line, *shares, l->share_col >= 0 ? "" : " (without a share column "
                "every segment has the default share 1)");
    return st;
}

static cx_status read_rows(const layout *l, cx_segment *out, size_t *n, cx_error *err)
{
    cx_model *scratch = cx_model_new();
    cx_status st = CX_OK;
    double shares = 0;
    if (!scratch)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", cx_csv_name(l->t));
    for (size_t r = 1; st == CX_OK && r < cx_csv_rows(l->t); r++) {
        if (blank_row(l->t, r))
            continue;
        st = read_row(l, r, scratch, out, *n, &shares, err);
        if (st == CX_OK)
            (*n)++;
    }
    cx_model_free(scratch);
    if (st == CX_OK && *n == 0)
        st = cx_error_set(err, CX_ERR_INPUT, "%s:%zu: no segment after the header (one "
                          "segment per line: name,share,...)", cx_csv_name(l->t),
                          cx_csv_line(l->t, 0) + 1);
    return st;
}

cx_status cx_segments_csv_read(const cx_csv_table *t, cx_segment **out, size_t *n,
                               cx_error *err)
{
    layout l = {.t = t};
    *out = NULL;
    *n = 0;
    if (cx_csv_rows(t) == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:1: empty: expected a header row "
                            "(name,share,...) and one segment per line", cx_csv_name(t));
    l.width = cx_csv_width(t, 0);
    l.specs = cx_model_segment_params(&l.n_specs);
    l.col = calloc(l.width, sizeof *l.col);
    cx_segment *segs = calloc(cx_csv_rows(t), sizeof *segs);
    cx_status st = l.col && segs ? CX_OK
                                 : cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory",
                                                cx_csv_name(t));
    if (st == CX_OK)
        st = read_header(&l, err);
    if (st == CX_OK)
        st = read_rows(&l, segs, n, err);
    free(l.col);
    if (st != CX_OK) {
        free(segs);
        *n = 0;
        return st;
    }
    *out = segs;
    return CX_OK;
}
