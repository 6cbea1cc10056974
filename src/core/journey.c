/* journey.c - one customer's walk through a journey, visit by visit. */
#include "journey.h"

#include "cxsim/visit.h"

/* The uniforms of visit k. The second Philox block is drawn only when the
 * visit can abandon: its value is the same whether drawn or not, so this
 * saves work without changing any result. */
static void visit_uniforms(const cx_rng *rng, uint32_t customer, uint32_t period,
                           uint32_t k, double u[8])
{
    cx_rng_uniform4(rng, customer, period, k, CX_DRAW_VISIT, u);
    u[CX_U_ABANDON] = 1.0;    /* "never" until drawn */
}

void cx_journey_walk(const cx_journey *j, const cx_segment *sg, double *trust,
                     const cx_rng *rng, uint32_t customer, uint32_t period,
                     double *e, cx_walk *out)
{
    *out = (cx_walk){0};
    for (size_t k = 0; k < j->n_touchpoints; k++) {
        const cx_touchpoint *tp = &j->touchpoints[k];
        double u[8];
        cx_visit_result v;
        visit_uniforms(rng, customer, period, (uint32_t)k, u);
        if (u[CX_U_FRICTION] < tp->friction && tp->abandon > 0)
            cx_rng_uniform4(rng, customer, period, (uint32_t)k, CX_DRAW_VISIT2,
                            &u[CX_U_ABANDON]);
        cx_visit(tp, sg, trust, u, &v);
        e[out->visits++] = v.e;
        out->effort += v.effort;
        out->csat_sum += v.csat;
        if (v.abandoned) {
            out->abandoned = 1;
            break;
        }
    }
}
