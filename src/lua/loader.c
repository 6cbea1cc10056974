/* loader.c - cx_scenario_load: reads the file, runs it in a fresh sandboxed
 * state inside one protected call (lua.c's pmain), and hands back the
 * model. Also the bookkeeping of curried constructors (`segment "x" {}`).
 *
 * Memory: the file buffer and the model are held by cx_scenario_load,
 * outside the protected call, and everything the constructors make inside
 * it is Lua-owned (userdata), so a Lua error never strands a malloc.
 */
#include "cxsim/scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "loader.h"

#define TOKEN_TYPE "cxsim.curried"

/* ---- curried constructors ------------------------------------------------- */

void cx_lua_curry(lua_State *L, const char *family, const char *name,
                  lua_CFunction body)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    cx_lua_token *tok = lua_newuserdatauv(L, sizeof *tok, 0);
    tok->family = family;
    snprintf(tok->name, sizeof tok->name, "%s", name);
    tok->line = cx_lua_line(L);
    tok->done = 0;
    luaL_setmetatable(L, TOKEN_TYPE);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->pending_ref);
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);                  /* pending[token] = true */
    lua_pop(L, 1);
    lua_pushcclosure(L, body, 1);       /* the token is its upvalue */
}

const char *cx_lua_curried_name(lua_State *L)
{
    cx_lua_token *tok = lua_touserdata(L, lua_upvalueindex(1));
    if (!tok->done) {
        tok->done = 1;
        lua_rawgeti(L, LUA_REGISTRYINDEX, cx_lua_loader_of(L)->pending_ref);
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_pushnil(L);
        lua_rawset(L, -3);              /* pending[token] = nil */
        lua_pop(L, 1);
    }
    return tok->name;
}

const cx_lua_token *cx_lua_token_of(lua_State *L, int idx)
{
    if (!lua_iscfunction(L, idx) || !lua_getupvalue(L, idx, 1))
        return NULL;
    const cx_lua_token *tok = luaL_testudata(L, -1, TOKEN_TYPE);
    lua_pop(L, 1);                      /* the closure keeps it alive */
    return tok;
}

void cx_lua_pending_check(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    const cx_lua_token *first = NULL;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->pending_ref);
    lua_pushnil(L);
    while (lua_next(L, -2)) {           /* earliest line: a stable report */
        const cx_lua_token *tok = lua_touserdata(L, -2);
        if (!first || tok->line < first->line)
            first = tok;
        lua_pop(L, 1);
    }
    if (first) {
        ld->status = CX_ERR_INPUT;
        lua_pushfstring(L, "%s:%d: %s \"%s\": missing its table; write %s \"%s\" { ... }",
                        ld->short_src, first->line, first->family, first->name,
                        first->family, first->name);
        lua_error(L);
    }
    lua_pop(L, 1);
}

cx_model *cx_lua_model(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    if (ld->closed)
        cx_lua_error(L, NULL, "constructors can only run while the scenario loads");
    return ld->model;
}

/* ---- the protected load ---------------------------------------------------- */

typedef struct chunk {
    const char *buf;
    size_t len;
} chunk;

/* Lua shortens long chunk names in messages (LUA_IDSIZE); learn how, by
 * loading an empty chunk of the same name, so messages can be given the
 * full path back. */
static void learn_short_src(lua_State *L, cx_lua_loader *ld, const char *name)
{
    lua_Debug ar;
    if (luaL_loadbufferx(L, "", 0, name, "t") != LUA_OK)
        lua_error(L);
    lua_getinfo(L, ">S", &ar);          /* pops the chunk */
    snprintf(ld->short_src, sizeof ld->short_src, "%s", ar.short_src);
}

static int pmain(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    const chunk *c = lua_touserdata(L, 1);
    const char *name = lua_pushfstring(L, "@%s", ld->path);
    learn_short_src(L, ld, name);
    luaL_newmetatable(L, TOKEN_TYPE);
    lua_pop(L, 1);
    lua_newtable(L);
    ld->pending_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    cx_lua_sandbox_open(L);                             /* pushes the env */
    if (c->len > 0 && c->buf[0] == LUA_SIGNATURE[0]) { /* before Lua's terser check */
        lua_pushfstring(L, "%s: precompiled (binary) chunks are not accepted; "
                        "give the Lua source", ld->short_src);
        return lua_error(L);
    }
    if (luaL_loadbufferx(L, c->buf, c->len, name, "t") != LUA_OK)
        return lua_error(L);                            /* "path:line: ..." */
    lua_rotate(L, -2, 1);                               /* env on top */
    lua_setupvalue(L, -2, 1);                           /* as the chunk's _ENV */
    cx_lua_sandbox_hook(L);
    lua_call(L, 0, 0);
    cx_lua_pending_check(L);
    return 0;
}

