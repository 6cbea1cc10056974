/* draws_summary.c - the summaries over the draws (draws.h): each row's
 * and quantity's distribution and variance split, read back from the
 * spool a group of columns at a time so that memory holds at most a few
 * tens of MiB whatever the draws x metrics; the decision and the value of
 * information from the inputs and net values kept in memory. */
#include "cxsim/draws.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/stats.h"
#include "draws_internal.h"

#define NQ CX_DRAWS_NQ
#define NET CX_DRAWS_NET
#define GROUP_DOUBLES ((size_t)4 << 20)     /* 32 MiB of columns at once */
#define BLOCK_DOUBLES ((size_t)1 << 20)     /* 8 MiB of records read at once */

size_t cx_draws_rows(const cx_draws *d)
{
    return 2 * d->n_variants - 1;
}

const cx_uncertainty_summary *cx_draws_summary(const cx_draws *d, size_t row, size_t k)
{
    return &d->sum[row * NQ + k];
}

double cx_draws_value(const cx_draws *d, const double *rec, size_t row, size_t k)
{
    size_t nv = d->n_variants, v = row < nv ? row : row - nv + 1;
    const double *z = rec + d->n_inputs, *a = z + v * NQ;
    if (k == CX_M_ROI) {
        double extra = a[CX_M_COST] - z[CX_M_COST];
        double gained = a[CX_M_PORTFOLIO_VALUE] - z[CX_M_PORTFOLIO_VALUE];
        return v > 0 && extra > 0 ? (gained - extra) / extra : NAN;
    }
    if (row < nv || k == NET)
        return a[k];
    return cx_stats_paired_difference(a[k], z[k]);     /* rounding noise is 0 */
}

/* The inner variance of quantity k of a row (NaN for the differences of
 * metrics: their paired variance is not kept; net_value is paired). */
static double inner_var(const cx_draws *d, const double *rec, size_t row, size_t k)
{
    size_t nv = d->n_variants, v = row < nv ? row : row - nv + 1;
    if ((row >= nv && k != NET) || k == CX_M_ROI)
        return NAN;
    return rec[d->n_inputs + nv * NQ + v * NQ + k];
}

/* Columns [c0, c0 + g) (column c = row NQ + k): their values and inner
 * variances into col[(c - c0) 2n ...], reading the spool in blocks. */
static cx_status gather(const cx_draws *d, size_t c0, size_t g, double *col, double *block,
                        size_t per_block, cx_error *err)
{
    size_t n = d->n, w = cx_draws_width(d);
    for (size_t first = 0; first < n; first += per_block) {
        size_t len = n - first < per_block ? n - first : per_block;
        cx_status st = cx_draws_read(d, first, len, block, err);
        if (st != CX_OK)
            return st;
        for (size_t r = 0; r < len; r++)
            for (size_t c = c0; c < c0 + g; c++) {
                double *a = col + (c - c0) * 2 * n;
                a[first + r] = cx_draws_value(d, block + r * w, c / NQ, c % NQ);
                a[n + first + r] = inner_var(d, block + r * w, c / NQ, c % NQ);
            }
    }
    return CX_OK;
}

static cx_status distributions(cx_draws *d, cx_error *err)
{
    size_t n = d->n, cols = cx_draws_rows(d) * NQ, w = cx_draws_width(d);
    size_t group = GROUP_DOUBLES / (2 * n) ? GROUP_DOUBLES / (2 * n) : 1;
    size_t per_block = BLOCK_DOUBLES / w ? BLOCK_DOUBLES / w : 1;
    if (group > cols)
        group = cols;
    if (per_block > n)
        per_block = n;
    double *col = malloc((group * 2 * n + n) * sizeof *col);
    double *block = malloc(per_block * w * sizeof *block);
    cx_status st = col && block ? CX_OK
                   : cx_error_set(err, CX_ERR_NOMEM, "out of memory summarising the draws");
    for (size_t c0 = 0; st == CX_OK && c0 < cols; c0 += group) {
        size_t g = cols - c0 < group ? cols - c0 : group;
        st = gather(d, c0, g, col, block, per_block, err);
        for (size_t c = c0; st == CX_OK && c < c0 + g; c++) {
            double *a = col + (c - c0) * 2 * n, *work = col + group * 2 * n;
            cx_uncertainty_summarise(a, 1, n, work, &d->sum[c]);
            cx_uncertainty_split_variance(a, a + n, 1, n, d->reps, d->inputs_vary,
                                          &d->split[c]);
        }
    }
    free(col);
    free(block);
    return st;
}

