/* policy.c - the scenario's on_period(sim, t) function as a cx_policy,
 * one Lua state per batch worker (docs/architecture.md, house style point
 * 9; wrk's script.c).
 *
 * The factory holds only plain data, read-only once made: the scenario's
 * path, its text (read once, so every worker runs the same text) and the
 * load options. make() builds a worker's state from that text, in the
 * same sandbox as a load, with print silenced (the load printed already)
 * and the model it builds thrown away.
 *
 * Replications must not depend on the worker that runs them, so begin()
 * rebuilds the state whenever on_period has run in it since it was built:
 * a rebuild costs about a millisecond, a replication about a second, and
 * it is the one way in stock Lua to be sure that nothing a policy changed
 * (globals, upvalues, library tables, the string metatable) survives.
 * begin() then seeds math.random with (opts.seed, replication).
 *
 * on_period gets a `sim` userdata, valid during the call only:
 *   sim:metric(name)      the period's value of a metric (metrics.h names)
 *   sim:enable(name)      enable / disable an intervention from the next
 *   sim:disable(name)     period on (cx_engine_enable)
 *   sim:enabled(name)     whether it is enabled now
 *   sim:set(path, value)  override a parameter from the next period on
 *                         (cx_engine_override; paths as an intervention's set)
 *   sim.period            the period just simulated (also the argument t)
 *   sim.replication       the replication index
 *   sim.horizon           the scenario's horizon
 */
#include "loader.h"
#include "build.h"
#include "sandbox.h"
#include "budget.h"
#include "lerror.h"
#include "lpath.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/engine.h"
#include "cxsim/io.h"
#include "cxsim/metrics.h"
#include "cxsim/suggest.h"

#define SIM_TYPE "cxsim.sim"

typedef struct factory {
    cx_policy_factory f;        /* first: cx_scenario_policy_free gets &f */
    char *path;
    char *buf;                  /* the scenario's text */
    size_t len;
    cx_scenario_opts opts;      /* lib_dirs point into dirs */
    char **dirs;
} factory;

typedef struct sim_ud {
    cx_engine *e;               /* NULL outside on_period */
    const double *metrics;      /* the period's, CX_METRIC_COUNT values */
    int period;
    lua_Integer replication;
    int horizon;
} sim_ud;

typedef struct worker {
    const factory *fac;
    cx_lua_loader ld;           /* the allocator's userdata: must not move */
    lua_State *L;
    sim_ud *sim;                /* Lua-owned, anchored by sim_ref */
    int fn_ref, sim_ref;        /* registry refs; fn_ref LUA_NOREF: no on_period */
    int visit_ref;              /* on_visit, or LUA_NOREF */
    const cx_visit_event *ev;   /* the visit on_visit is called for */
    double emotion;             /* what on_visit returned (or the visit's) */
    int horizon;
    int dirty;                  /* on_period ran since the state was built */
} worker;

/* ---- sim ---------------------------------------------------------------------- */

/* The sim at index 1, in use: `sim.metric(...)` (a dot) is the likely
 * mistake when it is missing. */
static sim_ud *check_sim(lua_State *L, const char *method)
{
    sim_ud *s = luaL_testudata(L, 1, SIM_TYPE);
    if (!s)
        cx_lua_error(L, NULL, "sim:%s: call it with a colon, as sim:%s(...)", method,
                     method);
    if (!s->e)
        cx_lua_error(L, NULL, "sim:%s: sim can only be used during on_period", method);
    return s;
}

static const char *check_string(lua_State *L, int idx, const char *method)
{
    if (lua_type(L, idx) != LUA_TSTRING)
        cx_lua_error(L, NULL, "sim:%s: expects a name, got %s", method,
                     luaL_typename(L, idx));
    return lua_tostring(L, idx);
}

static int sim_metric(lua_State *L)
{
    sim_ud *s = check_sim(L, "metric");
    const char *name = check_string(L, 2, "metric");
    int m = cx_metric_from_name(name);
    if (m < 0) {
        cx_suggestion sg;
        cx_suggest_init(&sg, name);
        for (int i = 0; i < CX_METRIC_COUNT; i++)
            cx_suggest_add(&sg, cx_metric_name((cx_metric)i));
        if (sg.best)
            return cx_lua_error(L, NULL, "sim:metric: unknown metric '%s'; did you mean "
                                "'%s'?", name, sg.best);
        return cx_lua_error(L, NULL, "sim:metric: unknown metric '%s'", name);
    }
    lua_pushnumber(L, s->metrics[m]);
    return 1;
}

static int enable(lua_State *L, const char *method, int on)
{
    sim_ud *s = check_sim(L, method);
    cx_error e;
    if (cx_engine_enable(s->e, check_string(L, 2, method), on, &e) != CX_OK)
        return cx_lua_error(L, NULL, "sim:%s: %s", method, e.msg);
    return 0;
}

