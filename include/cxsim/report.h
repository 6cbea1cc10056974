/* cxsim/report.h - an HTML report of a results directory.
 *
 * Provides: cx_report_new (read a results directory: run.json says which
 * verb wrote it, the CSV files it must hold are read and checked),
 * cx_report_render (one self-contained HTML page: inline CSS, inline SVG
 * charts from cxsim/svg.h, no script, no external reference of any kind),
 * cx_report_write (both, written atomically), and the number formats the
 * page uses. docs/report.md describes every section per kind.
 * Relies on: cxsim/csv_table.h (strict CSV with line numbers),
 * cxsim/json_value.h (run.json), cxsim/svg.h, cxsim/atomic.h (atomic files).
 *
 * The page depends only on the directory's deterministic files and on the
 * members of run.json that do not vary between identical runs (never the
 * thread count or the wall time), so the same results give the same bytes.
 */
#ifndef CXSIM_REPORT_H
#define CXSIM_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "cxsim/error.h"

typedef enum cx_report_kind {
    CX_REPORT_RUN,
    CX_REPORT_COMPARE,
    CX_REPORT_QUICKWINS,
    CX_REPORT_SWEEP,
    CX_REPORT_SENSITIVITY,
    CX_REPORT_CALIBRATE,
    CX_REPORT_FIT
} cx_report_kind;

typedef struct cx_report cx_report;

/* Reads the results directory dir into a new report (*out; free with
 * cx_report_free). Errors: CX_ERR_INPUT when dir is not a results
 * directory (no run.json: "DIR: not a results directory ...") or a file it
 * needs is missing or damaged ("DIR/FILE:LINE: what is wrong"); CX_ERR_IO
 * when a file cannot be read; CX_ERR_NOMEM. */
cx_status cx_report_new(const char *dir, cx_report **out, cx_error *err);

void cx_report_free(cx_report *r);

/* The verb that wrote the directory. */
cx_report_kind cx_report_kind_of(const cx_report *r);

/* "run", "compare", ... */
const char *cx_report_kind_name(cx_report_kind k);

/* Writes the HTML page to fp. Returns 0, or -1 when a write failed. */
int cx_report_render(const cx_report *r, FILE *fp);

/* cx_report_new + cx_report_render into path, atomically (a temporary file
 * beside it, renamed when whole): on any failure no file is left at path
 * and err says why (CX_ERR_IO naming path for a write failure). */
cx_status cx_report_write(const char *dir, const char *path, cx_error *err);

/* x with 4 significant digits ("%.4g"), whole numbers from 10^4 on
 * ("513477"), "NA" when not finite. Returns buf. */
const char *cx_report_number(double x, char *buf, size_t n);

/* "MEAN [LO, HI]" with the decimals the interval's half-width calls for
 * (one significant digit of it, two when that digit is 1): 23.28 in
 * [22.99, 23.56] is "23.3 [23.0, 23.6]". Without a finite interval, the
 * mean as cx_report_number writes it. Returns buf. */
const char *cx_report_ci(double mean, double lo, double hi, char *buf, size_t n);

#endif
