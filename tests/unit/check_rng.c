/* check_rng.c - Philox4x32-10 counters, uniforms and the GSL stream adapter.
 *
 * Expected values:
 * - Known answers: the three "philox4x32 10" lines of Random123's
 *   tests/kat_vectors (github.com/DEShawResearch/random123; columns CTR[4]
 *   KEY[2] EXPECTED[4]), also reproduced with a five-line program calling
 *   philox4x32() of the installed /usr/include/Random123/philox.h
 *   (librandom123-dev), which printed the same words.
 * - Uniforms: rng.h's contract, u = (x + 0.5) / 2^32 for the raw word x
 *   (rng.c), so u lies in [2^-33, 1 - 2^-33], never 0 or 1.
 * - Statistical checks use fixed seeds, so they are deterministic
 *   regression tests; their bands are 5 standard errors of the mean, which a
 *   correct generator leaves with probability 5.7e-7 (two-sided normal
 *   tail), so a failure means a broken generator, not bad luck.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cxsim/rng.h"
#include "philox.h"
#include "test_util.h"

/* ---- known answers ------------------------------------------------------- */

/* One line of Random123's kat_vectors: philox4x32 10 CTR KEY EXPECTED. */
static void check_kat(uint32_t k0, uint32_t k1, const uint32_t ctr[4],
                      const uint32_t want[4])
{
    cx_rng r;
    uint32_t out[4];
    cx_rng_init(&r, k0, k1);        /* key = (seed, replication) */
    cx_rng_raw4(&r, ctr, out);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(out[i] == want[i], "word %d: got %08x, want %08x", i,
                      (unsigned)out[i], (unsigned)want[i]);
}

START_TEST(test_kat_zeros)
{
    /* kat_vectors: philox4x32 10 00000000 x4 | 00000000 x2 |
     * 6627e8d5 e169c58d bc57ac4c 9b00dbd8 */
    const uint32_t ctr[4] = {0, 0, 0, 0};
    const uint32_t want[4] = {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u};
    check_kat(0, 0, ctr, want);
}
END_TEST

START_TEST(test_kat_ones)
{
    /* kat_vectors: philox4x32 10 ffffffff x4 | ffffffff x2 |
     * 408f276d 41c83b0e a20bc7c6 6d5451fd */
    const uint32_t ctr[4] = {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu};
    const uint32_t want[4] = {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu};
    check_kat(0xffffffffu, 0xffffffffu, ctr, want);
}
END_TEST

START_TEST(test_kat_pi)
{
    /* kat_vectors (digits of pi): philox4x32 10
     * 243f6a88 85a308d3 13198a2e 03707344 | a4093822 299f31d0 |
     * d16cfe09 94fdcceb 5001e420 24126ea1 */
    const uint32_t ctr[4] = {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u};
    const uint32_t want[4] = {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u};
    check_kat(0xa4093822u, 0x299f31d0u, ctr, want);
}
END_TEST

/* ---- many blocks at once (philox.h) --------------------------------------- */

