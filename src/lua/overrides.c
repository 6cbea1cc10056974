/* overrides.c - set { ["path"] = value, ... }: parameter overrides a
 * scenario states for itself, applied once the whole model is built.
 *
 * They act exactly as --set does on the command line (cx_model_set on the
 * finished model, after interventions and variants, whose edits were made
 * against the scenario's own values), so that `cxsim calibrate` can write
 * a fitted scenario as the original text followed by a set block, and
 * running it reproduces the fit. Several blocks apply in the order they
 * were called; within one, wildcard paths first, then by path, as an
 * intervention's set. A --set on the command line still comes last.
 */
#include "loader.h"
#include "lerror.h"
#include "constructors.h"
#include "lintervention.h"

#include <assert.h>
#include <lauxlib.h>

#define FORM "set { [\"journey.purchase.checkout.friction\"] = 0.1, ... }"

/* set { ... }: records the edits and the line of the call. */
static int set_new(lua_State *L)
{
    (void)cx_lua_model(L);      /* only while the file runs */
    if (lua_type(L, 1) != LUA_TTABLE || lua_gettop(L) != 1)
        return cx_lua_error(L, "set", "expects one table of \"path\" = number; write %s",
                            FORM);
    cx_lua_read_edits(L, 1, "set", FORM);                       /* 2: edits */
    lua_createtable(L, 2, 0);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, 1);
    lua_pushinteger(L, cx_lua_line(L));
    lua_rawseti(L, -2, 2);                                      /* {edits, line} */
    lua_rawgeti(L, LUA_REGISTRYINDEX, cx_lua_loader_of(L)->records_ref);
    lua_getfield(L, -1, "set");
    lua_pushvalue(L, -3);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    return 0;
}

/* Applies the record {edits, line} on top of the stack. */
static void apply_record(lua_State *L, cx_model *m)
{
    lua_rawgeti(L, -1, 1);
    const cx_edit *e = lua_touserdata(L, -1);
    size_t n = lua_rawlen(L, -1) / sizeof *e;
    lua_rawgeti(L, -2, 2);
    int line = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    for (size_t i = 0; i < n; i++) {
        cx_error why;
        if (cx_model_set(m, e[i].path, e[i].value, &why) != CX_OK)
            cx_lua_error_at(L, line, "set", "%s", why.msg);
    }
    lua_pop(L, 1);
}

void cx_lua_overrides_finish(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    assert(ld->closed && ld->records_ref != LUA_NOREF);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->records_ref);
    lua_getfield(L, -1, "set");
    size_t n = lua_rawlen(L, -1);
    for (size_t i = 1; i <= n && ld->model; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i);
        apply_record(L, ld->model);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
}

static const luaL_Reg overrides_lib[] = {
    {"set", set_new},
    {NULL, NULL}
};

void cx_lua_open_overrides(lua_State *L)
{
    luaL_setfuncs(L, overrides_lib, 0);
}
