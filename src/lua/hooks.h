/* hooks.h - private to src/lua/: the scenario's hooks checked at load.
 *
 * Provides: cx_lua_hooks_check (hooks.c).
 * Relies on: Lua 5.4, loader.h (the load's state).
 */
#ifndef CX_LUA_HOOKS_H
#define CX_LUA_HOOKS_H

#include <stddef.h>

#include <lua.h>

/* Once the chunk has returned and the records are finished: records the
 * hooks the scenario defines in the model (on_period and on_visit must be
 * functions), refuses a global function whose name is near a hook's, and
 * checks the literal names of the sim methods in the scenario's text (len
 * bytes; 0 for a binary chunk): unknown names refused with a did-you-mean,
 * the interventions named (sim:enable, sim:disable, sim:enabled) marked as
 * controlled by the policy. Raises like a constructor. */
void cx_lua_hooks_check(lua_State *L, const char *text, size_t len);

#endif
