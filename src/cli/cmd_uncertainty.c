/* cmd_uncertainty.c - `cxsim run|compare --uncertainty N`: the two-level
 * Monte Carlo of the run layer (cx_run_uncertainty) summarised over its
 * draws: each variant's and each difference's distribution, how much of
 * it is input uncertainty, the decision (probability of being best,
 * P(loss), expected loss) and the value of information (EVPI, EVPPI per
 * input); uncertainty.csv, decision.csv, voi.csv, draws.csv and run.json
 * (docs/analysis.md, "Decisions under uncertainty"; docs/results.md). */
#include "uncertainty.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/csv.h"
#include "cxsim/json.h"
#include "cxsim/sha256.h"
#include "cxsim/metrics.h"
#include "cxsim/results.h"
#include "cxsim/stats.h"
#include "cxsim/run.h"
#include "cxsim/scenario.h"
#include "cxsim/uncertainty.h"
#include "interrupt.h"
#include "load.h"
#include "out.h"
#include "print.h"
#include "progress.h"

#define M CX_METRIC_COUNT
#define NET M                   /* the extra quantity after the metrics: net_value */
#define NQ (M + 1)

const char cx_cli_noise_only[] = "95 % CIs cover simulation noise only: every input is "
                                  "taken as known (--uncertainty N draws them)";

/* What the draws gave, kept per draw (no replication is kept). */
typedef struct unc {
    const cx_cli_opts *o;
    const cx_model *m;
    size_t n, nv, ni, reps;
    const char *names[CX_RUN_MAX_VARIANTS];
    double *x;                  /* [d * ni + i] */
    double *q, *qvar;           /* [(d * nv + v) * NQ + k]: metrics, then net_value */
    int inputs_vary;
    /* results */
    cx_uncertainty_summary *sum;    /* [row * NQ + k], rows: variants, then differences */
    cx_uncertainty_split *split;
    cx_uncertainty_choice choice[CX_RUN_MAX_VARIANTS];
    double evpi, *evppi;
    double wall;
} unc;

static cx_status take(void *ctx, const cx_run_draw *dr, cx_error *err)
{
    unc *u = ctx;
    (void)err;
    memcpy(u->x + dr->draw * u->ni, dr->inputs, u->ni * sizeof *u->x);
    for (size_t v = 0; v < u->nv; v++) {
        double *q = u->q + (dr->draw * u->nv + v) * NQ, *qv = u->qvar + (dr->draw * u->nv + v) * NQ;
        memcpy(q, dr->mean + v * M, M * sizeof *q);
        memcpy(qv, dr->var + v * M, M * sizeof *qv);
        q[NET] = dr->net[v];
        qv[NET] = dr->net_var[v];
    }
    return CX_OK;
}

/* Quantity k of variant v in draw d (row v < nv: the variant; else the
 * difference of variant row - nv + 1 from the baseline). roi is the
 * draw's (value gained - extra cost) / extra cost from its means. */
static double value(const unc *u, size_t d, size_t row, size_t k)
{
    size_t v = row < u->nv ? row : row - u->nv + 1;
    const double *a = u->q + (d * u->nv + v) * NQ, *z = u->q + d * u->nv * NQ;
    if (k == CX_M_ROI) {
        double extra = a[CX_M_COST] - z[CX_M_COST];
        double gained = a[CX_M_PORTFOLIO_VALUE] - z[CX_M_PORTFOLIO_VALUE];
        return v > 0 && extra > 0 ? (gained - extra) / extra : NAN;
    }
    if (row < u->nv || k == NET)
        return a[k];
    return cx_stats_paired_difference(a[k], z[k]);    /* rounding noise is 0 */
}

/* The inner variance of quantity k of a row (NaN for the differences of
 * metrics: their paired variance is not kept; net_value is paired). */
static double inner_var(const unc *u, size_t d, size_t row, size_t k)
{
    size_t v = row < u->nv ? row : row - u->nv + 1;
    if ((row >= u->nv && k != NET) || k == CX_M_ROI)
        return NAN;
    return u->qvar[(d * u->nv + v) * NQ + k];
}

static size_t n_rows(const unc *u)
{
    return 2 * u->nv - 1;
}

