/* segment_tally.c - the replication's tallies by segment.
 *
 * The portfolio tally of engine.c is left exactly as it is; these tallies
 * add the same quantities again per segment, at the same points, from
 * what each customer's period left in e->made. They cover what a segment
 * owns: its customers' journeys, churn, trust, margin and value.
 * Word of mouth and arrivals, the experience split (top decile / poor) and
 * costs are figures of the whole portfolio and are not split
 * (cx_tally_segment_metrics leaves them undefined).
 */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

int cx_engine_segments_alloc(cx_engine *e)
{
    size_t n = e->m->n_segments ? e->m->n_segments : 1;
    e->seg.period = calloc(n, sizeof *e->seg.period);
    e->seg.horizon = calloc(n, sizeof *e->seg.horizon);
    return e->seg.period && e->seg.horizon;
}

void cx_engine_segments_release(cx_engine *e)
{
    free(e->seg.period);
    free(e->seg.horizon);
    e->seg.period = e->seg.horizon = NULL;
}

void cx_engine_segments_begin(cx_engine *e)
{
    memset(e->seg.period, 0, e->m->n_segments * sizeof *e->seg.period);
    memset(e->seg.horizon, 0, e->m->n_segments * sizeof *e->seg.horizon);
}

/* As one_journey and customer_period add to the portfolio's tally. */
void cx_engine_segments_customer(cx_engine *e, size_t i, size_t n_made, int churn,
                                 double trust, double margin, double discount)
{
    cx_tally *t = &e->seg.period[e->pop.segment[i]];
    int initial = i < (size_t)e->m->population;
    for (size_t k = 0; k < n_made; k++) {
        const made *mk = &e->made[k];
        t->journeys += 1;
        t->completed += mk->completed;
        t->visits += mk->visits;
        t->csat_sum += mk->csat_sum;
        t->js_sum += 3 + 2 * mk->rp;
        t->effort_sum += mk->effort;
        t->ltr_sum += mk->ltr;
        t->promoters += mk->promoter;
        t->detractors += mk->detractor;
        t->cross_sells += mk->cross;
    }
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

/* Closes the period as period() does for the portfolio (churn rate over the
 * segment's customers active at its start), folds it into the horizon and
 * starts the next one from the cumulative values. */
void cx_engine_segments_period(cx_engine *e)
{
    for (size_t s = 0; s < e->m->n_segments; s++) {
        cx_tally *p = &e->seg.period[s];
        p->active_start = e->seg_active[s];
        p->periods = p->active_start > 0;
        p->churn_rate_sum = p->active_start > 0 ? p->churned / p->active_start : 0;
        cx_tally_add(&e->seg.horizon[s], p);
        *p = (cx_tally){.clv_sum = p->clv_sum, .portfolio = p->portfolio};
    }
}

const cx_tally *cx_engine_segment_tallies(cx_engine *e)
{
    size_t initial = (size_t)e->m->population < e->pop.n ? (size_t)e->m->population : e->pop.n;
    for (size_t s = 0; s < e->m->n_segments; s++)
        e->seg.horizon[s].population = 0;
    /* customers 0..population-1 are the initial ones (arrivals come after) */
    for (size_t i = 0; i < initial; i++)
        e->seg.horizon[e->pop.segment[i]].population += 1;
    return e->seg.horizon;
}
