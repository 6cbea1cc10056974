/* lanalysis.c - the analyses of the Lua module `cxsim` (docs/lua-module.md):
 * cx.quickwins, cx.sweep, cx.sensitivity and cx.calibrate, each the run
 * layer's function (cxsim/run.h) that the command's verb of the same name
 * calls, its outcome returned as Lua tables. As with cx.run, the calling
 * Lua state is not touched while the simulations run.
 */
#include "module.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/calibrate.h"
#include "cxsim/csv_table.h"
#include "cxsim/design.h"
#include "cxsim/metrics.h"
#include "cxsim/quickwins.h"
#include "cxsim/run.h"
#include "cxsim/scenario.h"
#include "cxsim/sobol.h"
#include "cxsim/targets.h"

/* ---- options -------------------------------------------------------------------- */

/* The string option key of the table at idx (0: none), or def. */
static const char *string_opt(lua_State *L, int idx, const char *fn, const char *key,
                              const char *def)
{
    if (idx == 0)
        return def;
    int t = lua_getfield(L, idx, key);              /* opts[key] */
    const char *s = def;
    if (t == LUA_TSTRING)
        s = lua_tostring(L, -1);                    /* anchored by opts */
    else if (t != LUA_TNIL)
        luaL_error(L, "%s: %s must be a string, got %s", fn, key, luaL_typename(L, -1));
    lua_pop(L, 1);
    return s;
}

/* The number option key of the table at idx (0: none), or def; must be
 * > 0 when given. */
static double positive_opt(lua_State *L, int idx, const char *fn, const char *key, double def)
{
    if (idx == 0)
        return def;
    int t = lua_getfield(L, idx, key);              /* opts[key] */
    double x = def;
    if (t != LUA_TNIL && !(t == LUA_TNUMBER && (x = lua_tonumber(L, -1)) > 0))
        luaL_error(L, "%s: %s must be a number > 0", fn, key);
    lua_pop(L, 1);
    return x;
}

/* metrics = { names } of the table at idx into out (CX_METRIC_COUNT
 * entries); absent: every metric (all) or nps alone. Returns the count. */
static size_t metrics_opt(lua_State *L, int idx, const char *fn, int all, int *out)
{
    size_t n = 0;
    int t = idx ? lua_getfield(L, idx, "metrics") : LUA_TNIL;  /* opts.metrics */
    if (t != LUA_TNIL && t != LUA_TTABLE)
        luaL_error(L, "%s: metrics must be a list of metric names", fn);
    for (lua_Integer i = 1; t == LUA_TTABLE && lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
        int m = lua_type(L, -1) == LUA_TSTRING ? cx_metric_from_name(lua_tostring(L, -1)) : -1;
        if (m < 0)
            luaL_error(L, "%s: metrics[%I]: no metric named '%s'", fn, i,
                       luaL_tolstring(L, -1, NULL));
        for (size_t k = 0; k < n; k++)
            if (out[k] == m)
                luaL_error(L, "%s: metric %s given twice", fn, cx_metric_name((cx_metric)m));
        if (n == CX_METRIC_COUNT)
            luaL_error(L, "%s: too many metrics", fn);
        out[n++] = m;
        lua_pop(L, 1);                              /* metrics[i] */
    }
    if (t == LUA_TTABLE)
        lua_pop(L, 1);                              /* the nil that ended it */
    if (idx)
        lua_pop(L, 1);                              /* opts.metrics */
    if (n == 0 && all)
        for (int m = 0; m < CX_METRIC_COUNT; m++)
            out[n++] = m;
    else if (n == 0)
        out[n++] = CX_M_NPS;
    return n;
}

/* params = { { path, low, high [, steps] }, ... } of the table at idx into
 * ps (CX_RUN_MAX_PARAMS entries), each range checked on m; absent: the
 * scenario's declared parameters (when declared is set). Returns the
 * count. */
