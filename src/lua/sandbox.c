/* sandbox.c - what a scenario script may touch: an allow-list of libraries,
 * a strict environment, a text-only load, and budgets on memory and
 * instructions and time (docs/architecture.md, house style point 8;
 * Redis's script_lua.c for the shape). In unsafe mode (--unsafe) every library is open and nothing is
 * budgeted; the strict environment stays, as it only catches typos.
 */
#include "sandbox.h"
#include "budget.h"
#include "loader.h"
#include "safelib.h"
#include "chunks.h"
#include "lerror.h"
#include "constructors.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>

#include "cxsim/suggest.h"


/* print goes to stderr so that scenario debugging never mixes with results
 * a command writes on stdout. */
static int print_stderr(lua_State *L)
{
    int n = lua_gettop(L);
    if (cx_lua_loader_of(L)->silent)
        return 0;
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);   /* honours __tostring */
        if (i > 1)
            fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    fflush(stderr);
    return 0;
}

/* The reader load calls for each piece of a chunk given as a function:
 * charges a step (and reads the clock) per call, as the parser runs no
 * instruction the hook could count. Upvalue 1: the script's reader. */
static int load_reader(lua_State *L)
{
    cx_lua_budget_charge(L, 1);
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 0, 1);
    return 1;
}

/* load(chunk [, chunkname [, mode [, env]]]) with mode forced to text
 * (unless unsafe) and env defaulting to the scenario's environment, not
 * the raw globals. A chunk name starting with '@' or '=' would make Lua
 * name a file of the script's choosing in messages (even the scenario's
 * own, with a wrong line); it is given as a plain name instead, which Lua
 * shows as [string "..."], so the scenario's position is prepended.
 * Upvalues: the stock load, the environment. */
static int load_text(lua_State *L)
{
    int has_env = !lua_isnone(L, 4);
    lua_settop(L, 4);
    if (!cx_lua_loader_of(L)->opts.unsafe) {
        lua_pushliteral(L, "t");                /* binary chunks stay out */
        lua_replace(L, 3);
        const char *name = lua_tostring(L, 2);
        if (name && (name[0] == '@' || name[0] == '=')) {
            lua_pushfstring(L, "load %s", name);
            lua_replace(L, 2);
        }
        if (lua_type(L, 1) == LUA_TFUNCTION) {
            lua_pushvalue(L, 1);
            lua_pushcclosure(L, load_reader, 1);
            lua_replace(L, 1);
        }
    }
    if (!has_env) {
        lua_pushvalue(L, lua_upvalueindex(2));
        lua_replace(L, 4);
    }
    lua_pushvalue(L, lua_upvalueindex(1));      /* stock load below args */
    lua_insert(L, 1);
    lua_call(L, 4, LUA_MULTRET);
    return lua_gettop(L);
}

/* Considers every string key of the table at idx as a suggestion. */
static void suggest_keys(lua_State *L, int idx, cx_suggestion *s)
{
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) == LUA_TSTRING)
            cx_suggest_add(s, lua_tostring(L, -2));
        lua_pop(L, 1);
    }
}

/* env.__index(env, key); upvalue: the safe globals. */
static int env_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 1;
    if (lua_type(L, 2) != LUA_TSTRING)
        return cx_lua_error(L, NULL, "unknown global [%s]", luaL_tolstring(L, 2, NULL));
    cx_suggestion s;
    cx_suggest_init(&s, lua_tostring(L, 2));
    suggest_keys(L, lua_upvalueindex(1), &s);
    suggest_keys(L, 1, &s);
    if (s.best)
        return cx_lua_error(L, NULL, "unknown global '%s'; did you mean '%s'?", s.key, s.best);
    return cx_lua_error(L, NULL, "unknown global '%s'", s.key);
}

/* env.__newindex(env, key, value): scripts may make globals of their own
 * but not shadow a library or constructor, which would only confuse. */
static int env_newindex(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return cx_lua_error(L, NULL, "cannot assign to '%s': it names a built-in",
                            luaL_tolstring(L, 2, NULL));
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 0;
}

static const luaL_Reg safe_libs[] = {
    {LUA_GNAME, luaopen_base},
    {LUA_TABLIBNAME, luaopen_table},
    {LUA_STRLIBNAME, luaopen_string},
    {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8},
    {NULL, NULL}
};

/* Opens the allow-listed libraries into the globals (on top of the stack)
 * and drops what reads files or loads binary chunks; in unsafe mode opens
 * every standard library and drops nothing. */
static void open_libs(lua_State *L, int unsafe)
{
    if (unsafe)
        luaL_openlibs(L);
    for (const luaL_Reg *lib = safe_libs; !unsafe && lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);                          /* the library table */
    }
    if (!unsafe)
        cx_lua_safelib_open(L);
    lua_getfield(L, -1, LUA_MATHLIBNAME);       /* Lua seeds from the clock: */
    lua_getfield(L, -1, "randomseed");          /* a load must be reproducible */
    lua_pushvalue(L, -1);                       /* kept for policies' begin */
    lua_setfield(L, LUA_REGISTRYINDEX, CX_LUA_RANDOMSEED_KEY);
    lua_pushinteger(L, 0);
    lua_call(L, 1, 0);
    lua_pop(L, 1);
    lua_pushcfunction(L, print_stderr);
    lua_setfield(L, -2, "print");
}

/* Pushes a fresh environment whose misses fall back on the globals at
 * index g and whose unknown reads are errors. */
static void push_env(lua_State *L, int g)
{
    lua_newtable(L);                            /* env */
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, LUA_GNAME);             /* _G is the env itself */
    static const luaL_Reg meta[] = {{"__index", env_index},
                                    {"__newindex", env_newindex},
                                    {NULL, NULL}};
    lua_newtable(L);                            /* its metatable */
    lua_pushvalue(L, g);
    luaL_setfuncs(L, meta, 1);                  /* globals as upvalue */
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");         /* keep it strict */
    lua_setmetatable(L, -2);
}

void cx_lua_sandbox_open(lua_State *L)
{
    lua_pushglobaltable(L);
    int g = lua_gettop(L);
    open_libs(L, cx_lua_loader_of(L)->opts.unsafe);
    for (const cx_lua_constructor *f = cx_lua_constructors; f->open; f++)
        f->open(L);                             /* into the globals at g */
    push_env(L, g);
    lua_getfield(L, g, "load");                 /* wrap the stock load */
    lua_pushvalue(L, -2);
    lua_pushcclosure(L, load_text, 2);
    lua_setfield(L, g, "load");
    lua_remove(L, g);                           /* leave only the env */
}
