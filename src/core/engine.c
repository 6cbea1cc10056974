/* engine.c - one replication: a population through H periods.
 *
 * Per period and customer, in MODEL.md's fixed order: the journey; R, F,
 * R'; the trust update; LTR, churn and cross-sell from the updated trust;
 * the margin earned. Then word of mouth and the inflow bring the arrivals
 * that start next period.
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
#include "journey.h"
#include "population.h"

/* Counter word reserved for draws that belong to no customer. */
#define CX_AGGREGATE 0xffffffffu
#define CX_MAX_CUSTOMERS 0xfffffffeu

struct cx_engine {
    const cx_model *m;
    const cx_journey *journey;
    cx_population pop;
    gsl_rng *stream;
    double *e;                  /* emotions of one journey */
    double (*trust_beta)[2];    /* Beta (a, b) per segment; a < 0: point mass */
    cx_rng rng;
};

size_t cx_engine_bytes_per_customer(void)
{
    return cx_population_bytes_per_customer();
}

static cx_status check_size(const cx_model *m, cx_error *err)
{
    if (m->n_segments > 255)
        return cx_error_set(err, CX_ERR_INPUT, "%zu segments: at most 255 are supported",
                            m->n_segments);
    if ((unsigned long)m->population > CX_MAX_CUSTOMERS)
        return cx_error_set(err, CX_ERR_INPUT, "population %ld is too large", m->population);
    return CX_OK;
}

cx_engine *cx_engine_new(const cx_model *m, cx_error *err)
{
    if (check_size(m, err) != CX_OK)
        return NULL;
    cx_engine *e = calloc(1, sizeof *e);
    if (!e)
        goto nomem;
    e->m = m;
    e->journey = &m->journeys[0];
    e->stream = cx_rng_stream_new();
    e->e = malloc(e->journey->n_touchpoints * sizeof *e->e);
    e->trust_beta = malloc(m->n_segments * sizeof *e->trust_beta);
    if (!e->stream || !e->e || !e->trust_beta)
        goto nomem;
    for (size_t s = 0; s < m->n_segments; s++)
        if (cx_segment_trust_beta(&m->segments[s], &e->trust_beta[s][0],
                                  &e->trust_beta[s][1]) != 0)
            e->trust_beta[s][0] = -1;
    if (cx_population_init(&e->pop, (size_t)m->population, err) != CX_OK) {
        cx_engine_free(e);
        return NULL;
    }
    return e;
nomem:
    cx_engine_free(e);
    cx_error_set(err, CX_ERR_NOMEM, "out of memory creating an engine");
    return NULL;
}

void cx_engine_free(cx_engine *e)
{
    if (!e)
        return;
    cx_population_release(&e->pop);
    cx_rng_stream_free(e->stream);
    free(e->e);
    free(e->trust_beta);
    free(e);
}

/* Segment by share, initial trust from the segment's Beta prior, margin. */
static void add_customer(cx_engine *e)
{
    const cx_model *m = e->m;
    size_t i = e->pop.n++;
    double u[4], cum = 0;
    size_t s = 0;
    cx_rng_uniform4(&e->rng, (uint32_t)i, 0, 0, CX_DRAW_INIT, u);
    for (s = 0; s + 1 < m->n_segments; s++) {
        cum += m->segments[s].share;
        if (u[0] < cum)
            break;
    }
    const cx_segment *sg = &m->segments[s];
    double trust = sg->trust_mean;
    if (e->trust_beta[s][0] > 0) {
        cx_rng_stream_seek(e->stream, &e->rng, (uint32_t)i, 0, 0, CX_DRAW_TRUST0);
        trust = gsl_ran_beta(e->stream, e->trust_beta[s][0], e->trust_beta[s][1]);
    }
    e->pop.segment[i] = (uint8_t)s;
    e->pop.flags[i] = CX_ACTIVE;
    e->pop.trust[i] = (float)trust;
    e->pop.first[i] = 0;
    e->pop.margin[i] = (float)sg->margin;
}

