/* markov.c - absorbing Markov chains over a journey's touchpoints (Kemeny
 * and Snell, "Finite Markov Chains", 1960, ch. III), solved with GSL's LU
 * decomposition.
 *
 * The system is built over the states the walk can reach from its start
 * only, after checking that each of them can reach an end: then Q is
 * substochastic with every state transient, so I - Q is invertible
 * (Kemeny and Snell, theorem 3.2.1) and N = (I - Q)^-1 exists.
 */
#include "cxsim/markov.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

/* Rows may sum to 1 give or take rounding: what is left below this is no
 * way out ("0.6 + 0.25 + 0.15" is not exactly 1 in binary). */
#define LEFTOVER_EPS 1e-12

#define NONE SIZE_MAX

/* The reachable part of a chain: row r of the system is state idx[r]. */
typedef struct sys {
    const cx_markov_chain *c;
    size_t m;
    size_t *idx;        /* [m] */
    size_t *row;        /* [n]: system row of a state, or NONE */
} sys;

/* P(s -> t) among transient states, with the visit at s or without
 * (visit_absorbs: the chain in which a visit at s ends the walk). */
static double step(const cx_markov_chain *c, size_t s, size_t t, int visit_absorbs)
{
    double v = c->visit[s], p = 0;
    if (!visit_absorbs)
        p = v * (1 - c->abandon[s]) * c->after_visit[s * c->n + t];
    if (c->after_skip && v < 1)
        p += (1 - v) * c->after_skip[s * c->n + t];
    return p;
}

static double row_sum(const double *a, size_t n, size_t s)
{
    double sum = 0;
    for (size_t t = 0; t < n; t++)
        sum += a[s * n + t];
    return sum;
}

/* P(s -> done): what the rows leave over, rounding dust cleared. */
static double done_prob(const cx_markov_chain *c, size_t s)
{
    double v = c->visit[s], left = 1 - row_sum(c->after_visit, c->n, s);
    double r = v * (1 - c->abandon[s]) * (left > LEFTOVER_EPS ? left : 0);
    if (v < 1) {
        double skip_left = 1 - row_sum(c->after_skip, c->n, s);
        r += (1 - v) * (skip_left > LEFTOVER_EPS ? skip_left : 0);
    }
    return r;
}

static int is_prob(double p)
{
    return p >= 0 && p <= 1;    /* false for NaN */
}

static cx_status check_chain(const cx_markov_chain *c, size_t start, cx_error *err)
{
    if (c->n == 0 || start >= c->n || !c->visit || !c->abandon || !c->after_visit)
        return cx_error_set(err, CX_ERR_USAGE, "markov: an empty chain or a start outside it");
    for (size_t s = 0; s < c->n; s++) {
        int ok = is_prob(c->visit[s]) && is_prob(c->abandon[s]) &&
                 (c->visit[s] == 1 || c->after_skip) &&
                 (!c->label || c->label[s] < c->n_labels);
        for (size_t t = 0; ok && t < c->n; t++)
            ok = is_prob(c->after_visit[s * c->n + t]) &&
                 (!c->after_skip || is_prob(c->after_skip[s * c->n + t]));
        ok = ok && row_sum(c->after_visit, c->n, s) <= 1 + 1e-9 &&
             (!c->after_skip || row_sum(c->after_skip, c->n, s) <= 1 + 1e-9);
        if (!ok)
            return cx_error_set(err, CX_ERR_USAGE, "markov: state %zu: probabilities outside "
                                "[0,1], rows summing over 1 or a bad label", s);
    }
    return CX_OK;
}

/* The states reachable from start, in breadth-first order. */
static void reach_from(sys *y, size_t start)
{
    const cx_markov_chain *c = y->c;
    for (size_t s = 0; s < c->n; s++)
        y->row[s] = NONE;
    y->idx[0] = start;
    y->row[start] = 0;
    y->m = 1;
    for (size_t r = 0; r < y->m; r++)
        for (size_t t = 0; t < c->n; t++)
            if (y->row[t] == NONE && step(c, y->idx[r], t, 0) > 0) {
                y->row[t] = y->m;
                y->idx[y->m++] = t;
            }
}

/* Every reachable state must lead to an end: abandonment or done. */
static cx_status check_ends(const sys *y, unsigned char *ends, cx_error *err)
{
    const cx_markov_chain *c = y->c;
    for (size_t r = 0; r < y->m; r++) {
        size_t s = y->idx[r];
        ends[r] = c->visit[s] * c->abandon[s] > 0 || done_prob(c, s) > 0;
    }
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t r = 0; r < y->m; r++)
            for (size_t q = 0; !ends[r] && q < y->m; q++)
                if (ends[q] && step(c, y->idx[r], y->idx[q], 0) > 0)
                    ends[r] = changed = 1;
    }
    for (size_t r = 0; r < y->m; r++)
        if (!ends[r])
            return cx_error_set(err, CX_ERR_INPUT, "state %zu: the walk can enter a loop it "
                                "never leaves (no abandonment, no way to done)", y->idx[r]);
    return CX_OK;
}

/* I - Q over the system's states; rows in group (may be NULL) use the
 * chain in which a visit there absorbs. */
static void fill_iq(const sys *y, const unsigned char *group, gsl_matrix *a)
{
    gsl_matrix_set_identity(a);
    for (size_t r = 0; r < y->m; r++) {
        int absorbs = group && group[y->idx[r]];
        for (size_t q = 0; q < y->m; q++)
            gsl_matrix_set(a, r, q, (r == q) - step(y->c, y->idx[r], y->idx[q], absorbs));
    }
}

