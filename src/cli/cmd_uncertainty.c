/* cmd_uncertainty.c - `cxsim run|compare|quickwins --uncertainty N`: the two-level
 * Monte Carlo of the run layer (cx_run_uncertainty) summarised over its
 * draws: each variant's and each difference's distribution, how much of
 * it is input uncertainty, the decision (probability of being best,
 * P(loss), expected loss) and the value of information (EVPI, EVPPI per
 * input); uncertainty.csv, decision.csv, voi.csv, draws.csv and run.json
 * (docs/analysis.md, "Decisions under uncertainty"; docs/results.md).
 * The draws stream to a spool on disk (cxsim/draws.h); stopped by a
 * signal, the draws completed are written with draws.bin, and --resume
 * finishes them to the bytes of an uninterrupted run. */
#include "uncertainty.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/draws.h"
#include "cxsim/io.h"
#include "cxsim/json.h"
#include "cxsim/sha256.h"
#include "cxsim/metrics.h"
#include "cxsim/results.h"
#include "cxsim/run.h"
#include "cxsim/scenario.h"
#include "cxsim/uncertainty.h"
#include "interrupt.h"
#include "load.h"
#include "out.h"
#include "print.h"
#include "progress.h"
#include "sim.h"

#define NET CX_CLI_UNC_NET      /* the extra quantity after the metrics: net_value */
#define NQ CX_CLI_UNC_NQ

const char cx_cli_noise_only[] = "95 % CIs cover simulation noise only: every input is "
                                  "taken as known (--uncertainty N draws them)";

typedef cx_cli_unc unc;

static cx_status take(void *ctx, const cx_run_draw *dr, cx_error *err)
{
    unc *u = ctx;
    return cx_draws_add(u->d, dr->inputs, dr->mean, dr->var, dr->net, dr->net_var, err);
}

static void json_extra(struct cx_json *j, void *ctx)
{
    const unc *u = ctx;
    char form[1024];
    cx_json_key(j, "complete");
    cx_json_bool(j, u->d->n >= u->n);
    cx_json_key(j, "uncertainty");
    cx_json_begin_object(j);
    cx_json_key(j, "draws");
    cx_json_integer(j, (long long)u->d->n);
    cx_json_key(j, "draws_requested");
    cx_json_integer(j, (long long)u->n);
    cx_json_key(j, "inner_replications");
    cx_json_integer(j, (long long)u->reps);
    cx_json_key(j, "design");
    size_t dim[CX_MAX_RANGES];      /* ties and Dirichlets: dimensions, not inputs */
    size_t k = cx_run_uncertainty_dims(u->m, dim);
    cx_json_string(j, cx_uncertainty_design_is_latin(k) ? "latin hypercube"
                                                        : "sobol, digitally shifted");
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
    if (u->extra && u->extra->json)
        u->extra->json(j, u);
}

static int write_extra(FILE *fp, const void *ctx)
{
    const unc *u = ctx;
    return u->extra->write(fp, u);
}

/* The results directory: complete, or the draws an interruption kept with
 * draws.bin (a complete one removes a draws.bin left there). */
static cx_status write_dir(const unc *u, const cx_run_opts *ro, cx_error *err)
{
    char hash[65];
    cx_status st = cx_sha256_file(u->o->scenario, hash, err);
    if (st != CX_OK)
        return st;
    cx_results_file files[7] = {{"uncertainty.csv", cx_draws_uncertainty_csv, u->d},
                                {"decision.csv", cx_draws_decision_csv, u->d},
                                {"voi.csv", cx_draws_voi_csv, u->d},
                                {"draws.csv", cx_draws_csv, u->d}};
    size_t n = 4;
    if (u->extra && u->extra->file)
        files[n++] = (cx_results_file){u->extra->file, write_extra, u};
    if (u->d->n_prices)
        files[n++] = (cx_results_file){"acceptability.csv", cx_draws_acceptability_csv, u->d};
    if (u->d->n < u->n)
        files[n++] = (cx_results_file){CX_DRAWS_FILE, cx_draws_checkpoint, u->d};
    cx_results_info info = {
        .command = u->o->verb, .scenario_path = u->o->scenario, .scenario_sha256 = hash,
        .seed = ro->seed, .reps = u->reps, .threads = ro->threads,
        .model = u->scenario, .origin = &u->o->origin, .overrides = u->o->sets,
        .n_overrides = u->o->n_sets,
        .wall_seconds = u->wall, .files = files, .n_files = n,
    };
    st = cx_results_write_analysis_json(u->o->out, &info, u->names[0], json_extra, (void *)u,
                                        err);
    if (st == CX_OK && u->d->n >= u->n)
        (void)cx_io_remove(u->o->out, CX_DRAWS_FILE, NULL);
    return st;
}

