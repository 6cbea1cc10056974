/* loader.c - cx_scenario_load: reads the file, runs it in a fresh sandboxed
 * state inside one protected call (lua.c's pmain), and hands back the
 * model. Also the bookkeeping of curried constructors (`segment "x" {}`).
 *
 * Memory: the file buffer and the model are held by cx_scenario_load,
 * outside the protected call, and everything the constructors make inside
 * it is Lua-owned (userdata), so a Lua error never strands a malloc.
 */
#include "cxsim/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/io.h"
#include "loader.h"
#include "build.h"
#include "sandbox.h"
#include "chunks.h"
#include "lerror.h"
#include "curry.h"
#include "constructors.h"
#include "hooks.h"

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

/* ---- files loaded in the state ------------------------------------------------ */

/* Lua shortens long chunk names in messages (LUA_IDSIZE); learn how, by
 * loading an empty chunk of the same name, so messages can be given the
 * full path back. Returns the short_src (in the chunks table). */
static const char *short_src_of(lua_State *L, const char *path)
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
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->chunks_ref);
    short_src_of(L, path);
    lua_pushstring(L, path);
    lua_rawset(L, -3);                  /* chunks[short_src] = path */
    lua_pop(L, 1);
}

size_t cx_lua_chunk_prefix(lua_State *L, const char *msg, const char **path)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    size_t best = 0;
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

/* ---- the protected load ---------------------------------------------------- */

typedef struct chunk {
    const char *buf;
    size_t len;
} chunk;

/* Registry tables of one load: curried tokens' metatable, the pending
 * tokens, the files loaded, the records of interventions, variants and
 * set blocks (finished after the chunk) and the names they declare. */
static void registry_init(lua_State *L, cx_lua_loader *ld)
{
    luaL_newmetatable(L, TOKEN_TYPE);
    lua_pop(L, 1);
    lua_newtable(L);
    ld->pending_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    ld->chunks_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_createtable(L, 0, 3);
    lua_newtable(L);
    lua_setfield(L, -2, "intervention");
    lua_newtable(L);
    lua_setfield(L, -2, "variant");
    lua_newtable(L);
    lua_setfield(L, -2, "set");
    ld->records_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    ld->names_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Lua's parser reports running out of C stack without a line. The line
 * to blame is where the nesting of brackets first gets deep (comments and
 * strings are not told apart: this only places a message). */
static int deep_line(const char *buf, size_t len)
{
    int line = 1, depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\n')
            line++;
        else if (buf[i] == '(' || buf[i] == '{' || buf[i] == '[')
            depth++;
        else if ((buf[i] == ')' || buf[i] == '}' || buf[i] == ']') && depth > 0)
            depth--;
        if (depth > 100)
            return line;
    }
    return 1;
}

/* Loads the scenario text as the chunk (env below it on the stack). */
static void load_chunk(lua_State *L, cx_lua_loader *ld, const chunk *c)
{
    const char *name = lua_pushfstring(L, "@%s", ld->path);
    if (!ld->opts.unsafe && c->len > 0 && c->buf[0] == LUA_SIGNATURE[0]) {
        lua_pushfstring(L, "%s:1: precompiled (binary) chunks are not accepted; "
                        "give the Lua source", ld->short_src);
        lua_error(L);                   /* before Lua's terser check */
    }
    if (luaL_loadbufferx(L, c->buf, c->len, name, ld->opts.unsafe ? "bt" : "t") != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        if (msg && strstr(msg, "C stack overflow"))
            lua_pushfstring(L, "%s:%d: nested too deeply for Lua's parser (C stack overflow)",
                            ld->short_src, deep_line(c->buf, c->len));
        lua_error(L);                   /* "path:line: ..." */
    }
    lua_remove(L, -2);                  /* the name */
}

static int pmain(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    const chunk *c = lua_touserdata(L, 1);
    registry_init(L, ld);
    cx_lua_chunk_add(L, ld->path);
    snprintf(ld->short_src, sizeof ld->short_src, "%s", short_src_of(L, ld->path));
    lua_pop(L, 1);
    cx_lua_sandbox_open(L);                             /* pushes the env */
    lua_pushvalue(L, -1);
    ld->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    load_chunk(L, ld, c);
    lua_rotate(L, -2, 1);                               /* env on top */
    lua_setupvalue(L, -2, 1);                           /* as the chunk's _ENV */
    cx_lua_sandbox_hook(L);
    lua_call(L, 0, 0);
    cx_lua_pending_check(L);
    ld->closed = 1;             /* apply() may not build: only edit */
    cx_lua_records_finish(L);
    cx_lua_overrides_finish(L);
    int binary = c->len > 0 && c->buf[0] == LUA_SIGNATURE[0];  /* --unsafe: no text */
    cx_lua_hooks_check(L, c->buf, binary ? 0 : c->len);
    return 0;
}

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

