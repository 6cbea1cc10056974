/* table.c - from a constructor's Lua table to a model struct, through the
 * parameter tables of model.h, with errors that name file, line,
 * constructor and key, and a "did you mean" for misspelt keys.
 *
 * A key "a.b" of a parameter table is written either nested,
 * `a = { b = 1 }`, or flat, `["a.b"] = 1`. Tables are read raw (no
 * metamethods), keys are checked before values, and the first unknown key
 * reported is the alphabetically first, so that an error does not depend
 * on the hash order of the table.
 */
#include "table.h"
#include "lerror.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/suggest.h"

#define KEY_MAX 128     /* longest dotted key the reader follows */

/* ---- names ----------------------------------------------------------------- */

void cx_lua_check_name(lua_State *L, int idx, const char *family,
                       char *dst, size_t size)
{
    size_t len;
    if (lua_type(L, idx) != LUA_TSTRING)
        cx_lua_error(L, family, "name must be a string, got %s", luaL_typename(L, idx));
    const char *s = lua_tolstring(L, idx, &len);
    if (len == 0)
        cx_lua_error(L, family, "name must not be empty");
    if (len >= size)
        cx_lua_error(L, family, "name \"%.20s...\" is longer than %zu bytes", s, size - 1);
    if (strlen(s) != len)
        cx_lua_error(L, family, "name \"%s...\" contains a NUL byte (\\0) at byte %zu",
                     s, strlen(s) + 1);
    if (strpbrk(s, ".*"))
        cx_lua_error(L, family, "name \"%s\" must not contain '.' or '*' "
                     "(they separate the parts of --set paths)", s);
    memcpy(dst, s, len + 1);
}

/* ---- keys ------------------------------------------------------------------ */

static int is_param(const cx_lua_target *t, const char *key)
{
    if (cx_param_find(t->specs, t->n_specs, key))
        return 1;
    for (size_t i = 0; i < t->n_strs; i++)
        if (strcmp(t->strs[i].key, key) == 0)
            return 1;
    for (size_t i = 0; i < t->n_own; i++)
        if (strcmp(t->own[i], key) == 0)
            return 1;
    return 0;
}

/* Whether key is the head of dotted keys, as "recovery" is. */
static int is_group(const cx_lua_target *t, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i < t->n_specs; i++)
        if (strncmp(t->specs[i].key, key, n) == 0 && t->specs[i].key[n] == '.')
            return 1;
    return 0;
}

static void unknown_key(lua_State *L, const cx_lua_target *t, const char *key)
{
    cx_suggestion s;
    cx_suggest_init(&s, key);
    for (size_t i = 0; i < t->n_specs; i++)
        cx_suggest_add(&s, t->specs[i].key);
    for (size_t i = 0; i < t->n_strs; i++)
        cx_suggest_add(&s, t->strs[i].key);
    for (size_t i = 0; i < t->n_own; i++)
        cx_suggest_add(&s, t->own[i]);
    if (s.best)
        cx_lua_error(L, t->what, "unknown key '%s'; did you mean '%s'?", key, s.best);
    cx_lua_error(L, t->what, "unknown key '%s'", key);
}

/* Raises for the non-string key below the value on top (under prefix,
 * "" or "recovery."). */
static void bad_key(lua_State *L, const cx_lua_target *t, const char *prefix)
{
    const char *type = luaL_typename(L, -1);
    lua_pushvalue(L, -2);       /* a copy: tostring would change the key */
    const char *key = luaL_tolstring(L, -1, NULL);
    int n = prefix[0] ? (int)strlen(prefix) - 1 : 0;    /* drop the dot */
    cx_lua_error(L, t->what, "unexpected %.*s[%s] = %s; parameters are written key = value",
                 n, prefix, key, type);
}

/* Walks the table at idx (keys under prefix), raising for a key that is no
 * string or a group given a non-table; keeps in first the alphabetically
 * first key that is unknown. */
static void check_keys(lua_State *L, int idx, const cx_lua_target *t,
                       const char *prefix, char *first)
{
    char key[KEY_MAX];
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            bad_key(L, t, prefix);
        snprintf(key, sizeof key, "%s%s", prefix, lua_tostring(L, -2));
        if (is_param(t, key))
            ;
        else if (is_group(t, key) && lua_type(L, -1) == LUA_TTABLE) {
            size_t n = strlen(key);
            if (n + 2 < sizeof key) {
                key[n] = '.';
                key[n + 1] = '\0';
                check_keys(L, -1, t, key, first);
            }
        } else if (is_group(t, key))
            cx_lua_error(L, t->what, "%s must be a table, got %s", key, luaL_typename(L, -1));
        else if (!first[0] || strcmp(key, first) < 0)
            snprintf(first, KEY_MAX, "%s", key);
        lua_pop(L, 1);          /* the value; the key stays for lua_next */
    }
}

/* ---- values ---------------------------------------------------------------- */

/* Pushes the value of the dotted key in the table at idx, looking both for
 * the flat key and the nested tables; returns 0 (pushing nothing) if the
 * table does not set it. */
