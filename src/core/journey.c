/* journey.c - one customer's walk through a journey graph, visit by visit.
 *
 * Random numbers: visit k's occurrence o in this journey reads the blocks
 * at touchpoint word (global index of k) | (o << 16), so a touchpoint seen
 * twice (a loop) draws afresh, while a change elsewhere in the graph leaves
 * each touchpoint's draws alone (common random numbers). The lanes (rng.h)
 * put what nearly every visit needs in one block (delight, friction,
 * continuity break, route) and what only some visits need in blocks drawn
 * when needed: recovery and abandonment after a friction-like event, with
 * the optional-visit draw; the intrusion draw. A block's values do not
 * depend on whether it is drawn, so drawing lazily changes nothing but the
 * time taken.
 */
#include "journey.h"

#include <string.h>

#include "cxsim/visit.h"
#include "visit_core.h"

/* Lanes of the visit blocks. */
enum { A_DELIGHT = 0, A_FRICTION = 1, A_BREAK = 2, A_ROUTE = 3 };   /* CX_DRAW_VISIT */
enum { B_ATTEMPT = 0, B_SUCCESS = 1, B_ABANDON = 2, B_OPTIONAL = 3 }; /* CX_DRAW_VISIT2 */
enum { C_INTRUSION = 0 };                                           /* CX_DRAW_VISIT3 */

#define WALK_DONE ((size_t)-1)

/* The walk is compiled twice, for AVX2 and for any x86-64, and the loader
 * picks the one the processor runs (GCC's target_clones: an ifunc). With
 * AVX2's three-operand instructions a Philox round (draw.h) takes five
 * instructions instead of six and the walk's other copies go too: 4 %
 * less time on the benchmark (docs/performance.md). The results are the
 * same bits: AVX2 brings no fused multiply-add. The helpers below are
 * forced inline because GCC does not inline a function compiled for one
 * target into one compiled for another. */
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
/* (clang 14 names the dispatcher differently, and callers in other files
 * would not find it) */
#define CX_WALK_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#ifndef CX_WALK_CLONES
#define CX_WALK_CLONES
#endif

/* The touchpoint after k: its successors' intervals of the routing word
 * in canonical order, the rest to done. */
static inline __attribute__((always_inline))
size_t next_of(const cx_walk_plan *p, size_t k, uint32_t x)
{
    const cx_flat_tp *t = &p->tp[k];
    if (t->n_next == 0)
        return k + 1 < p->n_tp ? k + 1 : WALK_DONE;
    for (size_t i = 0; i < t->n_next; i++)
        if (x < t->th_next[i])
            return t->next[i] < 0 ? WALK_DONE : (size_t)t->next[i];
    return WALK_DONE;
}

static inline __attribute__((always_inline))
void tally_visit(cx_tp_acc *t, const cx_visit_result *v, double p_friction)
{
    t->visits += 1;
    t->friction_p += p_friction;
    t->e_sum += v->e;
    t->csat_sum += (uint64_t)v->csat;
    t->effort_sum += v->effort;
    /* The event counts: all zero unless a friction-like event happened
     * (recovery and abandonment follow one, cx_visit_hit), as in most
     * visits, which then skip six read-modify-writes. */
    if (v->friction | v->broke | v->intruded) {
        t->friction_events += (uint64_t)v->friction;
        t->frictions += 1;
        t->recoveries += (uint64_t)v->recovered;
        t->abandons += (uint64_t)v->abandoned;
        t->breaks += (uint64_t)v->broke;
        t->intrusions += (uint64_t)v->intruded;
    }
}

/* The per-event hook (slow path): the policy sees the visit and may
 * change its emotion. v is a copy of the walk's result, so the fast path's
 * result never has its address taken and stays in registers. */
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

/* Continuity break (F13) and intrusion (F12) for this visit. */
static inline __attribute__((always_inline))
void extras(const cx_walk_plan *plan, const cx_flat_tp *t, int changed_channel, int shares_data,
            uint32_t x_break, cx_draws *d, uint32_t customer, uint32_t period, uint32_t word,
            cx_visit_extra *x)
{
    *x = (cx_visit_extra){0, 0, 0};
    if (changed_channel && x_break < plan->th_break)
        x->break_severity = plan->break_severity;
    if (!shares_data && t->th_intrusion > 0) {
        uint32_t c[4];
        cx_draw4_raw(d, customer, period, word, CX_DRAW_VISIT3, c);
        if (c[C_INTRUSION] < t->th_intrusion)
            x->intrusion_severity = plan->intrusion_severity;
    }
}

/* One visit to touchpoint t with visit block a; b holds the second block
 * if have_b. */
