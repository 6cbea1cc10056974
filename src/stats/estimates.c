/* estimates.c - a run's estimates from stored replications or running
 * statistics (estimates.h). A plain run's estimates come from its stored
 * replications exactly as before running statistics existed, so its files
 * keep their bytes; a run in stages has only the running statistics. */
#include "cxsim/estimates.h"

#include <assert.h>

#include "cxsim/metrics.h"

void cx_estimates_get(const cx_estimates *s, cx_estimates_scope scope, size_t v, size_t at,
                      size_t m, double level, cx_estimate *out)
{
    const cx_batch_result *b = s->batch;
    assert(b || s->accum);
    switch (scope) {
    case CX_ESTIMATES_HORIZON:
        /* Replications of one variant are CX_METRIC_COUNT apart. */
        if (b)
            cx_stats_estimate(cx_batch_horizon(b, v, 0) + m, CX_METRIC_COUNT, b->reps, level,
                              out);
        else
            cx_accum_estimate(s->accum, v, m, level, out);
        return;
    case CX_ESTIMATES_PERIOD:
        /* Replications of one period are horizon * CX_METRIC_COUNT apart. */
        if (b)
            cx_stats_estimate(cx_batch_period(b, v, 0, at) + m, b->horizon * CX_METRIC_COUNT,
                              b->reps, level, out);
        else
            cx_accum_period(s->accum, v, at, m, level, out);
        return;
    case CX_ESTIMATES_TOUCHPOINT:
        /* Replications of one touchpoint are n_touchpoints *
         * CX_TP_METRIC_COUNT apart. */
        if (b)
            cx_stats_estimate(cx_batch_touchpoint(b, v, 0, at) + m,
                              b->n_touchpoints * CX_TP_METRIC_COUNT, b->reps, level, out);
        else
            cx_accum_touchpoint(s->accum, v, at, m, level, out);
        return;
    case CX_ESTIMATES_SEGMENT:
        /* Replications of one segment are n_segments * CX_METRIC_COUNT apart. */
        if (b)
            cx_stats_estimate(cx_batch_segment(b, v, 0, at) + m,
                              b->n_segments * CX_METRIC_COUNT, b->reps, level, out);
        else
            cx_accum_segment(s->accum, v, at, m, level, out);
        return;
    }
    assert(!"unknown cx_estimates_scope");
}

void cx_estimates_paired(const cx_estimates *s, size_t v, size_t m, double level,
                         cx_paired *out)
{
    const cx_batch_result *b = s->batch;
    assert(b || s->accum);
    if (b)
        cx_stats_paired(cx_batch_horizon(b, v, 0) + m, cx_batch_horizon(b, 0, 0) + m,
                        CX_METRIC_COUNT, b->reps, level, out);
    else
        cx_accum_paired(s->accum, v, m, level, out);
}

void cx_estimates_segment_paired(const cx_estimates *s, size_t v, size_t seg, size_t m,
                                 double level, cx_paired *out)
{
    const cx_batch_result *b = s->batch;
    assert(b || s->accum);
    if (b)
        cx_stats_paired(cx_batch_segment(b, v, 0, seg) + m, cx_batch_segment(b, 0, 0, seg) + m,
                        b->n_segments * CX_METRIC_COUNT, b->reps, level, out);
    else
        cx_accum_segment_paired(s->accum, v, seg, m, level, out);
}
