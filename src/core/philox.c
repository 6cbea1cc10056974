/* philox.c - Philox4x32-10 over runs of counters: scalar, SSE2, AVX2 and
 * AVX-512, chosen at run time (philox.h).
 *
 * A round of Random123's philox4x32 on the words (x0, x1, x2, x3) with
 * round key (k0, k1): (hi0, lo0) = M0 x0, (hi1, lo1) = M1 x2 (32 x 32 ->
 * 64-bit products), and the new words are (hi1 ^ x1 ^ k0, lo1, hi0 ^ x3
 * ^ k1, lo0); round r's key is the key plus r (W0, W1). The vector code
 * holds word w of 8 or 16 blocks in one register. x86 multiplies 32-bit
 * lanes into 64-bit products only in the even lanes (pmuludq), so each
 * product is made twice, for the even lanes and for the odd ones shifted
 * down, and the halves are put back in place with a shift and a blend.
 */
#include "philox.h"

#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#include "draw.h"

#if defined(__x86_64__) && defined(__GNUC__) && CX_DRAW_SSE2
#include <immintrin.h>
#define CX_PHILOX_X86 1
#else
#define CX_PHILOX_X86 0
#endif

/* ---- scalar and SSE2: a block at a time --------------------------------- */

static void run_scalar(const cx_rng *r, uint64_t lo, uint32_t c2, uint32_t c3, size_t n,
                       uint32_t *x, size_t stride)
{
    philox4x32_key_t k = {{r->key[0], r->key[1]}};
    for (size_t i = 0; i < n; i++) {
        philox4x32_ctr_t c = {{(uint32_t)lo, (uint32_t)(lo >> 32), c2 + (uint32_t)i, c3}};
        philox4x32_ctr_t y = philox4x32(c, k);
        for (int w = 0; w < 4; w++)
            x[(size_t)w * stride + i] = y.v[w] ^ r->flip;
    }
}

/* The same for counters (c0[i], c1, c2, c3): customers in lanes. */
static void gather_scalar(const cx_rng *r, const uint32_t *c0, uint32_t c1, uint32_t c2,
                          uint32_t c3, size_t n, uint32_t *x, size_t stride)
{
    philox4x32_key_t k = {{r->key[0], r->key[1]}};
    for (size_t i = 0; i < n; i++) {
        philox4x32_ctr_t c = {{c0[i], c1, c2, c3}};
        philox4x32_ctr_t y = philox4x32(c, k);
        for (int w = 0; w < 4; w++)
            x[(size_t)w * stride + i] = y.v[w] ^ r->flip;
    }
}

#if CX_DRAW_SSE2
static void gather_sse2(const cx_rng *r, const uint32_t *c0, uint32_t c1, uint32_t c2,
                        uint32_t c3, size_t n, uint32_t *x, size_t stride)
{
    cx_draws d;
    cx_draws_init(&d, r);
    for (size_t i = 0; i < n; i++) {
        uint32_t y[4];
        cx_draw4_words(&d, c0[i] | (uint64_t)c1 << 32, c2, c3, y);
        for (int w = 0; w < 4; w++)
            x[(size_t)w * stride + i] = y[w];
    }
}

static void run_sse2(const cx_rng *r, uint64_t lo, uint32_t c2, uint32_t c3, size_t n,
                     uint32_t *x, size_t stride)
{
    cx_draws d;
    cx_draws_init(&d, r);
    for (size_t i = 0; i < n; i++) {
        uint32_t y[4];
        cx_draw4_words(&d, lo, c2 + (uint32_t)i, c3, y);
        for (int w = 0; w < 4; w++)
            x[(size_t)w * stride + i] = y[w];
    }
}
#endif

#if CX_PHILOX_X86

/* Blocks left over after whole vectors, at most this many, are drawn one
 * at a time. */
enum { CX_PHILOX_TAIL = 2 };

/* ---- AVX2: 8 blocks ------------------------------------------------------ */

#define AVX2 __attribute__((target("avx2"), always_inline)) static inline

