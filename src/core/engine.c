/* engine.c - one replication: a population through H periods.
 *
 * Per period and customer, in MODEL.md's fixed order: each journey the
 * customer makes this period (declaration order; journey j with its
 * segment's frequency), and after each: R, F, R'; the trust update; LTR and
 * cross-sell from the updated trust. Then churn, once, from the last
 * journey's R' (the stored one in a period without a journey) and whether
 * any journey was abandoned; then the margin earned. Then word of mouth and
 * the inflow bring the arrivals that start next period, the period's
 * interventions are paid for, and a policy may change what acts next.
 *
 * Customers of segment s see the parameters of the resolved model for s
 * (resolve.h): the base model under the variant's active interventions and
 * the policy's overrides.
 */
#include "cxsim/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "cxsim/memory.h"
#include "cxsim/outcomes.h"
#include "cxsim/rng.h"
#include "engine_internal.h"

size_t cx_engine_bytes_per_customer(void)
{
    return cx_population_bytes_per_customer();
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
    size_t longest = 1, cells = m->n_segments * (e->n_tp ? e->n_tp : 1);
    for (size_t j = 0; j < m->n_journeys; j++)
        if (m->journeys[j].n_touchpoints > longest)
            longest = m->journeys[j].n_touchpoints;
    e->stream = cx_rng_stream_new();
    e->channels = calloc(e->n_tp ? e->n_tp : 1, sizeof *e->channels);
    e->scratch.e = malloc((size_t)m->max_visits * sizeof *e->scratch.e);
    e->scratch.occ = malloc(longest * sizeof *e->scratch.occ);
    e->made = malloc((m->n_journeys + 1) * sizeof *e->made);
    e->hist = malloc(HIST_BINS * sizeof *e->hist);
    e->trust_beta = malloc((m->n_segments + 1) * sizeof *e->trust_beta);
    e->journey_starts = calloc(m->n_journeys + 1, sizeof *e->journey_starts);
    e->tp_seg = calloc(cells, sizeof *e->tp_seg);
    e->visits_seen = calloc(cells, sizeof *e->visits_seen);
    e->seg_active = calloc(m->n_segments, sizeof *e->seg_active);
    return e->stream && e->channels && e->scratch.e && e->scratch.occ && e->made &&
           e->hist && e->trust_beta && e->journey_starts && e->tp_seg && e->visits_seen &&
           e->seg_active;
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
    }
    if (!e || !alloc_workspace(e) || !cx_engine_segments_alloc(e)) {
        cx_engine_free(e);
        cx_error_set(err, CX_ERR_NOMEM, "out of memory creating an engine");
        return NULL;
    }
    number_channels(e);
    trust_priors(e);
    if (cx_resolved_init(&e->res, m, e->channels, err) != CX_OK ||
        cx_resolved_update(&e->res, 0, NULL, 0, err) != CX_OK ||
        cx_population_init(&e->pop, (size_t)m->population, err) != CX_OK) {
        cx_engine_free(e);
        return NULL;
    }
    return e;
}

void cx_engine_free(cx_engine *e)
{
    if (!e)
        return;
    cx_population_release(&e->pop);
    cx_resolved_release(&e->res);
    cx_rng_stream_free(e->stream);
    free(e->channels);
    free(e->scratch.e);
    free(e->scratch.occ);
    free(e->made);
    free(e->hist);
    free(e->trust_beta);
    free(e->journey_starts);
    free(e->tp_seg);
    free(e->visits_seen);
    free(e->seg_active);
    cx_engine_segments_release(e);
    free(e->overrides);
    free(e);
}

/* Segment by share, data consent, initial trust from the segment's Beta
 * prior, margin. */
static void add_customer(cx_engine *e)
{
    const cx_model *m = e->m;
    size_t i = e->pop.n++, s;
    double u[4], cum = 0;
    cx_rng_uniform4(&e->rng, (uint32_t)i, 0, 0, CX_DRAW_INIT, u);
    for (s = 0; s + 1 < m->n_segments; s++) {
        cum += m->segments[s].share;
        if (u[0] < cum)
            break;
    }
    /* margin and consent as the segment's resolved parameters stand now;
     * the trust prior is the base model's */
    const cx_segment *sg = &e->res.seg[s]->segments[s];
    double trust = m->segments[s].trust_mean;
    if (e->trust_beta[s][0] > 0) {
        cx_rng_stream_seek(e->stream, &e->rng, (uint32_t)i, 0, 0, CX_DRAW_TRUST0);
        trust = gsl_ran_beta(e->stream, e->trust_beta[s][0], e->trust_beta[s][1]);
    }
    e->pop.segment[i] = (uint8_t)s;
    e->pop.flags[i] = CX_ACTIVE | (u[1] < 1 - sg->refuse_data ? CX_SHARES : 0);
    e->pop.trust[i] = (float)trust;
    e->pop.first[i] = 0;
    e->pop.memory[i] = 0;
    e->pop.margin[i] = (float)sg->margin;
}