static cx_status value_of_information(cx_draws *d, cx_error *err)
{
    size_t n = d->n, nv = d->n_variants;
    d->evpi = cx_uncertainty_decide(d->net, n, nv, d->choice);
    double *work = malloc((1 + nv) * n * sizeof *work), *x = malloc(n * sizeof *x);
    size_t *iwork = malloc(n * sizeof *iwork);
    cx_status st = work && x && iwork ? CX_OK
                   : cx_error_set(err, CX_ERR_NOMEM, "out of memory for the EVPPI");
    for (size_t i = 0; st == CX_OK && i < d->n_inputs; i++) {
        for (size_t r = 0; r < n; r++)
            x[r] = d->x[r * d->n_inputs + i];
        d->evppi[i] = nv > 1 ? cx_uncertainty_evppi(x, d->net, n, nv, work, iwork) : 0;
    }
    free(work);
    free(x);
    free(iwork);
    return st;
}

cx_status cx_draws_summarise(cx_draws *d, cx_error *err)
{
    if (d->n == 0)
        return cx_error_set(err, CX_ERR_USAGE, "no draw to summarise");
    size_t cells = cx_draws_rows(d) * NQ;
    free(d->sum);
    free(d->split);
    free(d->evppi);
    d->sum = calloc(cells, sizeof *d->sum);
    d->split = calloc(cells, sizeof *d->split);
    d->evppi = calloc(d->n_inputs ? d->n_inputs : 1, sizeof *d->evppi);
    if (!d->sum || !d->split || !d->evppi)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory summarising the draws");
    cx_status st = distributions(d, err);
    return st == CX_OK ? value_of_information(d, err) : st;
}

cx_status cx_draws_acceptability(cx_draws *d, int metric, const double *prices,
                                 size_t n_prices, cx_error *err)
{
    size_t n = d->n, nv = d->n_variants;
    if (n == 0 || n_prices == 0 || metric < 0 || metric >= CX_METRIC_COUNT ||
        metric == CX_M_ROI)
        return cx_error_set(err, CX_ERR_USAGE, "acceptability: draws, prices and a metric "
                            "other than roi");
    free(d->curve);
    free(d->prices);
    d->n_prices = 0;
    double *effect = malloc(n * nv * sizeof *effect), *rec = d->spool->rec;
    d->curve = malloc(n_prices * nv * sizeof *d->curve);
    d->prices = malloc(n_prices * sizeof *d->prices);
    cx_status st = effect && d->curve && d->prices ? CX_OK
                   : cx_error_set(err, CX_ERR_NOMEM, "out of memory for the acceptability curve");
    for (size_t r = 0; st == CX_OK && r < n; r++) {
        st = cx_draws_read(d, r, 1, rec, err);
        for (size_t v = 0; st == CX_OK && v < nv; v++)
            effect[r * nv + v] = v ? cx_draws_value(d, rec, nv + v - 1, (size_t)metric) : 0;
    }
    if (st == CX_OK) {
        memcpy(d->prices, prices, n_prices * sizeof *prices);
        d->n_prices = n_prices;
        d->price_metric = metric;
        cx_uncertainty_acceptability(d->net, effect, n, nv, prices, n_prices, d->curve);
    }
    free(effect);
    return st;
}
