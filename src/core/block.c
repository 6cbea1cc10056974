/* block.c - the inner loop: one block of customers through one period.
 *
 * Per customer, in the fixed order of docs/model.md ("Order within a
 * period"): each journey the customer makes this period (declaration
 * order; journey j with its segment's frequency), and after each: R, F,
 * R'; the trust update; LTR and cross-sell from the updated trust. Then churn, once, from the last
 * journey's R' (the stored one in a period without a journey) and whether
 * any journey was abandoned; then the margin earned.
 *
 * Random numbers (rng.h): per customer and period one block (churn and the
 * frequency draws of the first three journeys), per journey made one block
 * (LTR noise, cross-sell, post-purchase doubt, and the frequency draw of
 * journeys after the third), and the visits' blocks (journey.c).
 *
 * Everything here writes only its own customers and its own block's
 * accumulator, so blocks can run on any threads at once.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "cxsim/visit.h"
#include "engine_internal.h"
#include "memory_core.h"
#include "normal_quantile.h"
#include "outcomes_core.h"

/* Lanes of the per-period and per-journey blocks. */
enum { P_CHURN = 0, P_FREQUENCY = 1 };     /* CX_DRAW_PERIOD: lanes 1-3, journeys 0-2 */
enum { J_LTR = 0, J_CROSS = 1, J_DOUBT = 2, J_FREQUENCY = 3 };  /* CX_DRAW_JOURNEY */

/* Segment by share, data consent, initial trust from the segment's Beta
 * prior, margin. */
static void add_customer(cx_engine *e, size_t i, cx_draws *d, gsl_rng *stream)
{
    const cx_model *m = e->m;
    size_t s;
    double u[4], cum = 0;
    cx_draw4(d, (uint32_t)i, 0, 0, CX_DRAW_INIT, u);
    for (s = 0; s + 1 < m->n_segments; s++) {
        cum += m->segments[s].share;
        if (u[0] < cum)
            break;
    }
    /* margin and consent as the segment's resolved parameters stand now;
     * the trust prior is the base model's */
    const cx_segment *sg = e->res.segment[s];
    double trust = m->segments[s].trust_mean;
    if (e->trust_beta[s][0] > 0) {
        cx_rng_stream_seek(stream, &e->rng, (uint32_t)i, 0, 0, CX_DRAW_TRUST0);
        trust = gsl_ran_beta(stream, e->trust_beta[s][0], e->trust_beta[s][1]);
    }
    e->pop.segment[i] = (uint8_t)s;
    e->pop.flags[i] = CX_ACTIVE | (u[1] < 1 - sg->refuse_data ? CX_SHARES : 0);
    e->pop.trust[i] = (float)trust;
    e->pop.first[i] = 0;
    e->pop.memory[i] = 0;
    e->pop.margin[i] = (float)sg->margin;
}

void cx_engine_admit_chunk(void *engine, size_t chunk, unsigned slot)
{
    cx_engine *e = engine;
    cx_slot *sl = &e->slots[slot];
    size_t lo = e->admit_from + chunk * CX_BLOCK_CUSTOMERS;
    size_t hi = lo + CX_BLOCK_CUSTOMERS < e->admit_to ? lo + CX_BLOCK_CUSTOMERS : e->admit_to;
    cx_draws d;
    cx_draws_init(&d, &e->rng);
    for (size_t i = lo; i < hi; i++)
        add_customer(e, i, &d, sl->stream);
    sl->rng_blocks += d.blocks;
}

/* ---- outcome cells ---------------------------------------------------- */

/* The probabilities are exponentials of a linear function of trust and R'
 * (outcomes_core.h), so over a cell each is largest at the corner the signs
 * of its coefficients point to. The bound is the probability computed
 * there, raised by a relative 1e-9, as the global bounds are: far above
 * the few ulps by which the computed probability of a customer in the cell
 * can exceed the exact one at the corner. */
