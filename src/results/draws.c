/* draws.c - the draws of a two-level run kept as they come (draws.h): a
 * spool of fixed-size records on disk, the inputs and net values in
 * memory, and draws.bin, the checkpoint --resume reads back.
 *
 * A record is the draw's inputs (n_inputs doubles), then every variant's
 * means (n_variants x CX_DRAWS_NQ: the metrics, then net_value), then
 * their variances over the inner replications: exact doubles, so a
 * resumed run summarises the same numbers as an uninterrupted one.
 *
 * draws.bin: "CXDRAWS1", a byte-order word, the record width, the count,
 * the key's length, the key, the records, and the SHA-256 of everything
 * before it. Native-endian: resumed on the kind of machine that wrote it.
 */
#include "cxsim/draws.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cxsim/dist.h"
#include "cxsim/io.h"
#include "cxsim/sha256.h"
#include "draws_internal.h"

#define MAGIC "CXDRAWS1"
#define ORDER 0x01020304u

size_t cx_draws_width(const cx_draws *d)
{
    return d->n_inputs + 2 * d->n_variants * CX_DRAWS_NQ;
}

cx_status cx_draws_new(const cx_model *m, const char *const *names, size_t n_variants,
                       size_t reps, size_t capacity, const char *key, cx_draws **out,
                       cx_error *err)
{
    *out = NULL;
    if (n_variants == 0 || n_variants > CX_DRAWS_MAX_VARIANTS || capacity == 0)
        return cx_error_set(err, CX_ERR_USAGE, "draws: 1 to %d variants and at least one "
                            "draw, not %zu and %zu", CX_DRAWS_MAX_VARIANTS, n_variants,
                            capacity);
    if (key && strlen(key) >= sizeof ((cx_draws *)0)->key)
        return cx_error_set(err, CX_ERR_USAGE, "draws: the run's description is too long "
                            "to resume it (too many --set)");
    cx_draws *d = calloc(1, sizeof *d);
    if (!d)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for the draws");
    d->m = m;
    d->n_inputs = m->n_ranges;
    d->n_variants = n_variants;
    d->reps = reps;
    d->capacity = capacity;
    memcpy(d->names, names, n_variants * sizeof *names);
    snprintf(d->key, sizeof d->key, "%s", key ? key : "");
    for (size_t i = 0; i < d->n_inputs; i++)
        d->inputs_vary |= !cx_dist_degenerate(&m->ranges[i].dist);
    d->x = malloc((capacity * d->n_inputs + 1) * sizeof *d->x);
    d->net = malloc(capacity * n_variants * sizeof *d->net);
    d->spool = calloc(1, sizeof *d->spool);
    if (!d->x || !d->net || !d->spool) {
        cx_draws_free(d);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu draws", capacity);
    }
    d->spool->fp = tmpfile();
    d->spool->rec = malloc(cx_draws_width(d) * sizeof *d->spool->rec);
    if (!d->spool->fp || !d->spool->rec) {
        int e = errno;
        cx_draws_free(d);
        return cx_error_set(err, CX_ERR_IO, "cannot make a temporary file for the draws: %s",
                            strerror(e));
    }
    *out = d;
    return CX_OK;
}

void cx_draws_free(cx_draws *d)
{
    if (!d)
        return;
    if (d->spool) {
        if (d->spool->fp)
            fclose(d->spool->fp);
        free(d->spool->rec);
        free(d->spool);
    }
    free(d->x);
    free(d->net);
    free(d->sum);
    free(d->split);
    free(d->evppi);
    free(d->prices);
    free(d->curve);
    free(d);
}

/* Appends record rec (cx_draws_width doubles) as draw d->n. */
static cx_status append(cx_draws *d, const double *rec, cx_error *err)
{
    size_t w = cx_draws_width(d), nv = d->n_variants;
    if (d->n >= d->capacity)
        return cx_error_set(err, CX_ERR_USAGE, "draws: more than the %zu asked for",
                            d->capacity);
    if (fseeko(d->spool->fp, (off_t)(d->n * w * sizeof *rec), SEEK_SET) != 0 ||
        fwrite(rec, sizeof *rec, w, d->spool->fp) != w || fflush(d->spool->fp) != 0)
        return cx_error_set(err, CX_ERR_IO, "cannot write the draws' temporary file: %s",
                            strerror(errno));
    memcpy(d->x + d->n * d->n_inputs, rec, d->n_inputs * sizeof *rec);
    for (size_t v = 0; v < nv; v++)
        d->net[d->n * nv + v] = rec[d->n_inputs + v * CX_DRAWS_NQ + CX_DRAWS_NET];
    d->n++;
    return CX_OK;
}