START_TEST(test_philox_levels_are_random123)
{
    /* Every level this processor runs (scalar, SSE2, AVX2, AVX-512) against
     * Random123's philox4x32 (cx_rng_raw4): first the three known-answer
     * counters and keys of kat_vectors as runs of one block (so the first
     * lane of each vector width is checked against the published words),
     * then runs of every length 1 to 40 at counters and keys from a
     * xorshift, the touchpoint word wrapping past 2^32 in some, antithetic
     * or not. A slip in a lane, a blend, a shift or the key schedule
     * changes nearly every word. */
    static const uint32_t kat[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u},
        {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu,
         0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu},
        {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u,
         0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}};
    enum { STRIDE = 48 };
    uint32_t x[4 * STRIDE];
    int tested = 0;
    for (int l = 0; l < CX_PHILOX_LEVELS; l++) {
        cx_philox_run_fn run = cx_philox_runner((cx_philox_level)l);
        if (!run)
            continue;
        tested++;
        for (int n = 0; n < 3; n++) {
            cx_rng r;
            cx_rng_init(&r, kat[n][4], kat[n][5]);
            run(&r, kat[n][0] | (uint64_t)kat[n][1] << 32, kat[n][2], kat[n][3], 1, x, STRIDE);
            for (int w = 0; w < 4; w++)
                ck_assert_msg(x[w * STRIDE] == kat[n][6 + w], "%s, kat %d word %d: %08x",
                              cx_philox_level_name((cx_philox_level)l), n, w,
                              (unsigned)x[w * STRIDE]);
        }
        uint64_t s = 88172645463325252ull;
        for (int trial = 0; trial < 400; trial++) {
            uint32_t w6[6];
            for (int i = 0; i < 6; i++) {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                w6[i] = (uint32_t)(s >> 16);
            }
            if (trial % 4 == 1)
                w6[2] = 0xfffffff0u;    /* the run's touchpoint words wrap */
            size_t n = 1 + (size_t)trial % 40;
            cx_rng r;
            cx_rng_init(&r, w6[4], w6[5]);
            cx_rng_set_antithetic(&r, trial % 3 == 0);
            run(&r, w6[0] | (uint64_t)w6[1] << 32, w6[2], w6[3], n, x, STRIDE);
            for (size_t i = 0; i < n; i++) {
                uint32_t ctr[4] = {w6[0], w6[1], w6[2] + (uint32_t)i, w6[3]}, want[4];
                cx_rng_raw4(&r, ctr, want);
                for (int w = 0; w < 4; w++)
                    ck_assert_msg(x[w * STRIDE + i] == (want[w] ^ r.flip),
                                  "%s, trial %d block %zu word %d",
                                  cx_philox_level_name((cx_philox_level)l), trial, i, w);
            }
        }
    }
    ck_assert_int_ge(tested, 1);
    ck_assert_ptr_nonnull(cx_philox_runner(cx_philox_best()));
}
END_TEST

START_TEST(test_philox_gatherers_are_random123)
{
    /* The lane engine's gather (customers in lanes: counters (c0[i], c1,
     * c2, c3)) at every level against Random123's philox4x32: runs of
     * every length 1 to 40 of customers from a xorshift, antithetic or
     * not; the rows are padded as philox.h asks (whole vectors). */
    enum { STRIDE = 48 };
    uint32_t x[4 * STRIDE], c0[STRIDE];
    int tested = 0;
    for (int l = 0; l < CX_PHILOX_LEVELS; l++) {
        cx_philox_gather_fn gather = cx_philox_gatherer((cx_philox_level)l);
        if (!gather)
            continue;
        tested++;
        uint64_t s = 2463534242ull;
        for (int trial = 0; trial < 400; trial++) {
            uint32_t w5[5];
            for (int i = 0; i < 5; i++) {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                w5[i] = (uint32_t)(s >> 16);
            }
            for (int i = 0; i < STRIDE; i++) {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                c0[i] = (uint32_t)(s >> 8);
            }
            size_t n = 1 + (size_t)trial % 40;
            cx_rng r;
            cx_rng_init(&r, w5[3], w5[4]);
            cx_rng_set_antithetic(&r, trial % 3 == 0);
            gather(&r, c0, w5[0], w5[1], w5[2], n, x, STRIDE);
            for (size_t i = 0; i < n; i++) {
                uint32_t ctr[4] = {c0[i], w5[0], w5[1], w5[2]}, want[4];
                cx_rng_raw4(&r, ctr, want);
                for (int w = 0; w < 4; w++)
                    ck_assert_msg(x[w * STRIDE + i] == (want[w] ^ r.flip),
                                  "%s, trial %d block %zu word %d",
                                  cx_philox_level_name((cx_philox_level)l), trial, i, w);
            }
        }
    }
    ck_assert_int_ge(tested, 1);
}
END_TEST

START_TEST(test_philox_bound_draws_the_layout)
{
    /* The speed of light loop (cx_philox_bound) draws blocks at customer
     * b / 16, touchpoint b % 16 for b < blocks: its sink is the XOR of
     * every word of those blocks, the same at every level, and equal to the
     * XOR of Random123's words at those counters. 6400 blocks: a whole
     * number of every level's turn (1, 2, 16 and 32 blocks). */
    cx_rng r;
    cx_rng_init(&r, 5, 3);
    uint32_t want = 0;
    for (uint32_t b = 0; b < 6400; b++) {
        uint32_t ctr[4] = {b / 16, 0, b % 16, 0}, y[4];
        cx_rng_raw4(&r, ctr, y);
        want ^= y[0] ^ y[1] ^ y[2] ^ y[3];
    }
    for (int l = 0; l < CX_PHILOX_LEVELS; l++) {
        uint64_t done;
        uint32_t got = cx_philox_bound((cx_philox_level)l, &r, 6400, &done);
        if (!cx_philox_runner((cx_philox_level)l)) {
            ck_assert_uint_eq(done, 0);
            continue;
        }
        ck_assert_uint_eq(done, 6400);
        ck_assert_msg(got == want, "%s: sink %08x, want %08x",
                      cx_philox_level_name((cx_philox_level)l), (unsigned)got, (unsigned)want);
    }
}
END_TEST