/* ---- the acceptability curve (--price-range) ------------------------------------- */


/* --price-range METRIC=LO:HI[:STEPS] into u->price_metric, u->prices. */
static cx_status parse_price(unc *u, cx_error *err)
{
    const char *s = u->o->price_range;
    char name[64], rest[256];
    double lo, hi, steps = CX_CLI_UNC_PRICES;
    size_t len = strcspn(s, "=");
    if (!s[len] || len >= sizeof name || strlen(s + len + 1) >= sizeof rest)
        return cx_error_set(err, CX_ERR_USAGE, "--price-range needs METRIC=LO:HI[:STEPS] "
                            "(the price of one unit of METRIC), got '%s'", s);
    snprintf(name, sizeof name, "%.*s", (int)len, s);
    snprintf(rest, sizeof rest, "%s", s + len + 1);
    char *a = rest, *b = strchr(a, ':'), *c = b ? strchr(b + 1, ':') : NULL;
    if (b)
        *b++ = '\0';
    if (c)
        *c++ = '\0';
    if (!b || cx_cli_number(a, &lo) != 0 || cx_cli_number(b, &hi) != 0 || !(lo < hi) ||
        (c && (cx_cli_number(c, &steps) != 0 || steps != (double)(size_t)steps || steps < 2 ||
               steps > CX_CLI_UNC_MAX_PRICES)))
        return cx_error_set(err, CX_ERR_USAGE, "--price-range %s: needs LO:HI with LO < HI "
                            "and STEPS an integer from 2 to %d", s, CX_CLI_UNC_MAX_PRICES);
    cx_status st = cx_cli_metric(name, "--price-range: unknown metric", "the names are those "
                                 "of summary.csv: nps, active_customers, ...", &u->price_metric,
                                 err);
    if (st == CX_OK && u->price_metric == CX_M_ROI)
        return cx_error_set(err, CX_ERR_USAGE, "--price-range: roi is a ratio, not an effect "
                            "with a price");
    u->n_prices = (size_t)steps;
    for (size_t p = 0; st == CX_OK && p < u->n_prices; p++)
        u->prices[p] = lo + (hi - lo) * (double)p / (double)(u->n_prices - 1);
    return st;
}

/* The curve on stdout: a table (at most 21 of its prices; the file has
 * all) and, for each variant, the price from which it is best in most
 * draws. */
static void print_acceptability(const unc *u)
{
    const cx_draws *d = u->d;
    const char *metric = cx_metric_name((cx_metric)d->price_metric);
    size_t step = d->n_prices > 21 ? (d->n_prices + 19) / 20 : 1;
    printf("\nacceptability: P(best) when one unit of %s gained is worth PRICE, added to the "
           "net value\n%12s", metric, "price");
    for (size_t v = 0; v < d->n_variants; v++)
        printf(" %12.12s", d->names[v]);
    printf("\n");
    for (size_t p = 0; p < d->n_prices; p++) {
        if (p % step && p + 1 != d->n_prices)
            continue;       /* the first, every step-th and the last */
        printf("%12.6g", d->prices[p]);
        for (size_t v = 0; v < d->n_variants; v++)
            printf(" %12.3f", d->curve[p * d->n_variants + v]);
        printf("\n");
    }
    for (size_t v = 0; v < d->n_variants; v++) {
        size_t p = 0;
        while (p < d->n_prices && !(d->curve[p * d->n_variants + v] > 0.5))
            p++;
        if (p == d->n_prices)
            printf("%s: best in most draws at no price from %.6g to %.6g per unit of %s\n",
                   d->names[v], d->prices[0], d->prices[d->n_prices - 1], metric);
        else if (p == 0)
            printf("%s: best in most draws already at %.6g per unit of %s\n", d->names[v],
                   d->prices[0], metric);
        else
            printf("%s: best in most draws from a price of %.6g per unit of %s (%.3f there)\n",
                   d->names[v], d->prices[p], metric, d->curve[p * d->n_variants + v]);
    }
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
        const cx_uncertainty_summary *s = &u->d->sum[v * NQ + NET];
        printf("%-22s", u->names[v]);
        cx_cli_print_value(s->mean);
        cx_cli_print_value(s->p05);
        cx_cli_print_value(s->p95);
        printf(" %8.3f", u->d->choice[v].prob_best);
        if (v)
            printf(" %8.3f", s->prob_negative);
        else
            printf(" %8s", "-");
        double pr = u->d->sum[v * NQ + CX_M_ROI].prob_negative;
        if (isnan(pr))
            printf(" %8s", "NA");
        else
            printf(" %8.3f", pr);
        cx_cli_print_value(u->d->choice[v].expected_loss);
        printf("\n");
    }
    printf("\nnet_value: portfolio_value - cost, minus the baseline's; p05, p95: 5 %% and "
           "95 %% points over the draws;\nP(best): share of draws where it has the highest "
           "net value; exp.loss: mean shortfall from the best\n");
}

