/* cxsim/rng.h - counter-based random numbers (Random123 Philox4x32-10).
 *
 * Provides: every variate as a pure function of (seed, replication,
 * customer, period, touchpoint, purpose), as docs/architecture.md requires, so
 * results do not depend on threads, ranks or the order of evaluation, and
 * variants of one scenario share random numbers (common random numbers).
 * Also a GSL generator backed by the same counters, for the distributions
 * GSL draws (beta, Poisson).
 * Relies on: Random123 (header-only), GSL's gsl_rng interface.
 *
 * Key = (seed, replication); counter = (customer, period, touchpoint,
 * purpose). One Philox call yields four uniforms, all used.
 *
 * Antithetic variates (docs/analysis.md, "Variance reduction"): a
 * generator marked antithetic returns the complement of every raw 32-bit
 * word, ~x = 2^32 - 1 - x, so every uniform u becomes exactly 1 - u (the
 * midpoint mapping below is symmetric) and GSL samplers fed through the
 * stream see the mirrored words too.
 */
#ifndef CXSIM_RNG_H
#define CXSIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Draw purposes: the fourth counter word. A purpose names a block of four
 * variates; each use of a variate has its own lane. The lanes put what
 * nearly every visit needs in one block and what only some need in blocks
 * drawn when needed, so most of the variates drawn are used. */
enum cx_purpose {
    CX_DRAW_VISIT = 0,      /* delight, friction, continuity break, route */
    CX_DRAW_VISIT2 = 1,     /* recovery attempt, success, abandonment, optional visit */
    CX_DRAW_INIT = 2,       /* segment, data consent, spare, spare */
    CX_DRAW_JOURNEY = 3,    /* per journey made: LTR noise, cross-sell, post-purchase
                             * doubt, frequency (journeys after the third) */
    CX_DRAW_OUTCOME = 3,    /* the same block under its earlier name */
    CX_DRAW_TRUST0 = 4,     /* stream for the initial trust Beta draw */
    CX_DRAW_WOM = 5,        /* stream for word-of-mouth Poisson draws */
    CX_DRAW_ACQUIRE = 6,    /* stochastic rounding of arrivals */
    CX_DRAW_PERIOD = 7,     /* per customer and period: churn, frequency of journeys 0-2 */
    CX_DRAW_VISIT3 = 8,     /* intrusion, spare, spare, spare */
    CX_DRAW_START = 9       /* per journey made with a start table (word: the journey's
                             * first touchpoint): start, spare, spare, spare */
};

typedef struct cx_rng {
    uint32_t key[2];
    uint32_t flip;      /* 0, or all ones when antithetic: XORed into every word */
} cx_rng;

/* Keys a generator for one replication (not antithetic). */
void cx_rng_init(cx_rng *r, uint32_t seed, uint32_t replication);

/* Makes r antithetic (on != 0) or plain: every later uniform u of r, and of
 * a stream seeked to r, is replaced by 1 - u. */
void cx_rng_set_antithetic(cx_rng *r, int on);

/* The four uniforms in (0,1) at counter (customer, period, touchpoint,
 * purpose); never exactly 0 or 1. */
void cx_rng_uniform4(const cx_rng *r, uint32_t customer, uint32_t period,
                     uint32_t touchpoint, uint32_t purpose, double u[4]);

/* The raw 32-bit Philox output at a counter (for known-answer tests);
 * not complemented, whatever r's antithetic mark. */
void cx_rng_raw4(const cx_rng *r, const uint32_t ctr[4], uint32_t out[4]);

/* A gsl_rng whose stream is positioned by cx_rng_stream_seek: successive
 * draws read Philox blocks (customer, period, touchpoint, purpose + 65536 k)
 * for k = 0, 1, ... Allocate one per worker; NULL if out of memory. */
gsl_rng *cx_rng_stream_new(void);
void cx_rng_stream_free(gsl_rng *g);
void cx_rng_stream_seek(gsl_rng *g, const cx_rng *r, uint32_t customer,
                        uint32_t period, uint32_t touchpoint, uint32_t purpose);

#endif