static size_t params_opt(lua_State *L, int idx, const char *fn, const cx_model *m,
                         int declared, cx_run_param *ps)
{
    assert(m->n_ranges <= CX_RUN_MAX_PARAMS);   /* the loader caps them (CX_MAX_RANGES) */
    size_t n = 0;
    int t = idx ? lua_getfield(L, idx, "params") : LUA_TNIL;   /* opts.params */
    if (t != LUA_TNIL && t != LUA_TTABLE)
        luaL_error(L, "%s: params must be a list of { path, low, high }", fn);
    for (lua_Integer i = 1; t == LUA_TTABLE && lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
        if (lua_type(L, -1) != LUA_TTABLE || n == CX_RUN_MAX_PARAMS)
            luaL_error(L, "%s: params[%I] must be { path, low, high [, steps] } (at most %d)",
                       fn, i, CX_RUN_MAX_PARAMS);
        cx_run_param *p = &ps[n++];
        lua_rawgeti(L, -1, 1);                      /* path */
        lua_rawgeti(L, -2, 2);                      /* low */
        lua_rawgeti(L, -3, 3);                      /* high */
        lua_rawgeti(L, -4, 4);                      /* steps */
        int isnum;
        const char *path = lua_tostring(L, -4);
        p->lo = lua_tonumberx(L, -3, &isnum);
        if (!path || !isnum || (p->hi = lua_tonumberx(L, -2, &isnum), !isnum) ||
            !(p->lo < p->hi))
            luaL_error(L, "%s: params[%I] must be { path, low, high } with low < high", fn, i);
        lua_Integer steps = lua_isnil(L, -1) ? 0 : lua_tointegerx(L, -1, &isnum);
        if (!lua_isnil(L, -1) && (!isnum || steps < 2 || steps > 1000000))
            luaL_error(L, "%s: params[%I]: steps must be an integer >= 2", fn, i);
        p->steps = (size_t)steps;
        if (strlen(path) >= sizeof p->path)
            luaL_error(L, "%s: params[%I]: path too long", fn, i);
        strcpy(p->path, path);
        lua_pop(L, 5);                              /* the four fields, params[i] */
        cx_error why;
        if (cx_model_check_range(m, p->path, p->lo, p->hi, &why) != CX_OK)
            cx_lmodule_error(L, why.msg);
    }
    if (t == LUA_TTABLE)
        lua_pop(L, 1);                              /* the nil that ended it */
    if (idx)
        lua_pop(L, 1);                              /* opts.params */
    if (declared && n == 0)     /* checked when the scenario was loaded */
        for (size_t i = 0; i < m->n_ranges; i++) {
            /* an intervention's inputs cannot move the baseline varied */
            if (strncmp(m->ranges[i].path, "intervention.", 13) == 0)
                continue;
            cx_run_param *p = &ps[n++];
            snprintf(p->path, sizeof p->path, "%s", m->ranges[i].path);
            p->lo = m->ranges[i].low;
            p->hi = m->ranges[i].high;
            p->steps = 0;
        }
    if (n == 0)
        luaL_error(L, "%s: no parameters to vary: give params = { { path, low, high }, ... }%s",
                   fn, declared ? " or declare them in the scenario" : "");
    return n;
}

/* The design option of the table at idx: def when absent. */
static cx_design_kind design_opt(lua_State *L, int idx, const char *fn, const char *def)
{
    const char *name = string_opt(L, idx, fn, "design", def);
    cx_design_kind d;
    if (cx_design_from_name(name, &d) != 0)
        luaL_error(L, "%s: design must be grid, sobol or halton, got '%s'", fn, name);
    return d;
}

/* Sets t[keys[i]] = v[i] (i < n) in the table on top. */
static void set_numbers(lua_State *L, const char *const *keys, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        lua_pushnumber(L, v[i]);
        lua_setfield(L, -2, keys[i]);
    }
}

/* Sets t[key] = v, an integer, in the table on top. */
static void set_integer(lua_State *L, const char *key, size_t v)
{
    lua_pushinteger(L, (lua_Integer)v);
    lua_setfield(L, -2, key);
}

