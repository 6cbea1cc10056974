/* ltouchpoint.c - the touchpoint "name" { ... } constructor. A touchpoint is
 * a value: a userdata holding a cx_touchpoint, which journeys collect (so
 * plain Lua can build, reuse and loop over touchpoints). Besides the keys
 * of cx_model_touchpoint_params and channel, it reads next, its successors
 * in the journey graph, by name: cx_model_add_journey resolves the names in
 * each journey the touchpoint is put in, and checks them.
 */
#include "ltouchpoint.h"
#include "lerror.h"
#include "table.h"
#include "curry.h"
#include "constructors.h"

#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

static int touchpoint_tostring(lua_State *L)
{
    const cx_touchpoint *tp = luaL_checkudata(L, 1, CX_LUA_TOUCHPOINT_TYPE);
    lua_pushfstring(L, "touchpoint \"%s\"", tp->name);
    return 1;
}

/* next = { cart = 0.7, done = 0.1 } (the value on top of the stack). */
static void read_next_table(lua_State *L, const char *what, cx_touchpoint *tp)
{
    cx_lua_entry e[CX_MAX_NEXT];
    size_t n = cx_lua_read_entries(L, -1, what, "next", "name = probability", e,
                                   CX_MAX_NEXT);
    if (n == 0)     /* n_next = 0 would silently mean "declaration order" */
        cx_lua_error(L, what, "next is empty; write next = \"done\" to end the "
                     "journey here");
    for (size_t i = 0; i < n; i++) {
        memcpy(tp->next_name[i], e[i].name, CX_NAME_MAX);
        tp->next_p[i] = e[i].value;
    }
    tp->n_next = n;
}

/* The next key of the table at index 1: a name (probability 1) or a table
 * of name = probability. Names, ranges and the sum are checked by
 * cx_model_add_journey, which knows the journey's touchpoints. */
static void read_next(lua_State *L, const char *what, cx_touchpoint *tp)
{
    lua_pushliteral(L, "next");
    switch (lua_rawget(L, 1)) {     /* raw, as cx_lua_read_table reads */
    case LUA_TNIL:
        break;                      /* the default: declaration order */
    case LUA_TSTRING:
        cx_lua_copy_name(L, -1, what, "next", tp->next_name[0]);
        tp->next_p[0] = 1;
        tp->n_next = 1;
        break;
    case LUA_TTABLE:
        read_next_table(L, what, tp);
        break;
    default:
        cx_lua_error(L, what, "next must be a touchpoint name or a table of "
                     "name = probability, got %s", luaL_typename(L, -1));
    }
    lua_pop(L, 1);
}

/* The curried half: touchpoint "name" { ... } calls this with the table. */
static int touchpoint_body(lua_State *L)
{
    static const char *const own[] = {"next"};
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
    const cx_param_spec *specs = cx_model_touchpoint_params(&n);  /* n before it is read */
    const cx_lua_target t = {what, specs, n, tp, strs, 1,
                             own, 1};
    cx_lua_read_table(L, 1, &t);
    read_next(L, what, tp);
    luaL_setmetatable(L, CX_LUA_TOUCHPOINT_TYPE);
    return 1;
}

/* touchpoint "name": checks the name, returns the function taking the
 * table. "done" and "drop" are refused: next = "done" ends the journey and
 * "drop" ends it abandoned, so a touchpoint of either name could never be
 * named as a successor. */
static int touchpoint_new(lua_State *L)
{
    char name[CX_NAME_MAX];
    cx_lua_check_name(L, 1, "touchpoint", name, sizeof name);
    if (strcmp(name, "done") == 0)
        return cx_lua_error(L, "touchpoint", "name \"done\" is reserved "
                            "(next = \"done\" ends the journey)");
    if (strcmp(name, "drop") == 0)
        return cx_lua_error(L, "touchpoint", "name \"drop\" is reserved "
                            "(next = { drop = p } ends the journey abandoned)");
    if (lua_gettop(L) > 1)
        return cx_lua_error(L, "touchpoint", "takes the name alone; "
                            "write touchpoint \"%s\" { ... }", name);
    cx_lua_curry(L, "touchpoint", name, touchpoint_body);
    return 1;
}

static const luaL_Reg touchpoint_lib[] = {
    {"touchpoint", touchpoint_new},
    {NULL, NULL}
};

static const luaL_Reg touchpoint_meta[] = {
    {"__tostring", touchpoint_tostring},
    {NULL, NULL}
};

void cx_lua_open_touchpoint(lua_State *L)
{
    luaL_newmetatable(L, CX_LUA_TOUCHPOINT_TYPE);
    luaL_setfuncs(L, touchpoint_meta, 0);
    lua_pop(L, 1);
    luaL_setfuncs(L, touchpoint_lib, 0);
}