/* Ten rounds on the words of 8 blocks. */
AVX2 void rounds8(__m256i *x0, __m256i *x1, __m256i *x2, __m256i *x3, uint32_t k0,
                  uint32_t k1)
{
    const __m256i m0 = _mm256_set1_epi32((int)PHILOX_M4x32_0);
    const __m256i m1 = _mm256_set1_epi32((int)PHILOX_M4x32_1);
    __m256i a = *x0, b = *x1, c = *x2, d = *x3;
#pragma GCC unroll 10
    for (int i = 0; i < CX_PHILOX_ROUNDS; i++) {
        __m256i ka = _mm256_set1_epi32((int)(k0 + (uint32_t)i * PHILOX_W32_0));
        __m256i kb = _mm256_set1_epi32((int)(k1 + (uint32_t)i * PHILOX_W32_1));
        __m256i pe0 = _mm256_mul_epu32(a, m0), po0 = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m0);
        __m256i pe1 = _mm256_mul_epu32(c, m1), po1 = _mm256_mul_epu32(_mm256_srli_epi64(c, 32), m1);
        __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(pe0, 32), po0, 0xaa);
        __m256i lo0 = _mm256_blend_epi32(pe0, _mm256_slli_epi64(po0, 32), 0xaa);
        __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(pe1, 32), po1, 0xaa);
        __m256i lo1 = _mm256_blend_epi32(pe1, _mm256_slli_epi64(po1, 32), 0xaa);
        a = _mm256_xor_si256(_mm256_xor_si256(hi1, b), ka);
        b = lo1;
        c = _mm256_xor_si256(_mm256_xor_si256(hi0, d), kb);
        d = lo0;
    }
    *x0 = a, *x1 = b, *x2 = c, *x3 = d;
}

__attribute__((target("avx2")))
static void run_avx2(const cx_rng *r, uint64_t lo, uint32_t c2, uint32_t c3, size_t n,
                     uint32_t *x, size_t stride)
{
    const __m256i flip = _mm256_set1_epi32((int)r->flip);
    const __m256i step = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    size_t i = 0;
    for (; i < n; i += 8) {
        if (n - i <= CX_PHILOX_TAIL) {
            /* a short tail (a 9-touchpoint journey's ninth): one block at
             * a time costs less than 8 lanes for one or two */
            run_sse2(r, lo, c2 + (uint32_t)i, c3, n - i, x + i, stride);
            break;
        }
        __m256i a = _mm256_set1_epi32((int)(uint32_t)lo);
        __m256i b = _mm256_set1_epi32((int)(uint32_t)(lo >> 32));
        __m256i c = _mm256_add_epi32(_mm256_set1_epi32((int)(c2 + (uint32_t)i)), step);
        __m256i d = _mm256_set1_epi32((int)c3);
        rounds8(&a, &b, &c, &d, r->key[0], r->key[1]);
        _mm256_storeu_si256((__m256i *)&x[i], _mm256_xor_si256(a, flip));
        _mm256_storeu_si256((__m256i *)&x[stride + i], _mm256_xor_si256(b, flip));
        _mm256_storeu_si256((__m256i *)&x[2 * stride + i], _mm256_xor_si256(c, flip));
        _mm256_storeu_si256((__m256i *)&x[3 * stride + i], _mm256_xor_si256(d, flip));
    }
}

__attribute__((target("avx2")))
static void gather_avx2(const cx_rng *r, const uint32_t *c0, uint32_t c1, uint32_t c2,
                        uint32_t c3, size_t n, uint32_t *x, size_t stride)
{
    const __m256i flip = _mm256_set1_epi32((int)r->flip);
    for (size_t i = 0; i < n; i += 8) {
        __m256i a = _mm256_loadu_si256((const __m256i *)&c0[i]);
        __m256i b = _mm256_set1_epi32((int)c1);
        __m256i c = _mm256_set1_epi32((int)c2);
        __m256i d = _mm256_set1_epi32((int)c3);
        rounds8(&a, &b, &c, &d, r->key[0], r->key[1]);
        _mm256_storeu_si256((__m256i *)&x[i], _mm256_xor_si256(a, flip));
        _mm256_storeu_si256((__m256i *)&x[stride + i], _mm256_xor_si256(b, flip));
        _mm256_storeu_si256((__m256i *)&x[2 * stride + i], _mm256_xor_si256(c, flip));
        _mm256_storeu_si256((__m256i *)&x[3 * stride + i], _mm256_xor_si256(d, flip));
    }
}

/* Two groups of 8 blocks a turn (customers b and b + 1), so one group's
 * rounds run while the other's wait on their multiplies. */
