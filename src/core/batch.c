/* batch.c - replications on a pool of POSIX threads, and across MPI ranks.
 *
 * A work unit is one replication of one variant. The pool's threads take
 * units and, when none is left to take, help the running ones with their
 * customer blocks (pool.h), so a batch of one huge replication uses every
 * thread too. Each unit's metrics are written at the unit's own index, and
 * a replication's sums do not depend on which threads ran its blocks
 * (engine.h), so the result is the same bytes whatever the thread count,
 * the schedule or the number of MPI ranks (ranks.h).
 * Units go replication by replication (every variant of replication r
 * before r + 1), so a batch stopped part-way has whole replications for
 * every variant.
 * Before anything is allocated the batch works out how many replications
 * fit in memory at once (batch_memory.c), and refuses when not even one
 * does.
 */
#include "cxsim/batch.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_internal.h"
#include "cxsim/engine.h"
#include "pool.h"
#include "ranks.h"

typedef struct worker worker;

typedef struct batch_job {
    const cx_model *const *variants;
    size_t n_variants;
    const cx_batch_opts *opts;
    cx_batch_result *res;
    size_t *order;              /* this rank's units (storage indices), in running order */
    size_t n_units;
    unsigned threads;
    worker *workers;
    unsigned char *finished;    /* per storage index: stored (each written by one worker) */
    pthread_mutex_t lock;
    size_t done;                /* guarded by lock */
    size_t whole;               /* replications complete in every variant from the
                                 * first on, as opts->whole was last told; lock */
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

/* Turns a unit's tallies into per-period, horizon, touchpoint and
 * per-segment metrics. */
static void store(cx_batch_result *res, size_t unit, const cx_tally *tallies,
                  const cx_tp_tally *tp, const cx_tally *segments)
{
    cx_tally acc = {0};
    for (size_t t = 0; t < res->horizon; t++) {
        cx_tally_metrics(&tallies[t],
                         &res->period_values[(unit * res->horizon + t) * CX_METRIC_COUNT]);
        cx_tally_add(&acc, &tallies[t]);
    }
    cx_tally_metrics(&acc, &res->horizon_values[unit * CX_METRIC_COUNT]);
    double *x = &res->extra_values[unit * CX_BATCH_EXTRA_COUNT], surprise = 0;
    for (size_t k = 0; k < res->n_touchpoints; k++) {
        cx_tp_tally_metrics(&tp[k], &res->touchpoint_values[(unit * res->n_touchpoints + k) *
                                                            CX_TP_METRIC_COUNT]);
        surprise += tp[k].friction_events - tp[k].friction_p;
    }
    x[CX_X_RESPONDENTS] = acc.journeys;
    x[CX_X_PROMOTERS] = acc.promoters;
    x[CX_X_DETRACTORS] = acc.detractors;
    x[CX_X_FRICTION_SURPRISE] = surprise;
    x[CX_X_LTR_NOISE] = acc.ltr_noise;
    for (size_t s = 0; s < res->n_segments; s++)
        cx_tally_segment_metrics(&segments[s], &res->segment_values[(unit * res->n_segments + s) *
                                                                    CX_METRIC_COUNT]);
}

static void team_for_each(void *ctx, size_t n, void (*fn)(void *, size_t, unsigned), void *arg)
{
    team_ctx *t = ctx;
    cx_pool_for_each(t->pool, t->worker, n, fn, arg);
}

/* Replication r is stored in every variant. */
static int whole_rep(const batch_job *job, size_t r)
{
    for (size_t v = 0; v < job->n_variants; v++)
        if (!job->finished[v * job->opts->reps + r])
            return 0;
    return 1;
}

static void finished(batch_job *job, size_t unit, const cx_engine *e)
{
    size_t done;
    pthread_mutex_lock(&job->lock);
    done = ++job->done;
    job->rng_blocks += cx_engine_rng_blocks(e);
    job->finished[unit] = 1;
    if (job->opts->whole) {
        size_t reps = job->opts->reps, k = job->whole;
        while (k < reps && whole_rep(job, k))
            k++;
        if (k > job->whole)
            job->opts->whole(job->opts->progress_ctx, job->whole = k);
    }
    pthread_mutex_unlock(&job->lock);
    if (job->opts->progress)
        job->opts->progress(job->opts->progress_ctx, done, job->n_units);
}

/* Unit k of this rank, on worker w. */
static int run_unit(void *ctx, cx_pool *pool, unsigned w, size_t k)
{
    batch_job *job = ctx;
    worker *wk = &job->workers[w];
    size_t unit = job->order[k], reps = job->opts->reps;
    size_t v = unit / reps, r = unit % reps;
    cx_error err;
    cx_error_clear(&err);
    wk->team.pool = pool;
    cx_status st = cx_engine_run(wk->engines[v], job->opts->seed,
                                 job->opts->first_rep + (uint32_t)r, wk->tallies, wk->tp, &err);
    if (st == CX_ERR_STOPPED)
        return 0;       /* the pool sees the stop flag and hands out no more */
    if (st != CX_OK) {
        /* the returned status is authoritative: a callback may fail
         * without filling err */
        if (err.code == CX_OK)
            cx_error_set(&err, st, "replication %zu of variant %zu failed", r + 1, v);
        err.code = st;
        fail(job, &err);
        return 1;
    }
    store(job->res, unit, wk->tallies, wk->tp, cx_engine_segment_tallies(wk->engines[v]));
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
        cx_engine_set_antithetic(w->engines[v], job->opts->antithetic);
        cx_engine_set_stop(w->engines[v], job->opts->stop);
        cx_engine_set_team(w->engines[v], &team);
    }
    return CX_OK;
}

