/* quickwins_rank.c - the statistics of `cxsim quickwins`: objectives,
 * paired effects, p-values, Holm's adjustment and the ranking.
 *
 * Every effect is a paired difference over replications run with common
 * random numbers (paired.c), so its t interval and t-test are those of the
 * replications' differences (Law, "Simulation Modeling and Analysis", 5th
 * ed., 10.2.1). p-values of all candidates are adjusted together with
 * Holm's step-down procedure (significance.c).
 */
#include "cxsim/quickwins.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/estimates.h"
#include "cxsim/suggest.h"

#include "cxsim/significance.h"

static const cx_metric headlines[CX_QUICKWINS_HEADLINES] = {
    CX_M_NPS, CX_M_CHURN_RATE, CX_M_CLV_MEAN, CX_M_PORTFOLIO_VALUE,
};

cx_metric cx_quickwins_headline(size_t k)
{
    return k < CX_QUICKWINS_HEADLINES ? headlines[k] : CX_M_NPS;
}

int cx_quickwins_direction(cx_metric m)
{
    switch (m) {
    case CX_M_CHURN_RATE: case CX_M_DETRACTOR_SHARE: case CX_M_ABANDON_RATE:
    case CX_M_EFFORT_MEAN: case CX_M_CSAT_JOURNEY_GAP: case CX_M_TRUST_SD: case CX_M_COST:
        return -1;
    default:
        return 1;
    }
}

cx_status cx_quickwins_objective_parse(const char *name, cx_quickwins_objective *out,
                                       cx_error *err)
{
    static const char *const alias[][2] = {
        {"clv", "clv_mean"}, {"churn", "churn_rate"},
    };
    const char *metric = name;
    for (size_t k = 0; k < sizeof alias / sizeof alias[0]; k++)
        if (strcmp(name, alias[k][0]) == 0)
            metric = alias[k][1];
    if (strcmp(name, "value") == 0) {
        *out = (cx_quickwins_objective){.name = "value", .metric = CX_QUICKWINS_VALUE,
                                        .direction = 1};
        return CX_OK;
    }
    int m = cx_metric_from_name(metric);
    if (m < 0) {
        const char *names[CX_METRIC_COUNT + 3] = {"value", "clv", "churn"};
        char hint[96];
        for (int k = 0; k < CX_METRIC_COUNT; k++)
            names[3 + k] = cx_metric_name((cx_metric)k);
        cx_suggest_hint(name, names, CX_METRIC_COUNT + 3, hint, sizeof hint);
        return cx_error_set(err, CX_ERR_USAGE, "--objective: unknown objective '%s'%s (use "
                            "value, clv, nps, churn, roi or a metric name such as "
                            "retention; see 'cxsim help quickwins')", name, hint);
    }
    *out = (cx_quickwins_objective){.metric = m, .direction = cx_quickwins_direction(m)};
    snprintf(out->name, sizeof out->name, "%s", cx_metric_name((cx_metric)m));
    return CX_OK;
}

cx_metric cx_quickwins_segment_metric(const cx_quickwins_objective *o)
{
    if (o->metric < CX_METRIC_COUNT && cx_metric_per_segment((cx_metric)o->metric))
        return (cx_metric)o->metric;
    return CX_M_PORTFOLIO_VALUE;
}

/* The objective of variant v, replication by replication. */
static void objective_values(const cx_batch_result *b, size_t v, const cx_quickwins_objective *o,
                             double *x)
{
    for (size_t r = 0; r < b->reps; r++) {
        const double *h = cx_batch_horizon(b, v, r);
        x[r] = o->metric == CX_QUICKWINS_VALUE ? h[CX_M_PORTFOLIO_VALUE] - h[CX_M_COST]
                                               : h[o->metric];
    }
}

/* Paired difference variant v - baseline of horizon metric m. */
static void paired_metric(const cx_batch_result *b, size_t v, cx_metric m, cx_estimate *out)
{
    cx_paired p;
    cx_stats_paired(cx_batch_horizon(b, v, 0) + m, cx_batch_horizon(b, 0, 0) + m,
                    CX_METRIC_COUNT, b->reps, CX_QUICKWINS_LEVEL, &p);
    *out = p.diff;
}

