/* sandbox.h - private to src/lua/: what a scenario script may touch
 * (sandbox.c): the safe libraries and the strict environment, the message
 * handler. How much it may spend is budget.h's.
 * Relies on: Lua 5.4.
 */
#ifndef CX_LUA_SANDBOX_H
#define CX_LUA_SANDBOX_H

#include <stddef.h>

#include <lua.h>

/* Opens the safe libraries into the globals (every library in unsafe
 * mode), drops the unsafe functions, registers the constructors
 * (constructors.h) and pushes a fresh environment table for the scenario
 * chunk, in which reading an unknown global is an error. */
void cx_lua_sandbox_open(lua_State *L);

#endif
