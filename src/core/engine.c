/* engine.c - one replication: a population through H periods.
 *
 * Per period: the customers in blocks (block.c, the inner loop), possibly
 * on several threads (the engine's team); the blocks' sums added together
 * in block order; the exceptional-decile split of the period's journeys;
 * then word of mouth and the inflow bring the arrivals that start next
 * period, the period's interventions are paid for, and a policy may change
 * what acts next.
 *
 * Customers of segment s see the parameters of the resolved model for s
 * (resolve.h): the base model under the variant's active interventions and
 * the policy's overrides.
 */
#include "cxsim/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "cxsim/rng.h"
#include "engine_internal.h"
#include "lanes.h"

/* Block sums are added field by field as arrays of doubles. */
_Static_assert(sizeof(cx_tally) % sizeof(double) == 0, "cx_tally holds doubles only");
_Static_assert(sizeof(cx_tp_tally) % sizeof(double) == 0, "cx_tp_tally holds doubles only");

size_t cx_engine_bytes_per_customer(void)
{
    return cx_population_bytes_per_customer();
}

uint64_t cx_engine_rng_blocks(const cx_engine *e)
{
    return e->rng_blocks;
}

/* Customers a replication makes room for: the initial population, the
 * inflow of the horizon (word of mouth may add more), and the eighth
 * cx_population_reserve adds. */
static double expected_customers(const cx_model *m)
{
    double n = (double)m->population * (1 + m->inflow * m->horizon);
    return n + n / 8;
}

double cx_engine_replication_bytes(const cx_model *m, unsigned slots)
{
    size_t n_tp = cx_model_touchpoint_count(m), longest = 1;
    for (size_t j = 0; j < m->n_journeys; j++)
        if (m->journeys[j].n_touchpoints > longest)
            longest = m->journeys[j].n_touchpoints;
    double customers = expected_customers(m);
    double blocks = ceil(customers / CX_BLOCK_CUSTOMERS);
    double per_block = sizeof(cx_block_acc) + HIST_BINS * sizeof(uint32_t[H_FIELDS]) +
                       (double)(m->n_segments * n_tp + 1) * sizeof(cx_tp_acc) +
                       (double)(m->n_journeys + 1 + m->n_segments) * sizeof(double) +
                       (double)m->n_segments * sizeof(cx_tally);
    double per_slot = sizeof(cx_slot) + (double)m->max_visits * sizeof(double) +
                      (double)(longest + 3) * sizeof(uint32_t) +
                      4.0 * (double)cx_journey_pre_stride(longest) * sizeof(uint32_t) +
                      (double)(m->n_journeys + 1) * sizeof(made) + 256 +  /* a gsl_rng */
                      (double)cx_engine_chunk_bytes(m, longest);
    return customers * (double)cx_population_bytes_per_customer() + blocks * per_block +
           (slots ? slots : 1) * per_slot;
}

double cx_engine_workspace_bytes(const cx_model *m)
{
    double n_tp = (double)cx_model_touchpoint_count(m), n_seg = (double)m->n_segments;
    /* one resolved copy of the model per segment, with its flat table */
    double copy = sizeof(cx_model) + n_seg * sizeof(cx_segment) +
                  n_tp * (sizeof(cx_touchpoint) + n_seg * sizeof(cx_flat_tp)) +
                  (double)m->n_journeys * sizeof(cx_journey) +
                  (double)m->n_interventions * (sizeof(cx_intervention) + 16 * sizeof(cx_edit));
    return sizeof(cx_engine) + n_seg * copy + HIST_BINS * sizeof(uint64_t[H_FIELDS]) +
           n_seg * n_tp * (2 * sizeof(cx_tp_tally)) +
           n_seg * (double)m->n_journeys * sizeof(cx_walk_plan) +
           n_seg * sizeof(cx_outcome_cells);
}

static cx_status check_size(const cx_model *m, cx_error *err)
{
    if (m->n_segments > 255)
        return cx_error_set(err, CX_ERR_INPUT, "%zu segments: at most 255 are supported",
                            m->n_segments);
    if (cx_model_touchpoint_count(m) > 65535)
        return cx_error_set(err, CX_ERR_INPUT, "%zu touchpoints: at most 65535 are supported",
                            cx_model_touchpoint_count(m));
    if ((unsigned long)m->population > CX_MAX_CUSTOMERS)
        return cx_error_set(err, CX_ERR_INPUT, "population %ld is too large", m->population);
    return CX_OK;
}

