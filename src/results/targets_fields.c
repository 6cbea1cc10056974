/* targets_fields.c - the checks of one field of a calibration targets file
 * that both layouts make (targets.c, the long one; targets_wide.c, the
 * wide one), and the checks on the whole list. Messages name the file, the
 * line and the column at fault, as every CSV reader of the project does:
 * "FILE:LINE: column N (NAME): what is wrong" (docs/analysis.md, "The
 * targets file"). */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "cxsim/metrics.h"
#include "targets_internal.h"

cx_status cx_targets_at(const cx_csv_table *t, size_t r, size_t c, cx_error *err,
                          const char *fmt, ...)
{
    char where[CX_ERROR_MAX], msg[CX_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cx_csv_where(t, r, c, where, sizeof where);
    return cx_error_set(err, CX_ERR_INPUT, "%s%s", where, msg);
}

/* Field c of row r, or NULL when c is CX_CSV_NO_COLUMN or the field is
 * missing or empty. */
static const char *field(const cx_csv_table *t, size_t r, size_t c)
{
    const char *s = c != CX_CSV_NO_COLUMN ? cx_csv_cell(t, r, c) : NULL;
    return s && *s ? s : NULL;
}

cx_status cx_targets_period_at(const cx_csv_table *t, size_t r, size_t c, int horizon,
                                 int *out, cx_error *err)
{
    const char *s = field(t, r, c);
    double p;
    *out = 0;
    if (s && (cx_csv_parse_number(s, &p) != 0 || p != floor(p) || p < 1 || p > horizon))
        return cx_targets_at(t, r, c, err, "must be an integer in [1,%d] (the horizon), "
                               "got '%s'", horizon, s);
    if (s)
        *out = (int)p;
    return CX_OK;
}

cx_status cx_targets_weight_at(const cx_csv_table *t, size_t r, size_t c, double *out,
                                 cx_error *err)
{
    const char *s = field(t, r, c);
    *out = 1;
    if (s && (cx_csv_parse_number(s, out) != 0 || *out < 0))
        return cx_targets_at(t, r, c, err, "must be a number >= 0, got '%s'", s);
    return CX_OK;
}

cx_status cx_targets_sd_at(const cx_csv_table *t, size_t r, size_t c, double *out,
                             cx_error *err)
{
    const char *s = field(t, r, c);
    *out = NAN;
    if (s && (cx_csv_parse_number(s, out) != 0 || !(*out > 0)))
        return cx_targets_at(t, r, c, err, "must be a number > 0, got '%s'", s);
    return CX_OK;
}

cx_status cx_targets_scale_at(const cx_csv_table *t, size_t r, size_t c,
                                cx_calibrate_target *tg, cx_error *err)
{
    tg->scale = isnan(tg->sd) ? fabs(tg->value) : tg->sd;
    if (!(tg->scale > 0))
        return cx_targets_at(t, r, c, err, "a target of 0 needs an sd: the default "
                               "scale, |target|, would be 0");
    return CX_OK;
}

cx_status cx_targets_repeat_at(const cx_csv_table *t, size_t r, size_t c,
                                 const cx_calibrate_target *out, size_t k, cx_error *err)
{
    for (size_t i = 0; i < k; i++)
        if (out[i].metric == out[k].metric && out[i].period == out[k].period)
            return cx_targets_at(t, r, c, err, "'%s' (%s) is already a target at line %d",
                                   cx_metric_name((cx_metric)out[k].metric),
                                   out[k].period ? "this period" : "horizon", out[i].line);
    return CX_OK;
}

int cx_targets_blank_row(const cx_csv_table *t, size_t r)
{
    for (size_t c = 0; c < cx_csv_width(t, r); c++)
        if (cx_csv_cell(t, r, c)[0] != '\0')
            return 0;
    return 1;
}

cx_status cx_targets_done(const cx_csv_table *t, const cx_calibrate_target *out,
                                    size_t n, cx_error *err)
{
    double weights = 0;
    if (n == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: no target after the header",
                            cx_csv_name(t), cx_csv_line(t, 0) + 1);
    for (size_t i = 0; i < n; i++)
        weights += out[i].weight;
    if (!(weights > 0))
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d: every weight is 0: nothing to fit",
                            cx_csv_name(t), out[0].line);
    return CX_OK;
}
