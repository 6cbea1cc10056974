/* fuzz_scenario.c - libFuzzer target: Lua text in, a valid model or a
 * clear error out; a model that loads is then run for a few customers and
 * periods, so odd but accepted parameters reach the engine too.
 *
 * What counts as a finding: a crash, a sanitizer report, a leak, a hang
 * past libFuzzer's -timeout, a load that succeeds with a model
 * cx_model_validate refuses, an error without a message, a status outside
 * the documented ones, or a metric that is infinite (NaN means "undefined
 * in this replication" and is allowed; docs/model.md metrics).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cxsim/engine.h"
#include "cxsim/metrics.h"
#include "cxsim/model.h"
#include "cxsim/scenario.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off();
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/cxfuzz-%ld.lua", dir ? dir : "/tmp", (long)getpid());
    return 0;
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_scenario: %s: %s\n", what, detail);
    abort();
}

/* A few customers for a couple of periods: enough to reach every code path
 * of a visit, cheap enough to keep thousands of executions a second. */
static void run_small(cx_model *m)
{
    m->population = m->population < 40 ? m->population : 40;
    m->horizon = m->horizon < 2 ? m->horizon : 2;
    cx_error err;
    if (cx_model_validate(m, &err) != CX_OK)
        return;     /* shrinking made it invalid (e.g. an intervention's start) */
    cx_engine *e = cx_engine_new(m, &err);
    if (!e)
        return;
    size_t ntp = cx_model_touchpoint_count(m);
    cx_tally periods[2];
    cx_tp_tally *tp = calloc(ntp ? ntp : 1, sizeof *tp);
    size_t order[8];
    size_t nv = cx_model_variant_order(m, order, 8);
    for (size_t v = 0; tp && v <= nv; v++) {
        if (cx_engine_set_variant(e, v < nv ? order[v] : CX_NO_VARIANT, &err) != CX_OK)
            continue;
        if (cx_engine_run(e, 1, 0, periods, tp, &err) != CX_OK)
            continue;
        double metrics[CX_METRIC_COUNT];
        for (int t = 0; t < m->horizon; t++) {
            cx_tally_metrics(&periods[t], metrics);
            for (int k = 0; k < CX_METRIC_COUNT; k++)
                if (metrics[k] == metrics[k] && (metrics[k] > 1e300 || metrics[k] < -1e300))
                    die("infinite metric", cx_metric_name((cx_metric)k));
        }
    }
    free(tp);
    cx_engine_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot write", path);
    if (size && fwrite(data, 1, size, f) != size)
        die("cannot write", path);
    fclose(f);

    cx_scenario_opts o;
    cx_scenario_opts_init(&o);
    o.time_limit = 1.0;
    cx_model *m = NULL;
    cx_error err;
    cx_error_clear(&err);
    cx_status st = cx_scenario_load_opts(path, &o, &m, &err);
    if (st == CX_OK) {
        if (!m)
            die("success without a model", "");
        cx_error why;
        if (cx_model_validate(m, &why) != CX_OK)
            die("loaded an invalid model", why.msg);
        run_small(m);
        cx_model_free(m);
    } else {
        if (m)
            die("failure with a model", err.msg);
        if (st != CX_ERR_INPUT && st != CX_ERR_NOMEM)
            die("unexpected status", err.msg);
        if (err.msg[0] == '\0')
            die("error without a message", "");
    }
    return 0;
}
