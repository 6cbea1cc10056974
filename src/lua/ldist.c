/* ldist.c - the distribution constructors of the scenario language:
 * uniform(low, high), triangular(low, mode, high), normal(mean, sd),
 * lognormal(mean, sd), beta(a, b) or beta { mean = m, sd = s },
 * discrete({ values }, { weights }), dirichlet { name = alpha, ... }
 * (docs/scenarios.md, "Distributions").
 *
 * Each returns a value of type cxsim.dist (a userdata holding a cx_dist)
 * that parameter { dist = ... }, an intervention's set values and its
 * costs accept; checks happen at once, so messages name the line of the
 * call.
 */
#include "ldist.h"
#include "loader.h"
#include "lerror.h"
#include "table.h"
#include "constructors.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/dist.h"

#define DIST_TYPE "cxsim.dist"

/* Pushes a new distribution of kind, parameters p[0..np). */
static cx_dist *push_dist(lua_State *L, cx_dist_kind kind, const double *p, size_t np)
{
    cx_dist *d = lua_newuserdatauv(L, sizeof *d, 0);
    memset(d, 0, sizeof *d);
    d->kind = kind;
    for (size_t i = 0; i < np; i++)
        d->p[i] = p[i];
    d->lo = kind == CX_DIST_LOGNORMAL ? 0 : -INFINITY;
    d->hi = INFINITY;
    luaL_setmetatable(L, DIST_TYPE);
    return d;
}

/* Raises the message of a failed cx_dist_check, naming the constructor. */
static void check(lua_State *L, const cx_dist *d)
{
    cx_error e;
    if (cx_dist_check(d, &e) != CX_OK)
        cx_lua_error(L, cx_dist_name(d->kind), "%s", e.msg);
}

/* Number argument i of the constructor `name`, written as form. */
static double number_arg(lua_State *L, int i, const char *name, const char *form)
{
    if (lua_type(L, i) != LUA_TNUMBER)
        cx_lua_error(L, name, "argument %d must be a number, got %s; write %s", i,
                     luaL_typename(L, i), form);
    return lua_tonumber(L, i);
}

/* A constructor taking np numbers. */
static int numbers(lua_State *L, cx_dist_kind kind, size_t np, const char *form)
{
    double p[3];
    const char *name = cx_dist_name(kind);
    if ((size_t)lua_gettop(L) != np)
        return cx_lua_error(L, name, "takes %zu numbers, got %d arguments; write %s", np,
                            lua_gettop(L), form);
    for (size_t i = 0; i < np; i++)
        p[i] = number_arg(L, (int)i + 1, name, form);
    check(L, push_dist(L, kind, p, np));
    return 1;
}

static int uniform_new(lua_State *L)
{
    return numbers(L, CX_DIST_UNIFORM, 2, "uniform(low, high)");
}

static int triangular_new(lua_State *L)
{
    return numbers(L, CX_DIST_TRIANGULAR, 3, "triangular(low, mode, high)");
}

static int normal_new(lua_State *L)
{
    return numbers(L, CX_DIST_NORMAL, 2, "normal(mean, sd)");
}

static int lognormal_new(lua_State *L)
{
    return numbers(L, CX_DIST_LOGNORMAL, 2, "lognormal(mean, sd)");
}

/* Field key of the table at 1 as a number, NaN when absent. */
static double field(lua_State *L, const char *key)
{
    int type = lua_getfield(L, 1, key);
    if (type != LUA_TNIL && type != LUA_TNUMBER)
        cx_lua_error(L, "beta", "%s must be a number, got %s", key, lua_typename(L, type));
    double v = type == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
    lua_pop(L, 1);
    return v;
}

/* beta { mean = m, sd = s } or beta { a = ., b = . }. */
static int beta_table(lua_State *L)
{
    static const char *const keys[] = {"mean", "sd", "a", "b"};
    double v[4], p[2];
    cx_error e;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        int known = 0;
        for (size_t i = 0; i < 4; i++)
            known |= lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), keys[i]) == 0;
        if (!known)
            return cx_lua_error(L, "beta", "unknown key; write beta { mean = m, sd = s } or "
                                "beta(a, b)");
        lua_pop(L, 1);
    }
    for (size_t i = 0; i < 4; i++)
        v[i] = field(L, keys[i]);
    if (!isnan(v[2]) || !isnan(v[3]))
        return cx_lua_error(L, "beta", "write beta(a, b) for shape parameters, "
                            "beta { mean = m, sd = s } for moments");
    if (isnan(v[0]) || isnan(v[1]))
        return cx_lua_error(L, "beta", "needs both mean and sd: beta { mean = m, sd = s }");
    if (cx_dist_beta_moments(v[0], v[1], &p[0], &p[1], &e) != CX_OK)
        return cx_lua_error(L, "beta", "%s", e.msg);
    check(L, push_dist(L, CX_DIST_BETA, p, 2));
    return 1;
}

static int beta_new(lua_State *L)
{
    if (lua_gettop(L) == 1 && lua_type(L, 1) == LUA_TTABLE)
        return beta_table(L);
    return numbers(L, CX_DIST_BETA, 2, "beta(a, b) or beta { mean = m, sd = s }");
}

