/* sweep.c - the metrics over a design of parameter values (run.h): a full
 * grid, or Sobol' or Halton points, every point run with the same random
 * numbers (cx_run_design), each metric estimated over the replications. */
#include "cxsim/run.h"

#include <assert.h>
#include <stdlib.h>

static cx_status set_point(void *ctx, size_t p, cx_model *m, cx_error *err)
{
    const cx_run_sweep_study *s = ctx;
    return cx_run_apply_point(m, s->in.params, s->in.k, &s->x[p * s->in.k], p, err);
}

static cx_status take_point(void *ctx, size_t p, const double *values, size_t reps,
                            cx_error *err)
{
    cx_run_sweep_study *s = ctx;
    (void)err;
    for (size_t i = 0; i < s->in.n_metrics; i++)
        cx_stats_estimate(values + s->in.metrics[i], CX_METRIC_COUNT, reps, CX_RUN_LEVEL,
                          &s->est[p * s->in.n_metrics + i]);
    return CX_OK;
}

/* The design's points into s->x. */
static cx_status make_design(cx_run_sweep_study *s, cx_error *err)
{
    double lo[CX_RUN_MAX_PARAMS], hi[CX_RUN_MAX_PARAMS];
    size_t steps[CX_RUN_MAX_PARAMS];
    for (size_t j = 0; j < s->in.k; j++) {
        lo[j] = s->in.params[j].lo;
        hi[j] = s->in.params[j].hi;
        steps[j] = s->in.params[j].steps;
    }
    s->n = s->points ? s->points : CX_RUN_SWEEP_POINTS;
    if (s->design == CX_DESIGN_GRID &&
        cx_design_grid_size(s->in.k, steps, CX_RUN_SWEEP_MAX_POINTS, &s->n, err) != CX_OK)
        return err->code;
    if (s->n > CX_RUN_SWEEP_MAX_POINTS)
        return cx_error_set(err, CX_ERR_USAGE, "a sweep has at most %d points",
                            CX_RUN_SWEEP_MAX_POINTS);
    s->x = malloc(s->n * s->in.k * sizeof *s->x);
    s->est = malloc(s->n * s->in.n_metrics * sizeof *s->est);
    if (!s->x || !s->est)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu points", s->n);
    if (s->design != CX_DESIGN_GRID)
        return cx_design_qrng(s->design, s->in.k, s->n, lo, hi, s->x, err);
    for (size_t p = 0; p < s->n; p++)
        cx_design_grid_point(s->in.k, lo, hi, steps, p, &s->x[p * s->in.k]);
    return CX_OK;
}

cx_status cx_run_sweep(const cx_model *m, const cx_run_opts *o, cx_run_sweep_study *s, cx_error *err)
{
    assert(s->in.k <= CX_RUN_MAX_PARAMS && s->in.n_metrics >= 1);
    s->x = NULL;
    s->est = NULL;
    if (s->in.k == 0)
        return cx_error_set(err, CX_ERR_USAGE, "a sweep needs parameters to vary");
    for (size_t j = 0; j < s->in.k; j++)
        if (s->design == CX_DESIGN_GRID && s->in.params[j].steps < 2)
            return cx_error_set(err, CX_ERR_USAGE, "a grid needs 2 steps or more of every "
                                "parameter; %s has %zu", s->in.params[j].path,
                                s->in.params[j].steps);
    cx_status st = make_design(s, err);
    if (st != CX_OK)
        return st;
    s->run = (cx_run_points){.n_points = s->n, .set = set_point, .take = take_point, .ctx = s};
    return cx_run_design(m, o, &s->run, err);
}

void cx_run_sweep_free(cx_run_sweep_study *s)
{
    free(s->x);
    free(s->est);
    s->x = NULL;
    s->est = NULL;
}
