/* customers.c - the customer table for churn and frequency (docs/fit.md,
 * "Churn", "Frequency"): one row per customer with its first and last
 * active period and whether it churned, folded into churned counts,
 * customer-periods of exposure and the log's journeys per segment. Memory grows with customers (to refuse a repeated id). */
#include "fit_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cxsim/csv_stream.h"

static const char *const col_names[CX_FIT_CUST_ROLES] = {
    "customer", "segment", "first", "last", "churned",
};

const char *cx_fit_customers_role_name(int role)
{
    return role >= 0 && role < CX_FIT_CUST_ROLES ? col_names[role] : NULL;
}

int cx_fit_customers_role_of(const char *name)
{
    for (int r = 0; r < CX_FIT_CUST_ROLES; r++)
        if (strcmp(name, col_names[r]) == 0)
            return r;
    return -1;
}

typedef struct table {
    cx_fit_data *d;
    const cx_fit_customers_opts *o;
    const char *path;
    int col[CX_FIT_CUST_ROLES];
    char **header;
    size_t width;
    cx_fit_dict ids;        /* customers seen, to refuse a repeated id */
    size_t *first_line;     /* [ids.n] the line each id was on */
    size_t lines_cap;
} table;

#define BAD(t, line, col, ...)                                                           \
    do {                                                                                 \
        char msg_[768];                                                                  \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                        \
        if ((col) < 0)                                                                   \
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: %s", (t)->path, line, msg_); \
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: column %d (%s): %s", (t)->path,  \
                            line, (col) + 1, (t)->header[col], msg_);                    \
    } while (0)

static cx_status header(table *t, char *const *f, size_t n, size_t line, cx_error *err)
{
    t->header = calloc(n, sizeof *t->header);
    if (!t->header)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", t->path);
    t->width = n;
    for (size_t i = 0; i < n; i++) {
        if (!(t->header[i] = strdup(f[i])))
            return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", t->path);
        for (size_t k = 0; k < i; k++)
            if (strcmp(f[k], f[i]) == 0)
                BAD(t, line, (int)i, "column '%s' given twice (first as column %zu)", f[i],
                    k + 1);
    }
    for (int r = 0; r < CX_FIT_CUST_ROLES; r++) {
        const char *want = t->o->column[r] ? t->o->column[r] : col_names[r];
        t->col[r] = -1;
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i], want) == 0)
                t->col[r] = (int)i;
        if (t->col[r] < 0 && (r != CX_FIT_CUST_SEGMENT || t->o->column[r]))
            BAD(t, line, -1, "no column '%s' (name it with --customers-column %s=NAME; "
                "docs/fit.md lists the columns)", want, col_names[r]);
    }
    snprintf(t->d->churn_source, sizeof t->d->churn_source, "%s (customer table)",
             t->header[t->col[CX_FIT_CUST_CHURNED]]);
    snprintf(t->d->freq_source, sizeof t->d->freq_source, "%.40s and %.40s (customer table)",
             t->header[t->col[CX_FIT_CUST_FIRST]], t->header[t->col[CX_FIT_CUST_LAST]]);
    /* segments are those of the log: a table without them, or a log
     * without them, gives one pooled hazard for every segment */
    t->d->churn_pooled = t->col[CX_FIT_CUST_SEGMENT] < 0 || !t->d->has_segment;
    return CX_OK;
}

/* A period: a non-negative integer. 0, or -1. */
static int period_of(const char *s, double *out)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-' || *s == '+')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno || v > 1000000000ULL)
        return -1;
    *out = (double)v;
    return 0;
}

static int churned_of(const char *s)
{
    if (strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0)
        return 1;
    if (strcmp(s, "0") == 0 || strcasecmp(s, "false") == 0)
        return 0;
    return -1;
}