/* Sets t[key] = { mean =, sd =, ci_low =, ci_high =, n = } in the table on
 * top. */
static void set_estimate(lua_State *L, const char *key, const cx_estimate *e)
{
    cx_lresult_push_estimate(L, e);
    lua_setfield(L, -2, key);
}

/* ---- a study run ------------------------------------------------------------------- */

typedef cx_status (*study_fn)(const cx_model *m, const cx_run_opts *o, void *state,
                              cx_error *e);

/* Validates the model, runs study on it with the scenario's policy and the
 * options ro, then returns push's tables of the outcome; done frees the
 * state whatever happens (a Lua error included). */
static int run_study(lua_State *L, const cx_lmodel *mbox, const cx_lmodule_run_opts *ro,
                     study_fn study, void *state, void (*push)(lua_State *L, void *ctx),
                     void (*done)(void *ctx))
{
    cx_error e;
    cx_policy_factory *pf = NULL;
    cx_status st = cx_model_validate(mbox->m, &e);
    if (st == CX_OK)
        st = cx_lmodel_policy(L, 1, ro->seed, &pf, &e);    /* pushes scratch */
    if (st == CX_OK) {
        cx_run_opts o = {.reps = ro->reps, .seed = ro->seed, .threads = ro->threads,
                         .policy = pf};
        st = study(mbox->m, &o, state, &e);
        cx_scenario_policy_free(pf);
    }
    if (st != CX_OK) {
        done(state);
        return cx_lmodule_error(L, e.msg);
    }
    return cx_lmodule_build(L, push, state, done);
}

static cx_status sweep_study(const cx_model *m, const cx_run_opts *o, void *state, cx_error *e)
{
    return cx_run_sweep(m, o, state, e);
}

static cx_status sensitivity_study(const cx_model *m, const cx_run_opts *o, void *state,
                                   cx_error *e)
{
    return cx_run_sensitivity(m, o, state, e);
}

static cx_status calibration_study(const cx_model *m, const cx_run_opts *o, void *state,
                                   cx_error *e)
{
    return cx_run_calibrate(m, o, state, e);
}

/* ---- cx.quickwins ---------------------------------------------------------------- */

static const char *const quickwins_keys[] = {
    "reps", "seed", "threads", "objective", "max_combo", "top", "alpha", "precision",
    "max_reps", "uncertainty", NULL,
};

static void push_candidate(lua_State *L, const cx_quickwins_candidate *c)
{
    static const char *const keys[] = {"p_value", "p_holm"};
    const double v[] = {c->p_value, c->p_holm};
    lua_createtable(L, 0, 9);                       /* the candidate */
    set_integer(L, "rank", c->rank);
    set_integer(L, "size", c->size);
    set_numbers(L, keys, v, 2);
    lua_pushstring(L, c->label);
    lua_setfield(L, -2, "label");
    lua_pushboolean(L, c->significant);
    lua_setfield(L, -2, "significant");
    set_estimate(L, "effect", &c->effect);
    set_estimate(L, "cost", &c->cost);
    set_estimate(L, "roi", &c->roi);
}

static void push_quickwins(lua_State *L, void *ctx)
{
    const cx_quickwins *q = ctx;
    lua_createtable(L, 0, 6);                       /* the outcome */
    lua_pushstring(L, q->objective.name);
    lua_setfield(L, -2, "objective");
    set_integer(L, "reps", q->batch->reps);
    set_integer(L, "stages", q->stages);
    lua_pushnumber(L, q->half_width);
    lua_setfield(L, -2, "half_width");
    lua_pushboolean(L, q->reached);
    lua_setfield(L, -2, "reached");
    lua_createtable(L, (int)q->n_candidates, 0);    /* candidates, best first */
    for (size_t r = 0; r < q->n_candidates; r++) {
        push_candidate(L, &q->candidates[q->ranked[r]]);
        lua_rawseti(L, -2, (lua_Integer)r + 1);
    }
    lua_setfield(L, -2, "candidates");
}