static const char *channel_of(const cx_model *m, size_t g)
{
    for (size_t j = 0; j < m->n_journeys; j++) {
        if (g < m->journeys[j].n_touchpoints)
            return m->journeys[j].touchpoints[g].channel;
        g -= m->journeys[j].n_touchpoints;
    }
    return "";
}

/* Channel names to small integers, so the walk compares ints. */
static void number_channels(cx_engine *e)
{
    size_t n = cx_model_touchpoint_count(e->m);
    int next = 0;
    for (size_t g = 0; g < n; g++) {
        const char *name = channel_of(e->m, g);
        size_t h = 0;
        while (h < g && strcmp(channel_of(e->m, h), name) != 0)
            h++;
        e->channels[g] = h < g ? e->channels[h] : next++;
    }
}

static void trust_priors(cx_engine *e)
{
    const cx_model *m = e->m;
    for (size_t s = 0; s < m->n_segments; s++)
        if (cx_segment_trust_beta(&m->segments[s], &e->trust_beta[s][0],
                                  &e->trust_beta[s][1]) != 0)
            e->trust_beta[s][0] = -1;
}

static int alloc_workspace(cx_engine *e)
{
    const cx_model *m = e->m;
    size_t cells = m->n_segments * (e->n_tp ? e->n_tp : 1);
    e->longest = 1;
    for (size_t j = 0; j < m->n_journeys; j++)
        if (m->journeys[j].n_touchpoints > e->longest)
            e->longest = m->journeys[j].n_touchpoints;
    e->channels = calloc(e->n_tp ? e->n_tp : 1, sizeof *e->channels);
    e->hist = malloc(HIST_BINS * sizeof *e->hist);
    e->trust_beta = malloc((m->n_segments + 1) * sizeof *e->trust_beta);
    e->journey_starts = calloc(m->n_journeys + 1, sizeof *e->journey_starts);
    e->tp_seg = calloc(cells, sizeof *e->tp_seg);
    e->visits_seen = calloc(cells, sizeof *e->visits_seen);
    e->seg_active = calloc(m->n_segments, sizeof *e->seg_active);
    e->cells = calloc(m->n_segments ? m->n_segments : 1, sizeof *e->cells);
    return e->channels && e->hist && e->trust_beta && e->journey_starts && e->tp_seg &&
           e->visits_seen && e->seg_active && e->cells;
}

cx_engine *cx_engine_new(const cx_model *m, cx_error *err)
{
    if (check_size(m, err) != CX_OK)
        return NULL;
    cx_engine *e = calloc(1, sizeof *e);
    if (e) {
        e->m = m;
        e->n_tp = cx_model_touchpoint_count(m);
        e->variant = CX_NO_VARIANT;
        e->team.slots = 1;
    }
    if (!e || !alloc_workspace(e) || !cx_engine_segments_alloc(e)) {
        cx_engine_free(e);
        cx_error_set(err, CX_ERR_NOMEM, "out of memory creating an engine");
        return NULL;
    }
    number_channels(e);
    trust_priors(e);
    cx_lanes_mode mode = cx_lanes_mode_of_env();
    e->gather = mode != CX_LANES_OFF ? cx_lanes_gatherer() : NULL;
    e->lanes_always = mode == CX_LANES_ALWAYS;
    if (cx_resolved_init(&e->res, m, e->channels, err) != CX_OK ||
        cx_resolved_update(&e->res, 0, NULL, 0, err) != CX_OK) {
        cx_engine_free(e);
        return NULL;
    }
    return e;
}

/* ---- what a run holds ------------------------------------------------- */

