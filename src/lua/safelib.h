/* safelib.h - private to src/lua/: the library functions the sandbox
 * replaces (safelib.c).
 * Relies on: Lua 5.4.
 */
#ifndef CX_LUA_SAFELIB_H
#define CX_LUA_SAFELIB_H

#include <lua.h>

/* Replaces the library functions that could run long in C, out of reach
 * of the count hook, or escape the sandbox, in the globals on top. */
void cx_lua_safelib_open(lua_State *L);

#endif