/* One customer's period (MODEL.md "Order and conventions"). */
static void customer_period(cx_engine *e, size_t i, uint32_t t, double discount,
                            cx_tally *ty)
{
    cx_population *p = &e->pop;
    const cx_segment *sg = &e->m->segments[p->segment[i]];
    double trust = p->trust[i], margin = p->margin[i], u[4];
    cx_walk w;

    cx_journey_walk(e->journey, sg, &trust, &e->rng, (uint32_t)i, t, e->e, &w);
    double r = cx_memory_remember(e->e, w.visits, sg->lambda, sg->w_peak, sg->w_end);
    double first = r;   /* the first journey sets F = R */
    if (p->flags[i] & CX_SEEN) {
        first = p->first[i];
    } else {
        p->first[i] = (float)r;
        p->flags[i] |= CX_SEEN;
    }
    double rp = cx_memory_perceive(r, first, sg->beta);
    trust = cx_memory_trust_update(trust, rp, sg->eta_up, sg->eta_down);

    cx_rng_uniform4(&e->rng, (uint32_t)i, t, 0, CX_DRAW_OUTCOME, u);
    int ltr = cx_outcome_ltr(sg, rp, trust, gsl_cdf_ugaussian_Pinv(u[0]));
    int churn = u[1] < cx_outcome_churn_probability(sg, trust, rp, w.abandoned);
    int cross = u[2] < cx_outcome_cross_sell_probability(sg, rp, trust);

    int cls = cx_outcome_nps_class(ltr);
    ty->journeys += 1;
    ty->completed += !w.abandoned;
    ty->visits += (double)w.visits;
    ty->csat_sum += w.csat_sum;
    ty->js_sum += 3 + 2 * rp;
    ty->effort_sum += w.effort;
    ty->ltr_sum += ltr;
    ty->promoters += cls > 0;
    ty->detractors += cls < 0;
    ty->emo_start += e->e[0];
    ty->emo_middle += e->e[(w.visits - 1) / 2];
    ty->emo_end += e->e[w.visits - 1];
    ty->cross_sells += cross;
    ty->revenue += margin;
    ty->portfolio += margin * discount;
    if (i < (size_t)e->m->population)
        ty->clv_sum += margin * discount;

    p->trust[i] = (float)trust;
    if (cross)
        p->margin[i] = (float)(margin * (1 + sg->uplift));
    if (churn) {
        p->flags[i] &= (uint8_t)~CX_ACTIVE;
        ty->churned += 1;
    } else {
        ty->active_end += 1;
        ty->trust_end_sum += trust;
        ty->initial_active_end += i < (size_t)e->m->population;
    }
}

/* Word of mouth and inflow (MODEL.md, F8, F11): arrivals at the end of
 * period t, who start in t + 1. Poisson sums are drawn once per period:
 * the sum of n Poisson(rho) conversations is Poisson(n rho). */
static double arrivals(cx_engine *e, uint32_t t, const cx_tally *ty, double *referrals)
{
    const cx_model *m = e->m;
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

cx_status cx_engine_run(cx_engine *e, uint32_t seed, uint32_t rep,
                        cx_tally *periods, cx_error *err)
{
    const cx_model *m = e->m;
    cx_rng_init(&e->rng, seed, rep);
    e->pop.n = 0;
    cx_status st = admit(e, (double)m->population, err);
    double clv = 0, portfolio = 0;
    for (uint32_t t = 1; st == CX_OK && t <= (uint32_t)m->horizon; t++) {
        cx_tally *ty = &periods[t - 1];
        double discount = pow(1 + m->discount_rate, -(double)t);
        *ty = (cx_tally){.periods = 1, .population = (double)m->population,
                         .clv_sum = clv, .portfolio = portfolio};
        size_t n = e->pop.n;    /* arrivals of this period start next period */
        for (size_t i = 0; i < n; i++) {
            if (!(e->pop.flags[i] & CX_ACTIVE))
                continue;
            ty->active_start += 1;
            customer_period(e, i, t, discount, ty);
        }
        ty->churn_rate_sum = ty->active_start > 0 ? ty->churned / ty->active_start : 0;
        clv = ty->clv_sum;
        portfolio = ty->portfolio;
        ty->acquisitions = arrivals(e, t, ty, &ty->referrals);
        st = admit(e, ty->acquisitions, err);
    }
    return st;
}
