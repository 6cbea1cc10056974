/* journey.c - one customer's walk through a journey graph, visit by visit.
 *
 * Random numbers: visit k's occurrence o in this journey reads the blocks
 * at touchpoint word (global index of k) | (o << 16), so a touchpoint seen
 * twice (a loop) draws afresh, while a change elsewhere in the graph leaves
 * each touchpoint's draws alone (common random numbers). Blocks that a
 * visit may not need are drawn only when needed: their values do not
 * depend on whether they are drawn.
 */
#include "journey.h"

#include <string.h>

#include "cxsim/visit.h"

/* Lanes of the second and third blocks. */
enum { L2_ABANDON = 0, L2_BREAK = 1, L2_ROUTE = 2, L2_OPTIONAL = 3 };
enum { L3_INTRUSION = 0, L3_DOUBT = 1 };

#define WALK_DONE ((size_t)-1)

/* The uniforms of one visit, drawn lazily. */
typedef struct draws {
    const cx_rng *rng;
    uint32_t customer, period, word;
    double u1[4], u2[4], u3[4];
    int have2, have3;
} draws;

static const double *block2(draws *d)
{
    if (!d->have2) {
        cx_rng_uniform4(d->rng, d->customer, d->period, d->word, CX_DRAW_VISIT2, d->u2);
        d->have2 = 1;
    }
    return d->u2;
}

static const double *block3(draws *d)
{
    if (!d->have3) {
        cx_rng_uniform4(d->rng, d->customer, d->period, d->word, CX_DRAW_VISIT3, d->u3);
        d->have3 = 1;
    }
    return d->u3;
}

/* The touchpoint after k: its successors' intervals of the routing
 * uniform in canonical order, the rest to done. */
static size_t route(const cx_journey *j, size_t k, draws *d)
{
    const cx_touchpoint *tp = &j->touchpoints[k];
    if (tp->n_next == 0)
        return k + 1 < j->n_touchpoints ? k + 1 : WALK_DONE;
    double u = block2(d)[L2_ROUTE], cum = 0;
    for (size_t i = 0; i < tp->n_next; i++) {
        cum += tp->next_p[i];
        if (u < cum)
            return tp->next_index[i] == CX_DONE ? WALK_DONE : (size_t)tp->next_index[i];
    }
    return WALK_DONE;
}

/* Continuity break (F13) and personalisation (F12) for this visit. */
static void extras(const cx_walk_plan *plan, const cx_touchpoint *tp, int changed_channel,
                   int shares_data, draws *d, cx_visit_extra *x)
{
    *x = (cx_visit_extra){0, 0, 0};
    if (changed_channel && plan->break_p > 0 && block2(d)[L2_BREAK] < plan->break_p)
        x->break_severity = plan->break_severity;
    double p = tp->personalisation;
    if (p > 0) {
        if (shares_data)
            x->delight_boost = p * plan->personal_gain;
        else if (block3(d)[L3_INTRUSION] < p * p * plan->intrusion)
            x->intrusion_severity = plan->intrusion_severity;
    }
}

static void tally_visit(cx_tp_tally *t, const cx_visit_result *v, double p_friction)
{
    t->visits += 1;
    t->friction_events += v->friction;
    t->friction_p += p_friction;
    t->frictions += v->friction || v->broke || v->intruded;
    t->recoveries += v->recovered;
    t->abandons += v->abandoned;
    t->breaks += v->broke;
    t->intrusions += v->intruded;
    t->e_sum += v->e;
    t->csat_sum += v->csat;
    t->effort_sum += v->effort;
}

/* One visit to touchpoint k; returns the visit's result in v. */
static void visit(const cx_walk_plan *plan, size_t k, int prev_channel, int shares_data,
                  const cx_segment *sg, double *trust, draws *d, cx_visit_result *v)
{
    const cx_touchpoint *tp = &plan->j->touchpoints[k];
    cx_visit_extra x;
    double u[CX_VISIT_UNIFORMS];
    cx_rng_uniform4(d->rng, d->customer, d->period, d->word, CX_DRAW_VISIT, d->u1);
    extras(plan, tp, prev_channel >= 0 && plan->channel[k] != prev_channel, shares_data, d, &x);
    memcpy(u, d->u1, 4 * sizeof *u);
    u[CX_U_ABANDON] = 1.0;      /* "never", unless the visit can abandon */
    int hit = u[CX_U_FRICTION] < tp->friction || x.break_severity > 0 ||
              x.intrusion_severity > 0;
    if (hit && tp->abandon > 0)
        u[CX_U_ABANDON] = block2(d)[L2_ABANDON];
    cx_visit_full(tp, sg, trust, u, &x, v);
}

