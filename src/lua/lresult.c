/* lresult.c - the "cxsim.result" userdata of the Lua module: the
 * replications of one cx.run, read as Lua tables or written as a results
 * directory (docs/lua-module.md, docs/results.md).
 * Shaped like liolib.c: a type name, a check helper over luaL_checkudata,
 * method and metamethod tables, one function creating the metatable.
 *
 * Estimates are those of the results directory, by the same function
 * (cx_estimates_get, cx_estimates_paired over the replications: Student-t
 * intervals, NaN values left out), so the numbers equal summary.csv's,
 * periods.csv's, touchpoints.csv's and compare.csv's.
 */
#include "module.h"

#include <string.h>

#include <lauxlib.h>

#include "cxsim/estimates.h"
#include "cxsim/metrics.h"
#include "cxsim/results.h"
#include "cxsim/stats.h"

/* ---- the box ---------------------------------------------------------------- */

cx_lresult *cx_lresult_push(lua_State *L)
{
    cx_lresult *box = lua_newuserdatauv(L, sizeof *box, 1);  /* the box */
    memset(box, 0, sizeof *box);
    luaL_setmetatable(L, CX_LRESULT_TYPE);  /* box's type */
    return box;
}

/* The open result at argument 1 (every method's self). */
static cx_lresult *toresult(lua_State *L)
{
    cx_lresult *box = luaL_checkudata(L, 1, CX_LRESULT_TYPE);
    if (box->b == NULL)
        luaL_error(L, "attempt to use a closed result");
    return box;
}

/* The variant named by optional argument idx (absent: 0, the baseline). */
static size_t checkvariant(lua_State *L, int idx, const cx_batch_result *b)
{
    if (lua_isnoneornil(L, idx))
        return 0;
    const char *name = luaL_checkstring(L, idx);
    for (size_t v = 0; v < b->n_variants; v++)
        if (strcmp(b->variant_names[v], name) == 0)
            return v;
    return (size_t)luaL_argerror(L, idx, lua_pushfstring(L, "no variant named \"%s\"", name));
}

void cx_lresult_push_estimate(lua_State *L, const cx_estimate *e)
{
    lua_createtable(L, 0, 5);                       /* the estimate */
    lua_pushnumber(L, e->mean);
    lua_setfield(L, -2, "mean");
    lua_pushnumber(L, e->sd);
    lua_setfield(L, -2, "sd");
    lua_pushnumber(L, e->ci_low);
    lua_setfield(L, -2, "ci_low");
    lua_pushnumber(L, e->ci_high);
    lua_setfield(L, -2, "ci_high");
    lua_pushinteger(L, (lua_Integer)e->n);
    lua_setfield(L, -2, "n");
}

/* Pushes { metric = x[m * stride] } for every horizon metric. */
static void push_metric_values(lua_State *L, const double *x, size_t stride)
{
    lua_createtable(L, 0, CX_METRIC_COUNT);         /* the row */
    for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
        lua_pushnumber(L, x[m * stride]);
        lua_setfield(L, -2, cx_metric_name((cx_metric)m));  /* row[name] = x */
    }
}

/* ---- reading -------------------------------------------------------------------- */

static int result_variants(lua_State *L)
{
    const cx_batch_result *b = toresult(L)->b;
    lua_createtable(L, (int)b->n_variants, 0);      /* the list */
    for (size_t v = 0; v < b->n_variants; v++) {
        lua_pushstring(L, b->variant_names[v]);
        lua_rawseti(L, -2, (lua_Integer)v + 1);     /* list[v + 1] = name */
    }
    return 1;
}

static int result_reps(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)toresult(L)->b->reps);
    return 1;
}

static int result_horizon(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)toresult(L)->b->horizon);
    return 1;
}

/* { metric = estimate } of variant v at confidence level. */
static void push_variant_summary(lua_State *L, const cx_batch_result *b,
                                 size_t v, double level)
{
    lua_createtable(L, 0, CX_METRIC_COUNT);         /* the variant's table */
    for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
        cx_estimate e;
        cx_estimates_get(&(cx_estimates){b, NULL}, CX_ESTIMATES_HORIZON, v, 0, m, level, &e);
        cx_lresult_push_estimate(L, &e);
        lua_setfield(L, -2, cx_metric_name((cx_metric)m));
    }
}

