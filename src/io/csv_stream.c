/* csv_stream.c - a CSV file row by row (cxsim/csv_stream.h): the file is
 * read in chunks and fed to libcsv one line at a time, as csv_table.c
 * feeds a whole buffer, so every row knows the line it starts on. */
#include "cxsim/io.h"
#include "cxsim/csv_stream.h"

#include "cxsim/csv_table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#define CHUNK ((size_t)1 << 20)

typedef struct stream {
    const char *path;
    cx_csv_row_fn fn;
    void *ctx;
    cx_error *err;
    char *text;             /* the current row's fields, NUL-terminated */
    size_t text_len, text_cap;
    size_t *off;            /* offset of each field in text */
    char **field;
    size_t n, cap;
    size_t line, row_line, rows;
    int nomem, too_wide;
    cx_status stop;         /* what the callback returned, once not CX_OK */
} stream;

static void on_field(void *s, size_t len, void *arg)
{
    stream *st = arg;
    if (st->nomem || st->too_wide || st->stop != CX_OK)
        return;
    if (st->n + 1 > CX_CSV_MAX_COLUMNS) {
        st->too_wide = 1;
        return;
    }
    size_t cap = st->cap;
    if (cx_io_grow((void **)&st->off, &cap, st->n + 1, sizeof *st->off) ||
        cx_io_grow((void **)&st->field, &st->cap, st->n + 1, sizeof *st->field) ||
        cx_io_grow((void **)&st->text, &st->text_cap, st->text_len + len + 1, 1)) {
        st->nomem = 1;
        return;
    }
    st->off[st->n++] = st->text_len;
    if (len)
        memcpy(st->text + st->text_len, s, len);
    st->text_len += len;
    st->text[st->text_len++] = '\0';
}

static void on_row(int c, void *arg)
{
    stream *st = arg;
    (void)c;
    if (!st->nomem && !st->too_wide && st->stop == CX_OK && st->n > 0) {
        for (size_t i = 0; i < st->n; i++)
            st->field[i] = st->text + st->off[i];
        st->rows++;
        st->stop = st->fn(st->ctx, st->field, st->n, st->row_line, st->err);
    }
    st->n = 0;
    st->text_len = 0;
    st->row_line = 0;
}

/* Length of the line at s (at most len bytes) with its end, as csv_table.c. */
static size_t line_length(const char *s, size_t len, int *ended)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))) {
            *ended = 1;
            return i + 1;
        }
    *ended = 0;
    return len;
}

static cx_status check(stream *st, cx_error *err)
{
    if (st->nomem)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory reading it", st->path);
    if (st->too_wide)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: more than %d columns", st->path,
                            st->line, CX_CSV_MAX_COLUMNS);
    return st->stop;
}

/* Feeds buf[0..len) line by line. */
static cx_status feed(struct csv_parser *cp, stream *st, const char *buf, size_t len,
                      cx_error *err)
{
    size_t at = 0;
    while (at < len) {
        int ended;
        size_t n = line_length(buf + at, len - at, &ended);
        int blank = (n == 1 && ended) || (n == 2 && buf[at] == '\r' && buf[at + 1] == '\n');
        if (st->n == 0 && st->row_line == 0 && !blank)
            st->row_line = st->line;   /* a row starts on its first line */
        if (memchr(buf + at, '\0', n))
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: a NUL byte: not a text file",
                                st->path, st->line);
        if (csv_parse(cp, buf + at, n, on_field, on_row, st) != n)
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: malformed CSV (%s)", st->path,
                                st->line, csv_strerror(csv_error(cp)));
        cx_status s = check(st, err);
        if (s != CX_OK)
            return s;
        at += n;
        if (ended)
            st->line++;
    }
    return CX_OK;
}

/* Reads the file chunk by chunk; a chunk is cut after its last line end,
 * so that lines are counted whole. */
static cx_status read_all(FILE *fp, struct csv_parser *cp, stream *st, char *buf,
                          cx_error *err)
{
    size_t have = 0;
    int first = 1;
    for (;;) {
        size_t got = fread(buf + have, 1, CHUNK - have, fp);
        if (got == 0 && ferror(fp))
            return cx_error_set(err, CX_ERR_IO, "%s: cannot read: %s", st->path,
                                strerror(errno));
        have += got;
        int eof = got == 0 || feof(fp);
        char *p = buf;
        size_t len = have;
        if (first && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            len -= 3;
        }
        first = 0;
        size_t cut = len;
        if (!eof) {     /* up to the last "\n", or a "\r" not last */
            while (cut > 0 && p[cut - 1] != '\n' && !(p[cut - 1] == '\r' && cut < len))
                cut--;
            if (cut == 0)
                cut = len - (p[len - 1] == '\r');   /* a line longer than a chunk */
        }
        cx_status s = feed(cp, st, p, cut, err);
        if (s != CX_OK)
            return s;
        memmove(buf, p + cut, len - cut);
        have = len - cut;
        if (eof && have == 0)
            return CX_OK;
    }
}

cx_status cx_csv_stream(const char *path, char sep, cx_csv_row_fn fn, void *ctx,
                        size_t *rows, cx_error *err)
{
    stream st = {.path = path, .fn = fn, .ctx = ctx, .err = err, .line = 1, .stop = CX_OK};
    struct csv_parser cp;
    if (rows)
        *rows = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return cx_error_set(err, CX_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    char *buf = malloc(CHUNK);
    if (!buf || csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(buf);
        fclose(fp);
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory reading it", path);
    }
    csv_set_delim(&cp, (unsigned char)sep);
    cx_status s = read_all(fp, &cp, &st, buf, err);
    if (s == CX_OK && csv_fini(&cp, on_field, on_row, &st) != 0)
        s = cx_error_set(err, CX_ERR_INPUT, "%s:%zu: a quoted field is not closed", path,
                         st.row_line ? st.row_line : st.line);
    if (s == CX_OK)
        s = check(&st, err);
    csv_free(&cp);
    free(buf);
    free(st.text);
    free(st.off);
    free(st.field);
    fclose(fp);
    if (rows)
        *rows = st.rows;
    return s;
}
