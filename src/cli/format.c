/* format.c - a verb's results on stdout for machines: --format csv prints
 * its primary table as the results file holds it; --format json prints
 * every table as one JSON document.
 *
 * Both come from the very writer that writes the results file, so stdout
 * and the file cannot disagree. JSON is made by reading that CSV back
 * (the strict reader, cx_csv_read_buffer) and typing each column: numbers
 * where every cell is a number, NA or empty (those two become null),
 * booleans where every cell is true or false, strings otherwise. A
 * column's type never depends on one cell, so a reader sees the same type
 * in every row.
 */
#include "format.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/csv_table.h"
#include "cxsim/json.h"
#include "cxsim/suggest.h"
#include "opts.h"

enum { COL_NUMBER, COL_BOOL, COL_STRING };

static int is_missing(const char *s)
{
    return !s || !*s || strcmp(s, "NA") == 0;
}

/* As every CSV reader of the project reads a number (cx_csv_parse_number):
 * a name such as "0x10" or "inf" stays a string. */
static int is_number(const char *s, double *x)
{
    return cx_csv_parse_number(s, x) == 0;
}

static int is_bool(const char *s)
{
    return strcmp(s, "true") == 0 || strcmp(s, "false") == 0;
}

/* The type of column c over rows 1.. of t. */
static int column_type(const cx_csv_table *t, size_t c)
{
    int numbers = 1, bools = 1, any = 0;
    for (size_t r = 1; r < cx_csv_rows(t); r++) {
        const char *s = cx_csv_cell(t, r, c);
        double x;
        if (is_missing(s))
            continue;
        any = 1;
        numbers &= is_number(s, &x);
        bools &= is_bool(s);
    }
    if (!any || numbers)
        return COL_NUMBER;
    return bools ? COL_BOOL : COL_STRING;
}

static void json_cell(cx_json *j, const char *s, int type)
{
    double x;
    if (type == COL_STRING)
        cx_json_string(j, s ? s : "");
    else if (is_missing(s))
        cx_json_null(j);
    else if (type == COL_BOOL)
        cx_json_bool(j, strcmp(s, "true") == 0);
    else
        cx_json_number(j, is_number(s, &x) ? x : NAN);
}

/* The rows of t as an array of objects keyed by the header. */
static void json_rows(cx_json *j, const cx_csv_table *t)
{
    size_t w = cx_csv_rows(t) ? cx_csv_width(t, 0) : 0;
    int type[CX_CSV_MAX_COLUMNS];
    for (size_t c = 0; c < w; c++)
        type[c] = column_type(t, c);
    cx_json_begin_array(j);
    for (size_t r = 1; r < cx_csv_rows(t); r++) {
        cx_json_begin_object(j);
        for (size_t c = 0; c < w; c++) {
            cx_json_key(j, cx_csv_cell(t, 0, c));
            json_cell(j, cx_csv_cell(t, r, c), type[c]);
        }
        cx_json_end_object(j);
    }
    cx_json_end_array(j);
}

/* Table tb's CSV, read back into *out. */
static cx_status table_of(const cx_cli_table *tb, cx_csv_table **out, cx_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for the %s table", tb->name);
    int rc = tb->write(mem, tb->ctx);
    rc |= fclose(mem) != 0;
    cx_status st = rc ? cx_error_set(err, CX_ERR_NOMEM, "out of memory for the %s table",
                                     tb->name)
                      : cx_csv_read_buffer(tb->name, buf, len, out, err);
    free(buf);
    return st;
}

#define MAX_TABLES 8

/* Every table is read back before the first byte goes out, so a failure
 * leaves stdout empty rather than half a document. */
static cx_status emit_json(const cx_cli_opts *o, const cx_cli_table *tables, size_t n,
                           cx_error *err)
{
    cx_csv_table *t[MAX_TABLES] = {0};
    cx_status st = n <= MAX_TABLES ? CX_OK
                                   : cx_error_set(err, CX_ERR_USAGE, "at most %d tables",
                                                  MAX_TABLES);
    for (size_t i = 0; st == CX_OK && i < n; i++)
        st = table_of(&tables[i], &t[i], err);
    if (st == CX_OK) {
        cx_json j;
        cx_json_init(&j, stdout, 2);
        cx_json_begin_object(&j);
        cx_json_key(&j, "command");
        cx_json_string(&j, o->verb);
        cx_json_key(&j, "scenario");
        cx_json_string(&j, o->scenario);
        for (size_t i = 0; i < n; i++) {
            cx_json_key(&j, tables[i].name);
            json_rows(&j, t[i]);
        }
        cx_json_end_object(&j);
        errno = 0;
        if (cx_json_finish(&j) != 0 || fflush(stdout) != 0)
            st = cx_error_set(err, CX_ERR_IO, "cannot write the results to stdout: %s",
                              strerror(errno ? errno : EIO));
    }
    for (size_t i = 0; i < n && i < MAX_TABLES; i++)
        cx_csv_table_free(t[i]);
    return st;
}

cx_status cx_cli_emit(const cx_cli_opts *o, const cx_cli_table *tables, size_t n,
                      cx_error *err)
{
    if (o->format == CX_CLI_FORMAT_JSON)
        return emit_json(o, tables, n, err);
    errno = 0;
    if (tables[0].write(stdout, tables[0].ctx) != 0 || fflush(stdout) != 0)
        return cx_error_set(err, CX_ERR_IO, "cannot write the results to stdout: %s",
                            strerror(errno ? errno : EIO));
    return CX_OK;
}

cx_status cx_cli_format_parse(const char *s, int *out, cx_error *err)
{
    static const char *const names[] = {"table", "csv", "json"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return CX_OK;
        }
    char hint[64];
    cx_suggest_hint(s, names, 3, hint, sizeof hint);
    return cx_error_set(err, CX_ERR_USAGE, "--format must be table, csv or json, got '%s'%s",
                        s, hint);
}
