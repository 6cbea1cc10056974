/* module.h - private to the Lua module `cxsim` (require "cxsim" in the
 * stock lua5.4 interpreter; docs/lua-module.md).
 *
 * Provides: the two userdata types the module exposes, each in its own
 * binding file shaped like liolib.c (docs/architecture.md, house style,
 * point 5):
 *   - lmodel.c:  "cxsim.model", a cx_model loaded from a scenario;
 *   - lresult.c: "cxsim.result", a cx_batch_result with what produced it;
 * module.c, which opens both, holds cx.load, cx.run and cx.compare and
 * exports luaopen_cxsim, the module's only exported symbol (module.mk
 * passes -export-symbols-regex); lcall.c, what every function does around
 * its call (errors, options, the policy, building the outcome); and
 * lanalysis.c, the analyses
 * (cx.quickwins, cx.sweep, cx.sensitivity, cx.calibrate). Every function
 * that simulates calls the run layer (cxsim/run.h), as the command does.
 * Relies on: Lua 5.4 (the interpreter's own copy, which the module
 * resolves against), libcxsim's public headers.
 *
 * Ownership: each box owns its C object; __gc and __close free it and set
 * the pointer to NULL, and every method checks for NULL (a closed object
 * raises "attempt to use a closed ..."). A C object is made only after the
 * box that will own it is on the stack, so a Lua error (which longjmps)
 * never leaks one. Nothing here is global: all state lives in the boxes.
 */
#ifndef CX_LUA_MODULE_H
#define CX_LUA_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#include "cxsim/batch.h"
#include "cxsim/model.h"
#include "cxsim/quickwins.h"
#include "cxsim/stats.h"
#include "cxsim/scenario.h"

#define CX_LMODEL_TYPE "cxsim.model"
#define CX_LRESULT_TYPE "cxsim.result"

/* Confidence level of every interval unless the caller asks for another,
 * as in the results directory. */
#define CX_LMODULE_LEVEL 0.95

/* ---- lmodel.c -------------------------------------------------------------- */

/* A model userdata. Its user value 1 is the list of the set() calls made on
 * it, as "path=value" strings (run.json's "overrides"); user value 2 the
 * list of library directories it was loaded with (cx.load's lib_dirs). */
typedef struct cx_lmodel {
    cx_model *m;            /* owned; NULL once closed */
    char sha256[65];        /* hex digest of the scenario file when loaded */
    int unsafe;             /* cx.load's options, which its policy reuses */
    double time_limit;
} cx_lmodel;

/* Pushes a new, empty model box (m NULL, default load options, empty
 * overrides and library lists) and returns it; the caller fills in m. */
cx_lmodel *cx_lmodel_push(lua_State *L);

/* Fills o with the load options of the model box at idx (seed 0). Pushes a
 * scratch block holding o->lib_dirs, whose strings the box anchors: o is
 * valid while both stay on the stack. */
void cx_lmodel_scenario_opts(lua_State *L, int idx, cx_scenario_opts *o);

/* The open model box at argument idx; raises otherwise. */
cx_lmodel *cx_lmodel_check(lua_State *L, int idx);

/* Creates the metatable of models (in the registry). */
void cx_lmodel_open(lua_State *L);

/* The on_period policy of the model box at index model (NULL in *out when
 * it has none) with the model's load options and seed. Pushes a scratch
 * block that must stay on the stack while the policy lives. */
cx_status cx_lmodel_policy(lua_State *L, int model, uint32_t seed, cx_policy_factory **out,
                            cx_error *e);

/* ---- lresult.c ------------------------------------------------------------- */

/* A result userdata. Its user value 1 is a copy of the model's overrides
 * list at the time of the run. */
typedef struct cx_lresult {
    cx_batch_result *b;     /* owned; NULL once closed */
    cx_model *model;        /* owned copy of the (baseline) model as run */
    char sha256[65];
    uint32_t seed;
    unsigned threads;
    double wall_seconds;
    int paired;             /* made by cx.compare: written as `cxsim compare` writes */
} cx_lresult;

/* Pushes a new, empty result box (every pointer NULL) and returns it. */
cx_lresult *cx_lresult_push(lua_State *L);

/* Creates the metatable of results (in the registry). */
void cx_lresult_open(lua_State *L);

