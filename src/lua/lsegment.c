/* lsegment.c - the segment constructors: segment "name" { ... }, one
 * customer segment with the keys of cx_model_segment_params (trust nested
 * as trust = { mean = ..., sd = ... }, ltr as ltr = { a = ..., ... }), and
 * segments_from_csv "FILE", one segment per row of a CSV file beside the
 * scenario (cxsim/segments_csv.h reads it through the same parameter
 * table and checks).
 *
 * The sandbox forbids io, so segments_from_csv is the one way a scenario
 * reads a data file: only files inside the scenario's directory (no
 * absolute path, no "..", symbolic links resolved), at most
 * CX_LUA_CSV_MAX_BYTES.
 */
#include "loader.h"
#include "require.h"
#include "lerror.h"
#include "table.h"
#include "curry.h"
#include "constructors.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#include "cxsim/csv_table.h"
#include "cxsim/io.h"
#include "cxsim/segments_csv.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* A segments file is a table of a few rows; 4 MiB is thousands of
 * segments, and bounds the C memory and time a load spends outside the
 * Lua budgets. */
#define CX_LUA_CSV_MAX_BYTES ((size_t)4 << 20)

/* Metatable of the box that owns the segments read, so that an error
 * raised while they are registered frees them. */
#define SEGBOX_TYPE "cxsim.segments"

/* The curried half: segment "name" { ... } calls this with the table. */
static int segment_body(lua_State *L)
{
    const char *name = cx_lua_curried_name(L);
    char what[CX_NAME_MAX + 16];
    size_t n;
    cx_segment s;
    cx_error e;
    snprintf(what, sizeof what, "segment \"%s\"", name);
    if (lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, what, "expects a table of parameters, got %s",
                            luaL_typename(L, 1));
    cx_segment_defaults(&s, name);
    s.line = cx_lua_line(L);
    const cx_param_spec *specs = cx_model_segment_params(&n);  /* n before it is read */
    const cx_lua_target t = {what, specs, n, &s, NULL, 0, NULL, 0};
    cx_lua_read_table(L, 1, &t);
    if (cx_model_add_segment(cx_lua_model(L), &s, &e) != CX_OK)
        return cx_lua_error_status(L, &e);
    return 0;
}

/* segment "name": checks the name, returns the function taking the table. */
static int segment_new(lua_State *L)
{
    char name[CX_NAME_MAX];
    cx_lua_check_name(L, 1, "segment", name, sizeof name);
    if (lua_gettop(L) > 1)
        return cx_lua_error(L, "segment", "takes the name alone; "
                            "write segment \"%s\" { ... }", name);
    cx_lua_curry(L, "segment", name, segment_body);
    return 1;
}

/* ---- segments_from_csv ---------------------------------------------------- */

static const char CSV_WHAT[] = "segments_from_csv";