/* Names of every touchpoint, by global index, and of every segment. */
static void name_touchpoints(cx_batch_result *r, const cx_model *m)
{
    for (size_t s = 0; s < m->n_segments; s++)
        snprintf(r->segment_names[s], CX_NAME_MAX, "%s", m->segments[s].name);
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
    size_t n_tp = cx_model_touchpoint_count(variants[0]), n_seg = variants[0]->n_segments;
    if (r) {
        r->n_variants = n_variants;
        r->reps = r->reps_requested = reps;
        r->horizon = horizon;
        r->n_touchpoints = n_tp;
        r->n_segments = n_seg;
        r->variant_names = calloc(n_variants, sizeof *r->variant_names);
        r->journey_names = calloc(n_tp + 1, sizeof *r->journey_names);
        r->touchpoint_names = calloc(n_tp + 1, sizeof *r->touchpoint_names);
        r->horizon_values = calloc(units * CX_METRIC_COUNT, sizeof(double));
        r->period_values = calloc(units * horizon * CX_METRIC_COUNT, sizeof(double));
        r->touchpoint_values = calloc(units * n_tp * CX_TP_METRIC_COUNT + 1, sizeof(double));
        r->segment_names = calloc(n_seg + 1, sizeof *r->segment_names);
        r->segment_values = calloc(units * n_seg * CX_METRIC_COUNT + 1, sizeof(double));
        r->extra_values = calloc(units * CX_BATCH_EXTRA_COUNT, sizeof(double));
    }
    if (!r || !r->variant_names || !r->journey_names || !r->touchpoint_names ||
        !r->horizon_values || !r->period_values || !r->touchpoint_values ||
        !r->segment_names || !r->segment_values || !r->extra_values) {
        cx_batch_result_free(r);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu replications", units);
    }
    for (size_t v = 0; v < n_variants; v++)
        snprintf(r->variant_names[v], CX_NAME_MAX, "%s", names[v]);
    name_touchpoints(r, variants[0]);
    *out = r;
    return CX_OK;
}

/* Variants must have the same horizon, touchpoints and segments. */
static int same_shape(const cx_model *a, const cx_model *b)
{
    if (a->horizon != b->horizon || a->n_journeys != b->n_journeys ||
        a->n_segments != b->n_segments)
        return 0;
    for (size_t s = 0; s < a->n_segments; s++)
        if (strcmp(a->segments[s].name, b->segments[s].name) != 0)
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
                                "variants must share one horizon, the same journeys and "
                                "the same segments");
    return CX_OK;
}

/* ROI of variant v against the baseline (variant 0), replication by
 * replication: (value gained - extra cost) / extra cost, value being the
 * discounted portfolio value (docs/model.md, "Value: margin, CLV and portfolio"). NA without extra
 * cost. */
static double roi(const double *alt, const double *base)
{
    double cost = alt[CX_M_COST] - base[CX_M_COST];
    double gained = alt[CX_M_PORTFOLIO_VALUE] - base[CX_M_PORTFOLIO_VALUE];
    return cost > 0 ? (gained - cost) / cost : NAN;
}

void cx_batch_fill_roi(cx_batch_result *b)
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

/* Moves replications 0..k-1 of every variant to the front of the arrays,
 * as if the batch had asked for k: the layout is variant-major. */
static void keep_first(cx_batch_result *b, size_t k)
{
    size_t per[CX_BATCH_ARRAYS];
    double *arr[CX_BATCH_ARRAYS];
    cx_batch_arrays(b, arr, per);
    for (int a = 0; a < CX_BATCH_ARRAYS; a++)
        for (size_t v = 1; v < b->n_variants; v++)
            memmove(arr[a] + v * k * per[a], arr[a] + v * b->reps * per[a],
                    k * per[a] * sizeof(double));
    b->reps = k;
}

