/* draw.h (private) - the engine's way to Philox variates: inline, counted.
 *
 * cx_rng_uniform4 (rng.h) is a function call per block; the engine draws a
 * block or more per touchpoint visit, so it uses this inline version of
 * the same mapping (same counters, same uniforms) and counts the blocks it
 * draws, for the benchmark's speed of light (docs/performance.md). Each
 * customer block of a period has its own cx_draws, so threads never share
 * a counter.
 */
#ifndef CX_DRAW_H
#define CX_DRAW_H

#include <math.h>
#include <stdint.h>

#include <Random123/philox.h>
#include <gsl/gsl_rng.h>

#include "cxsim/rng.h"

typedef struct cx_draws {
    philox4x32_key_t key;
    uint32_t flip;          /* the generator's antithetic mark (rng.h): XORed into every word */
    uint64_t blocks;        /* Philox calls made through this context */
} cx_draws;

static inline void cx_draws_init(cx_draws *d, const cx_rng *r)
{
    d->key.v[0] = r->key[0];
    d->key.v[1] = r->key[1];
    d->flip = r->flip;
    d->blocks = 0;
}

/* (x + 0.5) / 2^32, as rng.c: never 0 or 1. */
static inline double cx_draw_unit(uint32_t x)
{
    return ((double)x + 0.5) * (1.0 / 4294967296.0);
}

/* The four 32-bit words at counter (c0, c1, c2, c3). Forced inline: GCC
 * otherwise keeps Philox's ten rounds out of line. */
static inline __attribute__((always_inline)) void cx_draw4_raw(cx_draws *d, uint32_t c0,
                                                             uint32_t c1, uint32_t c2,
                                                             uint32_t c3, uint32_t x[4])
{
    philox4x32_ctr_t c = {{c0, c1, c2, c3}};
    philox4x32_ctr_t r = philox4x32(c, d->key);
    d->blocks++;
    x[0] = r.v[0] ^ d->flip;    /* ~x: the uniform 1 - u of an antithetic replication */
    x[1] = r.v[1] ^ d->flip;
    x[2] = r.v[2] ^ d->flip;
    x[3] = r.v[3] ^ d->flip;
}

/* The four uniforms at counter (c0, c1, c2, c3): cx_rng_uniform4's. */
static inline __attribute__((always_inline)) void cx_draw4(cx_draws *d, uint32_t c0,
                                                         uint32_t c1, uint32_t c2,
                                                         uint32_t c3, double u[4])
{
    uint32_t x[4];
    cx_draw4_raw(d, c0, c1, c2, c3, x);
    u[0] = cx_draw_unit(x[0]);
    u[1] = cx_draw_unit(x[1]);
    u[2] = cx_draw_unit(x[2]);
    u[3] = cx_draw_unit(x[3]);
}

/* The threshold t(p) with, for every word x, x < t(p) exactly when the
 * uniform (x + 0.5) / 2^32 < p: events of fixed probability are decided
 * on the raw word, without turning it into a double. Exact, since scaling
 * by 2^32 and subtracting 0.5 lose nothing below 2^32:
 * (x + 0.5) / 2^32 < p  <=>  x < p 2^32 - 0.5  <=>  x < ceil(p 2^32 - 0.5). */
static inline uint64_t cx_draw_threshold(double p)
{
    if (!(p > 0))
        return 0;
    if (p >= 1)
        return (uint64_t)1 << 32;
    return (uint64_t)ceil(ldexp(p, 32) - 0.5);
}

/* Philox blocks a stream of cx_rng_stream_new has drawn since it was made. */
uint64_t cx_rng_stream_blocks(const gsl_rng *g);

#endif
