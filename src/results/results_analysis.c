/* results_analysis.c - the analysis files of a results directory:
 * nps.csv (NPS inference) and variance.csv (variance reduction), from the
 * running estimates (docs/results.md, docs/analysis.md). */
#include "results_internal.h"

#include <math.h>

#include "cxsim/csv.h"

/* "variant," or "ALT-baseline," for a difference. */
static int put_name(FILE *fp, const cx_results_ctx *c, size_t v, int paired)
{
    char name[2 * CX_NAME_MAX + 2];
    if (paired)
        cx_results_pair_name(c->shape, v, name, sizeof name);
    return cx_csv_field(fp, paired ? name : c->shape->variant_names[v]) | cx_csv_sep(fp);
}

static int nps_row(FILE *fp, const cx_results_ctx *c, size_t v, int paired)
{
    cx_accum_nps n;
    cx_accum_nps_of(c->acc, v, paired, CX_RESULTS_LEVEL, &n);
    int rc = put_name(fp, c, v, paired);
    rc |= cx_csv_number(fp, n.respondents) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, n.across.mean) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, n.within_se) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, n.within_ci_low) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, n.within_ci_high) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, n.across.sd) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, n.across.ci_low) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, n.across.ci_high) | cx_csv_sep(fp);
    rc |= cx_csv_size(fp, n.across.n) | cx_csv_end_row(fp);
    return rc ? -1 : 0;
}

int cx_results_write_nps(FILE *fp, const cx_results_ctx *c)
{
    static const char *const header[] = {
        "variant", "respondents", "nps", "within_se", "within_ci_low", "within_ci_high",
        "across_sd", "across_ci_low", "across_ci_high", "n",
    };
    if (cx_csv_row(fp, header, 10) != 0)
        return -1;
    for (size_t v = 0; v < c->shape->n_variants; v++)
        if (nps_row(fp, c, v, 0) != 0)
            return -1;
    for (size_t v = 1; c->paired && v < c->shape->n_variants; v++)
        if (nps_row(fp, c, v, 1) != 0)
            return -1;
    return 0;
}

static int variance_row(FILE *fp, const cx_results_ctx *c, size_t v, size_t m, int paired)
{
    cx_accum_variance x;
    cx_accum_variance_of(c->acc, v, m, paired, CX_RESULTS_LEVEL, &x);
    int rc = put_name(fp, c, v, paired);
    rc |= cx_csv_field(fp, cx_metric_name((cx_metric)m)) | cx_csv_sep(fp);
    rc |= cx_csv_size(fp, x.est.n) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.est.mean) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.est.ci_low) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.est.ci_high) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.antithetic_factor) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.control.est.mean) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.control.est.ci_low) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.control.est.ci_high) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.control.factor) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.control.beta[0]) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, x.control.beta[1]) | cx_csv_end_row(fp);
    return rc ? -1 : 0;
}

int cx_results_write_variance(FILE *fp, const cx_results_ctx *c)
{
    static const char *const header[] = {
        "variant", "metric", "units", "mean", "ci_low", "ci_high", "antithetic_factor",
        "cv_mean", "cv_ci_low", "cv_ci_high", "cv_factor", "cv_beta_friction",
        "cv_beta_ltr_noise",
    };
    if (cx_csv_row(fp, header, 13) != 0)
        return -1;
    for (size_t v = 0; v < c->shape->n_variants; v++)
        for (size_t m = 0; m < CX_METRIC_COUNT; m++)
            if (variance_row(fp, c, v, m, 0) != 0)
                return -1;
    for (size_t v = 1; c->paired && v < c->shape->n_variants; v++)
        for (size_t m = 0; m < CX_METRIC_COUNT; m++)
            if (variance_row(fp, c, v, m, 1) != 0)
                return -1;
    return 0;
}
