/* inference.c - the estimates a fit makes from its aggregate (docs/fit.md,
 * "What the data identifies").
 *
 * The chain: a journey is a path from (start) through touchpoints to
 * (conversion) or (null); each path adds its count to the edges it walks.
 * Each state's successors get the Dirichlet posterior of a multinomial with
 * the Jeffreys prior, 1/2 on each successor observed (unobserved edges do
 * not exist in the fitted graph); an edge's interval is the 2.5 % and
 * 97.5 % quantiles of its Beta marginal, Beta(n + 1/2, N - n + (K - 1)/2)
 * for K successors and N journeys leaving the state. The estimate itself
 * is the maximum-likelihood n / N.
 */
#include "fit_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* The q quantile of Beta(a, b): bisection on GSL's regularised incomplete
 * beta (gsl_cdf_beta_P), 80 halvings of [0, 1], below a double's
 * resolution. gsl_cdf_beta_Pinv's own Newton steps fail (NaN) for some
 * shapes met here, such as Beta(0.5, 242.5) at 0.975. */
static double beta_quantile(double q, double a, double b)
{
    double lo = 0, hi = 1;
    for (int i = 0; i < 80; i++) {
        double mid = 0.5 * (lo + hi);
        if (gsl_cdf_beta_P(mid, a, b) < q)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

void cx_fit_jeffreys(double x, double n, double *lo, double *hi)
{
    if (!(n > 0)) {
        *lo = *hi = NAN;
        return;
    }
    *lo = x > 0 ? beta_quantile(0.025, x + 0.5, n - x + 0.5) : 0;
    *hi = x < n ? beta_quantile(0.975, x + 0.5, n - x + 0.5) : 1;
}

/* ---- touchpoint order ------------------------------------------------------------ */

static const cx_fit_data *sort_data;    /* qsort has no context argument */

static int by_name(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    return strcmp(sort_data->tps.key[*x], sort_data->tps.key[*y]);
}

/* rank[id] = position of touchpoint id in byte order of names. */
static cx_status ranks(const cx_fit_data *d, uint32_t **rank, uint32_t **order, cx_error *err)
{
    size_t n = d->tps.n;
    *rank = malloc(n * sizeof **rank);
    *order = malloc(n * sizeof **order);
    if (!*rank || !*order)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        (*order)[i] = (uint32_t)i;
    sort_data = d;
    qsort(*order, n, sizeof **order, by_name);
    sort_data = NULL;
    for (size_t i = 0; i < n; i++)
        (*rank)[(*order)[i]] = (uint32_t)i;
    return CX_OK;
}

/* ---- edge counts ------------------------------------------------------------------- */

/* Dense counts: row from + 1 (0 the start), column to (touchpoints), then
 * n (conversion), n + 1 (null). */
typedef struct counts {
    size_t n;
    double *c;
} counts;

static double *cell(counts *k, int from, size_t to)
{
    return &k->c[(size_t)(from + 1) * (k->n + 2) + to];
}

static void add_paths(const cx_fit_data *d, const uint32_t *rank, counts *k, double *visits)
{
    for (size_t p = 0; p < d->n_paths; p++) {
        const cx_fit_path *ph = &d->paths[p];
        const uint32_t *s = d->ids + ph->off;
        double w = ph->conv + ph->null;
        int from = -1;
        for (uint32_t i = 0; i < ph->len; i++) {
            *cell(k, from, rank[s[i]]) += w;
            visits[rank[s[i]]] += w;
            from = (int)rank[s[i]];
        }
        *cell(k, from, k->n) += ph->conv;
        *cell(k, from, k->n + 1) += ph->null;
    }
}

static int to_state(size_t to, size_t n)
{
    return to < n ? (int)to : (to == n ? CX_FIT_CONVERSION : CX_FIT_NULL);
}

static cx_status make_edges(cx_fit *f, counts *k, cx_error *err)
{
    size_t n = f->n_tp, cols = n + 2, cap = 64;
    f->edge = malloc(cap * sizeof *f->edge);
    if (!f->edge)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    for (int from = -1; from < (int)n; from++) {
        double total = 0, succ = 0;
        for (size_t to = 0; to < cols; to++) {
            total += *cell(k, from, to);
            succ += *cell(k, from, to) > 0;
        }
        for (size_t to = 0; to < cols && total > 0; to++) {
            double c = *cell(k, from, to);
            if (!(c > 0))
                continue;
            if (f->n_edge == cap) {
                cx_fit_edge *e = realloc(f->edge, (cap *= 2) * sizeof *e);
                if (!e)
                    return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
                f->edge = e;
            }
            double b = total - c + (succ - 1) / 2;
            cx_fit_edge *e = &f->edge[f->n_edge++];
            *e = (cx_fit_edge){.from = from, .to = to_state(to, n), .n = c, .total = total,
                               .p = c / total, .alpha = c + 0.5};
            e->lo = succ > 1 ? beta_quantile(0.025, c + 0.5, b) : 1;
            e->hi = succ > 1 ? beta_quantile(0.975, c + 0.5, b) : 1;
        }
    }
    return CX_OK;
}

/* ---- segments, frequency, churn ---------------------------------------------------------- */

static size_t period_of(const cx_fit_data *d, double t)
{
    return (size_t)floor((t - d->t_min) / d->period);
}

/* Per segment, into w (6 n values): customers, churned and the
 * customer-periods of exposure to churn (from the first visit's period to
 * the last visit's, if gone, else the log's last); and the journeys and
 * periods that tell the frequency from the log alone: those strictly
 * between a customer's first and last journey's periods (docs/fit.md,
 * "Frequency"). The first journey's period is in the log because a
 * journey was made in it, and the last one's decides whether the
 * customer counts as gone (and, if not, that it made a journey near the
 * end): counting either, or the periods after the last journey, selects
 * periods by their journeys. The periods strictly between are Bernoulli
 * trials whatever the first and last are. */
enum { W_CUST, W_JOUR, W_EXPO, W_GONE, W_FX, W_FE, W_N };

static void segment_counts(const cx_fit_data *d, double *w, size_t n)
{
    for (size_t i = 0; i < d->custs.n; i++) {
        const cx_fit_customer *c = &d->cust[i];
        size_t s = c->segment >= 0 ? (size_t)c->segment : 0;
        int gone = d->inactive > 0 && d->t_max - c->last_t > d->inactive;
        double end = gone ? c->last_t : d->t_max;
        size_t first = period_of(d, c->first_t), last = period_of(d, c->last_t);
        w[W_CUST * n + s] += 1;
        w[W_JOUR * n + s] += c->journeys;
        w[W_EXPO * n + s] += (double)(period_of(d, end) - first + 1);
        w[W_GONE * n + s] += gone;
        if (last > first + 1 && c->journeys >= 2) {
            w[W_FX * n + s] += c->journeys - 2;
            w[W_FE * n + s] += (double)(last - first - 1);
        }
    }
}

/* The frequency's journeys x and periods e for segment s: the customer
 * table's when given with a log, else the log's interior ones. */
static void frequency_counts(const cx_fit_data *d, const double *w, size_t n, size_t s,
                             double *x, double *e)
{
    if (d->has_churn_table && !d->from_paths) {
        size_t t = d->churn_pooled ? 0 : s;
        *x = d->freq_x[t];
        *e = d->churn_e[t];
        return;
    }
    *x = w[W_FX * n + s];
    *e = w[W_FE * n + s];
}

static cx_status segments(const cx_fit_data *d, cx_fit *f, cx_error *err)
{
    size_t n = d->segs.n ? d->segs.n : 1;
    f->n_seg = n;
    f->seg = calloc(n, sizeof *f->seg);
    f->share = calloc(n, sizeof *f->share);
    f->frequency = calloc(n, sizeof *f->frequency);
    f->churn = calloc(n, sizeof *f->churn);
    double *w = calloc(W_N * n, sizeof *w);
    if (!f->seg || !f->share || !f->frequency || !f->churn || !w) {
        free(w);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    }
    double *cust = w, *expo = w + W_EXPO * n, *gone = w + W_GONE * n;
    segment_counts(d, w, n);
    f->customers = d->custs.n;
    for (size_t s = 0; s < n; s++) {
        double fx, fe;
        frequency_counts(d, w, n, s, &fx, &fe);
        snprintf(f->seg[s], CX_NAME_MAX, "%s", d->segs.n ? d->segs.key[s] : "all");
        f->share[s] = d->custs.n ? cust[s] / (double)d->custs.n : 1;
        f->frequency[s] = d->has_time && fe > 0 ? fmin(1, fx / fe) : NAN;
        f->churn[s] = d->has_time && d->inactive > 0 && expo[s] > 0 ? gone[s] / expo[s] : NAN;
        if (d->has_churn_table) {   /* the table wins over inactivity */
            size_t t = d->churn_pooled ? 0 : s;
            f->churn[s] = d->churn_e[t] > 0 ? d->churn_x[t] / d->churn_e[t] : NAN;
        }
    }
    free(w);
    return CX_OK;
}

/* ---- the parameters of fit.csv ------------------------------------------------------------ */

static cx_status add_param(cx_fit *f, size_t *cap, const char *name, double v, double lo,
                           double hi, double n, const char *source, cx_error *err)
{
    if (f->n_param == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        cx_fit_param *p = realloc(f->param, c * sizeof *p);
        if (!p)
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
        f->param = p;
        *cap = c;
    }
    cx_fit_param *p = &f->param[f->n_param++];
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->source, sizeof p->source, "%s", source && *source ? source : "default");
    p->value = v;
    p->lo = lo;
    p->hi = hi;
    p->n = n;
    return CX_OK;
}

const char *cx_fit_state_name(const cx_fit *f, int s)
{
    return s >= 0 ? f->tp[s] : s == CX_FIT_START ? "(start)"
                             : s == CX_FIT_CONVERSION ? "(conversion)" : "(null)";
}

/* The name an edge's target has in a next table. */
static const char *next_name(const cx_fit *f, int to)
{
    return to >= 0 ? f->tp[to] : to == CX_FIT_CONVERSION ? "done" : "drop";
}

static cx_status edge_params(const cx_fit_data *d, cx_fit *f, size_t *cap, cx_error *err)
{
    char name[CX_PATH_MAX];
    const char *src = d->source[CX_FIT_TOUCHPOINT];
    cx_status st = CX_OK;
    for (size_t i = 0; st == CX_OK && i < f->n_edge; i++) {
        const cx_fit_edge *e = &f->edge[i];
        if (e->from == CX_FIT_START)
            snprintf(name, sizeof name, "journey.%s.start.%s", f->journey, f->tp[e->to]);
        else
            snprintf(name, sizeof name, "journey.%s.%s.next.%s", f->journey, f->tp[e->from],
                     next_name(f, e->to));
        const char *s = e->to >= 0 ? src
                        : d->from_paths ? (e->to == CX_FIT_NULL ? "total_null" : "total_conversions")
                                        : d->source[CX_FIT_OUTCOME];
        st = add_param(f, cap, name, e->p, e->lo, e->hi, e->total, s, err);
    }
    return st;
}

static cx_status tp_params(const cx_fit_data *d, cx_fit *f, const uint32_t *order, size_t *cap,
                           cx_error *err)
{
    char name[CX_PATH_MAX];
    cx_status st = CX_OK;
    for (size_t k = 0; st == CX_OK && k < f->n_tp; k++) {
        const uint64_t *c = d->csat[order[k]];
        double n = (double)(c[0] + c[1] + c[2] + c[3] + c[4]), x = (double)(c[0] + c[1]);
        double lo = NAN, hi = NAN;
        f->friction[k] = n > 0 ? x / n : NAN;
        if (n > 0)
            cx_fit_jeffreys(x, n, &lo, &hi);
        snprintf(name, sizeof name, "journey.%s.%s.friction", f->journey, f->tp[k]);
        st = add_param(f, cap, name, n > 0 ? x / n : 0, lo, hi, n,
                       n > 0 ? d->source[CX_FIT_CSAT] : NULL, err);
        snprintf(name, sizeof name, "journey.%s.%s.abandon", f->journey, f->tp[k]);
        if (st == CX_OK)    /* drop edges carry every drop-off */
            st = add_param(f, cap, name, 0, NAN, NAN, 0, NULL, err);
        snprintf(name, sizeof name, "journey.%s.%s.optional", f->journey, f->tp[k]);
        if (st == CX_OK)    /* a skip leaves no row: not identified */
            st = add_param(f, cap, name, 1, NAN, NAN, 0, NULL, err);
    }
    return st;
}

static cx_status seg_params(const cx_fit_data *d, cx_fit *f, size_t *cap, cx_error *err)
{
    char name[CX_PATH_MAX];
    cx_status st = CX_OK;
    double n = (double)d->custs.n;
    for (size_t s = 0; st == CX_OK && s < f->n_seg; s++) {
        double lo = NAN, hi = NAN;
        if (d->has_segment)
            cx_fit_jeffreys(f->share[s] * n, n, &lo, &hi);
        snprintf(name, sizeof name, "segment.%s.share", f->seg[s]);
        st = add_param(f, cap, name, f->share[s], lo, hi, d->has_segment ? n : 0,
                       d->has_segment ? d->source[CX_FIT_SEGMENT] : NULL, err);
        snprintf(name, sizeof name, "journey.%s.frequency.%s", f->journey, f->seg[s]);
        int fq = !isnan(f->frequency[s]);
        if (st == CX_OK)
            st = add_param(f, cap, name, fq ? f->frequency[s] : 1, NAN, NAN, 0,
                           !fq ? NULL : d->has_churn_table ? d->freq_source
                                                           : d->source[CX_FIT_TIME], err);
        snprintf(name, sizeof name, "segment.%s.churn", f->seg[s]);
        int ch = !isnan(f->churn[s]);
        if (st == CX_OK && ch && d->has_churn_table) {
            /* churned / exposure, the MLE of a constant per-period hazard;
             * the likelihood h^x (1 - h)^(e - x) is binomial in form, so
             * the Jeffreys interval of x of e (docs/fit.md, "Churn") */
            size_t t = d->churn_pooled ? 0 : s;
            cx_fit_jeffreys(d->churn_x[t], d->churn_e[t], &lo, &hi);
            st = add_param(f, cap, name, f->churn[s], lo, hi, d->churn_e[t], d->churn_source,
                           err);
        } else if (st == CX_OK)
            st = add_param(f, cap, name, ch ? f->churn[s] : 0.03, NAN, NAN, 0,
                           ch ? d->source[CX_FIT_TIME] : NULL, err);
    }
    return st;
}

/* Intervals of the rates: exposure counts per segment again. */
static void rate_intervals(const cx_fit_data *d, cx_fit *f)
{
    size_t n = f->n_seg;
    double *w = calloc(W_N * n, sizeof *w);
    if (!w)
        return;
    segment_counts(d, w, n);
    for (size_t i = 0; i < f->n_param; i++) {
        cx_fit_param *p = &f->param[i];
        for (size_t s = 0; s < n; s++) {
            char a[CX_PATH_MAX], b[CX_PATH_MAX];
            snprintf(a, sizeof a, "journey.%s.frequency.%s", f->journey, f->seg[s]);
            snprintf(b, sizeof b, "segment.%s.churn", f->seg[s]);
            double x = -1, e = w[W_EXPO * n + s];
            if (strcmp(p->name, a) == 0 && !isnan(f->frequency[s]))
                frequency_counts(d, w, n, s, &x, &e);
            else if (strcmp(p->name, b) == 0 && !isnan(f->churn[s]) && !d->has_churn_table)
                x = w[W_GONE * n + s];
            if (x < 0)
                continue;
            cx_fit_jeffreys(fmin(x, e), e, &p->lo, &p->hi);
            p->n = e;
        }
    }
    free(w);
}

static cx_status nps_params(const cx_fit_data *d, cx_fit *f, size_t *cap, cx_error *err)
{
    char name[CX_PATH_MAX];
    cx_status st = CX_OK;
    for (size_t s = 0; st == CX_OK && d->has_ltr && s < f->n_seg && s < d->seg_cap; s++) {
        const uint64_t *l = d->ltr[s];
        double n = 0, pro = (double)(l[9] + l[10]), det = 0;
        for (int v = 0; v <= 10; v++)
            n += (double)l[v];
        for (int v = 0; v <= 6; v++)
            det += (double)l[v];
        if (!(n > 0))
            continue;
        /* NPS = P(promoter) - P(detractor); its interval by the delta
         * method on the trinomial, as docs/analysis.md's NPS inference */
        double pp = pro / n, pd = det / n, v = (pp + pd - (pp - pd) * (pp - pd)) / n;
        snprintf(name, sizeof name, "observed.%s.nps", f->seg[s]);
        st = add_param(f, cap, name, 100 * (pp - pd), 100 * (pp - pd - 1.959963984540054 *
                       sqrt(v)), 100 * (pp - pd + 1.959963984540054 * sqrt(v)), n,
                       d->source[CX_FIT_LTR], err);
    }
    return st;
}

/* ---- channels ------------------------------------------------------------------------------- */

static void channels(const cx_fit_data *d, cx_fit *f, const uint32_t *rank)
{
    double *best = calloc(f->n_tp ? f->n_tp : 1, sizeof *best);
    for (size_t k = 0; k < f->n_tp; k++)
        snprintf(f->channel[k], CX_NAME_MAX, "web");
    for (size_t i = 0; best && i < d->tc_len; i++) {
        uint32_t tp = (uint32_t)(d->tc_key[i] >> 32), ch = (uint32_t)d->tc_key[i];
        size_t k = rank[tp];
        /* the most frequent; ties to the channel first seen */
        if (d->tc_n[i] > best[k]) {
            best[k] = d->tc_n[i];
            snprintf(f->channel[k], CX_NAME_MAX, "%s", d->chans.key[ch]);
        }
    }
    free(best);
}

/* ---- the whole ------------------------------------------------------------------------------------ */

void cx_fit_free(cx_fit *f)
{
    if (!f)
        return;
    free(f->tp);
    free(f->channel);
    free(f->edge);
    free(f->visits);
    free(f->param);
    free(f->seg);
    free(f->share);
    free(f->frequency);
    free(f->churn);
    free(f->friction);
    free(f);
}

static cx_status fill(const cx_fit_data *d, cx_fit *f, const uint32_t *rank,
                      const uint32_t *order, cx_error *err)
{
    size_t n = f->n_tp, cap = 0;
    counts k = {n, calloc((n + 1) * (n + 2), sizeof(double))};
    if (!k.c)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory (%zu touchpoints)", n);
    add_paths(d, rank, &k, f->visits);
    cx_status st = make_edges(f, &k, err);
    free(k.c);
    for (size_t i = 0; i < n; i++)
        snprintf(f->tp[i], CX_NAME_MAX, "%s", d->tps.key[order[i]]);
    channels(d, f, rank);
    if (st == CX_OK)
        st = segments(d, f, err);
    if (st == CX_OK)
        st = edge_params(d, f, &cap, err);
    if (st == CX_OK)
        st = tp_params(d, f, order, &cap, err);
    if (st == CX_OK)
        st = seg_params(d, f, &cap, err);
    if (st == CX_OK)
        st = nps_params(d, f, &cap, err);
    if (st == CX_OK)
        rate_intervals(d, f);
    return st;
}

cx_status cx_fit_estimate(const cx_fit_data *d, cx_fit **out, cx_error *err)
{
    *out = NULL;
    if (d->tps.n == 0 || d->journeys < 2)
        return cx_error_set(err, CX_ERR_INPUT, "the data holds %llu journey%s: a fit needs "
                            "two or more (one journey identifies nothing)",
                            (unsigned long long)d->journeys, d->journeys == 1 ? "" : "s");
    cx_fit *f = calloc(1, sizeof *f);
    uint32_t *rank = NULL, *order = NULL;
    size_t n = d->tps.n;
    if (!f)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    f->n_tp = n;
    snprintf(f->journey, sizeof f->journey, "%s", d->journey[0] ? d->journey : "visit");
    f->tp = calloc(n, sizeof *f->tp);
    f->channel = calloc(n, sizeof *f->channel);
    f->visits = calloc(n, sizeof *f->visits);
    f->friction = calloc(n, sizeof *f->friction);
    cx_status st = f->tp && f->channel && f->visits && f->friction
                       ? ranks(d, &rank, &order, err)
                       : cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    if (st == CX_OK)
        st = fill(d, f, rank, order, err);
    free(rank);
    free(order);
    if (st != CX_OK) {
        cx_fit_free(f);
        return st;
    }
    f->journeys = d->journeys;
    f->conversions = d->conversions;
    f->conversion_rate = (double)d->conversions / (double)d->journeys;
    double span = d->has_time ? (d->t_max - d->t_min) / d->period : 0;
    f->periods = d->has_time ? (int)fmin(1200, floor(span) + 1) : 12;
    *out = f;
    return CX_OK;
}