static void run_release(cx_engine *e)
{
    cx_population_release(&e->pop);
    for (size_t b = 0; e->acc && b < e->n_acc; b++) {
        free(e->acc[b].hist);
        free(e->acc[b].tp_seg);
        free(e->acc[b].journey_starts);
        free(e->acc[b].seg_active);
        free(e->acc[b].seg);
    }
    free(e->acc);
    e->acc = NULL;
    e->n_acc = 0;
    for (unsigned s = 0; e->slots && s < e->n_slots; s++) {
        free(e->slots[s].scratch.e);
        free(e->slots[s].scratch.word);
        free(e->slots[s].scratch.pre);
        free(e->slots[s].made);
        cx_engine_chunk_free(e->slots[s].chunk);
        cx_rng_stream_free(e->slots[s].stream);
    }
    free(e->slots);
    e->slots = NULL;
    e->n_slots = 0;
    cx_rng_stream_free(e->stream);
    e->stream = NULL;
}

void cx_engine_free(cx_engine *e)
{
    if (!e)
        return;
    run_release(e);
    cx_resolved_release(&e->res);
    free(e->channels);
    free(e->hist);
    free(e->trust_beta);
    free(e->journey_starts);
    free(e->tp_seg);
    free(e->visits_seen);
    free(e->seg_active);
    free(e->cells);
    cx_engine_segments_release(e);
    free(e->overrides);
    free(e);
}

void cx_engine_set_team(cx_engine *e, const cx_engine_team *team)
{
    if (team && team->for_each && team->slots > 1)
        e->team = *team;
    else
        e->team = (cx_engine_team){.slots = 1};
}

/* Memory written by one thread while others write theirs: whole cache
 * lines, so that threads never write to the same line (false sharing). */
