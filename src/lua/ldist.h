/* ldist.h - private to src/lua/: distribution values (ldist.c), which
 * parameter { dist = ... } and an intervention's set values and costs
 * accept.
 * Relies on: Lua 5.4, cxsim/dist.h.
 */
#ifndef CX_LUA_LDIST_H
#define CX_LUA_LDIST_H

#include <lua.h>

#include "cxsim/dist.h"

/* The distribution at idx (a value uniform(), normal(), ... made), or
 * NULL. */
const cx_dist *cx_lua_test_dist(lua_State *L, int idx);

/* The name of outcome i of the dirichlet at idx (its concentrations'
 * order), or NULL (not a dirichlet, or i too large). */
const char *cx_lua_dist_outcome(lua_State *L, int idx, size_t i);

#endif