static cx_status summarise(unc *u, cx_error *err)
{
    size_t rows = n_rows(u);
    double *a = malloc(3 * u->n * sizeof *a), *net = malloc(u->n * u->nv * sizeof *net);
    u->sum = calloc(rows * NQ, sizeof *u->sum);
    u->split = calloc(rows * NQ, sizeof *u->split);
    if (!a || !net || !u->sum || !u->split) {
        free(a), free(net);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory summarising the draws");
    }
    for (size_t r = 0; r < rows; r++)
        for (size_t k = 0; k < NQ; k++) {
            for (size_t d = 0; d < u->n; d++)
                a[d] = value(u, d, r, k), a[u->n + d] = inner_var(u, d, r, k);
            cx_uncertainty_summarise(a, 1, u->n, a + 2 * u->n, &u->sum[r * NQ + k]);
            cx_uncertainty_split_variance(a, a + u->n, 1, u->n, u->reps, u->inputs_vary,
                                          &u->split[r * NQ + k]);
        }
    for (size_t d = 0; d < u->n; d++)
        for (size_t v = 0; v < u->nv; v++)
            net[d * u->nv + v] = value(u, d, v, NET);
    u->evpi = cx_uncertainty_decide(net, u->n, u->nv, u->choice);
    free(a);
    cx_status st = CX_OK;
    double *work = malloc((1 + u->nv) * u->n * sizeof *work), *x = malloc(u->n * sizeof *x);
    size_t *iwork = malloc(u->n * sizeof *iwork);
    u->evppi = calloc(u->ni ? u->ni : 1, sizeof *u->evppi);
    if (!work || !x || !iwork || !u->evppi)
        st = cx_error_set(err, CX_ERR_NOMEM, "out of memory for the EVPPI");
    for (size_t i = 0; st == CX_OK && i < u->ni; i++) {
        for (size_t d = 0; d < u->n; d++)
            x[d] = u->x[d * u->ni + i];
        u->evppi[i] = u->nv > 1 ? cx_uncertainty_evppi(x, net, u->n, u->nv, work, iwork) : 0;
    }
    free(work), free(x), free(iwork), free(net);
    return st;
}

static const char *quantity_name(size_t k)
{
    return k == NET ? "net_value" : cx_metric_name((cx_metric)k);
}

/* The name of row r: a variant, or "ALT-baseline". */
static void row_name(const unc *u, size_t r, char *buf, size_t size)
{
    if (r < u->nv)
        snprintf(buf, size, "%s", u->names[r]);
    else
        snprintf(buf, size, "%s-%s", u->names[r - u->nv + 1], u->names[0]);
}

static int write_uncertainty(FILE *fp, const void *ctx)
{
    const unc *u = ctx;
    static const char *const head[] = {"variant", "metric", "mean", "sd", "p05", "p50",
                                       "p95", "prob_positive", "prob_negative", "var_input",
                                       "var_noise", "n"};
    int rc = cx_csv_row(fp, head, 12);
    char name[2 * CX_NAME_MAX + 2];
    for (size_t r = 0; r < n_rows(u); r++)
        for (size_t k = 0; k < NQ; k++) {
            const cx_uncertainty_summary *s = &u->sum[r * NQ + k];
            const cx_uncertainty_split *sp = &u->split[r * NQ + k];
            row_name(u, r, name, sizeof name);
            rc |= cx_csv_field(fp, name) | cx_csv_sep(fp) | cx_csv_field(fp, quantity_name(k));
            const double f[] = {s->mean, s->sd, s->p05, s->p50, s->p95, s->prob_positive,
                                s->prob_negative, sp->input, sp->noise};
            for (size_t i = 0; i < 9; i++)
                rc |= cx_csv_sep(fp) | cx_csv_number(fp, f[i]);
            rc |= cx_csv_sep(fp) | cx_csv_size(fp, s->n) | cx_csv_end_row(fp);
        }
    return rc;
}