/* Fills err from the error on top of L's stack. */
static cx_status report(const cx_lua_loader *ld, lua_State *L, int rc, cx_error *err)
{
    const char *msg = lua_tostring(L, -1);
    if (!msg)
        msg = "(error object is not a string)";
    if (ld->out_of_steps)
        return cx_error_set(err, CX_ERR_INPUT, "%s: script exceeded its instruction budget",
                            ld->path);
    if (ld->mem_refused && (rc == LUA_ERRMEM || rc == LUA_ERRERR
                            || strstr(msg, "not enough memory")))
        return cx_error_set(err, CX_ERR_INPUT, "%s: script exceeded its memory budget",
                            ld->path);
    if (rc == LUA_ERRMEM)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", ld->path);
    size_t n = strlen(ld->short_src);
    if (n && strncmp(msg, ld->short_src, n) == 0 && msg[n] == ':')
        return cx_error_set(err, ld->status, "%s%s", ld->path, msg + n);
    return cx_error_set(err, ld->status, "%s", msg);
}

static cx_status run(cx_lua_loader *ld, const chunk *c, cx_error *err)
{
    lua_State *L = lua_newstate(cx_lua_alloc, ld);
    if (!L)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory starting Lua", ld->path);
    lua_pushcfunction(L, cx_lua_msgh);
    lua_pushcfunction(L, pmain);
    lua_pushlightuserdata(L, (void *)c);
    int rc = lua_pcall(L, 1, 0, 1);
    cx_status st = rc == LUA_OK ? CX_OK : report(ld, L, rc, err);
    ld->closed = 1;             /* finalizers run by lua_close build nothing */
    lua_close(L);
    return st;
}

/* ---- the file ---------------------------------------------------------------- */

/* Reads path whole into a malloc'd buffer (*buf, *len). */
static cx_status read_file(const char *path, char **buf, size_t *len, cx_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cx_error_set(err, CX_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    while (b) {
        n += fread(b + n, 1, cap - n, f);
        if (n < cap || cap > CX_LUA_MEM_BUDGET)
            break;
        char *grown = realloc(b, cap *= 2);
        if (!grown)
            free(b);
        b = grown;
    }
    int bad = !b || ferror(f) || n > CX_LUA_MEM_BUDGET;
    int e = errno;
    fclose(f);
    if (!bad) {
        *buf = b;
        *len = n;
        return CX_OK;
    }
    free(b);
    if (!b)
        return cx_error_set(err, CX_ERR_NOMEM, "cannot read %s: out of memory", path);
    if (n > CX_LUA_MEM_BUDGET)
        return cx_error_set(err, CX_ERR_INPUT, "%s: larger than %zu bytes", path,
                            (size_t)CX_LUA_MEM_BUDGET);
    return cx_error_set(err, CX_ERR_IO, "cannot read %s: %s", path, strerror(e));
}

static void loader_init(cx_lua_loader *ld, const char *path, cx_model *m)
{
    memset(ld, 0, sizeof *ld);
    ld->path = path;
    ld->model = m;
    ld->status = CX_ERR_INPUT;
    ld->pending_ref = LUA_NOREF;
    ld->mem_cap = CX_LUA_MEM_BUDGET;
    ld->step_budget = CX_LUA_STEP_BUDGET;
}

/* Model checks run after the state is gone; their message names the file
 * through m->source, unless the path was too long to fit there. */
static cx_status validate(const cx_model *m, const char *path, cx_error *err)
{
    cx_status st = cx_model_validate(m, err);
    if (st != CX_OK && err && !strstr(err->msg, path)) {
        char msg[CX_ERROR_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        cx_error_set(err, st, "%s: %s", path, msg);
    }
    return st;
}

cx_status cx_scenario_load(const char *path, cx_model **out, cx_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    cx_lua_loader ld;
    cx_error_clear(err);
    if (!out || !path)
        return cx_error_set(err, CX_ERR_USAGE, "cx_scenario_load: no path or no output");
    *out = NULL;
    cx_status st = read_file(path, &buf, &len, err);
    if (st != CX_OK)
        return st;
    cx_model *m = cx_model_new();
    if (!m) {
        free(buf);
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", path);
    }
    snprintf(m->source, sizeof m->source, "%s", path);
    loader_init(&ld, path, m);
    chunk c = {buf, len};
    st = run(&ld, &c, err);
    free(buf);
    if (st == CX_OK)
        st = validate(m, path, err);
    if (st != CX_OK) {
        cx_model_free(m);
        return st;
    }
    *out = m;
    return CX_OK;
}
