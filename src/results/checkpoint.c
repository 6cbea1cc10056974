/* checkpoint.c - a stopped batch's replications, kept exactly for resume.
 *
 * Layout: "CXSIMCK2", the byte-order mark 0x01020304 (u32), ten u64
 * (variants, reps done, reps requested, periods, touchpoints, segments,
 * metrics per replication, metrics per touchpoint, extras per replication,
 * antithetic 0/1), the key (u64 length, bytes), the names (variants,
 * journey and touchpoint of each touchpoint, segments; CX_NAME_MAX bytes
 * each), the five value arrays as in cx_batch_result (horizon, periods,
 * touchpoints, segments, extras), and last the SHA-256 of everything
 * before it, so a truncated or altered file is refused rather than resumed
 * into wrong results. Version 1 lacked the extras (respondents, promoters,
 * detractors, control variates): a resume from it averaged those over the
 * resumed replications only, so it is refused as another version.
 *
 * The reader reads only a regular file no larger than the largest
 * checkpoint cxsim could write (CX_CHECKPOINT_MAX_BYTES): a link to
 * /dev/zero or a huge file is bad input, not a run out of memory.
 */
#include "cxsim/checkpoint.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cxsim/io.h"
#include "cxsim/metrics.h"
#include "cxsim/sha256.h"

static const char magic[8] = {'C', 'X', 'S', 'I', 'M', 'C', 'K', '2'};
#define HEAD 10
#define ORDER_MARK 0x01020304u

/* Writes through the digest, so the trailer covers every byte. */
typedef struct out {
    FILE *fp;
    cx_sha256 sha;
    int failed;
} out;

static void put(out *o, const void *p, size_t n)
{
    if (o->failed || n == 0)
        return;
    cx_sha256_update(&o->sha, p, n);
    if (fwrite(p, 1, n, o->fp) != n)
        o->failed = 1;
}

static void put_u64(out *o, uint64_t v)
{
    put(o, &v, sizeof v);
}

int cx_checkpoint_write(FILE *fp, const cx_batch_result *b, const char *key)
{
    out o = {.fp = fp};
    uint32_t mark = ORDER_MARK;
    size_t units = b->n_variants * b->reps;
    cx_sha256_init(&o.sha);
    put(&o, magic, sizeof magic);
    put(&o, &mark, sizeof mark);
    uint64_t head[HEAD] = {b->n_variants, b->reps, b->reps_requested, b->horizon,
                           b->n_touchpoints, b->n_segments, CX_METRIC_COUNT,
                           CX_TP_METRIC_COUNT, CX_BATCH_EXTRA_COUNT, b->antithetic != 0};
    for (int i = 0; i < HEAD; i++)
        put_u64(&o, head[i]);
    put_u64(&o, strlen(key));
    put(&o, key, strlen(key));
    put(&o, b->variant_names, b->n_variants * CX_NAME_MAX);
    put(&o, b->journey_names, b->n_touchpoints * CX_NAME_MAX);
    put(&o, b->touchpoint_names, b->n_touchpoints * CX_NAME_MAX);
    put(&o, b->segment_names, b->n_segments * CX_NAME_MAX);
    put(&o, b->horizon_values, units * CX_METRIC_COUNT * sizeof(double));
    put(&o, b->period_values, units * b->horizon * CX_METRIC_COUNT * sizeof(double));
    put(&o, b->touchpoint_values, units * b->n_touchpoints * CX_TP_METRIC_COUNT * sizeof(double));
    put(&o, b->segment_values, units * b->n_segments * CX_METRIC_COUNT * sizeof(double));
    size_t n_extra = units * CX_BATCH_EXTRA_COUNT;
    for (size_t k = 0; k < n_extra; k++) {     /* a hand-built result may have none */
        double x = b->extra_values ? b->extra_values[k] : NAN;
        put(&o, &x, sizeof x);
    }
    unsigned char digest[32];
    cx_sha256_final(&o.sha, digest);
    if (!o.failed && fwrite(digest, 1, sizeof digest, fp) != sizeof digest)
        o.failed = 1;
    return o.failed ? -1 : 0;
}

/* Reading from a buffer holding the whole file. */
typedef struct in {
    const unsigned char *p;
    size_t left;
} in;

static int take(in *i, void *dst, size_t n)
{
    if (n > i->left)
        return -1;
    if (n)
        memcpy(dst, i->p, n);
    i->p += n;
    i->left -= n;
    return 0;
}

static cx_status bad(const char *path, const char *why, cx_error *err)
{
    return cx_error_set(err, CX_ERR_INPUT, "%s: not a usable checkpoint: %s", path, why);
}

