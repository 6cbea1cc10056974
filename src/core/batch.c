/* batch.c - replications on a pool of POSIX threads, and across MPI ranks.
 *
 * A work unit is one replication of one variant. The pool's threads take
 * units and, when none is left to take, help the running ones with their
 * customer blocks (pool.h), so a batch of one huge replication uses every
 * thread too. Each unit's metrics are written at the unit's own index, and
 * a replication's sums do not depend on which threads ran its blocks
 * (engine.h), so the result is the same bytes whatever the thread count,
 * the schedule or the number of MPI ranks (ranks.h).
 *
 * Before anything is allocated, the batch estimates the memory it needs
 * and runs no more replications at once than fit (the other threads help
 * them); it refuses when not even one fits.
 */
#include "config.h"

#include "cxsim/batch.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/engine.h"
#include "pool.h"
#include "ranks.h"

typedef struct worker worker;

typedef struct batch_job {
    const cx_model *const *variants;
    size_t n_variants;
    const cx_batch_opts *opts;
    cx_batch_result *res;
    size_t first_unit, n_units;     /* this rank's units */
    unsigned threads;
    worker *workers;
    pthread_mutex_t lock;
    size_t done;                /* guarded by lock */
    cx_status status;           /* first failure, guarded by lock */
    cx_error error;
    uint64_t rng_blocks;        /* guarded by lock */
} batch_job;

/* The engines' team: the pool, as the worker running the unit sees it. */
typedef struct team_ctx {
    cx_pool *pool;
    unsigned worker;
} team_ctx;

struct worker {
    batch_job *job;
    cx_engine **engines;        /* one per variant */
    cx_policy policy;           /* this worker's (its own Lua state) */
    int has_policy;
    cx_tally *tallies;          /* period tallies of one unit */
    cx_tp_tally *tp;            /* touchpoint tallies of one unit */
    team_ctx team;
};

static void fail(batch_job *job, const cx_error *err)
{
    pthread_mutex_lock(&job->lock);
    if (job->status == CX_OK) {
        job->status = err->code;
        job->error = *err;
    }
    pthread_mutex_unlock(&job->lock);
}

/* Turns a unit's tallies into per-period, horizon and touchpoint metrics. */
static void store(cx_batch_result *res, size_t unit, const cx_tally *tallies,
                  const cx_tp_tally *tp)
{
    cx_tally acc = {0};
    for (size_t t = 0; t < res->horizon; t++) {
        cx_tally_metrics(&tallies[t],
                         &res->period_values[(unit * res->horizon + t) * CX_METRIC_COUNT]);
        cx_tally_add(&acc, &tallies[t]);
    }
    cx_tally_metrics(&acc, &res->horizon_values[unit * CX_METRIC_COUNT]);
    for (size_t k = 0; k < res->n_touchpoints; k++)
        cx_tp_tally_metrics(&tp[k], &res->touchpoint_values[(unit * res->n_touchpoints + k) *
                                                            CX_TP_METRIC_COUNT]);
}

static void team_for_each(void *ctx, size_t n, void (*fn)(void *, size_t, unsigned), void *arg)
{
    team_ctx *t = ctx;
    cx_pool_for_each(t->pool, t->worker, n, fn, arg);
}

static void finished(batch_job *job, size_t unit, const cx_engine *e)
{
    size_t done;
    pthread_mutex_lock(&job->lock);
    done = ++job->done;
    job->rng_blocks += cx_engine_rng_blocks(e);
    pthread_mutex_unlock(&job->lock);
    if (job->opts->progress)
        job->opts->progress(job->opts->progress_ctx, done, job->n_units);
    (void)unit;
}

