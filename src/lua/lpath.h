/* lpath.h - private to src/lua/: dotted parameter paths over a model
 * (lpath.c), and the model proxy apply(m) hands a script.
 * Relies on: Lua 5.4, cxsim/model.h.
 */
#ifndef CX_LUA_LPATH_H
#define CX_LUA_LPATH_H

#include <stddef.h>

#include <lua.h>

#include "cxsim/model.h"

typedef enum cx_lua_path_kind {
    CX_LUA_PATH_VALUE,          /* a parameter: *value holds it */
    CX_LUA_PATH_GROUP,          /* a prefix of parameters ("journey.purchase") */
    CX_LUA_PATH_UNKNOWN         /* neither: why holds the reason */
} cx_lua_path_kind;

/* What path ("journey.purchase.checkout.friction", "segment.premium",
 * "scenario.wom.nu", "journey.j.frequency.premium") names in m. */
cx_lua_path_kind cx_lua_path_resolve(const cx_model *m, const char *path,
                                     double *value, char *why, size_t why_size);

/* The full --set form of an intervention's set key: "J.TP.KEY" becomes
 * "journey.J.TP.KEY"; keys starting with journey., segment. or scenario.
 * are kept. Returns 0 if it does not fit in size bytes. */
int cx_lua_path_normalise(const char *key, char *out, size_t size);

/* apply(m): pushes the model proxy for the current apply session, whose
 * reads come from ld->scratch and whose writes go to it and to ld->edits. */
void cx_lua_proxy_push(lua_State *L);

#endif
