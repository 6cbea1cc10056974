/* targets_internal.h (private) - what the two layouts of a calibration
 * targets file share: the long layout (targets.c: one target per row,
 * metric,value[,weight,sd,period]) and the wide one (targets_wide.c: one
 * row per period, one column per metric) use the field checks of
 * targets_fields.c; targets.c picks the layout. */
#ifndef CX_TARGETS_INTERNAL_H
#define CX_TARGETS_INTERNAL_H

#include "cxsim/targets.h"

/* CX_ERR_INPUT "FILE:LINE: column C+1 (HEADER): message" for field c of
 * row r (c CX_CSV_NO_COLUMN: the row as a whole). */
cx_status cx_targets_at(const cx_csv_table *t, size_t r, size_t c, cx_error *err,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Field c of row r as a period: blank, 0 (the horizon), or an integer in
 * [1, horizon]. */
cx_status cx_targets_period_at(const cx_csv_table *t, size_t r, size_t c, int horizon,
                                 int *out, cx_error *err);

/* Field c of row r as a weight (blank: 1; else >= 0) or an sd (blank:
 * NaN; else > 0). */
cx_status cx_targets_weight_at(const cx_csv_table *t, size_t r, size_t c, double *out,
                                 cx_error *err);
cx_status cx_targets_sd_at(const cx_csv_table *t, size_t r, size_t c, double *out,
                             cx_error *err);

/* tg->scale from tg->sd, else |tg->value|: an error at field c (the
 * value) when that is 0. */
cx_status cx_targets_scale_at(const cx_csv_table *t, size_t r, size_t c,
                                cx_calibrate_target *tg, cx_error *err);

/* An error at field c of row r if out[k]'s metric and period are those of
 * one of out[0..k). */
cx_status cx_targets_repeat_at(const cx_csv_table *t, size_t r, size_t c,
                                 const cx_calibrate_target *out, size_t k, cx_error *err);

/* Whether row r holds nothing but empty fields (as good as a blank line). */
int cx_targets_blank_row(const cx_csv_table *t, size_t r);

/* The checks on the whole list: at least one target, some weight above 0. */
cx_status cx_targets_done(const cx_csv_table *t, const cx_calibrate_target *out,
                                    size_t n, cx_error *err);

/* The wide layout (targets_wide.c; docs/analysis.md, "The targets file"):
 * t's header has no metric or value column. out has room for every field of t. */
cx_status cx_targets_wide(const cx_csv_table *t, int horizon,
                                    cx_calibrate_target *out, size_t *n, cx_error *err);

#endif
