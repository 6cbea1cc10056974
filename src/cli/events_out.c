/* events_out.c - `cxsim run ... --events FILE`: the visits of a sample of
 * customers as an event log in the layout `cxsim fit` reads (docs/fit.md,
 * "Synthetic event logs").
 *
 * The log is made by one more run of replication 0 of the baseline with
 * the run's seed (and the scenario's policy, if any), the first
 * --events-sample customers recorded (cx_fit_events). The engine's
 * replication is a pure function of (model, seed, replication), so the
 * log is the visits of replication 0 of the run itself, the same bytes
 * whatever --threads.
 */
#include "events_out.h"

#include <stdio.h>
#include <stdlib.h>

#include "cxsim/atomic.h"
#include "cxsim/engine.h"
#include "cxsim/fit.h"
#include "cxsim/model.h"
#include "cxsim/scenario.h"
#include "load.h"

static int write_log(FILE *fp, const void *ctx)
{
    return cx_fit_events_write(fp, ctx);
}

/* Replication 0 of the baseline, with the recorder installed. */
static cx_status record(const cx_cli_opts *o, const cx_model *m, cx_fit_events *ev,
                        cx_error *err)
{
    cx_policy_factory *pf = NULL;
    cx_policy pol;
    int have_pol = 0;
    size_t base;
    cx_engine *e = cx_engine_new(m, err);
    cx_tally *ty = calloc((size_t)m->horizon, sizeof *ty);
    cx_tp_tally *tp = calloc(cx_model_touchpoint_count(m) + 1, sizeof *tp);
    cx_status st = e && ty && tp ? CX_OK
                   : e ? cx_error_set(err, CX_ERR_NOMEM, "--events: out of memory") : err->code;
    if (st == CX_OK && cx_model_variant_order(m, &base, 1) > 0)
        st = cx_engine_set_variant(e, base, err);
    if (st == CX_OK)
        st = cx_cli_policy(o, &pf, err);
    if (st == CX_OK && pf && (st = pf->make(pf->arg, &pol, err)) == CX_OK) {
        have_pol = 1;
        cx_engine_set_policy(e, &pol);
    }
    if (st == CX_OK) {
        cx_engine_recorder r;
        cx_fit_events_recorder(ev, &r);
        cx_engine_set_recorder(e, &r);
        st = cx_engine_run(e, o->seed, 0, ty, tp, err);
    }
    if (have_pol)
        pf->destroy(pf->arg, &pol);
    if (pf)
        cx_scenario_policy_free(pf);
    cx_engine_free(e);
    free(ty);
    free(tp);
    return st;
}

cx_status cx_cli_write_events(const cx_cli_opts *o, const cx_model *m, cx_error *err)
{
    size_t n = o->events_sample ? o->events_sample : 1000;
    cx_fit_events *ev = cx_fit_events_new(m, (uint32_t)n);
    if (!ev)
        return cx_error_set(err, CX_ERR_NOMEM, "--events: out of memory");
    cx_status st = record(o, m, ev, err);
    if (st == CX_OK) {
        cx_atomic_file f;
        st = cx_atomic_open(&f, o->events, err);
        if (st == CX_OK && write_log(f.fp, ev) != 0) {
            cx_atomic_abort(&f);
            st = cx_error_set(err, CX_ERR_IO, "%s: cannot write the event log", o->events);
        } else if (st == CX_OK) {
            st = cx_atomic_commit(&f, err);
        }
    }
    if (st == CX_OK && !o->quiet && o->format == CX_CLI_FORMAT_TABLE)
        fprintf(stderr, "events: %zu visits of %zu customers (replication 0 of the baseline) "
                "in %s\n", cx_fit_events_rows(ev), n, o->events);
    cx_fit_events_free(ev);
    return st;
}
