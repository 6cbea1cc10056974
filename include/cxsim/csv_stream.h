/* cxsim/csv_stream.h - reading a CSV file row by row, in bounded memory.
 *
 * Provides: cx_csv_stream, which parses a file of any size with libcsv in
 * the strict mode of cx_csv_read (cxsim/csv_table.h: quoted fields may
 * hold separators, doubled quotes and line breaks; a stray quote, an
 * unterminated quoted field, a NUL byte or a row wider than
 * CX_CSV_MAX_COLUMNS is an error naming the file and line; blank lines
 * are skipped; a UTF-8 byte order mark is ignored) and hands each row to a
 * callback with the line it starts on. Memory is the read buffer and one
 * row, whatever the file's size: event logs of tens of millions of rows
 * are read this way (docs/fit.md).
 * Relies on: libcsv, cxsim/csv_table.h (the limits), cxsim/error.h.
 */
#ifndef CXSIM_CSV_STREAM_H
#define CXSIM_CSV_STREAM_H

#include <stddef.h>

#include "cxsim/error.h"

/* Called once per row: fields[0..n) NUL-terminated (valid during the call
 * only), line the file line the row starts on (1-based). Returns CX_OK to
 * go on; anything else stops the stream, which returns it (err filled by
 * the callback). */
typedef cx_status (*cx_csv_row_fn)(void *ctx, char *const *fields, size_t n, size_t line,
                                   cx_error *err);

/* Streams the file at path with field separator sep (',' for RFC 4180;
 * ';' or a tab for other layouts). CX_ERR_IO when it cannot be read,
 * CX_ERR_INPUT "path:line: ..." when it is not CSV, CX_ERR_NOMEM, or what
 * the callback returned. *rows (may be NULL) receives the rows handed on. */
cx_status cx_csv_stream(const char *path, char sep, cx_csv_row_fn fn, void *ctx,
                        size_t *rows, cx_error *err);

#endif
