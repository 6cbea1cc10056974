/* calibrate.c - the loss of a calibration and its minimiser.
 *
 * The minimiser is the Nelder-Mead simplex method (J. A. Nelder and R.
 * Mead, "A simplex method for function minimization", The Computer
 * Journal 7(4), 1965, 308-313) as GSL implements it
 * (gsl_multimin_fminimizer_nmsimplex2, GSL manual, "Multidimensional
 * Minimization"). It needs no gradient, which a simulated loss does not
 * have, and it only compares losses, so a loss made deterministic by common
 * random numbers suits it. Bounds are kept by searching in logit
 * coordinates: every real z maps into (lo, hi), so the simplex can move
 * freely and never proposes a value the model would refuse.
 */
#include "cxsim/calibrate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

/* ---- goodness of fit ------------------------------------------------------- */

double cx_calibrate_fit(const cx_batch_result *b, size_t v, const cx_calibrate_target *t,
                        size_t n, double level, cx_calibrate_fit_row *rows)
{
    double loss = 0;
    for (size_t i = 0; i < n; i++) {
        const double *x;
        size_t stride;
        if (t[i].period > 0) {
            x = cx_batch_period(b, v, 0, (size_t)t[i].period - 1) + t[i].metric;
            stride = b->horizon * CX_METRIC_COUNT;
        } else {
            x = cx_batch_horizon(b, v, 0) + t[i].metric;
            stride = CX_METRIC_COUNT;
        }
        cx_stats_estimate(x, stride, b->reps, level, &rows[i].sim);
        rows[i].diff = rows[i].sim.mean - t[i].value;
        rows[i].z = rows[i].diff / t[i].scale;
        loss += t[i].weight * rows[i].z * rows[i].z;
    }
    return loss;
}

/* ---- the minimiser -------------------------------------------------------------- */

typedef struct search {
    size_t n;
    const cx_calibrate_param *p;
    cx_calibrate_objective f;
    void *ctx;
    cx_calibrate_result *r;
    size_t cap;             /* rows the trace has room for */
    double *x;              /* the point being evaluated */
    double *z0;             /* the start in logit coordinates */
    cx_status failed;       /* the first failure; the search stops */
    cx_error *err;
} search;

/* The start maps back to itself exactly, not to within rounding, so that
 * the first evaluation is the scenario as given. */
static double to_x(const cx_calibrate_param *p, double z, double z_start)
{
    return z == z_start ? p->start : p->lo + (p->hi - p->lo) / (1 + exp(-z));
}

static double to_z(const cx_calibrate_param *p, double x)
{
    double u = (x - p->lo) / (p->hi - p->lo);
    return log(u / (1 - u));
}

/* Appends x and its loss to the trace; keeps the best point. */
static int record(search *s, double loss)
{
    cx_calibrate_result *r = s->r;
    size_t w = s->n + 1;
    if (r->evals == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        double *g = realloc(r->trace, cap * w * sizeof *g);
        if (!g)
            return -1;
        r->trace = g;
        s->cap = cap;
    }
    memcpy(r->trace + r->evals * w, s->x, s->n * sizeof *s->x);
    r->trace[r->evals * w + s->n] = loss;
    if (++r->evals == 1 || loss < r->loss) {
        r->loss = loss;
        r->best_eval = r->evals;
        memcpy(r->x, s->x, s->n * sizeof *s->x);
    }
    return 0;
}

/* GSL's view of the objective. After a failure every call returns NaN,
 * which GSL reports as a bad function value; the search then returns the
 * failure itself. */
static double gsl_objective(const gsl_vector *z, void *params)
{
    search *s = params;
    double loss = GSL_NAN;
    if (s->failed != CX_OK)
        return GSL_NAN;
    for (size_t i = 0; i < s->n; i++)
        s->x[i] = to_x(&s->p[i], gsl_vector_get(z, i), s->z0[i]);
    s->failed = s->f(s->ctx, s->x, &loss, s->err);
    if (s->failed == CX_OK && isnan(loss))
        s->failed = cx_error_set(s->err, CX_ERR_SIM, "calibrate: the loss is not a number "
                                 "at evaluation %zu", s->r->evals + 1);
    if (s->failed == CX_OK && record(s, loss) != 0)
        s->failed = cx_error_set(s->err, CX_ERR_NOMEM, "calibrate: out of memory");
    return s->failed == CX_OK ? loss : GSL_NAN;
}

static cx_status check_params(size_t n, const cx_calibrate_param *p, size_t max_evals,
                              cx_error *err)
{
    if (n == 0)
        return cx_error_set(err, CX_ERR_USAGE, "calibrate: no parameter to fit");
    for (size_t i = 0; i < n; i++)
        if (!(p[i].lo < p[i].start && p[i].start < p[i].hi))
            return cx_error_set(err, CX_ERR_USAGE, "calibrate: parameter %zu: the start %g "
                                "is not inside (%g, %g)", i + 1, p[i].start, p[i].lo, p[i].hi);
    if (max_evals < n + 1)
        return cx_error_set(err, CX_ERR_USAGE, "calibrate: %zu evaluations cannot make the "
                            "first simplex of %zu parameters (%zu points)", max_evals, n,
                            n + 1);
    return CX_OK;
}