static void *line_alloc(size_t bytes)
{
    return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

static int slot_init(cx_engine *e, cx_slot *s)
{
    s->scratch.e = line_alloc((size_t)e->m->max_visits * sizeof *s->scratch.e);
    s->scratch.word = line_alloc((e->longest + 3) / 4 * 4 * sizeof *s->scratch.word);
    s->scratch.pre_stride = cx_journey_pre_stride(e->longest);
    s->scratch.pre = line_alloc(4 * s->scratch.pre_stride * sizeof *s->scratch.pre);
    s->made = line_alloc((e->m->n_journeys + 1) * sizeof *s->made);
    s->stream = cx_rng_stream_new();
    if (s->stream)
        s->stream_blocks0 = cx_rng_stream_blocks(s->stream);
    s->rng_blocks = 0;
    s->chunk = e->gather ? cx_engine_chunk_new(e) : NULL;
    return s->scratch.e && s->scratch.word && s->scratch.pre && s->made && s->stream &&
           (s->chunk || !e->gather);
}

/* Accumulators for every block of a population of n customers. */
static cx_status grow_blocks(cx_engine *e, size_t n, cx_error *err)
{
    size_t need = (n + CX_BLOCK_CUSTOMERS - 1) / CX_BLOCK_CUSTOMERS;
    if (need <= e->n_acc)
        return CX_OK;
    cx_block_acc *g = line_alloc(need * sizeof *g);
    if (!g)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu customer blocks", need);
    if (e->n_acc)
        memcpy(g, e->acc, e->n_acc * sizeof *g);
    free(e->acc);
    e->acc = g;
    for (; e->n_acc < need; e->n_acc++) {
        cx_block_acc *a = &e->acc[e->n_acc];
        *a = (cx_block_acc){0};
        a->hist = line_alloc(HIST_BINS * sizeof *a->hist);
        a->tp_seg = line_alloc((e->m->n_segments * e->n_tp + 1) * sizeof *a->tp_seg);
        a->journey_starts = line_alloc((e->m->n_journeys + 1) * sizeof *a->journey_starts);
        a->seg_active = line_alloc(e->m->n_segments * sizeof *a->seg_active);
        a->seg = line_alloc(e->m->n_segments * sizeof *a->seg);
        if (!a->hist || !a->tp_seg || !a->journey_starts || !a->seg_active || !a->seg) {
            e->n_acc++;     /* run_release frees what was made */
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory for customer blocks");
        }
    }
    return CX_OK;
}

static cx_status run_alloc(cx_engine *e, cx_error *err)
{
    e->n_slots = e->team.slots;
    e->slots = line_alloc(e->n_slots * sizeof *e->slots);
    if (e->slots)
        memset(e->slots, 0, e->n_slots * sizeof *e->slots);
    e->stream = cx_rng_stream_new();
    int ok = e->slots && e->stream;
    for (unsigned s = 0; ok && s < e->n_slots; s++)
        ok = slot_init(e, &e->slots[s]);
    if (!ok)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for a replication");
    e->stream_blocks0 = cx_rng_stream_blocks(e->stream);
    cx_status st = cx_population_init(&e->pop, (size_t)e->m->population, err);
    return st == CX_OK ? grow_blocks(e, (size_t)e->m->population, err) : st;
}

/* Philox blocks of the run: the blocks', the admissions', the streams'. */
static void count_blocks(cx_engine *e)
{
    for (unsigned s = 0; e->slots && s < e->n_slots; s++)
        if (e->slots[s].stream)
            e->rng_blocks += e->slots[s].rng_blocks + cx_rng_stream_blocks(e->slots[s].stream) -
                             e->slots[s].stream_blocks0;
    if (e->stream)
        e->rng_blocks += cx_rng_stream_blocks(e->stream) - e->stream_blocks0;
}

/* fn(e, i, slot) for i in [0, n): on the team, or here. A per-visit hook
 * calls into this thread's policy, so its blocks stay on this thread. */
static void for_each(cx_engine *e, size_t n, void (*fn)(void *, size_t, unsigned), int may_split)
{
    if (n > 1 && may_split && e->team.for_each && e->n_slots > 1) {
        e->team.for_each(e->team.ctx, n, fn, e);
        return;
    }
    for (size_t i = 0; i < n; i++)
        fn(e, i, 0);
}

/* ---- a period ----------------------------------------------------------- */

static void add_doubles(double *a, const double *b, size_t n)
{
    for (size_t k = 0; k < n; k++)
        a[k] += b[k];
}

static void add_tp(cx_tp_tally *t, const cx_tp_acc *a)
{
    t->visits += (double)a->visits;
    t->frictions += (double)a->frictions;
    t->recoveries += (double)a->recoveries;
    t->abandons += (double)a->abandons;
    t->breaks += (double)a->breaks;
    t->intrusions += (double)a->intrusions;
    t->friction_events += (double)a->friction_events;
    t->friction_p += a->friction_p;
    t->e_sum += a->e_sum;
    t->csat_sum += (double)a->csat_sum;
    t->effort_sum += a->effort_sum;
}

/* The blocks' sums, in block order. */
static void reduce(cx_engine *e, size_t nb, cx_tally *ty)
{
    size_t cells = e->m->n_segments * e->n_tp;
    memset(e->hist, 0, HIST_BINS * sizeof *e->hist);
    memset(e->seg_active, 0, e->m->n_segments * sizeof *e->seg_active);
    for (size_t b = 0; b < nb; b++) {
        const cx_block_acc *a = &e->acc[b];
        add_doubles((double *)ty, (const double *)&a->ty, sizeof *ty / sizeof(double));
        for (size_t c = 0; c < cells; c++)
            add_tp(&e->tp_seg[c], &a->tp_seg[c]);
        add_doubles(e->journey_starts, a->journey_starts, e->m->n_journeys);
        add_doubles(e->seg_active, a->seg_active, e->m->n_segments);
        add_doubles((double *)e->seg.period, (const double *)a->seg,
                    e->m->n_segments * sizeof *a->seg / sizeof(double));
        for (int h = 0; h < HIST_BINS; h++)
            for (int f = 0; f < H_FIELDS; f++)
                e->hist[h][f] += a->hist[h][f];
        e->rng_blocks += a->rng_blocks;
    }
}

/* Exceptional = the top decile of the period's R' (whole bins from the
 * top until they hold at least 10 % of the journeys); poor = R' < 0. */
static void split_by_experience(const cx_engine *e, cx_tally *ty)
{
    double total = 0, top = 0;
    for (int b = 0; b < HIST_BINS; b++)
        total += (double)e->hist[b][H_N];
    for (int b = HIST_BINS - 1; b >= 0 && top < 0.1 * total; b--) {
        top += (double)e->hist[b][H_N];
        ty->exc_n += (double)e->hist[b][H_N];
        ty->exc_promoters += (double)e->hist[b][H_PROMOTERS];
        ty->exc_cross += (double)e->hist[b][H_CROSS];
        ty->exc_stay += (double)e->hist[b][H_STAY];
    }
    for (int b = 0; b < HIST_BINS / 2; b++) {
        ty->poor_n += (double)e->hist[b][H_N];
        ty->poor_promoters += (double)e->hist[b][H_PROMOTERS];
        ty->poor_cross += (double)e->hist[b][H_CROSS];
        ty->poor_stay += (double)e->hist[b][H_STAY];
    }
}

/* Word of mouth and inflow (docs/model.md, "Word of mouth and
 * acquisition": F8, F11): arrivals at the end of period t, who start in
 * t + 1. Poisson sums are drawn once per period: the sum of n Poisson(rho)
 * conversations is Poisson(n rho). */
static double arrivals(cx_engine *e, uint32_t t, const cx_tally *ty, double *referrals)
{
    const cx_model *m = e->res.seg[0];     /* scenario-wide: the same for every segment */
    double pos = 0, neg = 0, u[4];
    cx_rng_stream_seek(e->stream, &e->rng, CX_AGGREGATE, t, 0, CX_DRAW_WOM);
    if (ty->promoters * m->rho_p > 0)
        pos = gsl_ran_poisson(e->stream, ty->promoters * m->rho_p);
    if (ty->detractors * m->rho_d * m->nu > 0)
        neg = gsl_ran_poisson(e->stream, ty->detractors * m->rho_d * m->nu);
    double inflow = m->inflow * (double)m->population, referred = m->conv * pos;
    double gross = inflow + referred - m->deter * neg;
    if (gross <= 0) {
        *referrals = 0;
        return 0;
    }
    /* stochastic rounding keeps the expected count exact */
    cx_rng_uniform4(&e->rng, CX_AGGREGATE, t, 0, CX_DRAW_ACQUIRE, u);
    e->rng_blocks++;
    double n = floor(gross) + (u[0] < gross - floor(gross));
    *referrals = n * referred / (inflow + referred);
    return n;
}

static cx_status admit(cx_engine *e, double n, cx_error *err)
{
    if ((double)e->pop.n + n > (double)CX_MAX_CUSTOMERS)
        return cx_error_set(err, CX_ERR_SIM, "population grew past %u customers",
                            CX_MAX_CUSTOMERS);
    cx_status st = cx_population_reserve(&e->pop, (size_t)n, err);
    if (st == CX_OK)
        st = grow_blocks(e, e->pop.n + (size_t)n, err);
    if (st != CX_OK)
        return st;
    e->admit_from = e->pop.n;
    e->admit_to = e->pop.n + (size_t)n;
    e->pop.n = e->admit_to;
    for_each(e, ((size_t)n + CX_BLOCK_CUSTOMERS - 1) / CX_BLOCK_CUSTOMERS,
             cx_engine_admit_chunk, 1);
    return CX_OK;
}

static void period(cx_engine *e, uint32_t t, double discount, cx_tally *ty)
{
    size_t nb = (e->pop.n + CX_BLOCK_CUSTOMERS - 1) / CX_BLOCK_CUSTOMERS;
    e->t = t;
    e->discount = discount;
    e->period_n = e->pop.n;     /* arrivals of this period start next period */
    for_each(e, nb, cx_engine_run_block, e->res.hook == NULL);
    reduce(e, nb, ty);
    /* A period with nobody active has no churn rate: it counts in neither
     * the sum nor the number of periods the horizon rate averages over. */
    ty->periods = ty->active_start > 0;
    ty->churn_rate_sum = ty->active_start > 0 ? ty->churned / ty->active_start : 0;
    split_by_experience(e, ty);
    cx_engine_segments_period(e);
}

/* The replication's touchpoint tallies: segments added together, each
 * touchpoint told how many journeys of its kind were made. */
static void finish_touchpoints(const cx_engine *e, cx_tp_tally *out)
{
    const cx_model *m = e->m;
    memset(out, 0, e->n_tp * sizeof *out);
    for (size_t s = 0; s < m->n_segments; s++)
        for (size_t g = 0; g < e->n_tp; g++)
            add_doubles((double *)&out[g], (const double *)&e->tp_seg[s * e->n_tp + g],
                        sizeof *out / sizeof(double));
    for (size_t j = 0, g = 0; j < m->n_journeys; j++)
        for (size_t k = 0; k < m->journeys[j].n_touchpoints; k++, g++)
            out[g].journeys = e->journey_starts[j];
}

static cx_status begin_replication(cx_engine *e, uint32_t seed, uint32_t rep, cx_error *err)
{
    const cx_model *m = e->m;
    /* an antithetic pair (2k, 2k + 1) shares the key of 2k; the odd member
     * reads 1 - u for every uniform */
    cx_rng_init(&e->rng, seed, e->antithetic ? rep & ~1u : rep);
    cx_rng_set_antithetic(&e->rng, e->antithetic && (rep & 1));
    memset(e->tp_seg, 0, m->n_segments * e->n_tp * sizeof *e->tp_seg);
    memset(e->visits_seen, 0, m->n_segments * e->n_tp * sizeof *e->visits_seen);
    memset(e->journey_starts, 0, m->n_journeys * sizeof *e->journey_starts);
    cx_engine_segments_begin(e);
    e->rng_blocks = 0;
    e->enabled = e->variant_mask;
    e->paid_fixed = 0;
    e->failed = CX_OK;
    if (e->n_overrides)
        cx_resolved_invalidate(&e->res);
    e->n_overrides = 0;
    cx_status st = run_alloc(e, err);
    if (st == CX_OK && e->has_policy && e->policy.begin)
        st = e->policy.begin(e->policy.ctx, rep, err);
    return st;
}

/* Between periods: the policy sees period t's figures. */
static cx_status after_period(cx_engine *e, uint32_t t, const cx_tally *ty, cx_error *err)
{
    double metrics[CX_METRIC_COUNT];
    if (!e->has_policy || !e->policy.on_period || t >= (uint32_t)e->m->horizon)
        return CX_OK;
    cx_tally_metrics(ty, metrics);
    return e->policy.on_period(e->policy.ctx, e, (int)t, metrics, err);
}

static cx_status one_period(cx_engine *e, uint32_t t, cx_tally *ty, cx_error *err)
{
    uint64_t active = cx_engine_active_in(e, t);
    double discount = pow(1 + e->m->discount_rate, -(double)t);
    cx_status st = cx_resolved_update(&e->res, active, e->overrides, e->n_overrides, err);
    if (st != CX_OK)
        return st;
    cx_engine_outcome_cells(e);
    period(e, t, discount, ty);
    if (e->failed) {
        if (err)
            *err = e->hook_error;
        return e->failed;
    }
    cx_engine_pay(e, active, discount, ty);
    ty->acquisitions = arrivals(e, t, ty, &ty->referrals);
    st = admit(e, ty->acquisitions, err);
    return st == CX_OK ? after_period(e, t, ty, err) : st;
}

cx_status cx_engine_run(cx_engine *e, uint32_t seed, uint32_t rep,
                        cx_tally *periods, cx_tp_tally *touchpoints, cx_error *err)
{
    const cx_model *m = e->m;
    cx_status st = begin_replication(e, seed, rep, err);
    if (st == CX_OK)
        st = cx_resolved_update(&e->res, cx_engine_active_in(e, 1), e->overrides, e->n_overrides, err);
    if (st == CX_OK)
        st = admit(e, (double)m->population, err);
    if (st == CX_OK)
        cx_engine_segments_count_initial(e);
    double clv = 0, portfolio = 0, cost = 0;
    for (uint32_t t = 1; st == CX_OK && t <= (uint32_t)m->horizon; t++) {
        if (e->stop && *e->stop) {
            st = cx_error_set(err, CX_ERR_STOPPED, "stopped in period %u", (unsigned)t);
            break;
        }
        cx_tally *ty = &periods[t - 1];
        *ty = (cx_tally){.population = (double)m->population, .clv_sum = clv,
                         .portfolio = portfolio, .cost = cost};
        st = one_period(e, t, ty, err);
        clv = ty->clv_sum;
        portfolio = ty->portfolio;
        cost = ty->cost;
    }
    finish_touchpoints(e, touchpoints);
    count_blocks(e);
    run_release(e);
    return st;
}