void cx_engine_outcome_cells(cx_engine *e)
{
    for (size_t s = 0; s < e->m->n_segments; s++) {
        const cx_segment *sg = e->res.segment[s];
        cx_outcome_cells *c = &e->cells[s];
        for (int a = 0; a < CX_CELLS_T; a++) {
            double t_lo = (double)a / CX_CELLS_T - CX_CELL_MARGIN;
            double t_hi = (double)(a + 1) / CX_CELLS_T + CX_CELL_MARGIN;
            for (int b = 0; b < CX_CELLS_R; b++) {
                double r_lo = -1 + (double)b / (CX_CELLS_R / 2) - CX_CELL_MARGIN;
                double r_hi = -1 + (double)(b + 1) / (CX_CELLS_R / 2) + CX_CELL_MARGIN;
                int k = a * CX_CELLS_R + b;
                /* churn: the hazard grows as -g_t trust - g_r R' does */
                double ct = sg->g_t > 0 ? t_lo : t_hi, cr = sg->g_r > 0 ? r_lo : r_hi;
                for (int ab = 0; ab < 2; ab++)
                    c->churn[ab][k] = fmin(1, cx_outcome_churn_inline(sg, ct, cr, ab) *
                                                  (1 + 1e-9));
                /* cross-sell: grows as d_r R' + d_t trust does */
                double xt = sg->d_t > 0 ? t_hi : t_lo, xr = sg->d_r > 0 ? r_hi : r_lo;
                c->cross[k] = fmin(1, cx_outcome_cross_sell_inline(sg, xr, xt) * (1 + 1e-9));
            }
        }
    }
}

/* The per-customer context of one period. */
typedef struct period_ctx {
    cx_engine *e;
    cx_block_acc *acc;
    cx_slot *slot;
    cx_draws d;
    uint32_t t;
} period_ctx;

/* floor((R' + 1) 1024), clamped; truncation is floor for x >= 0. */
static int hist_bin(double rp)
{
    double x = (rp + 1) * (HIST_BINS / 2);
    int b = x > 0 ? (int)x : 0;
    return b >= HIST_BINS ? HIST_BINS - 1 : b;
}

/* What a journey adds to a tally: the portfolio's, then its segment's
 * share (segment_tally.c), the same values into both. Each field of each
 * tally still receives its terms in customer and journey order, so the
 * sums are the same doubles as when the segment's were added after churn. */
static inline __attribute__((always_inline)) void
tally_journey(cx_tally *t, int completed, double visits, double csat, double js, double effort,
              int ltr, int cls, int cross)
{
    t->journeys += 1;
    t->completed += completed;
    t->visits += visits;
    t->csat_sum += csat;
    t->js_sum += js;
    t->effort_sum += effort;
    t->ltr_sum += ltr;
    t->promoters += cls > 0;
    t->detractors += cls < 0;
    t->cross_sells += cross;
}

/* What a customer's period adds to a tally once churn is known. */
static inline __attribute__((always_inline)) void
tally_customer(cx_tally *t, double margin, double discount, int initial, int churn, double trust)
{
    t->revenue += margin;
    t->portfolio += margin * discount;
    if (initial)
        t->clv_sum += margin * discount;
    if (churn) {
        t->churned += 1;
    } else {
        t->active_end += 1;
        t->trust_end_sum += trust;
        t->trust_end_sq += trust * trust;
        t->initial_active_end += initial;
    }
}

/* ---- recording (cxsim run --events) ------------------------------------------------ */

/* The per-visit hook of a recorded customer: the scenario's own hook
 * first (it may change the emotion), then the recorder. */
typedef struct rec_hook {
    const cx_policy *inner;
    const cx_engine_recorder *rec;
} rec_hook;

static cx_status record_visit(void *ctx, const cx_visit_event *ev, double *emotion,
                              cx_error *err)
{
    const rec_hook *h = ctx;
    cx_visit_event seen = *ev;
    if (h->inner && h->inner->on_visit) {
        cx_status st = h->inner->on_visit(h->inner->ctx, ev, emotion, err);
        if (st != CX_OK)
            return st;
        if (*emotion != ev->emotion && *emotion == *emotion) {
            double e = *emotion < -1 ? -1 : (*emotion > 1 ? 1 : *emotion);
            seen.emotion = e;
            seen.csat = cx_visit_csat(e);
        }
    }
    return h->rec->on_visit(h->rec->ctx, &seen, err);
}

/* Journey j for customer i: the walk, doubt, memory, trust, LTR and
 * cross-sell, added to the tallies. jb: the journey's block if already
 * drawn. Returns 0 when no visit happened, 1 for a completed journey, 2
 * for an abandoned one; the perceived experience R' goes to *rp, what the
 * histogram needs once churn is known to mk. */
