/* fuzz_csv.c - libFuzzer target: any bytes into the CSV table reader, every
 * cell through the number reader, and the table through the readers built
 * on it (calibration targets, long and wide; segments). A table or a clear
 * error, nothing else: a crash, a sanitizer report, a leak, an error
 * without a message, a row that starts on a line past the end of the
 * input, a target that breaks the reader's promises (a finite value,
 * weight >= 0, a positive scale, a period in range) or a segment that
 * breaks them (a name without '.' or '*', every key in its range, shares
 * summing to at most 1) is a finding. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "cxsim/calibrate.h"
#include "cxsim/csv_table.h"
#include "cxsim/segments_csv.h"
#include "cxsim/targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The segments reader's promises, or abort. */
static void check_segments(const cx_csv_table *t)
{
    size_t nspec, n = 0;
    const cx_param_spec *spec = cx_model_segment_params(&nspec);
    cx_segment *s = NULL;
    cx_error err;
    if (cx_segments_csv_read(t, &s, &n, &err) != CX_OK) {
        if (err.msg[0] == '\0' || s || n)
            abort();
        return;
    }
    double shares = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i].name[0] == '\0' || strpbrk(s[i].name, ".*") || s[i].line < 1)
            abort();
        for (size_t k = 0; k < nspec; k++) {
            double v = cx_param_get(&spec[k], &s[i]);
            if (!(v >= spec[k].lo && v <= spec[k].hi))
                abort();
        }
        shares += s[i].share;
    }
    if (n == 0 || shares > 1 + 1e-6)
        abort();
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cx_csv_table *t = NULL;
    cx_error err;
    cx_error_clear(&err);
    cx_status st = cx_csv_read_buffer("fuzz.csv", (const char *)data, size, &t, &err);
    if (st != CX_OK) {
        if (t || err.msg[0] == '\0' || (st != CX_ERR_INPUT && st != CX_ERR_NOMEM))
            abort();
        return 0;
    }
    /* lines end at "\n", "\r\n" or a lone "\r", as in csv_table.h */
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
    for (size_t r = 0; r < cx_csv_rows(t); r++) {
        if (cx_csv_line(t, r) < 1 || cx_csv_line(t, r) > lines)
            abort();
        if (r > 0 && cx_csv_line(t, r) <= cx_csv_line(t, r - 1))
            abort();
        for (size_t c = 0; c < cx_csv_width(t, r); c++) {
            double v;
            if (!cx_csv_cell(t, r, c))
                abort();
            if (cx_csv_number_at(t, r, c, &v, &err) != 0 && err.msg[0] == '\0')
                abort();
        }
    }
    cx_calibrate_target *tg = NULL;
    size_t n = 0;
    if (cx_targets_read(t, 12, &tg, &n, &err) == CX_OK) {
        for (size_t k = 0; k < n; k++)
            if (!isfinite(tg[k].value) || !(tg[k].weight >= 0) || !(tg[k].scale > 0) ||
                tg[k].period < 0 || tg[k].period > 12 || tg[k].line < 1)
                abort();
        free(tg);
    } else if (err.msg[0] == '\0' || tg) {
        abort();
    }
    check_segments(t);
    cx_csv_table_free(t);
    return 0;
}
