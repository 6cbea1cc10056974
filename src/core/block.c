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
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "cxsim/visit.h"
#include "engine_internal.h"
#include "lanes.h"
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

/* What journey j of a customer's period leaves for the tallies, which the
 * lane engine adds only after every journey of the chunk (run_chunk). */
typedef struct journey_out {
    double effort, rp, z;
    double e_first, e_middle, e_last;   /* emotions at the start, middle and end */
    int32_t csat;                       /* sum of the visits' CSAT */
    uint16_t visits;
    int8_t ltr, cls;
    uint8_t got;                        /* 0: no journey; 1: completed; 2: abandoned */
    made mk;
} journey_out;

/* Journey j of customer i after its walk w, whose emotions are ev: doubt,
 * memory, trust, LTR and cross-sell, from the journey's block jb. */
static inline __attribute__((always_inline)) void
journey_end(period_ctx *c, size_t i, size_t j, const cx_walk *w, double *ev,
                        const uint32_t *jb, double *trust, journey_out *o)
{
    cx_engine *e = c->e;
    cx_population *p = &e->pop;
    size_t seg = p->segment[i];
    const cx_segment *sg = e->res.segment[seg];
    cx_journey_doubt(w, cx_draw_unit(jb[J_DOUBT]), ev);
    c->acc->journey_starts[j] += 1;
    double r = cx_memory_remember_inline(ev, w->visits, sg->lambda, sg->w_peak, sg->w_end);
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
    *o = (journey_out){
        .effort = w->effort, .rp = rp, .z = z, .e_first = ev[0],
        .e_middle = ev[(w->visits - 1) / 2], .e_last = ev[w->visits - 1],
        .csat = (int32_t)w->csat_sum, .visits = (uint16_t)w->visits, .ltr = (int8_t)ltr,
        .cls = (int8_t)cls, .got = (uint8_t)(1 + (w->abandoned != 0)),
        .mk = {(uint16_t)hist_bin(rp), cls > 0, (uint8_t)cross}};
}

/* A journey's share of the block's tallies. */
static inline __attribute__((always_inline)) void
tally_out(period_ctx *c, size_t seg, const journey_out *o)
{
    cx_tally *ty = &c->acc->ty;
    double visits = (double)o->visits, csat = (double)o->csat, js = 3 + 2 * o->rp;
    int completed = o->got == 1;
    tally_journey(ty, completed, visits, csat, js, o->effort, o->ltr, o->cls, o->mk.cross);
    tally_journey(&c->acc->seg[seg], completed, visits, csat, js, o->effort, o->ltr, o->cls,
                  o->mk.cross);
    ty->ltr_noise += o->z;
    ty->emo_start += o->e_first;
    ty->emo_middle += o->e_middle;
    ty->emo_end += o->e_last;
}

/* Journey j for customer i, the scalar walk: the walk, then journey_end,
 * added to the tallies at once. jb: the journey's block if already
 * drawn. Returns 0 when no visit happened, 1 for a completed journey, 2
 * for an abandoned one; the perceived experience R' goes to *rp, what the
 * histogram needs once churn is known to mk. */
