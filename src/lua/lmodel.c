/* lmodel.c - the "cxsim.model" userdata of the Lua module: a scenario
 * model to inspect, change by dotted path and run (docs/lua-module.md).
 * Shaped like liolib.c: a type name, a check helper over luaL_checkudata,
 * method and metamethod tables, one function creating the metatable.
 */
#include "module.h"

#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/model.h"

/* ---- the box ---------------------------------------------------------------- */

cx_lmodel *cx_lmodel_push(lua_State *L)
{
    cx_lmodel *box = lua_newuserdatauv(L, sizeof *box, 2);   /* the box */
    box->m = NULL;
    box->sha256[0] = '\0';
    box->unsafe = 0;
    box->time_limit = 0;                    /* CX_SCENARIO_TIME_LIMIT */
    luaL_setmetatable(L, CX_LMODEL_TYPE);   /* box's type */
    lua_newtable(L);                        /* overrides list */
    lua_setiuservalue(L, -2, 1);            /* box.uservalue[1] = list */
    lua_newtable(L);                        /* library directories */
    lua_setiuservalue(L, -2, 2);            /* box.uservalue[2] = list */
    return box;
}

void cx_lmodel_scenario_opts(lua_State *L, int idx, cx_scenario_opts *o)
{
    cx_lmodel *box = lua_touserdata(L, idx);
    idx = lua_absindex(L, idx);
    cx_scenario_opts_init(o);
    o->unsafe = box->unsafe;
    if (box->time_limit > 0)
        o->time_limit = box->time_limit;
    lua_getiuservalue(L, idx, 2);                   /* the directories */
    o->n_lib_dirs = (size_t)luaL_len(L, -1);
    const char **dirs = lua_newuserdatauv(L, (o->n_lib_dirs + 1) * sizeof *dirs, 0);
    for (size_t i = 0; i < o->n_lib_dirs; i++) {
        lua_rawgeti(L, -2, (lua_Integer)i + 1);     /* directory i */
        dirs[i] = lua_tostring(L, -1);              /* anchored by the list */
        lua_pop(L, 1);
    }
    o->lib_dirs = dirs;
    lua_remove(L, -2);                              /* the list: the box holds it */
}

cx_lmodel *cx_lmodel_check(lua_State *L, int idx)
{
    cx_lmodel *box = luaL_checkudata(L, idx, CX_LMODEL_TYPE);
    if (box->m == NULL)
        luaL_error(L, "attempt to use a closed model");
    return box;
}

/* The open model at argument 1 (every method's self). */
static cx_model *tomodel(lua_State *L)
{
    return cx_lmodel_check(L, 1)->m;
}

/* ---- reading ------------------------------------------------------------------ */

static int model_name(lua_State *L)
{
    lua_pushstring(L, tomodel(L)->name);
    return 1;
}

static int model_source(lua_State *L)
{
    lua_pushstring(L, tomodel(L)->source);
    return 1;
}

static int model_horizon(lua_State *L)
{
    lua_pushinteger(L, tomodel(L)->horizon);
    return 1;
}

static int model_population(lua_State *L)
{
    lua_pushinteger(L, tomodel(L)->population);
    return 1;
}

static int model_reps(lua_State *L)
{
    lua_pushinteger(L, tomodel(L)->reps);
    return 1;
}

/* Pushes a list of n names, each CX_NAME_MAX bytes from the last (the
 * name is the first member of each struct, `stride` bytes apart). */
static void push_names(lua_State *L, const char *first, size_t n, size_t stride)
{
    lua_createtable(L, (int)n, 0);                  /* the list */
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, first + i * stride);      /* name i */
        lua_rawseti(L, -2, (lua_Integer)i + 1);     /* list[i + 1] = name */
    }
}

static int model_segments(lua_State *L)
{
    cx_model *m = tomodel(L);
    push_names(L, m->n_segments ? m->segments[0].name : "", m->n_segments,
               sizeof *m->segments);
    return 1;
}

