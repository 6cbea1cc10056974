/* build.c - cx_scenario_load: reads the file, runs it in a fresh sandboxed
 * state inside one protected call (lua.c's pmain), finishes what the
 * constructor families finish once the chunk has returned, and hands back
 * the model.
 *
 * Memory: the file buffer and the model are held by cx_scenario_load,
 * outside the protected call, and everything the constructors make inside
 * it is Lua-owned (userdata), so a Lua error never strands a malloc.
 */
#include "build.h"
#include "cxsim/scenario.h"
#include "loader.h"
#include "sandbox.h"
#include "budget.h"
#include "chunks.h"
#include "lerror.h"
#include "curry.h"
#include "constructors.h"
#include "hooks.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/io.h"

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
    cx_lua_curry_open(L);
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
    assert(c && lua_gettop(L) == 1);
    registry_init(L, ld);
    cx_lua_chunk_add(L, ld->path);
    snprintf(ld->short_src, sizeof ld->short_src, "%s", cx_lua_chunk_short_src(L, ld->path));
    lua_pop(L, 1);
    cx_lua_sandbox_open(L);                             /* pushes the env */
    assert(lua_istable(L, -1));
    lua_pushvalue(L, -1);
    ld->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    load_chunk(L, ld, c);
    lua_rotate(L, -2, 1);                               /* env on top */
    lua_setupvalue(L, -2, 1);                           /* as the chunk's _ENV */
    cx_lua_budget_arm(L);
    lua_call(L, 0, 0);
    cx_lua_pending_check(L);
    ld->closed = 1;             /* apply() may not build: only edit */
    for (const cx_lua_constructor *f = cx_lua_constructors; f->open; f++)
        if (f->finish)
            f->finish(L);
    int binary = c->len > 0 && c->buf[0] == LUA_SIGNATURE[0];  /* --unsafe: no text */
    cx_lua_hooks_check(L, c->buf, binary ? 0 : c->len);
    return 0;
}

cx_status cx_lua_build(cx_lua_loader *ld, const char *buf, size_t len,
                       lua_State **keep, cx_error *err)
{
    assert(ld && (buf || len == 0));
    chunk c = {buf, len};
    lua_State *L = lua_newstate(cx_lua_budget_alloc, ld);
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
    cx_lua_budget_close(ld);   /* the watchdog first, then the state */
    return st;
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
    if (st == CX_OK && ld.n_inputs > 0) {       /* modules, CSV: the resume key's */
        unsigned char d[32];
        cx_sha256_final(&ld.inputs, d);
        for (int k = 0; k < 32; k++)
            snprintf(m->inputs_sha256 + 2 * k, 3, "%02x", d[k]);
    }
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