/* ---- uniforms ------------------------------------------------------------ */

START_TEST(test_uniform_is_raw_midpoint)
{
    /* rng.c: u = (x + 0.5) / 2^32 with x the raw word of the same counter
     * (customer, period, touchpoint, purpose); the sum and the power-of-two
     * scaling are exact in double, so equality is exact. */
    cx_rng r;
    double u[4];
    uint32_t raw[4];
    const uint32_t ctr[4] = {17, 3, 2, CX_DRAW_JOURNEY};
    cx_rng_init(&r, 42, 7);
    cx_rng_uniform4(&r, 17, 3, 2, CX_DRAW_JOURNEY, u);
    cx_rng_raw4(&r, ctr, raw);
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq(u[i], ((double)raw[i] + 0.5) / 4294967296.0);
}
END_TEST

START_TEST(test_engine_philox_is_random123)
{
    /* The engine's inline Philox (src/core/draw.h: one SSE2 register on
     * x86-64), reached through cx_rng_uniform4, against Random123's
     * philox4x32 (cx_rng_raw4): the same words for the three known-answer
     * counters and keys and for 200,000 counters and keys from a
     * xorshift, antithetic (every word complemented) or not. Any slip in
     * a lane, a shift or the key schedule changes nearly every word. */
    uint32_t kat[3][6] = {{0, 0, 0, 0, 0, 0},
                          {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu,
                           0xffffffffu},
                          {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u,
                           0x299f31d0u}};
    uint64_t x = 88172645463325252ull;
    for (int n = 0; n < 200003; n++) {
        uint32_t w[6];
        for (int i = 0; i < 6; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            w[i] = n < 3 ? kat[n][i] : (uint32_t)(x >> 16);
        }
        cx_rng r;
        double u[4];
        uint32_t raw[4];
        cx_rng_init(&r, w[4], w[5]);
        cx_rng_set_antithetic(&r, n % 2);
        cx_rng_uniform4(&r, w[0], w[1], w[2], w[3], u);
        cx_rng_raw4(&r, w, raw);
        for (int i = 0; i < 4; i++) {
            uint32_t want = n % 2 ? ~raw[i] : raw[i];
            ck_assert_msg(u[i] == ((double)want + 0.5) / 4294967296.0,
                          "counter %d word %d: %.17g, want the midpoint of %08x", n, i, u[i],
                          (unsigned)want);
        }
    }
}
END_TEST

START_TEST(test_uniform_open_interval)
{
    /* rng.h: "never exactly 0 or 1"; the extreme raw words 0 and 2^32 - 1
     * give 2^-33 and 1 - 2^-33, so every u is in [2^-33, 1 - 2^-33]. */
    const double lo = ldexp(1.0, -33), hi = 1.0 - ldexp(1.0, -33);
    cx_rng r;
    double u[4];
    cx_rng_init(&r, 1, 0);
    for (uint32_t c = 0; c < 20000; c++) {
        cx_rng_uniform4(&r, c, c % 13, c % 5, CX_DRAW_VISIT, u);
        for (int i = 0; i < 4; i++) {
            ck_assert(u[i] > 0.0 && u[i] < 1.0);
            ck_assert(u[i] >= lo && u[i] <= hi);
        }
    }
}
END_TEST

START_TEST(test_uniform_pure_function)
{
    /* docs/model.md, "Random numbers": every variate is a pure function of (seed,
     * replication, customer, period, touchpoint, purpose): two generators
     * keyed alike, queried in different orders, agree bit for bit. */
    cx_rng a, b;
    double ua[4], ub[4], other[4];
    cx_rng_init(&a, 123, 4);
    cx_rng_init(&b, 123, 4);
    cx_rng_uniform4(&a, 1000, 5, 3, CX_DRAW_VISIT2, ua);
    cx_rng_uniform4(&b, 999, 5, 3, CX_DRAW_VISIT2, other);   /* unrelated call first */
    cx_rng_uniform4(&b, 1000, 5, 3, CX_DRAW_VISIT2, ub);
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq(ua[i], ub[i]);
    cx_rng_uniform4(&a, 1000, 5, 3, CX_DRAW_VISIT2, other);  /* again: same */
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq(ua[i], other[i]);
}
END_TEST

