/* cxsim/segments_csv.h - customer segments from a CSV table.
 *
 * Provides: cx_segments_csv_read, which turns a table read by cx_csv_read
 * into segments: the header row names the keys (`name`, then any key of
 * cx_model_segment_params in its dotted form: share, margin, trust.mean,
 * ltr.a, churn, ...), each later row is one segment. Values go through the
 * same parameter table and the same checks as the scenario constructor
 * `segment "name" { ... }` (cx_param_set, then cx_model_validate_segment),
 * so a CSV segment and a Lua one are held to one set of rules.
 * Relies on: csv_table, model, suggest.
 *
 * The scenario constructor `segments_from_csv "FILE"` (src/lua/lsegment.c,
 * docs/scenarios.md) is built on this.
 */
#ifndef CXSIM_SEGMENTS_CSV_H
#define CXSIM_SEGMENTS_CSV_H

#include <stddef.h>

#include "cxsim/csv_table.h"
#include "cxsim/error.h"
#include "cxsim/model.h"

/* Reads the segments of t, one per row after the header, in file order.
 * An empty cell leaves its key at the default (cx_segment_defaults); rows
 * of empty cells are skipped. Each segment's line is the line of the file
 * its row starts on (callers building a scenario replace it with the line
 * of their own call); its file is the table's name (cx_csv_name), so that
 * the model's check of the shares can name the file.
 *
 * Errors are CX_ERR_INPUT, "FILE:LINE: column N (HEADER): what is wrong"
 * (no column for whole-row errors): an empty file, no segment after the
 * header, an empty, unknown (with a suggestion) or repeated column, no
 * `name` column, a row with more or fewer fields than the header, an
 * empty, too long (CX_NAME_MAX - 1 bytes at most) or dotted name, a name on
 * two rows, a value that is not a finite number, a value out of its range
 * or not a whole number where one is needed, a segment that breaks a
 * cross-key rule (w_peak + w_end <= 1, trust.sd too large for trust.mean),
 * shares that sum to more than 1 (shares below 1 are left to the model's
 * check, since a scenario may add segments of its own). CX_ERR_NOMEM when
 * memory runs out.
 *
 * On success *out (n entries) is the caller's to free(); on failure *out
 * is NULL and *n 0. */
cx_status cx_segments_csv_read(const cx_csv_table *t, cx_segment **out, size_t *n,
                               cx_error *err);

#endif