cx_status cx_draws_add(cx_draws *d, const double *inputs, const double *mean,
                       const double *var, const double *net, const double *net_var,
                       cx_error *err)
{
    double *rec = d->spool->rec;
    size_t nv = d->n_variants, M = CX_METRIC_COUNT;
    double *q = rec + d->n_inputs, *qv = q + nv * CX_DRAWS_NQ;
    memcpy(rec, inputs, d->n_inputs * sizeof *rec);
    for (size_t v = 0; v < nv; v++) {
        memcpy(q + v * CX_DRAWS_NQ, mean + v * M, M * sizeof *q);
        memcpy(qv + v * CX_DRAWS_NQ, var + v * M, M * sizeof *qv);
        q[v * CX_DRAWS_NQ + CX_DRAWS_NET] = net[v];
        qv[v * CX_DRAWS_NQ + CX_DRAWS_NET] = net_var[v];
    }
    return append(d, rec, err);
}

cx_status cx_draws_read(const cx_draws *d, size_t first, size_t n, double *buf, cx_error *err)
{
    size_t w = cx_draws_width(d);
    if (fseeko(d->spool->fp, (off_t)(first * w * sizeof *buf), SEEK_SET) != 0 ||
        fread(buf, sizeof *buf, n * w, d->spool->fp) != n * w)
        return cx_error_set(err, CX_ERR_IO, "cannot read the draws' temporary file back%s%s",
                            errno ? ": " : "", errno ? strerror(errno) : "");
    return CX_OK;
}

/* ---- draws.bin -------------------------------------------------------------------- */

typedef struct header {
    char magic[8];
    uint32_t order, pad;
    uint64_t width, count, key_len;
} header;

int cx_draws_checkpoint(FILE *fp, const void *ctx)
{
    const cx_draws *d = ctx;
    cx_sha256 h;
    unsigned char digest[32];
    header hd = {.order = ORDER, .width = cx_draws_width(d), .count = d->n,
                 .key_len = strlen(d->key)};
    memcpy(hd.magic, MAGIC, 8);
    cx_sha256_init(&h);
    cx_sha256_update(&h, &hd, sizeof hd);
    cx_sha256_update(&h, d->key, hd.key_len);
    int rc = fwrite(&hd, sizeof hd, 1, fp) == 1 && fwrite(d->key, 1, hd.key_len, fp) == hd.key_len
             ? 0 : -1;
    double *rec = d->spool->rec;
    for (size_t r = 0; rc == 0 && r < d->n; r++) {
        if (cx_draws_read(d, r, 1, rec, NULL) != CX_OK) {
            errno = EIO;
            return -1;
        }
        cx_sha256_update(&h, rec, hd.width * sizeof *rec);
        rc = fwrite(rec, sizeof *rec, hd.width, fp) == hd.width ? 0 : -1;
    }
    cx_sha256_final(&h, digest);
    return rc == 0 && fwrite(digest, 1, 32, fp) == 32 ? 0 : -1;
}

/* The first line where two keys differ, for the refusal's message. */
static void first_difference(const char *a, const char *b, char *out, size_t size)
{
    for (;;) {
        size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
        if (la != lb || memcmp(a, b, la) != 0 || (!a[la]) != (!b[lb])) {
            snprintf(out, size, "'%.*s' there, '%.*s' here", (int)(la > 200 ? 200 : la), a,
                     (int)(lb > 200 ? 200 : lb), b);
            return;
        }
        if (!a[la]) {
            snprintf(out, size, "the same key");
            return;
        }
        a += la + 1;
        b += lb + 1;
    }
}