/* Post-purchase dissonance (F10): doubt at the end unless reassured. */
static void doubt(double pending, double u, double severity, cx_walk_scratch *s,
                  cx_walk *out)
{
    if (out->visits == 0 || !(u < pending))
        return;
    double *last = &s->e[out->visits - 1];
    *last = *last - severity < -1 ? -1 : *last - severity;
    out->doubt = 1;
}

/* The per-event hook (slow path): the policy sees the visit and may
 * change its emotion. */
static cx_status call_hook(const cx_walk_plan *plan, size_t k, uint32_t customer,
                           uint32_t period, double trust, cx_visit_result *v, cx_error *err)
{
    cx_visit_event ev = {
        .customer = customer, .period = (int)period, .segment = plan->segment,
        .journey = plan->j->name, .touchpoint = plan->j->touchpoints[k].name,
        .emotion = v->e, .csat = v->csat, .trust = trust, .delight = v->delight,
        .friction = v->friction || v->broke || v->intruded, .recovered = v->recovered,
        .abandoned = v->abandoned,
    };
    double e = v->e;
    cx_status st = plan->hook->on_visit(plan->hook->ctx, &ev, &e, err);
    if (st == CX_OK && e != v->e) {
        v->e = e < -1 ? -1 : (e > 1 ? 1 : (e == e ? e : v->e));  /* NaN keeps e */
        v->csat = cx_visit_csat(v->e);
    }
    return st;
}

void cx_journey_walk(const cx_walk_plan *plan, const cx_segment *sg, int shares_data,
                     double *trust, const cx_rng *rng, uint32_t customer,
                     uint32_t period, cx_walk_scratch *s, cx_tp_tally *tp,
                     cx_walk *out, cx_error *err)
{
    const cx_journey *j = plan->j;
    double pending = 0, u_doubt = 1, doubt_severity = 0;
    int prev_channel = -1;
    size_t steps = 0;
    *out = (cx_walk){0};
    memset(s->occ, 0, j->n_touchpoints * sizeof *s->occ);
    /* Skipped touchpoints are steps too: a cycle of rarely visited (or never
     * visited) touchpoints must end, and a touchpoint's occurrence count
     * must fit its 16 bits of the counter. */
    for (size_t k = 0; k != WALK_DONE && out->visits < plan->max_visits &&
                       steps < plan->max_steps; steps++) {
        const cx_touchpoint *t = &j->touchpoints[k];
        draws d = {.rng = rng, .customer = customer, .period = period,
                   .word = (plan->tp_offset + (uint32_t)k) | ((uint32_t)s->occ[k]++ << 16)};
        if (t->optional < 1 && !(block2(&d)[L2_OPTIONAL] < t->optional)) {
            k = route(j, k, &d);    /* skipped: no visit */
            continue;
        }
        cx_visit_result v;
        visit(plan, k, prev_channel, shares_data, sg, trust, &d, &v);
        if (plan->hook && plan->hook->on_visit &&
            (out->status = call_hook(plan, k, customer, period, *trust, &v, err)) != CX_OK)
            return;
        s->e[out->visits++] = v.e;
        out->effort += v.effort;
        out->csat_sum += v.csat;
        tally_visit(&tp[k], &v, t->friction);
        if (v.abandoned) {
            out->abandoned = 1;
            break;
        }
        if (t->reassure > 0)
            pending *= 1 - t->reassure;
        if (t->dissonance > 0) {
            pending = t->dissonance;
            u_doubt = block3(&d)[L3_DOUBT];
            doubt_severity = t->dissonance_severity;
        }
        prev_channel = plan->channel[k];
        k = route(j, k, &d);
    }
    doubt(pending, u_doubt, doubt_severity, s, out);
}
