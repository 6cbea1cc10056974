/* quickwins.c - the candidates of a quick-win analysis and their
 * simulation (run.h, cx_run_quickwins).
 *
 * Two stages (docs/analysis.md, "cxsim quickwins"): the baseline and every
 * single intervention, then every combination of 2..max_combo of the best
 * `top` singles. Each candidate is a variant of a copy of the model (the
 * baseline's interventions plus its own), simulated in batches of at most
 * `chunk` variants so that a worker holds at most `chunk` engines at once.
 * Every batch has the same seed and first replication, so replication r
 * of any variant has the random numbers it would have in one big batch:
 * the candidates of every batch pair with the baseline replication by
 * replication (common random numbers), and the batches are joined into
 * one result. Statistics and ranking are in src/stats/quickwins_rank.c.
 */
#include "cxsim/run.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/sequential.h"

/* Variants per batch at most, whatever opts.chunk asks. */
#define MAX_CHUNK 64

typedef struct qw_progress {
    const cx_batch_opts *user;
    size_t offset, total;       /* changed between batches only */
} qw_progress;

/* The run in progress. */
typedef struct qw_run {
    const cx_quickwins_opts *o;
    cx_model *model;            /* the copy that receives the candidates */
    size_t base_index;          /* baseline variant, or CX_NO_VARIANT */
    uint64_t base_set;
    qw_progress progress;
    cx_quickwins *q;
    size_t reps, first_rep;     /* of the batches being run */
    size_t *vindex;             /* model variant of every variant of q->batch */
    size_t n_vindex;
} qw_run;

static uint64_t variant_set(const cx_variant *v)
{
    uint64_t set = 0;
    for (size_t k = 0; k < v->n_interventions; k++)
        set |= (uint64_t)1 << v->interventions[k];
    return set;
}

static int variant_named(const cx_model *m, const char *name)
{
    for (size_t v = 0; v < m->n_variants; v++)
        if (strcmp(m->variants[v].name, name) == 0)
            return 1;
    return 0;
}

/* "a+b+c": the names of set's interventions in declaration order. */
static char *label_of(const cx_model *m, uint64_t set)
{
    size_t len = 1;
    for (size_t i = 0; i < m->n_interventions; i++)
        if (set >> i & 1)
            len += strlen(m->interventions[i].name) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0, at = 0; i < m->n_interventions; i++)
        if (set >> i & 1)
            at += (size_t)sprintf(s + at, "%s%s", at ? "+" : "", m->interventions[i].name);
    return s;
}

/* The variant of the copy that simulates candidate c: one the scenario
 * declares with exactly its interventions, or a new one. */
static cx_status candidate_variant(qw_run *run, cx_quickwins_candidate *c, size_t number,
                                   size_t *index, cx_error *err)
{
    cx_model *m = run->model;
    uint64_t set = run->base_set | c->set;
    const char *names[CX_MAX_INTERVENTIONS];
    char name[CX_NAME_MAX];
    size_t n = 0;
    for (size_t v = 0; v < m->n_variants; v++)
        if (variant_set(&m->variants[v]) == set) {
            *index = v;
            return CX_OK;
        }
    if (strlen(c->label) < CX_NAME_MAX && !variant_named(m, c->label)) {
        snprintf(name, sizeof name, "%s", c->label);
    } else {
        size_t k = number;
        do
            snprintf(name, sizeof name, "candidate_%zu", k++);
        while (variant_named(m, name));
    }
    for (size_t i = 0; i < m->n_interventions; i++)
        if (set >> i & 1)
            names[n++] = m->interventions[i].name;
    *index = m->n_variants;
    return cx_model_add_variant(m, name, 0, names, n, err);
}

