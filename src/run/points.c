/* points.c - the design points of sweep and sensitivity on the batch
 * runner (run.h): every point a copy of the baseline with its parameters
 * set, all with the same random numbers. */
#include "cxsim/run.h"

#include <stdio.h>

#include "run_internal.h"

cx_status cx_run_design(const cx_model *m, const cx_run_opts *o, cx_run_points *pts,
                        cx_error *err)
{
    cx_batch_points bp = {m, cx_run_baseline(m, &pts->variant), pts->n_points, 0, pts->set,
                          pts->take, pts->ctx};
    pts->batch = (cx_batch_opts){
        .reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .progress = o->progress, .progress_ctx = o->progress_ctx, .policy = o->policy,
        .stop = o->stop,
    };
    double start = cx_run_now();
    cx_status st = cx_batch_run_points(&bp, &pts->batch, err);
    pts->wall = cx_run_now() - start;
    pts->batch.policy = NULL;       /* the caller's, which it may free */
    pts->batch.progress = NULL;
    pts->batch.progress_ctx = NULL;
    return st;
}

cx_status cx_run_apply_point(cx_model *m, const cx_run_param *ps, size_t k, const double *x,
                             size_t point, cx_error *err)
{
    cx_error why;
    char at[512];
    size_t used = 0;
    for (size_t j = 0; j < k && used < sizeof at; j++)
        used += (size_t)snprintf(at + used, sizeof at - used, "%s%s=%.12g", j ? ", " : "",
                                 ps[j].path, x[j]);
    cx_status st = CX_OK;
    for (size_t j = 0; st == CX_OK && j < k; j++)
        st = cx_model_set(m, ps[j].path, x[j], &why);
    if (st == CX_OK)
        st = cx_model_validate(m, &why);
    if (st != CX_OK)
        return cx_error_set(err, st, "design point %zu (%s): %s", point + 1, at, why.msg);
    return CX_OK;
}