static void free_quickwins(void *ctx)
{
    cx_quickwins_free(ctx);
}

/* cx.quickwins(model [, opts]) -> { objective =, reps =, stages =,
 * candidates = { best first } }; with { uncertainty = N }, the candidates
 * ranked under input uncertainty (luncertainty.c). */
static int cxsim_quickwins(lua_State *L)
{
    static const char fn[] = "cx.quickwins";
    cx_lmodel *mbox = cx_lmodel_check(L, 1);
    int opts = cx_lmodule_opts(L, fn, quickwins_keys);
    cx_lmodule_run_opts ro = cx_lmodule_read_run_opts(L, opts, fn, mbox->m);
    cx_quickwins_opts qo = {0};
    cx_error e;
    const char *objective = string_opt(L, opts, fn, "objective", "value");
    if (cx_quickwins_objective_parse(objective, &qo.objective, &e) != CX_OK)
        return cx_lmodule_error(L, e.msg);
    qo.max_combo = (size_t)cx_lmodule_int_opt(L, opts, fn, "max_combo", 0, 0, 64);
    qo.top = (size_t)cx_lmodule_int_opt(L, opts, fn, "top", 0, 0, 64);
    qo.alpha = positive_opt(L, opts, fn, "alpha", 0);
    qo.precision = positive_opt(L, opts, fn, "precision", 0);
    qo.max_reps = (size_t)cx_lmodule_int_opt(L, opts, fn, "max_reps", 0, 0, UINT32_MAX);
    int unsure = opts && lua_getfield(L, opts, "uncertainty") != LUA_TNIL;
    if (opts)
        lua_pop(L, 1);                              /* opts.uncertainty */
    if (unsure) {
        /* as `quickwins --uncertainty N`: the candidates are chosen at
         * max(reps, 2), the draws run at reps */
        if (cx_model_validate(mbox->m, &e) != CX_OK)
            return cx_lmodule_error(L, e.msg);
        return cx_luncertainty_quickwins(L, fn, mbox->m, &qo, &ro,
                                         (size_t)cx_lmodule_int_opt(L, opts, fn, "uncertainty",
                                                                    1, 1, 10000000));
    }
    if (ro.reps < 2)
        luaL_error(L, "%s: reps must be 2 or more for the confidence intervals", fn);
    if (cx_model_validate(mbox->m, &e) != CX_OK)
        return cx_lmodule_error(L, e.msg);
    cx_policy_factory *pf;
    if (cx_lmodel_policy(L, 1, ro.seed, &pf, &e) != CX_OK)    /* pushes scratch */
        return cx_lmodule_error(L, e.msg);
    qo.batch = (cx_batch_opts){.reps = ro.reps, .seed = ro.seed, .threads = ro.threads,
                               .policy = pf};
    cx_quickwins *q = NULL;
    cx_status st = cx_run_quickwins(mbox->m, &qo, &q, &e);
    cx_scenario_policy_free(pf);
    if (st != CX_OK)
        return cx_lmodule_error(L, e.msg);
    return cx_lmodule_build(L, push_quickwins, q, free_quickwins);
}

/* ---- cx.sweep --------------------------------------------------------------------- */

static const char *const sweep_keys[] = {
    "reps", "seed", "threads", "params", "design", "points", "metrics", NULL,
};

static void push_sweep(lua_State *L, void *ctx)
{
    const cx_run_sweep_study *s = ctx;
    lua_createtable(L, 0, 2);                       /* the outcome */
    lua_pushstring(L, cx_design_name(s->design));
    lua_setfield(L, -2, "design");
    lua_createtable(L, (int)s->n, 0);               /* the points */
    for (size_t p = 0; p < s->n; p++) {
        lua_createtable(L, 0, (int)s->in.n_metrics + 1);   /* point p */
        lua_createtable(L, 0, (int)s->in.k);           /* its values */
        for (size_t j = 0; j < s->in.k; j++) {
            lua_pushnumber(L, s->x[p * s->in.k + j]);
            lua_setfield(L, -2, s->in.params[j].path);
        }
        lua_setfield(L, -2, "values");
        for (size_t i = 0; i < s->in.n_metrics; i++)
            set_estimate(L, cx_metric_name((cx_metric)s->in.metrics[i]),
                         &s->est[p * s->in.n_metrics + i]);
        lua_rawseti(L, -2, (lua_Integer)p + 1);
    }
    lua_setfield(L, -2, "points");
}

