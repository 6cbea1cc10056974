/* log.c - an event log, streamed row by row into the fit's aggregate
 * (docs/fit.md, "Event logs"). A row updates its customer's open journey;
 * the journey closes, into the store of distinct paths, when the journey
 * id changes, when the session gap passes, or at the end of the file. */
#include "fit_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cxsim/csv_stream.h"
#include "cxsim/csv_table.h"

static const char *const role_names[CX_FIT_ROLES] = {
    "customer", "journey_id", "time", "sequence", "touchpoint", "channel",
    "segment", "outcome", "csat", "ltr", "journey",
};

const char *cx_fit_role_name(int role)
{
    return role >= 0 && role < CX_FIT_ROLES ? role_names[role] : NULL;
}

int cx_fit_role_of(const char *name)
{
    for (int r = 0; r < CX_FIT_ROLES; r++)
        if (strcmp(name, role_names[r]) == 0)
            return r;
    return -1;
}

typedef struct reader {
    cx_fit_data *d;
    const cx_fit_log_opts *o;
    const char *path;
    int col[CX_FIT_ROLES];      /* column index per role, -1 absent */
    char **header;              /* copies of the header cells */
    size_t width;
    int kind;                   /* time kind of the first row */
    double gap;
    long seg_all;               /* segment id of customers without one */
} reader;

/* "PATH:LINE: column N (NAME): " */
static const char *where(const reader *r, size_t line, int col, char *buf, size_t size)
{
    if (col < 0)
        snprintf(buf, size, "%s:%zu: ", r->path, line);
    else
        snprintf(buf, size, "%s:%zu: column %d (%s): ", r->path, line, col + 1,
                 r->header[col]);
    return buf;
}

#define BAD(r, line, col, ...)                                                        \
    do {                                                                              \
        char at_[512], msg_[768];                                                     \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                     \
        return cx_error_set(err, CX_ERR_INPUT, "%s%s", where(r, line, col, at_, sizeof at_), \
                            msg_);                                                    \
    } while (0)

/* ---- the header ------------------------------------------------------------------ */

static cx_status map_header(reader *r, char *const *f, size_t n, size_t line, cx_error *err)
{
    r->header = calloc(n, sizeof *r->header);
    if (!r->header)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", r->path);
    r->width = n;
    for (size_t i = 0; i < n; i++) {
        if (!(r->header[i] = strdup(f[i])))
            return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", r->path);
        if (f[i][0] == '\0')
            BAD(r, line, (int)i, "the header cell is empty: every column needs a name");
        for (size_t k = 0; k < i; k++)
            if (strcmp(f[k], f[i]) == 0)
                BAD(r, line, (int)i, "column '%s' given twice (first as column %zu)", f[i],
                    k + 1);
    }
    char sep = r->o->sep ? r->o->sep : ',';
    if (n == 1 && strpbrk(f[0], sep == ',' ? ";\t|" : ",;\t|"))
        BAD(r, line, -1, "the header is one column '%s': the log's separator is '%c' (--sep "
            "sets another)", f[0], sep);
    for (int role = 0; role < CX_FIT_ROLES; role++) {
        const char *want = r->o->column[role] ? r->o->column[role] : role_names[role];
        r->col[role] = -1;
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i], want) == 0)
                r->col[role] = (int)i;
        if (r->col[role] < 0 && r->o->column[role])
            BAD(r, line, -1, "no column '%s' (given for %s by --column %s=%s)", want,
                role_names[role], role_names[role], want);
        if (r->col[role] >= 0)
            snprintf(r->d->source[role], sizeof r->d->source[role], "%s", want);
    }
    static const int required[] = {CX_FIT_CUSTOMER, CX_FIT_TOUCHPOINT, CX_FIT_OUTCOME};
    for (size_t k = 0; k < sizeof required / sizeof *required; k++)
        if (r->col[required[k]] < 0)
            BAD(r, line, -1, "no column '%s' (name it with --column %s=NAME; docs/fit.md "
                "lists the columns)", role_names[required[k]], role_names[required[k]]);
    if (r->col[CX_FIT_TIME] < 0 && r->col[CX_FIT_SEQUENCE] < 0)
        BAD(r, line, -1, "no column 'time' or 'sequence': the visits of a customer need an "
            "order (--column time=NAME or --column sequence=NAME)");
    if (r->col[CX_FIT_TIME] >= 0 && r->col[CX_FIT_SEQUENCE] >= 0)
        BAD(r, line, -1, "both 'time' and 'sequence' columns: give one order");
    if (r->o->type && r->col[CX_FIT_TYPE] < 0)
        BAD(r, line, -1, "--journey-type needs a column 'journey' naming each row's journey");
    r->d->has_segment = r->col[CX_FIT_SEGMENT] >= 0;
    r->d->has_channel = r->col[CX_FIT_CHANNEL] >= 0;
    r->d->has_time = r->col[CX_FIT_TIME] >= 0;
    return CX_OK;
}

