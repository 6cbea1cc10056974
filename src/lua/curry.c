/* curry.c - curried constructors: `segment "x" { ... }` is the call
 * segment("x"), which returns a closure holding a token, then the call of
 * that closure with the table. Tokens still pending when the chunk
 * returns are reported, so a constructor without its table never
 * vanishes without a word.
 */
#include "curry.h"
#include "loader.h"
#include "lerror.h"

#include <assert.h>
#include <stdio.h>

#include <lauxlib.h>

#define TOKEN_TYPE "cxsim.curried"

void cx_lua_curry_open(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    luaL_newmetatable(L, TOKEN_TYPE);
    lua_pop(L, 1);
    lua_newtable(L);
    ld->pending_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

void cx_lua_curry(lua_State *L, const char *family, const char *name,
                  lua_CFunction body)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    assert(ld->pending_ref != LUA_NOREF);   /* cx_lua_curry_open ran */
    cx_lua_token *tok = lua_newuserdatauv(L, sizeof *tok, 0);
    tok->family = family;
    snprintf(tok->name, sizeof tok->name, "%s", name);
    tok->line = cx_lua_line(L);
    tok->done = 0;
    luaL_setmetatable(L, TOKEN_TYPE);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->pending_ref);
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);                  /* pending[token] = true */
    lua_pop(L, 1);
    lua_pushcclosure(L, body, 1);       /* the token is its upvalue */
}

const char *cx_lua_curried_name(lua_State *L)
{
    cx_lua_token *tok = luaL_testudata(L, lua_upvalueindex(1), TOKEN_TYPE);
    assert(tok);                        /* called from a body cx_lua_curry made */
    if (!tok->done) {
        tok->done = 1;
        lua_rawgeti(L, LUA_REGISTRYINDEX, cx_lua_loader_of(L)->pending_ref);
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_pushnil(L);
        lua_rawset(L, -3);              /* pending[token] = nil */
        lua_pop(L, 1);
    }
    return tok->name;
}

const cx_lua_token *cx_lua_token_of(lua_State *L, int idx)
{
    if (!lua_iscfunction(L, idx) || !lua_getupvalue(L, idx, 1))
        return NULL;
    const cx_lua_token *tok = luaL_testudata(L, -1, TOKEN_TYPE);
    lua_pop(L, 1);                      /* the closure keeps it alive */
    return tok;
}

void cx_lua_pending_check(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    const cx_lua_token *first = NULL;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->pending_ref);
    lua_pushnil(L);
    while (lua_next(L, -2)) {           /* earliest line: a stable report */
        const cx_lua_token *tok = lua_touserdata(L, -2);
        if (!first || tok->line < first->line)
            first = tok;
        lua_pop(L, 1);
    }
    if (first) {
        ld->status = CX_ERR_INPUT;
        lua_pushfstring(L, "%s:%d: %s \"%s\": missing its table; write %s \"%s\" { ... }",
                        ld->short_src, first->line, first->family, first->name,
                        first->family, first->name);
        lua_error(L);
    }
    lua_pop(L, 1);
}
