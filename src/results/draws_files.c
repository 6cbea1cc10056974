/* draws_files.c - the files of --uncertainty (draws.h; docs/results.md,
 * "Files of --uncertainty"): uncertainty.csv, decision.csv and voi.csv
 * from the summaries, draws.csv read back from the spool. */
#include "cxsim/draws.h"

#include <stdlib.h>

#include "cxsim/csv.h"
#include "draws_internal.h"

#define NQ CX_DRAWS_NQ
#define NET CX_DRAWS_NET

const char *cx_draws_quantity_name(size_t k)
{
    return k == NET ? "net_value" : cx_metric_name((cx_metric)k);
}

bool cx_draws_quantity_shown(size_t k)
{
    return k != CX_M_NET_VALUE;
}

void cx_draws_row_name(const cx_draws *d, size_t row, char *buf, size_t size)
{
    if (row < d->n_variants)
        snprintf(buf, size, "%s", d->names[row]);
    else
        snprintf(buf, size, "%s-%s", d->names[row - d->n_variants + 1], d->names[0]);
}

int cx_draws_uncertainty_csv(FILE *fp, const void *ctx)
{
    const cx_draws *d = ctx;
    static const char *const head[] = {"variant", "metric", "mean", "sd", "p05", "p50",
                                       "p95", "prob_positive", "prob_negative", "var_input",
                                       "var_noise", "n"};
    int rc = cx_csv_row(fp, head, 12);
    char name[2 * CX_NAME_MAX + 2];
    for (size_t r = 0; r < cx_draws_rows(d); r++)
        for (size_t k = 0; k < NQ; k++) {
            if (!cx_draws_quantity_shown(k))
                continue;
            const cx_uncertainty_summary *s = &d->sum[r * NQ + k];
            const cx_uncertainty_split *sp = &d->split[r * NQ + k];
            cx_draws_row_name(d, r, name, sizeof name);
            rc |= cx_csv_field(fp, name) | cx_csv_sep(fp)
                  | cx_csv_field(fp, cx_draws_quantity_name(k));
            const double f[] = {s->mean, s->sd, s->p05, s->p50, s->p95, s->prob_positive,
                                s->prob_negative, sp->input, sp->noise};
            for (size_t i = 0; i < 9; i++)
                rc |= cx_csv_sep(fp) | cx_csv_number(fp, f[i]);
            rc |= cx_csv_sep(fp) | cx_csv_size(fp, s->n) | cx_csv_end_row(fp);
        }
    return rc;
}

int cx_draws_decision_csv(FILE *fp, const void *ctx)
{
    const cx_draws *d = ctx;
    static const char *const head[] = {"variant", "expected_net_value", "prob_best",
                                       "prob_loss", "prob_roi_negative", "expected_loss"};
    int rc = cx_csv_row(fp, head, 6);
    for (size_t v = 0; v < d->n_variants; v++) {
        const cx_uncertainty_choice *c = &d->choice[v];
        rc |= cx_csv_field(fp, d->names[v]);
        const double f[] = {c->expected, c->prob_best, d->sum[v * NQ + NET].prob_negative,
                            d->sum[v * NQ + CX_M_ROI].prob_negative, c->expected_loss};
        for (size_t i = 0; i < 5; i++)
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, f[i]);
        rc |= cx_csv_end_row(fp);
    }
    return rc;
}

int cx_draws_voi_csv(FILE *fp, const void *ctx)
{
    const cx_draws *d = ctx;
    static const char *const head[] = {"parameter", "evppi", "evpi"};
    int rc = cx_csv_row(fp, head, 3);
    for (size_t i = 0; i < d->n_inputs; i++)
        rc |= cx_csv_field(fp, d->m->ranges[i].path) | cx_csv_sep(fp)
              | cx_csv_number(fp, d->evppi[i]) | cx_csv_sep(fp) | cx_csv_number(fp, d->evpi)
              | cx_csv_end_row(fp);
    return rc;
}

int cx_draws_csv(FILE *fp, const void *ctx)
{
    const cx_draws *d = ctx;
    double *rec = d->spool->rec;
    int rc = cx_csv_field(fp, "draw") | cx_csv_sep(fp) | cx_csv_field(fp, "variant");
    for (size_t i = 0; i < d->n_inputs; i++)
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, d->m->ranges[i].path);
    for (size_t k = 0; k < NQ; k++)
        if (cx_draws_quantity_shown(k == 0 ? NET : k - 1))
            rc |= cx_csv_sep(fp) | cx_csv_field(fp, cx_draws_quantity_name(k == 0 ? NET : k - 1));
    rc |= cx_csv_end_row(fp);
    for (size_t r = 0; rc == 0 && r < d->n; r++) {
        if (cx_draws_read(d, r, 1, rec, NULL) != CX_OK)
            return -1;
        for (size_t v = 0; v < d->n_variants; v++) {
            rc |= cx_csv_size(fp, r + 1) | cx_csv_sep(fp) | cx_csv_field(fp, d->names[v]);
            for (size_t i = 0; i < d->n_inputs; i++)
                rc |= cx_csv_sep(fp) | cx_csv_number(fp, rec[i]);
            for (size_t k = 0; k < NQ; k++)
                if (cx_draws_quantity_shown(k == 0 ? NET : k - 1))
                    rc |= cx_csv_sep(fp)
                          | cx_csv_number(fp, cx_draws_value(d, rec, v, k == 0 ? NET : k - 1));
            rc |= cx_csv_end_row(fp);
        }
    }
    return rc;
}

int cx_draws_acceptability_csv(FILE *fp, const void *ctx)
{
    const cx_draws *d = ctx;
    static const char *const head[] = {"metric", "price", "variant", "prob_best"};
    int rc = cx_csv_row(fp, head, 4);
    for (size_t p = 0; p < d->n_prices; p++)
        for (size_t v = 0; v < d->n_variants; v++)
            rc |= cx_csv_field(fp, cx_metric_name((cx_metric)d->price_metric)) | cx_csv_sep(fp)
                  | cx_csv_number(fp, d->prices[p]) | cx_csv_sep(fp)
                  | cx_csv_field(fp, d->names[v]) | cx_csv_sep(fp)
                  | cx_csv_number(fp, d->curve[p * d->n_variants + v]) | cx_csv_end_row(fp);
    return rc;
}