/* Asserts that all four lanes of x and y differ (a chance coincidence of
 * two 32-bit words has probability 2^-32 per lane). */
static void assert_all_differ(const double x[4], const double y[4], const char *what)
{
    for (int i = 0; i < 4; i++)
        ck_assert_msg(x[i] != y[i], "%s: lane %d repeats", what, i);
}

START_TEST(test_uniform_each_coordinate_matters)
{
    /* Changing any one of the six coordinates by one gives a new block. */
    cx_rng r, seed2, rep2;
    double base[4], v[4];
    cx_rng_init(&r, 9, 2);
    cx_rng_init(&seed2, 10, 2);
    cx_rng_init(&rep2, 9, 3);
    cx_rng_uniform4(&r, 50, 6, 1, CX_DRAW_VISIT, base);
    cx_rng_uniform4(&seed2, 50, 6, 1, CX_DRAW_VISIT, v);
    assert_all_differ(base, v, "seed");
    cx_rng_uniform4(&rep2, 50, 6, 1, CX_DRAW_VISIT, v);
    assert_all_differ(base, v, "replication");
    cx_rng_uniform4(&r, 51, 6, 1, CX_DRAW_VISIT, v);
    assert_all_differ(base, v, "customer");
    cx_rng_uniform4(&r, 50, 7, 1, CX_DRAW_VISIT, v);
    assert_all_differ(base, v, "period");
    cx_rng_uniform4(&r, 50, 6, 2, CX_DRAW_VISIT, v);
    assert_all_differ(base, v, "touchpoint");
    cx_rng_uniform4(&r, 50, 6, 1, CX_DRAW_VISIT2, v);
    assert_all_differ(base, v, "purpose");
}
END_TEST

START_TEST(test_uniform_lanes_differ)
{
    /* The four lanes of one block are four different variates. */
    cx_rng r;
    double u[4];
    cx_rng_init(&r, 5, 0);
    cx_rng_uniform4(&r, 0, 1, 0, CX_DRAW_JOURNEY, u);
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < i; k++)
            ck_assert(u[i] != u[k]);
}
END_TEST

START_TEST(test_uniform_mean_and_variance)
{
    /* U(0,1): mean 1/2, variance 1/12. Over n = 1e5 values (25,000 blocks
     * of 4): SE of the mean = sqrt(1/12 / 1e5) = 9.129e-4, band 5 SE =
     * 4.56e-3. The sample variance's SE is sqrt(Var((U-1/2)^2) / n) with
     * Var((U-1/2)^2) = 1/80 - 1/144 = 1/180, so sqrt(1/180/1e5) = 2.357e-4,
     * band 5 SE = 1.18e-3. */
    const int blocks = 25000;
    const double n = 4.0 * blocks;
    cx_rng r;
    double u[4], sum = 0, sumsq = 0;
    cx_rng_init(&r, 2024, 1);
    for (int c = 0; c < blocks; c++) {
        cx_rng_uniform4(&r, (uint32_t)c, 1, 0, CX_DRAW_VISIT, u);
        for (int i = 0; i < 4; i++) {
            sum += u[i];
            sumsq += (u[i] - 0.5) * (u[i] - 0.5);
        }
    }
    ck_assert_double_eq_tol(sum / n, 0.5, 5 * sqrt(1.0 / 12 / n));
    ck_assert_double_eq_tol(sumsq / n, 1.0 / 12, 5 * sqrt(1.0 / 180 / n));
}
END_TEST

/* ---- GSL stream adapter ---------------------------------------------------- */