static void free_sweep(void *ctx)
{
    cx_run_sweep_free(ctx);
}

/* cx.sweep(model [, opts]) -> { design =, points = { { values = { path = x },
 * metric = estimate, ... }, ... } }. */
static int cxsim_sweep(lua_State *L)
{
    static const char fn[] = "cx.sweep";
    cx_lmodel *mbox = cx_lmodel_check(L, 1);
    int opts = cx_lmodule_opts(L, fn, sweep_keys);
    cx_lmodule_run_opts ro = cx_lmodule_read_run_opts(L, opts, fn, mbox->m);
    cx_run_param *ps = lua_newuserdatauv(L, CX_RUN_MAX_PARAMS * sizeof *ps, 0);  /* scratch */
    int metrics[CX_METRIC_COUNT];
    cx_run_sweep_study s = {.in = {.params = ps, .metrics = metrics}};
    s.in.k = params_opt(L, opts, fn, mbox->m, 1, ps);
    int given = 0;
    for (size_t j = 0; j < s.in.k; j++)
        given |= ps[j].steps != 0;
    s.design = design_opt(L, opts, fn, given ? "grid" : "sobol");
    s.points = (size_t)cx_lmodule_int_opt(L, opts, fn, "points", 0, 0, CX_RUN_SWEEP_MAX_POINTS);
    s.in.n_metrics = metrics_opt(L, opts, fn, 1, metrics);
    for (size_t j = 0; j < s.in.k; j++)
        if ((s.design == CX_DESIGN_GRID) != (ps[j].steps != 0))
            luaL_error(L, "%s: a grid design needs steps of every parameter, a %s design "
                       "none (params[%d])", fn, cx_design_name(s.design), (int)j + 1);
    if (s.in.k > cx_design_max_dim(s.design))
        luaL_error(L, "%s: design %s takes at most %d parameters", fn,
                   cx_design_name(s.design), (int)cx_design_max_dim(s.design));
    return run_study(L, mbox, &ro, sweep_study, &s, push_sweep, free_sweep);
}

/* ---- cx.sensitivity ---------------------------------------------------------------- */

static const char *const sensitivity_keys[] = {
    "reps", "seed", "threads", "params", "design", "samples", "bootstrap", "metrics", NULL,
};

static void push_sensitivity(lua_State *L, void *ctx)
{
    const cx_run_sensitivity_study *s = ctx;
    lua_createtable(L, 0, (int)s->in.n_metrics);       /* the outcome */
    for (size_t i = 0; i < s->in.n_metrics; i++) {
        lua_createtable(L, 0, 2);                   /* metric i */
        lua_createtable(L, (int)s->in.k, 0);           /* its tornado, largest swing first */
        for (size_t r = 0; r < s->in.k; r++) {
            const cx_run_tornado_bar *b = &s->bars[i * s->in.k + r];
            static const char *const keys[] = {"low", "high", "baseline", "at_low", "at_high"};
            const double v[] = {s->in.params[b->q].lo, s->in.params[b->q].hi, b->base.mean,
                                b->low.mean, b->high.mean};
            lua_createtable(L, 0, 7);
            lua_pushstring(L, s->in.params[b->q].path);
            lua_setfield(L, -2, "parameter");
            set_numbers(L, keys, v, 5);
            set_estimate(L, "swing", &b->swing.diff);
            lua_rawseti(L, -2, (lua_Integer)r + 1);
        }
        lua_setfield(L, -2, "tornado");
        lua_createtable(L, 0, (int)s->in.k);           /* its Sobol' indices by parameter */
        for (size_t q = 0; q < s->in.k; q++) {
            const cx_sobol_index *x = &s->idx[i * s->in.k + q];
            static const char *const keys[] = {"first_order", "first_ci_low", "first_ci_high",
                                               "total", "total_ci_low", "total_ci_high"};
            const double v[] = {x->first, x->first_low, x->first_high, x->total,
                                x->total_low, x->total_high};
            lua_createtable(L, 0, 7);
            set_numbers(L, keys, v, 6);
            set_integer(L, "n", s->rows[i]);
            lua_setfield(L, -2, s->in.params[q].path);
        }
        lua_setfield(L, -2, "sobol");
        lua_setfield(L, -2, cx_metric_name((cx_metric)s->in.metrics[i]));
    }
}

