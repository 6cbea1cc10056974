/* cxsim/scenario.h - loading a Lua scenario file into a cx_model.
 *
 * Provides: cx_scenario_load, which runs a scenario script in a sandboxed
 * Lua 5.4 state (base, table, string, math and utf8 libraries only; text
 * chunks only) whose constructors (scenario, segment, journey, touchpoint)
 * build a validated cx_model.
 * Relies on: Lua 5.4, model. This is the only public module whose
 * implementation calls lua_*; the model it returns holds no Lua state.
 *
 * Errors are CX_ERR_INPUT with a message naming file, line, constructor and
 * key: `scenarios/x.lua:14: touchpoint "checkout": friction must be in
 * [0,1], got 1.3`. A file that cannot be read is CX_ERR_IO.
 */
#ifndef CXSIM_SCENARIO_H
#define CXSIM_SCENARIO_H

#include "cxsim/error.h"
#include "cxsim/model.h"

/* Loads and validates the scenario at path. On success *out is a new model
 * (free with cx_model_free) whose source is path; on failure *out is NULL. */
cx_status cx_scenario_load(const char *path, cx_model **out, cx_error *err);

#endif
