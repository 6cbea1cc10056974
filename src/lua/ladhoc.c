/* ladhoc.c - cx.run's and cx.compare's options `add` and `baseline`
 * (docs/lua-module.md): variants made in the calling script, as `cxsim
 * compare --variant` and `--baseline` make them (cx_model_add_adhoc_variant,
 * cx_model_set_baseline), on a copy of the model so that the model itself
 * keeps its own variants. */
#include "module.h"

#include <string.h>

#include <lauxlib.h>

#define MAX_EDITS 64

/* The set table at the top into e (its keys are paths, its values numbers). */
static size_t read_set(lua_State *L, const char *fn, const char *name, cx_edit *e)
{
    size_t n = 0;
    if (lua_type(L, -1) != LUA_TTABLE)
        luaL_error(L, "%s: add[\"%s\"].set must be a table of path = number", fn, name);
    lua_pushnil(L);                                 /* first key */
    while (lua_next(L, -2) != 0) {                  /* set[key] */
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER)
            luaL_error(L, "%s: variant \"%s\": set maps paths to numbers", fn, name);
        if (n == MAX_EDITS || lua_rawlen(L, -2) >= sizeof e->path)
            luaL_error(L, "%s: variant \"%s\": at most %d paths of %zu bytes", fn, name,
                       MAX_EDITS, sizeof e->path - 1);
        memcpy(e[n].path, lua_tostring(L, -2), lua_rawlen(L, -2) + 1);
        e[n++].value = lua_tonumber(L, -1);
        lua_pop(L, 1);                              /* the value; keep the key */
    }
    return n;
}

/* The cost at the top: a number (fixed) or { fixed =, per_customer =,
 * per_visit = } (nil: 0). */
static void read_cost(lua_State *L, const char *fn, const char *name, double cost[3])
{
    static const char *const keys[] = {"fixed", "per_customer", "per_visit", NULL};
    cost[0] = cost[1] = cost[2] = 0;
    if (lua_type(L, -1) == LUA_TNUMBER) {
        cost[0] = lua_tonumber(L, -1);
        return;
    }
    if (lua_type(L, -1) == LUA_TNIL)
        return;
    if (lua_type(L, -1) != LUA_TTABLE)
        luaL_error(L, "%s: add[\"%s\"].cost must be a number or a table", fn, name);
    cx_lmodule_check_keys(L, lua_gettop(L), fn, keys);
    for (int k = 0; k < 3; k++) {
        int t = lua_getfield(L, -1, keys[k]);       /* cost[key] */
        if (t != LUA_TNIL && t != LUA_TNUMBER)
            luaL_error(L, "%s: variant \"%s\": cost.%s must be a number", fn, name, keys[k]);
        cost[k] = t == LUA_TNIL ? 0 : lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
}

/* add[i] = { name = ..., set = { ... }, cost = ... } onto m. */
static void add_one(lua_State *L, const char *fn, lua_Integer i, cx_model *m)
{
    static const char *const keys[] = {"name", "set", "cost", NULL};
    cx_edit e[MAX_EDITS];
    double cost[3];
    cx_error err;
    if (lua_type(L, -1) != LUA_TTABLE)
        luaL_error(L, "%s: add[%I] must be { name = ..., set = { ... }, cost = ... }", fn, i);
    cx_lmodule_check_keys(L, lua_gettop(L), fn, keys);
    if (lua_getfield(L, -1, "name") != LUA_TSTRING)     /* add[i].name */
        luaL_error(L, "%s: add[%I].name must be a string", fn, i);
    const char *name = lua_tostring(L, -1);             /* anchored by add[i] */
    lua_getfield(L, -2, "set");                         /* add[i].set */
    size_t n = read_set(L, fn, name, e);
    lua_getfield(L, -3, "cost");                        /* add[i].cost */
    read_cost(L, fn, name, cost);
    if (cx_model_add_adhoc_variant(m, name, e, n, cost, &err) != CX_OK)
        luaL_error(L, "%s: add[%I]: %s", fn, i, err.msg);
    lua_pop(L, 3);                                      /* name, set, cost */
}

static void set_baseline(lua_State *L, const char *fn, cx_model *m, const char *name)
{
    cx_error err;
    if (cx_model_set_baseline(m, name, &err) != CX_OK)
        luaL_error(L, "%s: baseline: %s", fn, err.msg);
}

static int declared(const cx_model *m, const char *name)
{
    for (size_t v = 0; v < m->n_variants; v++)
        if (strcmp(m->variants[v].name, name) == 0)
            return 1;
    return 0;
}

const cx_model *cx_lmodule_adhoc(lua_State *L, int opts, const char *fn, const cx_model *m)
{
    int ta = opts ? lua_getfield(L, opts, "add") : LUA_TNIL;           /* opts.add */
    int tb = opts ? lua_getfield(L, opts, "baseline") : LUA_TNIL;      /* opts.baseline */
    if (ta != LUA_TNIL && ta != LUA_TTABLE)
        luaL_error(L, "%s: add must be a list of { name =, set =, cost = }", fn);
    if (tb != LUA_TNIL && tb != LUA_TSTRING)
        luaL_error(L, "%s: baseline must be a variant's name", fn);
    if (ta == LUA_TNIL && tb == LUA_TNIL) {
        lua_pop(L, opts ? 2 : 0);
        lua_pushnil(L);                             /* no copy */
        return m;
    }
    const char *base = tb == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    cx_lmodel *copy = cx_lmodel_push(L);            /* owns the copy from here */
    if (!(copy->m = cx_model_copy(m)))
        luaL_error(L, "%s: out of memory", fn);
    int before = base && declared(m, base);         /* the added ones build on it */
    if (before)
        set_baseline(L, fn, copy->m, base);
    for (lua_Integer i = 1; ta == LUA_TTABLE && lua_rawgeti(L, -3, i) != LUA_TNIL; i++) {
        add_one(L, fn, i, copy->m);
        lua_pop(L, 1);                              /* add[i] */
    }
    if (ta == LUA_TTABLE)
        lua_pop(L, 1);                              /* the nil that ended it */
    if (base && !before)
        set_baseline(L, fn, copy->m, base);
    lua_replace(L, -3);                             /* the copy where opts.add was */
    lua_pop(L, 1);                                  /* opts.baseline */
    return copy->m;
}
