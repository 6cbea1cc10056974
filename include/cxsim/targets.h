/* cxsim/targets.h - the targets of a calibration from a CSV table.
 *
 * Provides: cx_targets_read, the two layouts of a targets file (docs/
 * analysis.md, "The targets file"): long (columns metric, value and
 * optionally weight, sd, period; a target per row) and wide (a row per
 * period, a column per metric, with METRIC_sd, METRIC_weight, METRIC_n).
 * Relies on: calibrate (cx_calibrate_target), csv_table (cx_csv_table),
 * metrics. A results-layer reader: it reads CSV through io, and stats,
 * which fits the targets, never reads a file (docs/architecture.md).
 */
#ifndef CXSIM_TARGETS_H
#define CXSIM_TARGETS_H

#include <stddef.h>

#include "cxsim/calibrate.h"
#include "cxsim/csv_table.h"
#include "cxsim/error.h"

/* Reads targets from t (cx_csv_read) for a scenario of horizon periods.
 * The header names the columns, in any order: metric and value, and
 * optionally weight, sd and period (blank cells: weight 1, no sd, the
 * horizon); rows of blank fields are skipped. Errors, CX_ERR_INPUT with
 * "FILE:LINE: column N (NAME): " where a cell is at fault: an empty file
 * or no target, an unknown or repeated column, a row whose field count
 * differs from the header's, an unknown metric, a value that is not a
 * finite number, a weight below 0, an sd not above 0, a period that is not
 * an integer in [1, horizon], a metric and period given twice, a target of
 * 0 without an sd (its default scale |target| would be 0), every weight 0.
 * On success *out (n entries, file order) is the caller's to free(). */
cx_status cx_targets_read(const cx_csv_table *t, int horizon, cx_calibrate_target **out,
                          size_t *n, cx_error *err);

#endif