/* Unit k of this rank: replication r of variant v, on worker w. */
static int run_unit(void *ctx, cx_pool *pool, unsigned w, size_t k)
{
    batch_job *job = ctx;
    worker *wk = &job->workers[w];
    size_t unit = job->first_unit + k, reps = job->opts->reps;
    size_t v = unit / reps, r = unit % reps;
    cx_error err;
    cx_error_clear(&err);
    wk->team.pool = pool;
    cx_status st = cx_engine_run(wk->engines[v], job->opts->seed,
                                 job->opts->first_rep + (uint32_t)r, wk->tallies, wk->tp, &err);
    if (st != CX_OK) {
        /* the returned status is authoritative: a callback may fail
         * without filling err */
        if (err.code == CX_OK)
            cx_error_set(&err, st, "replication %zu of variant %zu failed", r + 1, v);
        err.code = st;
        fail(job, &err);
        return 1;
    }
    store(job->res, unit, wk->tallies, wk->tp);
    finished(job, unit, wk->engines[v]);
    return 0;
}

static void worker_release(worker *w, size_t n_variants)
{
    const cx_policy_factory *f = w->job ? w->job->opts->policy : NULL;
    if (w->has_policy && f && f->destroy)
        f->destroy(f->arg, &w->policy);
    if (w->engines)
        for (size_t v = 0; v < n_variants; v++)
            cx_engine_free(w->engines[v]);
    free(w->engines);
    free(w->tallies);
    free(w->tp);
}

/* Engines are made before any thread starts, so a failure is reported
 * before any work is done. */
static cx_status worker_init(worker *w, batch_job *job, unsigned number, cx_error *err)
{
    *w = (worker){.job = job, .team = {.worker = number}};
    w->engines = calloc(job->n_variants, sizeof *w->engines);
    w->tallies = malloc(job->res->horizon * sizeof *w->tallies);
    w->tp = malloc((job->res->n_touchpoints + 1) * sizeof *w->tp);
    if (!w->engines || !w->tallies || !w->tp)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for a worker");
    const cx_policy_factory *f = job->opts->policy;
    if (f && f->make) {
        cx_status st = f->make(f->arg, &w->policy, err);
        if (st != CX_OK)
            return st;
        w->has_policy = 1;
    }
    cx_engine_team team = {.slots = job->threads, .for_each = team_for_each, .ctx = &w->team};
    for (size_t v = 0; v < job->n_variants; v++) {
        size_t index = job->opts->variant_index ? job->opts->variant_index[v] : CX_NO_VARIANT;
        w->engines[v] = cx_engine_new(job->variants[v], err);
        if (!w->engines[v])
            return err ? err->code : CX_ERR_NOMEM;
        cx_status st = cx_engine_set_variant(w->engines[v], index, err);
        if (st != CX_OK)
            return st;
        cx_engine_set_policy(w->engines[v], w->has_policy ? &w->policy : NULL);
        cx_engine_set_team(w->engines[v], &team);
    }
    return CX_OK;
}

/* ---- memory ----------------------------------------------------------- */

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
    double per = CX_METRIC_COUNT * (1.0 + m->horizon) +
                 (double)cx_model_touchpoint_count(m) * CX_TP_METRIC_COUNT;
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
 * Slurm's --mem and ulimit count. 0 when unset. */
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
    if (end == v || !(x > 0) || (*end && (!u || !*u || end[1])))
        return cx_error_set(err, CX_ERR_USAGE, "CXSIM_MEMORY_LIMIT: '%s' is not a size "
                            "(bytes, or a number with K, M, G or T)", v);
    *limit = x;
    return CX_OK;
}

/* How many replications may run at once in the memory there is: at least
 * one, or the batch is refused with the figures. */
