/* targets_wide.c - calibration targets in the wide layout that BI tools
 * export: one row per period, a `period` column and one column per metric
 * (`period,nps,churn_rate,retention`), with optional METRIC_sd,
 * METRIC_weight and METRIC_n columns and a sample size `n` for the row
 * (docs/analysis.md, "The targets file"). Every non-empty metric cell is a
 * target, read in row order and, within a row, in column order.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cxsim/metrics.h"
#include "cxsim/suggest.h"
#include "targets_internal.h"

/* What a column holds. */
typedef enum kind { K_NONE, K_PERIOD, K_N, K_VALUE, K_SD, K_WEIGHT, K_METRIC_N } kind;

static const char *const suffix[] = {NULL, NULL, NULL, "", "_sd", "_weight", "_n"};

typedef struct layout {
    const cx_csv_table *t;
    size_t width;
    size_t period, n;                   /* columns, or CX_CSV_NO_COLUMN */
    size_t at[CX_METRIC_COUNT][K_METRIC_N + 1];     /* by metric and kind */
    kind *kinds;                        /* [width] */
    int *metric;                        /* [width] */
} layout;

/* Metrics whose standard error follows from a sample size n: NPS, and the
 * shares of a count (a binomial proportion). */
static int has_n_formula(int m)
{
    switch (m) {
    case CX_M_NPS: case CX_M_PROMOTER_SHARE: case CX_M_DETRACTOR_SHARE:
    case CX_M_COMPLETION_RATE: case CX_M_ABANDON_RATE: case CX_M_CHURN_RATE:
    case CX_M_RETENTION: case CX_M_REFERRAL_SHARE: case CX_M_CROSS_SELL_RATE:
        return 1;
    default:
        return 0;
    }
}

/* The metric and kind a header names: a metric's own name first (trust_sd
 * is a metric, not the sd of one named trust), then METRIC + a suffix. */
static kind classify(const char *head, int *metric)
{
    size_t len = strlen(head);
    char base[64];
    *metric = cx_metric_from_name(head);
    if (*metric >= 0)
        return K_VALUE;
    if (strcmp(head, "period") == 0)
        return K_PERIOD;
    if (strcmp(head, "n") == 0)
        return K_N;
    for (int k = K_SD; k <= K_METRIC_N; k++) {
        size_t sl = strlen(suffix[k]);
        if (len > sl && len - sl < sizeof base && strcmp(head + len - sl, suffix[k]) == 0) {
            memcpy(base, head, len - sl);
            base[len - sl] = '\0';
            if ((*metric = cx_metric_from_name(base)) >= 0)
                return (kind)k;
        }
    }
    return K_NONE;
}

static cx_status unknown_column(const layout *l, size_t c, const char *head, cx_error *err)
{
    enum { N = CX_METRIC_COUNT * 4 + 2 };
    static const char hint[] = "(the wide layout: period, then metric names of "
                               "docs/results.md, each with optional METRIC_sd, "
                               "METRIC_weight and METRIC_n columns, and n)";
    char cand[N][64];
    size_t k = 0;
    cx_suggestion s;
    if (strchr(head, ';'))
        return cx_targets_at(l->t, 0, c, err, "unknown column '%s': fields are "
                               "separated by commas, not semicolons", head);
    cx_suggest_init(&s, head);
    snprintf(cand[k++], sizeof cand[0], "period");
    snprintf(cand[k++], sizeof cand[0], "n");
    for (int m = 0; m < CX_METRIC_COUNT; m++)
        for (int j = K_VALUE; j <= K_METRIC_N; j++)
            snprintf(cand[k++], sizeof cand[0], "%s%s", cx_metric_name((cx_metric)m),
                     suffix[j]);
    for (size_t i = 0; i < k; i++)
        cx_suggest_add(&s, cand[i]);
    if (s.best)
        return cx_targets_at(l->t, 0, c, err, "unknown column '%s'; did you mean '%s'?",
                               head, s.best);
    return cx_targets_at(l->t, 0, c, err, "unknown column '%s' %s", head, hint);
}

/* The column before c with the same header, or -1. */
static int earlier(const cx_csv_table *t, size_t c)
{
    for (size_t k = 0; k < c; k++)
        if (strcmp(cx_csv_cell(t, 0, k), cx_csv_cell(t, 0, c)) == 0)
            return (int)k;
    return -1;
}