/* Whether customer i makes journey j in period t. */
static int makes_journey(const cx_engine *e, size_t i, uint32_t t, size_t j)
{
    double f = e->res.freq[e->pop.segment[i] * e->res.n_j + j], u[4];
    if (f >= 1)
        return 1;
    if (f <= 0)
        return 0;
    cx_rng_uniform4(&e->rng, (uint32_t)i, t, (uint32_t)j, CX_DRAW_JOURNEY, u);
    return u[0] < f;
}

/* Journey j for customer i: the walk, memory, trust, LTR and cross-sell.
 * Returns the perceived experience R' in mk and adds to the tally. */
static int one_journey(cx_engine *e, size_t i, uint32_t t, size_t j, double *trust,
                       cx_tally *ty, made *mk)
{
    cx_population *p = &e->pop;
    size_t seg = p->segment[i];
    const cx_segment *sg = &e->res.seg[seg]->segments[seg];
    const cx_walk_plan *plan = &e->res.plans[seg * e->res.n_j + j];
    double *ev = e->scratch.e, u[4];
    cx_walk w;
    cx_journey_walk(plan, sg, (p->flags[i] & CX_SHARES) != 0, trust, &e->rng, (uint32_t)i,
                    t, &e->scratch, &e->tp_seg[seg * e->n_tp + plan->tp_offset], &w,
                    &e->hook_error);
    if (w.status != CX_OK) {
        e->failed = w.status;
        return 0;
    }
    if (w.visits == 0)      /* every touchpoint skipped: no journey happened */
        return 0;
    e->journey_starts[j] += 1;
    double r = cx_memory_remember(ev, w.visits, sg->lambda, sg->w_peak, sg->w_end);
    double first = r;       /* the first journey sets F = R */
    if (p->flags[i] & CX_SEEN) {
        first = p->first[i];
    } else {
        p->first[i] = (float)r;
        p->flags[i] |= CX_SEEN;
    }
    double rp = cx_memory_perceive(r, first, sg->beta);
    *trust = cx_memory_trust_update(*trust, rp, sg->eta_up, sg->eta_down);

    cx_rng_uniform4(&e->rng, (uint32_t)i, t, (uint32_t)j, CX_DRAW_OUTCOME, u);
    int ltr = cx_outcome_ltr(sg, rp, *trust, gsl_cdf_ugaussian_Pinv(u[0]));
    int cls = cx_outcome_nps_class(ltr);
    *mk = (made){rp, cls > 0, u[2] < cx_outcome_cross_sell_probability(sg, rp, *trust),
                 cls < 0, ltr, !w.abandoned, (double)w.visits, w.csat_sum, w.effort};
    ty->journeys += 1;
    ty->completed += !w.abandoned;
    ty->visits += (double)w.visits;
    ty->csat_sum += w.csat_sum;
    ty->js_sum += 3 + 2 * rp;
    ty->effort_sum += w.effort;
    ty->ltr_sum += ltr;
    ty->promoters += cls > 0;
    ty->detractors += cls < 0;
    ty->emo_start += ev[0];
    ty->emo_middle += ev[(w.visits - 1) / 2];
    ty->emo_end += ev[w.visits - 1];
    ty->cross_sells += mk->cross;
    return 1 + w.abandoned;
}

static int hist_bin(double rp)
{
    int b = (int)floor((rp + 1) * (HIST_BINS / 2));
    return b < 0 ? 0 : (b >= HIST_BINS ? HIST_BINS - 1 : b);
}

/* One customer's period (MODEL.md "Order and conventions"). */
static void customer_period(cx_engine *e, size_t i, uint32_t t, double discount,
                            cx_tally *ty)
{
    cx_population *p = &e->pop;
    const cx_segment *sg = &e->res.seg[p->segment[i]]->segments[p->segment[i]];
    double trust = p->trust[i], margin = p->margin[i], grown = margin, rp = p->memory[i];
    double u[4];
    size_t n_made = 0;
    int abandoned = 0;
    for (size_t j = 0; j < e->m->n_journeys; j++) {
        if (!makes_journey(e, i, t, j))
            continue;
        int got = one_journey(e, i, t, j, &trust, ty, &e->made[n_made]);
        if (!got)
            continue;
        abandoned |= got == 2;
        rp = e->made[n_made].rp;
        if (e->made[n_made].cross)
            grown *= 1 + sg->uplift;
        n_made++;
    }
    cx_rng_uniform4(&e->rng, (uint32_t)i, t, 0, CX_DRAW_OUTCOME, u);
    int churn = u[1] < cx_outcome_churn_probability(sg, trust, rp, abandoned);
    for (size_t k = 0; k < n_made; k++) {
        double *h = e->hist[hist_bin(e->made[k].rp)];
        h[H_N] += 1;
        h[H_PROMOTERS] += e->made[k].promoter;
        h[H_CROSS] += e->made[k].cross;
        h[H_STAY] += !churn;
    }
    ty->revenue += margin;
    ty->portfolio += margin * discount;
    if (i < (size_t)e->m->population)
        ty->clv_sum += margin * discount;
    p->trust[i] = (float)trust;
    p->memory[i] = (float)rp;
    p->margin[i] = (float)grown;
    if (churn) {
        p->flags[i] &= (uint8_t)~CX_ACTIVE;
        ty->churned += 1;
    } else {
        ty->active_end += 1;
        ty->trust_end_sum += trust;
        ty->trust_end_sq += trust * trust;
        ty->initial_active_end += i < (size_t)e->m->population;
    }
    cx_engine_segments_customer(e, i, n_made, churn, trust, margin, discount);
}

