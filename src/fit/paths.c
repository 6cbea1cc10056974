/* paths.c - a path table in the layout of attribution tools (the
 * ChannelAttribution package for R and Python): one row per distinct
 * path, "path;total_conversions;total_conversion_value;total_null", the
 * steps of a path separated by " > " (docs/fit.md, "Path tables"). */
#include "fit_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/csv_stream.h"
#include "cxsim/csv_table.h"

enum { P_PATH, P_CONV, P_VALUE, P_NULL, P_COLS };
static const char *const col_names[P_COLS] = {"path", "total_conversions",
                                              "total_conversion_value", "total_null"};

typedef struct preader {
    cx_fit_data *d;
    const char *path, *step;
    char sep;
    int col[P_COLS];
    char **header;
    size_t width;
    uint32_t *ids;
    size_t ids_cap;
} preader;

#define PBAD(r, line, c, ...)                                                          \
    do {                                                                               \
        char msg_[768];                                                                \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                      \
        if ((c) < 0)                                                                   \
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: %s", (r)->path, line, msg_); \
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: column %d (%s): %s", (r)->path,  \
                            line, (c) + 1, (r)->header[c], msg_);                      \
    } while (0)

static cx_status header(preader *r, char *const *f, size_t n, size_t line, cx_error *err)
{
    if (!(r->header = calloc(n, sizeof *r->header)))
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", r->path);
    r->width = n;
    for (size_t i = 0; i < n; i++)
        if (!(r->header[i] = strdup(f[i])))
            return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", r->path);
    if (n == 1 && strchr(f[0], r->sep == ';' ? ',' : ';'))
        PBAD(r, line, -1, "the header is one column '%s': the table's separator is '%c' "
             "(--paths-sep sets another)", f[0], r->sep);
    for (int c = 0; c < P_COLS; c++) {
        r->col[c] = -1;
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i], col_names[c]) == 0) {
                if (r->col[c] >= 0)
                    PBAD(r, line, (int)i, "column '%s' given twice (first as column %d)",
                         f[i], r->col[c] + 1);
                r->col[c] = (int)i;
            }
        if (r->col[c] < 0 && c != P_VALUE)
            PBAD(r, line, -1, "no column '%s' (a path table has path, total_conversions, "
                 "total_null and optionally total_conversion_value)", col_names[c]);
        if (r->col[c] >= 0)
            snprintf(r->d->source[c == P_PATH ? CX_FIT_TOUCHPOINT : CX_FIT_OUTCOME],
                     sizeof r->d->source[0], "%s", c == P_PATH ? "path" : "total_conversions");
    }
    return CX_OK;
}

static cx_status count(preader *r, char *const *f, size_t line, int c, double *v, cx_error *err)
{
    if (cx_csv_parse_number(f[r->col[c]], v) != 0 || *v < 0 || *v != floor(*v))
        PBAD(r, line, r->col[c], "'%s' is not a count (a whole number, 0 or more)",
             f[r->col[c]]);
    return CX_OK;
}

/* The steps of a path, as touchpoint ids into r->ids; *n their number. */
static cx_status steps(preader *r, const char *s, size_t line, size_t *n, cx_error *err)
{
    size_t sl = strlen(r->step);
    int c = r->col[P_PATH];
    *n = 0;
    for (;;) {
        const char *end = strstr(s, r->step);
        size_t len = end ? (size_t)(end - s) : strlen(s);
        char name[CX_NAME_MAX + 8];
        if (len == 0)
            PBAD(r, line, c, "an empty step (two separators '%s' in a row, or one at an end)",
                 r->step);
        if (len >= CX_NAME_MAX)
            PBAD(r, line, c, "step '%.*s...' is longer than 63 bytes", 40, s);
        memcpy(name, s, len);
        name[len] = '\0';
        if (strchr(name, '>') || strchr(name, '|') || strchr(name, ','))
            PBAD(r, line, c, "step '%s' holds another separator than '%s' (mixed separators?)",
                 name, r->step);
        const char *why = cx_fit_bad_name(name, 1);
        if (why)
            PBAD(r, line, c, "touchpoint '%s' %s", name, why);
        if (*n == CX_FIT_MAX_STEPS)
            PBAD(r, line, c, "a path of more than %d steps", CX_FIT_MAX_STEPS);
        if (*n == r->ids_cap) {
            size_t cap = r->ids_cap ? r->ids_cap * 2 : 64;
            uint32_t *p = realloc(r->ids, cap * sizeof *p);
            if (!p)
                return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
            r->ids = p;
            r->ids_cap = cap;
        }
        long tp = cx_fit_data_tp(r->d, name, len);
        if (tp < 0)
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
        r->ids[(*n)++] = (uint32_t)tp;
        if (!end)
            return CX_OK;
        s = end + sl;
    }
}

static cx_status on_prow(void *ctx, char *const *f, size_t n, size_t line, cx_error *err)
{
    preader *r = ctx;
    double conv, null, value = 0;
    size_t len;
    if (!r->header)
        return header(r, f, n, line, err);
    if (n != r->width)
        PBAD(r, line, -1, "%zu fields, the header has %zu (separator '%c'; mixed "
             "separators?)", n, r->width, r->sep);
    if (count(r, f, line, P_CONV, &conv, err) != CX_OK ||
        count(r, f, line, P_NULL, &null, err) != CX_OK ||
        steps(r, f[r->col[P_PATH]], line, &len, err) != CX_OK)
        return err->code;
    if (r->col[P_VALUE] >= 0 && cx_csv_parse_number(f[r->col[P_VALUE]], &value) != 0)
        PBAD(r, line, r->col[P_VALUE], "'%s' is not a finite number", f[r->col[P_VALUE]]);
    if (conv + null > 0)
        r->d->journey_line = line;
    return cx_fit_data_add_path(r->d, r->ids, len, conv, null, value, err);
}

cx_status cx_fit_read_paths(cx_fit_data *d, const char *path, const cx_fit_paths_opts *o,
                            cx_error *err)
{
    preader r = {.d = d, .path = path, .sep = o && o->sep ? o->sep : ';',
                 .step = o && o->step && *o->step ? o->step : " > "};
    size_t rows;
    uint64_t before = d->journeys;
    d->from_paths = 1;
    cx_status st = cx_csv_stream(path, r.sep, on_prow, &r, &rows, err);
    if (st == CX_OK && rows == 0)
        st = cx_error_set(err, CX_ERR_INPUT, "%s:1: empty: expected a header row (path;"
                          "total_conversions;total_conversion_value;total_null) and one "
                          "path per line", path);
    else if (st == CX_OK && rows == 1)
        st = cx_error_set(err, CX_ERR_INPUT, "%s:2: no path after the header", path);
    else if (st == CX_OK && d->journeys == before)
        st = cx_error_set(err, CX_ERR_INPUT, "%s:2: every count is 0: no journey to fit", path);
    else if (st == CX_OK)
        st = cx_fit_data_enough(d, path, err);
    for (size_t i = 0; r.header && i < r.width; i++)
        free(r.header[i]);
    free(r.header);
    free(r.ids);
    return st;
}