static int sim_enable(lua_State *L)
{
    return enable(L, "enable", 1);
}

static int sim_disable(lua_State *L)
{
    return enable(L, "disable", 0);
}

static int sim_enabled(lua_State *L)
{
    sim_ud *s = check_sim(L, "enabled");
    const char *name = check_string(L, 2, "enabled");
    int on = cx_engine_enabled(s->e, name);
    if (on < 0) {
        cx_error e;     /* an unknown name changes nothing; the message has the hint */
        cx_engine_enable(s->e, name, 0, &e);
        return cx_lua_error(L, NULL, "sim:enabled: %s", e.msg);
    }
    lua_pushboolean(L, on);
    return 1;
}

static int sim_set(lua_State *L)
{
    sim_ud *s = check_sim(L, "set");
    const char *key = check_string(L, 2, "set");
    char path[sizeof ((cx_edit *)0)->path];
    cx_error e;
    if (lua_type(L, 3) != LUA_TNUMBER)
        return cx_lua_error(L, NULL, "sim:set: %s: the value must be a number, got %s", key,
                            luaL_typename(L, 3));
    if (!cx_lua_path_normalise(key, path, sizeof path))
        return cx_lua_error(L, NULL, "sim:set: path \"%.40s...\" is too long", key);
    if (cx_engine_override(s->e, path, lua_tonumber(L, 3), &e) != CX_OK)
        return cx_lua_error(L, NULL, "sim:set: %s", e.msg);
    return 0;
}

/* sim.field, or a method; upvalue: the methods. */
static int sim_index(lua_State *L)
{
    sim_ud *s = luaL_checkudata(L, 1, SIM_TYPE);
    const char *key = lua_tostring(L, 2);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 1;
    if (key && strcmp(key, "period") == 0)
        lua_pushinteger(L, s->period);
    else if (key && strcmp(key, "replication") == 0)
        lua_pushinteger(L, s->replication);
    else if (key && strcmp(key, "horizon") == 0)
        lua_pushinteger(L, s->e ? cx_engine_horizon(s->e) : s->horizon);
    else if (key && strcmp(key, "variant") == 0 && s->e)
        lua_pushstring(L, cx_engine_variant_name(s->e));
    else
        return cx_lua_error(L, NULL, "sim has no field '%s'", luaL_tolstring(L, 2, NULL));
    return 1;
}

static int sim_newindex(lua_State *L)
{
    return cx_lua_error(L, NULL, "sim is read-only; use sim:set(path, value)");
}

static const luaL_Reg sim_methods[] = {
    {"metric", sim_metric},
    {"enable", sim_enable},
    {"disable", sim_disable},
    {"enabled", sim_enabled},
    {"set", sim_set},
    {NULL, NULL}
};

/* Registers the sim metatable and pushes a new sim. */
static sim_ud *push_sim(lua_State *L)
{
    static const luaL_Reg meta[] = {{"__newindex", sim_newindex}, {NULL, NULL}};
    luaL_newmetatable(L, SIM_TYPE);
    luaL_setfuncs(L, meta, 0);
    luaL_newlib(L, sim_methods);
    lua_pushcclosure(L, sim_index, 1);          /* methods as upvalue */
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    sim_ud *s = lua_newuserdatauv(L, sizeof *s, 0);
    memset(s, 0, sizeof *s);
    luaL_setmetatable(L, SIM_TYPE);
    return s;
}

/* ---- a worker's state ------------------------------------------------------------ */

