/* results_segments.c - segments.csv (docs/results.md): every metric that
 * is defined per segment, among each segment's customers, per variant;
 * and for compare the paired differences from the baseline by segment, so
 * that a change that helps one persona at another's expense shows. The
 * estimates come from the same source as summary.csv's (stored
 * replications, or running statistics). */
#include "results_internal.h"

#include <stdio.h>

#include "cxsim/csv.h"
#include "cxsim/estimates.h"
#include "cxsim/metrics.h"

static int put_row(FILE *fp, const char *variant, const char *segment, size_t m,
                   const cx_estimate *e)
{
    int rc = cx_csv_field(fp, variant) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, segment) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, cx_metric_name((cx_metric)m)) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e->mean) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e->sd) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e->ci_low) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e->ci_high) | cx_csv_sep(fp);
    return rc | cx_csv_size(fp, e->n) | cx_csv_end_row(fp);
}

/* Variant v's rows (paired: its difference from variant 0). */
static int variant_rows(FILE *fp, const cx_results_ctx *c, const cx_estimates *src, size_t v,
                        int paired)
{
    const cx_batch_result *b = c->shape;
    char name[2 * CX_NAME_MAX + 2];
    /* a batch assembled by hand may have no segment values: no rows */
    size_t ns = c->from_batch && !c->batch->segment_values ? 0 : b->n_segments;
    if (paired)
        cx_results_pair_name(b, v, name, sizeof name);
    for (size_t s = 0; s < ns; s++) {
        for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
            if (!cx_metric_per_segment((cx_metric)m))
                continue;
            cx_estimate e;
            cx_paired p;
            if (paired) {
                cx_estimates_segment_paired(src, v, s, m, CX_RESULTS_LEVEL, &p);
                e = p.diff;
            } else {
                cx_estimates_get(src, CX_ESTIMATES_SEGMENT, v, s, m, CX_RESULTS_LEVEL, &e);
            }
            if (put_row(fp, paired ? name : b->variant_names[v], b->segment_names[s], m, &e))
                return -1;
        }
    }
    return 0;
}

int cx_results_write_segments(FILE *fp, const cx_results_ctx *c)
{
    static const char *const header[] = {
        "variant", "segment", "metric", "mean", "sd", "ci_low", "ci_high", "n",
    };
    const cx_estimates src = {c->from_batch ? c->batch : NULL, c->acc};
    if (cx_csv_row(fp, header, sizeof header / sizeof header[0]) != 0)
        return -1;
    for (size_t v = 0; v < c->shape->n_variants; v++)
        if (variant_rows(fp, c, &src, v, 0) != 0)
            return -1;
    for (size_t v = 1; c->paired && v < c->shape->n_variants; v++)
        if (variant_rows(fp, c, &src, v, 1) != 0)
            return -1;
    return 0;
}
