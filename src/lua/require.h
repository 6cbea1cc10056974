/* require.h - private to src/lua/: the directory checks of the sandbox's
 * `require` (require.c), which segments_from_csv shares. `require`
 * itself is registered as the constructors are (constructors.h).
 * Relies on: Lua 5.4.
 */
#ifndef CX_LUA_REQUIRE_H
#define CX_LUA_REQUIRE_H

#include <stddef.h>

#include <lua.h>

/* The directory of path ("." when it has none) into out. */
void cx_lua_dir_of(const char *path, char *out, size_t size);

/* Whether the real path of file (symbolic links resolved) lies inside the
 * real path of dir; 0 when either does not exist. */
int cx_lua_inside(const char *dir, const char *file);

#endif
