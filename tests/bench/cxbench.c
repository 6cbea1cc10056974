/* cxbench.c - one measurement for scripts/bench and scripts/bench-ab: a
 * scenario's baseline at a given population on the batch runner, and the
 * speed of light.
 *
 *   cxbench SCENARIO [--customers N] [--threads T] [--reps R] [--seed S] [--sol]
 *   cxbench --spin BLOCKS
 *
 * Prints key=value lines: wall and CPU seconds of cx_batch_run alone (the
 * scenario is loaded before the clock starts), touchpoint visits, the
 * Philox blocks the engine drew, resident memory before the batch and at
 * its peak, and with --sol the seconds (wall and CPU) one thread takes to draw
 * as many Philox blocks in a throughput loop (docs/performance.md: the
 * speed of light is the rate at which Philox produces the variates the
 * visits need), with the fastest implementation of philox.h (AVX-512 or
 * AVX2 where the processor has it) and with Random123's scalar
 * philox4x32. scripts/bench runs it and makes the table; this program only
 * measures. --spin times the fastest loop alone over BLOCKS blocks: scripts/bench runs copies of it at
 * once to see how many cores the machine really gives (a shared or
 * overcommitted machine gives fewer than it has).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "philox.h"

#include "cxsim/batch.h"
#include "cxsim/engine.h"
#include "cxsim/scenario.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

/* Resident set now, in kB (Linux /proc), or 0. */
static long rss_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * 4;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A speed of light: `blocks` Philox4x32-10 blocks at the engine's counters
 * (customer, period, touchpoint, purpose) through the implementation of
 * `level` (philox.h), a throughput loop: every word XORed into a sink,
 * blocks independent of one another. An earlier loop here added every
 * word, made a double, into one sum: each block then waited on four
 * dependent floating-point additions (about 16 cycles), so it measured
 * that chain, about 10 ns a block, not Philox (docs/performance.md,
 * "The speed of light, corrected"). */
static double speed_of_light(cx_philox_level level, uint64_t blocks, uint32_t seed,
                             uint32_t *sink, double *cpu, uint64_t *done)
{
    cx_rng r;
    cx_rng_init(&r, seed, 0);
    double start = now(), cpu0 = cpu_seconds();
    *sink = cx_philox_bound(level, &r, blocks, done);
    *cpu = cpu_seconds() - cpu0;
    return now() - start;
}

static int usage(void)
{
    fprintf(stderr, "usage: cxbench SCENARIO [--customers N] [--threads T] [--reps R] "
                    "[--seed S] [--sol]\n       cxbench --spin BLOCKS\n");
    return 2;
}

typedef struct bench_opts {
    const char *scenario;
    double customers;
    unsigned threads;
    size_t reps;
    uint32_t seed;
    int sol;
} bench_opts;

static int parse(int argc, char **argv, bench_opts *o)
{
    *o = (bench_opts){.customers = 1e6, .threads = 1, .reps = 1, .seed = 1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--sol") == 0)
            o->sol = 1;
        else if (a[0] != '-' && !o->scenario)
            o->scenario = a;
        else if (!v)
            return -1;
        else if (strcmp(a, "--customers") == 0 && ++i)
            o->customers = atof(v);
        else if (strcmp(a, "--threads") == 0 && ++i)
            o->threads = (unsigned)atoi(v);
        else if (strcmp(a, "--reps") == 0 && ++i)
            o->reps = (size_t)atol(v);
        else if (strcmp(a, "--seed") == 0 && ++i)
            o->seed = (uint32_t)strtoul(v, NULL, 10);
        else
            return -1;
    }
    return o->scenario && o->customers >= 1 && o->threads >= 1 && o->reps >= 1 ? 0 : -1;
}

static double total_visits(const cx_batch_result *b)
{
    double v = 0;
    for (size_t r = 0; r < b->reps; r++)
        for (size_t k = 0; k < b->n_touchpoints; k++)
            v += cx_batch_touchpoint(b, 0, r, k)[CX_TPM_VISITS];
    return v;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--spin") == 0) {
        uint32_t sink;
        uint64_t done;
        double cpu, wall = speed_of_light(cx_philox_best(), strtoull(argv[2], NULL, 10), 1,
                                          &sink, &cpu, &done);
        printf("spin_s=%.4f\nspin_sink=%08x\n", wall, (unsigned)sink);
        return 0;
    }
    bench_opts o;
    cx_model *m = NULL;
    cx_batch_result *b = NULL;
    cx_error err;
    if (parse(argc, argv, &o) != 0)
        return usage();
    if (cx_scenario_load(o.scenario, &m, &err) != CX_OK ||
        cx_model_set(m, "scenario.population", o.customers, &err) != CX_OK) {
        fprintf(stderr, "cxbench: %s\n", err.msg);
        return 3;
    }
    const cx_model *v[1] = {m};
    const char *names[1] = {"baseline"};
    cx_batch_opts bo = {.reps = o.reps, .seed = o.seed, .threads = o.threads};
    long rss0 = rss_kb();
    double cpu0 = cpu_seconds(), t0 = now();
    if (cx_batch_run(v, names, 1, &bo, &b, &err) != CX_OK) {
        fprintf(stderr, "cxbench: %s\n", err.msg);
        cx_model_free(m);
        return 1;
    }
    double wall = now() - t0, cpu = cpu_seconds() - cpu0;
    printf("customers=%ld\nthreads=%u\nreps=%zu\nperiods=%d\n", m->population, o.threads,
           o.reps, m->horizon);
    printf("wall_s=%.4f\ncpu_s=%.4f\nvisits=%.0f\nrng_blocks=%llu\n", wall, cpu,
           total_visits(b), (unsigned long long)b->rng_blocks);
    printf("rss_before_kb=%ld\npeak_rss_kb=%ld\nstate_bytes_per_customer=%zu\n", rss0,
           peak_rss_kb(), cx_engine_bytes_per_customer());
    if (o.sol) {
        /* the bound: the fastest implementation here; then Random123's
         * scalar philox4x32 in the same throughput loop, for reference */
        cx_philox_level best = cx_philox_best();
        const cx_philox_level levels[2] = {best, CX_PHILOX_SCALAR};
        const char *keys[2] = {"sol", "sol_r123"};
        for (int l = 0; l < 2; l++) {
            uint32_t sink;
            uint64_t done;
            double lcpu, lwall = speed_of_light(levels[l], b->rng_blocks, o.seed, &sink, &lcpu,
                                                &done);
            printf("%s_s=%.4f\n%s_cpu_s=%.4f\n%s_blocks=%llu\n%s_sink=%08x\n", keys[l], lwall,
                   keys[l], lcpu, keys[l], (unsigned long long)done, keys[l], (unsigned)sink);
        }
        printf("sol_level=%s\n", cx_philox_level_name(best));
    }
    cx_batch_result_free(b);
    cx_model_free(m);
    return 0;
}
