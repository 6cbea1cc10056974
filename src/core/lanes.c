/* lanes.c - a linear journey walked by many customers at once (lanes.h).
 *
 * Per touchpoint: one gather of the live lanes' visit blocks (16 or 8
 * Philox blocks a vector), then one pass over the live lanes in order that
 * decides each visit's events on the raw words against the touchpoint's
 * thresholds, as journey.c does, takes a calm visit's emotion and CSAT
 * from the table made in advance (flat.h), and sends a visit with a
 * friction-like event through the same inline steps as the scalar walk
 * (visit_core.h). The words, thresholds and arithmetic are the scalar
 * walk's, so each lane's visits are the same doubles; the touchpoint's
 * sums receive them in customer order, as in the scalar walk.
 */
#include "lanes.h"

#include <stdlib.h>
#include <string.h>

#include "visit_core.h"

/* Lanes of the visit blocks (journey.c). */
enum { A_DELIGHT = 0, A_FRICTION = 1, A_BREAK = 2 };    /* CX_DRAW_VISIT */
enum { B_ATTEMPT = 0, B_SUCCESS = 1, B_ABANDON = 2 };   /* CX_DRAW_VISIT2 */
enum { C_INTRUSION = 0 };                               /* CX_DRAW_VISIT3 */

enum { PAD = CX_PHILOX_LANES };     /* the gather reads and writes whole vectors */

cx_lanes *cx_lanes_new(size_t longest)
{
    cx_lanes *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    const size_t n = CX_LANES_CHUNK;
    l->e_stride = longest ? longest : 1;
    l->e = malloc(n * l->e_stride * sizeof *l->e);
    l->effort = malloc(n * sizeof *l->effort);
    l->doubt_p = malloc(n * sizeof *l->doubt_p);
    l->doubt_severity = malloc(n * sizeof *l->doubt_severity);
    l->trust = malloc(n * sizeof *l->trust);
    l->csat = malloc(n * sizeof *l->csat);
    l->visits = malloc(n * sizeof *l->visits);
    l->abandoned = malloc(n * sizeof *l->abandoned);
    l->shares = malloc(n * sizeof *l->shares);
    l->cust = calloc(n + PAD, sizeof *l->cust);
    l->live_cust = calloc(n + PAD, sizeof *l->live_cust);
    l->live = malloc(n * sizeof *l->live);
    l->x = malloc(4 * (n + PAD) * sizeof *l->x);
    l->ve = malloc(n * sizeof *l->ve);
    l->vf = malloc(n * sizeof *l->vf);
    l->vc = malloc(n * sizeof *l->vc);
    l->hit = malloc(n * sizeof *l->hit);
    l->live_shares = malloc(n * sizeof *l->live_shares);
    l->some = malloc(n * sizeof *l->some);
    l->some_cust = calloc(n + PAD, sizeof *l->some_cust);
    l->y = malloc(4 * (n + PAD) * sizeof *l->y);
    l->intruded = malloc(n * sizeof *l->intruded);
    if (!l->e || !l->effort || !l->doubt_p || !l->doubt_severity || !l->trust || !l->csat ||
        !l->visits || !l->abandoned || !l->shares || !l->cust || !l->live_cust || !l->live ||
        !l->x || !l->ve || !l->vf || !l->vc || !l->hit || !l->live_shares ||
        !l->some || !l->some_cust || !l->y || !l->intruded) {
        cx_lanes_free(l);
        return NULL;
    }
    return l;
}

void cx_lanes_free(cx_lanes *l)
{
    if (!l)
        return;
    free(l->e);
    free(l->effort);
    free(l->doubt_p);
    free(l->doubt_severity);
    free(l->trust);
    free(l->csat);
    free(l->visits);
    free(l->abandoned);
    free(l->shares);
    free(l->cust);
    free(l->live_cust);
    free(l->live);
    free(l->x);
    free(l->ve);
    free(l->vf);
    free(l->vc);
    free(l->hit);
    free(l->live_shares);
    free(l->some);
    free(l->some_cust);
    free(l->y);
    free(l->intruded);
    free(l);
}

