/* require.c - `require "name"` for scenarios: a module is a Lua file found
 * beside the scenario or in one of the scenario library directories
 * (cx_scenario_opts.lib_dirs), nowhere else.
 *
 * Names are restricted to letters, digits, '_' and '-' in components
 * separated by '.', which map to directories ("lib.util" ->
 * "lib/util.lua"): no "..", no absolute path, no hidden file can be named.
 * A file whose real path (symbolic links resolved) leaves its directory is
 * refused. Modules are text chunks run in the scenario's own environment,
 * under the same budgets, each once per load (the result is cached as the
 * stock require caches it). In unsafe mode a module found nowhere here is
 * looked up by the stock require.
 */
#define _XOPEN_SOURCE 700       /* realpath */

#include "require.h"
#include "loader.h"
#include "chunks.h"
#include "lerror.h"
#include "constructors.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#define NAME_MAX_LEN 127
#define LOADED_KEY "cxsim.loaded"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* The mark of a module being loaded: its address is unique, nothing is
 * ever written to it. */
static const char loading_mark = 0;

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-';
}

/* 1 if name is components of name_char separated by single dots. */
static int valid_name(const char *name, size_t len)
{
    if (len == 0 || len > NAME_MAX_LEN || strlen(name) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '.') {
            if (i == 0 || i + 1 == len || name[i + 1] == '.')
                return 0;
        } else if (!name_char(name[i]))
            return 0;
    }
    return 1;
}

void cx_lua_dir_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, size, ".");
    else if (slash == path)
        snprintf(out, size, "/");
    else
        snprintf(out, size, "%.*s", (int)(slash - path), path);
}

int cx_lua_inside(const char *dir, const char *file)
{
    char *rd = realpath(dir, NULL), *rf = realpath(file, NULL);
    int ok = 0;
    if (rd && rf) {
        size_t n = strlen(rd);
        ok = strcmp(rd, "/") == 0
             || (strncmp(rf, rd, n) == 0 && rf[n] == '/');
    }
    free(rd);
    free(rf);
    return ok;
}

typedef enum found { NOT_FOUND, FOUND, OUTSIDE } found;

/* Looks for dir/rel.lua; out receives its path. */
static found find_in(const char *dir, const char *rel, char *out, size_t size)
{
    struct stat st;
    int n = strcmp(dir, ".") == 0 ? snprintf(out, size, "%s.lua", rel)  /* as the user wrote */
                                   : snprintf(out, size, "%s/%s.lua", dir, rel);
    if (n < 0 || (size_t)n >= size || stat(out, &st) != 0 || !S_ISREG(st.st_mode))
        return NOT_FOUND;
    return cx_lua_inside(dir, out) ? FOUND : OUTSIDE;
}

/* Searches the scenario's directory, then the library directories; on
 * failure pushes the list of places searched and returns NOT_FOUND, or
 * OUTSIDE with out naming the file that leads outside. */
static found search(lua_State *L, const char *rel, char *out, size_t size)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    char dir[PATH_MAX];
    luaL_Buffer b;
    cx_lua_dir_of(ld->path, dir, sizeof dir);
    found f = find_in(dir, rel, out, size);
    for (size_t i = 0; f == NOT_FOUND && i < ld->opts.n_lib_dirs; i++)
        f = find_in(ld->opts.lib_dirs[i], rel, out, size);
    if (f != NOT_FOUND)
        return f;
    luaL_buffinit(L, &b);
    if (strcmp(dir, ".") == 0)
        lua_pushfstring(L, "%s.lua", rel);
    else
        lua_pushfstring(L, "%s/%s.lua", dir, rel);
    luaL_addvalue(&b);
    for (size_t i = 0; i < ld->opts.n_lib_dirs; i++) {
        lua_pushfstring(L, ", %s/%s.lua", ld->opts.lib_dirs[i], rel);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    return NOT_FOUND;
}

/* Loads the module file at path as a text chunk in the scenario's
 * environment and pushes it. The buffer is a userdata, so an error leaks
 * nothing; the file is open only between two calls that cannot raise. */