static void print_voi(const unc *u)
{
    printf("\nvalue of information (net value): EVPI %.6g\n", u->d->evpi);
    for (size_t i = 0; i < u->ni; i++)
        printf("  EVPPI %-52s %12.6g\n", u->m->ranges[i].path, u->d->evppi[i]);
}

static void print_split(const unc *u)
{
    int warned = 0;
    printf("\nwhere the spread comes from (net_value):\n");
    for (size_t v = 1; v < u->nv; v++) {
        const cx_uncertainty_split *sp = &u->d->split[v * NQ + NET];
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
    if (u->extra && u->extra->print)
        u->extra->print(u);
    print_decision(u);
    if (u->d->n_prices)
        print_acceptability(u);
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

cx_status cx_cli_uncertainty_flags(const cx_cli_opts *o, cx_error *err)
{
    if (o->events)
        return cx_error_set(err, CX_ERR_USAGE, "--events writes the log of one plain run, "
                            "not of --uncertainty's draws");
    if (o->reps_auto || o->antithetic)
        return cx_error_set(err, CX_ERR_USAGE, "--uncertainty goes with --reps N (the inner "
                            "replications), not with --reps auto or --antithetic");
    if (o->format != CX_CLI_FORMAT_TABLE)
        return cx_error_set(err, CX_ERR_USAGE, "--uncertainty prints a table; its files "
                            "(--out DIR) are the machine form");
    return CX_OK;
}

/* The draws not yet in u->d (all, or those a resumed run lacks). */
static cx_status run_draws(unc *u, cx_run_opts *ro, cx_policy_factory *policy, cx_error *err)
{
    cx_progress *p = cx_progress_new(!u->o->quiet, "replications", 1);
    cx_cli_progress_hook hook = cx_cli_progress_hook_make(p);
    double t0 = cx_cli_now();
    ro->policy = policy;
    ro->progress = cx_cli_progress_hooked;
    ro->progress_ctx = &hook;
    ro->stop = cx_cli_interrupt_install();
    cx_status st = cx_run_uncertainty(u->m, ro, u->n, u->d->n, take, u, err);
    cx_progress_finish(p);
    u->wall = cx_cli_now() - t0;
    return st;
}

static cx_status prepare(unc *u, cx_run_opts *ro, cx_error *err)
{
    char key[sizeof u->d->key];
    u->n = u->o->uncertainty;
    u->ni = u->m->n_ranges;
    u->reps = u->o->reps ? u->o->reps : (size_t)u->m->reps;
    *ro = (cx_run_opts){.reps = u->reps, .seed = u->o->seed,
                        .threads = u->o->threads ? u->o->threads : cx_batch_default_threads()};
    if (u->extra) {
        if (u->extra->n > CX_RUN_MAX_VARIANTS)
            return cx_error_set(err, CX_ERR_USAGE, "--uncertainty runs at most %d variants "
                                "at once, not %zu (quickwins: --max-combo 1 or fewer "
                                "interventions)", CX_RUN_MAX_VARIANTS, u->extra->n);
        u->nv = u->extra->n;
        memcpy(u->index, u->extra->index, u->nv * sizeof *u->index);
        ro->variants = u->index;
        ro->n_variants = u->nv;
    } else {
        u->nv = cx_model_variant_order(u->m, u->index, CX_RUN_MAX_VARIANTS);
    }
    for (size_t v = 0; v < u->nv; v++)
        u->names[v] = u->index[v] == CX_NO_VARIANT ? "baseline"
                      : u->m->variants[u->index[v]].name;
    if (u->nv == 0)
        u->names[u->nv++] = "baseline";
    /* what a resume must share: run's key, and the draws asked for (the
     * design of a Latin hypercube depends on them) */
    cx_status st = cx_cli_resume_key(u->o, u->scenario, u->reps, key, sizeof key - 64, err);
    if (st == CX_OK)
        snprintf(key + strlen(key), 64, "uncertainty %zu\n", u->n);
    if (st == CX_OK)
        st = cx_draws_new(u->m, u->names, u->nv, u->reps, u->n, key, &u->d, err);
    if (st == CX_OK && u->o->resume)
        st = cx_draws_resume(u->d, u->o->resume, err);
    if (st == CX_OK && u->o->price_range)
        st = parse_price(u, err);
    return st;
}

/* Stopped: what the draws kept became, and how to go on. */
static void report_stop(const unc *u)
{
    const cx_cli_opts *o = u->o;
    fprintf(stderr, "cxsim: interrupted: %zu of %zu draws complete", u->d->n, u->n);
    if (o->out && u->d->n > 0)
        fprintf(stderr, "; %s/ holds them (run.json: \"complete\": false).\n"
                "       Continue with: cxsim %s %s --uncertainty %zu --resume %s (and the "
                "same --seed, --reps and --set)\n", o->out, o->verb, o->scenario, u->n, o->out);
    else
        fprintf(stderr, "; nothing written.\n");
}

cx_status cx_cli_uncertainty_with(const cx_cli_opts *o, const cx_model *scenario,
                                  const cx_cli_unc_extra *extra, cx_error *err)
{
    cx_policy_factory *policy = NULL;
    cx_run_opts ro;
    unc u = {.o = o, .m = extra ? extra->m : scenario, .scenario = scenario, .extra = extra};
    cx_status st = cx_cli_uncertainty_flags(o, err);
    if (st == CX_OK)
        st = cx_cli_policy(o, &policy, err);
    if (st == CX_OK)
        st = prepare(&u, &ro, err);
    if (st == CX_OK)
        st = run_draws(&u, &ro, policy, err);
    /* stopped by a signal: the draws completed are summarised and kept */
    cx_status ran = st;
    if (st == CX_ERR_STOPPED)
        st = u.d->n > 0 ? CX_OK : st;
    if (st == CX_OK)
        st = cx_draws_summarise(u.d, err);
    if (st == CX_OK && u.n_prices)
        st = cx_draws_acceptability(u.d, u.price_metric, u.prices, u.n_prices, err);
    if (st == CX_OK && o->out)
        st = write_dir(&u, &ro, err);
    if (st == CX_OK)
        print_all(&u, &ro);
    if (ran == CX_ERR_STOPPED) {
        report_stop(&u);
        if (st == CX_OK)
            st = cx_error_set(err, CX_ERR_STOPPED, "interrupted");
    }
    if (policy)
        cx_scenario_policy_free(policy);
    cx_draws_free(u.d);
    return st;
}

int cx_cli_uncertainty(const cx_cli_opts *o)
{
    cx_model *m = NULL;
    cx_error err;
    cx_status st = cx_cli_uncertainty_flags(o, &err);
    if (st == CX_OK)
        st = cx_cli_load(o, &m, &err);
    if (st == CX_OK)
        st = cx_cli_uncertainty_with(o, m, NULL, &err);
    cx_model_free(m);
    if (st == CX_OK)
        st = cx_cli_write_report(o, &err);
    if (st == CX_ERR_STOPPED)   /* said on stderr already */
        return cx_error_exit_status(CX_ERR_STOPPED);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
