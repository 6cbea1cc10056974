/* params.h (private) - `--param NAME=LO:HI[:STEPS]` (param_range.c). */
#ifndef CX_CLI_PARAMS_H
#define CX_CLI_PARAMS_H

#include <stddef.h>

#include "cxsim/error.h"
#include "cxsim/run.h"
#include "opts.h"

struct cx_model;

/* Parses o->params into out[0..o->n_params) (CX_RUN_MAX_PARAMS entries)
 * and sets *n. With m, both ends must be values cx_model_set accepts on
 * m. Usage errors name the flag and what is wrong. */
cx_status cx_cli_params_parse(const cx_cli_opts *o, const struct cx_model *m,
                              cx_run_param *out, size_t *n, cx_error *err);

#endif