/* result:summary([level]) -> { variant = { metric = estimate } }. */
static int result_summary(lua_State *L)
{
    const cx_batch_result *b = toresult(L)->b;
    double level = luaL_optnumber(L, 2, CX_LMODULE_LEVEL);
    luaL_argcheck(L, level > 0 && level < 1, 2, "level must be in (0,1)");
    lua_createtable(L, 0, (int)b->n_variants);      /* the summary */
    for (size_t v = 0; v < b->n_variants; v++) {
        push_variant_summary(L, b, v, level);
        lua_setfield(L, -2, b->variant_names[v]);   /* summary[name] = table */
    }
    return 1;
}

/* result:replications([variant]) -> { { metric = value }, ... } by replication. */
static int result_replications(lua_State *L)
{
    const cx_batch_result *b = toresult(L)->b;
    size_t v = checkvariant(L, 2, b);
    lua_createtable(L, (int)b->reps, 0);            /* the list */
    for (size_t r = 0; r < b->reps; r++) {
        push_metric_values(L, cx_batch_horizon(b, v, r), 1);
        lua_rawseti(L, -2, (lua_Integer)r + 1);     /* list[r + 1] = row */
    }
    return 1;
}

/* result:periods([variant]) -> { { metric = mean }, ... } by period. */
static int result_periods(lua_State *L)
{
    const cx_batch_result *b = toresult(L)->b;
    size_t v = checkvariant(L, 2, b);
    lua_createtable(L, (int)b->horizon, 0);         /* the list */
    for (size_t t = 0; t < b->horizon; t++) {
        lua_createtable(L, 0, CX_METRIC_COUNT);     /* period t's row */
        for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
            cx_estimate e;
            cx_estimates_get(&(cx_estimates){b, NULL}, CX_ESTIMATES_PERIOD, v, t, m,
                             CX_LMODULE_LEVEL, &e);
            lua_pushnumber(L, e.mean);
            lua_setfield(L, -2, cx_metric_name((cx_metric)m));
        }
        lua_rawseti(L, -2, (lua_Integer)t + 1);     /* list[t + 1] = row */
    }
    return 1;
}

/* Pushes { metric = mean } of touchpoint k of variant v. */
static void push_touchpoint(lua_State *L, const cx_batch_result *b, size_t v,
                            size_t k)
{
    lua_createtable(L, 0, CX_TP_METRIC_COUNT);      /* the touchpoint's row */
    for (size_t m = 0; m < CX_TP_METRIC_COUNT; m++) {
        cx_estimate e;
        cx_estimates_get(&(cx_estimates){b, NULL}, CX_ESTIMATES_TOUCHPOINT, v, k, m,
                         CX_LMODULE_LEVEL, &e);
        lua_pushnumber(L, e.mean);
        lua_setfield(L, -2, cx_tp_metric_name((cx_tp_metric)m));
    }
}

/* result:touchpoints([variant]) -> { journey = { touchpoint = { metric = mean } } }. */
static int result_touchpoints(lua_State *L)
{
    const cx_batch_result *b = toresult(L)->b;
    size_t v = checkvariant(L, 2, b);
    lua_settop(L, 2);
    lua_newtable(L);                                /* 3: the result */
    for (size_t k = 0; k < b->n_touchpoints; k++) {
        if (lua_getfield(L, 3, b->journey_names[k]) != LUA_TTABLE) {
            lua_pop(L, 1);                          /* nil */
            lua_newtable(L);                        /* the journey's table */
            lua_pushvalue(L, -1);
            lua_setfield(L, 3, b->journey_names[k]); /* result[journey] = it */
        }
        push_touchpoint(L, b, v, k);
        lua_setfield(L, -2, b->touchpoint_names[k]); /* journey[tp] = row */
        lua_pop(L, 1);                              /* the journey's table */
    }
    return 1;
}

/* result:compare([level]) -> { variant = { metric = { baseline =, variant =,
 * difference =, sd =, ci_low =, ci_high =, n =, variance_reduction = } } }
 * for every variant but the baseline: compare.csv's figures. */
static int result_compare(lua_State *L)
{
    const cx_batch_result *b = toresult(L)->b;
    const cx_estimates src = {b, NULL};
    double level = luaL_optnumber(L, 2, CX_LMODULE_LEVEL);
    luaL_argcheck(L, level > 0 && level < 1, 2, "level must be in (0,1)");
    lua_createtable(L, 0, (int)b->n_variants);      /* the comparison */
    for (size_t v = 1; v < b->n_variants; v++) {
        lua_createtable(L, 0, CX_METRIC_COUNT);     /* variant v's table */
        for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
            cx_paired p;
            cx_estimate eb, ev;
            cx_estimates_paired(&src, v, m, level, &p);
            cx_estimates_get(&src, CX_ESTIMATES_HORIZON, 0, 0, m, level, &eb);
            cx_estimates_get(&src, CX_ESTIMATES_HORIZON, v, 0, m, level, &ev);
            cx_lresult_push_estimate(L, &p.diff);   /* the difference's estimate */
            lua_pushnumber(L, p.diff.mean);
            lua_setfield(L, -2, "difference");
            lua_pushnumber(L, eb.mean);
            lua_setfield(L, -2, "baseline");
            lua_pushnumber(L, ev.mean);
            lua_setfield(L, -2, "variant");
            lua_pushnumber(L, p.variance_reduction);
            lua_setfield(L, -2, "variance_reduction");
            lua_setfield(L, -2, cx_metric_name((cx_metric)m));
        }
        lua_setfield(L, -2, b->variant_names[v]);   /* comparison[name] = table */
    }
    return 1;
}