__attribute__((target("avx2")))
static uint32_t bound_avx2(const cx_rng *r, uint64_t blocks, uint64_t *done)
{
    __m256i sink = _mm256_setzero_si256();
    const __m256i tp_lo = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i tp_hi = _mm256_add_epi32(tp_lo, _mm256_set1_epi32(8));
    const __m256i zero = _mm256_setzero_si256();
    uint64_t b = 0;
    for (uint32_t customer = 0; b < blocks; customer++, b += 16) {
        __m256i a0 = _mm256_set1_epi32((int)customer), b0 = zero, c0 = tp_lo, d0 = zero;
        __m256i a1 = a0, b1 = zero, c1 = tp_hi, d1 = zero;
        rounds8(&a0, &b0, &c0, &d0, r->key[0], r->key[1]);
        rounds8(&a1, &b1, &c1, &d1, r->key[0], r->key[1]);
        sink = _mm256_xor_si256(sink, _mm256_xor_si256(_mm256_xor_si256(a0, b0),
                                                       _mm256_xor_si256(c0, d0)));
        sink = _mm256_xor_si256(sink, _mm256_xor_si256(_mm256_xor_si256(a1, b1),
                                                       _mm256_xor_si256(c1, d1)));
    }
    uint32_t s[8];
    _mm256_storeu_si256((__m256i *)s, sink);
    *done = b;
    return s[0] ^ s[1] ^ s[2] ^ s[3] ^ s[4] ^ s[5] ^ s[6] ^ s[7];
}

/* ---- AVX-512: 16 blocks -------------------------------------------------- */

#define AVX512 __attribute__((target("avx512f"), always_inline)) static inline

/* Ten rounds on the words of 16 blocks; the three-way XORs are one
 * ternary-logic instruction each (truth table 0x96). */
AVX512 void rounds16(__m512i *x0, __m512i *x1, __m512i *x2, __m512i *x3, uint32_t k0,
                     uint32_t k1)
{
    const __m512i m0 = _mm512_set1_epi32((int)PHILOX_M4x32_0);
    const __m512i m1 = _mm512_set1_epi32((int)PHILOX_M4x32_1);
    const __mmask16 odd = 0xaaaa;
    __m512i a = *x0, b = *x1, c = *x2, d = *x3;
#pragma GCC unroll 10
    for (int i = 0; i < CX_PHILOX_ROUNDS; i++) {
        __m512i ka = _mm512_set1_epi32((int)(k0 + (uint32_t)i * PHILOX_W32_0));
        __m512i kb = _mm512_set1_epi32((int)(k1 + (uint32_t)i * PHILOX_W32_1));
        __m512i pe0 = _mm512_mul_epu32(a, m0), po0 = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m0);
        __m512i pe1 = _mm512_mul_epu32(c, m1), po1 = _mm512_mul_epu32(_mm512_srli_epi64(c, 32), m1);
        __m512i hi0 = _mm512_mask_blend_epi32(odd, _mm512_srli_epi64(pe0, 32), po0);
        __m512i lo0 = _mm512_mask_blend_epi32(odd, pe0, _mm512_slli_epi64(po0, 32));
        __m512i hi1 = _mm512_mask_blend_epi32(odd, _mm512_srli_epi64(pe1, 32), po1);
        __m512i lo1 = _mm512_mask_blend_epi32(odd, pe1, _mm512_slli_epi64(po1, 32));
        a = _mm512_ternarylogic_epi32(hi1, b, ka, 0x96);
        b = lo1;
        c = _mm512_ternarylogic_epi32(hi0, d, kb, 0x96);
        d = lo0;
    }
    *x0 = a, *x1 = b, *x2 = c, *x3 = d;
}

__attribute__((target("avx512f")))
static void run_avx512(const cx_rng *r, uint64_t lo, uint32_t c2, uint32_t c3, size_t n,
                       uint32_t *x, size_t stride)
{
    const __m512i flip = _mm512_set1_epi32((int)r->flip);
    const __m512i step = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (size_t i = 0; i < n; i += 16) {
        __m512i a = _mm512_set1_epi32((int)(uint32_t)lo);
        __m512i b = _mm512_set1_epi32((int)(uint32_t)(lo >> 32));
        __m512i c = _mm512_add_epi32(_mm512_set1_epi32((int)(c2 + (uint32_t)i)), step);
        __m512i d = _mm512_set1_epi32((int)c3);
        rounds16(&a, &b, &c, &d, r->key[0], r->key[1]);
        _mm512_storeu_si512(&x[i], _mm512_xor_si512(a, flip));
        _mm512_storeu_si512(&x[stride + i], _mm512_xor_si512(b, flip));
        _mm512_storeu_si512(&x[2 * stride + i], _mm512_xor_si512(c, flip));
        _mm512_storeu_si512(&x[3 * stride + i], _mm512_xor_si512(d, flip));
    }
}