/* Whether rel has a ".." component. */
static int has_dotdot(const char *rel)
{
    for (const char *p = rel; (p = strstr(p, "..")) != NULL; p += 2)
        if ((p == rel || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return 1;
    return 0;
}

/* The file the scenario names by argument 1, relative to its directory,
 * into path; raises for a name the sandbox does not allow or a file that
 * is not there. */
static const char *csv_path(lua_State *L, char *path, size_t size)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    char dir[PATH_MAX];
    size_t len;
    struct stat st;
    if (lua_type(L, 1) != LUA_TSTRING)
        cx_lua_error(L, CSV_WHAT, "expects a file name, got %s", luaL_typename(L, 1));
    const char *rel = lua_tolstring(L, 1, &len);
    if (len == 0 || strlen(rel) != len)
        cx_lua_error(L, CSV_WHAT, "the file name is empty or holds a NUL byte");
    if (!ld->opts.unsafe && (rel[0] == '/' || has_dotdot(rel)))
        cx_lua_error(L, CSV_WHAT, "\"%s\": name a file in the scenario's directory or "
                     "below it (no absolute path, no \"..\")", rel);
    cx_lua_dir_of(ld->path, dir, sizeof dir);
    int n = rel[0] == '/' || strcmp(dir, ".") == 0 ? snprintf(path, size, "%s", rel)
                                                    : snprintf(path, size, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= size)
        cx_lua_error(L, CSV_WHAT, "\"%s\": the path is too long", rel);
    if (stat(path, &st) != 0)
        cx_lua_error(L, CSV_WHAT, "%s: cannot open: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        cx_lua_error(L, CSV_WHAT, "%s is not a regular file", path);
    if (!ld->opts.unsafe && !cx_lua_inside(dir, path))
        cx_lua_error(L, CSV_WHAT, "%s leads outside the scenario's directory (a symbolic "
                     "link?); not read", path);
    return rel;
}

/* The file at path, whole, through the strict CSV reader, into segments;
 * its bytes join ld's inputs. */
static cx_status read_segments(cx_lua_loader *ld, const char *path, cx_segment **out,
                               size_t *n, cx_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    cx_csv_table *t = NULL;
    cx_status st = cx_io_read_file(path, CX_LUA_CSV_MAX_BYTES, &buf, &len, err);
    if (st == CX_OK)
        cx_lua_loader_input(ld, path, buf, len);     /* the resume key covers it */
    if (st == CX_OK)
        st = cx_csv_read_buffer(path, buf ? buf : "", len, &t, err);
    free(buf);
    if (st == CX_OK)
        st = cx_segments_csv_read(t, out, n, err);
    cx_csv_table_free(t);
    return st;
}

static int segbox_gc(lua_State *L)
{
    cx_segment **box = luaL_checkudata(L, 1, SEGBOX_TYPE);
    free(*box);
    *box = NULL;
    return 0;
}

/* Pushes the box that will own the segments read. */
static cx_segment **segbox_push(lua_State *L)
{
    cx_segment **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    luaL_setmetatable(L, SEGBOX_TYPE);
    return box;
}

/* Pushes segment s as a plain table: name and every key, dotted keys
 * nested as a segment { } table writes them (trust = { mean = ... }). */
static void push_segment(lua_State *L, const cx_segment *s)
{
    size_t n;
    const cx_param_spec *specs = cx_model_segment_params(&n);
    lua_createtable(L, 0, (int)n + 1);
    lua_pushstring(L, s->name);
    lua_setfield(L, -2, "name");
    for (size_t i = 0; i < n; i++) {
        const char *key = specs[i].key, *dot = strchr(key, '.');
        if (dot) {
            lua_pushlstring(L, key, (size_t)(dot - key));
            if (lua_rawget(L, -2) != LUA_TTABLE) {     /* the group, made once */
                lua_pop(L, 1);
                lua_newtable(L);
                lua_pushlstring(L, key, (size_t)(dot - key));
                lua_pushvalue(L, -2);
                lua_rawset(L, -4);
            }
            lua_pushnumber(L, cx_param_get(&specs[i], s));
            lua_setfield(L, -2, dot + 1);
            lua_pop(L, 1);
        } else {
            lua_pushnumber(L, cx_param_get(&specs[i], s));
            lua_setfield(L, -2, key);
        }
    }
}

/* Adds segs[0..n) to the model as if each had been declared by a segment
 * call at the line of this call, and pushes the list of them. */
static void register_segments(lua_State *L, const char *path, cx_segment *segs, size_t n)
{
    cx_model *m = cx_lua_model(L);
    int line = cx_lua_line(L);
    cx_error e;
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        int csv_line = segs[i].line;
        for (size_t k = 0; k < m->n_segments; k++)
            if (strcmp(m->segments[k].name, segs[i].name) == 0)
                cx_lua_error(L, CSV_WHAT, "%s:%d: segment \"%s\" is already declared (line "
                             "%d of the scenario)", path, csv_line, segs[i].name,
                             m->segments[k].line);
        segs[i].line = line;
        if (cx_model_add_segment(m, &segs[i], &e) != CX_OK)
            cx_lua_error_status(L, &e);
        push_segment(L, &segs[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* segments_from_csv "FILE": the segments of the file, declared. */
static int segments_from_csv(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    char path[PATH_MAX];
    cx_error e;
    size_t n;
    cx_lua_model(L);                    /* raises once the load is over */
    if (lua_gettop(L) != 1)
        return cx_lua_error(L, CSV_WHAT, "takes one file name; write "
                            "segments_from_csv \"segments.csv\"");
    const char *rel = csv_path(L, path, sizeof path);
    cx_segment **box = segbox_push(L);
    cx_status st = read_segments(ld, path, box, &n, &e);
    if (st == CX_ERR_NOMEM)
        return cx_lua_error_status(L, &e);
    if (st != CX_OK)                    /* the file's fault, even unreadable: exit 3 */
        return cx_lua_error(L, CSV_WHAT, "%s", e.msg);
    register_segments(L, path, *box, n);
    if (ld->opts.on_data)
        ld->opts.on_data(ld->opts.module_ctx, rel, path);
    return 1;
}

static const luaL_Reg segment_lib[] = {
    {"segment", segment_new},
    {"segments_from_csv", segments_from_csv},
    {NULL, NULL}
};

void cx_lua_open_segment(lua_State *L)
{
    if (luaL_newmetatable(L, SEGBOX_TYPE)) {
        lua_pushcfunction(L, segbox_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    luaL_setfuncs(L, segment_lib, 0);
}
