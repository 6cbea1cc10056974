/* cmd_calibrate.c - `cxsim calibrate`: fit --param values to the targets
 * of a CSV file. The search and its evaluations are the run layer's
 * (cx_run_calibrate: common random numbers, so the loss is a deterministic
 * function of the parameters); this reads the flags, the targets and the
 * modules the fit's directory copies, and prints. Method and file formats:
 * docs/analysis.md, "cxsim calibrate".
 */
#include "cmd_calibrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/csv_table.h"
#include "cxsim/targets.h"
#include "cxsim/run.h"
#include "cxsim/scenario.h"
#include "cxsim/targets.h"
#include "load.h"
#include "opts.h"
#include "out.h"
#include "params.h"
#include "print.h"
#include "progress.h"
#include "verbs.h"

#define LEVEL 0.95

/* ---- setting up ------------------------------------------------------------------ */

/* Integral parameters (scenario.horizon, population, reps, max_visits)
 * cannot follow a continuous search. */
static cx_status check_real(const cx_run_param *p, cx_error *err)
{
    size_t n;
    const cx_param_spec *specs = cx_model_scenario_params(&n);
    const cx_param_spec *s = strncmp(p->path, "scenario.", 9) == 0
                                 ? cx_param_find(specs, n, p->path + 9) : NULL;
    if (s && s->kind != CX_PARAM_REAL)
        return cx_error_set(err, CX_ERR_USAGE, "--param %s: an integer parameter cannot be "
                            "calibrated (the search moves continuously)", p->path);
    if (p->steps)
        return cx_error_set(err, CX_ERR_USAGE, "--param %s: calibrate takes NAME=LO:HI, "
                            "without STEPS", p->path);
    return CX_OK;
}

/* The bounds and the start: the scenario's value, strictly inside. */
static cx_status read_params(cx_cli_calib *c, cx_error *err)
{
    cx_status st = cx_cli_params_parse(c->o, c->m, c->par, &c->np, err);
    for (size_t i = 0; st == CX_OK && i < c->np; i++) {
        const cx_run_param *p = &c->par[i];
        double v = 0;
        cx_error why;
        st = check_real(p, err);
        if (st == CX_OK && cx_model_get(c->m, p->path, &v, &why) != CX_OK)
            st = cx_error_set(err, CX_ERR_USAGE, "--param: %s", why.msg);
        if (st == CX_OK && !(p->lo < v && v < p->hi))
            st = cx_error_set(err, CX_ERR_USAGE, "--param %s: the search starts at the "
                              "scenario's value, %g, which must lie inside (%g, %g): widen "
                              "the bounds, or --set a start inside them", p->path, v,
                              p->lo, p->hi);
        c->box[i] = (cx_calibrate_param){p->lo, p->hi, v};
    }
    return st;
}

static cx_status read_targets(cx_cli_calib *c, cx_error *err)
{
    cx_csv_table *t;
    cx_status st = cx_csv_read(c->o->targets, &t, err);
    if (st == CX_ERR_IO)
        st = err->code = CX_ERR_INPUT;  /* an unreadable targets file is bad input: exit 3 */
    if (st != CX_OK)
        return st;
    st = cx_targets_read(t, c->m->horizon, &c->tg, &c->nt, err);
    cx_csv_table_free(t);
    return st;
}

static void add_file(cx_cli_calib *c, const char *name, const char *path, int is_data)
{
    char *n = strdup(name), *p = strdup(path);
    if (!n || !p || c->n_mods == CX_CLI_MAX_MODULES) {
        free(n);
        free(p);
        c->mods_dropped = 1;
        return;
    }
    c->mod_name[c->n_mods] = n;
    c->mod_is_data[c->n_mods] = is_data;
    c->mod_path[c->n_mods++] = p;
}

/* Records a module the scenario requires (cx_scenario_opts.on_module). */
static void on_module(void *ctx, const char *name, const char *path)
{
    add_file(ctx, name, path, 0);
}

/* Records a data file the scenario reads (cx_scenario_opts.on_data). One
 * named by an absolute path is found from anywhere; one reached through
 * ".." (both possible with --unsafe only) cannot be put beside fitted.lua
 * and is left where it is. */
static void on_data(void *ctx, const char *name, const char *path)
{
    if (name[0] != '/' && !strstr(name, ".."))
        add_file(ctx, name, path, 1);
}

