/* segment_tally.c - the replication's tallies by segment.
 *
 * The portfolio's tally is left exactly as it is; these tallies add the
 * same quantities again per segment, at the same points: block.c adds
 * each journey and each customer's period to its customer's segment's
 * share of the block (cx_block_acc.seg) beside the portfolio's, with the
 * same values; the shares are added across blocks in block order like the
 * portfolio's (engine.c), so they too do not depend on threads. They cover
 * what a segment owns: its customers' journeys, churn, trust, margin and
 * value. Word of mouth and arrivals, the experience split (top decile /
 * poor), emotions, the LTR noise and costs are figures of the whole
 * portfolio and are not split (cx_tally_segment_metrics leaves them
 * undefined).
 */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

int cx_engine_segments_alloc(cx_engine *e)
{
    size_t n = e->m->n_segments ? e->m->n_segments : 1;
    e->seg.period = calloc(n, sizeof *e->seg.period);
    e->seg.horizon = calloc(n, sizeof *e->seg.horizon);
    e->seg.initial = calloc(n, sizeof *e->seg.initial);
    return e->seg.period && e->seg.horizon && e->seg.initial;
}

void cx_engine_segments_release(cx_engine *e)
{
    free(e->seg.period);
    free(e->seg.horizon);
    free(e->seg.initial);
    e->seg.period = e->seg.horizon = NULL;
    e->seg.initial = NULL;
}

void cx_engine_segments_begin(cx_engine *e)
{
    memset(e->seg.period, 0, e->m->n_segments * sizeof *e->seg.period);
    memset(e->seg.horizon, 0, e->m->n_segments * sizeof *e->seg.horizon);
    memset(e->seg.initial, 0, e->m->n_segments * sizeof *e->seg.initial);
}

/* The initial customers by segment, once admitted: the population arrays
 * are gone when cx_engine_segment_tallies is asked. */
void cx_engine_segments_count_initial(cx_engine *e)
{
    size_t initial = (size_t)e->m->population < e->pop.n ? (size_t)e->m->population : e->pop.n;
    for (size_t i = 0; i < initial; i++)
        e->seg.initial[e->pop.segment[i]] += 1;
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
    for (size_t s = 0; s < e->m->n_segments; s++)
        e->seg.horizon[s].population = e->seg.initial[s];
    return e->seg.horizon;
}
