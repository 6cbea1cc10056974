/* calibration.c - the calibration's objective (run.h): every evaluation
 * runs the scenario's baseline with the parameters at x, the same seed,
 * the same replications and so the same random numbers (common random
 * numbers): the loss is then a deterministic function of the parameters,
 * and differences between two points are the parameters' doing, not the
 * dice's. The bounded simplex search is cx_calibrate_minimise
 * (cxsim/calibrate.h); method: docs/analysis.md, "cxsim calibrate". */
#include "cxsim/run.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"

static int wildcards(const char *path)
{
    int n = 0;
    for (; *path; path++)
        n += *path == '*';
    return n;
}

/* Parameters apply as a scenario's set block applies them (wildcards
 * first, then by path), so that a fitted scenario reproduces every
 * evaluation. */
static void apply_order(cx_run_calibration *c)
{
    for (size_t i = 0; i < c->k; i++)
        c->order[i] = i;
    for (size_t i = 1; i < c->k; i++)       /* insertion sort: a handful */
        for (size_t k = i; k > 0; k--) {
            const char *a = c->params[c->order[k - 1]].path, *b = c->params[c->order[k]].path;
            int wa = wildcards(a), wb = wildcards(b);
            if (wa > wb || (wa == wb && strcmp(a, b) <= 0))
                break;
            size_t t = c->order[k];
            c->order[k] = c->order[k - 1];
            c->order[k - 1] = t;
        }
}

/* The scenario with the parameters at x, checked as a scenario is. */
typedef struct eval_ctx {
    cx_run_calibration *c;
    const cx_model *m;
    const cx_run_opts *o;
} eval_ctx;

static cx_status model_at(const eval_ctx *e, const double *x, cx_model **out, cx_error *err)
{
    const cx_run_calibration *c = e->c;
    cx_model *m = cx_model_copy(e->m);
    cx_status st = m ? CX_OK : cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    for (size_t k = 0; st == CX_OK && k < c->k; k++) {
        size_t i = c->order[k];
        st = cx_model_set(m, c->params[i].path, x[i], err);
    }
    cx_error why;
    if (st == CX_OK && cx_model_validate(m, &why) != CX_OK)
        st = cx_error_set(err, CX_ERR_USAGE, "evaluation %zu: the parameters make the "
                          "scenario invalid (%s); narrow the --param bounds", c->evals + 1,
                          why.msg);
    if (st != CX_OK) {
        cx_model_free(m);
        m = NULL;
    }
    *out = m;
    return st;
}

/* The loss of batch b; a target no replication gives a value is bad input. */
static cx_status score(cx_run_calibration *c, const cx_batch_result *b, double *loss,
                       cx_error *err)
{
    *loss = cx_calibrate_fit(b, 0, c->targets, c->n_targets, CX_RUN_LEVEL, c->scratch);
    for (size_t i = 0; isnan(*loss) && i < c->n_targets; i++)
        if (c->scratch[i].sim.n == 0)
            return cx_error_set(err, CX_ERR_INPUT, "%s:%d: column %d: metric '%s' has no "
                                "value in this scenario's simulation (NA in every "
                                "replication)", c->targets_file, c->targets[i].line,
                                c->targets[i].column,
                                cx_metric_name((cx_metric)c->targets[i].metric));
    return CX_OK;
}

/* Keeps the evaluation if it is the best so far (the first of equals). */
static void keep(cx_run_calibration *c, double loss, cx_batch_result **b, cx_model **m)
{
    if (c->best && !(loss < c->best_loss))
        return;
    cx_batch_result_free(c->best);
    cx_model_free(c->best_model);
    c->best = *b;
    c->best_model = *m;
    *b = NULL;
    *m = NULL;
    c->best_loss = loss;
    cx_calibrate_fit_row *t = c->rows;
    c->rows = c->scratch;
    c->scratch = t;
}

static cx_status objective(void *ctx, const double *x, double *loss, cx_error *err)
{
    const eval_ctx *e = ctx;
    cx_run_calibration *c = e->c;
    cx_model *m;
    cx_batch_result *b = NULL;
    cx_status st = model_at(e, x, &m, err);
    if (st == CX_OK)
        st = cx_run_batch(m, c->variant, c->variant_name, e->o, &b, err);
    if (st == CX_OK)
        st = score(c, b, loss, err);
    c->evals++;
    if (st == CX_OK)
        keep(c, *loss, &b, &m);
    if (c->on_eval && st == CX_OK)
        c->on_eval(c->ctx, c->evals, *loss, c->best_loss);
    cx_batch_result_free(b);
    cx_model_free(m);
    return st;
}

cx_status cx_run_calibrate(const cx_model *m, const cx_run_opts *o, cx_run_calibration *c,
                           cx_error *err)
{
    assert(c->k <= CX_RUN_MAX_PARAMS && c->box && c->targets_file);
    c->variant = cx_run_baseline(m, &c->variant_name);
    apply_order(c);
    c->rows = calloc(c->n_targets ? c->n_targets : 1, sizeof *c->rows);
    c->scratch = calloc(c->n_targets ? c->n_targets : 1, sizeof *c->scratch);
    if (!c->rows || !c->scratch)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    eval_ctx e = {c, m, o};
    double start = cx_run_now();
    cx_status st = cx_calibrate_minimise(c->k, c->box, objective, &e, &c->opts, &c->res, err);
    c->wall = cx_run_now() - start;
    return st;
}

void cx_run_calibration_free(cx_run_calibration *c)
{
    cx_calibrate_result_free(&c->res);
    cx_batch_result_free(c->best);
    cx_model_free(c->best_model);
    free(c->rows);
    free(c->scratch);
    c->best = NULL;
    c->best_model = NULL;
    c->rows = c->scratch = NULL;
}
