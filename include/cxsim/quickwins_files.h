/* cxsim/quickwins_files.h - the files of cxsim quickwins.
 *
 * Provides: the writers of quickwins.csv and quickwins_segments.csv
 * (docs/results.md), which cx_results_write puts in a results directory's
 * atomic group (cx_results_info.files).
 * Relies on: quickwins (cx_quickwins), io (CSV). A results-layer module:
 * the ranking itself (cxsim/quickwins.h) writes no file.
 */
#ifndef CXSIM_QUICKWINS_FILES_H
#define CXSIM_QUICKWINS_FILES_H

#include <stdio.h>

#include "cxsim/quickwins.h"

/* quickwins.csv (one row per candidate, in rank order) and
 * quickwins_segments.csv (candidate, segment, metric: the paired effect of
 * every metric defined per segment) onto fp (q: the cx_quickwins; void for
 * the writers of cx_results_file and cx_atomic_write). 0, or -1 when a
 * write failed. */
int cx_quickwins_csv(FILE *fp, const void *q);
int cx_quickwins_segments_csv(FILE *fp, const void *q);

#endif
