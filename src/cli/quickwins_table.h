/* quickwins_table.h (private) - the quickwins tables on stdout
 * (quickwins_table.c). */
#ifndef CX_CLI_QUICKWINS_TABLE_H
#define CX_CLI_QUICKWINS_TABLE_H

#include "cxsim/batch.h"
#include "opts.h"

struct cx_model;
struct cx_quickwins;

void cx_cli_quickwins_print(const cx_cli_opts *o, const struct cx_model *m,
                            const struct cx_quickwins *q, const cx_batch_opts *b, double wall);

#endif
