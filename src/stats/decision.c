/* decision.c - the choice between options over the outer draws of a
 * two-level Monte Carlo: probability of being best, expected loss, EVPI,
 * the acceptability curve over a price, and the EVPPI of one input by
 * non-parametric regression (cxsim/uncertainty.h). */
#include "cxsim/uncertainty.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

/* Whether draw d has a value for every option. */
static int complete(const double *net, size_t d, size_t k)
{
    for (size_t v = 0; v < k; v++)
        if (isnan(net[d * k + v]))
            return 0;
    return 1;
}

static double row_max(const double *row, size_t k)
{
    double best = row[0];
    for (size_t v = 1; v < k; v++)
        best = row[v] > best ? row[v] : best;
    return best;
}

/* Share of option v in the draw's win: 1 / (number of ties) if v is best. */
static double win_share(const double *row, size_t k, size_t v)
{
    double best = row_max(row, k);
    size_t ties = 0;
    for (size_t j = 0; j < k; j++)
        ties += row[j] == best;
    return row[v] == best ? 1.0 / (double)ties : 0;
}

double cx_uncertainty_decide(const double *net, size_t n, size_t k,
                             cx_uncertainty_choice *out)
{
    double emax = 0;
    size_t m = 0;
    for (size_t v = 0; v < k; v++)
        out[v] = (cx_uncertainty_choice){0, 0, 0};
    for (size_t d = 0; d < n; d++) {
        if (!complete(net, d, k))
            continue;
        const double *row = net + d * k;
        double best = row_max(row, k);
        emax += best;
        for (size_t v = 0; v < k; v++) {
            out[v].expected += row[v];
            out[v].expected_loss += best - row[v];
            out[v].prob_best += win_share(row, k, v);
        }
        m++;
    }
    if (m == 0) {
        for (size_t v = 0; v < k; v++)
            out[v] = (cx_uncertainty_choice){NAN, NAN, NAN};
        return NAN;
    }
    double best_mean = -INFINITY;
    for (size_t v = 0; v < k; v++) {
        out[v].expected /= (double)m;
        out[v].expected_loss /= (double)m;
        out[v].prob_best /= (double)m;
        best_mean = out[v].expected > best_mean ? out[v].expected : best_mean;
    }
    /* EVPI: the expected loss of the option best on average, computed as
     * the difference so rounding cannot make it negative */
    return fmax(0, emax / (double)m - best_mean);
}

void cx_uncertainty_acceptability(const double *net, const double *effect, size_t n, size_t k,
                                  const double *prices, size_t n_prices, double *curve)
{
    double row[256];
    size_t kk = k < 256 ? k : 256;
    for (size_t p = 0; p < n_prices; p++) {
        double *c = curve + p * k;
        size_t m = 0;
        memset(c, 0, k * sizeof *c);
        for (size_t d = 0; d < n; d++) {
            if (!complete(net, d, k) || !complete(effect, d, k))
                continue;
            for (size_t v = 0; v < kk; v++)
                row[v] = net[d * k + v] + prices[p] * effect[d * k + v];
            for (size_t v = 0; v < kk; v++)
                c[v] += win_share(row, kk, v);
            m++;
        }
        for (size_t v = 0; v < k; v++)
            c[v] = m ? c[v] / (double)m : NAN;
    }
}

/* ---- EVPPI: Strong, Oakley and Brennan (2014) ---------------------------------------- */

/* Ranks of x scaled to (0, 1], ties given their average rank: the
 * regression runs on ranks so one set of bandwidths suits every input. */
static void ranks(const double *x, size_t n, double *r, size_t *order)
{
    gsl_sort_index(order, x, 1, n);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && x[order[j + 1]] == x[order[i]])
            j++;
        double avg = ((double)i + (double)j) / 2 + 1;
        for (size_t t = i; t <= j; t++)
            r[order[t]] = avg / (double)n;
        i = j + 1;
    }
}

/* Local linear estimate at r[d] of y (stride k) with bandwidth h; loo:
 * leave draw d out (the estimate cross-validation scores). */
static double local_linear(const double *r, const double *y, size_t k, size_t n, size_t d,
                           double h, int loo)
{
    double s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0;
    for (size_t j = 0; j < n; j++) {
        if (loo && j == d)
            continue;
        double dx = r[j] - r[d], z = dx / h, w = exp(-0.5 * z * z), yj = y[j * k];
        s0 += w, s1 += w * dx, s2 += w * dx * dx;
        t0 += w * yj, t1 += w * dx * yj;
    }
    double det = s0 * s2 - s1 * s1;
    if (!(s0 > 0))
        return NAN;
    /* a flat neighbourhood (h far below the spacing): the local mean */
    return det > 1e-12 * s0 * s2 ? (s2 * t0 - s1 * t1) / det : t0 / s0;
}

static const double bandwidths[] = {0.01, 0.02, 0.03, 0.05, 0.08, 0.12,
                                    0.18, 0.25, 0.35, 0.5, 1, 4};
#define N_BANDWIDTHS (sizeof bandwidths / sizeof bandwidths[0])

/* The bandwidth of least leave-one-out squared error for option y. */
static double choose_h(const double *r, const double *y, size_t k, size_t n)
{
    double best = INFINITY, h = bandwidths[N_BANDWIDTHS - 1];
    for (size_t b = 0; b < N_BANDWIDTHS; b++) {
        double sse = 0;
        for (size_t d = 0; d < n && sse < best; d++) {
            double e = y[d * k] - local_linear(r, y, k, n, d, bandwidths[b], 1);
            sse += isnan(e) ? INFINITY : e * e;
        }
        if (sse < best)
            best = sse, h = bandwidths[b];
    }
    return h;
}

double cx_uncertainty_evppi(const double *x, const double *net, size_t n, size_t k,
                            double *work, size_t *iwork)
{
    if (n < 8)
        return NAN;
    double *r = work, *g = work + n;    /* g[v * n + d]: g_v at draw d's input */
    ranks(x, n, r, iwork);
    for (size_t v = 0; v < k; v++) {
        double h = choose_h(r, net + v, k, n);
        for (size_t d = 0; d < n; d++)
            g[v * n + d] = local_linear(r, net + v, k, n, d, h, 0);
    }
    /* E_theta[max_v g_v(theta)] - max_v E_theta[g_v(theta)] */
    double emax = 0, best = -INFINITY;
    for (size_t d = 0; d < n; d++) {
        double m = -INFINITY;
        for (size_t v = 0; v < k; v++)
            m = g[v * n + d] > m ? g[v * n + d] : m;
        emax += m;
    }
    for (size_t v = 0; v < k; v++) {
        double s = 0;
        for (size_t d = 0; d < n; d++)
            s += g[v * n + d];
        best = s / (double)n > best ? s / (double)n : best;
    }
    return fmax(0, emax / (double)n - best);
}