static int one_journey(period_ctx *c, size_t i, size_t j, uint32_t *jb, int have_jb,
                       double *trust, double *rp_out, made *mk)
{
    cx_engine *e = c->e;
    cx_population *p = &e->pop;
    size_t seg = p->segment[i];
    const cx_walk_plan *plan = &e->res.plans[seg * e->res.n_j + j];
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
    journey_out o;
    journey_end(c, i, j, &w, c->slot->scratch.e, jb, trust, &o);
    if (recorded)
        e->recorder.on_journey(e->recorder.ctx, &(cx_journey_record){
            .customer = (uint32_t)i, .period = (int)c->t, .journey = j, .segment = seg,
            .abandoned = w.abandoned, .ltr = o.ltr});
    tally_out(c, seg, &o);
    *rp_out = o.rp;
    *mk = o.mk;
    return o.got;
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

/* Customer i's period after its journeys (n_made of them, mk): churn from
 * the churn word, the histogram, the tallies, the customer's new state. */
static void customer_end(period_ctx *c, size_t i, double trust, double rp, double grown,
                         int abandoned, uint32_t churn_word, const made *mk, size_t n_made)
{
    cx_engine *e = c->e;
    cx_population *p = &e->pop;
    size_t seg = p->segment[i];
    const cx_segment *sg = e->res.segment[seg];
    double margin = p->margin[i];
    int churn = 0;
    if (churn_word < e->res.th_churn[seg]) {
        double u = cx_draw_unit(churn_word);
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

/* One customer's period (docs/model.md, "Order within a period"). */
static void customer_period(period_ctx *c, size_t i)
{
    cx_engine *e = c->e;
    cx_population *p = &e->pop;
    size_t seg = p->segment[i], n_made = 0;
    const cx_segment *sg = e->res.segment[seg];
    const double *freq = &e->res.freq[seg * e->res.n_j];
    const uint64_t *th_freq = &e->res.th_freq[seg * e->res.n_j];
    double trust = p->trust[i], grown = p->margin[i], rp = p->memory[i];
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
    customer_end(c, i, trust, rp, grown, abandoned, pb[P_CHURN], mk, n_made);
}

/* ---- the lane engine: a chunk of customers at a time ----------------- */

enum { CHUNK = CX_LANES_CHUNK, PAD = CX_PHILOX_LANES };

/* A slot's workspace for one chunk of a block: the chunk's active
 * customers (lane q: the q-th in customer order), their period blocks,
 * trust and R' between journeys, what each journey leaves for the
 * tallies, and the makers of the journey at hand. */
struct cx_chunk {
    cx_lanes *lanes;
    uint32_t *cust;         /* [CHUNK + PAD] */
    uint32_t *pb;           /* [4 CHUNK + PAD]: word w of lane q's period block at w CHUNK + q */
    double *trust, *rp;     /* [CHUNK] */
    journey_out *out;       /* [CHUNK n_j]: journey j of lane q at q n_j + j */
    uint16_t *list;         /* [CHUNK]: the makers' lanes, by segment, then customer */
    uint32_t *list_cust;    /* [CHUNK + PAD]: their customers */
    uint32_t *jb;           /* [4 CHUNK + PAD]: their journey blocks, as pb */
    uint16_t *sel;          /* [CHUNK]: the makers of one segment (entries of list) */
    size_t *seg_first;      /* [n_seg + 1]: segment s's entries of list */
    size_t *next;           /* [n_seg]: the next free entry of each segment's */
    uint8_t *take;          /* [CHUNK]: lane q makes the journey */
};

cx_chunk *cx_engine_chunk_new(const cx_engine *e)
{
    cx_chunk *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    size_t nj = e->m->n_journeys ? e->m->n_journeys : 1;
    size_t longest = e->longest < (size_t)e->m->max_visits ? e->longest
                                                            : (size_t)e->m->max_visits;
    k->lanes = cx_lanes_new(longest);
    k->cust = calloc(CHUNK + PAD, sizeof *k->cust);
    k->pb = calloc(4 * CHUNK + PAD, sizeof *k->pb);
    k->trust = malloc(CHUNK * sizeof *k->trust);
    k->rp = malloc(CHUNK * sizeof *k->rp);
    k->out = malloc(CHUNK * nj * sizeof *k->out);
    k->list = malloc(CHUNK * sizeof *k->list);
    k->list_cust = calloc(CHUNK + PAD, sizeof *k->list_cust);
    k->jb = calloc(4 * CHUNK + PAD, sizeof *k->jb);
    k->sel = malloc(CHUNK * sizeof *k->sel);
    k->seg_first = malloc((e->m->n_segments + 1) * sizeof *k->seg_first);
    k->next = malloc((e->m->n_segments + 1) * sizeof *k->next);
    k->take = malloc(CHUNK * sizeof *k->take);
    if (!k->lanes || !k->cust || !k->pb || !k->trust || !k->rp || !k->out || !k->list ||
        !k->list_cust || !k->jb || !k->sel || !k->seg_first || !k->next || !k->take) {
        cx_engine_chunk_free(k);
        return NULL;
    }
    return k;
}

void cx_engine_chunk_free(cx_chunk *k)
{
    if (!k)
        return;
    cx_lanes_free(k->lanes);
    free(k->cust);
    free(k->pb);
    free(k->trust);
    free(k->rp);
    free(k->out);
    free(k->list);
    free(k->list_cust);
    free(k->jb);
    free(k->sel);
    free(k->seg_first);
    free(k->next);
    free(k->take);
    free(k);
}

size_t cx_engine_chunk_bytes(const cx_model *m, size_t longest)
{
    size_t nj = m->n_journeys ? m->n_journeys : 1;
    size_t visits = longest < (size_t)m->max_visits ? longest : (size_t)m->max_visits;
    return CHUNK * (nj * sizeof(journey_out) + (visits + 6) * sizeof(double) + 48) +
           m->n_segments * sizeof(size_t) + 1024;
}

/* The makers of journey j among the chunk's n lanes, into k->list by
 * segment (a counting sort: k->seg_first), then in customer order; the
 * frequency draw of journeys 0-2 decides here, that of later journeys
 * (their own block's word) once the blocks are drawn (chunk_journey). */
static size_t chunk_makers(period_ctx *c, cx_chunk *k, size_t n, size_t j)
{
    cx_engine *e = c->e;
    const size_t nj = e->res.n_j, n_seg = e->m->n_segments;
    const uint8_t *segment = e->pop.segment;
    size_t *first = k->seg_first;
    memset(first, 0, (n_seg + 1) * sizeof *first);
    uint8_t *take = k->take;
    for (size_t q = 0; q < n; q++) {
        size_t i = k->cust[q], s = segment[i];
        double f = e->res.freq[s * nj + j];
        take[q] = !(e->res.once[j] && i < e->admit_from) && f > 0 &&
                  (f >= 1 || j >= 3 || k->pb[(P_FREQUENCY + j) * CHUNK + q] <
                                           e->res.th_freq[s * nj + j]);
        first[s + 1] += take[q];
    }
    for (size_t s = 0; s < n_seg; s++)
        first[s + 1] += first[s];
    size_t m = first[n_seg];
    /* place each maker after those of its segment before it */
    size_t *next = k->next;
    memcpy(next, first, n_seg * sizeof *next);
    for (size_t q = 0; q < n; q++) {
        if (!take[q])
            continue;
        size_t r = next[segment[k->cust[q]]]++;
        k->list[r] = (uint16_t)q;
        k->list_cust[r] = k->cust[q];
    }
    return m;
}

/* Journey j for the makers of segment s (entries sel[0 .. nq) of
 * k->list): the walk in lanes, or the scalar walk customer by customer
 * when the journey does not fit the lockstep; then journey_end. */
static void chunk_segment(period_ctx *c, cx_chunk *k, size_t j, size_t s, size_t nq)
{
    cx_engine *e = c->e;
    cx_population *p = &e->pop;
    const size_t nj = e->res.n_j;
    const cx_walk_plan *plan = &e->res.plans[s * nj + j];
    cx_tp_acc *tp = &c->acc->tp_seg[s * e->n_tp + plan->tp_offset];
    cx_lanes *l = k->lanes;
    const int lanes = cx_lanes_walkable(plan);
    if (lanes) {
        for (size_t q = 0; q < nq; q++) {
            size_t r = k->sel[q];
            l->cust[q] = k->list_cust[r];
            l->trust[q] = k->trust[k->list[r]];
            l->shares[q] = (p->flags[k->list_cust[r]] & CX_SHARES) != 0;
        }
        cx_lanes_walk(plan, e->gather, &c->d, c->t, nq, l, tp);
    }
    for (size_t q = 0; q < nq; q++) {
        size_t r = k->sel[q], lane = k->list[r], i = k->list_cust[r];
        uint32_t jb[4] = {k->jb[r], k->jb[CHUNK + r], k->jb[2 * CHUNK + r], k->jb[3 * CHUNK + r]};
        double trust = k->trust[lane], *ev;
        cx_walk w;
        if (lanes) {
            w = (cx_walk){.visits = l->visits[q], .abandoned = l->abandoned[q],
                          .effort = l->effort[q], .csat_sum = l->csat[q],
                          .doubt_p = l->doubt_p[q], .doubt_severity = l->doubt_severity[q]};
            trust = l->trust[q];
            ev = &l->e[q * l->e_stride];
        } else {
            cx_journey_walk(plan, (p->flags[i] & CX_SHARES) != 0, &trust, &c->d, (uint32_t)i,
                            c->t, &c->slot->scratch, tp, &w, &e->hook_error);
            ev = c->slot->scratch.e;
        }
        journey_out *o = &k->out[lane * nj + j];
        if (w.visits > 0) {   /* else every touchpoint skipped: no journey happened */
            journey_end(c, i, j, &w, ev, jb, &trust, o);
            k->rp[lane] = o->rp;
        }
        k->trust[lane] = trust;
    }
}

/* Journey j for the chunk's n lanes: who makes it, their journey blocks
 * in lanes, then each segment's makers. */
static void chunk_journey(period_ctx *c, cx_chunk *k, size_t n, size_t j)
{
    cx_engine *e = c->e;
    const size_t nj = e->res.n_j, n_seg = e->m->n_segments;
    for (size_t q = 0; q < n; q++)
        k->out[q * nj + j].got = 0;
    size_t m = chunk_makers(c, k, n, j);
    if (m == 0)
        return;
    memset(&k->list_cust[m], 0, PAD * sizeof *k->list_cust);
    e->gather(&c->d.rng, k->list_cust, c->t, (uint32_t)j, CX_DRAW_JOURNEY, m, k->jb, CHUNK);
    c->d.blocks += m;
    for (size_t s = 0; s < n_seg; s++) {
        double f = e->res.freq[s * nj + j];
        uint64_t th = e->res.th_freq[s * nj + j];
        size_t nq = 0;
        for (size_t r = k->seg_first[s]; r < k->seg_first[s + 1]; r++)
            if (f >= 1 || j < 3 || k->jb[J_FREQUENCY * CHUNK + r] < th)
                k->sel[nq++] = (uint16_t)r;
        if (nq)
            chunk_segment(c, k, j, s, nq);
    }
}

/* Customers [lo, hi) of the block (at most CHUNK): journey by journey for
 * all of them, then each customer's period end, in customer order, where
 * the tallies receive each journey in the scalar engine's order: the same
 * sums, the same bytes. */
static void run_chunk(period_ctx *c, size_t lo, size_t hi)
{
    cx_engine *e = c->e;
    cx_population *p = &e->pop;
    cx_chunk *k = c->slot->chunk;
    const size_t nj = e->res.n_j;
    size_t n = 0;
    for (size_t i = lo; i < hi; i++) {
        if (!(p->flags[i] & CX_ACTIVE))
            continue;
        c->acc->ty.active_start += 1;
        c->acc->seg_active[p->segment[i]] += 1;
        k->cust[n] = (uint32_t)i;
        k->trust[n] = p->trust[i];
        k->rp[n] = p->memory[i];
        n++;
    }
    if (n == 0)
        return;
    memset(&k->cust[n], 0, PAD * sizeof *k->cust);
    e->gather(&c->d.rng, k->cust, c->t, 0, CX_DRAW_PERIOD, n, k->pb, CHUNK);
    c->d.blocks += n;
    for (size_t j = 0; j < nj; j++)
        chunk_journey(c, k, n, j);
    made *mk = c->slot->made;
    for (size_t q = 0; q < n; q++) {
        size_t i = k->cust[q], n_made = 0;
        const cx_segment *sg = e->res.segment[p->segment[i]];
        double grown = p->margin[i];
        int abandoned = 0;
        for (size_t j = 0; j < nj; j++) {
            const journey_out *o = &k->out[q * nj + j];
            if (!o->got)
                continue;
            tally_out(c, p->segment[i], o);
            abandoned |= o->got == 2;
            if (o->mk.cross)
                grown *= 1 + sg->uplift;
            mk[n_made++] = o->mk;
        }
        customer_end(c, i, k->trust[q], k->rp[q], grown, abandoned, k->pb[q], mk, n_made);
    }
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

/* Whether every journey of every segment fits the lockstep walk. */
static int all_walkable(const cx_engine *e)
{
    for (size_t p = 0; p < e->m->n_segments * e->res.n_j; p++)
        if (!cx_lanes_walkable(&e->res.plans[p]))
            return 0;
    return 1;
}

void cx_engine_run_block(void *engine, size_t b, unsigned slot)
{
    cx_engine *e = engine;
    period_ctx c = {.e = e, .acc = &e->acc[b], .slot = &e->slots[slot], .t = e->t};
    size_t lo = b * CX_BLOCK_CUSTOMERS;
    size_t hi = lo + CX_BLOCK_CUSTOMERS < e->period_n ? lo + CX_BLOCK_CUSTOMERS : e->period_n;
    cx_draws_init(&c.d, &e->rng);
    clear_acc(e, c.acc);
    /* The lane engine (lanes.h, cx_lanes_mode) unless the scalar walk is
     * asked for, a per-visit hook sees the visits (it must see them
     * customer by customer), or the recorder follows customers of this
     * block (its log is in that order too). */
    int lanes = e->gather && !(e->res.hook && e->res.hook->on_visit) &&
                e->recorder.customers <= lo && (e->lanes_always || all_walkable(e));
    for (size_t i = lo; lanes && i < hi; i += CHUNK)
        run_chunk(&c, i, i + CHUNK < hi ? i + CHUNK : hi);
    for (size_t i = lo; !lanes && i < hi && !e->failed; i++) {
        if (!(e->pop.flags[i] & CX_ACTIVE))
            continue;
        c.acc->ty.active_start += 1;
        c.acc->seg_active[e->pop.segment[i]] += 1;
        customer_period(&c, i);
    }
    c.acc->rng_blocks = c.d.blocks;
}
