/* chunks.h - private to src/lua/: the files loaded in a state (the
 * scenario and the modules it requires), so that messages can name a
 * file by its full path where Lua abbreviated it (LUA_IDSIZE).
 * Relies on: Lua 5.4, loader.h (the table lives in the registry at
 * chunks_ref).
 */
#ifndef CX_LUA_CHUNKS_H
#define CX_LUA_CHUNKS_H

#include <stddef.h>

#include <lua.h>

/* Pushes the short_src Lua gives the chunk named "@path" in messages
 * (raises only for lack of memory), and returns it. */
const char *cx_lua_chunk_short_src(lua_State *L, const char *path);

/* Records that the chunk named "@path" was loaded (for messages). */
void cx_lua_chunk_add(lua_State *L, const char *path);

/* Length of the "FILE:" prefix msg starts with if FILE is a file loaded
 * in this state (its short_src) followed by ':', else 0; *path receives the
 * file's full path. */
size_t cx_lua_chunk_prefix(lua_State *L, const char *msg, const char **path);

#endif