/* Exceptional = the top decile of the period's R' (whole bins from the
 * top until they hold at least 10 % of the journeys); poor = R' < 0. */
static void split_by_experience(const cx_engine *e, cx_tally *ty)
{
    double total = 0, top = 0;
    for (int b = 0; b < HIST_BINS; b++)
        total += e->hist[b][H_N];
    for (int b = HIST_BINS - 1; b >= 0 && top < 0.1 * total; b--) {
        top += e->hist[b][H_N];
        ty->exc_n += e->hist[b][H_N];
        ty->exc_promoters += e->hist[b][H_PROMOTERS];
        ty->exc_cross += e->hist[b][H_CROSS];
        ty->exc_stay += e->hist[b][H_STAY];
    }
    for (int b = 0; b < HIST_BINS / 2; b++) {
        ty->poor_n += e->hist[b][H_N];
        ty->poor_promoters += e->hist[b][H_PROMOTERS];
        ty->poor_cross += e->hist[b][H_CROSS];
        ty->poor_stay += e->hist[b][H_STAY];
    }
}

/* Word of mouth and inflow (MODEL.md, F8, F11): arrivals at the end of
 * period t, who start in t + 1. Poisson sums are drawn once per period:
 * the sum of n Poisson(rho) conversations is Poisson(n rho). */
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
    for (size_t k = 0; st == CX_OK && k < (size_t)n; k++)
        add_customer(e);
    return st;
}

static void period(cx_engine *e, uint32_t t, cx_tally *ty)
{
    double discount = pow(1 + e->m->discount_rate, -(double)t);
    size_t n = e->pop.n;    /* arrivals of this period start next period */
    memset(e->hist, 0, HIST_BINS * sizeof *e->hist);
    memset(e->seg_active, 0, e->m->n_segments * sizeof *e->seg_active);
    for (size_t i = 0; i < n && !e->failed; i++) {
        if (!(e->pop.flags[i] & CX_ACTIVE))
            continue;
        ty->active_start += 1;
        e->seg_active[e->pop.segment[i]] += 1;
        customer_period(e, i, t, discount, ty);
    }
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
        for (size_t g = 0; g < e->n_tp; g++) {
            const cx_tp_tally *a = &e->tp_seg[s * e->n_tp + g];
            cx_tp_tally *o = &out[g];
            o->visits += a->visits;
            o->frictions += a->frictions;
            o->recoveries += a->recoveries;
            o->abandons += a->abandons;
            o->breaks += a->breaks;
            o->intrusions += a->intrusions;
            o->e_sum += a->e_sum;
            o->csat_sum += a->csat_sum;
            o->effort_sum += a->effort_sum;
        }
    for (size_t j = 0, g = 0; j < m->n_journeys; j++)
        for (size_t k = 0; k < m->journeys[j].n_touchpoints; k++, g++)
            out[g].journeys = e->journey_starts[j];
}

static cx_status begin_replication(cx_engine *e, uint32_t seed, uint32_t rep, cx_error *err)
{
    const cx_model *m = e->m;
    cx_rng_init(&e->rng, seed, rep);
    memset(e->tp_seg, 0, m->n_segments * e->n_tp * sizeof *e->tp_seg);
    memset(e->visits_seen, 0, m->n_segments * e->n_tp * sizeof *e->visits_seen);
    memset(e->journey_starts, 0, m->n_journeys * sizeof *e->journey_starts);
    cx_engine_segments_begin(e);
    e->enabled = e->variant_mask;
    e->paid_fixed = 0;
    e->failed = CX_OK;
    if (e->n_overrides)
        cx_resolved_invalidate(&e->res);
    e->n_overrides = 0;
    e->pop.n = 0;
    if (e->has_policy && e->policy.begin)
        return e->policy.begin(e->policy.ctx, rep, err);
    return CX_OK;
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
    period(e, t, ty);
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
    return st;
}