static int one_journey(period_ctx *c, size_t i, size_t j, uint32_t *jb, int have_jb,
                       double *trust, double *rp_out, made *mk)
{
    cx_engine *e = c->e;
    cx_population *p = &e->pop;
    cx_tally *ty = &c->acc->ty;
    size_t seg = p->segment[i];
    const cx_segment *sg = e->res.segment[seg];
    const cx_walk_plan *plan = &e->res.plans[seg * e->res.n_j + j];
    double *ev = c->slot->scratch.e;
    cx_walk w;
    /* a recorded customer walks through the hook's copy of the walk */
    const int recorded = i < e->recorder.customers;
    cx_walk_plan rec_plan;
    cx_policy rec_policy;
    rec_hook rh;
    if (recorded) {
        rh = (rec_hook){plan->hook, &e->recorder};
        rec_policy = (cx_policy){.on_visit = record_visit, .ctx = &rh};
        rec_plan = *plan;
        rec_plan.hook = &rec_policy;
        plan = &rec_plan;
    }
    /* The journey's block before the walk, though it is read after: its
     * rounds then run beside the walk's start instead of delaying the LTR
     * noise after it (docs/performance.md, "Fifth pass"); a journey that
     * makes no visit has drawn it for nothing. */
    if (!have_jb)
        cx_draw4_raw(&c->d, (uint32_t)i, c->t, (uint32_t)j, CX_DRAW_JOURNEY, jb);
    cx_journey_walk(plan, (p->flags[i] & CX_SHARES) != 0, trust, &c->d, (uint32_t)i, c->t,
                    &c->slot->scratch, &c->acc->tp_seg[seg * e->n_tp + plan->tp_offset], &w,
                    &e->hook_error);
    if (w.status != CX_OK) {
        e->failed = w.status;
        return 0;
    }
    if (w.visits == 0)      /* every touchpoint skipped: no journey happened */
        return 0;
    cx_journey_doubt(&w, cx_draw_unit(jb[J_DOUBT]), ev);
    c->acc->journey_starts[j] += 1;
    double r = cx_memory_remember_inline(ev, w.visits, sg->lambda, sg->w_peak, sg->w_end);
    double first = r;       /* the first journey sets F = R */
    if (p->flags[i] & CX_SEEN) {
        first = p->first[i];
    } else {
        p->first[i] = (float)r;
        p->flags[i] |= CX_SEEN;
    }
    double rp = cx_memory_perceive_inline(r, first, sg->beta);
    *trust = cx_memory_trust_update_inline(*trust, rp, sg->eta_up, sg->eta_down);

    /* gsl_cdf_ugaussian_Pinv's doubles, inline (normal_quantile.h) */
    double z = cx_normal_quantile(cx_draw_unit(jb[J_LTR]));
    int ltr = cx_outcome_ltr_inline(sg, rp, *trust, z);
    int cls = cx_outcome_nps_class_inline(ltr);
    int cross = 0;
    if (jb[J_CROSS] < e->res.th_cross[seg]) {
        double u = cx_draw_unit(jb[J_CROSS]);
        int k = cx_outcome_cell(*trust, rp);
        cross = (k < 0 || u < e->cells[seg].cross[k]) &&
                u < cx_outcome_cross_sell_inline(sg, rp, *trust);
    }
    *rp_out = rp;
    *mk = (made){(uint16_t)hist_bin(rp), cls > 0, (uint8_t)cross};
    if (recorded)
        e->recorder.on_journey(e->recorder.ctx, &(cx_journey_record){
            .customer = (uint32_t)i, .period = (int)c->t, .journey = j, .segment = seg,
            .abandoned = w.abandoned, .ltr = ltr});
    double visits = (double)w.visits, csat = (double)w.csat_sum, js = 3 + 2 * rp;
    tally_journey(ty, !w.abandoned, visits, csat, js, w.effort, ltr, cls, cross);
    tally_journey(&c->acc->seg[seg], !w.abandoned, visits, csat, js, w.effort, ltr, cls, cross);
    ty->ltr_noise += z;
    ty->emo_start += ev[0];
    ty->emo_middle += ev[(w.visits - 1) / 2];
    ty->emo_end += ev[w.visits - 1];
    return 1 + w.abandoned;
}

/* Whether customer i makes journey j this period: the frequency draw of
 * the period block (journeys 0-2) or of the journey's own block. */
static int makes_journey(period_ctx *c, size_t i, size_t j, double f, uint64_t th,
                         const uint32_t *pb, uint32_t *jb, int *have_jb)
{
    if (f >= 1)
        return 1;
    if (f <= 0)
        return 0;
    if (j < 3)
        return pb[P_FREQUENCY + j] < th;
    cx_draw4_raw(&c->d, (uint32_t)i, c->t, (uint32_t)j, CX_DRAW_JOURNEY, jb);
    *have_jb = 1;
    return jb[J_FREQUENCY] < th;
}