/* Appends the candidate adding set to the baseline. */
static cx_status add_candidate(qw_run *run, uint64_t set, cx_error *err)
{
    cx_quickwins *q = run->q;
    cx_quickwins_candidate *grown = realloc(q->candidates, (q->n_candidates + 1) * sizeof *grown);
    if (!grown)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for quick-win candidates");
    q->candidates = grown;
    cx_quickwins_candidate *c = &grown[q->n_candidates];
    *c = (cx_quickwins_candidate){.set = set};
    for (uint64_t rest = set; rest; rest &= rest - 1)
        c->size++;
    c->label = label_of(run->model, set);
    if (!c->label)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for quick-win candidates");
    q->n_candidates++;
    return CX_OK;
}

static void report(void *ctx, size_t done, size_t total)
{
    qw_progress *p = ctx;
    (void)total;
    p->user->progress(p->user->progress_ctx, p->offset + done, p->total);
}

/* Simulates variants index[0..n) (names[]) in batches of at most chunk
 * and appends each batch's result to parts[*n_parts]. */
static cx_status run_batches(qw_run *run, const size_t *index, const char *const *names,
                             size_t n, cx_batch_result **parts, size_t *n_parts, cx_error *err)
{
    size_t chunk = run->o->chunk ? run->o->chunk : CX_QUICKWINS_CHUNK;
    const cx_model *models[MAX_CHUNK];
    cx_batch_opts bo = run->o->batch;
    bo.reps = run->reps;
    bo.first_rep = (uint32_t)run->first_rep;
    if (chunk > MAX_CHUNK)
        chunk = MAX_CHUNK;
    if (bo.progress) {
        bo.progress = report;
        bo.progress_ctx = &run->progress;
    }
    for (size_t k = 0; k < chunk; k++)
        models[k] = run->model;
    assert(chunk >= 1 && chunk <= MAX_CHUNK);
    for (size_t first = 0; first < n; first += chunk) {
        size_t len = n - first < chunk ? n - first : chunk;
        bo.variant_index = index + first;
        cx_status st = cx_batch_run(models, names + first, len, &bo, &parts[*n_parts], err);
        if (st != CX_OK)
            return st;
        (*n_parts)++;
        run->q->batches++;
        run->progress.offset += len * bo.reps;
    }
    return CX_OK;
}

/* Runs the variants of candidates [from, to) (and the baseline first when
 * from is 0) and joins them after q->batch. */
static cx_status simulate(qw_run *run, size_t from, size_t to, cx_error *err)
{
    cx_quickwins *q = run->q;
    size_t n = to - from + (from == 0), n_parts = 0, v = 0;
    size_t *index = malloc((n + 1) * sizeof *index);
    const char **names = malloc((n + 1) * sizeof *names);
    cx_batch_result **parts = calloc(n + 2, sizeof *parts);
    cx_status st = index && names && parts ? CX_OK
                   : cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu variants", n);
    if (st == CX_OK && from == 0) {
        index[v] = run->base_index;
        names[v++] = run->base_index == CX_NO_VARIANT ? "baseline"
                     : run->model->variants[run->base_index].name;
    }
    size_t base = q->batch ? q->batch->n_variants : 0;
    for (size_t c = from; st == CX_OK && c < to; c++) {
        st = candidate_variant(run, &q->candidates[c], c + 1, &index[v], err);
        q->candidates[c].variant = base + v;
        v++;
    }
    /* names after every variant is added: adding may move the array */
    for (size_t k = 0; st == CX_OK && k < n; k++)
        if (index[k] != CX_NO_VARIANT)
            names[k] = run->model->variants[index[k]].name;
    if (q->batch)
        parts[n_parts++] = q->batch;
    size_t *grown = st == CX_OK ? realloc(run->vindex, (run->n_vindex + n) * sizeof *grown)
                                : NULL;
    if (st == CX_OK && !grown)
        st = cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu variants", n);
    if (st == CX_OK) {
        run->vindex = grown;
        memcpy(run->vindex + run->n_vindex, index, n * sizeof *index);
        run->n_vindex += n;
        st = run_batches(run, index, names, n, parts, &n_parts, err);
    }
    cx_batch_result *joined = NULL;
    if (st == CX_OK)
        st = cx_batch_result_join((const cx_batch_result *const *)parts, n_parts, &joined, err);
    for (size_t k = 0; parts && k < n_parts; k++)
        cx_batch_result_free(parts[k]);
    q->batch = joined;      /* the old one was parts[0] */
    free(index);
    free(names);
    free(parts);
    return st;
}

