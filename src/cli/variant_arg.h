/* variant_arg.h (private) - --variant NAME:PATH=VALUE[,PATH=VALUE...][@COST]
 * and --baseline NAME (variant_arg.c): variants made on the command line,
 * added to the loaded model as the scenario's own are (docs/cli.md,
 * "Variants from the command line"). */
#ifndef CX_CLI_VARIANT_ARG_H
#define CX_CLI_VARIANT_ARG_H

#include "cxsim/error.h"
#include "opts.h"

struct cx_model;

/* Adds o's --variant variants to m (after --set) and makes --baseline the
 * baseline: a --baseline the scenario declares first, so that the
 * variants build on it; else after them. CX_ERR_USAGE naming the flag
 * and the variant; CX_ERR_NOMEM. */
cx_status cx_cli_variants_apply(const cx_cli_opts *o, struct cx_model *m, cx_error *err);

#endif