/* Pushes { mean =, sd =, ci_low =, ci_high =, n = } (NaN where undefined). */
void cx_lresult_push_estimate(lua_State *L, const struct cx_estimate *e);

/* ---- module.c -------------------------------------------------------------- */

/* Opens the module: require "cxsim" calls it. */
LUAMOD_API int luaopen_cxsim(lua_State *L);

/* ---- lcall.c --------------------------------------------------------------- */

/* Raises e's message as a Lua error prefixed with the position of the Lua
 * code that called the running function ("script.lua:3: "). */
int cx_lmodule_error(lua_State *L, const char *msg);

/* Raises for a key of the options table at idx that is not in keys
 * (NULL-terminated); fn names the function in the message. */
void cx_lmodule_check_keys(lua_State *L, int idx, const char *fn, const char *const *keys);

/* The options table of the running function at argument 2 (returns 2), or
 * none (returns 0); raises for a key not in keys (NULL-terminated), fn
 * naming the function. Leaves the stack at 2 entries. */
int cx_lmodule_opts(lua_State *L, const char *fn, const char *const *keys);

/* Integer option key of the table at idx (0: none) in [lo, hi], def when
 * absent; raises otherwise. */
lua_Integer cx_lmodule_int_opt(lua_State *L, int idx, const char *fn, const char *key,
                               lua_Integer def, lua_Integer lo, lua_Integer hi);

/* reps (default: the model's), seed (1) and threads (the cores, at most
 * CX_LMODULE_MAX_THREADS) of the options table at idx (0: none). */
#define CX_LMODULE_MAX_THREADS 1024
typedef struct cx_lmodule_run_opts {
    size_t reps;
    uint32_t seed;
    unsigned threads;
} cx_lmodule_run_opts;
cx_lmodule_run_opts cx_lmodule_read_run_opts(lua_State *L, int idx, const char *fn,
                                             const cx_model *m);

/* Calls push(L, ctx), which pushes one value, in protected mode, then
 * done(ctx) whatever happened: the C outcome of a run turned into Lua
 * tables is freed even when building them raises (out of memory). Returns
 * 1 (the value), or re-raises the error. */
int cx_lmodule_build(lua_State *L, void (*push)(lua_State *L, void *ctx), void *ctx,
                     void (*done)(void *ctx));

/* ---- ladhoc.c --------------------------------------------------------------- */

/* The model cx.run and cx.compare run given their options table at opts
 * (0: none): m itself (and a nil pushed) without `add` and `baseline`;
 * else a copy of m, owned by a model box it pushes, with the variants of
 * `add` (cx_model_add_adhoc_variant) and the `baseline` chosen
 * (cx_model_set_baseline; one declared in m first, so that the added
 * variants build on it). Raises on a malformed option or what those
 * refuse, fn naming the function. */
const cx_model *cx_lmodule_adhoc(lua_State *L, int opts, const char *fn, const cx_model *m);

/* ---- luncertainty.c --------------------------------------------------------- */

/* cx.run and cx.compare with { uncertainty = N }: N outer draws of m's
 * uncertain inputs (cx_run_uncertainty), each with o's replications of
 * the variants index[0..n) (NULL: the model as it is, n 1), with the
 * policy of the model box at argument 1; pushes { draws =, reps =, evpi =,
 * uncertainty =, decision =, voi = } (the rows of uncertainty.csv,
 * decision.csv and voi.csv) and returns 1; raises on failure. */
int cx_luncertainty_run(lua_State *L, const char *fn, const cx_model *m, const size_t *index,
                        size_t n, const cx_lmodule_run_opts *o, size_t draws);

/* cx.quickwins with { uncertainty = N }: the candidates a plain quick-win
 * analysis of m with qo picks at o's replications
 * (cx_quickwins_uncertainty_choose), simulated as above, then ranked;
 * pushes the outcome of cx_luncertainty_run with objective = and
 * ranking = (the rows of quickwins_uncertainty.csv) and returns 1; raises
 * on failure. */
int cx_luncertainty_quickwins(lua_State *L, const char *fn, const cx_model *m,
                              cx_quickwins_opts *qo, const cx_lmodule_run_opts *o,
                              size_t draws);

/* ---- lanalysis.c ------------------------------------------------------------ */

/* cx.quickwins, cx.sweep, cx.sensitivity, cx.calibrate (NULL-terminated). */
extern const luaL_Reg cx_lanalysis_functions[];

#endif
