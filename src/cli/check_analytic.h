/* check_analytic.h (private) - check --analytic (check_analytic.c). */
#ifndef CX_CLI_CHECK_ANALYTIC_H
#define CX_CLI_CHECK_ANALYTIC_H

#include "cxsim/error.h"
#include "opts.h"

struct cx_model;

/* Prints each journey of m solved as a Markov chain beside a simulation of
 * its period 1. */
cx_status cx_cli_analytic(const cx_cli_opts *o, const struct cx_model *m, cx_error *err);

#endif