/* a, z: room for the replications of the candidate and the baseline. */
static void analyse_one(const cx_quickwins *q, cx_quickwins_candidate *c, double *a, double *z)
{
    const cx_batch_result *b = q->batch;
    const cx_quickwins_objective *o = &q->objective;
    objective_values(b, c->variant, o, a);
    if (o->metric == CX_M_ROI) {
        /* ROI is already relative to the baseline: its own mean, against 0
         * (break-even) */
        cx_stats_estimate(a, 1, b->reps, CX_QUICKWINS_LEVEL, &c->effect);
    } else {
        cx_paired p;
        objective_values(b, 0, o, z);
        cx_stats_paired(a, z, 1, b->reps, CX_QUICKWINS_LEVEL, &p);
        c->effect = p.diff;
    }
    c->score = c->effect.mean * o->direction;
    c->p_value = cx_significance_t_p_value(&c->effect);
    paired_metric(b, c->variant, CX_M_COST, &c->cost);
    cx_stats_estimate(cx_batch_horizon(b, c->variant, 0) + CX_M_ROI, CX_METRIC_COUNT, b->reps,
                      CX_QUICKWINS_LEVEL, &c->roi);
    for (size_t k = 0; k < CX_QUICKWINS_HEADLINES; k++)
        paired_metric(b, c->variant, headlines[k], &c->headline[k]);
}

cx_status cx_quickwins_analyse(cx_quickwins *q, size_t from, size_t to, cx_error *err)
{
    double *buf = malloc(2 * q->batch->reps * sizeof *buf);
    if (!buf)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for quickwins statistics");
    for (size_t c = from; c < to; c++)
        analyse_one(q, &q->candidates[c], buf, buf + q->batch->reps);
    free(buf);
    return CX_OK;
}

/* Whether candidate x goes before candidate y. */
static int before(const cx_quickwins *q, size_t x, size_t y)
{
    double a = q->candidates[x].score, b = q->candidates[y].score;
    if (!isnan(a) != !isnan(b))
        return !isnan(a);
    if (!isnan(a) && a != b)
        return a > b;
    return x < y;
}

void cx_quickwins_order(const cx_quickwins *q, size_t from, size_t to, size_t *out)
{
    size_t n = 0;
    for (size_t c = from; c < to; c++) {    /* insertion sort: stable, n is small */
        size_t j = n++;
        for (; j > 0 && before(q, c, out[j - 1]); j--)
            out[j] = out[j - 1];
        out[j] = c;
    }
}

cx_status cx_quickwins_conclude(cx_quickwins *q, cx_error *err)
{
    size_t n = q->n_candidates;
    double *p = calloc(2 * n + 1, sizeof *p);
    q->ranked = malloc((n + 1) * sizeof *q->ranked);
    if (!p || !q->ranked) {
        free(p);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for quickwins statistics");
    }
    for (size_t c = 0; c < n; c++)
        p[c] = q->candidates[c].p_value;
    cx_significance_holm(p, n, p + n);
    for (size_t c = 0; c < n; c++) {
        q->candidates[c].p_holm = p[n + c];
        q->candidates[c].significant = p[n + c] <= q->alpha;
    }
    free(p);
    cx_quickwins_order(q, 0, n, q->ranked);
    for (size_t k = 0; k < n; k++)
        q->candidates[q->ranked[k]].rank = k + 1;
    return CX_OK;
}

void cx_quickwins_segment_effect(const cx_quickwins *q, size_t c, size_t s, cx_metric m,
                                 cx_paired *out)
{
    const cx_estimates src = {q->batch, NULL};     /* every replication is kept */
    cx_estimates_segment_paired(&src, q->candidates[c].variant, s, m, CX_QUICKWINS_LEVEL, out);
}

static size_t choose(size_t n, size_t k)
{
    size_t r = 1;
    for (size_t i = 1; i <= k; i++)
        r = r * (n - k + i) / i;    /* exact: r is C(n - k + i, i) after each step */
    return r;
}

size_t cx_quickwins_combinations(size_t top, size_t max_combo)
{
    size_t total = 0;
    for (size_t k = 2; k <= max_combo && k <= top; k++)
        total += choose(top, k);
    return total;
}

void cx_quickwins_free(cx_quickwins *q)
{
    if (!q)
        return;
    for (size_t c = 0; c < q->n_candidates; c++)
        free(q->candidates[c].label);
    free(q->candidates);
    free(q->ranked);
    cx_batch_result_free(q->batch);
    free(q);
}