cx_status cx_lua_build(cx_lua_loader *ld, const char *buf, size_t len,
                       lua_State **keep, cx_error *err)
{
    chunk c = {buf, len};
    lua_State *L = lua_newstate(cx_lua_alloc, ld);
    if (!L)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory starting Lua", ld->path);
    ld->L = L;
    lua_pushcfunction(L, cx_lua_msgh);
    lua_pushcfunction(L, pmain);
    lua_pushlightuserdata(L, &c);
    int rc = lua_pcall(L, 1, 0, 1);
    cx_status st = rc == LUA_OK ? CX_OK : cx_lua_error_report(ld, L, rc, NULL, err);
    lua_settop(L, 0);
    ld->closed = 1;             /* finalizers and later calls build nothing */
    ld->in_apply = 0;
    cx_model_free(ld->scratch);
    ld->scratch = NULL;
    if (st == CX_OK && keep) {
        *keep = L;
        return CX_OK;
    }
    ld->L = NULL;               /* frees only from here on: no clock */
    lua_close(L);
    return st;
}

void cx_scenario_opts_init(cx_scenario_opts *o)
{
    memset(o, 0, sizeof *o);
    o->time_limit = CX_SCENARIO_TIME_LIMIT;
}

void cx_lua_loader_init(cx_lua_loader *ld, const char *path,
                        const cx_scenario_opts *opts, cx_model *m)
{
    memset(ld, 0, sizeof *ld);
    ld->path = path;
    if (opts)
        ld->opts = *opts;
    else
        cx_scenario_opts_init(&ld->opts);
    if (!(ld->opts.time_limit > 0))
        ld->opts.time_limit = CX_SCENARIO_TIME_LIMIT;
    ld->model = m;
    ld->status = CX_ERR_INPUT;
    ld->pending_ref = ld->env_ref = ld->chunks_ref = LUA_NOREF;
    ld->records_ref = ld->names_ref = ld->edits.ref = LUA_NOREF;
    ld->mem_cap = ld->opts.unsafe ? SIZE_MAX : CX_LUA_MEM_BUDGET;
    ld->step_budget = CX_LUA_STEP_BUDGET;
}

/* Model checks run after the state is gone; their message names the file
 * through m->source, unless the path was too long to fit there. */
static cx_status validate(cx_model *m, const char *path, cx_error *err)
{
    cx_status st = cx_model_validate(m, err);
    if (st == CX_OK)            /* the sweep ranges of distributions given none */
        st = cx_model_resolve_ranges(m, err);
    if (st != CX_OK && err && !strstr(err->msg, path)) {
        char msg[CX_ERROR_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        cx_error_set(err, st, "%s: %s", path, msg);
    }
    return st;
}

/* A scenario that ran but declared no segment or no journey lacks
 * something at no particular line: the message names the end of the file
 * (where the missing constructor would go) and how to add it. */
static cx_status check_complete(const cx_model *m, const char *path, const char *buf,
                                size_t len, cx_error *err)
{
    size_t lines = 1, blank = 1;
    for (size_t i = 0; i < len; i++) {
        lines += buf[i] == '\n' && i + 1 < len;
        blank &= buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r';
    }
    if (blank)
        return cx_error_set(err, CX_ERR_INPUT, "%s:1: the file is empty: a scenario declares "
                            "at least one segment and one journey (docs/scenarios.md)", path);
    if (m->n_segments == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: the scenario declares no segment "
                            "(add one, e.g. segment \"all\" { share = 1 })", path, lines);
    if (m->n_journeys == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: the scenario declares no journey "
                            "(add one, e.g. journey \"buy\" { touchpoint \"shop\" {} })",
                            path, lines);
    return CX_OK;
}

cx_status cx_scenario_load_opts(const char *path, const cx_scenario_opts *opts,
                                cx_model **out, cx_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    cx_lua_loader ld;
    cx_error_clear(err);
    if (!out || !path)
        return cx_error_set(err, CX_ERR_USAGE, "cx_scenario_load: no path or no output");
    *out = NULL;
    cx_status st = cx_io_read_file(path, CX_LUA_MEM_BUDGET, &buf, &len, err);
    if (st != CX_OK)
        return st;
    cx_model *m = cx_model_new();
    if (!m) {
        free(buf);
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", path);
    }
    snprintf(m->source, sizeof m->source, "%s", path);
    cx_lua_loader_init(&ld, path, opts, m);
    st = cx_lua_build(&ld, buf, len, NULL, err);
    if (st == CX_OK)
        st = check_complete(m, path, buf, len, err);
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

cx_status cx_scenario_load(const char *path, cx_model **out, cx_error *err)
{
    return cx_scenario_load_opts(path, NULL, out, err);
}
