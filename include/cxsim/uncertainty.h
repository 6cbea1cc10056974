/* cxsim/uncertainty.h - estimators of a two-level (probabilistic) Monte
 * Carlo: outer draws of the uncertain inputs, each simulated with a few
 * inner replications (docs/analysis.md, "Decisions under uncertainty").
 *
 * Provides: the outer design (a scrambled Sobol' design, or a Latin
 * hypercube past Sobol's dimensions, reproducible from a seed); the
 * summary of a quantity over the draws (mean, sd, 5/50/95 % points,
 * P(> 0), P(< 0)); the split of its variance into input uncertainty and
 * Monte Carlo noise; the decision between options (probability of being
 * best, expected loss, an acceptability curve over a price); the expected
 * value of perfect information (EVPI) and of partial perfect information
 * per input (EVPPI) by the non-parametric regression method of Strong,
 * Oakley and Brennan (2014, Medical Decision Making 34(3):311-326).
 * Relies on: GSL (quasi-random sequences, sorting, quantiles, a
 * generator for the Latin hypercube), cxsim/design.h. Pure functions:
 * callers own every array; no state, no output.
 */
#ifndef CXSIM_UNCERTAINTY_H
#define CXSIM_UNCERTAINTY_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/error.h"

/* ---- the outer design ---------------------------------------------------------- */

/* n points of [0,1)^k into u[p * k + j]: the first n points of the Sobol'
 * sequence (its origin, then GSL's gsl_qrng_sobol; k <= 40) with a random
 * digital shift (each coordinate's 32-bit
 * expansion XORed with a word drawn from seed: Owen 1997's simplest
 * scrambling, which keeps the net's stratification and makes every point
 * uniform), else a Latin hypercube (McKay, Beckman and Conover 1979: one
 * point in each of n strata of every coordinate, strata matched at
 * random, jittered within). Coordinates lie in (0, 1). The same seed gives
 * the same design. CX_ERR_USAGE for k = 0 or n = 0; CX_ERR_NOMEM. */
cx_status cx_uncertainty_design(size_t k, size_t n, uint32_t seed, double *u,
                                int *latin, cx_error *err);

/* Whether cx_uncertainty_design of k dimensions is a Latin hypercube (k
 * beyond the Sobol' table), for those who describe the design. */
int cx_uncertainty_design_is_latin(size_t k);

/* ---- one quantity over the draws ---------------------------------------------- */

typedef struct cx_uncertainty_summary {
    size_t n;                   /* draws where the quantity is defined (not NaN) */
    double mean, sd;            /* sd: sample sd over the draws (n - 1) */
    double p05, p50, p95;       /* percentiles (linear interpolation, R's type 7) */
    double prob_positive;       /* share of the draws above 0 */
    double prob_negative;       /* share below 0 */
} cx_uncertainty_summary;

/* Summarises x[i * stride], i < n, skipping NaN; work holds n doubles.
 * Every figure NaN (n 0) when no value is defined. */
void cx_uncertainty_summarise(const double *x, size_t stride, size_t n, double *work,
                              cx_uncertainty_summary *out);

/* How much of the spread over the draws is input uncertainty and how much
 * Monte Carlo noise. With R inner replications per draw, a draw's mean
 * has variance Var(E[Y|theta]) + E[Var(Y|theta)]/R over the draws (the law
 * of total variance), so input = max(0, total - noise), noise = the mean
 * within-draw variance / R (O'Hagan, Stevenson and Madan 2007, Health
 * Economics 16(10):1009-1023). */
typedef struct cx_uncertainty_split {
    double total;               /* variance of the draw means */
    double input;               /* Var(E[Y | theta]), estimated */
    double noise;               /* E[Var(Y | theta)] / R, estimated */
    double input_share;         /* input / (input + noise); NaN when both are 0 */
    int trusted;                /* 0: R < 2, or the noise is over half the total */
} cx_uncertainty_split;

/* means[i * stride] and within[i * stride] (the sample variance of draw
 * i's R inner replications), i < n, NaN skipped. inputs_vary 0 (no
 * uncertain input, or all fixed): input is 0 and noise the total. */
void cx_uncertainty_split_variance(const double *means, const double *within, size_t stride,
                                   size_t n, size_t reps, int inputs_vary,
                                   cx_uncertainty_split *out);

/* ---- the decision ---------------------------------------------------------------- */

typedef struct cx_uncertainty_choice {
    double expected;            /* mean net value */
    double prob_best;           /* share of draws where it has the highest net value (ties shared) */
    double expected_loss;       /* mean of (the best net value of the draw - its own) */
} cx_uncertainty_choice;

/* The choice between k options over n draws: net[d * k + v] is option v's
 * net value in draw d (the baseline's is 0 when values are differences
 * from it). out[0..k). Returns the EVPI, E_d[max_v net] - max_v E_d[net]
 * (the expected loss of the option best on average). NaN values are
 * skipped draw by draw (a draw with any NaN counts for none). */
double cx_uncertainty_decide(const double *net, size_t n, size_t k,
                             cx_uncertainty_choice *out);

/* Probability of being best with net value net + price * effect, for each
 * price of prices[0..n_prices): curve[p * k + v] (a cost-effectiveness
 * acceptability curve: Fenwick, Claxton and Sculpher 2001, Health
 * Economics 10(8):779-787). effect[d * k + v] is option v's effect in
 * draw d, in the units the price values (one NPS point, one retained
 * customer). */
void cx_uncertainty_acceptability(const double *net, const double *effect, size_t n, size_t k,
                                  const double *prices, size_t n_prices, double *curve);

/* ---- value of information -------------------------------------------------------- */

/* The EVPPI of one input: E_theta[max_v g_v(theta)] - max_v E[g_v(theta)]
 * where g_v(theta) = E[net_v | theta] is estimated by a local linear
 * regression of net_v on the input's ranks (Gaussian kernel; bandwidth
 * chosen among 12 by leave-one-out cross-validation), the non-parametric
 * regression method of Strong, Oakley and Brennan (2014, section 2.3:
 * any smoother will do; they use a GAM). x[d] is the input's value in
 * draw d; net as for cx_uncertainty_decide, every value finite. work
 * holds at least (1 + k) n doubles, iwork n. O(12 k n^2) operations.
 * Returns NaN when n < 8. */
double cx_uncertainty_evppi(const double *x, const double *net, size_t n, size_t k,
                            double *work, size_t *iwork);

#endif