int cx_lanes_walkable(const cx_walk_plan *plan)
{
    if (plan->n_start || (plan->hook && plan->hook->on_visit))
        return 0;
    for (size_t k = 0; k < plan->n_tp; k++) {
        const cx_flat_tp *t = &plan->tp[k];
        int32_t next = k + 1 < plan->n_tp ? (int32_t)(k + 1) : -1;
        if (t->n_next || t->succ != next || t->th_optional < ((uint64_t)1 << 32))
            return 0;
    }
    return 1;
}

cx_lanes_mode cx_lanes_mode_of_env(void)
{
    const char *engine = getenv("CXSIM_ENGINE");
    if (engine && strcmp(engine, "walk") == 0)
        return CX_LANES_OFF;
    if (engine && strcmp(engine, "lanes") == 0)
        return CX_LANES_ALWAYS;
    return CX_LANES_AUTO;
}

/* AVX2, not AVX-512, unless CXSIM_PHILOX asks: the lane engine's gathers
 * in 512-bit registers measured slower, as the walk's predraw did
 * (paired runs on tests/bench/linear.lua: AVX2 0.960 of AVX-512's time;
 * docs/performance.md, "Sixth pass"). */
cx_philox_gather_fn cx_lanes_gatherer(void)
{
    return cx_philox_gatherer(cx_philox_choose(CX_PHILOX_AVX2));
}

/* A visit with a friction-like event (the bits in hits), as journey.c's
 * walk makes it: the events, the hit with the recovery and abandonment
 * block h (NULL where the touchpoint can neither recover nor abandon: not
 * drawn), the clamp. */
static cx_visit_state hit_visit(const cx_walk_plan *plan, const cx_flat_tp *t, int delight,
                                unsigned hits, const uint32_t *h, double *tr, int *csat)
{
    double severity;
    cx_visit_state v = cx_visit_events(t, delight, (hits & CX_VE_FRICTION) != 0,
                                       hits & CX_VE_BROKE ? plan->break_severity : 0,
                                       hits & CX_VE_INTRUDED ? plan->intrusion_severity : 0,
                                       plan->tau_f, tr, &severity);
    /* without the block nothing can happen: no attempt, no abandonment */
    cx_visit_hit(t, plan->kappa, plan->tau_r, plan->tau_f, severity,
                 h && h[B_ATTEMPT] < t->th_attempt, h && h[B_SUCCESS] < t->th_success,
                 h && t->abandon > 0 ? cx_draw_unit(h[B_ABANDON]) : 1.0, tr, &v);
    *csat = cx_visit_close(&v);
    return v;
}

/* The blocks at (cust[sel[r]], period, word, purpose) for r < n, in lanes,
 * to l->y (word w of entry r at y[w * CX_LANES_CHUNK + r]). */
static void gather_some(const cx_lanes *l, cx_philox_gather_fn gather, cx_draws *d,
                        const uint16_t *sel, size_t n, uint32_t period, uint32_t word,
                        uint32_t purpose)
{
    for (size_t r = 0; r < n; r++)
        l->some_cust[r] = l->live_cust[sel[r]];
    memset(&l->some_cust[n], 0, PAD * sizeof *l->some_cust);
    gather(&d->rng, l->some_cust, period, word, purpose, n, l->y, CX_LANES_CHUNK);
    d->blocks += n;
}

/* The tally of a visit's events (journey.c counts them the same way). */
static void count_events(cx_tp_acc *acc, unsigned ev)
{
    acc->friction_events += (ev & CX_VE_FRICTION) != 0;
    acc->frictions += 1;
    acc->recoveries += (ev & CX_VE_RECOVERED) != 0;
    acc->abandons += (ev & CX_VE_ABANDONED) != 0;
    acc->breaks += (ev & CX_VE_BROKE) != 0;
    acc->intrusions += (ev & CX_VE_INTRUDED) != 0;
}