static int write_decision(FILE *fp, const void *ctx)
{
    const unc *u = ctx;
    static const char *const head[] = {"variant", "expected_net_value", "prob_best",
                                       "prob_loss", "prob_roi_negative", "expected_loss"};
    int rc = cx_csv_row(fp, head, 6);
    for (size_t v = 0; v < u->nv; v++) {
        const cx_uncertainty_choice *c = &u->choice[v];
        rc |= cx_csv_field(fp, u->names[v]);
        const double f[] = {c->expected, c->prob_best, u->sum[v * NQ + NET].prob_negative,
                            u->sum[v * NQ + CX_M_ROI].prob_negative, c->expected_loss};
        for (size_t i = 0; i < 5; i++)
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, f[i]);
        rc |= cx_csv_end_row(fp);
    }
    return rc;
}

static int write_voi(FILE *fp, const void *ctx)
{
    const unc *u = ctx;
    static const char *const head[] = {"parameter", "evppi", "evpi"};
    int rc = cx_csv_row(fp, head, 3);
    for (size_t i = 0; i < u->ni; i++)
        rc |= cx_csv_field(fp, u->m->ranges[i].path) | cx_csv_sep(fp)
              | cx_csv_number(fp, u->evppi[i]) | cx_csv_sep(fp) | cx_csv_number(fp, u->evpi)
              | cx_csv_end_row(fp);
    return rc;
}

static int write_draws(FILE *fp, const void *ctx)
{
    const unc *u = ctx;
    int rc = cx_csv_field(fp, "draw") | cx_csv_sep(fp) | cx_csv_field(fp, "variant");
    for (size_t i = 0; i < u->ni; i++)
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, u->m->ranges[i].path);
    for (size_t k = 0; k < NQ; k++)
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, quantity_name(k == 0 ? NET : k - 1));
    rc |= cx_csv_end_row(fp);
    for (size_t d = 0; d < u->n; d++)
        for (size_t v = 0; v < u->nv; v++) {
            rc |= cx_csv_size(fp, d + 1) | cx_csv_sep(fp) | cx_csv_field(fp, u->names[v]);
            for (size_t i = 0; i < u->ni; i++)
                rc |= cx_csv_sep(fp) | cx_csv_number(fp, u->x[d * u->ni + i]);
            for (size_t k = 0; k < NQ; k++)
                rc |= cx_csv_sep(fp) | cx_csv_number(fp, value(u, d, v, k == 0 ? NET : k - 1));
            rc |= cx_csv_end_row(fp);
        }
    return rc;
}

static void json_extra(struct cx_json *j, void *ctx)
{
    const unc *u = ctx;
    char form[1024];
    cx_json_key(j, "uncertainty");
    cx_json_begin_object(j);
    cx_json_key(j, "draws");
    cx_json_integer(j, (long long)u->n);
    cx_json_key(j, "inner_replications");
    cx_json_integer(j, (long long)u->reps);
    cx_json_key(j, "design");
    cx_json_string(j, u->ni > 40 ? "latin hypercube" : "sobol, digitally shifted");
    cx_json_key(j, "inputs");
    cx_json_begin_array(j);
    for (size_t i = 0; i < u->ni; i++) {
        cx_dist d;
        if (cx_model_range_dist(u->m, i, &d, NULL) != CX_OK)
            d = u->m->ranges[i].dist;
        cx_dist_format(&d, form, sizeof form);
        cx_json_begin_object(j);
        cx_json_key(j, "path");
        cx_json_string(j, u->m->ranges[i].path);
        cx_json_key(j, "dist");
        cx_json_string(j, form);
        cx_json_end_object(j);
    }
    cx_json_end_array(j);
    cx_json_key(j, "variants");
    cx_json_begin_array(j);
    for (size_t v = 0; v < u->nv; v++)
        cx_json_string(j, u->names[v]);
    cx_json_end_array(j);
    cx_json_end_object(j);
}

