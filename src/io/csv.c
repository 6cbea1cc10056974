/* csv.c - RFC 4180 CSV on top of libcsv: writing fields, reading files.
 *
 * libcsv's csv_fwrite always quotes, which makes every file twice as noisy
 * for no gain, so fields that need no quoting (RFC 4180, section 2, rule 6:
 * those without comma, double quote, CR or LF) are written as they are and
 * only the others go through csv_fwrite. Rows end with "\n" (see io.h).
 *
 * Reading: libcsv's callbacks say where a field ends, not where it starts,
 * so the file is fed to csv_parse one byte at a time and the position of
 * the byte after each separator (or row end) is kept as the next field's
 * start. Input files (calibration targets) are small: the extra calls cost
 * nothing that matters, and every error can name line and column.
 */
#include "cxsim/io.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cx_csv_field(FILE *fp, const char *s)
{
    if (!s)
        return 0;   /* an empty field: nothing between the separators */
    size_t len = strlen(s);
    if (strcspn(s, ",\"\r\n") == len)
        return fwrite(s, 1, len, fp) == len ? 0 : -1;
    return csv_fwrite(fp, s, len) == 0 ? 0 : -1;
}

int cx_csv_number(FILE *fp, double x)
{
    /* NA, as R and pandas read it; isfinite also excludes infinities,
     * which no metric should produce and no reader agrees on. */
    if (!isfinite(x))
        return fputs("NA", fp) == EOF ? -1 : 0;
    return fprintf(fp, "%.12g", x) < 0 ? -1 : 0;
}

int cx_csv_size(FILE *fp, size_t n)
{
    return fprintf(fp, "%zu", n) < 0 ? -1 : 0;
}

int cx_csv_sep(FILE *fp)
{
    return putc(',', fp) == EOF ? -1 : 0;
}

int cx_csv_end_row(FILE *fp)
{
    return putc('\n', fp) == EOF ? -1 : 0;
}

int cx_csv_row(FILE *fp, const char *const *fields, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            rc |= cx_csv_sep(fp);
        rc |= cx_csv_field(fp, fields[i]);
    }
    rc |= cx_csv_end_row(fp);
    return rc ? -1 : 0;
}

/* ---- reading ------------------------------------------------------------- */

/* What the next byte fed to libcsv means for field positions: nothing, the
 * start of a field (after a separator), or the start of a field unless it
 * is a line end (after a row, where libcsv skips blank lines). */
enum { START_NONE, START_FIELD, START_ROW };

typedef struct reader {
    cx_csv_table *t;
    size_t cap_rows;
    cx_csv_cell *cells;         /* the row being read */
    size_t n_cells, cap_cells;
    int line, column;           /* of the byte being fed */
    int start_line, start_column;   /* where the field being read started */
    int pending;
    int nomem;
} reader;

static int grow_array(void **a, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? 2 * *cap : 8;
    void *g = realloc(*a, n * elem);
    if (!g)
        return -1;
    *a = g;
    *cap = n;
    return 0;
}

static void on_field(void *s, size_t len, void *ud)
{
    reader *r = ud;
    r->pending = START_FIELD;
    if (r->nomem)
        return;
    char *text = malloc(len + 1);
    if (!text || grow_array((void **)&r->cells, &r->cap_cells, r->n_cells + 1,
                            sizeof *r->cells) != 0) {
        free(text);
        r->nomem = 1;
        return;
    }
    if (len)
        memcpy(text, s, len);
    text[len] = '\0';
    r->cells[r->n_cells++] = (cx_csv_cell){text, r->start_line, r->start_column};
}

static void free_cells(cx_csv_cell *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(c[i].text);
}