/* Customers in lanes, two vectors a turn while they last: one's rounds
 * run while the other's wait on their multiplies. */
__attribute__((target("avx512f")))
static void gather_avx512(const cx_rng *r, const uint32_t *c0, uint32_t c1, uint32_t c2,
                          uint32_t c3, size_t n, uint32_t *x, size_t stride)
{
    const __m512i flip = _mm512_set1_epi32((int)r->flip);
    const __m512i b = _mm512_set1_epi32((int)c1), c = _mm512_set1_epi32((int)c2);
    const __m512i d = _mm512_set1_epi32((int)c3);
    size_t i = 0;
    for (; i + 16 < n; i += 32) {
        __m512i a0 = _mm512_loadu_si512(&c0[i]), b0 = b, d0 = d, e0 = c;
        __m512i a1 = _mm512_loadu_si512(&c0[i + 16]), b1 = b, d1 = d, e1 = c;
        rounds16(&a0, &b0, &e0, &d0, r->key[0], r->key[1]);
        rounds16(&a1, &b1, &e1, &d1, r->key[0], r->key[1]);
        _mm512_storeu_si512(&x[i], _mm512_xor_si512(a0, flip));
        _mm512_storeu_si512(&x[stride + i], _mm512_xor_si512(b0, flip));
        _mm512_storeu_si512(&x[2 * stride + i], _mm512_xor_si512(e0, flip));
        _mm512_storeu_si512(&x[3 * stride + i], _mm512_xor_si512(d0, flip));
        _mm512_storeu_si512(&x[i + 16], _mm512_xor_si512(a1, flip));
        _mm512_storeu_si512(&x[stride + i + 16], _mm512_xor_si512(b1, flip));
        _mm512_storeu_si512(&x[2 * stride + i + 16], _mm512_xor_si512(e1, flip));
        _mm512_storeu_si512(&x[3 * stride + i + 16], _mm512_xor_si512(d1, flip));
    }
    if (i < n) {
        __m512i a0 = _mm512_loadu_si512(&c0[i]), b0 = b, d0 = d, e0 = c;
        rounds16(&a0, &b0, &e0, &d0, r->key[0], r->key[1]);
        _mm512_storeu_si512(&x[i], _mm512_xor_si512(a0, flip));
        _mm512_storeu_si512(&x[stride + i], _mm512_xor_si512(b0, flip));
        _mm512_storeu_si512(&x[2 * stride + i], _mm512_xor_si512(e0, flip));
        _mm512_storeu_si512(&x[3 * stride + i], _mm512_xor_si512(d0, flip));
    }
}

/* Two groups of 16 blocks a turn (customers 2 j and 2 j + 1). */
__attribute__((target("avx512f")))
static uint32_t bound_avx512(const cx_rng *r, uint64_t blocks, uint64_t *done)
{
    __m512i sink = _mm512_setzero_si512();
    const __m512i tp = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i zero = _mm512_setzero_si512();
    uint64_t b = 0;
    for (uint32_t customer = 0; b < blocks; customer += 2, b += 32) {
        __m512i a0 = _mm512_set1_epi32((int)customer), b0 = zero, c0 = tp, d0 = zero;
        __m512i a1 = _mm512_set1_epi32((int)(customer + 1)), b1 = zero, c1 = tp, d1 = zero;
        rounds16(&a0, &b0, &c0, &d0, r->key[0], r->key[1]);
        rounds16(&a1, &b1, &c1, &d1, r->key[0], r->key[1]);
        sink = _mm512_ternarylogic_epi32(sink, a0, b0, 0x96);
        sink = _mm512_ternarylogic_epi32(sink, c0, d0, 0x96);
        sink = _mm512_ternarylogic_epi32(sink, a1, b1, 0x96);
        sink = _mm512_ternarylogic_epi32(sink, c1, d1, 0x96);
    }
    uint32_t s[16], v = 0;
    _mm512_storeu_si512(s, sink);
    for (int i = 0; i < 16; i++)
        v ^= s[i];
    *done = b;
    return v;
}

#endif  /* CX_PHILOX_X86 */

/* ---- the scalar and SSE2 bounds ----------------------------------------- */

