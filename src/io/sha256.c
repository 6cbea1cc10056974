/* sha256.c - SHA-256 (FIPS 180-4) by nettle (docs/architecture.md,
 * "Dependencies"): the hash that records which scenario and targets files
 * produced a results directory, and that seals a checkpoint.
 *
 * cx_sha256 holds nettle's context in storage of its own, so that the
 * public header does not include nettle's. */

#include "cxsim/sha256.h"

#include <assert.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((cx_sha256 *)0)->opaque),
               "cx_sha256 too small for nettle's sha256_ctx");
_Static_assert(_Alignof(struct sha256_ctx) <= _Alignof(cx_sha256),
               "cx_sha256 aligned less than nettle's sha256_ctx");
_Static_assert(SHA256_DIGEST_SIZE == 32, "SHA-256 digests are 32 bytes");

static struct sha256_ctx *ctx_of(cx_sha256 *s)
{
    return (struct sha256_ctx *)(void *)s->opaque.bytes;
}

void cx_sha256_init(cx_sha256 *s)
{
    assert(s);
    sha256_init(ctx_of(s));
}

void cx_sha256_update(cx_sha256 *s, const void *data, size_t len)
{
    assert(s && (data || len == 0));
    if (len > 0)
        sha256_update(ctx_of(s), len, data);
}

void cx_sha256_final(cx_sha256 *s, unsigned char digest[32])
{
    assert(s && digest);
    sha256_digest(ctx_of(s), SHA256_DIGEST_SIZE, digest);
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
