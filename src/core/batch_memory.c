/* batch_memory.c - what a batch needs in memory, estimated before anything
 * is allocated, and how many replications may therefore run at once.
 *
 * A replication holds its customers' state and its blocks' sums while it
 * runs (cx_engine_replication_bytes); an idle engine holds only the
 * parameters (cx_engine_workspace_bytes); the result holds every
 * replication's metrics. Threads beyond the replications that fit help
 * those with their customer blocks, so fitting fewer at once costs little.
 */
#include "batch_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/engine.h"

double cx_batch_memory_available(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    double bytes = pages > 0 && size > 0 ? (double)pages * (double)size : INFINITY;
    /* a container's limit (cgroup v2) may be lower than the machine's */
    FILE *f = fopen("/sys/fs/cgroup/memory.max", "r");
    double limit;
    if (f) {
        if (fscanf(f, "%lf", &limit) == 1 && limit > 0 && limit < bytes)
            bytes = limit;
        fclose(f);
    }
    return bytes;
}

/* Bytes of the result of `units` replications. */
static double result_bytes(const cx_model *m, size_t units)
{
    double per = CX_METRIC_COUNT * (1.0 + m->horizon + (double)m->n_segments) +
                 (double)cx_model_touchpoint_count(m) * CX_TP_METRIC_COUNT +
                 CX_BATCH_EXTRA_COUNT;
    return (double)units * per * sizeof(double);
}

static double replication_bytes(const cx_model *const *variants, size_t n, unsigned threads)
{
    double most = 0;
    for (size_t v = 0; v < n; v++)
        most = fmax(most, cx_engine_replication_bytes(variants[v], threads));
    return most;
}

/* Memory every worker holds whatever runs: its engines. */
static double fixed_bytes(const cx_model *const *variants, size_t n, unsigned threads)
{
    double sum = 0;
    for (size_t v = 0; v < n; v++)
        sum += cx_engine_workspace_bytes(variants[v]);
    return threads * sum;
}

double cx_batch_memory_estimate(const cx_model *const *variants, size_t n_variants,
                                const cx_batch_opts *opts)
{
    size_t units = n_variants * opts->reps;
    unsigned threads = opts->threads ? opts->threads : 1;
    double at_once = (double)(units < threads ? units : threads);
    return fixed_bytes(variants, n_variants, threads) + result_bytes(variants[0], units) +
           at_once * replication_bytes(variants, n_variants, threads);
}

static void human(double bytes, char *buf, size_t size)
{
    const char *unit[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
    int k = 0;
    while (bytes >= 1000 && k < 5) {
        bytes /= 1000;
        k++;
    }
    snprintf(buf, size, k ? "%.1f %s" : "%.0f %s", bytes, unit[k]);
}

/* CXSIM_MEMORY_LIMIT: bytes, or K, M, G or T (powers of 1024), as
 * Slurm's --mem and ulimit count, at most 2^60 bytes. 0 when unset. */
static cx_status env_limit(double *limit, cx_error *err)
{
    const char *v = getenv("CXSIM_MEMORY_LIMIT");
    char *end;
    *limit = 0;
    if (!v || !*v)
        return CX_OK;
    double x = strtod(v, &end);
    const char *units = "KMGT", *u = *end ? strchr(units, *end) : NULL;
    if (u && *u)
        x *= pow(1024, (double)(u - units + 1));
    /* digits first: strtod's "inf", "infinity", "nan", hexadecimal and
     * leading blanks are not sizes; and a size beyond 2^60 bytes (an
     * exbibyte, 1e400 read as infinity) would switch the check off */
    if (end == v || !(v[0] >= '0' && v[0] <= '9') || (v[1] == 'x' || v[1] == 'X') ||
        !(x > 0) || !(x <= 0x1p60) || (*end && (!u || !*u || end[1])))
        return cx_error_set(err, CX_ERR_USAGE, "CXSIM_MEMORY_LIMIT: '%s' is not a size "
                            "(bytes, or a number with K, M, G or T)", v);
    *limit = x;
    return CX_OK;
}

cx_status cx_batch_fit_memory(const cx_model *const *variants, size_t n_variants,
                              const cx_batch_opts *opts, unsigned threads, size_t units,
                              size_t *at_once, cx_error *err)
{
    const cx_model *m = variants[0];
    double limit = opts->memory_limit, env;
    cx_status st = env_limit(&env, err);
    if (st != CX_OK)
        return st;
    if (!(limit > 0))
        limit = env > 0 ? env : cx_batch_memory_available();
    double fixed = fixed_bytes(variants, n_variants, threads) +
                   result_bytes(m, n_variants * opts->reps);
    double one = replication_bytes(variants, n_variants, threads);
    double fit = floor((limit - fixed) / one);
    size_t most = units < threads ? units : threads;
    if (fit >= 1 || most == 0) {
        *at_once = fit >= (double)most ? most : (size_t)fit;
        return CX_OK;
    }
    char need[32], have[32];
    human(fixed + one, need, sizeof need);
    human(limit, have, sizeof have);
    return cx_error_set(err, CX_ERR_NOMEM, "not enough memory: a replication of %ld customers "
                        "needs about %s (%zu bytes of state per customer, with arrivals and "
                        "workspace), and %s is available; use a smaller population",
                        m->population, need, cx_engine_bytes_per_customer(), have);
}