/* ---- writing ------------------------------------------------------------------- */

/* Pushes a scratch array of the overrides strings (kept alive by the
 * box's user value while the box is argument 1) and returns it. */
static const char **overrides_array(lua_State *L, size_t *n)
{
    lua_getiuservalue(L, 1, 1);                     /* the overrides list */
    *n = (size_t)luaL_len(L, -1);
    const char **a = lua_newuserdatauv(L, (*n + 1) * sizeof *a, 0);  /* scratch */
    for (size_t i = 0; i < *n; i++) {
        lua_rawgeti(L, -2, (lua_Integer)i + 1);     /* list[i + 1] */
        a[i] = lua_tostring(L, -1);                 /* anchored by the list */
        lua_pop(L, 1);
    }
    return a;
}

/* result:write(dir): summary.csv, replications.csv, periods.csv,
 * touchpoints.csv and run.json into dir (cx_results_write); a result of
 * cx.compare also compare.csv, as `cxsim compare`. Returns dir. */
static int result_write(lua_State *L)
{
    cx_lresult *box = toresult(L);
    const char *dir = luaL_checkstring(L, 2);
    size_t n;
    const char **overrides = overrides_array(L, &n);
    cx_results_info info = {
        .command = box->paired ? "compare" : "run", .scenario_path = box->model->source,
        .scenario_sha256 = box->sha256, .seed = box->seed,
        .reps = box->b->reps, .threads = box->threads, .model = box->model,
        .overrides = overrides, .n_overrides = n,
        .wall_seconds = box->wall_seconds, .paired = box->paired,
    };
    cx_error e;
    if (cx_results_write(dir, box->b, &info, &e) != CX_OK)
        return cx_lmodule_error(L, e.msg);
    lua_settop(L, 2);                               /* return dir */
    return 1;
}

/* ---- metamethods ------------------------------------------------------------- */

/* __gc and __close: frees the result; a closed result stays closed. */
static int result_gc(lua_State *L)
{
    cx_lresult *box = luaL_checkudata(L, 1, CX_LRESULT_TYPE);
    cx_batch_result_free(box->b);
    cx_model_free(box->model);
    box->b = NULL;
    box->model = NULL;
    return 0;
}

static int result_tostring(lua_State *L)
{
    cx_lresult *box = luaL_checkudata(L, 1, CX_LRESULT_TYPE);
    if (box->b == NULL)
        lua_pushliteral(L, "cxsim.result (closed)");
    else
        lua_pushfstring(L, "cxsim.result (%I variants x %I replications x %I periods) (%p)",
                        (lua_Integer)box->b->n_variants, (lua_Integer)box->b->reps,
                        (lua_Integer)box->b->horizon, (void *)box);
    return 1;
}

static const luaL_Reg result_methods[] = {
    {"variants", result_variants},
    {"reps", result_reps},
    {"horizon", result_horizon},
    {"summary", result_summary},
    {"replications", result_replications},
    {"periods", result_periods},
    {"touchpoints", result_touchpoints},
    {"compare", result_compare},
    {"write", result_write},
    {"close", result_gc},
    {NULL, NULL}
};

static const luaL_Reg result_metamethods[] = {
    {"__index", NULL},      /* placeholder: the method table */
    {"__gc", result_gc},
    {"__close", result_gc},
    {"__tostring", result_tostring},
    {NULL, NULL}
};

void cx_lresult_open(lua_State *L)
{
    luaL_newmetatable(L, CX_LRESULT_TYPE);          /* metatable of results */
    luaL_setfuncs(L, result_metamethods, 0);        /* add metamethods */
    luaL_newlibtable(L, result_methods);            /* method table */
    luaL_setfuncs(L, result_methods, 0);            /* add methods */
    lua_setfield(L, -2, "__index");                 /* metatable.__index = methods */
    lua_pop(L, 1);                                  /* metatable */
}
