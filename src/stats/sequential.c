/* sequential.c - the schedule of stages and the watched half-width of the
 * sequential procedure (sequential.h; Law, 5th ed., section 9.4.1). The
 * stages themselves run in the run layer (src/run/stages.c).
 */
#include "cxsim/sequential.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "cxsim/metrics.h"

size_t cx_sequential_stage_size(size_t done, size_t max_reps)
{
    size_t s = CX_SEQUENTIAL_STAGE;
    if (done >= 10 * CX_SEQUENTIAL_STAGE) {
        size_t tenth = (done + 9) / 10;
        s = (tenth + CX_SEQUENTIAL_STAGE - 1) / CX_SEQUENTIAL_STAGE * CX_SEQUENTIAL_STAGE;
        if (s > CX_SEQUENTIAL_MAX_STAGE)
            s = CX_SEQUENTIAL_MAX_STAGE;
    }
    return done >= max_reps ? 0 : (s < max_reps - done ? s : max_reps - done);
}

double cx_sequential_watched(const cx_accum *a, cx_sequential_rule rule, int metric, int *seen)
{
    const cx_batch_result *shape = cx_accum_shape(a);
    int paired = rule == CX_SEQUENTIAL_PAIRED, undefined = 0;
    double worst = 0;
    *seen = 0;
    for (size_t v = paired ? 1 : 0; v < shape->n_variants; v++) {
        cx_estimate e;
        cx_paired p;
        if (paired) {
            cx_accum_paired(a, v, (size_t)metric, CX_SEQUENTIAL_LEVEL, &p);
            e = p.diff;
        } else {
            cx_accum_estimate(a, v, (size_t)metric, CX_SEQUENTIAL_LEVEL, &e);
        }
        if (e.n == 0)       /* never defined (the baseline's roi): nothing to watch */
            continue;
        double h = cx_accum_half_width(a, v, (size_t)metric, paired, CX_SEQUENTIAL_LEVEL);
        *seen = 1;
        if (!(h >= 0))
            undefined = 1;
        else if (h > worst)
            worst = h;
    }
    return *seen && !undefined ? worst : NAN;
}

double cx_sequential_half_width(const cx_accum *a, cx_sequential_rule rule, int metric)
{
    int seen;
    return cx_sequential_watched(a, rule, metric, &seen);
}

