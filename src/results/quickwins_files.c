/* quickwins_files.c - quickwins.csv and quickwins_segments.csv
 * (docs/results.md), each written atomically. Tidy: one row per
 * candidate, and one per candidate, segment and metric. */
#include "cxsim/quickwins_files.h"

#include <stdio.h>

#include "cxsim/csv.h"

static int put_estimate(FILE *fp, const cx_estimate *e)
{
    int rc = cx_csv_number(fp, e->mean) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e->ci_low) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e->ci_high) | cx_csv_sep(fp);
    return rc | cx_csv_size(fp, e->n);
}

static int candidate_row(FILE *fp, const cx_quickwins *q, const cx_quickwins_candidate *c)
{
    int rc = cx_csv_size(fp, c->rank) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, c->label) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, q->batch->variant_names[c->variant]) | cx_csv_sep(fp);
    rc |= cx_csv_size(fp, c->size) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, q->objective.name) | cx_csv_sep(fp);
    rc |= put_estimate(fp, &c->effect) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, c->p_value) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, c->p_holm) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, c->significant ? "true" : "false") | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, c->cost.mean) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, c->roi.mean);
    for (size_t k = 0; k < CX_QUICKWINS_HEADLINES; k++)
        rc |= cx_csv_sep(fp) | cx_csv_number(fp, c->headline[k].mean);
    return rc | cx_csv_end_row(fp);
}

int cx_quickwins_csv(FILE *fp, const void *ctx)
{
    static const char *const header[] = {
        "rank", "candidate", "variant", "interventions", "objective", "effect", "ci_low",
        "ci_high", "n", "p_value", "p_holm", "significant", "cost", "roi", "nps_effect",
        "churn_rate_effect", "clv_mean_effect", "portfolio_value_effect",
    };
    const cx_quickwins *q = ctx;
    if (cx_csv_row(fp, header, sizeof header / sizeof header[0]) != 0)
        return -1;
    for (size_t k = 0; k < q->n_candidates; k++)
        if (candidate_row(fp, q, &q->candidates[q->ranked[k]]) != 0)
            return -1;
    return 0;
}

static int segment_row(FILE *fp, const cx_quickwins *q, size_t c, size_t s, cx_metric m)
{
    cx_paired p;
    cx_quickwins_segment_effect(q, c, s, m, &p);
    int rc = cx_csv_field(fp, q->candidates[c].label) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, q->batch->segment_names[s]) | cx_csv_sep(fp);
    rc |= cx_csv_field(fp, cx_metric_name(m)) | cx_csv_sep(fp);
    return rc | put_estimate(fp, &p.diff) | cx_csv_end_row(fp);
}

int cx_quickwins_segments_csv(FILE *fp, const void *ctx)
{
    static const char *const header[] = {
        "candidate", "segment", "metric", "effect", "ci_low", "ci_high", "n",
    };
    const cx_quickwins *q = ctx;
    if (cx_csv_row(fp, header, sizeof header / sizeof header[0]) != 0)
        return -1;
    for (size_t k = 0; k < q->n_candidates; k++)
        for (size_t s = 0; s < q->batch->n_segments; s++)
            for (int m = 0; m < CX_METRIC_COUNT; m++)
                if (cx_metric_per_segment((cx_metric)m) &&
                    segment_row(fp, q, q->ranked[k], s, (cx_metric)m) != 0)
                    return -1;
    return 0;
}
