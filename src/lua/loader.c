/* loader.c - the state of one scenario load (loader.h): its defaults and
 * budgets, and the model under construction as the constructors reach it.
 * The load itself is build.c's.
 */
#include "loader.h"
#include "lerror.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include <lauxlib.h>

void cx_scenario_opts_init(cx_scenario_opts *o)
{
    memset(o, 0, sizeof *o);
    o->time_limit = CX_SCENARIO_TIME_LIMIT;
}

void cx_lua_loader_init(cx_lua_loader *ld, const char *path,
                        const cx_scenario_opts *opts, cx_model *m)
{
    assert(ld && path);
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
    cx_sha256_init(&ld->inputs);
}

/* Lengths first, so that no two lists of files hash alike. */
void cx_lua_loader_input(cx_lua_loader *ld, const char *path, const void *buf, size_t len)
{
    uint64_t lp = strlen(path), lb = len;
    cx_sha256_update(&ld->inputs, &lp, sizeof lp);
    cx_sha256_update(&ld->inputs, path, lp);
    cx_sha256_update(&ld->inputs, &lb, sizeof lb);
    cx_sha256_update(&ld->inputs, buf, len);
    ld->n_inputs++;
}

cx_model *cx_lua_model(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    if (ld->closed)
        cx_lua_error(L, NULL, "constructors can only run while the scenario loads");
    assert(ld->model);                  /* a policy's rebuild sets one too */
    return ld->model;
}
