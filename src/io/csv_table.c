/* csv_table.c - a whole CSV file as rows of strings, with line numbers,
 * parsed by libcsv. */
#include "cxsim/csv_table.h"

#include "cxsim/io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

struct cx_csv_table {
    char *name;
    char *text;             /* every field, NUL-terminated, one after another */
    size_t text_len, text_cap;
    size_t *field;          /* offset in text of each field */
    size_t n_fields, field_cap;
    size_t *row_first;      /* index in field of each row's first field */
    size_t *row_line;
    size_t n_rows, row_cap, line_cap;
};

/* Parse state: the table being filled and where in the file we are. */
typedef struct parse {
    cx_csv_table *t;
    size_t line;            /* line of the chunk being parsed */
    size_t row_start_line;  /* line the current row started on (0: none yet) */
    size_t row_fields;
    int nomem, too_wide;
} parse;

static void on_field(void *s, size_t len, void *arg)
{
    parse *p = arg;
    cx_csv_table *t = p->t;
    if (p->nomem || p->too_wide)
        return;
    if (p->row_fields == 0) {
        if (cx_io_grow((void **)&t->row_first, &t->row_cap, t->n_rows + 1, sizeof *t->row_first) ||
            cx_io_grow((void **)&t->row_line, &t->line_cap, t->n_rows + 1, sizeof *t->row_line)) {
            p->nomem = 1;
            return;
        }
        t->row_first[t->n_rows] = t->n_fields;
        t->row_line[t->n_rows] = p->row_start_line ? p->row_start_line : p->line;
        t->n_rows++;
    }
    if (++p->row_fields > CX_CSV_MAX_COLUMNS) {
        p->too_wide = 1;
        return;
    }
    if (cx_io_grow((void **)&t->field, &t->field_cap, t->n_fields + 1, sizeof *t->field) ||
        cx_io_grow((void **)&t->text, &t->text_cap, t->text_len + len + 1, 1)) {
        p->nomem = 1;
        return;
    }
    t->field[t->n_fields++] = t->text_len;
    if (len)
        memcpy(t->text + t->text_len, s, len);
    t->text_len += len;
    t->text[t->text_len++] = '\0';
}

static void on_row(int c, void *arg)
{
    parse *p = arg;
    (void)c;
    p->row_fields = 0;
    p->row_start_line = 0;
}

static void table_free(cx_csv_table *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->text);
    free(t->field);
    free(t->row_first);
    free(t->row_line);
    free(t);
}

void cx_csv_table_free(cx_csv_table *t)
{
    table_free(t);
}

/* Length of the line starting at s (at most len bytes), its end included:
 * "\n", "\r\n" or a lone "\r" (libcsv ends a row at each). */
static size_t line_length(const char *s, size_t len, int *ended)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))) {
            *ended = 1;
            return i + 1;
        }
    }
    *ended = 0;
    return len;
}

/* Feeds the buffer one line at a time, so that every callback knows the
 * line it fires on: a row starts on the first line that is not blank after
 * the previous row ended. */
static cx_status parse_all(struct csv_parser *cp, parse *p, const char *name, const char *buf,
                           size_t len, cx_error *err)
{
    size_t at = 0;
    p->line = 1;
    while (at < len) {
        int ended;
        size_t n = line_length(buf + at, len - at, &ended);
        int blank = (n == 1 && ended) || (n == 2 && buf[at] == '\r' && buf[at + 1] == '\n');
        if (p->row_fields == 0 && p->row_start_line == 0 && !blank)
            p->row_start_line = p->line;
        if (memchr(buf + at, '\0', n))
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: a NUL byte: not a text file",
                                name, p->line);
        if (csv_parse(cp, buf + at, n, on_field, on_row, p) != n)
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: malformed CSV (%s)", name,
                                p->line, csv_strerror(csv_error(cp)));
        if (p->nomem)
            return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory reading it", name);
        if (p->too_wide)
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: more than %d columns", name,
                                p->line, CX_CSV_MAX_COLUMNS);
        at += n;
        if (ended)
            p->line++;
    }
    if (csv_fini(cp, on_field, on_row, p) != 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: a quoted field is not closed", name,
                            p->row_start_line ? p->row_start_line : p->line);
    if (p->nomem)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory reading it", name);
    if (p->too_wide)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: more than %d columns", name, p->line,
                            CX_CSV_MAX_COLUMNS);
    return CX_OK;
}

cx_status cx_csv_read_buffer(const char *name, const char *buf, size_t len,
                             cx_csv_table **out, cx_error *err)
{
    *out = NULL;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    cx_csv_table *t = calloc(1, sizeof *t);
    if (!t || !(t->name = strdup(name))) {
        table_free(t);
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory reading it", name);
    }
    struct csv_parser cp;
    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        table_free(t);
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory reading it", name);
    }
    parse p = {.t = t};
    cx_status st = parse_all(&cp, &p, name, buf, len, err);
    csv_free(&cp);
    if (st != CX_OK) {
        table_free(t);
        return st;
    }
    *out = t;
    return CX_OK;
}

