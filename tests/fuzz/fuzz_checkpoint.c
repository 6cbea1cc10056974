/* fuzz_checkpoint.c - libFuzzer target: any bytes as checkpoint.bin, read
 * by cx_checkpoint_read. The last 32 bytes are replaced by the SHA-256 of
 * the rest first, so inputs get past the checksum and reach the header and
 * shape checks (a wrong checksum is refused before anything else, which
 * check_io and interrupt_test cover). A result whose shape is consistent
 * (reps done at most those requested, every array present, names
 * terminated) and that survives being written and read back unchanged, or
 * CX_ERR_INPUT / CX_ERR_NOMEM with a message naming the file: anything
 * else (a crash, a sanitizer report, a leak) is a finding. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/checkpoint.h"
#include "cxsim/sha256.h"
#include "cxsim/metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[512];

static void clean_up(void)
{
    remove(path);
}

static void put(const void *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(bytes, 1, len, f) != len) || fclose(f) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/fuzz_checkpoint.%ld.bin", tmp && *tmp ? tmp : "/tmp",
                 (long)getpid());
        atexit(clean_up);
    }
    uint8_t *buf = malloc(size + 1);
    if (!buf)
        abort();
    memcpy(buf, data, size);
    if (size >= 32) {
        cx_sha256 sha;
        cx_sha256_init(&sha);
        cx_sha256_update(&sha, buf, size - 32);
        cx_sha256_final(&sha, buf + size - 32);
    }
    put(buf, size);
    cx_batch_result *r = NULL;
    char *key = NULL;
    cx_error err;
    cx_error_clear(&err);
    cx_status st = cx_checkpoint_read(path, &r, &key, &err);
    if (st != CX_OK) {
        if (r || key || !strstr(err.msg, path) || (st != CX_ERR_INPUT && st != CX_ERR_NOMEM))
            abort();
        free(buf);
        return 0;
    }
    if (!r || !key || r->reps == 0 || r->reps > r->reps_requested || r->n_variants == 0 ||
        !r->variant_names || !r->horizon_values || !r->period_values || !r->extra_values)
        abort();
    for (size_t v = 0; v < r->n_variants; v++)
        if (memchr(r->variant_names[v], '\0', sizeof r->variant_names[v]) == NULL)
            abort();
    /* written and read back, it must be the same result: nothing lost */
    FILE *f = fopen(path, "wb");
    if (!f || cx_checkpoint_write(f, r, key) != 0 || fclose(f) != 0)
        abort();
    cx_batch_result *r2 = NULL;
    char *key2 = NULL;
    if (cx_checkpoint_read(path, &r2, &key2, &err) != CX_OK)
        abort();
    size_t units = r->n_variants * r->reps;
    if (strcmp(key, key2) != 0 || r2->n_variants != r->n_variants || r2->reps != r->reps ||
        r2->reps_requested != r->reps_requested || r2->horizon != r->horizon ||
        r2->n_touchpoints != r->n_touchpoints || r2->n_segments != r->n_segments ||
        r2->antithetic != r->antithetic ||
        memcmp(r2->horizon_values, r->horizon_values,
               units * CX_METRIC_COUNT * sizeof(double)) != 0 ||
        memcmp(r2->extra_values, r->extra_values,
               units * CX_BATCH_EXTRA_COUNT * sizeof(double)) != 0)
        abort();
    cx_batch_result_free(r2);
    free(key2);
    cx_batch_result_free(r);
    free(key);
    free(buf);
    return 0;
}