/* ---- one evaluation ------------------------------------------------------------------- */

/* Progress after each evaluation: the loss beside the count. */
static void on_eval(void *ctx, size_t evals, double loss, double best_loss)
{
    cx_cli_calib *c = ctx;
    char note[64];
    if (!c->progress)
        return;
    snprintf(note, sizeof note, "loss %.4g, best %.4g", loss, best_loss);
    cx_progress_step(c->progress, evals,
                     c->cal.opts.max_evals ? c->cal.opts.max_evals : CX_CALIBRATE_MAX_EVALS,
                     note);
}

/* The batch every evaluation runs: the baseline variant (the scenario's
 * first, or the model as declared), with the scenario's policy. */
static cx_status batch_setup(cx_cli_calib *c, cx_error *err)
{
    const cx_cli_opts *o = c->o;
    c->ro = (cx_run_opts){
        .reps = o->reps ? o->reps : (size_t)c->m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
    };
    c->cal = (cx_run_calibration){
        .params = c->par, .box = c->box, .k = c->np, .targets = c->tg, .n_targets = c->nt,
        .targets_file = o->targets, .opts = {.tol = o->tol, .max_evals = o->max_evals},
        .on_eval = on_eval, .ctx = c,
    };
    c->progress = cx_progress_new(!o->quiet, "evaluations", 1);
    cx_status st = cx_cli_policy(o, &c->policy, err);
    c->ro.policy = c->policy;
    return st;
}

static cx_status setup(cx_cli_calib *c, cx_error *err)
{
    const cx_cli_opts *o = c->o;
    if (!o->targets)
        return cx_error_set(err, CX_ERR_USAGE, "calibrate needs --targets FILE.csv (see "
                            "'cxsim help calibrate')");
    if (o->n_params == 0)
        return cx_error_set(err, CX_ERR_USAGE, "calibrate needs at least one --param "
                            "NAME=LO:HI, the parameters to fit (see 'cxsim help calibrate')");
    if (o->reps_auto || o->antithetic)
        return cx_error_set(err, CX_ERR_USAGE, "calibrate takes --reps N: every evaluation "
                            "runs the same replications");
    if (o->uncertainty)
        return cx_error_set(err, CX_ERR_USAGE, "--uncertainty goes with run and compare");
    if (o->resume)
        return cx_error_set(err, CX_ERR_USAGE, "calibrate has no --resume: calibrating "
                            "DIR/fitted.lua continues a search from where it stopped");
    cx_status st = cx_cli_load_modules(o, on_module, on_data, c, &c->m, err);
    for (size_t i = 0; st == CX_OK && o->out && i < c->n_mods; i++)
        if (c->mod_is_data[i] && cx_cli_calibrate_writes(c->mod_name[i]))
            st = cx_error_set(err, CX_ERR_USAGE, "%s reads %s, a file calibrate writes in "
                              "--out beside fitted.lua: rename it", o->scenario,
                              c->mod_name[i]);
    if (st == CX_OK)
        st = read_params(c, err);
    if (st == CX_OK)
        st = read_targets(c, err);
    if (st == CX_OK)
        st = batch_setup(c, err);
    return st;
}

/* ---- the report ------------------------------------------------------------------------- */

static int path_width(const cx_cli_calib *c)
{
    size_t w = 9;
    for (size_t i = 0; i < c->np; i++)
        if (strlen(c->par[i].path) > w)
            w = strlen(c->par[i].path);
    return (int)w;
}

static void print_params(const cx_cli_calib *c)
{
    int w = path_width(c);
    printf("\n%-*s %12s %12s %12s %12s %9s\n", w, "parameter", "lo", "hi", "start", "fitted",
           "position");
    for (size_t i = 0; i < c->np; i++) {
        const cx_calibrate_param *b = &c->box[i];
        printf("%-*s", w, c->par[i].path);
        cx_cli_print_value(b->lo);
        cx_cli_print_value(b->hi);
        cx_cli_print_value(b->start);
        cx_cli_print_value(c->cal.res.x[i]);
        printf(" %9.3f\n", (c->cal.res.x[i] - b->lo) / (b->hi - b->lo));
    }
    for (size_t i = 0; i < c->np; i++) {
        double pos = (c->cal.res.x[i] - c->box[i].lo) / (c->box[i].hi - c->box[i].lo);
        if (pos < 0.01 || pos > 0.99)
            printf("note: %s ended at the edge of its bounds: the best value may lie beyond "
                   "%s = %g\n", c->par[i].path, pos < 0.01 ? "LO" : "HI",
                   pos < 0.01 ? c->box[i].lo : c->box[i].hi);
    }
}