static inline __attribute__((always_inline))
void visit(const cx_walk_plan *plan, const cx_flat_tp *t, int prev_channel, int shares_data,
           double *trust, cx_draws *d, uint32_t customer, uint32_t period, uint32_t word,
           const uint32_t *a, const uint32_t *b, int have_b, cx_visit_result *v)
{
    cx_visit_extra x;
    double severity;
    extras(plan, t, prev_channel >= 0 && t->channel != prev_channel, shares_data, a[A_BREAK],
           d, customer, period, word, &x);
    if (cx_visit_events(t, a[A_DELIGHT] < t->th_delight[shares_data != 0],
                        a[A_FRICTION] < t->th_friction, &x, plan->tau_f, trust, &severity, v)) {
        uint32_t drawn[4];
        const uint32_t *h = have_b ? b : NULL;
        if (!h && (t->th_attempt > 0 || t->abandon > 0)) {
            cx_draw4_raw(d, customer, period, word, CX_DRAW_VISIT2, drawn);
            h = drawn;
        }
        /* without the block nothing can happen: no attempt, no abandonment */
        cx_visit_hit(t, plan->kappa, plan->tau_r, plan->tau_f, severity,
                     h && h[B_ATTEMPT] < t->th_attempt, h && h[B_SUCCESS] < t->th_success,
                     h && t->abandon > 0 ? cx_draw_unit(h[B_ABANDON]) : 1.0, trust, v);
    }
    cx_visit_close(v);
}

CX_WALK_CLONES
void cx_journey_walk(const cx_walk_plan *plan, int shares_data, double *trust, cx_draws *d,
                     uint32_t customer, uint32_t period, cx_walk_scratch *s,
                     cx_tp_acc *tp, cx_walk *out, cx_error *err)
{
    /* Locals, not the pointers' targets: every store to a tally or to an
     * emotion might alias them (and __m128i may alias anything), so the
     * compiler would reload them after each one. Written back at the end. */
    cx_draws dl = *d;
    const cx_flat_tp *flat = plan->tp;
    uint16_t *occ = s->occ;
    double *ev = s->e;
    const uint32_t offset = plan->tp_offset;
    const size_t max_visits = plan->max_visits, max_steps = plan->max_steps;
    const int hooked = plan->hook && plan->hook->on_visit;
    double tr = *trust, pending = 0, severity = 0, effort = 0;
    int64_t csat_sum = 0;
    size_t visits = 0, steps = 0;
    int prev_channel = -1, abandoned = 0;
    cx_status status = CX_OK;
    memset(occ, 0, plan->n_tp * sizeof *occ);
    /* Skipped touchpoints are steps too: a cycle of rarely visited (or never
     * visited) touchpoints must end, and a touchpoint's occurrence count
     * must fit its 16 bits of the counter. */
    for (size_t k = 0; k != WALK_DONE && visits < max_visits && steps < max_steps; steps++) {
        const cx_flat_tp *t = &flat[k];
        uint32_t word = (offset + (uint32_t)k) | ((uint32_t)occ[k]++ << 16);
        uint32_t a[4], b[4] = {0, 0, 0, 0};
        int have_b = t->th_optional < ((uint64_t)1 << 32);
        if (have_b) {
            cx_draw4_raw(&dl, customer, period, word, CX_DRAW_VISIT2, b);
            if (!(b[B_OPTIONAL] < t->th_optional)) {   /* skipped: no visit */
                a[A_ROUTE] = 0;
                if (t->n_next)
                    cx_draw4_raw(&dl, customer, period, word, CX_DRAW_VISIT, a);
                k = next_of(plan, k, a[A_ROUTE]);
                continue;
            }
        }
        cx_draw4_raw(&dl, customer, period, word, CX_DRAW_VISIT, a);
        cx_visit_result v;
        visit(plan, t, prev_channel, shares_data, &tr, &dl, customer, period, word, a, b,
              have_b, &v);
        if (hooked) {
            cx_visit_result copy = v;
            if ((status = call_hook(plan, k, customer, period, tr, &copy, err)) != CX_OK)
                break;
            v.e = copy.e;
            v.csat = copy.csat;
        }
        ev[visits++] = v.e;
        effort += v.effort;
        csat_sum += v.csat;
        tally_visit(&tp[k], &v, t->friction);
        if (v.abandoned) {
            abandoned = 1;
            break;
        }
        if (t->has_extra) {
            if (t->reassure > 0)
                pending *= 1 - t->reassure;
            if (t->dissonance > 0) {
                pending = t->dissonance;
                severity = t->dissonance_severity;
            }
        }
        prev_channel = t->channel;
        k = next_of(plan, k, a[A_ROUTE]);
    }
    d->blocks = dl.blocks;
    *trust = tr;
    *out = (cx_walk){.visits = visits, .abandoned = abandoned, .effort = effort,
                     .csat_sum = csat_sum, .doubt_p = pending, .doubt_severity = severity,
                     .status = status};
}

int cx_journey_doubt(const cx_walk *w, double u, double *e)
{
    if (w->visits == 0 || !(u < w->doubt_p))
        return 0;
    double *last = &e[w->visits - 1];
    *last = *last - w->doubt_severity < -1 ? -1 : *last - w->doubt_severity;
    return 1;
}