/* ---- cells ------------------------------------------------------------------------- */

static int outcome_of(const char *s)
{
    static const char *const yes[] = {"1", "true", "yes", "converted", "conversion",
                                      "completed", "success"};
    static const char *const no[] = {"0", "false", "no", "abandoned", "null", "dropped",
                                     "lost"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcasecmp(s, no[i]) == 0)
            return 0;
    return -1;
}

/* An integer answer in [lo, hi]: 0, or -1. */
static int answer(const char *s, int lo, int hi, int *v)
{
    double x;
    if (cx_csv_parse_number(s, &x) != 0 || x != floor(x) || x < lo || x > hi)
        return -1;
    *v = (int)x;
    return 0;
}

static cx_status time_of(reader *r, const char *s, size_t line, double *t, cx_error *err)
{
    int kind, c = r->col[CX_FIT_TIME] >= 0 ? r->col[CX_FIT_TIME] : r->col[CX_FIT_SEQUENCE];
    if (r->col[CX_FIT_SEQUENCE] >= 0) {
        if (cx_csv_parse_number(s, t) != 0 || *t != floor(*t))
            BAD(r, line, c, "'%s' is not a sequence number (a whole number)", s);
        kind = CX_FIT_TIME_SEQ;
    } else if (cx_fit_parse_time(s, t, &kind) != 0) {
        BAD(r, line, c, "'%s' is not a timestamp (ISO 8601 such as 2026-03-01T14:05:00Z, "
            "or epoch seconds)", s);
    }
    if (r->kind == CX_FIT_TIME_NONE)
        r->kind = kind;
    else if (kind != r->kind)
        BAD(r, line, c, "'%s' is %s, earlier rows %s: one kind of timestamp per log", s,
            kind == CX_FIT_TIME_ISO ? "ISO 8601" : "epoch seconds",
            r->kind == CX_FIT_TIME_ISO ? "ISO 8601" : "epoch seconds");
    return CX_OK;
}

/* ---- journeys ------------------------------------------------------------------------ */

static cx_status grow_segments(cx_fit_data *d, size_t need, cx_error *err)
{
    if (need <= d->seg_cap)
        return CX_OK;
    size_t cap = d->seg_cap ? d->seg_cap * 2 : 16;
    while (cap < need)
        cap *= 2;
    uint64_t (*l)[11] = realloc(d->ltr, cap * sizeof *l);
    if (!l)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    memset(l + d->seg_cap, 0, (cap - d->seg_cap) * sizeof *l);
    d->ltr = l;
    d->seg_cap = cap;
    return CX_OK;
}

static cx_status segment_id(reader *r, const char *name, long *id, cx_error *err)
{
    int added;
    *id = cx_fit_dict_put(&r->d->segs, name, strlen(name), &added);
    if (*id < 0)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    return grow_segments(r->d, (size_t)*id + 1, err);
}

/* Folds c's open journey into the path store. */
static cx_status close_journey(reader *r, cx_fit_customer *c, const char *who, cx_error *err)
{
    if (c->n == 0)
        return CX_OK;
    if (c->outcome < 0)
        BAD(r, c->line, r->col[CX_FIT_OUTCOME], "customer '%s': the journey ending on this "
            "line has no outcome (1 converted, 0 not) on any of its rows", who);
    if (c->segment < 0) {
        if (r->seg_all < 0 && segment_id(r, r->d->has_segment ? "unknown" : "all",
                                         &r->seg_all, err) != CX_OK)
            return err->code;
        c->segment = (int32_t)r->seg_all;
    }
    cx_status st = cx_fit_data_add_path(r->d, c->path, c->n, c->outcome == 1,
                                        c->outcome == 0, 0, err);
    if (st != CX_OK)
        return st;
    r->d->journey_line = c->line;
    if (c->ltr >= 0)
        r->d->ltr[c->segment][c->ltr]++;
    c->journeys++;
    c->n = 0;
    c->outcome = -1;
    c->ltr = -1;
    return CX_OK;
}