cx_status cx_csv_read(const char *path, cx_csv_table **out, cx_error *err)
{
    char *buf;
    size_t len;
    *out = NULL;
    cx_status st = cx_io_read_file(path, CX_CSV_MAX_BYTES, &buf, &len, err);
    if (st == CX_OK)
        st = cx_csv_read_buffer(path, buf ? buf : "", len, out, err);
    free(buf);
    return st;
}

size_t cx_csv_rows(const cx_csv_table *t)
{
    return t->n_rows;
}

size_t cx_csv_width(const cx_csv_table *t, size_t r)
{
    if (r >= t->n_rows)
        return 0;
    size_t end = r + 1 < t->n_rows ? t->row_first[r + 1] : t->n_fields;
    return end - t->row_first[r];
}

const char *cx_csv_cell(const cx_csv_table *t, size_t r, size_t c)
{
    if (c >= cx_csv_width(t, r))
        return NULL;
    return t->text + t->field[t->row_first[r] + c];
}

size_t cx_csv_line(const cx_csv_table *t, size_t r)
{
    return r < t->n_rows ? t->row_line[r] : 0;
}

int cx_csv_column(const cx_csv_table *t, const char *name)
{
    size_t w = cx_csv_width(t, 0);
    for (size_t c = 0; c < w; c++)
        if (strcmp(cx_csv_cell(t, 0, c), name) == 0)
            return (int)c;
    return -1;
}

const char *cx_csv_name(const cx_csv_table *t)
{
    return t->name;
}

const char *cx_csv_where(const cx_csv_table *t, size_t r, size_t c, char *buf, size_t size)
{
    const char *head = r > 0 && c != CX_CSV_NO_COLUMN ? cx_csv_cell(t, 0, c) : NULL;
    size_t line = cx_csv_line(t, r);
    if (c == CX_CSV_NO_COLUMN)
        snprintf(buf, size, "%s:%zu: ", t->name, line);
    else if (head)
        snprintf(buf, size, "%s:%zu: column %zu (%.64s): ", t->name, line, c + 1, head);
    else
        snprintf(buf, size, "%s:%zu: column %zu: ", t->name, line, c + 1);
    return buf;
}

/* Skips the digits at s; *n counts them. */
static const char *digits(const char *s, size_t *n)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9')
        p++;
    *n = (size_t)(p - s);
    return p;
}

/* The end of the plain decimal number at s ([+-] digits [. digits] [e [+-]
 * digits], digits on at least one side of the point), or NULL. strtod
 * alone would also take hexadecimal ("0x10"), "inf", "nan", "infinity" and
 * any leading white space, none of which a table of figures means. */
static const char *decimal_end(const char *s)
{
    size_t whole, frac = 0, exp;
    const char *p = s + (*s == '+' || *s == '-');
    p = digits(p, &whole);
    if (*p == '.')
        p = digits(p + 1, &frac);
    if (whole + frac == 0)
        return NULL;
    if (*p == 'e' || *p == 'E') {
        const char *e = p + 1 + (p[1] == '+' || p[1] == '-');
        e = digits(e, &exp);
        if (exp == 0)
            return NULL;
        p = e;
    }
    return p;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int cx_csv_parse_number(const char *s, double *out)
{
    while (is_blank(*s))
        s++;
    const char *end = decimal_end(s);
    if (!end)
        return -1;
    const char *rest = end;
    while (is_blank(*rest))
        rest++;
    if (*rest)
        return -1;
    /* The syntax is checked; strtod only rounds. A magnitude beyond DBL_MAX
     * gives an infinity (refused); one below the smallest subnormal gives
     * 0 (kept: it is a finite number, and 0 is its nearest double). */
    double v = strtod(s, NULL);
    if (!isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cx_csv_number_at(const cx_csv_table *t, size_t r, size_t c, double *out, cx_error *err)
{
    const char *s = cx_csv_cell(t, r, c);
    char at[CX_ERROR_MAX];
    if (s && cx_csv_parse_number(s, out) == 0)
        return 0;
    cx_csv_where(t, r, c, at, sizeof at);   /* only now: a report reads 10^5 cells */
    if (!s) {
        at[strlen(at) - 2] = '\0';     /* "FILE:LINE: column N (H)" without ": " */
        cx_error_set(err, CX_ERR_INPUT, "%s is missing", at);
    } else {
        cx_error_set(err, CX_ERR_INPUT, "%s'%.64s' is not a finite number", at, s);
    }
    return -1;
}