/* Whether to stop, and why, after the last iteration. */
static int stopping(cx_calibrate_result *r, const cx_calibrate_opts *o)
{
    if (gsl_multimin_test_size(r->size, o->tol) == GSL_SUCCESS)
        r->stop = CX_CALIBRATE_CONVERGED;
    else if (r->evals - r->best_eval >= o->stall)
        r->stop = CX_CALIBRATE_STALLED;
    else if (r->evals >= o->max_evals)
        r->stop = CX_CALIBRATE_CAPPED;
    else
        return 0;
    return 1;
}

/* Iterates until the simplex is small enough, the search stalls or the
 * evaluations are spent. */
static cx_status iterate(gsl_multimin_fminimizer *mm, search *s, const cx_calibrate_opts *o)
{
    cx_calibrate_result *r = s->r;
    r->size = gsl_multimin_fminimizer_size(mm);
    while (!stopping(r, o)) {
        int rc = gsl_multimin_fminimizer_iterate(mm);
        if (s->failed != CX_OK)
            return s->failed;
        if (rc != GSL_SUCCESS)
            return cx_error_set(s->err, CX_ERR_SIM, "calibrate: the simplex search failed: %s",
                                gsl_strerror(rc));
        r->size = gsl_multimin_fminimizer_size(mm);
    }
    return CX_OK;
}

/* Sets up GSL's minimiser at the start and runs it. */
static cx_status run(search *s, const cx_calibrate_opts *o)
{
    size_t n = s->n;
    cx_status st = CX_OK;
    gsl_multimin_fminimizer *mm =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    gsl_vector *z = gsl_vector_alloc(n), *step = gsl_vector_alloc(n);
    if (!mm || !z || !step)
        st = cx_error_set(s->err, CX_ERR_NOMEM, "calibrate: out of memory");
    gsl_multimin_function fn = {.f = gsl_objective, .n = n, .params = s};
    for (size_t i = 0; st == CX_OK && i < n; i++) {
        s->z0[i] = to_z(&s->p[i], s->p[i].start);
        gsl_vector_set(z, i, s->z0[i]);
        gsl_vector_set(step, i, o->step);
    }
    if (st == CX_OK) {
        int rc = gsl_multimin_fminimizer_set(mm, &fn, z, step);
        if (s->failed != CX_OK)
            st = s->failed;
        else if (rc != GSL_SUCCESS)
            st = cx_error_set(s->err, CX_ERR_SIM, "calibrate: cannot start the simplex: %s",
                              gsl_strerror(rc));
    }
    if (st == CX_OK)
        st = iterate(mm, s, o);
    gsl_multimin_fminimizer_free(mm);
    gsl_vector_free(z);
    gsl_vector_free(step);
    return st;
}

cx_status cx_calibrate_minimise(size_t n, const cx_calibrate_param *p,
                                cx_calibrate_objective f, void *ctx,
                                const cx_calibrate_opts *opts, cx_calibrate_result *out,
                                cx_error *err)
{
    cx_calibrate_opts o = opts ? *opts : (cx_calibrate_opts){0};
    if (!(o.tol > 0))
        o.tol = CX_CALIBRATE_TOL;
    if (o.max_evals == 0)
        o.max_evals = CX_CALIBRATE_MAX_EVALS;
    if (!(o.step > 0))
        o.step = CX_CALIBRATE_STEP;
    if (o.stall == 0)
        o.stall = 10 * (n + 1) > 20 ? 10 * (n + 1) : 20;
    memset(out, 0, sizeof *out);
    cx_status st = check_params(n, p, o.max_evals, err);
    if (st != CX_OK)
        return st;
    search s = {.n = n, .p = p, .f = f, .ctx = ctx, .r = out, .err = err,
                .x = malloc(n * sizeof(double)), .z0 = malloc(n * sizeof(double))};
    out->n = n;
    out->opts = o;
    out->x = malloc(n * sizeof *out->x);
    if (!s.x || !s.z0 || !out->x)
        st = cx_error_set(err, CX_ERR_NOMEM, "calibrate: out of memory");
    if (st == CX_OK)
        st = run(&s, &o);
    free(s.x);
    free(s.z0);
    if (st != CX_OK)
        cx_calibrate_result_free(out);
    return st;
}

void cx_calibrate_result_free(cx_calibrate_result *r)
{
    if (!r)
        return;
    free(r->x);
    free(r->trace);
    memset(r, 0, sizeof *r);
}