static cx_status customer_of(reader *r, const char *id, double t, cx_fit_customer **out,
                             cx_error *err)
{
    cx_fit_data *d = r->d;
    int added;
    long i = cx_fit_dict_put(&d->custs, id, strlen(id), &added);
    if (i < 0)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory (%zu customers)", d->custs.n);
    if (added) {
        if ((size_t)i >= d->cust_cap) {
            size_t cap = d->cust_cap ? d->cust_cap * 2 : 1024;
            cx_fit_customer *c = realloc(d->cust, cap * sizeof *c);
            if (!c)
                return cx_error_set(err, CX_ERR_NOMEM, "out of memory (%zu customers)",
                                    d->custs.n);
            d->cust = c;
            d->cust_cap = cap;
        }
        d->cust[i] = (cx_fit_customer){.first_t = t, .last_t = t, .segment = -1,
                                       .outcome = -1, .ltr = -1};
    }
    *out = &d->cust[i];
    return CX_OK;
}

/* Whether the row at time t (journey id jid) starts a new journey of c. */
static int new_journey(const reader *r, const cx_fit_customer *c, double t, uint64_t jid)
{
    if (c->n == 0)
        return 0;
    if (r->col[CX_FIT_JOURNEY_ID] >= 0)
        return jid != c->jid;
    return r->col[CX_FIT_TIME] >= 0 && t - c->last_t > r->gap;
}

static cx_status step(reader *r, cx_fit_customer *c, long tp, size_t line, cx_error *err)
{
    if (c->n == CX_FIT_MAX_STEPS)
        BAD(r, line, -1, "a journey of more than %d visits: give a journey id column or a "
            "shorter --session-gap", CX_FIT_MAX_STEPS);
    if (c->n == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 8;
        uint32_t *p = realloc(c->path, cap * sizeof *p);
        if (!p)
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
        c->path = p;
        c->cap = cap;
    }
    c->path[c->n++] = (uint32_t)tp;
    return CX_OK;
}

/* ---- a row ----------------------------------------------------------------------------- */

static const char *cell(const reader *r, char *const *f, int role)
{
    return r->col[role] >= 0 ? f[r->col[role]] : "";
}

static cx_status touchpoint_of(reader *r, char *const *f, size_t line, long *tp, cx_error *err)
{
    const char *name = cell(r, f, CX_FIT_TOUCHPOINT), *why = cx_fit_bad_name(name, 1);
    if (why)
        BAD(r, line, r->col[CX_FIT_TOUCHPOINT], "touchpoint '%s' %s", name, why);
    if ((*tp = cx_fit_data_tp(r->d, name, strlen(name))) < 0)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    return CX_OK;
}

/* The row's answers and labels: outcome, CSAT, LTR, segment, channel. */
static cx_status answers(reader *r, char *const *f, size_t line, cx_fit_customer *c, long tp,
                         cx_error *err)
{
    cx_fit_data *d = r->d;
    const char *s = cell(r, f, CX_FIT_OUTCOME);
    int v;
    if (*s && (c->outcome = (int8_t)outcome_of(s)) < 0)
        BAD(r, line, r->col[CX_FIT_OUTCOME], "'%s' is not an outcome (1 or 0; true, yes, "
            "converted or false, no, abandoned)", s);
    if (*(s = cell(r, f, CX_FIT_CSAT))) {
        if (answer(s, 1, 5, &v) != 0)
            BAD(r, line, r->col[CX_FIT_CSAT], "'%s' is not a CSAT answer (1 to 5)", s);
        d->csat[tp][v - 1]++;
        d->has_csat = 1;
    }
    if (*(s = cell(r, f, CX_FIT_LTR))) {
        if (answer(s, 0, 10, &v) != 0)
            BAD(r, line, r->col[CX_FIT_LTR], "'%s' is not an LTR answer (0 to 10)", s);
        c->ltr = (int8_t)v;
        d->has_ltr = 1;
    }
    if (*(s = cell(r, f, CX_FIT_SEGMENT)) && c->segment < 0) {
        const char *why = cx_fit_bad_name(s, 0);
        long id;
        if (why)
            BAD(r, line, r->col[CX_FIT_SEGMENT], "segment '%s' %s", s, why);
        if (segment_id(r, s, &id, err) != CX_OK)
            return err->code;
        c->segment = (int32_t)id;
    }
    if (*(s = cell(r, f, CX_FIT_CHANNEL)))
        return cx_fit_count_channel(d, tp, s, r->path, line, r->col[CX_FIT_CHANNEL] + 1,
                                    r->header[r->col[CX_FIT_CHANNEL]], err);
    return CX_OK;
}

