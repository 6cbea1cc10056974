/* lintervention.h - private to src/lua/: the reader of a table of edits
 * (lintervention.c), which interventions, variants and set blocks share.
 * Relies on: Lua 5.4.
 */
#ifndef CX_LUA_LINTERVENTION_H
#define CX_LUA_LINTERVENTION_H

#include <stddef.h>

#include <lua.h>

/* Reads the table at t, of "path" = number, into a pushed userdata of
 * cx_edit[n] (paths in full --set form, wildcards first, then by path:
 * the order they apply in) and returns n. Raises, naming what, for a key
 * that is not a string (form: how to write the table), a value that is
 * not a number, a path given twice. */
size_t cx_lua_read_edits(lua_State *L, int t, const char *what, const char *form);

#endif