/* A row of empty fields (a line of blanks) is dropped like a blank line. */
static void on_row(int c, void *ud)
{
    reader *r = ud;
    (void)c;
    r->pending = START_ROW;
    size_t filled = 0;
    for (size_t i = 0; i < r->n_cells; i++)
        filled += r->cells[i].text[0] != '\0';
    if (r->nomem || filled == 0 ||
        grow_array((void **)&r->t->rows, &r->cap_rows, r->t->n_rows + 1,
                   sizeof *r->t->rows) != 0) {
        r->nomem |= filled > 0;
        free_cells(r->cells, r->n_cells);
        r->n_cells = 0;
        return;
    }
    cx_csv_record *row = &r->t->rows[r->t->n_rows++];
    row->cells = r->cells;
    row->n = r->n_cells;
    row->line = r->cells[0].line;
    r->cells = NULL;
    r->n_cells = r->cap_cells = 0;
}

void cx_csv_table_free(cx_csv_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_rows; i++) {
        free_cells(t->rows[i].cells, t->rows[i].n);
        free(t->rows[i].cells);
    }
    free(t->rows);
    free(t);
}

/* Feeds one byte, keeping track of where fields start. Returns 0, or -1
 * when libcsv refuses the byte (strict mode). */
static int feed(struct csv_parser *p, reader *r, unsigned char b)
{
    if (r->pending == START_FIELD || (r->pending == START_ROW && b != '\r' && b != '\n')) {
        r->start_line = r->line;
        r->start_column = r->column;
        r->pending = START_NONE;
    }
    if (csv_parse(p, &b, 1, on_field, on_row, r) != 1)
        return -1;
    if (b == '\n') {
        r->line++;
        r->column = 1;
    } else {
        r->column++;
    }
    return 0;
}

/* Parses buf[0..len) into r->t; fills err on failure. */
static cx_status parse_all(const char *path, const unsigned char *buf, size_t len, reader *r,
                           cx_error *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", path);
    size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    cx_status st = CX_OK;
    for (; i < len && st == CX_OK && !r->nomem; i++) {
        if (buf[i] == '\0')
            st = cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: a NUL byte: not a text file",
                              path, r->line, r->column);
        else if (feed(&p, r, buf[i]) != 0)
            st = cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: malformed CSV: a quote inside "
                              "an unquoted field, or text after a closing quote", path,
                              r->line, r->column);
    }
    if (st == CX_OK && !r->nomem && csv_fini(&p, on_field, on_row, r) != 0)
        st = cx_error_set(err, CX_ERR_INPUT, "%s:%d:%d: malformed CSV: a quoted field "
                          "that never ends", path, r->start_line, r->start_column);
    csv_free(&p);
    if (st == CX_OK && r->nomem)
        st = cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", path);
    return st;
}

/* The whole file in a malloc'd buffer. */
static cx_status slurp(const char *path, unsigned char **buf, size_t *len, cx_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cx_error_set(err, CX_ERR_INPUT, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    unsigned char *b = malloc(cap);
    while (b) {
        n += fread(b + n, 1, cap - n, f);
        if (n < cap)
            break;
        unsigned char *g = realloc(b, cap *= 2);
        if (!g)
            free(b);
        b = g;
    }
    int bad = !b || ferror(f), e = errno;
    fclose(f);
    if (!b)
        return cx_error_set(err, CX_ERR_NOMEM, "cannot read %s: out of memory", path);
    if (bad) {
        free(b);
        return cx_error_set(err, CX_ERR_INPUT, "cannot read %s: %s", path, strerror(e));
    }
    *buf = b;
    *len = n;
    return CX_OK;
}

cx_status cx_csv_read(const char *path, cx_csv_table **out, cx_error *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    cx_status st = slurp(path, &buf, &len, err);
    if (st != CX_OK)
        return st;
    reader r = {.t = calloc(1, sizeof *r.t), .line = 1, .column = 1,
                .start_line = 1, .start_column = 1, .pending = START_ROW};
    st = r.t ? parse_all(path, buf, len, &r, err)
             : cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", path);
    free(buf);
    free_cells(r.cells, r.n_cells);
    free(r.cells);
    if (st != CX_OK) {
        cx_csv_table_free(r.t);
        return st;
    }
    *out = r.t;
    return CX_OK;
}