START_TEST(test_stream_same_seek_same_sequence)
{
    /* rng.h: the stream is positioned by its seek arguments only, so two
     * streams (or one stream seeked twice) read the same values. */
    cx_rng r;
    double first[40];
    gsl_rng *g = cx_rng_stream_new(), *h = cx_rng_stream_new();
    ck_assert_ptr_nonnull(g);
    ck_assert_ptr_nonnull(h);
    cx_rng_init(&r, 77, 3);
    cx_rng_stream_seek(g, &r, 12, 4, 0, CX_DRAW_TRUST0);
    for (int i = 0; i < 40; i++)
        first[i] = gsl_rng_uniform(g);
    cx_rng_stream_seek(h, &r, 12, 4, 0, CX_DRAW_TRUST0);
    for (int i = 0; i < 40; i++)
        ck_assert_double_eq(gsl_rng_uniform(h), first[i]);
    /* re-seek g mid-block: the sequence restarts from its beginning */
    cx_rng_stream_seek(g, &r, 12, 4, 0, CX_DRAW_TRUST0);
    (void)gsl_rng_uniform(g);
    cx_rng_stream_seek(g, &r, 12, 4, 0, CX_DRAW_TRUST0);
    for (int i = 0; i < 40; i++)
        ck_assert_double_eq(gsl_rng_uniform(g), first[i]);
    cx_rng_stream_free(g);
    cx_rng_stream_free(h);
}
END_TEST

START_TEST(test_stream_reads_documented_blocks)
{
    /* rng.h: successive draws read Philox blocks (customer, period,
     * touchpoint, purpose + 65536 k), k = 0, 1, ...: the first eight raw
     * words are the blocks k = 0 and k = 1 in lane order. */
    cx_rng r;
    uint32_t b0[4], b1[4];
    const uint32_t c0[4] = {8, 2, 1, CX_DRAW_WOM};
    const uint32_t c1[4] = {8, 2, 1, CX_DRAW_WOM + 65536u};
    gsl_rng *g = cx_rng_stream_new();
    ck_assert_ptr_nonnull(g);
    cx_rng_init(&r, 31, 6);
    cx_rng_raw4(&r, c0, b0);
    cx_rng_raw4(&r, c1, b1);
    cx_rng_stream_seek(g, &r, 8, 2, 1, CX_DRAW_WOM);
    for (int i = 0; i < 4; i++)
        ck_assert_uint_eq(gsl_rng_get(g), b0[i]);
    for (int i = 0; i < 4; i++)
        ck_assert_uint_eq(gsl_rng_get(g), b1[i]);
    /* the full 32-bit range, as a GSL generator declares it */
    ck_assert_uint_eq(gsl_rng_min(g), 0);
    ck_assert_uint_eq(gsl_rng_max(g), 0xffffffffUL);
    cx_rng_stream_free(g);
}
END_TEST

START_TEST(test_stream_different_seek_differs)
{
    /* Different customers (and purposes) give different streams. */
    cx_rng r;
    gsl_rng *g = cx_rng_stream_new();
    double a[8];
    ck_assert_ptr_nonnull(g);
    cx_rng_init(&r, 77, 3);
    cx_rng_stream_seek(g, &r, 1, 1, 0, CX_DRAW_TRUST0);
    for (int i = 0; i < 8; i++)
        a[i] = gsl_rng_uniform(g);
    cx_rng_stream_seek(g, &r, 2, 1, 0, CX_DRAW_TRUST0);
    for (int i = 0; i < 8; i++)
        ck_assert(gsl_rng_uniform(g) != a[i]);
    cx_rng_stream_seek(g, &r, 1, 1, 0, CX_DRAW_WOM);
    for (int i = 0; i < 8; i++)
        ck_assert(gsl_rng_uniform(g) != a[i]);
    cx_rng_stream_free(g);
    cx_rng_stream_free(NULL);     /* like free(): NULL is a no-op */
}
END_TEST

START_TEST(test_stream_uniform_open_interval)
{
    /* gsl_rng_uniform and gsl_rng_uniform_pos through the adapter stay in
     * (0,1), as the uniforms of cx_rng_uniform4 do. */
    cx_rng r;
    gsl_rng *g = cx_rng_stream_new();
    ck_assert_ptr_nonnull(g);
    cx_rng_init(&r, 3, 3);
    cx_rng_stream_seek(g, &r, 0, 0, 0, CX_DRAW_WOM);
    for (int i = 0; i < 20000; i++) {
        double u = gsl_rng_uniform(g);
        ck_assert(u > 0.0 && u < 1.0);
    }
    cx_rng_stream_free(g);
}
END_TEST

