/* removal.c - removal effects of the fitted absorbing chain (docs/fit.md,
 * "Attribution").
 *
 * With Q the transitions among touchpoints, r the one-step probabilities of
 * (conversion) and s those of (start), N = (I - Q)^-1 (Kemeny and Snell,
 * "Finite Markov Chains", 1960, ch. III) gives x = N r, the conversion
 * probability from each touchpoint, P = s.x, and v = s N, the expected
 * visits. Removing touchpoint k sends every move into k to (null), so the
 * conversions lost are those of walks that reach k: P(reach k) x_k, where
 * P(reach k) = v_k / N_kk (the expected visits from the start over those
 * from k itself). Hence the removal effect 1 - P_k / P = v_k x_k /
 * (N_kk P), one inverse for every k at once, exactly what
 * ChannelAttribution's removal effect is by simulation or by solving the
 * chain once per k.
 *
 * Intervals: a parametric bootstrap. Each draw takes every state's
 * successor probabilities from their Dirichlet posterior (cx_fit_edge.alpha)
 * and recomputes every effect; the interval is the 2.5 % and 97.5 %
 * percentiles of the draws (gsl_rng mt19937 with the given seed, so the
 * same data and seed give the same bytes).
 */
#include "fit_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

typedef struct work {
    size_t n;
    gsl_matrix *a, *inv;
    gsl_permutation *perm;
    double *s, *r;
} work;

static void work_free(work *w)
{
    if (w->a)
        gsl_matrix_free(w->a);
    if (w->inv)
        gsl_matrix_free(w->inv);
    if (w->perm)
        gsl_permutation_free(w->perm);
    free(w->s);
    free(w->r);
}

static int work_alloc(work *w, size_t n)
{
    *w = (work){.n = n, .a = gsl_matrix_alloc(n, n), .inv = gsl_matrix_alloc(n, n),
                .perm = gsl_permutation_alloc(n), .s = calloc(n, sizeof(double)),
                .r = calloc(n, sizeof(double))};
    return w->a && w->inv && w->perm && w->s && w->r ? 0 : -1;
}

/* Fills I - Q, r, s from edge probabilities p[e]. */
static void load(work *w, const cx_fit *f, const double *p)
{
    gsl_matrix_set_identity(w->a);
    memset(w->s, 0, w->n * sizeof *w->s);
    memset(w->r, 0, w->n * sizeof *w->r);
    for (size_t i = 0; i < f->n_edge; i++) {
        const cx_fit_edge *e = &f->edge[i];
        if (e->from == CX_FIT_START)
            w->s[e->to] += p[i];
        else if (e->to >= 0)
            gsl_matrix_set(w->a, (size_t)e->from, (size_t)e->to,
                           gsl_matrix_get(w->a, (size_t)e->from, (size_t)e->to) - p[i]);
        else if (e->to == CX_FIT_CONVERSION)
            w->r[e->from] += p[i];
    }
}

/* x = N r, v = s N; effects and P. */
static int solve(work *w, double *p_conv, double *eff, double *x, double *v)
{
    int sign;
    size_t n = w->n;
    if (gsl_linalg_LU_decomp(w->a, w->perm, &sign) != GSL_SUCCESS ||
        gsl_linalg_LU_invert(w->a, w->perm, w->inv) != GSL_SUCCESS)
        return -1;
    double P = 0;
    for (size_t i = 0; i < n; i++) {
        x[i] = v[i] = 0;
        for (size_t j = 0; j < n; j++) {
            x[i] += gsl_matrix_get(w->inv, i, j) * w->r[j];
            v[i] += w->s[j] * gsl_matrix_get(w->inv, j, i);
        }
    }
    for (size_t i = 0; i < n; i++)
        P += w->s[i] * x[i];
    *p_conv = P;
    for (size_t k = 0; k < n; k++)
        eff[k] = P > 0 ? v[k] * x[k] / (gsl_matrix_get(w->inv, k, k) * P) : NAN;
    return 0;
}

/* One bootstrap draw of every edge probability: per state, a Dirichlet
 * over its observed successors. Edges are grouped by state (inference.c). */
static void draw_edges(const cx_fit *f, gsl_rng *rng, double *alpha, double *p)
{
    for (size_t i = 0; i < f->n_edge;) {
        size_t j = i;
        while (j < f->n_edge && f->edge[j].from == f->edge[i].from)
            j++;
        for (size_t e = i; e < j; e++)
            alpha[e - i] = f->edge[e].alpha;
        if (j - i == 1)
            p[i] = 1;
        else
            gsl_ran_dirichlet(rng, j - i, alpha, p + i);
        i = j;
    }
}

