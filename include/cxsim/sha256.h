/* cxsim/sha256.h - SHA-256 (FIPS 180-4) of a buffer or a file.
 *
 * Provides: cx_sha256_init/update/final (a hash in steps), cx_sha256_hex
 * (of a buffer), cx_sha256_file (of a file): the hashes run.json records
 * of the scenario and targets files, and the seal of a checkpoint.
 * Relies on: cxsim/error.h; nettle computes it (docs/architecture.md,
 * "Dependencies"), this header does not expose it.
 */
#ifndef CXSIM_SHA256_H
#define CXSIM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/error.h"

/* A hash in progress: nettle's context (docs/architecture.md,
 * "Dependencies") in storage of its own, so that this header does not
 * include nettle's; sha256.c checks at compile time that it fits. */
typedef struct cx_sha256 {
    union {
        unsigned char bytes[160];
        uint64_t align;         /* nettle's context holds a uint64_t */
    } opaque;
} cx_sha256;

void cx_sha256_init(cx_sha256 *s);
void cx_sha256_update(cx_sha256 *s, const void *data, size_t len);
/* Pads, finishes and writes the 32-byte digest; s must be re-initialised
 * before reuse. */
void cx_sha256_final(cx_sha256 *s, unsigned char digest[32]);

/* Lower-case hex digest of data[0..len) into hex (64 digits and a NUL). */
void cx_sha256_hex(const void *data, size_t len, char hex[65]);

/* Lower-case hex digest of the file at path. CX_ERR_IO (message naming
 * path) if it cannot be opened or read; hex is then an empty string. */
cx_status cx_sha256_file(const char *path, char hex[65], cx_error *err);

#endif
