/* build.h - private to src/lua/: running a scenario text in a fresh
 * sandboxed state (the heart of cx_scenario_load, and of each policy's
 * rebuild).
 * Relies on: loader.h.
 */
#ifndef CX_LUA_BUILD_H
#define CX_LUA_BUILD_H

#include <stddef.h>

#include <lua.h>

#include "cxsim/error.h"
#include "loader.h"

/* Runs the scenario text buf[0..len) in a new state allocating through ld:
 * the chunk, then what the constructor families finish afterwards
 * (interventions, variants, set blocks). On success, if keep is non-NULL,
 * *keep is the live state (the caller closes it), else the state is
 * closed. On failure the state is closed and err filled. */
cx_status cx_lua_build(cx_lua_loader *ld, const char *buf, size_t len,
                       lua_State **keep, cx_error *err);

#endif