/* Reads fp's records into d, hashing them; the header and key read. */
static cx_status read_records(cx_draws *d, FILE *fp, cx_sha256 *h, const header *hd,
                              const char *path, cx_error *err)
{
    unsigned char digest[32], stored[32];
    double *rec = d->spool->rec;
    for (uint64_t r = 0; r < hd->count; r++) {
        if (fread(rec, sizeof *rec, hd->width, fp) != hd->width)
            return cx_error_set(err, CX_ERR_INPUT, "%s: not a whole draws checkpoint "
                                "(it ends early)", path);
        cx_sha256_update(h, rec, hd->width * sizeof *rec);
        cx_status st = append(d, rec, err);
        if (st != CX_OK)
            return st;
    }
    cx_sha256_final(h, digest);
    if (fread(stored, 1, 32, fp) != 32 || memcmp(stored, digest, 32) != 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s: damaged (its checksum does not match "
                            "its content)", path);
    return CX_OK;
}

static cx_status check_header(const cx_draws *d, const header *hd, off_t size, const char *dir,
                              const char *path, cx_error *err)
{
    if (memcmp(hd->magic, MAGIC, 8) != 0 || hd->order != ORDER)
        return cx_error_set(err, CX_ERR_INPUT, "%s: not a draws checkpoint of this kind of "
                            "machine", path);
    if (hd->width == 0 || hd->key_len > sizeof d->key - 1 || hd->count > CX_DRAWS_MAX_BYTES ||
        (uint64_t)size != sizeof *hd + hd->key_len + hd->count * hd->width * sizeof(double) + 32)
        return cx_error_set(err, CX_ERR_INPUT, "%s: not a whole draws checkpoint (its header "
                            "does not account for its %lld bytes)", path, (long long)size);
    if (hd->width != cx_draws_width(d) || hd->count > d->capacity)
        return cx_error_set(err, CX_ERR_USAGE, "--resume %s: those draws have another shape "
                            "(%llu numbers a draw, %llu draws; here %zu and at most %zu)",
                            dir, (unsigned long long)hd->width,
                            (unsigned long long)hd->count, cx_draws_width(d), d->capacity);
    return CX_OK;
}

cx_status cx_draws_resume(cx_draws *d, const char *dir, cx_error *err)
{
    char path[CX_IO_PATH_MAX], there[sizeof d->key];
    struct stat sb;
    header hd;
    cx_status st = cx_io_join(dir, CX_DRAWS_FILE, path, err);
    if (st != CX_OK)
        return st;
    if (stat(path, &sb) != 0)
        return cx_error_set(err, CX_ERR_USAGE, "--resume %s: no interrupted --uncertainty run "
                            "there (%s is missing: the run was complete, or never started)",
                            dir, CX_DRAWS_FILE);
    if (!S_ISREG(sb.st_mode) || (uint64_t)sb.st_size > CX_DRAWS_MAX_BYTES)
        return cx_error_set(err, CX_ERR_INPUT, "%s: not a regular file of at most 16 GiB",
                            path);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return cx_error_set(err, CX_ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    cx_sha256 h;
    cx_sha256_init(&h);
    st = fread(&hd, sizeof hd, 1, fp) == 1 ? check_header(d, &hd, sb.st_size, dir, path, err)
         : cx_error_set(err, CX_ERR_INPUT, "%s: not a whole draws checkpoint", path);
    if (st == CX_OK && fread(there, 1, hd.key_len, fp) != hd.key_len)
        st = cx_error_set(err, CX_ERR_INPUT, "%s: not a whole draws checkpoint", path);
    if (st == CX_OK) {
        there[hd.key_len] = '\0';
        cx_sha256_update(&h, &hd, sizeof hd);
        cx_sha256_update(&h, there, hd.key_len);
        if (strcmp(there, d->key) != 0) {
            char why[512];
            first_difference(there, d->key, why, sizeof why);
            st = cx_error_set(err, CX_ERR_USAGE, "--resume %s: those draws were made by "
                              "another command, scenario or flags (%s); resume with the "
                              "same ones", dir, why);
        }
    }
    if (st == CX_OK)
        st = read_records(d, fp, &h, &hd, path, err);
    fclose(fp);
    return st;
}