static cx_status bootstrap(const cx_fit *f, work *w, size_t B, unsigned long seed,
                           cx_fit_removal *out, cx_error *err)
{
    size_t n = f->n_tp;
    double *draws = malloc(B * n * sizeof *draws), *p = malloc(f->n_edge * sizeof *p);
    double *alpha = malloc(f->n_edge * sizeof *alpha), *x = malloc(2 * n * sizeof *x);
    double *eff = malloc(n * sizeof *eff), *col = malloc(B * sizeof *col);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    cx_status st = CX_OK;
    if (!draws || !p || !alpha || !x || !eff || !col || !rng) {
        st = cx_error_set(err, CX_ERR_NOMEM, "out of memory (bootstrap)");
        goto done;
    }
    gsl_rng_set(rng, seed);
    size_t kept = 0;
    for (size_t b = 0; b < B; b++) {
        double P;
        draw_edges(f, rng, alpha, p);
        load(w, f, p);
        if (solve(w, &P, eff, x, x + n) != 0 || !(P > 0))
            continue;   /* a draw without conversions has no effects */
        memcpy(draws + kept++ * n, eff, n * sizeof *eff);
    }
    for (size_t k = 0; k < n; k++) {
        for (size_t b = 0; b < kept; b++)
            col[b] = draws[b * n + k];
        gsl_sort(col, 1, kept);
        out[k].lo = kept ? gsl_stats_quantile_from_sorted_data(col, 1, kept, 0.025) : NAN;
        out[k].hi = kept ? gsl_stats_quantile_from_sorted_data(col, 1, kept, 0.975) : NAN;
    }
done:
    free(draws);
    free(p);
    free(alpha);
    free(x);
    free(eff);
    free(col);
    if (rng)
        gsl_rng_free(rng);
    return st;
}

void cx_fit_path_removal(const cx_fit_data *d, const cx_fit *f, double *out)
{
    double conv = 0;
    for (size_t k = 0; k < f->n_tp; k++)
        out[k] = 0;
    for (size_t p = 0; p < d->n_paths; p++) {
        const cx_fit_path *ph = &d->paths[p];
        conv += ph->conv;
        if (!(ph->conv > 0))
            continue;
        for (size_t k = 0; k < f->n_tp; k++) {
            long id = cx_fit_dict_get(&d->tps, f->tp[k], strlen(f->tp[k]));
            for (uint32_t i = 0; id >= 0 && i < ph->len; i++)
                if (d->ids[ph->off + i] == (uint32_t)id) {
                    out[k] += ph->conv;
                    break;
                }
        }
    }
    for (size_t k = 0; k < f->n_tp; k++)
        out[k] = conv > 0 ? out[k] / conv : NAN;
}

cx_status cx_fit_removal_effects(const cx_fit *f, const cx_fit_data *d, size_t B,
                                 unsigned long seed, double *p_conv, cx_fit_removal *out,
                                 cx_error *err)
{
    size_t n = f->n_tp;
    work w;
    double *p = malloc(f->n_edge * sizeof *p), *x = malloc(2 * n * sizeof *x);
    double *eff = malloc(n * sizeof *eff), *obs = malloc(n * sizeof *obs);
    cx_status st = CX_OK;
    if (work_alloc(&w, n) != 0 || !p || !x || !eff || !obs) {
        st = cx_error_set(err, CX_ERR_NOMEM, "out of memory (removal effects)");
        goto done;
    }
    for (size_t i = 0; i < f->n_edge; i++)
        p[i] = f->edge[i].p;
    load(&w, f, p);
    if (solve(&w, p_conv, eff, x, x + n) != 0 || !(*p_conv > 0)) {
        st = cx_error_set(err, CX_ERR_INPUT, "no journey converts: removal effects are "
                          "shares of conversions and there are none");
        goto done;
    }
    if (d)
        cx_fit_path_removal(d, f, obs);
    for (size_t k = 0; k < n; k++)
        out[k] = (cx_fit_removal){.effect = eff[k], .observed = d ? obs[k] : NAN};
    st = bootstrap(f, &w, B, seed, out, err);
done:
    work_free(&w);
    free(p);
    free(x);
    free(eff);
    free(obs);
    return st;
}