/* Replications complete in every variant, from the first on. */
static size_t complete_prefix(const batch_job *job)
{
    size_t reps = job->opts->reps, k = 0;
    for (; k < reps; k++)
        for (size_t v = 0; v < job->n_variants; v++)
            if (!job->finished[v * reps + k])
                return k;
    return k;
}

/* This rank's units in running order: replication by replication, so
 * that a stopped batch has whole replications. Units are stored
 * variant-major (v * reps + r); the rank owns a contiguous range of them. */
static cx_status plan_units(batch_job *job, const cx_ranks *ranks, cx_error *err)
{
    size_t reps = job->opts->reps, total = job->n_variants * reps, lo, hi;
    cx_ranks_units(ranks, total, &lo, &hi);
    job->order = malloc((hi > lo ? hi - lo : 1) * sizeof *job->order);
    job->finished = calloc(total, 1);
    if (!job->order || !job->finished)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu replications", total);
    for (size_t r = 0; r < reps; r++)
        for (size_t v = 0; v < job->n_variants; v++)
            if (v * reps + r >= lo && v * reps + r < hi)
                job->order[job->n_units++] = v * reps + r;
    return CX_OK;
}

/* No more threads than blocks of customers to run at once. */
static unsigned useful_threads(const batch_job *job)
{
    size_t per = ((size_t)job->variants[0]->population + CX_ENGINE_BLOCK_CUSTOMERS - 1) /
                 CX_ENGINE_BLOCK_CUSTOMERS;
    size_t blocks = job->n_units * (per ? per : 1);
    return blocks < job->opts->threads ? (unsigned)(blocks ? blocks : 1) : job->opts->threads;
}

/* Runs this rank's units on its threads. */
static cx_status run_units(batch_job *job, cx_error *err)
{
    size_t at_once = 1;
    cx_status st = cx_batch_fit_memory(job->variants, job->n_variants, job->opts, job->threads,
                                       job->n_units, &at_once, err);
    if (st != CX_OK || job->n_units == 0)
        return st;
    job->workers = calloc(job->threads, sizeof *job->workers);
    if (!job->workers)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %u workers", job->threads);
    for (unsigned i = 0; st == CX_OK && i < job->threads; i++)
        st = worker_init(&job->workers[i], job, i, err);
    if (st == CX_OK) {
        pthread_mutex_init(&job->lock, NULL);
        if (cx_pool_run(job->threads, job->n_units, at_once, job->opts->stop, run_unit,
                        job) < 0 && job->status == CX_OK)
            cx_error_set(&job->error, job->status = CX_ERR_NOMEM, "out of memory: could not start threads");
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

/* A stopped batch keeps the replications every variant finished. */
static cx_status keep_complete(batch_job *job, cx_batch_result **out, cx_error *err)
{
    size_t kept = complete_prefix(job);
    if (kept == job->opts->reps) {
        cx_batch_fill_roi(job->res);
        *out = job->res;
        return CX_OK;
    }
    cx_status st = cx_error_set(err, CX_ERR_STOPPED, "stopped after %zu of %zu replications",
                                kept, job->opts->reps);
    if (kept > 0) {
        keep_first(job->res, kept);
        cx_batch_fill_roi(job->res);
        *out = job->res;
    } else {
        cx_batch_result_free(job->res);
    }
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
    /* From here on every rank reaches cx_ranks_share, whatever happens. */
    cx_ranks ranks;
    cx_ranks_get(&ranks);
    st = plan_units(&job, &ranks, err);
    job.threads = useful_threads(&job);
    if (st == CX_OK)
        st = run_units(&job, err);
    job.res->rng_blocks = job.rng_blocks;
    job.res->antithetic = opts->antithetic != 0;
    st = cx_ranks_share(&ranks, job.res, job.finished, st, err);
    if (st == CX_OK)
        st = keep_complete(&job, out, err);
    else
        cx_batch_result_free(job.res);
    free(job.order);
    free(job.finished);
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
    free(r->segment_names);
    free(r->segment_values);
    free(r->extra_values);
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

const double *cx_batch_extra(const cx_batch_result *b, size_t v, size_t r)
{
    return &b->extra_values[(v * b->reps + r) * CX_BATCH_EXTRA_COUNT];
}

const double *cx_batch_touchpoint(const cx_batch_result *b, size_t v, size_t r, size_t k)
{
    return &b->touchpoint_values[((v * b->reps + r) * b->n_touchpoints + k) *
                                 CX_TP_METRIC_COUNT];
}

const double *cx_batch_segment(const cx_batch_result *b, size_t v, size_t r, size_t s)
{
    return &b->segment_values[((v * b->reps + r) * b->n_segments + s) * CX_METRIC_COUNT];
}
