/* cxsim/csv_table.h - reading a whole CSV file into a table of strings.
 *
 * Provides: cx_csv_table (rows of NUL-terminated fields, each row with the
 * line of the file it starts on) and cx_csv_read / cx_csv_read_buffer,
 * which parse RFC 4180 CSV strictly with libcsv: quoted fields may hold
 * commas, doubled quotes and line breaks; a stray quote, an unterminated
 * quoted field, a NUL byte or a row wider than CX_CSV_MAX_COLUMNS is an
 * error naming the file and line. Blank lines are skipped; a UTF-8 byte
 * order mark at the start is ignored; "\n", "\r\n" and a lone "\r" all
 * end rows and lines.
 * Relies on: libcsv.
 *
 * Readers of particular files (calibration targets, segments, results
 * directories) build on this and report their own errors as
 * "FILE:LINE: column N (NAME): what is wrong" through cx_csv_where.
 */
#ifndef CXSIM_CSV_TABLE_H
#define CXSIM_CSV_TABLE_H

#include <stddef.h>

#include "cxsim/error.h"

#define CX_CSV_MAX_COLUMNS 4096
#define CX_CSV_MAX_BYTES ((size_t)1 << 30)  /* larger files are refused */

typedef struct cx_csv_table cx_csv_table;

/* Reads the file at path. Errors: CX_ERR_IO when it cannot be read,
 * CX_ERR_INPUT ("path:line: ...") when it is not CSV, CX_ERR_NOMEM. */
cx_status cx_csv_read(const char *path, cx_csv_table **out, cx_error *err);

/* Parses len bytes of buf; name stands for the file in messages. */
cx_status cx_csv_read_buffer(const char *name, const char *buf, size_t len,
                             cx_csv_table **out, cx_error *err);

void cx_csv_table_free(cx_csv_table *t);

/* Rows (the header, if the file has one, is row 0). */
size_t cx_csv_rows(const cx_csv_table *t);

/* Fields in row r. */
size_t cx_csv_width(const cx_csv_table *t, size_t r);

/* Field c of row r, or NULL when the row is narrower. */
const char *cx_csv_cell(const cx_csv_table *t, size_t r, size_t c);

/* Line of the file row r starts on (1-based). */
size_t cx_csv_line(const cx_csv_table *t, size_t r);

/* Column of row 0 named name, or -1. */
int cx_csv_column(const cx_csv_table *t, const char *name);

/* The file name the table was read from, for messages. */
const char *cx_csv_name(const cx_csv_table *t);

/* Writes into buf (size bytes) the position of field c of row r for a
 * message, "NAME:LINE: column C+1 (HEADER): " (the header cell of column c
 * names it when r > 0 and row 0 has one; no column at all when c is
 * CX_CSV_NO_COLUMN, for a whole row) and returns buf. */
#define CX_CSV_NO_COLUMN ((size_t)-1)
const char *cx_csv_where(const cx_csv_table *t, size_t r, size_t c, char *buf, size_t size);

/* Reads s as a number the way every CSV reader of the project does: a
 * plain decimal number, optionally signed, with an optional fraction and
 * exponent ("3", "-0.25", ".5", "2.", "+1e-3", "7E2"), blanks (spaces,
 * tabs) around it allowed (spreadsheets write them). Anything else is
 * refused: an empty cell, hexadecimal ("0x10", "0x1p3"), "inf", "nan",
 * other white space (a line break, a form feed), "3%", "0,5", and a value
 * too large for a double ("1e999"); one below the smallest subnormal
 * ("1e-400") reads as 0. Returns 0 with *out set, or -1 leaving *out
 * alone. */
int cx_csv_parse_number(const char *s, double *out);

/* Reads field c of row r with cx_csv_parse_number: 0, or -1 with err set
 * to CX_ERR_INPUT "NAME:LINE: column C+1 (HEADER): 'x' is not a finite
 * number" (the header cell of column c names it when row 0 has one), or
 * "NAME:LINE: column C+1 (HEADER) is missing" when the row is narrower.
 * err may be NULL. */
int cx_csv_number_at(const cx_csv_table *t, size_t r, size_t c, double *out,
                     cx_error *err);

#endif
