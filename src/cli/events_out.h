/* events.h (private) - run --events FILE: a synthetic event log
 * (events_out.c; docs/fit.md, "Synthetic event logs"). */
#ifndef CX_CLI_EVENTS_H
#define CX_CLI_EVENTS_H

#include "cxsim/error.h"
#include "opts.h"

struct cx_model;

/* Replication 0 of m's baseline, with o's seed and the scenario's policy,
 * the first o->events_sample customers recorded and written to o->events
 * atomically. */
cx_status cx_cli_write_events(const cx_cli_opts *o, const struct cx_model *m, cx_error *err);

#endif