/* Touchpoint k for the m live lanes, whose words are in l->x. In three
 * passes: the events of every lane decided on its words and a calm
 * visit's emotion, effort and CSAT taken for all of them, without
 * branches (the compiler's vectors); the lanes with a friction-like event
 * or an intrusion draw (few) made again in full; then, in lane order, the
 * lanes' sums and the touchpoint's. Returns the lanes still live after
 * it (those that did not abandon), compacted in order in l->live. */
static size_t step(const cx_walk_plan *plan, cx_philox_gather_fn gather, cx_draws *d,
                   uint32_t period, size_t k, size_t m, cx_lanes *l, cx_tp_acc *acc)
{
    const cx_flat_tp *t = &plan->tp[k];
    const uint32_t *xd = l->x, *xf = l->x + CX_LANES_CHUNK, *xb = l->x + 2 * CX_LANES_CHUNK;
    const uint32_t word = plan->tp_offset + (uint32_t)k;
    /* a break needs a change of channel since the last visit: in a linear
     * walk, the previous touchpoint's */
    const uint64_t th_break = k > 0 && t->channel != plan->tp[k - 1].channel ? plan->th_break : 0;
    const uint64_t th_friction = t->th_friction, th_intrusion = t->th_intrusion;
    const uint64_t th_d0 = t->th_delight[0], th_d1 = t->th_delight[1];
    const double calm_e0 = t->calm_e[0], calm_e1 = t->calm_e[1];
    const int32_t calm_c0 = t->calm_csat[0], calm_c1 = t->calm_csat[1];
    const int intrusive = th_intrusion && plan->intrusion_severity > 0;
    double *ve = l->ve, *vf = l->vf;
    int32_t *vc = l->vc;
    uint8_t *sh = l->live_shares;
    uint16_t *hit = l->hit;
    size_t n_hit = 0;
    /* 1: calm visits for all, and the list of lanes to make again */
    for (size_t q = 0; q < m; q++) {
        uint32_t delight = xd[q] < (sh[q] ? th_d1 : th_d0);
        uint32_t h = (xf[q] < th_friction) | (xb[q] < th_break) | (th_intrusion && !sh[q]);
        ve[q] = delight ? calm_e1 : calm_e0;
        vc[q] = delight ? calm_c1 : calm_c0;
        hit[n_hit] = (uint16_t)q;
        n_hit += h;
    }
    for (size_t q = 0; q < m; q++)
        vf[q] = t->effort;
    /* 2: the lanes with an event, as journey.c makes them; the rare blocks
     * (intrusion, recovery and abandonment) gathered in lanes too */
    int any_abandoned = 0;
    const uint32_t *y = l->y;
    if (th_intrusion) {
        /* data refusers at a personalised touchpoint draw their intrusion
         * block, as in the scalar walk */
        size_t n_ref = 0;
        for (size_t r = 0; r < n_hit; r++) {
            l->some[n_ref] = hit[r];
            n_ref += !sh[hit[r]];
        }
        if (n_ref)
            gather_some(l, gather, d, l->some, n_ref, period, word, CX_DRAW_VISIT3);
        for (size_t r = 0; r < n_ref; r++)
            l->intruded[l->some[r]] = intrusive && y[C_INTRUSION * CX_LANES_CHUNK + r] < th_intrusion;
    }
    /* the lanes with a friction-like event, compacted */
    size_t n_ev = 0;
    for (size_t r = 0; r < n_hit; r++) {
        size_t q = hit[r];
        int ev = xf[q] < th_friction || xb[q] < th_break || (th_intrusion && !sh[q] &&
                                                              l->intruded[q]);
        hit[n_ev] = (uint16_t)q;
        n_ev += ev;
    }
    const int have_b = t->th_attempt > 0 || t->abandon > 0;
    if (have_b && n_ev)
        gather_some(l, gather, d, hit, n_ev, period, word, CX_DRAW_VISIT2);
    for (size_t r = 0; r < n_ev; r++) {
        size_t q = hit[r], L = l->live[q];
        unsigned hits = (unsigned)(xf[q] < th_friction) * CX_VE_FRICTION |
                        (unsigned)(xb[q] < th_break) * CX_VE_BROKE |
                        (unsigned)(th_intrusion && !sh[q] && l->intruded[q]) * CX_VE_INTRUDED;
        uint32_t h[4];
        for (int w = 0; w < 4; w++)
            h[w] = y[w * CX_LANES_CHUNK + r];
        int delight = xd[q] < t->th_delight[sh[q]], csat;
        cx_visit_state v = hit_visit(plan, t, delight, hits, have_b ? h : NULL, &l->trust[L],
                                     &csat);
        ve[q] = v.e;
        vf[q] = v.effort;
        vc[q] = csat;
        count_events(acc, v.ev);
        if (v.ev & CX_VE_ABANDONED) {
            l->abandoned[L] = 1;
            l->visits[L] = (uint16_t)(k + 1);
            any_abandoned = 1;
        }
    }
    /* 3: the sums, in lane order (customer order): the scalar walk's */
    double friction_p = acc->friction_p, e_sum = acc->e_sum, effort_sum = acc->effort_sum;
    int64_t csat_sum = 0;
    const double friction = t->friction;
    double *E = l->e + k;
    const size_t es = l->e_stride;
    for (size_t q = 0; q < m; q++) {
        size_t L = l->live[q];
        E[L * es] = ve[q];
        l->effort[L] += vf[q];
        l->csat[L] += vc[q];
        friction_p += friction;
        e_sum += ve[q];
        effort_sum += vf[q];
        csat_sum += vc[q];
    }
    acc->visits += m;
    acc->friction_p = friction_p;
    acc->e_sum = e_sum;
    acc->effort_sum = effort_sum;
    acc->csat_sum += (uint64_t)csat_sum;
    size_t keep = m;
    if (any_abandoned) {
        keep = 0;
        for (size_t q = 0; q < m; q++) {
            if (l->abandoned[l->live[q]])
                continue;
            l->live[keep] = l->live[q];
            l->live_cust[keep] = l->live_cust[q];
            sh[keep] = sh[q];
            keep++;
        }
    }
    if (t->has_extra) {
        for (size_t q = 0; q < keep; q++) {
            size_t L = l->live[q];
            if (t->reassure > 0)
                l->doubt_p[L] *= 1 - t->reassure;
            if (t->dissonance > 0) {
                l->doubt_p[L] = t->dissonance;
                l->doubt_severity[L] = t->dissonance_severity;
            }
        }
    }
    return keep;
}

