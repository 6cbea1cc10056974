/* table.h - private to src/lua/: from a constructor's Lua table to a
 * model struct (table.c): the reader that maps a table onto a
 * cx_param_spec table, tables of name = number, and names.
 * Relies on: Lua 5.4, cxsim/model.h.
 */
#ifndef CX_LUA_TABLE_H
#define CX_LUA_TABLE_H

#include <stddef.h>

#include <lua.h>

#include "cxsim/model.h"

/* A string-valued key stored in a fixed char array (channel, name). */
typedef struct cx_lua_strfield {
    const char *key;
    char *dst;
    size_t size;
} cx_lua_strfield;

/* Where the keys of one constructor's table go. */
typedef struct cx_lua_target {
    const char *what;               /* `touchpoint "checkout"`, for messages */
    const cx_param_spec *specs;
    size_t n_specs;
    void *object;                   /* the struct the specs' offsets refer to */
    const cx_lua_strfield *strs;
    size_t n_strs;
    const char *const *own;         /* keys the constructor reads itself */
    size_t n_own;                   /* ("next"): accepted, never read here */
} cx_lua_target;

/* Reads the table at idx into t->object: every key must be known, every
 * value of the right type and range, else raises a Lua error naming file,
 * line, t->what and key. Keys the table does not set keep their value. */
void cx_lua_read_table(lua_State *L, int idx, const cx_lua_target *t);

/* One entry of a table of name = number (next, frequency). */
typedef struct cx_lua_entry {
    char name[CX_NAME_MAX];
    double value;
} cx_lua_entry;

/* Number of entries of the table at idx (array and hash parts). */
size_t cx_lua_count(lua_State *L, int idx);

/* Reads the table at idx, named key in messages ("next"), whose keys are
 * names and values numbers, into out[0..), sorted by name, so that neither
 * the result nor the first error reported depends on the table's hash
 * order. Raises (naming what and key) for more than max entries, a key that
 * is not a string (hint shows the form: "name = probability"), a name of
 * CX_NAME_MAX bytes or more, a value that is not a number. Returns the
 * number of entries. */
size_t cx_lua_read_entries(lua_State *L, int idx, const char *what, const char *key,
                           const char *hint, cx_lua_entry *out, size_t max);

/* Copies the string at idx, a name given as the value of key, into dst
 * (CX_NAME_MAX bytes); raises if it is too long or holds a NUL byte. */
void cx_lua_copy_name(lua_State *L, int idx, const char *what, const char *key,
                      char *dst);

/* Checks that argument idx is a usable name: a string of 1 to size-1 bytes
 * without '.', '*' or NUL (the dotted --set paths reserve '.' and '*').
 * Copies it into dst. family names the constructor in messages. */
void cx_lua_check_name(lua_State *L, int idx, const char *family,
                       char *dst, size_t size);

#endif