/* N = (I - Q)^-1 into n (m x m). */
static cx_status fundamental(const sys *y, gsl_matrix *n, gsl_matrix *a, gsl_permutation *p,
                             cx_error *err)
{
    int sign;
    fill_iq(y, NULL, a);
    if (gsl_linalg_LU_decomp(a, p, &sign) != GSL_SUCCESS ||
        gsl_linalg_LU_invert(a, p, n) != GSL_SUCCESS)
        return cx_error_set(err, CX_ERR_SIM, "markov: I - Q is singular");
    return CX_OK;
}

/* P(the walk from the start ever visits a state of group): the chain in
 * which such a visit absorbs, solved for its absorption probability. */
static cx_status ever_visits(const sys *y, const unsigned char *group, gsl_matrix *a,
                             gsl_permutation *p, gsl_vector *b, gsl_vector *x, double *out,
                             cx_error *err)
{
    int sign;
    fill_iq(y, group, a);
    for (size_t r = 0; r < y->m; r++)
        gsl_vector_set(b, r, group[y->idx[r]] ? y->c->visit[y->idx[r]] : 0);
    if (gsl_linalg_LU_decomp(a, p, &sign) != GSL_SUCCESS ||
        gsl_linalg_LU_solve(a, p, b, x) != GSL_SUCCESS)
        return cx_error_set(err, CX_ERR_SIM, "markov: singular system for a visit probability");
    *out = gsl_vector_get(x, 0);    /* row 0 is the start */
    return CX_OK;
}

static size_t label_of(const cx_markov_chain *c, size_t s)
{
    return c->label ? c->label[s] : s;
}

/* Arrivals, visits and abandonment per label from row 0 of N; the
 * completed walks (any, with or without a visit) into *done. */
static void from_fundamental(const sys *y, const gsl_matrix *n, cx_markov_touchpoint *out,
                             double *done)
{
    const cx_markov_chain *c = y->c;
    *done = 0;
    for (size_t r = 0; r < y->m; r++) {
        size_t s = y->idx[r];
        double arr = gsl_matrix_get(n, 0, r);
        cx_markov_touchpoint *o = &out[label_of(c, s)];
        o->arrivals += arr;
        o->visits += arr * c->visit[s];
        o->abandon += arr * c->visit[s] * c->abandon[s];
        *done += arr * done_prob(c, s);
    }
}

/* Reach of every label, and of any visit at all (walk->started). */
static cx_status reaches(const sys *y, size_t n_labels, unsigned char *group, gsl_matrix *a,
                         gsl_permutation *p, gsl_vector *b, gsl_vector *x,
                         cx_markov_touchpoint *out, cx_markov_walk *walk, cx_error *err)
{
    const cx_markov_chain *c = y->c;
    cx_status st = CX_OK;
    for (size_t l = 0; st == CX_OK && l <= n_labels; l++) {
        int any = 0;
        for (size_t s = 0; s < c->n; s++) {
            group[s] = l == n_labels || label_of(c, s) == l;
            any |= group[s] && y->row[s] != NONE;
        }
        double *dst = l == n_labels ? &walk->started : &out[l].reach;
        *dst = 0;
        if (any)
            st = ever_visits(y, group, a, p, b, x, dst, err);
    }
    return st;
}

/* The solution over the reachable states y, with the GSL workspace. */
static cx_status solve_reachable(const sys *y, size_t n_labels, unsigned char *group,
                                 cx_markov_touchpoint *out, cx_markov_walk *walk,
                                 cx_error *err)
{
    cx_status st = CX_OK;
    double completed_any = 0;
    gsl_matrix *a = gsl_matrix_alloc(y->m, y->m), *fund = gsl_matrix_alloc(y->m, y->m);
    gsl_permutation *p = gsl_permutation_alloc(y->m);
    gsl_vector *b = gsl_vector_alloc(y->m), *x = gsl_vector_alloc(y->m);
    if (!a || !fund || !p || !b || !x)
        st = cx_error_set(err, CX_ERR_NOMEM, "markov: out of memory");
    if (st == CX_OK && (st = fundamental(y, fund, a, p, err)) == CX_OK) {
        from_fundamental(y, fund, out, &completed_any);
        st = reaches(y, n_labels, group, a, p, b, x, out, walk, err);
    }
    /* a walk without a visit cannot abandon: it ends done */
    if (st == CX_OK)
        walk->completed = completed_any - (1 - walk->started);
    gsl_matrix_free(a);
    gsl_matrix_free(fund);
    gsl_permutation_free(p);
    gsl_vector_free(b);
    gsl_vector_free(x);
    return st;
}

cx_status cx_markov_solve(const cx_markov_chain *c, size_t start, cx_markov_touchpoint *out,
                          cx_markov_walk *walk, cx_error *err)
{
    *walk = (cx_markov_walk){0, 0};
    cx_status st = check_chain(c, start, err);
    if (st != CX_OK)
        return st;
    size_t n = c->n, n_labels = c->label ? c->n_labels : n;
    memset(out, 0, n_labels * sizeof *out);
    sys y = {.c = c, .idx = malloc(n * sizeof *y.idx), .row = malloc(n * sizeof *y.row)};
    unsigned char *flags = malloc(n);
    if (!y.idx || !y.row || !flags)
        st = cx_error_set(err, CX_ERR_NOMEM, "markov: out of memory");
    if (st == CX_OK) {
        reach_from(&y, start);
        st = check_ends(&y, flags, err);
    }
    if (st == CX_OK)
        st = solve_reachable(&y, n_labels, flags, out, walk, err);
    free(y.idx);
    free(y.row);
    free(flags);
    return st;
}