static cx_status fit_in_memory(batch_job *job, size_t *at_once, cx_error *err)
{
    const cx_model *m = job->variants[0];
    double limit = job->opts->memory_limit, env;
    cx_status st = env_limit(&env, err);
    if (st != CX_OK)
        return st;
    if (!(limit > 0))
        limit = env > 0 ? env : cx_batch_memory_available();
    double fixed = fixed_bytes(job->variants, job->n_variants, job->threads) +
                   result_bytes(m, job->n_variants * job->opts->reps);
    double one = replication_bytes(job->variants, job->n_variants, job->threads);
    double fit = floor((limit - fixed) / one);
    size_t most = job->n_units < job->threads ? job->n_units : job->threads;
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

/* Names of every touchpoint, by global index. */
static void name_touchpoints(cx_batch_result *r, const cx_model *m)
{
    size_t k = 0;
    for (size_t j = 0; j < m->n_journeys; j++)
        for (size_t i = 0; i < m->journeys[j].n_touchpoints; i++, k++) {
            snprintf(r->journey_names[k], CX_NAME_MAX, "%s", m->journeys[j].name);
            snprintf(r->touchpoint_names[k], CX_NAME_MAX, "%s",
                     m->journeys[j].touchpoints[i].name);
        }
}

static cx_status result_new(const cx_model *const *variants, const char *const *names,
                            size_t n_variants, size_t reps, cx_batch_result **out,
                            cx_error *err)
{
    cx_batch_result *r = calloc(1, sizeof *r);
    size_t units = n_variants * reps, horizon = (size_t)variants[0]->horizon;
    size_t n_tp = cx_model_touchpoint_count(variants[0]);
    if (r) {
        r->n_variants = n_variants;
        r->reps = reps;
        r->horizon = horizon;
        r->n_touchpoints = n_tp;
        r->variant_names = calloc(n_variants, sizeof *r->variant_names);
        r->journey_names = calloc(n_tp + 1, sizeof *r->journey_names);
        r->touchpoint_names = calloc(n_tp + 1, sizeof *r->touchpoint_names);
        r->horizon_values = calloc(units * CX_METRIC_COUNT, sizeof(double));
        r->period_values = calloc(units * horizon * CX_METRIC_COUNT, sizeof(double));
        r->touchpoint_values = calloc(units * n_tp * CX_TP_METRIC_COUNT + 1, sizeof(double));
    }
    if (!r || !r->variant_names || !r->journey_names || !r->touchpoint_names ||
        !r->horizon_values || !r->period_values || !r->touchpoint_values) {
        cx_batch_result_free(r);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu replications", units);
    }
    for (size_t v = 0; v < n_variants; v++)
        snprintf(r->variant_names[v], CX_NAME_MAX, "%s", names[v]);
    name_touchpoints(r, variants[0]);
    *out = r;
    return CX_OK;
}

/* Variants must have the same horizon and the same touchpoints. */
static int same_shape(const cx_model *a, const cx_model *b)
{
    if (a->horizon != b->horizon || a->n_journeys != b->n_journeys)
        return 0;
    for (size_t j = 0; j < a->n_journeys; j++) {
        const cx_journey *x = &a->journeys[j], *y = &b->journeys[j];
        if (strcmp(x->name, y->name) != 0 || x->n_touchpoints != y->n_touchpoints)
            return 0;
        for (size_t k = 0; k < x->n_touchpoints; k++)
            if (strcmp(x->touchpoints[k].name, y->touchpoints[k].name) != 0)
                return 0;
    }
    return 1;
}

static cx_status check_opts(const cx_model *const *variants, size_t n_variants,
                            const cx_batch_opts *opts, cx_error *err)
{
    if (n_variants == 0 || opts->reps == 0 || opts->threads == 0)
        return cx_error_set(err, CX_ERR_USAGE, "a batch needs variants, replications and threads");
    if (opts->reps > UINT32_MAX - (size_t)opts->first_rep)
        return cx_error_set(err, CX_ERR_USAGE, "at most %u replications", UINT32_MAX);
    for (size_t v = 1; v < n_variants; v++)
        if (!same_shape(variants[0], variants[v]))
            return cx_error_set(err, CX_ERR_USAGE,
                                "variants must share one horizon and the same journeys");
    return CX_OK;
}

/* ROI of variant v against the baseline (variant 0), replication by
 * replication: (value gained - extra cost) / extra cost, value being the
 * discounted portfolio value (MODEL.md, "Interventions"). NA without extra
 * cost. */
static double roi(const double *alt, const double *base)
{
    double cost = alt[CX_M_COST] - base[CX_M_COST];
    double gained = alt[CX_M_PORTFOLIO_VALUE] - base[CX_M_PORTFOLIO_VALUE];
    return cost > 0 ? (gained - cost) / cost : NAN;
}

static void fill_roi(cx_batch_result *b)
{
    for (size_t v = 1; v < b->n_variants; v++)
        for (size_t r = 0; r < b->reps; r++) {
            double *alt = (double *)cx_batch_horizon(b, v, r);
            alt[CX_M_ROI] = roi(alt, cx_batch_horizon(b, 0, r));
            for (size_t t = 0; t < b->horizon; t++) {
                double *p = (double *)cx_batch_period(b, v, r, t);
                p[CX_M_ROI] = roi(p, cx_batch_period(b, 0, r, t));
            }
        }
}

/* Runs this rank's units on its threads. */
static cx_status run_units(batch_job *job, cx_error *err)
{
    size_t at_once = 1;
    cx_status st = fit_in_memory(job, &at_once, err);
    if (st != CX_OK || job->n_units == 0)
        return st;
    job->workers = calloc(job->threads, sizeof *job->workers);
    if (!job->workers)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %u workers", job->threads);
    for (unsigned i = 0; st == CX_OK && i < job->threads; i++)
        st = worker_init(&job->workers[i], job, i, err);
    if (st == CX_OK) {
        pthread_mutex_init(&job->lock, NULL);
        if (cx_pool_run(job->threads, job->n_units, at_once, run_unit, job) != 0 &&
            job->status == CX_OK)
            cx_error_set(&job->error, job->status = CX_ERR_NOMEM, "could not start threads");
        pthread_mutex_destroy(&job->lock);
        st = job->status;
        if (st != CX_OK && err)
            *err = job->error;
    }
    for (unsigned i = 0; i < job->threads; i++)
        worker_release(&job->workers[i], job->n_variants);
    free(job->workers);
    return st;
}

cx_status cx_batch_run(const cx_model *const *variants, const char *const *names,
                       size_t n_variants, const cx_batch_opts *opts,
                       cx_batch_result **out, cx_error *err)
{
    *out = NULL;
    cx_status st = check_opts(variants, n_variants, opts, err);
    batch_job job = {.variants = variants, .n_variants = n_variants, .opts = opts};
    if (st == CX_OK)
        st = result_new(variants, names, n_variants, opts->reps, &job.res, err);
    if (st != CX_OK)
        return st;
    cx_ranks ranks;
    cx_ranks_get(&ranks);
    cx_ranks_units(&ranks, n_variants * opts->reps, &job.first_unit, &job.n_units);
    job.n_units -= job.first_unit;
    /* no more threads than there are blocks of customers to run at once */
    size_t blocks = job.n_units * (((size_t)variants[0]->population +
                                    CX_ENGINE_BLOCK_CUSTOMERS - 1) / CX_ENGINE_BLOCK_CUSTOMERS);
    job.threads = blocks < opts->threads ? (unsigned)(blocks ? blocks : 1) : opts->threads;
    st = run_units(&job, err);
    job.res->rng_blocks = job.rng_blocks;
    st = cx_ranks_share(&ranks, job.res, st, err);
    if (st == CX_OK) {
        fill_roi(job.res);
        *out = job.res;
    } else {
        cx_batch_result_free(job.res);
    }
    return st;
}

unsigned cx_batch_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

void cx_batch_result_free(cx_batch_result *r)
{
    if (!r)
        return;
    free(r->variant_names);
    free(r->journey_names);
    free(r->touchpoint_names);
    free(r->touchpoint_values);
    free(r->horizon_values);
    free(r->period_values);
    free(r);
}

const double *cx_batch_horizon(const cx_batch_result *b, size_t v, size_t r)
{
    return &b->horizon_values[(v * b->reps + r) * CX_METRIC_COUNT];
}

const double *cx_batch_period(const cx_batch_result *b, size_t v, size_t r, size_t t)
{
    return &b->period_values[((v * b->reps + r) * b->horizon + t) * CX_METRIC_COUNT];
}

const double *cx_batch_touchpoint(const cx_batch_result *b, size_t v, size_t r, size_t k)
{
    return &b->touchpoint_values[((v * b->reps + r) * b->n_touchpoints + k) *
                                 CX_TP_METRIC_COUNT];
}
