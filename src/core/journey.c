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

#include "cxsim/visit.h"
#include "visit_core.h"

/* Lanes of the visit blocks. */
enum { A_DELIGHT = 0, A_FRICTION = 1, A_BREAK = 2, A_ROUTE = 3 };   /* CX_DRAW_VISIT */
enum { B_ATTEMPT = 0, B_SUCCESS = 1, B_ABANDON = 2, B_OPTIONAL = 3 }; /* CX_DRAW_VISIT2 */
enum { C_INTRUSION = 0 };                                           /* CX_DRAW_VISIT3 */

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

/* d, as a value the compiler cannot follow: Philox's ten round keys are
 * then read from memory by each round's XOR (a load the XOR carries for
 * free) instead of being held in ten of the sixteen vector registers for a
 * whole walk, which sent the walk's own values to the stack
 * (docs/performance.md, "Third pass"). The benchmark's speed of light
 * loop keeps them in registers: that suits it better. */
static inline __attribute__((always_inline)) const cx_draws *keys_in_memory(const cx_draws *d)
{
    __asm__("" : "+r"(d));
    return d;
}

/* The words of the block at (lo, word, purpose), counted in d. */
static inline __attribute__((always_inline))
void draw(cx_draws *d, uint64_t lo, uint32_t word, uint32_t purpose, uint32_t x[4])
{
    cx_draw4_words(keys_in_memory(d), lo, word, purpose, x);
    d->blocks++;
}

/* The visit block of touchpoint k at counter word `word`: from the
 * plan's predraw for the touchpoint's first visit (word is then the
 * touchpoint's global index: occurrence 0), else drawn now (a loop's later
 * visits, or no predraw). The same four words either way. */
static inline __attribute__((always_inline))
void visit_block(cx_draws *d, const uint32_t *pre, size_t stride, uint32_t first, size_t k,
                 uint64_t lo, uint32_t word, uint32_t a[4])
{
    if (pre && word == first + (uint32_t)k) {
        a[0] = pre[k];
        a[1] = pre[stride + k];
        a[2] = pre[2 * stride + k];
        a[3] = pre[3 * stride + k];
    } else {
        draw(d, lo, word, CX_DRAW_VISIT, a);
    }
}

/* The touchpoint after t (index k): its successors' intervals of the
 * routing word in canonical order, the rest to done (-1). */
static inline __attribute__((always_inline))
int32_t next_of(const cx_flat_tp *t, uint32_t x)
{
    if (t->n_next == 0)
        return t->succ;
    for (size_t i = 0; i < t->n_next; i++)
        if (x < t->th_next[i])
            return t->next[i];
    return -1;
}

/* The touchpoint the walk starts at: the first, or the one the start draw
 * picks from the journey's start table (what it leaves over: the first). */
static inline __attribute__((always_inline))
size_t start_of(const cx_walk_plan *plan, cx_draws *d, uint64_t lo)
{
    uint32_t x[4];
    if (plan->n_start == 0)
        return 0;
    draw(d, lo, plan->tp_offset, CX_DRAW_START, x);
    for (size_t i = 0; i < plan->n_start; i++)
        if (x[0] < plan->th_start[i])
            return (size_t)plan->start_k[i];
    return 0;
}

/* The per-event hook (slow path): the policy sees the visit and may
 * change its emotion (and so its CSAT). */
static cx_status call_hook(const cx_walk_plan *plan, size_t k, uint32_t customer,
                           uint32_t period, double trust, cx_visit_state *v, int *csat,
                           cx_error *err)
{
    cx_visit_event ev = {
        .customer = customer, .period = (int)period, .segment = plan->segment,
        .journey = plan->j->name, .touchpoint = plan->j->touchpoints[k].name,
        .touchpoint_index = k,
        .emotion = v->e, .csat = *csat, .trust = trust,
        .delight = (v->ev & CX_VE_DELIGHT) != 0, .friction = (v->ev & CX_VE_HIT) != 0,
        .recovered = (v->ev & CX_VE_RECOVERED) != 0,
        .abandoned = (v->ev & CX_VE_ABANDONED) != 0,
    };
    double e = v->e;
    cx_status st = plan->hook->on_visit(plan->hook->ctx, &ev, &e, err);
    if (st == CX_OK && e != v->e) {
        v->e = e < -1 ? -1 : (e > 1 ? 1 : (e == e ? e : v->e));  /* NaN keeps e */
        *csat = cx_visit_csat(v->e);
    }
    return st;
}