/* The list at idx (a sequence of numbers) into out; returns its length. */
static size_t number_list(lua_State *L, int idx, const char *what, double *out)
{
    size_t n = lua_rawlen(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE || n == 0 || cx_lua_count(L, idx) != n)
        cx_lua_error(L, "discrete", "%s must be a list of numbers, as { 1, 2, 3 }", what);
    if (n > CX_DIST_MAX_VALUES)
        cx_lua_error(L, "discrete", "at most %d values, got %zu", CX_DIST_MAX_VALUES, n);
    for (size_t i = 0; i < n; i++) {
        if (lua_rawgeti(L, idx, (lua_Integer)i + 1) != LUA_TNUMBER)
            cx_lua_error(L, "discrete", "%s[%zu] must be a number, got %s", what, i + 1,
                         luaL_typename(L, -1));
        out[i] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    return n;
}

/* discrete({ v1, v2, ... }[, { w1, w2, ... }]): equal weights by default. */
static int discrete_new(lua_State *L)
{
    double w[CX_DIST_MAX_VALUES];
    cx_error e;
    int top = lua_gettop(L);
    if (top < 1 || top > 2)
        return cx_lua_error(L, "discrete", "write discrete({ values }, { weights })");
    cx_dist *d = push_dist(L, CX_DIST_DISCRETE, NULL, 0);
    d->n = number_list(L, 1, "values", d->values);
    for (size_t i = 0; i < d->n; i++)
        d->weights[i] = 1;
    if (top == 2 && number_list(L, 2, "weights", w) != d->n)
        return cx_lua_error(L, "discrete", "gives %zu values but %zu weights", d->n,
                            (size_t)lua_rawlen(L, 2));
    if (top == 2)
        memcpy(d->weights, w, d->n * sizeof *w);
    if (cx_dist_discrete_finish(d, &e) != CX_OK)
        return cx_lua_error(L, "discrete", "%s", e.msg);
    return 1;
}

/* Orders the names of a dirichlet (byte order: a Lua table has none). */
static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* dirichlet { checkout = 314.5, drop = 89.5, done = 12.5 }: a joint
 * distribution over the outcomes of a start or next table, concentrations
 * by name. The value holds coordinate 0; its names (byte order, the order
 * of the concentrations) are its user value, for parameter to expand. */
static int dirichlet_new(lua_State *L)
{
    const char *names[CX_DIST_MAX_VALUES];
    size_t n = 0;
    if (lua_gettop(L) != 1 || lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, "dirichlet", "takes a table of concentrations by outcome, "
                            "as dirichlet { checkout = 30.5, drop = 12.5, done = 4.5 }");
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            return cx_lua_error(L, "dirichlet", "keys must be names of outcomes (touchpoints, "
                                "drop, done), got a %s", luaL_typename(L, -1));
        if (n == CX_DIST_MAX_VALUES)
            return cx_lua_error(L, "dirichlet", "at most %d outcomes", CX_DIST_MAX_VALUES);
        names[n++] = lua_tostring(L, -1);       /* the table keeps the string alive */
    }
    qsort(names, n, sizeof names[0], name_cmp);
    cx_dist *d = lua_newuserdatauv(L, sizeof *d, 1);
    memset(d, 0, sizeof *d);
    d->kind = CX_DIST_DIRICHLET;
    d->n = n;
    d->lo = -INFINITY;
    d->hi = INFINITY;
    luaL_setmetatable(L, DIST_TYPE);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        if (lua_getfield(L, 1, names[i]) != LUA_TNUMBER)
            return cx_lua_error(L, "dirichlet", "%s must be a number (a concentration), got "
                                "%s", names[i], luaL_typename(L, -1));
        d->values[i] = lua_tonumber(L, -1);
        lua_pop(L, 1);
        if (strlen(names[i]) == 0 || strlen(names[i]) >= CX_DIST_TIE_MAX || strchr(names[i], '.'))
            return cx_lua_error(L, "dirichlet", "'%s' cannot name an outcome (1 to %d bytes, "
                                "no '.')", names[i], CX_DIST_TIE_MAX - 1);
        lua_pushstring(L, names[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setiuservalue(L, -2, 1);
    check(L, d);
    return 1;
}

const char *cx_lua_dist_outcome(lua_State *L, int idx, size_t i)
{
    idx = lua_absindex(L, idx);
    if (lua_getiuservalue(L, idx, 1) != LUA_TTABLE) {
        lua_pop(L, 1);
        return NULL;
    }
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    const char *name = lua_tostring(L, -1);     /* anchored in the user value's table */
    lua_pop(L, 2);
    return name;
}

static int dist_tostring(lua_State *L)
{
    char buf[1024];
    cx_dist_format(luaL_checkudata(L, 1, DIST_TYPE), buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

const cx_dist *cx_lua_test_dist(lua_State *L, int idx)
{
    return luaL_testudata(L, idx, DIST_TYPE);
}

static const luaL_Reg dist_lib[] = {
    {"uniform", uniform_new},
    {"triangular", triangular_new},
    {"normal", normal_new},
    {"lognormal", lognormal_new},
    {"beta", beta_new},
    {"discrete", discrete_new},
    {"dirichlet", dirichlet_new},
    {NULL, NULL}
};

void cx_lua_open_dist(lua_State *L)
{
    if (luaL_newmetatable(L, DIST_TYPE)) {      /* the type's metatable */
        lua_pushcfunction(L, dist_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");     /* scripts cannot change it */
    }
    lua_pop(L, 1);
    luaL_setfuncs(L, dist_lib, 0);
}