static cx_status row(table *t, char *const *f, size_t line, cx_error *err)
{
    cx_fit_data *d = t->d;
    int cc = t->col[CX_FIT_CUST_ID], fc = t->col[CX_FIT_CUST_FIRST],
        lc = t->col[CX_FIT_CUST_LAST], hc = t->col[CX_FIT_CUST_CHURNED],
        sc = t->col[CX_FIT_CUST_SEGMENT];
    const char *id = f[cc];
    if (!*id)
        BAD(t, line, cc, "empty: every row needs a customer id");
    int added = 0;
    long k = cx_fit_dict_put(&t->ids, id, strlen(id), &added);
    if (k < 0)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", t->path);
    if (!added)
        BAD(t, line, cc, "customer '%s' repeated (first on line %zu): one row per customer",
            id, t->first_line[k]);
    if ((size_t)k >= t->lines_cap) {
        size_t c = t->lines_cap ? 2 * t->lines_cap : 1024;
        size_t *p = realloc(t->first_line, c * sizeof *p);
        if (!p)
            return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", t->path);
        t->first_line = p;
        t->lines_cap = c;
    }
    t->first_line[k] = line;
    double a, b;
    if (period_of(f[fc], &a) != 0)
        BAD(t, line, fc, "'%s' is not a period (a non-negative integer)", f[fc]);
    if (period_of(f[lc], &b) != 0)
        BAD(t, line, lc, "'%s' is not a period (a non-negative integer)", f[lc]);
    if (b < a)
        BAD(t, line, lc, "last active period %s is before the first, %s", f[lc], f[fc]);
    int ch = churned_of(f[hc]);
    if (ch < 0)
        BAD(t, line, hc, "'%s' is not churned or not (0, 1, true or false)", f[hc]);
    size_t s = 0;
    if (!d->churn_pooled) {
        long g = cx_fit_dict_get(&d->segs, f[sc], strlen(f[sc]));
        if (g < 0)
            BAD(t, line, sc, "segment '%s' is not one of the log's segments", f[sc]);
        s = (size_t)g;
    }
    d->churn_x[s] += ch;
    d->churn_e[s] += b - a + 1;
    /* journeys per active period: the log's journeys of the customer (none
     * when it is not in the log) over the table's periods, so that
     * customers who made no journey count, and the periods before a
     * customer's first journey (docs/fit.md, "Frequency") */
    long c = d->from_paths ? -1 : cx_fit_dict_get(&d->custs, id, strlen(id));
    d->freq_x[s] += c >= 0 ? d->cust[c].journeys : 0;
    d->churn_rows++;
    return CX_OK;
}

static cx_status on_row(void *ctx, char *const *f, size_t n, size_t line, cx_error *err)
{
    table *t = ctx;
    if (!t->header)
        return header(t, f, n, line, err);
    if (n != t->width)
        BAD(t, line, -1, "%zu fields, the header has %zu", n, t->width);
    return row(t, f, line, err);
}

cx_status cx_fit_read_customers(cx_fit_data *d, const char *path,
                                const cx_fit_customers_opts *o, cx_error *err)
{
    table t = {.d = d, .o = o, .path = path};
    size_t n = d->segs.n ? d->segs.n : 1, rows = 0;
    free(d->churn_x);
    free(d->churn_e);
    free(d->freq_x);
    d->churn_x = calloc(n, sizeof *d->churn_x);
    d->churn_e = calloc(n, sizeof *d->churn_e);
    d->freq_x = calloc(n, sizeof *d->freq_x);
    d->churn_rows = 0;
    cx_status st = d->churn_x && d->churn_e && d->freq_x ? CX_OK
                                            : cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    if (st == CX_OK)
        st = cx_csv_stream(path, o->sep ? o->sep : ',', on_row, &t, &rows, err);
    if (st == CX_OK && rows == 0)
        st = cx_error_set(err, CX_ERR_INPUT, "%s:1: empty: expected a header row (customer,"
                          "segment,first,last,churned) and one customer per line", path);
    else if (st == CX_OK && d->churn_rows == 0)
        st = cx_error_set(err, CX_ERR_INPUT, "%s:2: no customer after the header", path);
    d->has_churn_table = st == CX_OK;
    for (size_t i = 0; t.header && i < t.width; i++)
        free(t.header[i]);
    free(t.header);
    free(t.first_line);
    cx_fit_dict_free(&t.ids);
    return st;
}