static uint32_t bound_scalar(const cx_rng *r, uint64_t blocks, uint64_t *done)
{
    philox4x32_key_t k = {{r->key[0], r->key[1]}};
    uint32_t sink = 0;
    for (uint64_t b = 0; b < blocks; b++) {
        philox4x32_ctr_t c = {{(uint32_t)(b >> 4), 0, (uint32_t)(b & 15), 0}};
        philox4x32_ctr_t y = philox4x32(c, k);
        sink ^= y.v[0] ^ y.v[1] ^ y.v[2] ^ y.v[3];
    }
    *done = blocks;
    return sink;
}

#if CX_DRAW_SSE2
/* Two blocks a turn, in two registers: independent chains. */
static uint32_t bound_sse2(const cx_rng *r, uint64_t blocks, uint64_t *done)
{
    cx_draws d;
    cx_draws_init(&d, r);
    uint32_t sink = 0;
    uint64_t b = 0;
    for (; b < blocks; b += 2) {
        uint32_t y[4], z[4];
        cx_draw4_words(&d, b >> 4, (uint32_t)(b & 15), 0, y);
        cx_draw4_words(&d, (b + 1) >> 4, (uint32_t)((b + 1) & 15), 0, z);
        sink ^= y[0] ^ y[1] ^ y[2] ^ y[3] ^ z[0] ^ z[1] ^ z[2] ^ z[3];
    }
    *done = b;
    return sink;
}
#endif

/* ---- dispatch ------------------------------------------------------------ */

static int level_runs(cx_philox_level level)
{
    switch (level) {
    case CX_PHILOX_SCALAR:
        return 1;
    case CX_PHILOX_SSE2:
        return CX_DRAW_SSE2;
#if CX_PHILOX_X86
    case CX_PHILOX_AVX2:
        return __builtin_cpu_supports("avx2");
    case CX_PHILOX_AVX512:
        return __builtin_cpu_supports("avx512f");
#endif
    default:
        return 0;
    }
}

cx_philox_run_fn cx_philox_runner(cx_philox_level level)
{
    if (!level_runs(level))
        return NULL;
    switch (level) {
    case CX_PHILOX_SCALAR:
        return run_scalar;
#if CX_DRAW_SSE2
    case CX_PHILOX_SSE2:
        return run_sse2;
#endif
#if CX_PHILOX_X86
    case CX_PHILOX_AVX2:
        return run_avx2;
    case CX_PHILOX_AVX512:
        return run_avx512;
#endif
    default:
        return NULL;
    }
}

cx_philox_gather_fn cx_philox_gatherer(cx_philox_level level)
{
    if (!level_runs(level))
        return NULL;
    switch (level) {
    case CX_PHILOX_SCALAR:
        return gather_scalar;
#if CX_DRAW_SSE2
    case CX_PHILOX_SSE2:
        return gather_sse2;
#endif
#if CX_PHILOX_X86
    case CX_PHILOX_AVX2:
        return gather_avx2;
    case CX_PHILOX_AVX512:
        return gather_avx512;
#endif
    default:
        return NULL;
    }
}

static const char *const level_names[CX_PHILOX_LEVELS] = {"scalar", "sse2", "avx2", "avx512"};

const char *cx_philox_level_name(cx_philox_level level)
{
    return (unsigned)level < CX_PHILOX_LEVELS ? level_names[level] : "?";
}

cx_philox_level cx_philox_choose(cx_philox_level most)
{
    const char *want = getenv("CXSIM_PHILOX");
    for (int l = CX_PHILOX_LEVELS - 1; l >= 0; l--)
        if (want && strcmp(want, level_names[l]) == 0 && level_runs((cx_philox_level)l))
            return (cx_philox_level)l;
    for (int l = (int)most; l > 0; l--)
        if (level_runs((cx_philox_level)l))
            return (cx_philox_level)l;
    return CX_PHILOX_SCALAR;
}

cx_philox_level cx_philox_best(void)
{
    return cx_philox_choose(CX_PHILOX_AVX512);
}

uint32_t cx_philox_bound(cx_philox_level level, const cx_rng *r, uint64_t blocks,
                         uint64_t *done)
{
    *done = 0;
    if (!level_runs(level))
        return 0;
    switch (level) {
    case CX_PHILOX_SCALAR:
        return bound_scalar(r, blocks, done);
#if CX_DRAW_SSE2
    case CX_PHILOX_SSE2:
        return bound_sse2(r, blocks, done);
#endif
#if CX_PHILOX_X86
    case CX_PHILOX_AVX2:
        return bound_avx2(r, blocks, done);
    case CX_PHILOX_AVX512:
        return bound_avx512(r, blocks, done);
#endif
    default:
        return 0;
    }
}
