/* simulate.c - what run and compare share: the scenario's variants on the
 * batch runner, with progress, and the results directory. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "cxsim/batch.h"
#include "cxsim/io.h"
#include "cxsim/model.h"
#include "cxsim/results.h"
#include "cxsim/scenario.h"

/* The variants to run: the scenario's (baseline first), or the model as it
 * is under the name "baseline". */
static size_t variant_plan(const cx_model *m, size_t *index, const char **names)
{
    size_t n = cx_model_variant_order(m, index, CX_CLI_MAX_VARIANTS);
    for (size_t v = 0; v < n; v++)
        names[v] = m->variants[index[v]].name;
    if (n == 0) {
        index[0] = CX_NO_VARIANT;
        names[0] = "baseline";
        n = 1;
    }
    return n;
}

cx_status cx_cli_simulate(const cx_cli_opts *o, const cx_model *m, cx_cli_sim *run,
                          cx_error *err)
{
    const cx_model *models[CX_CLI_MAX_VARIANTS];
    if (o->reps_auto || o->antithetic)
        return cx_error_set(err, CX_ERR_USAGE, "--reps auto and --antithetic are not "
                            "available in this version");
    /* cx_cli_load has refused a scenario with too many variants */
    size_t n = variant_plan(m, run->index, run->names);
    for (size_t v = 0; v < n; v++)
        models[v] = m;
    run->n_variants = n;
    run->opts = (cx_batch_opts){
        .reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .variant_index = run->index,
    };
    cx_status st = cx_cli_policy(o, &run->policy, err);
    if (st != CX_OK)
        return st;
    run->opts.policy = run->policy;
    cx_progress *p = cx_progress_new(!o->quiet);
    run->opts.progress = cx_progress_update;
    run->opts.progress_ctx = p;
    double start = cx_cli_now();
    st = cx_batch_run(models, run->names, n, &run->opts, &run->result, err);
    run->wall = cx_cli_now() - start;
    cx_progress_finish(p);
    return st;
}

cx_status cx_cli_write(const cx_cli_opts *o, const cx_model *m, const cx_cli_sim *run,
                       int paired, cx_error *err)
{
    char hash[65];
    if (!o->out)
        return CX_OK;
    cx_status st = cx_sha256_file(o->scenario, hash, err);
    if (st != CX_OK)
        return st;
    cx_run_info info = {
        .command = o->verb, .scenario_path = o->scenario, .scenario_sha256 = hash,
        .seed = run->opts.seed, .reps = run->opts.reps, .threads = run->opts.threads,
        .model = m, .overrides = o->sets, .n_overrides = o->n_sets,
        .wall_seconds = run->wall, .paired = paired,
    };
    return cx_results_write(o->out, run->result, &info, err);
}

void cx_cli_run_release(cx_cli_sim *run)
{
    cx_batch_result_free(run->result);
    cx_scenario_policy_free(run->policy);
    run->result = NULL;
    run->policy = NULL;
}

void cx_cli_headline(const cx_cli_opts *o, const cx_model *m, const cx_cli_sim *run)
{
    printf("%s: \"%s\", %zu variant%s x %zu replications x %ld customers x %d periods, "
           "seed %u, %u threads, %.2f s\n", o->scenario, m->name, run->n_variants,
           run->n_variants == 1 ? "" : "s", run->opts.reps, m->population, m->horizon,
           (unsigned)run->opts.seed, run->opts.threads, run->wall);
}
