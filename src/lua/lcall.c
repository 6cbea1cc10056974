/* lcall.c - what every function of the Lua module `cxsim` does around
 * its call (module.h): errors raised with the caller's position, the
 * options table checked key by key and read, and the outcome of a run built into Lua tables in protected mode so
 * that a Lua error frees it. lmodel.c, lresult.c, module.c and
 * lanalysis.c use these; they use none of those files.
 */
#include "module.h"

#include <string.h>

#include <lauxlib.h>

#include "cxsim/batch.h"
#include "cxsim/suggest.h"

int cx_lmodule_error(lua_State *L, const char *msg)
{
    luaL_where(L, 1);                               /* "script.lua:3: " */
    lua_pushstring(L, msg);
    lua_concat(L, 2);                               /* position .. msg */
    return lua_error(L);
}

void cx_lmodule_check_keys(lua_State *L, int idx, const char *fn, const char *const *keys)
{
    lua_pushnil(L);                                 /* first key */
    while (lua_next(L, idx) != 0) {
        lua_pop(L, 1);                              /* the value; keep the key */
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: option names are strings, got a %s", fn,
                       luaL_typename(L, -1));
        const char *key = lua_tostring(L, -1);
        int i = 0;
        while (keys[i] && strcmp(keys[i], key) != 0)
            i++;
        if (keys[i] == NULL) {
            char hint[96];      /* thread -> threads, as the command line helps */
            cx_suggest_hint(key, keys, (size_t)i, hint, sizeof hint);
            luaL_error(L, "%s: unknown option '%s'%s", fn, key, hint);
        }
    }
}

int cx_lmodule_opts(lua_State *L, const char *fn, const char *const *keys)
{
    int opts = lua_isnoneornil(L, 2) ? 0 : 2;
    if (opts) {
        luaL_checktype(L, 2, LUA_TTABLE);
        cx_lmodule_check_keys(L, 2, fn, keys);
    }
    lua_settop(L, 2);
    return opts;
}

lua_Integer cx_lmodule_int_opt(lua_State *L, int idx, const char *fn, const char *key,
                               lua_Integer def, lua_Integer lo, lua_Integer hi)
{
    int isint;
    lua_Integer x = def;
    if (idx && lua_getfield(L, idx, key) != LUA_TNIL) {     /* opts[key] */
        x = lua_tointegerx(L, -1, &isint);
        if (!isint)
            luaL_error(L, "%s: %s must be an integer, got %s", fn, key,
                       luaL_tolstring(L, -1, NULL));
    }
    if (idx)
        lua_pop(L, 1);                              /* opts[key] */
    if (x < lo || x > hi)
        luaL_error(L, "%s: %s must be in [%I,%I], got %I", fn, key, lo, hi, x);
    return x;
}

static unsigned cores(void)
{
    unsigned n = cx_batch_default_threads();
    return n < CX_LMODULE_MAX_THREADS ? n : CX_LMODULE_MAX_THREADS;
}

cx_lmodule_run_opts cx_lmodule_read_run_opts(lua_State *L, int idx, const char *fn,
                                             const cx_model *m)
{
    cx_lmodule_run_opts o = {(size_t)m->reps, 1, cores()};
    if (idx == 0)
        return o;
    o.reps = (size_t)cx_lmodule_int_opt(L, idx, fn, "reps", m->reps, 1, UINT32_MAX);
    o.seed = (uint32_t)cx_lmodule_int_opt(L, idx, fn, "seed", 1, 0, UINT32_MAX);
    o.threads = (unsigned)cx_lmodule_int_opt(L, idx, fn, "threads", o.threads, 1,
                                             CX_LMODULE_MAX_THREADS);
    return o;
}

/* The protected half of cx_lmodule_build. */
typedef struct build_call {
    void (*push)(lua_State *L, void *ctx);
    void *ctx;
} build_call;

static int build_protected(lua_State *L)
{
    const build_call *b = lua_touserdata(L, 1);
    b->push(L, b->ctx);
    return 1;
}

int cx_lmodule_build(lua_State *L, void (*push)(lua_State *L, void *ctx), void *ctx,
                     void (*done)(void *ctx))
{
    build_call b = {push, ctx};
    lua_pushcfunction(L, build_protected);
    lua_pushlightuserdata(L, &b);
    int st = lua_pcall(L, 1, 1, 0);
    done(ctx);
    if (st != LUA_OK)
        return lua_error(L);                        /* the error, re-raised */
    return 1;
}