static int push_value(lua_State *L, int idx, const char *key, const char *full,
                      const cx_lua_target *t)
{
    const char *dot = strchr(key, '.');
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    int found = lua_rawget(L, idx) != LUA_TNIL;
    if (!found)
        lua_pop(L, 1);
    if (dot) {
        lua_pushlstring(L, key, (size_t)(dot - key));
        if (lua_rawget(L, idx) == LUA_TTABLE && push_value(L, -1, dot + 1, full, t)) {
            if (found)
                cx_lua_error(L, t->what, "%s is given twice", full);
            lua_remove(L, -2);  /* the nested table */
            return 1;
        }
        lua_pop(L, 1);
    }
    return found;
}

static void read_number(lua_State *L, const cx_lua_target *t, const cx_param_spec *spec)
{
    cx_error e;
    if (lua_type(L, -1) != LUA_TNUMBER)
        cx_lua_error(L, t->what, "%s must be a number, got %s", spec->key,
                     luaL_typename(L, -1));
    if (cx_param_set(spec, t->object, lua_tonumber(L, -1), &e) != CX_OK)
        cx_lua_error(L, t->what, "%s", e.msg);
}

static void read_string(lua_State *L, const cx_lua_target *t, const cx_lua_strfield *f)
{
    size_t len;
    if (lua_type(L, -1) != LUA_TSTRING)
        cx_lua_error(L, t->what, "%s must be a string, got %s", f->key,
                     luaL_typename(L, -1));
    const char *s = lua_tolstring(L, -1, &len);
    if (len == 0)
        cx_lua_error(L, t->what, "%s must not be empty", f->key);
    if (len >= f->size)
        cx_lua_error(L, t->what, "%s \"%.20s...\" is longer than %zu bytes", f->key, s,
                     f->size - 1);
    if (strlen(s) != len)
        cx_lua_error(L, t->what, "%s must not contain a NUL byte", f->key);
    memcpy(f->dst, s, len + 1);
}

void cx_lua_read_table(lua_State *L, int idx, const cx_lua_target *t)
{
    char first[KEY_MAX] = "";
    idx = lua_absindex(L, idx);
    assert(t && t->what && lua_type(L, idx) == LUA_TTABLE);   /* callers check */
    check_keys(L, idx, t, "", first);
    if (first[0])
        unknown_key(L, t, first);
    for (size_t i = 0; i < t->n_specs; i++)     /* in table order: stable */
        if (push_value(L, idx, t->specs[i].key, t->specs[i].key, t)) {
            read_number(L, t, &t->specs[i]);
            lua_pop(L, 1);
        }
    for (size_t i = 0; i < t->n_strs; i++)
        if (push_value(L, idx, t->strs[i].key, t->strs[i].key, t)) {
            read_string(L, t, &t->strs[i]);
            lua_pop(L, 1);
        }
}

/* ---- tables of name = number ------------------------------------------------- */

size_t cx_lua_count(lua_State *L, int idx)
{
    size_t n = 0;
    idx = lua_absindex(L, idx);
    assert(lua_type(L, idx) == LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        n++;
        lua_pop(L, 1);          /* the value; the key stays for lua_next */
    }
    return n;
}

void cx_lua_copy_name(lua_State *L, int idx, const char *what, const char *key,
                      char *dst)
{
    size_t len;
    assert(lua_type(L, idx) == LUA_TSTRING);    /* a key lua_next gave */
    const char *s = lua_tolstring(L, idx, &len);
    if (len >= CX_NAME_MAX)
        cx_lua_error(L, what, "%s names \"%.20s...\", longer than %d bytes", key, s,
                     CX_NAME_MAX - 1);
    if (strlen(s) != len)
        cx_lua_error(L, what, "%s names a string with a NUL byte", key);
    memcpy(dst, s, len + 1);
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const cx_lua_entry *)a)->name, ((const cx_lua_entry *)b)->name);
}

/* The names of the table at idx into out, in hash order; raises for a key
 * that is not a string (a list such as { "cart", "done" } is the likely
 * mistake, so the message shows the form). */
static size_t entry_names(lua_State *L, int idx, const char *what, const char *key,
                          const char *hint, cx_lua_entry *out)
{
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            const char *type = luaL_typename(L, -1);
            lua_pushvalue(L, -2);   /* a copy: tostring would change the key */
            cx_lua_error(L, what, "unexpected %s[%s] = %s; write %s = { %s, ... }", key,
                         luaL_tolstring(L, -1, NULL), type, key, hint);
        }
        cx_lua_copy_name(L, -2, what, key, out[n++].name);
        lua_pop(L, 1);          /* the value; the key stays for lua_next */
    }
    return n;
}

size_t cx_lua_read_entries(lua_State *L, int idx, const char *what, const char *key,
                           const char *hint, cx_lua_entry *out, size_t max)
{
    idx = lua_absindex(L, idx);
    assert(out || max == 0);
    size_t n = cx_lua_count(L, idx);
    if (n > max)
        cx_lua_error(L, what, "%s has %zu entries, at most %zu", key, n, max);
    n = entry_names(L, idx, what, key, hint, out);
    qsort(out, n, sizeof *out, entry_cmp);  /* names are unique: stable enough */
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, out[i].name);
        if (lua_rawget(L, idx) != LUA_TNUMBER)
            cx_lua_error(L, what, "%s.%s must be a number, got %s", key, out[i].name,
                         luaL_typename(L, -1));
        out[i].value = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    return n;
}
