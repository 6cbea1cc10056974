/* segment.c - the segment "name" { ... } constructor: one customer segment
 * with the keys of cx_model_segment_params (trust nested as
 * trust = { mean = ..., sd = ... }, ltr as ltr = { a = ..., ... }).
 */
#include "loader.h"

#include <stdio.h>

#include <lauxlib.h>

/* The curried half: segment "name" { ... } calls this with the table. */
static int segment_body(lua_State *L)
{
    const char *name = cx_lua_curried_name(L);
    char what[CX_NAME_MAX + 16];
    size_t n;
    cx_segment s;
    cx_error e;
    snprintf(what, sizeof what, "segment \"%s\"", name);
    if (lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, what, "expects a table of parameters, got %s",
                            luaL_typename(L, 1));
    cx_segment_defaults(&s, name);
    s.line = cx_lua_line(L);
    const cx_param_spec *specs = cx_model_segment_params(&n);  /* n before it is read */
    const cx_lua_target t = {what, specs, n, &s, NULL, 0, NULL, 0};
    cx_lua_read_table(L, 1, &t);
    if (cx_model_add_segment(cx_lua_model(L), &s, &e) != CX_OK)
        return cx_lua_error_status(L, &e);
    return 0;
}

/* segment "name": checks the name, returns the function taking the table. */
static int segment_new(lua_State *L)
{
    char name[CX_NAME_MAX];
    cx_lua_check_name(L, 1, "segment", name, sizeof name);
    if (lua_gettop(L) > 1)
        return cx_lua_error(L, "segment", "takes the name alone; "
                            "write segment \"%s\" { ... }", name);
    cx_lua_curry(L, "segment", name, segment_body);
    return 1;
}

static const luaL_Reg segment_lib[] = {
    {"segment", segment_new},
    {NULL, NULL}
};

void cx_lua_open_segment(lua_State *L)
{
    luaL_setfuncs(L, segment_lib, 0);
}
