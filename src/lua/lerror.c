/* lerror.c - errors as the scenario's author reads them: raised inside the
 * protected load with the position of the script code at fault, and
 * turned back into a cx_error once it is over, with the full path of the
 * file where Lua abbreviated it.
 */
#include "lerror.h"
#include "loader.h"
#include "chunks.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

/* ---- raising, inside the protected call --------------------------------- */

/* The innermost frame of a file chunk with a line: the script code that
 * called the running C function, even through pcall or a helper. */
static int script_frame(lua_State *L, lua_Debug *ar)
{
    for (int level = 1; lua_getstack(L, level, ar); level++)
        if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0 && ar->source[0] == '@')
            return 1;
    return 0;
}

void cx_lua_where(lua_State *L)
{
    lua_Debug ar;
    if (script_frame(L, &ar))
        lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
    else
        lua_pushliteral(L, "");
}

int cx_lua_line(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    lua_Debug ar;
    int first = 0;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0 || ar.source[0] != '@')
            continue;
        if (strcmp(ar.source + 1, ld->path) == 0)
            return ar.currentline;      /* the scenario's own file */
        if (!first)
            first = ar.currentline;
    }
    return first;
}

int cx_lua_error(lua_State *L, const char *what, const char *fmt, ...)
{
    char msg[CX_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cx_lua_loader_of(L)->status = CX_ERR_INPUT;
    cx_lua_where(L);
    if (what)
        lua_pushfstring(L, "%s: %s", what, msg);
    else
        lua_pushstring(L, msg);
    lua_concat(L, 2);
    return lua_error(L);
}

int cx_lua_error_at(lua_State *L, int line, const char *what, const char *fmt, ...)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    char msg[CX_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ld->status = CX_ERR_INPUT;
    if (line > 0)
        lua_pushfstring(L, "%s:%d: %s: %s", ld->short_src, line, what, msg);
    else
        lua_pushfstring(L, "%s: %s: %s", ld->short_src, what, msg);
    return lua_error(L);
}

int cx_lua_error_status(lua_State *L, const cx_error *e)
{
    cx_lua_loader_of(L)->status = e->code;
    lua_pushstring(L, e->msg);
    return lua_error(L);
}

/* ---- reporting, once the protected call is over ------------------------- */

/* The position "FILE:LINE: " or "FILE: " msg starts with (n: its length
 * without the colon), split into the line (0 if none) and the rest. */
static const char *after_position(const char *msg, size_t n, long *line)
{
    const char *p = msg + n + 1;        /* past "FILE:" */
    char *end;
    *line = 0;
    if (*p >= '0' && *p <= '9') {
        long l = strtol(p, &end, 10);
        if (*end == ':') {
            *line = l;
            p = end + 1;
        }
    }
    return *p == ' ' ? p + 1 : p;
}

/* "PATH[:LINE]: [what: ]rest", with PATH the full path of file. */
static cx_status positioned(cx_error *err, cx_status code, const char *path, long line,
                            const char *what, const char *rest)
{
    char at[32] = "";
    if (line > 0)
        snprintf(at, sizeof at, ":%ld", line);
    return cx_error_set(err, code, "%s%s: %s%s%s", path, at, what ? what : "",
                        what ? ": " : "", rest);
}

cx_status cx_lua_error_report(cx_lua_loader *ld, lua_State *L, int rc, const char *what,
                              cx_error *err)
{
    assert(ld && L && rc != LUA_OK);    /* the error object is on top */
    const char *msg = lua_tostring(L, -1), *path = ld->path;
    long line;
    if (!msg)
        msg = "(error object is not a string)";
    /* budgets: where the hook stopped (or last saw) the script */
    const char *at = ld->stop_src[0] ? ld->stop_src : path;
    if (ld->out_of_time)
        return positioned(err, CX_ERR_INPUT, at, ld->stop_line, what,
                          "script exceeded its time limit");
    if (ld->out_of_steps)
        return positioned(err, CX_ERR_INPUT, at, ld->stop_line, what,
                          "script exceeded its instruction budget");
    if (ld->mem_refused && (rc == LUA_ERRMEM || rc == LUA_ERRERR
                            || strstr(msg, "not enough memory")))
        return positioned(err, CX_ERR_INPUT, at, ld->stop_line, what,
                          ld->stop_line > 0 ? "script exceeded its memory budget (near "
                                              "this line)"
                                            : "script exceeded its memory budget");
    if (rc == LUA_ERRMEM)
        return positioned(err, CX_ERR_NOMEM, path, 0, what, "out of memory");
    size_t n = cx_lua_chunk_prefix(L, msg, &path);
    if (n == 0 && strncmp(msg, ld->path, strlen(ld->path)) == 0
        && msg[strlen(ld->path)] == ':')
        n = strlen(path = ld->path);    /* a model message names the full path */
    if (n == 0)
        return what ? cx_error_set(err, ld->status, "%s: %s: %s", ld->path, what, msg)
                    : cx_error_set(err, ld->status, "%s", msg);
    const char *rest = after_position(msg, n, &line);
    return positioned(err, ld->status, path, line, what, rest);
}

int cx_lua_msgh(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {                          /* error object not a string */
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            msg = lua_tostring(L, -1);
        else
            msg = lua_pushfstring(L, "(error object is a %s value)",
                                  luaL_typename(L, 1));
    }
    const char *file;
    size_t np = strlen(ld->path);
    if (cx_lua_chunk_prefix(L, msg, &file) > 0)
        return 1;                               /* already names a file */
    if (strncmp(msg, ld->path, np) == 0 && msg[np] == ':')
        return 1;                               /* a model message, full path */
    cx_lua_where(L);
    if (lua_rawlen(L, -1) == 0)
        lua_pushfstring(L, "%s: %s", ld->short_src, msg);
    else
        lua_pushfstring(L, "%s%s", lua_tostring(L, -1), msg);
    return 1;
}