static cx_status write_dir(const unc *u, const cx_run_opts *ro, cx_error *err)
{
    char hash[65];
    cx_status st = cx_sha256_file(u->o->scenario, hash, err);
    if (st != CX_OK)
        return st;
    const cx_results_file files[] = {{"uncertainty.csv", write_uncertainty, u},
                                     {"decision.csv", write_decision, u},
                                     {"voi.csv", write_voi, u},
                                     {"draws.csv", write_draws, u}};
    cx_results_info info = {
        .command = u->o->verb, .scenario_path = u->o->scenario, .scenario_sha256 = hash,
        .seed = ro->seed, .reps = u->reps, .threads = ro->threads,
        .model = u->m, .origin = &u->o->origin, .overrides = u->o->sets, .n_overrides = u->o->n_sets,
        .wall_seconds = u->wall, .files = files, .n_files = 4,
    };
    return cx_results_write_analysis_json(u->o->out, &info, u->names[0], json_extra,
                                          (void *)u, err);
}

/* ---- stdout ----------------------------------------------------------------------- */

static void print_inputs(const unc *u)
{
    char form[1024];
    printf("\nuncertain inputs (%zu):\n", u->ni);
    for (size_t i = 0; i < u->ni; i++) {
        cx_dist d;
        if (cx_model_range_dist(u->m, i, &d, NULL) != CX_OK)
            d = u->m->ranges[i].dist;
        cx_dist_format(&d, form, sizeof form);
        printf("  %-52s %s\n", u->m->ranges[i].path, form);
    }
}

static void print_decision(const unc *u)
{
    printf("\n%-22s %12s %12s %12s %8s %8s %8s %12s\n", "variant", "net_value", "p05", "p95",
           "P(best)", "P(loss)", "P(ROI<0)", "exp.loss");
    for (size_t v = 0; v < u->nv; v++) {
        const cx_uncertainty_summary *s = &u->sum[v * NQ + NET];
        printf("%-22s", u->names[v]);
        cx_cli_print_value(s->mean);
        cx_cli_print_value(s->p05);
        cx_cli_print_value(s->p95);
        printf(" %8.3f", u->choice[v].prob_best);
        if (v)
            printf(" %8.3f", s->prob_negative);
        else
            printf(" %8s", "-");
        double pr = u->sum[v * NQ + CX_M_ROI].prob_negative;
        if (isnan(pr))
            printf(" %8s", "NA");
        else
            printf(" %8.3f", pr);
        cx_cli_print_value(u->choice[v].expected_loss);
        printf("\n");
    }
    printf("\nnet_value: portfolio_value - cost, minus the baseline's; p05, p95: 5 %% and "
           "95 %% points over the draws;\nP(best): share of draws where it has the highest "
           "net value; exp.loss: mean shortfall from the best\n");
}

static void print_voi(const unc *u)
{
    printf("\nvalue of information (net value): EVPI %.6g\n", u->evpi);
    for (size_t i = 0; i < u->ni; i++)
        printf("  EVPPI %-52s %12.6g\n", u->m->ranges[i].path, u->evppi[i]);
}

static void print_split(const unc *u)
{
    int warned = 0;
    printf("\nwhere the spread comes from (net_value):\n");
    for (size_t v = 1; v < u->nv; v++) {
        const cx_uncertainty_split *sp = &u->split[v * NQ + NET];
        printf("  %-22s input uncertainty %5.1f %%, simulation noise %5.1f %%\n", u->names[v],
               100 * (isnan(sp->input_share) ? 0 : sp->input_share),
               100 * (isnan(sp->input_share) ? 1 : 1 - sp->input_share));
        if (!sp->trusted && !warned++)
            fprintf(stderr, "cxsim: warning: %zu inner replications are too few to split the "
                    "spread into input uncertainty and noise (noise over half of it, or "
                    "fewer than 2 replications): raise --reps\n", u->reps);
    }
}

static void print_all(const unc *u, const cx_run_opts *ro)
{
    printf("%s: \"%s\", %s --uncertainty: %zu draws x %zu inner replications x %ld customers "
           "x %d periods, seed %u, %u threads, %.2f s\n", u->o->scenario, u->m->name,
           u->o->verb, u->n, u->reps, u->m->population, u->m->horizon, (unsigned)ro->seed,
           ro->threads, u->wall);
    print_inputs(u);
    print_decision(u);
    if (u->nv > 1)
        print_split(u);
    if (u->nv > 1)
        print_voi(u);
    printf("\nthese figures cover the uncertain inputs (drawn from their distributions) and "
           "simulation noise\n");
    if (u->o->out)
        printf("\nresults in %s/\n", u->o->out);
}

