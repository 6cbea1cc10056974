/* philox.h (private) - Philox4x32-10 for many counters at once, in the
 * widest vector registers the processor has.
 *
 * draw.h computes one block at a time: its ten rounds are a chain, so one
 * block's latency (about 50 cycles) bounds a walk that waits for each
 * block. Many independent blocks fill the vector units instead: 16 in the
 * lanes of AVX-512 registers, 8 in AVX2's, with the four words of a block
 * in four registers (structure of arrays). The level is chosen at run
 * time (__builtin_cpu_supports), so one build runs everywhere; every level
 * gives the same words as Random123's philox4x32 (tests/unit/check_rng.c,
 * against its known-answer vectors).
 *
 * The counters of a run are the engine's layout (docs/model.md, "Random
 * numbers"): (lo, c2 + i, c3) for i = 0 .. n - 1, lo = customer | period
 * << 32, c2 the touchpoint word, c3 the purpose: a journey's touchpoints
 * for one customer, drawn before the walk needs them (journey.c).
 */
#ifndef CX_PHILOX_H
#define CX_PHILOX_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/rng.h"

/* Implementations, slowest first. */
typedef enum cx_philox_level {
    CX_PHILOX_SCALAR = 0,   /* Random123's philox4x32, a block at a time */
    CX_PHILOX_SSE2 = 1,     /* draw.h's one block in one SSE2 register */
    CX_PHILOX_AVX2 = 2,     /* 8 blocks in the lanes of 4 AVX2 registers */
    CX_PHILOX_AVX512 = 3,   /* 16 blocks in the lanes of 4 AVX-512 registers */
    CX_PHILOX_LEVELS = 4
} cx_philox_level;

/* Lanes of the widest implementation: a run's output rows are rounded up
 * to a multiple of this (cx_philox_run writes whole vectors). */
enum { CX_PHILOX_LANES = 16 };

/* Words w of blocks i = 0 .. n - 1 at counter (lo, c2 + i, c3), XORed
 * with r->flip, to x[w * stride + i]; stride >= n rounded up to
 * CX_PHILOX_LANES, and the words between n and the rounding are
 * overwritten too. */
typedef void (*cx_philox_run_fn)(const cx_rng *r, uint64_t lo, uint32_t c2, uint32_t c3,
                                 size_t n, uint32_t *x, size_t stride);

/* Words w of blocks i = 0 .. n - 1 at counter (c0[i], c1, c2, c3),
 * XORed with r->flip, to x[w * stride + i]: one block for each of many
 * customers (the lane engine, lanes.h). c0 is read, and x written, up to
 * n rounded up to CX_PHILOX_LANES. */
typedef void (*cx_philox_gather_fn)(const cx_rng *r, const uint32_t *c0, uint32_t c1,
                                    uint32_t c2, uint32_t c3, size_t n, uint32_t *x,
                                    size_t stride);

/* The implementation of a level, or NULL if this processor (or this
 * compiler) lacks it. */
cx_philox_run_fn cx_philox_runner(cx_philox_level level);
cx_philox_gather_fn cx_philox_gatherer(cx_philox_level level);

/* The fastest level this processor runs, or the one the environment
 * variable CXSIM_PHILOX names (scalar, sse2, avx2, avx512) if it runs
 * that one: for tests and for measuring one level against another. */
cx_philox_level cx_philox_best(void);

/* The same, but without the environment variable never above `most`. */
cx_philox_level cx_philox_choose(cx_philox_level most);

/* The level's name: "scalar", "sse2", "avx2", "avx512". */
const char *cx_philox_level_name(cx_philox_level level);

/* The speed of light of docs/performance.md: `blocks` Philox blocks (at
 * least, a whole number of vectors) at the engine's counters (customer b /
 * 16, period 0, touchpoint b % 16, purpose 0), a throughput loop: every
 * word XORed into a sink, no chain between blocks but Philox's own rounds.
 * Returns the sink, so nothing can be optimised away. 0 blocks if the
 * level is missing (*done = 0). */
uint32_t cx_philox_bound(cx_philox_level level, const cx_rng *r, uint64_t blocks,
                         uint64_t *done);

#endif