/* The walk, written once and compiled twice: without a per-visit hook
 * (hooked = 0, the fast path: the hook's code and its spills vanish) and
 * with one. */
static inline __attribute__((always_inline))
void walk(const cx_walk_plan *plan, int shares_data, double *trust, cx_draws *d,
          uint32_t customer, uint32_t period, cx_walk_scratch *s, cx_tp_acc *tp,
          cx_walk *out, cx_error *err, const int hooked)
{
    const cx_flat_tp *flat = plan->tp;
    uint32_t *words = s->word;
    double *ev = s->e;
    const uint64_t lo = customer | (uint64_t)period << 32;   /* the counter's low half */
    const size_t max_visits = plan->max_visits, max_steps = plan->max_steps;
    const size_t sh = shares_data != 0;
    /* intrusions are for data refusers only (F12) */
    const uint64_t intrusion_mask = sh ? 0 : ~(uint64_t)0;
    double tr = *trust, pending = 0, doubt_severity = 0, effort = 0;
    int64_t csat_sum = 0;
    size_t visits = 0;
    /* A break (F13) needs a change of channel since the last visit; the
     * first visit has none before it, as if the same channel came first
     * (kept so while the walk skips, below). (A journey without
     * touchpoints is refused by cx_model_validate; max_steps is 0 for one.) */
    size_t k = plan->n_tp ? start_of(plan, d, lo) : 0;
    int32_t prev_channel = plan->n_tp ? flat[k].channel : -1;
    int abandoned = 0;
    cx_status status = CX_OK;
    const size_t n_tp = plan->n_tp;     /* (a copy: a store to words[] might alias plan) */
    const uint32_t tp_first = plan->tp_offset;
    const size_t stride = s->pre_stride;
    const uint32_t *pre = NULL;
    if (plan->predraw) {
        /* every touchpoint's first visit block, in vector lanes: the walk
         * then waits on no chain of Philox rounds for those visits */
        plan->predraw(&d->rng, lo, tp_first, CX_DRAW_VISIT, n_tp, s->pre, stride);
        d->blocks += n_tp;
        pre = s->pre;
    }
#if CX_DRAW_SSE2
    /* four words a store: the scratch has room (journey.h) */
    __m128i w = _mm_add_epi32(_mm_set1_epi32((int)plan->tp_offset), _mm_setr_epi32(0, 1, 2, 3));
    for (size_t i = 0; i < n_tp; i += 4, w = _mm_add_epi32(w, _mm_set1_epi32(4)))
        _mm_storeu_si128((__m128i *)&words[i], w);
#else
    const uint32_t first = plan->tp_offset;
    for (size_t i = 0; i < n_tp; i++)
        words[i] = first + (uint32_t)i;
#endif
    /* At most max_steps steps, visits and skips alike: a cycle of rarely
     * visited (or never visited) touchpoints must end, and a touchpoint's
     * occurrence count must fit its 16 bits of the counter. Each way out is
     * tested where it can change (the done edge after a move, the visit
     * limit after a visit), not all at the top of every step. */
    for (size_t left = max_visits ? max_steps : 0; left > 0; left--) {
        const cx_flat_tp *t = &flat[k];
        uint32_t word = words[k], a[4], b[4];
        words[k] = word + (1u << 16);   /* max_steps < 2^16: never carries out */
        int have_b = t->th_optional < ((uint64_t)1 << 32);
        if (have_b) {
            draw(d, lo, word, CX_DRAW_VISIT2, b);
            if (!(b[B_OPTIONAL] < t->th_optional)) {   /* skipped: no visit */
                a[A_ROUTE] = 0;
                if (t->n_next)
                    visit_block(d, pre, stride, tp_first, k, lo, word, a);
                int32_t next = next_of(t, a[A_ROUTE]);
                if (next < 0) {
                    abandoned = next == CX_DROP && visits > 0;
                    break;
                }
                k = (size_t)next;
                if (visits == 0)
                    prev_channel = flat[k].channel;
                continue;
            }
        }
        visit_block(d, pre, stride, tp_first, k, lo, word, a);

        /* The friction-like events, as bits: friction; a continuity break
         * (F13) at a change of channel since the last visit (th_break is 0
         * where a break would have no severity, resolve.c); an intrusion
         * (F12), personalisation a data refuser did not consent to. The
         * first two are combined without branches (their outcomes are
         * random: a branch on each would be mispredicted often); one
         * branch, calm or not, follows. */
        unsigned hits = (unsigned)(a[A_FRICTION] < t->th_friction) * CX_VE_FRICTION |
                        ((unsigned)(t->channel != prev_channel) &
                         (unsigned)(a[A_BREAK] < plan->th_break)) * CX_VE_BROKE;
        if (t->th_intrusion & intrusion_mask) {
            uint32_t c[4];
            draw(d, lo, word, CX_DRAW_VISIT3, c);
            if (c[C_INTRUSION] < t->th_intrusion && plan->intrusion_severity > 0)
                hits |= CX_VE_INTRUDED;
        }
        int delight = a[A_DELIGHT] < t->th_delight[sh], csat;
        cx_visit_state v;
        if (!hits) {    /* calm: e and CSAT made in advance (flat.h) */
            v = (cx_visit_state){t->calm_e[delight], t->effort, delight ? CX_VE_DELIGHT : 0u};
            csat = t->calm_csat[delight];
        } else {
            double severity;
            v = cx_visit_events(t, delight, (hits & CX_VE_FRICTION) != 0,
                                hits & CX_VE_BROKE ? plan->break_severity : 0,
                                hits & CX_VE_INTRUDED ? plan->intrusion_severity : 0,
                                plan->tau_f, &tr, &severity);
            uint32_t drawn[4];
            const uint32_t *h = have_b ? b : NULL;
            if (!h && (t->th_attempt > 0 || t->abandon > 0)) {
                draw(d, lo, word, CX_DRAW_VISIT2, drawn);
                h = drawn;
            }
            /* without the block nothing can happen: no attempt, no abandonment */
            cx_visit_hit(t, plan->kappa, plan->tau_r, plan->tau_f, severity,
                         h && h[B_ATTEMPT] < t->th_attempt, h && h[B_SUCCESS] < t->th_success,
                         h && t->abandon > 0 ? cx_draw_unit(h[B_ABANDON]) : 1.0, &tr, &v);
            csat = cx_visit_close(&v);
        }
        if (hooked && (status = call_hook(plan, k, customer, period, tr, &v, &csat,
                                          err)) != CX_OK)
            break;
        ev[visits++] = v.e;
        effort += v.effort;
        csat_sum += csat;

        /* the touchpoint's tally; the event counts only after an event, as
         * in most visits there is none */
        cx_tp_acc *acc = &tp[k];
        acc->visits += 1;
        acc->friction_p += t->friction;
        acc->e_sum += v.e;
        acc->csat_sum += (uint64_t)csat;
        acc->effort_sum += v.effort;
        if (v.ev & CX_VE_HIT) {
            acc->friction_events += (v.ev & CX_VE_FRICTION) != 0;
            acc->frictions += 1;
            acc->recoveries += (v.ev & CX_VE_RECOVERED) != 0;
            acc->abandons += (v.ev & CX_VE_ABANDONED) != 0;
            acc->breaks += (v.ev & CX_VE_BROKE) != 0;
            acc->intrusions += (v.ev & CX_VE_INTRUDED) != 0;
            if (v.ev & CX_VE_ABANDONED) {
                abandoned = 1;
                break;
            }
        }
        if (t->has_extra) {
            if (t->reassure > 0)
                pending *= 1 - t->reassure;
            if (t->dissonance > 0) {
                pending = t->dissonance;
                doubt_severity = t->dissonance_severity;
            }
        }
        prev_channel = t->channel;
        int32_t next = next_of(t, a[A_ROUTE]);
        if (next < 0 || visits == max_visits) {
            if (next == CX_DROP) {  /* a drop-off: abandoned, without an event */
                abandoned = 1;
                acc->abandons += 1;
            }
            break;
        }
        k = (size_t)next;
    }
    *trust = tr;
    *out = (cx_walk){.visits = visits, .abandoned = abandoned, .effort = effort,
                     .csat_sum = csat_sum, .doubt_p = pending,
                     .doubt_severity = doubt_severity, .status = status};
}

CX_WALK_CLONES
void cx_journey_walk(const cx_walk_plan *plan, int shares_data, double *trust, cx_draws *d,
                     uint32_t customer, uint32_t period, cx_walk_scratch *s,
                     cx_tp_acc *tp, cx_walk *out, cx_error *err)
{
    if (plan->hook && plan->hook->on_visit)
        walk(plan, shares_data, trust, d, customer, period, s, tp, out, err, 1);
    else
        walk(plan, shares_data, trust, d, customer, period, s, tp, out, err, 0);
}
