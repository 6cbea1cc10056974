/* lerror.h - private to src/lua/: errors as the scenario's author sees
 * them. A constructor raises a Lua error that starts with the script
 * position ("PATH:LINE: what: message") and records a cx_status; once the
 * protected call is over, cx_lua_error_report turns the Lua error back
 * into a cx_error with the file's full path.
 * Relies on: Lua 5.4, loader.h.
 */
#ifndef CX_LUA_LERROR_H
#define CX_LUA_LERROR_H

#include <lua.h>

#include "cxsim/error.h"
#include "loader.h"

/* Raises "PATH:LINE: what: message" (no "what: " if what is NULL) with the
 * position of the script code that called the running C function. */
int cx_lua_error(lua_State *L, const char *what, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Raises "PATH:LINE: what: message" for a line recorded earlier, in the
 * scenario's own file (LINE 0: "PATH: what: message"). */
int cx_lua_error_at(lua_State *L, int line, const char *what, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Raises e's message (which already names its position, as the model's
 * messages do) and records e's code for cx_scenario_load. */
int cx_lua_error_status(lua_State *L, const cx_error *e);

/* Fills err from the error on top of L's stack (rc: lua_pcall's result),
 * giving the full path back where Lua abbreviated it. what (may be NULL)
 * is inserted after the position: "PATH:LINE: on_period: ...". */
cx_status cx_lua_error_report(cx_lua_loader *ld, lua_State *L, int rc, const char *what,
                              cx_error *err);

/* Pushes "short_src:line: " of the innermost script frame, or "". */
void cx_lua_where(lua_State *L);

/* Line of the innermost frame of the scenario file itself (the call that
 * led into a module, for code in a module), else of the innermost script
 * frame; 0 if none. Constructors record it, and later checks name it with
 * the scenario's path. */
int cx_lua_line(lua_State *L);

/* Message handler of the protected load: turns the error object into a
 * string that starts with the script position ("path:line: "). */
int cx_lua_msgh(lua_State *L);

#endif