/* Fills r's arrays and names from i, after the header checks. */
static cx_status body(in *i, cx_batch_result *r, const char *path, cx_error *err)
{
    size_t units = r->n_variants * r->reps, n_tp = r->n_touchpoints, n_seg = r->n_segments;
    r->variant_names = calloc(r->n_variants, CX_NAME_MAX);
    r->journey_names = calloc(n_tp + 1, CX_NAME_MAX);
    r->touchpoint_names = calloc(n_tp + 1, CX_NAME_MAX);
    r->horizon_values = malloc(units * CX_METRIC_COUNT * sizeof(double) + 1);
    r->period_values = malloc(units * r->horizon * CX_METRIC_COUNT * sizeof(double) + 1);
    r->touchpoint_values = malloc(units * n_tp * CX_TP_METRIC_COUNT * sizeof(double) + 1);
    r->segment_names = calloc(n_seg + 1, CX_NAME_MAX);
    r->segment_values = malloc(units * n_seg * CX_METRIC_COUNT * sizeof(double) + 1);
    r->extra_values = malloc(units * CX_BATCH_EXTRA_COUNT * sizeof(double) + 1);
    if (!r->variant_names || !r->journey_names || !r->touchpoint_names ||
        !r->horizon_values || !r->period_values || !r->touchpoint_values ||
        !r->segment_names || !r->segment_values || !r->extra_values)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory reading %s", path);
    if (take(i, r->variant_names, r->n_variants * CX_NAME_MAX) ||
        take(i, r->journey_names, n_tp * CX_NAME_MAX) ||
        take(i, r->touchpoint_names, n_tp * CX_NAME_MAX) ||
        take(i, r->segment_names, n_seg * CX_NAME_MAX) ||
        take(i, r->horizon_values, units * CX_METRIC_COUNT * sizeof(double)) ||
        take(i, r->period_values, units * r->horizon * CX_METRIC_COUNT * sizeof(double)) ||
        take(i, r->touchpoint_values, units * n_tp * CX_TP_METRIC_COUNT * sizeof(double)) ||
        take(i, r->segment_values, units * n_seg * CX_METRIC_COUNT * sizeof(double)) ||
        take(i, r->extra_values, units * CX_BATCH_EXTRA_COUNT * sizeof(double)))
        return bad(path, "it ends early", err);
    for (size_t k = 0; k < r->n_variants; k++)
        r->variant_names[k][CX_NAME_MAX - 1] = '\0';
    for (size_t k = 0; k < n_tp; k++)
        r->journey_names[k][CX_NAME_MAX - 1] = r->touchpoint_names[k][CX_NAME_MAX - 1] = '\0';
    for (size_t k = 0; k < n_seg; k++)
        r->segment_names[k][CX_NAME_MAX - 1] = '\0';
    return i->left == 0 ? CX_OK : bad(path, "it has bytes after its data", err);
}

cx_status cx_checkpoint_read(const char *path, cx_batch_result **out_r, char **out_key,
                             cx_error *err)
{
    *out_r = NULL;
    *out_key = NULL;
    char *text = NULL;
    size_t len = 0;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return cx_error_set(err, CX_ERR_IO,
                            "%s: cannot open: %s", path, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return bad(path, "it is not a regular file", err);
    if ((uint64_t)sb.st_size > CX_CHECKPOINT_MAX_BYTES)
        return bad(path, "it is larger than any checkpoint cxsim writes", err);
    cx_status st = cx_io_read_file(path, (size_t)sb.st_size + 1, &text, &len, err);
    unsigned char *buf = (unsigned char *)text;
    if (st != CX_OK)
        return st;
    unsigned char digest[32];
    char mg[8];
    uint32_t mark = 0;
    uint64_t head[HEAD], klen = 0;
    in i = {buf, len >= 32 ? len - 32 : 0};
    if (len < 32 || take(&i, mg, 8) || memcmp(mg, magic, 8) != 0) {
        free(buf);
        return bad(path, "it does not start as one", err);
    }
    cx_sha256 sha;
    cx_sha256_init(&sha);
    cx_sha256_update(&sha, buf, len - 32);
    cx_sha256_final(&sha, digest);
    if (memcmp(digest, buf + len - 32, 32) != 0) {
        free(buf);
        return bad(path, "its checksum does not match (truncated or altered)", err);
    }
    int ok = take(&i, &mark, 4) == 0 && mark == ORDER_MARK;
    for (int k = 0; ok && k < HEAD; k++)
        ok = take(&i, &head[k], 8) == 0;
    ok = ok && head[6] == CX_METRIC_COUNT && head[7] == CX_TP_METRIC_COUNT &&
         head[8] == CX_BATCH_EXTRA_COUNT && head[9] <= 1 &&
         head[0] > 0 && head[0] < 65536 && head[1] > 0 && head[1] <= head[2] &&
         head[2] <= UINT32_MAX && head[3] > 0 && head[3] <= 100000 && head[4] < 1000000 &&
         head[5] < 65536 &&
         take(&i, &klen, 8) == 0 && klen < i.left;
    /* the shape must account for exactly the bytes left, before anything
     * is allocated (computed in double: no overflow on a damaged header) */
    if (ok) {
        double units = (double)head[0] * (double)head[1];
        double need = (double)klen +
                      ((double)head[0] + 2.0 * (double)head[4] + (double)head[5]) * CX_NAME_MAX +
                      units * (1.0 + (double)head[3] + (double)head[5]) * CX_METRIC_COUNT *
                          sizeof(double) +
                      units * (double)head[4] * CX_TP_METRIC_COUNT * sizeof(double) +
                      units * CX_BATCH_EXTRA_COUNT * sizeof(double);
        ok = need == (double)i.left;
    }
    if (!ok) {
        free(buf);
        return bad(path, "another byte order, another cxsim version's metrics, or a "
                   "damaged header", err);
    }
    char *key = malloc(klen + 1);
    cx_batch_result *r = calloc(1, sizeof *r);
    if (!key || !r) {
        free(key);
        free(r);
        free(buf);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory reading %s", path);
    }
    take(&i, key, klen);
    key[klen] = '\0';
    r->n_variants = head[0];
    r->reps = head[1];
    r->reps_requested = head[2];
    r->horizon = head[3];
    r->n_touchpoints = head[4];
    r->n_segments = head[5];
    r->antithetic = (int)head[9];
    st = body(&i, r, path, err);
    free(buf);
    if (st != CX_OK) {
        cx_batch_result_free(r);
        free(key);
        return st;
    }
    *out_r = r;
    *out_key = key;
    return CX_OK;
}
