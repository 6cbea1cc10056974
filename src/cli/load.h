/* load.h (private) - the scenario of the command line: loaded with the
 * --set overrides, and its on_period policy (load.c). */
#ifndef CX_CLI_LOAD_H
#define CX_CLI_LOAD_H

#include "cxsim/batch.h"
#include "cxsim/error.h"
#include "opts.h"

struct cx_model;

/* The scenario's on_period policy (*f NULL when it has none). */
cx_status cx_cli_policy(const cx_cli_opts *o, cx_policy_factory **f, cx_error *err);
/* Loads the scenario, applies the --set overrides and validates, refusing
 * more variants than a run holds (CX_RUN_MAX_VARIANTS, cx_run_check_variants). */
cx_status cx_cli_load(const cx_cli_opts *o, struct cx_model **out, cx_error *err);

/* cx_cli_load, telling on_module (may be NULL) of each module file the
 * scenario requires and on_data (may be NULL) of each data file it reads
 * (cx_scenario_opts.on_module, on_data). */
cx_status cx_cli_load_modules(const cx_cli_opts *o,
                              void (*on_module)(void *ctx, const char *name,
                                                const char *path),
                              void (*on_data)(void *ctx, const char *name, const char *path),
                              void *ctx, struct cx_model **out, cx_error *err);

#endif
