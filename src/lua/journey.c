/* journey.c - the journey "name" { ... } and touchpoint "name" { ... }
 * constructors. A touchpoint is a value: a userdata holding a validated
 * cx_touchpoint, which a journey collects in the order it lists them (so
 * plain Lua can build, reuse and loop over touchpoints).
 */
#include "loader.h"

#include <stdio.h>

#include <lauxlib.h>

#define TOUCHPOINT_TYPE "cxsim.touchpoint"

/* ---- touchpoint ------------------------------------------------------------ */

static int touchpoint_tostring(lua_State *L)
{
    const cx_touchpoint *tp = luaL_checkudata(L, 1, TOUCHPOINT_TYPE);
    lua_pushfstring(L, "touchpoint \"%s\"", tp->name);
    return 1;
}

/* The curried half: touchpoint "name" { ... } calls this with the table. */
static int touchpoint_body(lua_State *L)
{
    const char *name = cx_lua_curried_name(L);
    char what[CX_NAME_MAX + 16];
    size_t n;
    snprintf(what, sizeof what, "touchpoint \"%s\"", name);
    if (lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, what, "expects a table of parameters, got %s",
                            luaL_typename(L, 1));
    cx_touchpoint *tp = lua_newuserdatauv(L, sizeof *tp, 0);
    cx_touchpoint_defaults(tp, name);
    tp->line = cx_lua_line(L);
    const cx_lua_strfield strs[] = {{"channel", tp->channel, sizeof tp->channel}};
    const cx_lua_target t = {what, cx_model_touchpoint_params(&n), n, tp, strs, 1};
    cx_lua_read_table(L, 1, &t);
    luaL_setmetatable(L, TOUCHPOINT_TYPE);
    return 1;
}

static int touchpoint_new(lua_State *L)
{
    char name[CX_NAME_MAX];
    cx_lua_check_name(L, 1, "touchpoint", name, sizeof name);
    if (lua_gettop(L) > 1)
        return cx_lua_error(L, "touchpoint", "takes the name alone; "
                            "write touchpoint \"%s\" { ... }", name);
    cx_lua_curry(L, "touchpoint", name, touchpoint_body);
    return 1;
}

/* ---- journey ----------------------------------------------------------------- */

/* A journey's table is a list: any key but 1..n is a mistake. */
static void check_list(lua_State *L, const char *what, lua_Integer n)
{
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > n) {
            lua_pushvalue(L, -2);   /* a copy: tostring would change the key */
            cx_lua_error(L, what, "unexpected key [%s]; a journey lists its "
                         "touchpoints in order", luaL_tolstring(L, -1, NULL));
        }
        lua_pop(L, 1);
    }
}

/* Raises for element i (on top of the stack), which is not a touchpoint. */
static void not_touchpoint(lua_State *L, const char *what, lua_Integer i)
{
    const cx_lua_token *tok = cx_lua_token_of(L, -1);
    if (tok)
        cx_lua_error(L, what, "element %lld is %s \"%s\" without its table; "
                     "write %s \"%s\" { ... }", (long long)i, tok->family,
                     tok->name, tok->family, tok->name);
    cx_lua_error(L, what, "element %lld is not a touchpoint, got %s",
                 (long long)i, luaL_typename(L, -1));
}

/* Copies the n touchpoints of the list at index 1 into a new userdata on
 * top of the stack (Lua-owned, so an error part-way leaks nothing). */
static cx_touchpoint *collect(lua_State *L, const char *what, lua_Integer n)
{
    cx_touchpoint *tps = lua_newuserdatauv(L, (size_t)n * sizeof *tps, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, 1, i);
        const cx_touchpoint *tp = luaL_testudata(L, -1, TOUCHPOINT_TYPE);
        if (!tp)
            not_touchpoint(L, what, i);
        tps[i - 1] = *tp;
        lua_pop(L, 1);
    }
    return tps;
}

/* The curried half: journey "name" { touchpoint ..., ... }. */
static int journey_body(lua_State *L)
{
    const char *name = cx_lua_curried_name(L);
    char what[CX_NAME_MAX + 16];
    cx_error e;
    snprintf(what, sizeof what, "journey \"%s\"", name);
    if (lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, what, "expects a list of touchpoints, got %s",
                            luaL_typename(L, 1));
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
    check_list(L, what, n);
    if (n == 0)
        return cx_lua_error(L, what, "lists no touchpoint");
    const cx_touchpoint *tps = collect(L, what, n);
    cx_model *m = cx_lua_model(L);
    if (cx_model_add_journey(m, name, cx_lua_line(L), tps, (size_t)n, &e) != CX_OK)
        return cx_lua_error_status(L, &e);
    return 0;
}

static int journey_new(lua_State *L)
{
    char name[CX_NAME_MAX];
    cx_lua_check_name(L, 1, "journey", name, sizeof name);
    if (lua_gettop(L) > 1)
        return cx_lua_error(L, "journey", "takes the name alone; "
                            "write journey \"%s\" { ... }", name);
    cx_lua_curry(L, "journey", name, journey_body);
    return 1;
}

static const luaL_Reg journey_lib[] = {
    {"journey", journey_new},
    {"touchpoint", touchpoint_new},
    {NULL, NULL}
};

static const luaL_Reg touchpoint_meta[] = {
    {"__tostring", touchpoint_tostring},
    {NULL, NULL}
};

void cx_lua_open_journey(lua_State *L)
{
    luaL_newmetatable(L, TOUCHPOINT_TYPE);
    luaL_setfuncs(L, touchpoint_meta, 0);
    lua_pop(L, 1);
    luaL_setfuncs(L, journey_lib, 0);
}
