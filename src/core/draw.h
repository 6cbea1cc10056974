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

/* Philox4x32-10 in one SSE2 register (every x86-64 has SSE2): a round is
 * one pmuludq for both multiplies, a shuffle, a shift and two XORs, about
 * 60 instructions a block (50 compiled for AVX2) against about 150 for
 * Random123's scalar code. The engine's time follows its instruction count
 * more than Philox's latency (docs/performance.md, "Second pass"). Same
 * words bit for bit (tests/unit/check_rng.c compares them with Random123's
 * philox4x32). */
#if defined(__SSE2__)
#include <emmintrin.h>
#define CX_DRAW_SSE2 1
#else
#define CX_DRAW_SSE2 0
#endif

enum { CX_PHILOX_ROUNDS = 10 };

typedef struct cx_draws {
#if CX_DRAW_SSE2
    /* round r's key in the lanes the round XORs it into: (k0 + r W0, 0,
     * k1 + r W1, 0), Random123's key schedule */
    __m128i round_key[CX_PHILOX_ROUNDS];
    __m128i flip4;
#endif
    philox4x32_key_t key;
    cx_rng rng;             /* the generator, for draws of many blocks at once (philox.h) */
    uint32_t flip;          /* the generator's antithetic mark (rng.h): XORed into every word */
    uint64_t blocks;        /* Philox calls made through this context */
} cx_draws;

static inline void cx_draws_init(cx_draws *d, const cx_rng *r)
{
    d->key.v[0] = r->key[0];
    d->key.v[1] = r->key[1];
    d->rng = *r;
    d->flip = r->flip;
    d->blocks = 0;
#if CX_DRAW_SSE2
    for (int i = 0; i < CX_PHILOX_ROUNDS; i++)
        d->round_key[i] = _mm_setr_epi32((int)(r->key[0] + (uint32_t)i * PHILOX_W32_0), 0,
                                         (int)(r->key[1] + (uint32_t)i * PHILOX_W32_1), 0);
    d->flip4 = _mm_set1_epi32((int)r->flip);
#endif
}

/* (x + 0.5) / 2^32, as rng.c: never 0 or 1. */
static inline double cx_draw_unit(uint32_t x)
{
    return ((double)x + 0.5) * (1.0 / 4294967296.0);
}

/* The four 32-bit words at counter (lo, c2, c3), lo = c0 | c1 << 32, not
 * counted: for the walk (journey.c), which keeps lo, the same for a
 * customer's period, in one register and counts its blocks itself. Forced
 * inline: GCC otherwise keeps Philox's ten rounds out of line. */
static inline __attribute__((always_inline)) void cx_draw4_words(const cx_draws *d, uint64_t lo,
                                                               uint32_t c2, uint32_t c3,
                                                               uint32_t x[4])
{
#if CX_DRAW_SSE2
    /* Lanes (x0, x1, x2, x3). pmuludq multiplies lanes 0 and 2 into the
     * 64-bit products (lo0, hi0, lo1, hi1); Random123's round makes
     * (hi1 ^ x1 ^ k0, lo1, hi0 ^ x3 ^ k1, lo0): the products reversed,
     * XORed with (x1, 0, x3, 0) (the 64-bit lanes shifted right by 32) and
     * with the round key. */
    const __m128i m = _mm_setr_epi32((int)PHILOX_M4x32_0, 0, (int)PHILOX_M4x32_1, 0);
    __m128i v = _mm_set_epi64x((long long)(((uint64_t)c3 << 32) | c2), (long long)lo);
#pragma GCC unroll 10   /* the loop's counter and branch would be a third of a round */
    for (int i = 0; i < CX_PHILOX_ROUNDS; i++) {
        /* The key goes in beside the multiply, off the chain of rounds
         * (5 cycles a round instead of 6); the empty asm keeps GCC from
         * folding the two XORs back into the chain. */
        __m128i k = _mm_xor_si128(_mm_srli_epi64(v, 32), d->round_key[i]);
        __asm__("" : "+x"(k));
        __m128i p = _mm_mul_epu32(v, m);
        v = _mm_xor_si128(_mm_shuffle_epi32(p, _MM_SHUFFLE(0, 1, 2, 3)), k);
    }
    _mm_storeu_si128((__m128i *)x, _mm_xor_si128(v, d->flip4));  /* ~x: 1 - u, antithetic */
#else
    philox4x32_ctr_t c = {{(uint32_t)lo, (uint32_t)(lo >> 32), c2, c3}};
    philox4x32_ctr_t r = philox4x32(c, d->key);
    x[0] = r.v[0] ^ d->flip;    /* ~x: the uniform 1 - u of an antithetic replication */
    x[1] = r.v[1] ^ d->flip;
    x[2] = r.v[2] ^ d->flip;
    x[3] = r.v[3] ^ d->flip;
#endif
}

/* The four 32-bit words at counter (c0, c1, c2, c3), counted. */
static inline __attribute__((always_inline)) void cx_draw4_raw(cx_draws *d, uint32_t c0,
                                                             uint32_t c1, uint32_t c2,
                                                             uint32_t c3, uint32_t x[4])
{
    cx_draw4_words(d, c0 | (uint64_t)c1 << 32, c2, c3, x);
    d->blocks++;
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