void cx_lanes_walk(const cx_walk_plan *plan, cx_philox_gather_fn gather, cx_draws *d,
                   uint32_t period, size_t n, cx_lanes *l, cx_tp_acc *tp)
{
    /* a linear walk visits every touchpoint until max_visits or an
     * abandonment */
    size_t steps = plan->n_tp < plan->max_visits ? plan->n_tp : plan->max_visits;
    for (size_t q = 0; q < n; q++) {
        l->live[q] = (uint16_t)q;
        l->live_cust[q] = l->cust[q];
        l->live_shares[q] = l->shares[q];
        l->effort[q] = 0;
        l->csat[q] = 0;
        l->doubt_p[q] = 0;
        l->doubt_severity[q] = 0;
        l->abandoned[q] = 0;
        l->visits[q] = 0;
    }
    size_t m = n;
    for (size_t k = 0; k < steps && m > 0; k++) {
        /* the gather reads whole vectors of customers: the padding after
         * the live ones is read, its words never used */
        memset(&l->live_cust[m], 0, PAD * sizeof *l->live_cust);
        gather(&d->rng, l->live_cust, period, plan->tp_offset + (uint32_t)k, CX_DRAW_VISIT, m,
               l->x, CX_LANES_CHUNK);
        d->blocks += m;
        m = step(plan, gather, d, period, k, m, l, &tp[k]);
    }
    for (size_t q = 0; q < m; q++)
        l->visits[l->live[q]] = (uint16_t)steps;
}
