/* quickwins_unc.h (private) - `cxsim quickwins --uncertainty N`
 * (quickwins_unc.c). */
#ifndef CX_CLI_QUICKWINS_UNC_H
#define CX_CLI_QUICKWINS_UNC_H

#include "cxsim/quickwins.h"
#include "opts.h"

/* Picks the candidates as a plain quickwins run would (at the inner
 * replications, the scenario's inputs), then simulates them as the
 * variants of the two-level run of o->uncertainty draws: prints, writes
 * --out (compare --uncertainty's files and quickwins_uncertainty.csv). */
cx_status cx_cli_quickwins_uncertainty(const cx_cli_opts *o, const cx_quickwins_objective *obj,
                                       cx_error *err);

#endif