/* { journey = { touchpoint names in order } }. */
static int model_journeys(lua_State *L)
{
    cx_model *m = tomodel(L);
    lua_createtable(L, 0, (int)m->n_journeys);      /* the result */
    for (size_t j = 0; j < m->n_journeys; j++) {
        const cx_journey *jo = &m->journeys[j];
        push_names(L, jo->n_touchpoints ? jo->touchpoints[0].name : "",
                   jo->n_touchpoints, sizeof *jo->touchpoints);
        lua_setfield(L, -2, jo->name);              /* result[name] = list */
    }
    return 1;
}

static int model_interventions(lua_State *L)
{
    cx_model *m = tomodel(L);
    push_names(L, m->n_interventions ? m->interventions[0].name : "",
               m->n_interventions, sizeof *m->interventions);
    return 1;
}

/* Variant names in run order: the baseline first; {"baseline"} when the
 * scenario declares none. */
static int model_variants(lua_State *L)
{
    cx_model *m = tomodel(L);
    size_t n = m->n_variants;
    lua_createtable(L, n ? (int)n : 1, 0);          /* the list */
    if (n == 0) {
        lua_pushliteral(L, "baseline");
        lua_rawseti(L, -2, 1);                      /* list[1] = "baseline" */
        return 1;
    }
    size_t *order = lua_newuserdatauv(L, n * sizeof *order, 0);  /* scratch */
    n = cx_model_variant_order(m, order, n);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, m->variants[order[i]].name);
        lua_rawseti(L, -3, (lua_Integer)i + 1);     /* list[i + 1] = name */
    }
    lua_pop(L, 1);                                  /* scratch */
    return 1;
}

/* The declared uncertain parameters (`parameter` in the scenario), in
 * declaration order: { path = ..., low = ..., high = ..., line = ..., dist = ... }. */
static int model_parameters(lua_State *L)
{
    cx_model *m = tomodel(L);
    lua_createtable(L, (int)m->n_ranges, 0);        /* the list */
    for (size_t i = 0; i < m->n_ranges; i++) {
        const cx_param_range *r = &m->ranges[i];
        lua_createtable(L, 0, 4);                   /* one parameter */
        lua_pushstring(L, r->path);
        lua_setfield(L, -2, "path");
        lua_pushnumber(L, r->low);
        lua_setfield(L, -2, "low");
        lua_pushnumber(L, r->high);
        lua_setfield(L, -2, "high");
        lua_pushinteger(L, r->line);
        lua_setfield(L, -2, "line");
        char form[1024];
        cx_dist d;
        if (cx_model_range_dist(m, i, &d, NULL) != CX_OK)
            d = r->dist;
        cx_dist_format(&d, form, sizeof form);
        lua_pushstring(L, form);
        lua_setfield(L, -2, "dist");                /* as cxsim check shows it */
        lua_rawseti(L, -2, (lua_Integer)i + 1);     /* list[i + 1] = it */
    }
    return 1;
}

/* The set() calls made so far, as "path=value" strings (a copy). */
static int model_overrides(lua_State *L)
{
    cx_lmodel_check(L, 1);
    lua_getiuservalue(L, 1, 1);                     /* the list */
    lua_Integer n = luaL_len(L, -1);
    lua_createtable(L, (int)n, 0);                  /* the copy */
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -2, i);                      /* list[i] */
        lua_rawseti(L, -2, i);                      /* copy[i] = list[i] */
    }
    return 1;
}

/* ---- changing --------------------------------------------------------------- */

/* Records "path=value" in the box's overrides list. */
static void add_override(lua_State *L, const char *path, double value)
{
    lua_getiuservalue(L, 1, 1);                     /* the list */
    lua_pushfstring(L, "%s=", path);                /* "path=" */
    char num[64];
    snprintf(num, sizeof num, "%.17g", value);      /* value, exactly */
    lua_pushstring(L, num);
    lua_concat(L, 2);                               /* "path=value" */
    lua_rawseti(L, -2, luaL_len(L, -2) + 1);        /* append */
    lua_pop(L, 1);                                  /* the list */
}