/* Protected: finds on_period and makes the sim. Argument: the worker. */
static int psetup(lua_State *L)
{
    worker *w = lua_touserdata(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, w->ld.env_ref);
    lua_pushliteral(L, "on_period");
    if (lua_rawget(L, -2) == LUA_TFUNCTION)     /* raw: the env is strict */
        w->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    else
        lua_pop(L, 1);
    lua_pushliteral(L, "on_visit");
    if (lua_rawget(L, -2) == LUA_TFUNCTION)
        w->visit_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    w->sim = push_sim(L);
    w->sim->horizon = w->horizon;
    w->sim_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

/* Runs f(w) protected with the message handler (docs/architecture.md,
 * house style point 7); errors are reported with what inserted after the
 * position. */
static cx_status protect(worker *w, lua_CFunction f, const char *what, cx_error *err)
{
    lua_State *L = w->L;
    lua_pushcfunction(L, cx_lua_msgh);
    lua_pushcfunction(L, f);
    lua_pushlightuserdata(L, w);
    int rc = lua_pcall(L, 1, 0, 1);
    cx_status st = rc == LUA_OK ? CX_OK : cx_lua_error_report(&w->ld, L, rc, what, err);
    lua_settop(L, 0);
    return st;
}

static void worker_close(worker *w)
{
    if (w->L)
        cx_lua_budget_close(&w->ld);
    w->L = NULL;
    w->sim = NULL;
    w->fn_ref = w->sim_ref = w->visit_ref = LUA_NOREF;
}

/* Builds (or rebuilds) the worker's state from the scenario text. */
static cx_status worker_build(worker *w, cx_error *err)
{
    const factory *f = w->fac;
    worker_close(w);
    cx_model *m = cx_model_new();
    if (!m)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", f->path);
    snprintf(m->source, sizeof m->source, "%s", f->path);
    cx_lua_loader_init(&w->ld, f->path, &f->opts, m);
    w->ld.silent = 1;
    cx_status st = cx_lua_build(&w->ld, f->buf, f->len, &w->L, err);
    w->horizon = m->horizon;
    cx_model_free(m);
    w->ld.model = NULL;         /* closed: constructors refuse from now on */
    w->ld.silent = 0;
    if (st != CX_OK) {
        w->L = NULL;            /* cx_lua_build closed it */
        return st;
    }
    st = protect(w, psetup, NULL, err);
    w->dirty = 0;
    if (st != CX_OK)
        worker_close(w);
    return st;
}

/* ---- the policy -------------------------------------------------------------------- */

/* Protected: math.randomseed(seed, replication) with the stock function. */
static int pbegin(lua_State *L)
{
    worker *w = lua_touserdata(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, CX_LUA_RANDOMSEED_KEY);
    lua_pushinteger(L, (lua_Integer)w->fac->opts.seed);
    lua_pushinteger(L, w->sim->replication);
    lua_call(L, 2, 0);
    return 0;
}

static cx_status policy_begin(void *ctx, uint32_t replication, cx_error *err)
{
    worker *w = ctx;
    if (w->dirty || !w->L) {
        cx_status st = worker_build(w, err);
        if (st != CX_OK)
            return st;
    }
    w->sim->replication = replication;
    cx_lua_budget_arm(w->L);
    return protect(w, pbegin, "on_period", err);
}

/* Protected: on_period(sim, t). */
static int pcall_on_period(lua_State *L)
{
    worker *w = lua_touserdata(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, w->fn_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, w->sim_ref);
    lua_pushinteger(L, w->sim->period);
    lua_call(L, 2, 0);
    return 0;
}

static cx_status policy_on_period(void *ctx, cx_engine *e, int period,
                                  const double *metrics, cx_error *err)
{
    worker *w = ctx;
    if (!w->L)
        return cx_error_set(err, CX_ERR_USAGE, "%s: on_period: the policy has no state "
                            "(begin failed)", w->fac->path);
    if (w->fn_ref == LUA_NOREF)
        return CX_OK;
    w->dirty = 1;
    w->sim->e = e;
    w->sim->metrics = metrics;
    w->sim->period = period;
    w->ld.status = CX_ERR_INPUT;
    cx_lua_budget_arm(w->L);          /* fresh budgets for each call */
    cx_status st = protect(w, pcall_on_period, "on_period", err);
    w->sim->e = NULL;                   /* a sim kept in a global goes stale */
    w->sim->metrics = NULL;
    return st;
}

/* ---- the per-visit hook --------------------------------------------------------------- */

/* Protected: on_visit(ev); a number it returns is the visit's new emotion. */
static int pcall_on_visit(lua_State *L)
{
    worker *w = lua_touserdata(L, 1);
    const cx_visit_event *ev = w->ev;
    lua_Debug ar;
    lua_rawgeti(L, LUA_REGISTRYINDEX, w->visit_ref);
    lua_pushvalue(L, -1);
    lua_getinfo(L, ">S", &ar);          /* where on_visit is defined, for a bad return */
    lua_createtable(L, 0, 12);
    lua_pushinteger(L, ev->customer);
    lua_setfield(L, -2, "customer");
    lua_pushinteger(L, ev->period);
    lua_setfield(L, -2, "period");
    lua_pushstring(L, ev->segment);
    lua_setfield(L, -2, "segment");
    lua_pushstring(L, ev->journey);
    lua_setfield(L, -2, "journey");
    lua_pushstring(L, ev->touchpoint);
    lua_setfield(L, -2, "touchpoint");
    lua_pushnumber(L, ev->emotion);
    lua_setfield(L, -2, "emotion");
    lua_pushinteger(L, ev->csat);
    lua_setfield(L, -2, "csat");
    lua_pushnumber(L, ev->trust);
    lua_setfield(L, -2, "trust");
    lua_pushboolean(L, ev->delight);
    lua_setfield(L, -2, "delight");
    lua_pushboolean(L, ev->friction);
    lua_setfield(L, -2, "friction");
    lua_pushboolean(L, ev->recovered);
    lua_setfield(L, -2, "recovered");
    lua_pushboolean(L, ev->abandoned);
    lua_setfield(L, -2, "abandoned");
    lua_call(L, 1, 1);
    if (lua_type(L, -1) == LUA_TNUMBER)
        w->emotion = lua_tonumber(L, -1);
    else if (!lua_isnil(L, -1))         /* returned: no line of its own is running */
        return luaL_error(L, "%s:%d: must return a number (the new emotion) or nothing, "
                          "got %s (the function defined here)", ar.short_src,
                          ar.linedefined, luaL_typename(L, -1));
    return 0;
}

static cx_status policy_on_visit(void *ctx, const cx_visit_event *ev, double *emotion,
                                 cx_error *err)
{
    worker *w = ctx;
    if (!w->L || w->visit_ref == LUA_NOREF)
        return CX_OK;
    w->dirty = 1;
    w->ev = ev;
    w->emotion = *emotion;
    w->ld.status = CX_ERR_INPUT;
    cx_lua_budget_arm(w->L);          /* fresh budgets for each call */
    cx_status st = protect(w, pcall_on_visit, "on_visit", err);
    w->ev = NULL;
    if (st == CX_OK)
        *emotion = w->emotion;
    return st;
}

/* ---- the factory --------------------------------------------------------------------- */

static cx_status factory_make(void *arg, cx_policy *out, cx_error *err)
{
    worker *w = calloc(1, sizeof *w);
    if (!w)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory making a policy");
    w->fac = arg;
    w->fn_ref = w->sim_ref = w->visit_ref = LUA_NOREF;
    cx_status st = worker_build(w, err);
    if (st != CX_OK) {
        free(w);
        return st;
    }
    out->begin = policy_begin;
    out->on_period = policy_on_period;
    out->on_visit = w->visit_ref != LUA_NOREF ? policy_on_visit : NULL;
    out->ctx = w;
    return CX_OK;
}

static void factory_destroy(void *arg, cx_policy *p)
{
    (void)arg;
    if (!p || !p->ctx)
        return;
    worker_close(p->ctx);
    free(p->ctx);
    p->ctx = NULL;
}

void cx_scenario_policy_free(cx_policy_factory *pf)
{
    factory *f = (factory *)pf;         /* pf is f's first member */
    if (!f)
        return;
    for (size_t i = 0; f->dirs && i < f->opts.n_lib_dirs; i++)
        free(f->dirs[i]);
    free(f->dirs);
    free(f->buf);
    free(f->path);
    free(f);
}

/* Copies path, the text and the options into a new factory. */
static cx_status factory_new(const char *path, const cx_scenario_opts *opts, factory **out,
                             cx_error *err)
{
    factory *f = calloc(1, sizeof *f);
    if (!f)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", path);
    if (opts)
        f->opts = *opts;
    else
        cx_scenario_opts_init(&f->opts);
    size_t n = f->opts.n_lib_dirs;
    f->path = strdup(path);
    f->dirs = calloc(n ? n : 1, sizeof *f->dirs);
    int bad = !f->path || !f->dirs;
    for (size_t i = 0; !bad && i < n; i++)
        bad = !(f->dirs[i] = strdup(opts->lib_dirs[i]));
    f->opts.lib_dirs = (const char *const *)f->dirs;
    f->opts.on_module = NULL;   /* workers reload the scenario: once was enough */
    f->opts.on_data = NULL;
    cx_status st = bad ? cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", path)
                       : cx_io_read_file(path, CX_LUA_MEM_BUDGET, &f->buf, &f->len, err);
    if (st != CX_OK) {
        cx_scenario_policy_free(&f->f);
        return st;
    }
    f->f.make = factory_make;
    f->f.destroy = factory_destroy;
    f->f.arg = f;
    *out = f;
    return CX_OK;
}

cx_status cx_scenario_policy_new(const char *path, const cx_scenario_opts *opts,
                                 cx_policy_factory **out, cx_error *err)
{
    factory *f = NULL;
    cx_policy probe = {0};
    cx_error_clear(err);
    if (!out || !path)
        return cx_error_set(err, CX_ERR_USAGE, "cx_scenario_policy_new: no path or no output");
    *out = NULL;
    cx_status st = factory_new(path, opts, &f, err);
    if (st != CX_OK)
        return st;
    st = factory_make(f, &probe, err);          /* the scenario loads, and ... */
    if (st != CX_OK) {
        cx_scenario_policy_free(&f->f);
        return st;
    }
    worker *pw = probe.ctx;                     /* ... defines a hook? */
    int has = pw->fn_ref != LUA_NOREF || pw->visit_ref != LUA_NOREF;
    factory_destroy(f, &probe);
    if (!has) {
        cx_scenario_policy_free(&f->f);
        return CX_OK;
    }
    *out = &f->f;
    return CX_OK;
}