static void free_sensitivity(void *ctx)
{
    cx_run_sensitivity_free(ctx);
}

/* cx.sensitivity(model [, opts]) -> { metric = { tornado = { ... },
 * sobol = { path = indices } } }. */
static int cxsim_sensitivity(lua_State *L)
{
    static const char fn[] = "cx.sensitivity";
    cx_lmodel *mbox = cx_lmodel_check(L, 1);
    int opts = cx_lmodule_opts(L, fn, sensitivity_keys);
    cx_lmodule_run_opts ro = cx_lmodule_read_run_opts(L, opts, fn, mbox->m);
    cx_run_param *ps = lua_newuserdatauv(L, CX_RUN_MAX_PARAMS * sizeof *ps, 0);  /* scratch */
    int metrics[CX_METRIC_COUNT];
    cx_run_sensitivity_study s = {.in = {.params = ps, .metrics = metrics}};
    s.in.k = params_opt(L, opts, fn, mbox->m, 1, ps);
    size_t sobol_max = cx_design_max_dim(CX_DESIGN_SOBOL) / 2;
    s.design = design_opt(L, opts, fn, s.in.k <= sobol_max ? "sobol" : "halton");
    if (s.design == CX_DESIGN_GRID)
        luaL_error(L, "%s: design must be sobol or halton (Saltelli's sampling)", fn);
    s.samples = (size_t)cx_lmodule_int_opt(L, opts, fn, "samples", CX_RUN_SENS_SAMPLES, 2,
                                           CX_RUN_SENS_MAX_POINTS);
    s.bootstrap = (size_t)cx_lmodule_int_opt(L, opts, fn, "bootstrap", CX_RUN_SENS_BOOTSTRAP,
                                             1, 1000000);
    s.in.n_metrics = metrics_opt(L, opts, fn, 0, metrics);
    return run_study(L, mbox, &ro, sensitivity_study, &s, push_sensitivity, free_sensitivity);
}

/* ---- cx.calibrate ------------------------------------------------------------------ */

static const char *const calibrate_keys[] = {
    "reps", "seed", "threads", "params", "targets", "max_evals", "tol", NULL,
};

static const char *stop_name(cx_calibrate_stop s)
{
    return s == CX_CALIBRATE_CONVERGED ? "converged" : s == CX_CALIBRATE_STALLED ? "stalled"
                                                                                 : "capped";
}