START_TEST(test_stream_beta_mean)
{
    /* The engine's use: one seek per customer (purpose CX_DRAW_TRUST0),
     * then gsl_ran_beta (which needs a variable number of uniforms) with
     * the default trust prior mean 0.6, sd 0.15: by the method of moments
     * nu = 0.24 / 0.0225 - 1 = 9.6667, a = 5.8, b = 3.8667 (docs/model.md,
     * "Order and conventions"). Over n = 20,000 customers the sample mean
     * has SE 0.15 / sqrt(20000) = 1.0607e-3, band 5 SE = 5.3e-3; the
     * mean square deviation from 0.6 estimates the variance 0.0225 with SE
     * sqrt((m4 - s^4) / n), m4 the Beta(5.8, 3.8667) fourth central moment:
     * excess kurtosis 6 [(a-b)^2 (a+b+1) - ab(a+b+2)] / [ab(a+b+2)(a+b+3)]
     * = -0.40150 (Johnson, Kotz and Balakrishnan, "Continuous Univariate
     * Distributions", vol. 2, ch. 25), so m4 = (3 - 0.40150) s^4 =
     * 1.31549e-3 and SE = sqrt((1.31549e-3 - 5.0625e-4) / 20000) =
     * 2.0115e-4, band 5 SE = 1.006e-3. */
    const double a = 5.8, b = 9.6666666666666667 * 0.4;
    const int n = 20000;
    cx_rng r;
    double sum = 0, sumsq = 0;
    gsl_rng *g = cx_rng_stream_new();
    ck_assert_ptr_nonnull(g);
    cx_rng_init(&r, 1, 0);
    for (int c = 0; c < n; c++) {
        cx_rng_stream_seek(g, &r, (uint32_t)c, 0, 0, CX_DRAW_TRUST0);
        double x = gsl_ran_beta(g, a, b);
        ck_assert(x > 0.0 && x < 1.0);
        sum += x;
        sumsq += (x - 0.6) * (x - 0.6);
    }
    ck_assert_double_eq_tol(sum / n, 0.6, 5 * 0.15 / sqrt(n));
    ck_assert_double_eq_tol(sumsq / n, 0.0225, 5 * 2.0115e-4);
    cx_rng_stream_free(g);
}
END_TEST

START_TEST(test_stream_poisson_mean)
{
    /* Word of mouth draws Poisson(rho) from the stream (docs/model.md, "Word of
     * mouth"): Poisson(1.2) over 20,000 seeks has mean 1.2 with SE
     * sqrt(1.2 / 20000) = 7.746e-3, band 5 SE = 0.0387. */
    const int n = 20000;
    cx_rng r;
    double sum = 0;
    gsl_rng *g = cx_rng_stream_new();
    ck_assert_ptr_nonnull(g);
    cx_rng_init(&r, 8, 1);
    for (int c = 0; c < n; c++) {
        cx_rng_stream_seek(g, &r, (uint32_t)c, 2, 0, CX_DRAW_WOM);
        sum += gsl_ran_poisson(g, 1.2);
    }
    ck_assert_double_eq_tol(sum / n, 1.2, 5 * sqrt(1.2 / n));
    cx_rng_stream_free(g);
}
END_TEST

/* ---- antithetic generators ------------------------------------------------- */

START_TEST(test_antithetic_uniforms)
{
    /* rng.h: an antithetic generator gives exactly 1 - u for every u of
     * the plain one (the midpoint map is symmetric: (~x + 0.5) / 2^32 =
     * 1 - (x + 0.5) / 2^32, all exact in double), raw words untouched. */
    cx_rng plain, anti;
    double u[4], v[4];
    uint32_t a[4], b[4];
    const uint32_t ctr[4] = {5, 1, 2, CX_DRAW_VISIT};
    cx_rng_init(&plain, 9, 4);
    cx_rng_init(&anti, 9, 4);
    cx_rng_set_antithetic(&anti, 1);
    for (uint32_t c = 0; c < 100; c++) {
        cx_rng_uniform4(&plain, c, 3, 7, CX_DRAW_VISIT, u);
        cx_rng_uniform4(&anti, c, 3, 7, CX_DRAW_VISIT, v);
        for (int i = 0; i < 4; i++)
            ck_assert_double_eq(v[i], 1 - u[i]);
    }
    cx_rng_raw4(&plain, ctr, a);
    cx_rng_raw4(&anti, ctr, b);
    for (int i = 0; i < 4; i++)
        ck_assert_uint_eq(a[i], b[i]);
    /* set back to plain: the plain uniforms again */
    cx_rng_set_antithetic(&anti, 0);
    cx_rng_uniform4(&plain, 1, 1, 1, CX_DRAW_OUTCOME, u);
    cx_rng_uniform4(&anti, 1, 1, 1, CX_DRAW_OUTCOME, v);
    ck_assert_double_eq(u[2], v[2]);
}
END_TEST