/* The baseline (the variant cx_model_variant_order puts first, if any) and
 * one candidate per intervention it does not enable. */
static cx_status plan_singles(qw_run *run, cx_error *err)
{
    const cx_model *m = run->model;
    const char *file = m->source[0] ? m->source : "scenario";
    size_t order[1];
    if (cx_model_variant_order(m, order, 1) == 1) {
        run->base_index = order[0];
        run->base_set = variant_set(&m->variants[order[0]]);
    }
    for (size_t i = 0; i < m->n_interventions; i++) {
        if (run->base_set >> i & 1)
            continue;
        if (!cx_model_intervention_is_candidate(&m->interventions[i])) {
            run->q->left_out |= (uint64_t)1 << i;   /* a policy's switch, or candidate = false */
            continue;
        }
        cx_status st = add_candidate(run, (uint64_t)1 << i, err);
        if (st != CX_OK)
            return st;
    }
    run->q->n_singles = run->q->n_candidates;
    if (m->n_interventions == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s: quickwins ranks interventions, and the "
                            "scenario declares none", file);
    if (run->q->n_singles == 0 && run->q->left_out)
        return cx_error_set(err, CX_ERR_INPUT, "%s: no intervention is a quickwins candidate: "
                            "those outside the baseline are named by the on_period policy "
                            "or declared candidate = false (declare candidate = true to rank "
                            "one)", file);
    if (run->q->n_singles == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s: every intervention is in the baseline "
                            "variant \"%s\": there is nothing to rank against it", file,
                            m->variants[run->base_index].name);
    return CX_OK;
}

/* Moves idx[0..k) (increasing, below n) to the next k-subset in
 * lexicographic order; 0 after the last. */
static int next_subset(size_t *idx, size_t k, size_t n)
{
    size_t i = k;
    while (i > 0 && idx[i - 1] == n - k + i - 1)
        i--;
    if (i == 0)
        return 0;
    idx[i - 1]++;
    for (size_t j = i; j < k; j++)
        idx[j] = idx[j - 1] + 1;
    return 1;
}

/* Every combination of 2..max_combo of the singles chosen[0..t) (in
 * declaration order), by size, then lexicographically. */
static cx_status add_combinations(qw_run *run, const size_t *chosen, size_t t, cx_error *err)
{
    size_t idx[CX_MAX_INTERVENTIONS];
    cx_status st = CX_OK;
    for (size_t k = 2; st == CX_OK && k <= run->q->max_combo && k <= t; k++) {
        for (size_t i = 0; i < k; i++)
            idx[i] = i;
        do {
            uint64_t set = 0;
            for (size_t i = 0; i < k; i++)
                set |= run->q->candidates[chosen[idx[i]]].set;
            st = add_candidate(run, set, err);
        } while (st == CX_OK && next_subset(idx, k, t));
    }
    return st;
}

/* The `top` best singles with a defined effect, in declaration order. */
static size_t chosen_singles(const cx_quickwins *q, size_t *chosen)
{
    size_t t = 0;
    cx_quickwins_order(q, 0, q->n_singles, chosen);
    while (t < q->n_singles && t < q->top && !isnan(q->candidates[chosen[t]].score))
        t++;
    for (size_t i = 1; i < t; i++)      /* insertion sort: t is small */
        for (size_t j = i; j > 0 && chosen[j - 1] > chosen[j]; j--) {
            size_t x = chosen[j];
            chosen[j] = chosen[j - 1];
            chosen[j - 1] = x;
        }
    return t;
}

