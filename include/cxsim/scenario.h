/* cxsim/scenario.h - loading a Lua scenario file into a cx_model, and the
 * scenario's on_period policy.
 *
 * Provides: cx_scenario_load / cx_scenario_load_opts, which run a scenario
 * script in a sandboxed Lua 5.4 state (base, table, string, math and utf8
 * libraries only; text chunks only; budgets of instructions, memory and
 * time) whose constructors (scenario, segment, journey, touchpoint,
 * intervention, variant) build a validated cx_model; and
 * cx_scenario_policy_new, a cx_policy_factory that runs the scenario's
 * `on_period` function between periods, one Lua state per batch worker.
 * Relies on: Lua 5.4, model, engine, batch. This is the only public module
 * whose implementation calls lua_*; the model it returns holds no Lua state.
 *
 * Errors are CX_ERR_INPUT with a message naming file, line, constructor and
 * key: `scenarios/x.lua:14: touchpoint "checkout": friction must be in
 * [0,1], got 1.3`. A file that cannot be read is CX_ERR_IO.
 */
#ifndef CXSIM_SCENARIO_H
#define CXSIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/batch.h"
#include "cxsim/error.h"
#include "cxsim/model.h"

/* How a scenario is loaded. Zero-initialise (or cx_scenario_opts_init) for
 * the defaults; the caller keeps the strings alive during the call (the
 * policy factory copies what it keeps). */
typedef struct cx_scenario_opts {
    int unsafe;                     /* 1: no sandbox (--unsafe): every standard
                                     * library, binary chunks, no budgets */
    const char *const *lib_dirs;    /* where `require` looks after the
                                     * scenario's own directory, in order */
    size_t n_lib_dirs;
    double time_limit;              /* seconds of wall clock for a load and for
                                     * each policy call; 0: CX_SCENARIO_TIME_LIMIT */
    uint32_t seed;                  /* policies: math.random is seeded with
                                     * (seed, replication) at each replication */
    /* Called once for each module `require` loads from a file, after it
     * ran, with the name given to require and the file's path (both valid
     * during the call only): a caller can learn which files a scenario
     * depends on (cxsim calibrate copies them beside the fitted scenario).
     * Must not fail or call into cxsim. NULL: not called. Policy states,
     * which reload the scenario per worker, never call it. */
    void (*on_module)(void *ctx, const char *name, const char *path);
    /* Called likewise for each data file the scenario reads
     * (segments_from_csv), with the name as the scenario wrote it
     * (relative to the scenario's directory, or absolute in unsafe mode)
     * and the path read. Same rules as on_module; NULL: not called. */
    void (*on_data)(void *ctx, const char *name, const char *path);
    void *module_ctx;               /* ctx of on_module and on_data */
} cx_scenario_opts;

/* A load takes milliseconds and a policy call microseconds: ten seconds
 * means a runaway. */
#define CX_SCENARIO_TIME_LIMIT 10.0

/* Sets o to the defaults (sandboxed, no library directories). */
void cx_scenario_opts_init(cx_scenario_opts *o);

/* Loads and validates the scenario at path with the default options. On
 * success *out is a new model (free with cx_model_free) whose source is
 * path; on failure *out is NULL. */
cx_status cx_scenario_load(const char *path, cx_model **out, cx_error *err);

/* As cx_scenario_load, with options (NULL: the defaults). */
cx_status cx_scenario_load_opts(const char *path, const cx_scenario_opts *opts,
                                cx_model **out, cx_error *err);

/* A policy factory for the scenario's `on_period` function, for
 * cx_batch_opts.policy. Reads path once and loads it (so a broken scenario
 * fails here, before any thread starts). *out is NULL, with CX_OK, when the
 * scenario defines no on_period: there is no policy to run.
 *
 * Each make() (one per worker, before the threads start) builds a Lua state
 * of its own in the same sandbox; begin(replication) rebuilds it from the
 * scenario text, so nothing a policy keeps (globals, upvalues, library
 * tables) survives from one replication to the next and results do not
 * depend on which worker ran which replication. Errors in a policy are
 * CX_ERR_INPUT: "PATH:LINE: on_period: message".
 *
 * The factory copies path and opts; free it with cx_scenario_policy_free
 * after the batch. */
cx_status cx_scenario_policy_new(const char *path, const cx_scenario_opts *opts,
                                 cx_policy_factory **out, cx_error *err);

void cx_scenario_policy_free(cx_policy_factory *f);

#endif
