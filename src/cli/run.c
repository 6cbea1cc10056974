/* run.c - `cxsim run`: replications, a summary table, a results directory. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "cxsim/batch.h"
#include "cxsim/io.h"
#include "cxsim/model.h"
#include "cxsim/results.h"
#include "cxsim/stats.h"

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static void print_value(double x)
{
    if (isnan(x))
        printf(" %12s", "NA");
    else
        printf(" %12.4g", x);
}

/* The human-readable table: metric, mean, 95 % CI, per variant. */
static void print_summary(const cx_batch_result *b)
{
    for (size_t v = 0; v < b->n_variants; v++) {
        printf("\n%-22s %12s %12s %12s\n", b->variant_names[v], "mean", "ci_low", "ci_high");
        for (int m = 0; m < CX_METRIC_COUNT; m++) {
            cx_estimate est;
            cx_stats_estimate(&b->horizon_values[v * b->reps * CX_METRIC_COUNT + m],
                              CX_METRIC_COUNT, b->reps, 0.95, &est);
            printf("%-22s", cx_metric_name((cx_metric)m));
            print_value(est.mean);
            print_value(est.ci_low);
            print_value(est.ci_high);
            printf("\n");
        }
    }
}

static cx_status simulate(const cx_cli_opts *o, const cx_model *m, cx_batch_opts *bo,
                          cx_batch_result **out, cx_error *err)
{
    const cx_model *variants[1] = {m};
    const char *names[1] = {"baseline"};
    cx_progress *p = cx_progress_new(!o->quiet);
    bo->progress = cx_progress_update;
    bo->progress_ctx = p;
    cx_status st = cx_batch_run(variants, names, 1, bo, out, err);
    cx_progress_finish(p);
    return st;
}

static cx_status write_results(const cx_cli_opts *o, const cx_model *m,
                               const cx_batch_opts *bo, const cx_batch_result *b,
                               double wall, cx_error *err)
{
    char hash[65];
    cx_status st = cx_sha256_file(o->scenario, hash, err);
    if (st != CX_OK)
        return st;
    cx_run_info info = {
        .command = "run", .scenario_path = o->scenario, .scenario_sha256 = hash,
        .seed = bo->seed, .reps = bo->reps, .threads = bo->threads, .model = m,
        .overrides = o->sets, .n_overrides = o->n_sets, .wall_seconds = wall,
    };
    return cx_results_write(o->out, b, &info, err);
}

int cx_cli_run(const cx_cli_opts *o)
{
    cx_model *m;
    cx_error err;
    cx_batch_result *b = NULL;
    if (cx_cli_load(o, &m, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    cx_batch_opts bo = {
        .reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : default_threads(),
    };
    double start = cx_cli_now();
    cx_status st = simulate(o, m, &bo, &b, &err);
    double wall = cx_cli_now() - start;
    if (st == CX_OK && o->out)
        st = write_results(o, m, &bo, b, wall, &err);
    if (st == CX_OK) {
        printf("%s: \"%s\", %zu replications x %ld customers x %d periods, seed %u, "
               "%u threads, %.2f s\n", o->scenario, m->name, bo.reps, m->population,
               m->horizon, (unsigned)bo.seed, bo.threads, wall);
        print_summary(b);
        if (o->out)
            printf("\nresults in %s/\n", o->out);
    }
    cx_batch_result_free(b);
    cx_model_free(m);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
