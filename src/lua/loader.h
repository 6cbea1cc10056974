/* loader.h - private to src/lua/: the state of one scenario load.
 *
 * Provides: cx_lua_loader (everything one cx_scenario_load needs, reachable
 * from the lua_State through the allocator's userdata, so there is no global
 * state), its budgets, and the accessors every constructor uses: the
 * loader of a state and the model under construction (loader.c).
 * Relies on: Lua 5.4, cxsim/model.h, cxsim/scenario.h.
 */
#ifndef CX_LUA_LOADER_H
#define CX_LUA_LOADER_H

#include <stddef.h>

#include <lua.h>

#include "cxsim/error.h"
#include "cxsim/sha256.h"
#include "cxsim/model.h"
#include "cxsim/scenario.h"

/* Budgets of one load. A scenario only builds a model, so anything near
 * these is a runaway script, not a big scenario. A policy call gets the
 * same budgets afresh. */
#define CX_LUA_STEP_BUDGET 100000000UL          /* VM instructions */
#define CX_LUA_MEM_BUDGET ((size_t)256 << 20)   /* bytes held by the state */
#define CX_LUA_HOOK_EVERY 1000                  /* instructions per hook */
#define CX_LUA_CLOCK_BYTES ((size_t)1 << 20)    /* allocations that read the clock */

/* Registry key of the stock math.randomseed (policies reseed with it). */
#define CX_LUA_RANDOMSEED_KEY "cxsim.randomseed"

/* An edit buffer apply() writes into (Lua-owned: a userdata in the
 * registry, so an error part-way leaks nothing). */
typedef struct cx_lua_edits {
    cx_edit *edits;
    size_t n, cap;
    size_t n_set;               /* the first n_set come from `set` */
    int ref;                    /* registry ref of the userdata holding edits */
} cx_lua_edits;

typedef struct cx_lua_loader {
    const char *path;           /* the scenario file, as the caller gave it */
    char short_src[LUA_IDSIZE]; /* how Lua abbreviates path in messages */
    cx_scenario_opts opts;      /* the caller's, or the defaults */
    cx_model *model;            /* under construction; cx_scenario_load owns it */
    cx_status status;           /* code of the last error a constructor raised */
    int have_scenario;          /* scenario { } was called ... */
    int scenario_line;          /* ... at this line */
    int pending_ref;            /* registry ref: curried calls awaiting { } */
    int env_ref;                /* registry ref: the scenario's environment */
    int chunks_ref;             /* registry ref: short_src -> path of loaded files */
    int records_ref;            /* registry ref: interventions and variants, in order */
    int names_ref;              /* registry ref: "intervention x" -> line */
    int closed;                 /* the chunk has returned: no more building */
    int silent;                 /* print does nothing (a policy's rebuilds) */
    /* apply(): the model copy it reads and writes, and what it wrote */
    cx_model *scratch;          /* freed by the loader */
    unsigned apply_serial;      /* which apply() proxies belong to */
    int in_apply;
    const char *apply_what;     /* `intervention "x"`, for messages */
    cx_lua_edits edits;
    /* every file read besides the scenario (modules, CSV), path and bytes */
    cx_sha256 inputs;
    size_t n_inputs;
    /* budgets */
    size_t mem_used, mem_cap;
    int mem_refused;            /* the allocator said no at least once */
    unsigned long steps, step_budget;
    int out_of_steps;           /* sticky: every later hook raises again */
    double deadline;            /* CLOCK_MONOTONIC seconds; 0: none */
    lua_State *L;               /* the state, for the allocator to arm the hook */
    _Atomic int out_of_time;    /* sticky, as out_of_steps; set by the watchdog too */
    struct cx_lua_watchdog *watchdog;   /* thread enforcing the deadline; NULL: none yet */
    long stop_line;             /* where the hook last saw the script ... */
    char stop_src[256];         /* ... (file), for budget messages */
} cx_lua_loader;

/* Sets ld up to build into m (may be NULL for a state that is rebuilt for a
 * policy: a scratch model is then the caller's business). opts NULL: the
 * defaults. */
void cx_lua_loader_init(cx_lua_loader *ld, const char *path,
                        const cx_scenario_opts *opts, cx_model *m);

/* Adds a file the scenario read (path, and its len bytes) to the digest
 * of its inputs. */
void cx_lua_loader_input(cx_lua_loader *ld, const char *path, const void *buf, size_t len);

/* The loader a state was made for (the allocator's userdata). Inline,
 * so that every file of src/lua can reach its state without depending on
 * the file that made it. */
static inline cx_lua_loader *cx_lua_loader_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

/* The model under construction; raises once the load is over (a
 * constructor kept in a closure and called later has nothing to build). */
cx_model *cx_lua_model(lua_State *L);

#endif