static cx_status on_event(reader *r, char *const *f, size_t line, cx_error *err)
{
    cx_fit_data *d = r->d;
    const char *id = cell(r, f, CX_FIT_CUSTOMER);
    if (r->o->type && strcmp(cell(r, f, CX_FIT_TYPE), r->o->type) != 0)
        return CX_OK;
    d->rows++;
    if (!*id)
        BAD(r, line, r->col[CX_FIT_CUSTOMER], "empty: every visit needs a customer");
    double t = 0;
    long tp = 0;
    int tc = r->col[CX_FIT_TIME] >= 0 ? r->col[CX_FIT_TIME] : r->col[CX_FIT_SEQUENCE];
    cx_fit_customer *c = NULL;
    uint64_t jid = 0;
    if (time_of(r, f[tc], line, &t, err) != CX_OK || touchpoint_of(r, f, line, &tp, err) != CX_OK ||
        customer_of(r, id, t, &c, err) != CX_OK)
        return err->code;
    if (c->journeys + c->n > 0 && t < c->last_t)
        BAD(r, line, tc, "events out of order: customer '%s' has '%s' after a later visit on "
            "line %zu (sort each customer's rows by time)", id, f[tc], c->line);
    if (r->col[CX_FIT_JOURNEY_ID] >= 0) {
        const char *j = f[r->col[CX_FIT_JOURNEY_ID]];
        if (!*j)
            BAD(r, line, r->col[CX_FIT_JOURNEY_ID], "empty: every visit needs a journey id");
        /* a 64-bit hash, not the id: memory must not grow with journeys */
        jid = cx_fit_hash(j, strlen(j)) | 1;
    }
    if (new_journey(r, c, t, jid) && close_journey(r, c, id, err) != CX_OK)
        return err->code;
    c->jid = jid;
    if (step(r, c, tp, line, err) != CX_OK || answers(r, f, line, c, tp, err) != CX_OK)
        return err->code;
    c->last_t = t;
    c->line = line;
    if (d->rows == 1 || t < d->t_min)
        d->t_min = t;
    if (d->rows == 1 || t > d->t_max)
        d->t_max = t;
    return CX_OK;
}

static cx_status on_row(void *ctx, char *const *f, size_t n, size_t line, cx_error *err)
{
    reader *r = ctx;
    if (!r->header)
        return map_header(r, f, n, line, err);
    if (n != r->width)
        BAD(r, line, -1, "%zu fields, the header has %zu (separator '%c'; mixed "
            "separators?)", n, r->width, r->o->sep ? r->o->sep : ',');
    return on_event(r, f, line, err);
}

/* Closes every open journey, customers in order of first appearance. */
static cx_status finish(reader *r, size_t rows, cx_error *err)
{
    cx_fit_data *d = r->d;
    if (rows == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:1: empty: expected a header row (customer,"
                            "time,touchpoint,outcome,...) and one visit per line", r->path);
    if (rows == 1 || d->rows == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:2: no visit after the header%s", r->path,
                            r->o->type && rows > 1 ? " of the journey type asked for" : "");
    for (size_t i = 0; i < d->custs.n; i++)
        if (close_journey(r, &d->cust[i], d->custs.key[i], err) != CX_OK)
            return err->code;
    return cx_fit_data_enough(d, r->path, err);
}

cx_status cx_fit_read_log(cx_fit_data *d, const char *path, const cx_fit_log_opts *o,
                          cx_error *err)
{
    reader r = {.d = d, .o = o, .path = path, .seg_all = -1,
                .gap = o->session_gap > 0 ? o->session_gap : 1800};
    size_t rows;
    d->period = o->period > 0 ? o->period : 30 * 86400.0;
    if (o->type) {
        const char *why = cx_fit_bad_name(o->type, 0);
        if (why)
            return cx_error_set(err, CX_ERR_USAGE, "--journey-type '%s' %s", o->type, why);
        snprintf(d->journey, sizeof d->journey, "%s", o->type);
    }
    d->inactive = o->inactive;
    cx_status st = cx_csv_stream(path, o->sep ? o->sep : ',', on_row, &r, &rows, err);
    if (st == CX_OK)
        st = finish(&r, rows, err);
    if (st == CX_OK && r.kind == CX_FIT_TIME_SEQ)
        d->has_time = 0;    /* sequence numbers order visits but measure no time */
    for (size_t i = 0; r.header && i < r.width; i++)
        free(r.header[i]);
    free(r.header);
    return st;
}