static cx_status stage_two(qw_run *run, cx_error *err)
{
    cx_quickwins *q = run->q;
    size_t chosen[CX_MAX_INTERVENTIONS];
    size_t t = chosen_singles(q, chosen);
    cx_status st = add_combinations(run, chosen, t, err);
    run->progress.total = run->progress.offset + (q->n_candidates - q->n_singles) * run->o->batch.reps;
    if (st == CX_OK && q->n_candidates > q->n_singles)
        st = simulate(run, q->n_singles, q->n_candidates, err);
    return st;
}

/* The largest 95 % half-width of the candidates' objective effects (NaN
 * when one is undefined: then more replications cannot be judged enough;
 * candidates whose effect is undefined in every replication, such as the
 * roi of a free one, are left out). */
static double widest(const cx_quickwins *q)
{
    double w = 0;
    for (size_t c = 0; c < q->n_candidates; c++) {
        const cx_estimate *e = &q->candidates[c].effect;
        if (e->n == 0)
            continue;
        double h = e->ci_high - e->mean;
        if (!(h == h))
            return NAN;
        if (h > w)
            w = h;
    }
    return w;
}

/* Every variant of q->batch for `more` replications after those it has,
 * appended: the same random numbers as if they had been run at once. */
static cx_status extend(qw_run *run, size_t more, cx_error *err)
{
    cx_quickwins *q = run->q;
    size_t n = run->n_vindex, n_parts = 0;
    const char **names = malloc(n * sizeof *names);
    cx_batch_result **parts = calloc(n + 1, sizeof *parts);
    cx_status st = names && parts ? CX_OK
                   : cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu variants", n);
    for (size_t v = 0; st == CX_OK && v < n; v++)
        names[v] = q->batch->variant_names[v];
    run->first_rep = q->batch->reps;
    run->reps = more;
    run->progress.total = run->progress.offset + n * more;
    if (st == CX_OK)
        st = run_batches(run, run->vindex, names, n, parts, &n_parts, err);
    cx_batch_result *stage = NULL, *all = NULL;
    if (st == CX_OK)
        st = cx_batch_result_join((const cx_batch_result *const *)parts, n_parts, &stage, err);
    if (st == CX_OK)
        st = cx_batch_result_append(q->batch, stage, &all, err);
    if (st == CX_OK) {
        all->reps_requested = all->reps;
        cx_batch_fill_roi(all);
        cx_batch_result_free(q->batch);
        q->batch = all;
        q->stages++;
    }
    cx_batch_result_free(stage);
    for (size_t k = 0; k < n_parts; k++)
        cx_batch_result_free(parts[k]);
    free(parts);
    free(names);
    return st;
}

/* opts.precision: more stages until every effect is narrow enough. */
static cx_status to_precision(qw_run *run, cx_error *err)
{
    cx_quickwins *q = run->q;
    const cx_quickwins_opts *o = run->o;
    size_t cap = o->max_reps ? o->max_reps : CX_SEQUENTIAL_DEFAULT_MAX;
    cx_status st = CX_OK;
    for (;;) {
        q->half_width = widest(q);
        q->reached = q->half_width <= o->precision;
        size_t more = cx_sequential_stage_size(q->batch->reps, cap);
        if (q->reached || more == 0)
            break;
        st = extend(run, more, err);
        if (st == CX_OK)
            st = cx_quickwins_analyse(q, 0, q->n_candidates, err);
        if (st != CX_OK)
            break;
    }
    return st;
}

