/* variant_batch.c - one batch of one variant (run.h): every evaluation of a
 * calibration, the period-1 simulation of check --analytic; the baseline
 * an analysis varies; the layer's clock. */
#include "cxsim/run.h"

#include <assert.h>
#include <time.h>

#include "run_internal.h"

cx_status cx_run_batch(const cx_model *m, size_t variant, const char *name,
                       const cx_run_opts *o, cx_batch_result **out, cx_error *err)
{
    cx_batch_opts bo = {
        .reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .variant_index = &variant, .policy = o->policy, .stop = o->stop,
        .progress = o->progress, .progress_ctx = o->progress_ctx,
    };
    assert(m && name && (variant == CX_NO_VARIANT || variant < m->n_variants));
    *out = NULL;
    return cx_batch_run(&m, &name, 1, &bo, out, err);
}

size_t cx_run_baseline(const cx_model *m, const char **name)
{
    size_t index;
    if (cx_model_variant_order(m, &index, 1) == 0) {
        *name = "baseline";
        return CX_NO_VARIANT;
    }
    *name = m->variants[index].name;
    return index;
}

double cx_run_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
