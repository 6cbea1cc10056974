/* cxsim/csv.h - writing CSV.
 *
 * Provides: cx_csv_field, cx_csv_number, cx_csv_size, cx_csv_sep,
 * cx_csv_end_row, cx_csv_row: RFC 4180 fields over libcsv, "\n" row ends,
 * numbers as "%.12g" with NaN and infinities written NA. The reader is
 * cxsim/csv_table.h.
 * Relies on: libcsv (csv_fwrite). Numbers are formatted with printf, so
 * the "C" LC_NUMERIC locale (the default of a program that never calls
 * setlocale) is assumed.
 */
#ifndef CXSIM_CSV_H
#define CXSIM_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Rows end with "\n" (not RFC 4180's CRLF: easier for Unix tools; libcsv
 * and every common reader accept both). Separators are written by the
 * caller with cx_csv_sep. Each function returns 0, or -1 if a write failed. */

/* Writes s as one field: raw when it holds no comma, double quote, CR or
 * LF, otherwise quoted by libcsv (csv_fwrite: quotes around, inner quotes
 * doubled). NULL is written as an empty field. */
int cx_csv_field(FILE *fp, const char *s);

/* Writes x as "%.12g", or NA when x is NaN or infinite. */
int cx_csv_number(FILE *fp, double x);

/* Writes n in decimal. */
int cx_csv_size(FILE *fp, size_t n);

/* Writes the field separator ",". */
int cx_csv_sep(FILE *fp);

/* Writes the row end "\n". */
int cx_csv_end_row(FILE *fp);

/* Writes fields[0..n) separated by commas and ends the row (a header). */
int cx_csv_row(FILE *fp, const char *const *fields, size_t n);

#endif