static void load_module(lua_State *L, const char *path)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    struct stat st;
    if (stat(path, &st) != 0 || (size_t)st.st_size > CX_LUA_MEM_BUDGET)
        cx_lua_error(L, "require", "cannot read %s", path);
    size_t size = (size_t)st.st_size;
    char *buf = lua_newuserdatauv(L, size ? size : 1, 0);
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, size, f) : 0;
    int bad = !f || ferror(f);
    if (f)
        fclose(f);
    if (bad)
        cx_lua_error(L, "require", "cannot read %s", path);
    if (!ld->opts.unsafe && n > 0 && buf[0] == LUA_SIGNATURE[0])
        cx_lua_error(L, "require", "%s is a precompiled (binary) chunk; give the Lua "
                     "source", path);
    cx_lua_loader_input(ld, path, buf, n);
    cx_lua_chunk_add(L, path);
    const char *name = lua_pushfstring(L, "@%s", path);
    if (luaL_loadbufferx(L, buf, n, name, ld->opts.unsafe ? "bt" : "t") != LUA_OK)
        lua_error(L);                   /* "path:line: ..." of the module */
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->env_ref);
    lua_setupvalue(L, -2, 1);           /* the scenario's env as its _ENV */
    lua_replace(L, -3);                 /* over the buffer; drop the name */
    lua_pop(L, 1);
}

/* Runs the module on top (name at index 1, path given) and leaves its
 * result (true if none) in loaded[name] (the table at index 2). The mark
 * is cleared if the module fails, so a caught failure is not taken for a
 * loop later. */
static void run_module(lua_State *L, const char *path)
{
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, (void *)&loading_mark);
    lua_rawset(L, 2);                   /* loaded[name] = being loaded */
    lua_pushvalue(L, 1);
    lua_pushstring(L, path);
    if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
        lua_pushvalue(L, 1);
        lua_pushnil(L);
        lua_rawset(L, 2);
        lua_error(L);                   /* the module's error, as it was */
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, 2);                   /* loaded[name] = result */
}

/* The stock require (upvalue 1, unsafe mode only) for a module found
 * nowhere here; otherwise the error. Message list on top. */
static int not_found(lua_State *L, const char *name)
{
    if (!lua_isnil(L, lua_upvalueindex(1))) {
        lua_settop(L, 1);
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_call(L, 1, LUA_MULTRET);
        return lua_gettop(L);
    }
    return cx_lua_error(L, "require", "module \"%s\" not found beside the scenario or in "
                        "the scenario library; searched %s", name, lua_tostring(L, -1));
}

static int require_fn(lua_State *L)
{
    char rel[NAME_MAX_LEN + 1], path[PATH_MAX];
    size_t len;
    if (lua_type(L, 1) != LUA_TSTRING)
        return cx_lua_error(L, "require", "expects a module name, got %s",
                            luaL_typename(L, 1));
    const char *name = lua_tolstring(L, 1, &len);
    lua_settop(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LOADED_KEY);        /* index 2 */
    lua_pushvalue(L, 1);
    if (lua_rawget(L, 2) != LUA_TNIL) {
        if (lua_touserdata(L, -1) == &loading_mark)
            return cx_lua_error(L, "require", "module \"%s\" requires itself (a loop of "
                                "requires)", name);
        return 1;                       /* loaded before */
    }
    lua_pop(L, 1);
    if (!valid_name(name, len)) {
        if (!lua_isnil(L, lua_upvalueindex(1)))
            return not_found(L, name);
        return cx_lua_error(L, "require", "bad module name \"%s\": use letters, digits, "
                            "'_' and '-', with '.' between directories (no \"..\", no "
                            "absolute path)", name);
    }
    for (size_t i = 0; i <= len; i++)
        rel[i] = name[i] == '.' ? '/' : name[i];
    found f = search(L, rel, path, sizeof path);
    if (f == OUTSIDE)
        return cx_lua_error(L, "require", "%s leads outside its directory (a symbolic "
                            "link?); not loaded", path);
    if (f == NOT_FOUND)
        return not_found(L, name);
    load_module(L, path);
    run_module(L, path);
    cx_lua_loader *ld = cx_lua_loader_of(L);
    if (ld->opts.on_module)
        ld->opts.on_module(ld->opts.module_ctx, name, path);
    return 1;
}

void cx_lua_open_require(lua_State *L)
{
    lua_getfield(L, -1, "require");     /* the stock one (unsafe) or nil */
    lua_pushcclosure(L, require_fn, 1);
    lua_setfield(L, -2, "require");
}