static cx_status read_column(layout *l, size_t c, cx_error *err)
{
    const char *head = cx_csv_cell(l->t, 0, c);
    int m, k = earlier(l->t, c);
    if (k >= 0)
        return cx_targets_at(l->t, 0, c, err, "column '%s' given twice (first as column "
                               "%d)", head, k + 1);
    kind kd = classify(head, &m);
    if (kd == K_NONE)
        return unknown_column(l, c, head, err);
    if (kd == K_METRIC_N && !has_n_formula(m))
        return cx_targets_at(l->t, 0, c, err, "a sample size gives the standard error of "
                               "nps and of shares only, not of %s: give %s_sd",
                               cx_metric_name((cx_metric)m), cx_metric_name((cx_metric)m));
    l->kinds[c] = kd;
    l->metric[c] = m;
    if (kd == K_PERIOD)
        l->period = c;
    else if (kd == K_N)
        l->n = c;
    else
        l->at[m][kd] = c;
    return CX_OK;
}

/* Every METRIC_sd, _weight and _n column goes with a METRIC column. */
static cx_status read_header(layout *l, cx_error *err)
{
    for (int m = 0; m < CX_METRIC_COUNT; m++)
        for (int k = 0; k <= K_METRIC_N; k++)
            l->at[m][k] = CX_CSV_NO_COLUMN;
    l->period = l->n = CX_CSV_NO_COLUMN;
    for (size_t c = 0; c < l->width; c++) {
        cx_status st = read_column(l, c, err);
        if (st != CX_OK)
            return st;
    }
    for (size_t c = 0; c < l->width; c++)
        if (l->kinds[c] >= K_SD && l->at[l->metric[c]][K_VALUE] == CX_CSV_NO_COLUMN)
            return cx_targets_at(l->t, 0, c, err, "no column '%s' for it to go with",
                                   cx_metric_name((cx_metric)l->metric[c]));
    if (l->period == CX_CSV_NO_COLUMN)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: no column 'period' (a targets file "
                            "is metric,value,... with one target per line, or "
                            "period,METRIC,... with one period per line)",
                            cx_csv_name(l->t), cx_csv_line(l->t, 0));
    return CX_OK;
}

/* Field c of row r, or NULL when c is CX_CSV_NO_COLUMN or the field empty. */
static const char *field(const layout *l, size_t r, size_t c)
{
    const char *s = c != CX_CSV_NO_COLUMN ? cx_csv_cell(l->t, r, c) : NULL;
    return s && *s ? s : NULL;
}

/* The sample size for metric m in row r: its METRIC_n field, else the
 * row's n (for a metric that has a formula); 0 when neither is given. */
static cx_status sample_size(const layout *l, size_t r, int m, double *n, cx_error *err)
{
    size_t c = field(l, r, l->at[m][K_METRIC_N]) ? l->at[m][K_METRIC_N]
               : has_n_formula(m) && field(l, r, l->n) ? l->n : CX_CSV_NO_COLUMN;
    *n = 0;
    if (c == CX_CSV_NO_COLUMN)
        return CX_OK;
    if (cx_csv_number_at(l->t, r, c, n, err) != 0)
        return CX_ERR_INPUT;
    if (!(*n > 0))
        return cx_targets_at(l->t, r, c, err, "a sample size must be above 0, got '%s'",
                               field(l, r, c));
    return CX_OK;
}

/* The value of metric m in row r when the row gives it, else NaN. */
static double row_value(const layout *l, size_t r, int m)
{
    double v;
    size_t c = l->at[m][K_VALUE];
    return field(l, r, c) && cx_csv_number_at(l->t, r, c, &v, NULL) == 0 ? v : NAN;
}

/* The standard error of tg's value from a sample of n. For a share p,
 * sqrt(p (1 - p) / n) (binomial). For NPS, 100 sqrt((P + D - (P - D)^2)
 * / n), the sd of a respondent's score (+100, 0 or -100) over sqrt(n),
 * with P and D the promoter and detractor shares of the row when it gives
 * both (the multinomial variance of NPS, Rocks 2016, as cx_nps_variance
 * computes it from counts); otherwise P + D = 1 (no passives), its largest
 * value for the NPS, which makes the sd an upper bound. */
