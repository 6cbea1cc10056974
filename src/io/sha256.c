/* sha256.c - SHA-256 as specified in FIPS 180-4 (NIST, August 2015),
 * "Secure Hash Standard", sections 4.1.2 (functions), 4.2.2 (constants),
 * 5.1.1 (padding), 5.3.3 (initial hash value) and 6.2 (computation).
 * Used to record which scenario file produced a results directory.
 */
#include "cxsim/io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Section 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Section 4.1.2, with ROTR from section 3.2. */
#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

void cx_sha256_init(cx_sha256 *s)
{
    /* Section 5.3.3: fractional parts of the square roots of the first
     * 8 primes. */
    static const uint32_t h0[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    memcpy(s->h, h0, sizeof h0);
    s->bits = 0;
    s->used = 0;
}

/* Section 6.2.2: processes one 512-bit block M(i). */
static void compress(uint32_t h[8], const unsigned char *m)
{
    uint32_t w[64], v[8];
    for (int t = 0; t < 16; t++)    /* step 1: big-endian message words */
        w[t] = (uint32_t)m[4 * t] << 24 | (uint32_t)m[4 * t + 1] << 16
             | (uint32_t)m[4 * t + 2] << 8 | (uint32_t)m[4 * t + 3];
    for (int t = 16; t < 64; t++)
        w[t] = SSIG1(w[t - 2]) + w[t - 7] + SSIG0(w[t - 15]) + w[t - 16];
    memcpy(v, h, sizeof v);         /* step 2: a..h = H(i-1) */
    for (int t = 0; t < 64; t++) {  /* step 3 */
        uint32_t t1 = v[7] + BSIG1(v[4]) + CH(v[4], v[5], v[6]) + K[t] + w[t];
        uint32_t t2 = BSIG0(v[0]) + MAJ(v[0], v[1], v[2]);
        memmove(v + 1, v, 7 * sizeof v[0]);   /* h=g, g=f, ..., b=a */
        v[4] += t1;                           /* e = d + T1 */
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++)     /* step 4: H(i) */
        h[i] += v[i];
}

void cx_sha256_update(cx_sha256 *s, const void *data, size_t len)
{
    const unsigned char *p = data;
    s->bits += (uint64_t)len * 8;
    while (len > 0) {
        size_t take = 64 - s->used < len ? 64 - s->used : len;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        len -= take;
        if (s->used == 64) {
            compress(s->h, s->block);
            s->used = 0;
        }
    }
}

void cx_sha256_final(cx_sha256 *s, unsigned char digest[32])
{
    /* Section 5.1.1: a 1 bit, zeros up to 448 mod 512, the 64-bit length. */
    uint64_t bits = s->bits;
    s->block[s->used++] = 0x80;
    if (s->used > 56) {
        memset(s->block + s->used, 0, 64 - s->used);
        compress(s->h, s->block);
        s->used = 0;
    }
    memset(s->block + s->used, 0, 56 - s->used);
    for (int i = 0; i < 8; i++)
        s->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress(s->h, s->block);
    for (int i = 0; i < 8; i++)     /* the digest is H(N), big-endian */
        for (int b = 0; b < 4; b++)
            digest[4 * i + b] = (unsigned char)(s->h[i] >> (24 - 8 * b));
}

static void to_hex(const unsigned char digest[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

void cx_sha256_hex(const void *data, size_t len, char hex[65])
{
    cx_sha256 s;
    unsigned char digest[32];
    cx_sha256_init(&s);
    cx_sha256_update(&s, data, len);
    cx_sha256_final(&s, digest);
    to_hex(digest, hex);
}

cx_status cx_sha256_file(const char *path, char hex[65], cx_error *err)
{
    unsigned char buf[8192], digest[32];
    cx_sha256 s;
    hex[0] = '\0';
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return cx_error_set(err, CX_ERR_IO, "cannot read %s: %s", path,
                            strerror(errno));
    cx_sha256_init(&s);
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        cx_sha256_update(&s, buf, n);
    int failed = ferror(fp);
    int e = errno;
    fclose(fp);
    if (failed)
        return cx_error_set(err, CX_ERR_IO, "cannot read %s: %s", path,
                            strerror(e));
    cx_sha256_final(&s, digest);
    to_hex(digest, hex);
    return CX_OK;
}
