/* chunks.c - the files loaded in a state, by the short_src Lua gives them
 * in messages (LUA_IDSIZE abbreviates long paths), so that a message can
 * name a file by its full path.
 *
 * The table short_src -> path lives in the registry at ld->chunks_ref
 * (build.c makes it before the first chunk is loaded).
 */
#include "chunks.h"
#include "loader.h"

#include <assert.h>
#include <string.h>

#include <lauxlib.h>

/* Lua's own abbreviation, learnt by loading an empty chunk of the same
 * name, so that it matches Lua's messages byte for byte. */
const char *cx_lua_chunk_short_src(lua_State *L, const char *path)
{
    lua_Debug ar;
    lua_pushfstring(L, "@%s", path);
    if (luaL_loadbufferx(L, "", 0, lua_tostring(L, -1), "t") != LUA_OK)
        lua_error(L);
    lua_getinfo(L, ">S", &ar);          /* pops the chunk */
    lua_pop(L, 1);                      /* the name */
    return lua_pushstring(L, ar.short_src);
}

void cx_lua_chunk_add(lua_State *L, const char *path)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    assert(ld->chunks_ref != LUA_NOREF);    /* build.c made the table */
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->chunks_ref);
    cx_lua_chunk_short_src(L, path);
    lua_pushstring(L, path);
    lua_rawset(L, -3);                  /* chunks[short_src] = path */
    lua_pop(L, 1);
}

size_t cx_lua_chunk_prefix(lua_State *L, const char *msg, const char **path)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    size_t best = 0;
    assert(msg && path);
    if (ld->chunks_ref == LUA_NOREF || ld->chunks_ref == LUA_REFNIL)
        return 0;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->chunks_ref);
    lua_pushnil(L);
    while (lua_next(L, -2)) {           /* the longest match: "a.lua" vs "a.lua.lua" */
        size_t n;
        const char *src = lua_tolstring(L, -2, &n);
        if (n > best && strncmp(msg, src, n) == 0 && msg[n] == ':') {
            best = n;
            *path = lua_tostring(L, -1);    /* kept alive by the table */
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return best;
}
