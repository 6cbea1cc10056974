/* curry.h - private to src/lua/: curried constructors (curry.c).
 * `segment "x" { ... }` is two calls: the first remembers the name in a
 * token and returns a closure that takes the table. A token still pending
 * when the chunk returns is an error (cx_lua_pending_check).
 * Relies on: Lua 5.4, loader.h.
 */
#ifndef CX_LUA_CURRY_H
#define CX_LUA_CURRY_H

#include <lua.h>

/* What `segment "x"` remembers until its table arrives. */
typedef struct cx_lua_token {
    const char *family;         /* "segment", "journey", "touchpoint", "parameter" */
    char name[256];             /* a name, or a parameter's path (cx_param_range.path) */
    int line;
    int done;
} cx_lua_token;

/* Makes the registry entries of one load: the tokens' metatable and the
 * table of pending tokens (ld->pending_ref). Before any cx_lua_curry. */
void cx_lua_curry_open(lua_State *L);

/* Pushes a closure of body whose upvalue is a token for family and name,
 * and records the token as pending: `segment "x"` without its table would
 * otherwise vanish without a word. */
void cx_lua_curry(lua_State *L, const char *family, const char *name,
                  lua_CFunction body);

/* In a curried body: marks its token done and returns its name. */
const char *cx_lua_curried_name(lua_State *L);

/* The token of the value at idx if it is a curried closure, else NULL. */
const cx_lua_token *cx_lua_token_of(lua_State *L, int idx);

/* Raises for the earliest curried call still awaiting its table. */
void cx_lua_pending_check(lua_State *L);

#endif