static void push_calibration(lua_State *L, void *ctx)
{
    const cx_run_calibration *c = ctx;
    lua_createtable(L, 0, 6);                       /* the outcome */
    lua_createtable(L, 0, (int)c->k);               /* the fitted values */
    for (size_t i = 0; i < c->k; i++) {
        lua_pushnumber(L, c->res.x[i]);
        lua_setfield(L, -2, c->params[i].path);
    }
    lua_setfield(L, -2, "values");
    lua_pushnumber(L, c->res.loss);
    lua_setfield(L, -2, "loss");
    set_integer(L, "evals", c->res.evals);
    set_integer(L, "best_eval", c->res.best_eval);
    lua_pushstring(L, stop_name(c->res.stop));
    lua_setfield(L, -2, "stop");
    lua_createtable(L, (int)c->n_targets, 0);       /* the fit, target by target */
    for (size_t i = 0; i < c->n_targets; i++) {
        const cx_calibrate_target *t = &c->targets[i];
        static const char *const keys[] = {"target", "difference", "z"};
        const double v[] = {t->value, c->rows[i].diff, c->rows[i].z};
        lua_createtable(L, 0, 6);
        lua_pushstring(L, cx_metric_name((cx_metric)t->metric));
        lua_setfield(L, -2, "metric");
        set_integer(L, "period", (size_t)t->period);
        set_numbers(L, keys, v, 3);
        set_estimate(L, "simulated", &c->rows[i].sim);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "fit");
}

static void free_calibration(void *ctx)
{
    cx_run_calibration *c = ctx;
    free((void *)c->targets);
    cx_run_calibration_free(c);
}

/* The targets file: its table read and checked against the horizon. */
static cx_status read_targets(const char *path, int horizon, cx_calibrate_target **tg,
                              size_t *nt, cx_error *e)
{
    cx_csv_table *t;
    cx_status st = cx_csv_read(path, &t, e);
    if (st != CX_OK)
        return st;
    st = cx_targets_read(t, horizon, tg, nt, e);
    cx_csv_table_free(t);
    return st;
}

/* cx.calibrate(model, opts) -> { values = { path = x }, loss =, evals =,
 * best_eval =, stop =, fit = { ... } }. */
static int cxsim_calibrate(lua_State *L)
{
    static const char fn[] = "cx.calibrate";
    cx_lmodel *mbox = cx_lmodel_check(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    int opts = cx_lmodule_opts(L, fn, calibrate_keys);
    cx_lmodule_run_opts ro = cx_lmodule_read_run_opts(L, opts, fn, mbox->m);
    cx_run_param *ps = lua_newuserdatauv(L, CX_RUN_MAX_PARAMS * sizeof *ps, 0);  /* scratch */
    cx_calibrate_param *box = lua_newuserdatauv(L, CX_RUN_MAX_PARAMS * sizeof *box, 0);
    cx_run_calibration c = {.params = ps, .box = box};
    c.k = params_opt(L, opts, fn, mbox->m, 0, ps);
    for (size_t i = 0; i < c.k; i++) {
        double v = 0;
        cx_error why;
        if (cx_model_get(mbox->m, ps[i].path, &v, &why) != CX_OK)
            return cx_lmodule_error(L, why.msg);
        if (!(ps[i].lo < v && v < ps[i].hi))
            luaL_error(L, "%s: %s: the search starts at the model's value, %f, which must "
                       "lie inside (%f, %f)", fn, ps[i].path, v, ps[i].lo, ps[i].hi);
        box[i] = (cx_calibrate_param){ps[i].lo, ps[i].hi, v};
    }
    c.targets_file = string_opt(L, opts, fn, "targets", NULL);
    if (!c.targets_file)
        luaL_error(L, "%s: targets = \"FILE.csv\" is required", fn);
    c.opts.max_evals = (size_t)cx_lmodule_int_opt(L, opts, fn, "max_evals", 0, 0, 1000000);
    c.opts.tol = positive_opt(L, opts, fn, "tol", 0);
    cx_error e;
    cx_calibrate_target *tg = NULL;
    if (read_targets(c.targets_file, mbox->m->horizon, &tg, &c.n_targets, &e) != CX_OK)
        return cx_lmodule_error(L, e.msg);
    c.targets = tg;
    return run_study(L, mbox, &ro, calibration_study, &c, push_calibration, free_calibration);
}

/* ---- registration ------------------------------------------------------------------ */


const luaL_Reg cx_lanalysis_functions[] = {
    {"quickwins", cxsim_quickwins},
    {"sweep", cxsim_sweep},
    {"sensitivity", cxsim_sensitivity},
    {"calibrate", cxsim_calibrate},
    {NULL, NULL}
};