/* The outcomes of the customer's journeys, in the period's histogram once
 * churn is known. */
static void record_made(cx_block_acc *acc, const made *mk, size_t n, int churn)
{
    for (size_t k = 0; k < n; k++) {
        uint32_t *h = acc->hist[mk[k].bin];
        h[H_N] += 1;
        h[H_PROMOTERS] += mk[k].promoter;
        h[H_CROSS] += mk[k].cross;
        h[H_STAY] += (uint32_t)!churn;
    }
}

/* One customer's period (docs/model.md, "Order within a period"). */
static void customer_period(period_ctx *c, size_t i)
{
    cx_engine *e = c->e;
    cx_population *p = &e->pop;
    size_t seg = p->segment[i], n_made = 0;
    const cx_segment *sg = e->res.segment[seg];
    const double *freq = &e->res.freq[seg * e->res.n_j];
    const uint64_t *th_freq = &e->res.th_freq[seg * e->res.n_j];
    double trust = p->trust[i], margin = p->margin[i], grown = margin, rp = p->memory[i];
    uint32_t pb[4];
    made *mk = c->slot->made;
    int abandoned = 0;
    cx_draw4_raw(&c->d, (uint32_t)i, c->t, 0, CX_DRAW_PERIOD, pb);
    for (size_t j = 0; j < e->res.n_j; j++) {
        uint32_t jb[4];
        int have_jb = 0;
        /* an onboarding (once): only in the customer's first period, when
         * it is among the customers admitted last (engine.c, admit) */
        if (e->res.once[j] && i < e->admit_from)
            continue;
        if (!makes_journey(c, i, j, freq[j], th_freq[j], pb, jb, &have_jb))
            continue;
        int got = one_journey(c, i, j, jb, have_jb, &trust, &rp, &mk[n_made]);
        if (!got)
            continue;
        abandoned |= got == 2;
        if (mk[n_made].cross)
            grown *= 1 + sg->uplift;
        n_made++;
    }
    int churn = 0;
    if (pb[P_CHURN] < e->res.th_churn[seg]) {
        double u = cx_draw_unit(pb[P_CHURN]);
        int k = cx_outcome_cell(trust, rp);
        churn = (k < 0 || u < e->cells[seg].churn[abandoned][k]) &&
                u < cx_outcome_churn_inline(sg, trust, rp, abandoned);
    }
    record_made(c->acc, mk, n_made, churn);
    int initial = i < (size_t)e->m->population;
    tally_customer(&c->acc->ty, margin, e->discount, initial, churn, trust);
    tally_customer(&c->acc->seg[seg], margin, e->discount, initial, churn, trust);
    p->trust[i] = (float)trust;
    p->memory[i] = (float)rp;
    p->margin[i] = (float)grown;
    if (churn)
        p->flags[i] &= (uint8_t)~CX_ACTIVE;
}

static void clear_acc(const cx_engine *e, cx_block_acc *a)
{
    a->ty = (cx_tally){0};
    memset(a->hist, 0, HIST_BINS * sizeof *a->hist);
    memset(a->tp_seg, 0, e->m->n_segments * e->n_tp * sizeof *a->tp_seg);
    memset(a->journey_starts, 0, e->m->n_journeys * sizeof *a->journey_starts);
    memset(a->seg_active, 0, e->m->n_segments * sizeof *a->seg_active);
    memset(a->seg, 0, e->m->n_segments * sizeof *a->seg);
    a->rng_blocks = 0;
}

void cx_engine_run_block(void *engine, size_t b, unsigned slot)
{
    cx_engine *e = engine;
    period_ctx c = {.e = e, .acc = &e->acc[b], .slot = &e->slots[slot], .t = e->t};
    size_t lo = b * CX_BLOCK_CUSTOMERS;
    size_t hi = lo + CX_BLOCK_CUSTOMERS < e->period_n ? lo + CX_BLOCK_CUSTOMERS : e->period_n;
    cx_draws_init(&c.d, &e->rng);
    clear_acc(e, c.acc);
    for (size_t i = lo; i < hi && !e->failed; i++) {
        if (!(e->pop.flags[i] & CX_ACTIVE))
            continue;
        c.acc->ty.active_start += 1;
        c.acc->seg_active[e->pop.segment[i]] += 1;
        customer_period(&c, i);
    }
    c.acc->rng_blocks = c.d.blocks;
}