static cx_status sd_from_n(const layout *l, size_t r, size_t c, cx_calibrate_target *tg,
                           double n, cx_error *err)
{
    double v = tg->value, var;
    if (tg->metric == CX_M_NPS) {
        double p = row_value(l, r, CX_M_PROMOTER_SHARE), d = row_value(l, r, CX_M_DETRACTOR_SHARE);
        if (!(v >= -100 && v <= 100))
            return cx_targets_at(l->t, r, c, err, "an NPS must be in [-100,100] for n to "
                                   "give its standard error, got %.10g", v);
        var = p >= 0 && p <= 1 && d >= 0 && d <= 1 ? p + d - (p - d) * (p - d)
                                                   : 1 - (v / 100) * (v / 100);
        tg->sd = 100 * sqrt(var / n);
    } else {
        if (!(v >= 0 && v <= 1))
            return cx_targets_at(l->t, r, c, err, "a share must be in [0,1] for n to give "
                                   "its standard error, got %.10g", v);
        tg->sd = sqrt(v * (1 - v) / n);
    }
    if (!(tg->sd > 0))
        return cx_targets_at(l->t, r, c, err, "the standard error that n gives is 0 (a "
                               "value at the end of its range): give %s_sd",
                               cx_metric_name((cx_metric)tg->metric));
    return CX_OK;
}

/* The target of the value field c of row r (period already in tg). */
static cx_status read_target(const layout *l, size_t r, size_t c, cx_calibrate_target *tg,
                             cx_error *err)
{
    int m = l->metric[c];
    double n = 0;
    tg->metric = m;
    tg->line = (int)cx_csv_line(l->t, r);
    tg->column = (int)c + 1;
    if (cx_csv_number_at(l->t, r, c, &tg->value, err) != 0)
        return CX_ERR_INPUT;
    cx_status st = cx_targets_weight_at(l->t, r, l->at[m][K_WEIGHT], &tg->weight, err);
    if (st == CX_OK)
        st = cx_targets_sd_at(l->t, r, l->at[m][K_SD], &tg->sd, err);
    if (st == CX_OK && isnan(tg->sd))
        st = sample_size(l, r, m, &n, err);
    if (st == CX_OK && isnan(tg->sd) && n > 0)
        st = sd_from_n(l, r, c, tg, n, err);
    if (st == CX_OK)
        st = cx_targets_scale_at(l->t, r, c, tg, err);
    return st;
}

/* The targets of row r into out[*n ...]. */
static cx_status read_row(const layout *l, size_t r, int horizon, cx_calibrate_target *out,
                          size_t *n, cx_error *err)
{
    size_t width = cx_csv_width(l->t, r);
    int period;
    if (width != l->width)
        return cx_targets_at(l->t, r, CX_CSV_NO_COLUMN, err, "%zu fields, the header has "
                               "%zu", width, l->width);
    cx_status st = cx_targets_period_at(l->t, r, l->period, horizon, &period, err);
    for (size_t c = 0; st == CX_OK && c < width; c++) {
        kind k = l->kinds[c];
        if (k >= K_SD && field(l, r, c) && !field(l, r, l->at[l->metric[c]][K_VALUE]))
            return cx_targets_at(l->t, r, c, err, "given, but this line has no %s",
                                   cx_metric_name((cx_metric)l->metric[c]));
        if (k != K_VALUE || !field(l, r, c))
            continue;
        out[*n].period = period;
        st = read_target(l, r, c, &out[*n], err);
        if (st == CX_OK)
            st = cx_targets_repeat_at(l->t, r, c, out, *n, err);
        if (st == CX_OK)
            (*n)++;
    }
    return st;
}

cx_status cx_targets_wide(const cx_csv_table *t, int horizon,
                                    cx_calibrate_target *out, size_t *n, cx_error *err)
{
    layout l = {.t = t, .width = cx_csv_width(t, 0)};
    kind kinds[CX_CSV_MAX_COLUMNS];
    int metric[CX_CSV_MAX_COLUMNS];
    l.kinds = kinds;
    l.metric = metric;
    memset(kinds, 0, sizeof kinds);
    cx_status st = read_header(&l, err);
    for (size_t r = 1; st == CX_OK && r < cx_csv_rows(t); r++)
        if (!cx_targets_blank_row(t, r))
            st = read_row(&l, r, horizon, out, n, err);
    if (st == CX_OK)
        st = cx_targets_done(t, out, *n, err);
    return st;
}