static void print_fit(const cx_cli_calib *c)
{
    printf("\n%-22s %6s %12s %12s %12s %12s %12s %8s\n", "metric", "period", "target",
           "simulated", "ci_low", "ci_high", "difference", "z");
    for (size_t i = 0; i < c->nt; i++) {
        const cx_calibrate_fit_row *r = &c->cal.rows[i];
        printf("%-22s", cx_metric_name((cx_metric)c->tg[i].metric));
        if (c->tg[i].period)
            printf(" %6d", c->tg[i].period);
        else
            printf(" %6s", "all");
        cx_cli_print_value(c->tg[i].value);
        cx_cli_print_value(r->sim.mean);
        cx_cli_print_value(r->sim.ci_low);
        cx_cli_print_value(r->sim.ci_high);
        cx_cli_print_value(r->diff);
        printf(" %8.3f\n", r->z);
    }
    printf("\nsimulated: mean over replications at the fit, 95 %% CI; z = (simulated - "
           "target) / scale,\nscale = sd if the targets give one, else |target|; loss = "
           "sum of weight z^2\n");
}

static void report(const cx_cli_calib *c)
{
    const cx_calibrate_result *r = &c->cal.res;
    printf("%s: \"%s\", %zu parameter%s fitted to %zu target%s of %s\n", c->o->scenario,
           c->m->name, c->np, c->np == 1 ? "" : "s", c->nt, c->nt == 1 ? "" : "s",
           c->o->targets);
    printf("%zu evaluations x %zu replications x %ld customers x %d periods (variant %s), "
           "seed %u, %u threads, %.2f s\n", r->evals, c->ro.reps, c->m->population,
           c->m->horizon, c->cal.variant_name, (unsigned)c->ro.seed, c->ro.threads, c->cal.wall);
    if (r->stop == CX_CALIBRATE_CONVERGED)
        printf("converged: simplex size %.3g below the tolerance %.3g\n", r->size,
               r->opts.tol);
    else if (r->stop == CX_CALIBRATE_STALLED)
        printf("stalled: no better point in the last %zu evaluations (the loss is flat "
               "there:\n  a parameter pressed against a bound, or one the targets do not "
               "depend on)\n", r->evals - r->best_eval);
    else
        printf("stopped at the evaluation cap (%zu) with simplex size %.3g, above the "
               "tolerance %.3g:\n  --max-evals raises the cap; calibrating fitted.lua again "
               "continues from the fit\n", r->opts.max_evals, r->size, r->opts.tol);
    printf("loss %.6g at evaluation %zu (at the start: %.6g)\n", r->loss, r->best_eval,
           r->trace[c->np]);
    print_params(c);
    print_fit(c);
    if (c->o->out)
        printf("\nresults in %s/ (fitted scenario: %s/fitted.lua)\n", c->o->out, c->o->out);
}

/* ---- the verb ----------------------------------------------------------------------------- */

static void release(cx_cli_calib *c)
{
    cx_run_calibration_free(&c->cal);
    cx_model_free(c->m);
    cx_scenario_policy_free(c->policy);
    free(c->tg);
    for (size_t i = 0; i < c->n_mods; i++) {
        free(c->mod_name[i]);
        free(c->mod_path[i]);
    }
}

int cx_cli_calibrate(const cx_cli_opts *o)
{
    cx_cli_calib c = {.o = o};
    cx_error err;
    cx_status st = setup(&c, &err);
    if (st == CX_OK)
        st = cx_run_calibrate(c.m, &c.ro, &c.cal, &err);
    cx_progress_finish(c.progress);
    c.progress = NULL;
    if (st == CX_OK && o->out)
        st = cx_cli_calibrate_write(&c, &err);
    if (st == CX_OK && o->format != CX_CLI_FORMAT_TABLE)
        st = cx_cli_calibrate_emit(&c, &err);
    else if (st == CX_OK)
        report(&c);
    if (st == CX_OK)
        st = cx_cli_write_report(o, &err);
    release(&c);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