static cx_status check_opts(const cx_quickwins_opts *o, cx_error *err)
{
    if (o->objective.metric < 0 || o->objective.metric > CX_QUICKWINS_VALUE ||
        (o->objective.direction != 1 && o->objective.direction != -1))
        return cx_error_set(err, CX_ERR_USAGE, "quickwins: no objective (see "
                            "cx_quickwins_objective_parse)");
    if (o->batch.reps < 2)
        return cx_error_set(err, CX_ERR_USAGE, "quickwins needs at least 2 replications for "
                            "its confidence intervals");
    if (o->precision < 0 || (o->precision > 0 && o->max_reps && o->max_reps < o->batch.reps))
        return cx_error_set(err, CX_ERR_USAGE, "quickwins: precision must be > 0 and the cap "
                            "at least the first stage's replications");
    return CX_OK;
}

static void settle(cx_quickwins *q, const cx_quickwins_opts *o)
{
    q->objective = o->objective;
    q->alpha = o->alpha > 0 ? o->alpha : CX_QUICKWINS_ALPHA;
    q->top = o->top ? o->top : CX_QUICKWINS_TOP;
    q->max_combo = o->max_combo ? o->max_combo : CX_QUICKWINS_MAX_COMBO;
}

cx_status cx_run_quickwins_variants(const cx_model *m, const cx_quickwins *q, cx_model **out,
                                    size_t *index, cx_error *err)
{
    qw_run run = {.base_index = CX_NO_VARIANT, .q = (cx_quickwins *)q};
    size_t order[1];
    *out = NULL;
    run.model = cx_model_copy(m);
    if (!run.model)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory copying the model");
    if (cx_model_variant_order(m, order, 1) == 1) {
        run.base_index = order[0];
        run.base_set = variant_set(&m->variants[order[0]]);
    }
    index[0] = run.base_index;
    cx_status st = CX_OK;
    /* in q's order and numbering, so each gets the name it had in q->batch */
    for (size_t c = 0; st == CX_OK && c < q->n_candidates; c++)
        st = candidate_variant(&run, &q->candidates[c], c + 1, &index[1 + c], err);
    if (st != CX_OK) {
        cx_model_free(run.model);
        return st;
    }
    *out = run.model;
    return CX_OK;
}

cx_status cx_run_quickwins(const cx_model *m, const cx_quickwins_opts *o, cx_quickwins **out,
                           cx_error *err)
{
    qw_run run = {.o = o, .base_index = CX_NO_VARIANT, .progress = {.user = &o->batch},
                  .reps = o->batch.reps, .first_rep = o->batch.first_rep};
    cx_status st = check_opts(o, err);
    *out = NULL;
    if (st != CX_OK)
        return st;
    run.q = calloc(1, sizeof *run.q);
    run.model = cx_model_copy(m);
    if (!run.q || !run.model)
        st = cx_error_set(err, CX_ERR_NOMEM, "out of memory for quickwins");
    if (st == CX_OK) {
        settle(run.q, o);
        st = plan_singles(&run, err);
    }
    if (st == CX_OK) {
        size_t n = run.q->n_singles;
        size_t combos = cx_quickwins_combinations(n < run.q->top ? n : run.q->top,
                                                  run.q->max_combo);
        run.progress.total = (1 + n + combos) * o->batch.reps;
        st = simulate(&run, 0, n, err);
    }
    if (st == CX_OK)
        st = cx_quickwins_analyse(run.q, 0, run.q->n_singles, err);
    if (st == CX_OK)
        st = stage_two(&run, err);
    if (st == CX_OK)
        st = cx_quickwins_analyse(run.q, run.q->n_singles, run.q->n_candidates, err);
    if (st == CX_OK) {
        run.q->stages = 1;
        run.q->half_width = widest(run.q);
        run.q->reached = 1;
    }
    if (st == CX_OK && o->precision > 0)
        st = to_precision(&run, err);
    if (st == CX_OK)
        st = cx_quickwins_conclude(run.q, err);
    cx_model_free(run.model);
    free(run.vindex);
    if (st != CX_OK) {
        cx_quickwins_free(run.q);
        return st;
    }
    *out = run.q;
    return CX_OK;
}