/* model:set(path, value): cx_model_set; returns the model, so calls chain. */
static int model_set(lua_State *L)
{
    cx_model *m = tomodel(L);
    const char *path = luaL_checkstring(L, 2);
    double value = luaL_checknumber(L, 3);
    cx_error e;
    if (cx_model_set(m, path, value, &e) != CX_OK) {
        lua_pushfstring(L, "set %s: %s", path, e.msg);
        return cx_lmodule_error(L, lua_tostring(L, -1));
    }
    add_override(L, path, value);
    lua_settop(L, 1);                               /* return self */
    return 1;
}

/* model:validate(): true, or raises the first cross-field problem. */
static int model_validate(lua_State *L)
{
    cx_error e;
    if (cx_model_validate(tomodel(L), &e) != CX_OK)
        return cx_lmodule_error(L, e.msg);
    lua_pushboolean(L, 1);
    return 1;
}

/* model:copy(): an independent model with the same overrides list. */
static int model_copy(lua_State *L)
{
    cx_lmodel *src = cx_lmodel_check(L, 1);
    lua_settop(L, 1);
    cx_lmodel *dst = cx_lmodel_push(L);             /* 2: the new box */
    memcpy(dst->sha256, src->sha256, sizeof dst->sha256);
    dst->unsafe = src->unsafe;
    dst->time_limit = src->time_limit;
    lua_getiuservalue(L, 1, 2);                     /* 3: the directories */
    lua_setiuservalue(L, 2, 2);                     /* shared: never changed */
    dst->m = cx_model_copy(src->m);
    if (dst->m == NULL)
        return luaL_error(L, "out of memory copying the model");
    model_overrides(L);                             /* 3: list, 4: its copy */
    lua_setiuservalue(L, 2, 1);                     /* new box's list = copy */
    lua_settop(L, 2);                               /* return the new box */
    return 1;
}

/* ---- metamethods --------------------------------------------------------------- */

/* __gc and __close: frees the model; a closed model stays closed. */
static int model_gc(lua_State *L)
{
    cx_lmodel *box = luaL_checkudata(L, 1, CX_LMODEL_TYPE);
    cx_model_free(box->m);
    box->m = NULL;
    return 0;
}

static int model_tostring(lua_State *L)
{
    cx_lmodel *box = luaL_checkudata(L, 1, CX_LMODEL_TYPE);
    if (box->m == NULL)
        lua_pushliteral(L, "cxsim.model (closed)");
    else
        lua_pushfstring(L, "cxsim.model \"%s\" (%s) (%p)", box->m->name,
                        box->m->source, (void *)box);
    return 1;
}

static const luaL_Reg model_methods[] = {
    {"name", model_name},
    {"source", model_source},
    {"horizon", model_horizon},
    {"population", model_population},
    {"reps", model_reps},
    {"segments", model_segments},
    {"journeys", model_journeys},
    {"interventions", model_interventions},
    {"variants", model_variants},
    {"parameters", model_parameters},
    {"overrides", model_overrides},
    {"set", model_set},
    {"validate", model_validate},
    {"copy", model_copy},
    {"close", model_gc},
    {NULL, NULL}
};

static const luaL_Reg model_metamethods[] = {
    {"__index", NULL},      /* placeholder: the method table */
    {"__gc", model_gc},
    {"__close", model_gc},
    {"__tostring", model_tostring},
    {NULL, NULL}
};

void cx_lmodel_open(lua_State *L)
{
    luaL_newmetatable(L, CX_LMODEL_TYPE);           /* metatable of models */
    luaL_setfuncs(L, model_metamethods, 0);         /* add metamethods */
    luaL_newlibtable(L, model_methods);             /* method table */
    luaL_setfuncs(L, model_methods, 0);             /* add methods */
    lua_setfield(L, -2, "__index");                 /* metatable.__index = methods */
    lua_pop(L, 1);                                  /* metatable */
}

cx_status cx_lmodel_policy(lua_State *L, int model, uint32_t seed, cx_policy_factory **out,
                            cx_error *e)
{
    cx_scenario_opts so;
    const cx_lmodel *box = cx_lmodel_check(L, model);
    cx_lmodel_scenario_opts(L, model, &so);         /* scratch, anchored */
    so.seed = seed;                                 /* as cxsim seeds it */
    return cx_scenario_policy_new(box->m->source, &so, out, e);
}