START_TEST(test_antithetic_stream)
{
    /* The GSL stream of an antithetic generator returns the complement of
     * every raw word (so GSL's integer-based samplers are mirrored too) and
     * 1 - u for every uniform. */
    cx_rng plain, anti;
    gsl_rng *g = cx_rng_stream_new(), *h = cx_rng_stream_new();
    ck_assert_ptr_nonnull(g);
    ck_assert_ptr_nonnull(h);
    cx_rng_init(&plain, 31, 6);
    anti = plain;
    cx_rng_set_antithetic(&anti, 1);
    cx_rng_stream_seek(g, &plain, 8, 2, 1, CX_DRAW_WOM);
    cx_rng_stream_seek(h, &anti, 8, 2, 1, CX_DRAW_WOM);
    for (int i = 0; i < 10; i++)
        ck_assert_uint_eq(gsl_rng_get(h), 0xffffffffUL - gsl_rng_get(g));
    for (int i = 0; i < 10; i++)
        ck_assert_double_eq(gsl_rng_uniform(h), 1 - gsl_rng_uniform(g));
    cx_rng_stream_free(g);
    cx_rng_stream_free(h);
}
END_TEST

START_TEST(test_antithetic_mean_of_pair)
{
    /* u and 1 - u average to exactly 1/2: the antithetic pair's mean of a
     * linear function of the uniforms has no variance at all. */
    cx_rng plain, anti;
    double u[4], v[4];
    cx_rng_init(&plain, 2, 0);
    anti = plain;
    cx_rng_set_antithetic(&anti, 1);
    cx_rng_uniform4(&plain, 0, 0, 0, CX_DRAW_INIT, u);
    cx_rng_uniform4(&anti, 0, 0, 0, CX_DRAW_INIT, v);
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq(u[i] + v[i], 1);
}
END_TEST

static Suite *rng_suite(void)
{
    Suite *s = suite_create("rng");
    TCase *kat = tcase_create("known_answers");
    TCase *uni = tcase_create("uniforms");
    TCase *str = tcase_create("gsl_stream");
    TCase *anti = tcase_create("antithetic");
    tcase_add_test(kat, test_kat_zeros);
    tcase_add_test(kat, test_kat_ones);
    tcase_add_test(kat, test_kat_pi);
    tcase_add_test(uni, test_uniform_is_raw_midpoint);
    tcase_add_test(uni, test_engine_philox_is_random123);
    tcase_add_test(kat, test_philox_levels_are_random123);
    tcase_add_test(kat, test_philox_gatherers_are_random123);
    tcase_add_test(kat, test_philox_bound_draws_the_layout);
    tcase_add_test(uni, test_uniform_open_interval);
    tcase_add_test(uni, test_uniform_pure_function);
    tcase_add_test(uni, test_uniform_each_coordinate_matters);
    tcase_add_test(uni, test_uniform_lanes_differ);
    tcase_add_test(uni, test_uniform_mean_and_variance);
    tcase_add_test(str, test_stream_same_seek_same_sequence);
    tcase_add_test(str, test_stream_reads_documented_blocks);
    tcase_add_test(str, test_stream_different_seek_differs);
    tcase_add_test(str, test_stream_uniform_open_interval);
    tcase_add_test(str, test_stream_beta_mean);
    tcase_add_test(str, test_stream_poisson_mean);
    tcase_add_test(anti, test_antithetic_uniforms);
    tcase_add_test(anti, test_antithetic_stream);
    tcase_add_test(anti, test_antithetic_mean_of_pair);
    /* the statistical tests take a moment under valgrind or sanitizers */
    tcase_set_timeout(str, 60);
    tcase_set_timeout(uni, 60);
    suite_add_tcase(s, kat);
    suite_add_tcase(s, uni);
    suite_add_tcase(s, str);
    suite_add_tcase(s, anti);
    return s;
}

int main(void)
{
    return cx_test_run(rng_suite());
}