/* ---- the verb ----------------------------------------------------------------------- */

static cx_status check_flags(const cx_cli_opts *o, cx_error *err)
{
    if (o->events)
        return cx_error_set(err, CX_ERR_USAGE, "--events writes the log of one plain run, "
                            "not of --uncertainty's draws");
    if (o->reps_auto || o->antithetic || o->resume)
        return cx_error_set(err, CX_ERR_USAGE, "--uncertainty goes with --reps N (the inner "
                            "replications), not with --reps auto, --antithetic or --resume");
    if (o->format != CX_CLI_FORMAT_TABLE)
        return cx_error_set(err, CX_ERR_USAGE, "--uncertainty prints a table; its files "
                            "(--out DIR) are the machine form");
    return CX_OK;
}

static cx_status run_draws(unc *u, cx_run_opts *ro, cx_policy_factory *policy, cx_error *err)
{
    cx_progress *p = cx_progress_new(!u->o->quiet, "replications", 1);
    double t0 = cx_cli_now();
    ro->policy = policy;
    ro->progress = p ? cx_progress_update : NULL;
    ro->progress_ctx = p;
    ro->stop = cx_cli_interrupt_install();
    cx_status st = cx_run_uncertainty(u->m, ro, u->n, take, u, err);
    cx_progress_finish(p);
    u->wall = cx_cli_now() - t0;
    return st;
}

static cx_status prepare(unc *u, cx_run_opts *ro, cx_error *err)
{
    size_t dim[CX_MAX_RANGES];
    u->n = u->o->uncertainty;
    u->ni = u->m->n_ranges;
    u->reps = u->o->reps ? u->o->reps : (size_t)u->m->reps;
    *ro = (cx_run_opts){.reps = u->reps, .seed = u->o->seed,
                        .threads = u->o->threads ? u->o->threads : cx_batch_default_threads()};
    size_t index[CX_RUN_MAX_VARIANTS];
    u->nv = cx_model_variant_order(u->m, index, CX_RUN_MAX_VARIANTS);
    for (size_t v = 0; v < u->nv; v++)
        u->names[v] = u->m->variants[index[v]].name;
    if (u->nv == 0)
        u->names[u->nv++] = "baseline";
    (void)cx_run_uncertainty_dims(u->m, dim);
    for (size_t i = 0; i < u->ni; i++)
        u->inputs_vary |= !cx_dist_degenerate(&u->m->ranges[i].dist);
    u->x = malloc((u->n * u->ni + 1) * sizeof *u->x);
    u->q = malloc(2 * u->n * u->nv * NQ * sizeof *u->q);
    if (!u->x || !u->q)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu draws", u->n);
    u->qvar = u->q + u->n * u->nv * NQ;
    return CX_OK;
}

static void release(unc *u)
{
    free(u->x), free(u->q), free(u->sum), free(u->split), free(u->evppi);
}

int cx_cli_uncertainty(const cx_cli_opts *o)
{
    cx_model *m = NULL;
    cx_error err;
    cx_policy_factory *policy = NULL;
    cx_run_opts ro;
    unc u = {.o = o};
    cx_status st = check_flags(o, &err);
    if (st == CX_OK)
        st = cx_cli_load(o, &m, &err);
    u.m = m;
    if (st == CX_OK)
        st = cx_cli_policy(o, &policy, &err);
    if (st == CX_OK)
        st = prepare(&u, &ro, &err);
    if (st == CX_OK)
        st = run_draws(&u, &ro, policy, &err);
    if (st == CX_OK)
        st = summarise(&u, &err);
    if (st == CX_OK && o->out)
        st = write_dir(&u, &ro, &err);
    if (st == CX_OK)
        print_all(&u, &ro);
    if (st == CX_ERR_STOPPED)
        fprintf(stderr, "cxsim: interrupted: --uncertainty keeps nothing when stopped; "
                "nothing written.\n");
    if (policy)
        cx_scenario_policy_free(policy);
    release(&u);
    cx_model_free(m);
    if (st == CX_OK)
        st = cx_cli_write_report(o, &err);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
