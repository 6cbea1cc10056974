/* check_analytic.c - `cxsim check --analytic`: each journey solved as an
 * absorbing Markov chain (cxsim/markov.h), beside the same figures from a
 * short simulation.
 *
 * The simulation is the setting the chain describes: period 1 only (so
 * churn cannot change the mix of segments and data sharers, and trust
 * starts from its priors), the model as declared (no intervention, no
 * on_period policy). There, with kappa = 0 and no loop, the chain is exact
 * and the simulated intervals should cover the analytic values; otherwise
 * the output says what makes it an approximation (docs/analysis.md,
 * "cxsim check --analytic").
 */
#include "check_analytic.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cxsim/csv.h"
#include "cxsim/markov.h"
#include "cxsim/run.h"
#include "cxsim/model.h"
#include "cxsim/stats.h"
#include "format.h"
#include "opts.h"

#define LEVEL 0.95

/* Per-replication figures of journey j's touchpoints, from first (the
 * global index of its first touchpoint): visits and abandonment per
 * journey started, and completion. */
typedef struct sim_figures {
    cx_estimate *visits, *abandon;  /* [n_touchpoints] */
    cx_estimate completion;
} sim_figures;

static void simulated(const cx_batch_result *b, size_t first, size_t n, double *buf,
                      sim_figures *out)
{
    double *vis = buf, *ab = buf + b->reps, *done = buf + 2 * b->reps;
    for (size_t r = 0; r < b->reps; r++)
        done[r] = 1;
    for (size_t k = 0; k < n; k++) {
        for (size_t r = 0; r < b->reps; r++) {
            const double *t = cx_batch_touchpoint(b, 0, r, first + k);
            double a = t[CX_TPM_VISITS] > 0 ? t[CX_TPM_ABANDON_RATE] : 0;
            vis[r] = t[CX_TPM_REACH_RATE];      /* NaN without a journey */
            ab[r] = vis[r] * a;
            done[r] -= ab[r];
        }
        cx_stats_estimate(vis, 1, b->reps, LEVEL, &out->visits[k]);
        cx_stats_estimate(ab, 1, b->reps, LEVEL, &out->abandon[k]);
    }
    cx_stats_estimate(done, 1, b->reps, LEVEL, &out->completion);
}

/* "mean [ci_low, ci_high]", as wide whether or not there is an interval. */
static void print_estimate(const cx_estimate *e, int digits)
{
    if (e->n == 0)
        printf("%*s %*s", digits + 2, "NA", 2 * digits + 8, "");
    else if (isnan(e->ci_low))
        printf("%.*f %*s", digits, e->mean, 2 * digits + 8, "");
    else
        printf("%.*f [%.*f, %.*f]", digits, e->mean, digits, e->ci_low, digits, e->ci_high);
}

static void print_notes(const cx_model *m, size_t j)
{
    unsigned why = cx_markov_approximations(m, j);
    if (why & CX_MARKOV_TRUST)
        printf("  approximate: kappa > 0, so abandonment depends on each customer's trust,\n"
               "    drawn from its prior and moved by recoveries and intrusions; the chain\n"
               "    freezes it at each segment's mean (kappa = 0 makes the chain exact)\n");
    if (why & CX_MARKOV_LOOPS)
        printf("  approximate: the journey can loop; the simulation ends a walk after\n"
               "    max_visits = %d visits, the chain does not (negligible unless loops\n"
               "    are long)\n", m->max_visits);
    if (!why)
        printf("  exact: the simulated intervals should cover the analytic values (at 95 %%,\n"
               "    about one in twenty misses by chance)\n");
}

static void print_journey(const cx_model *m, size_t j, const cx_markov_touchpoint *tp,
                          const cx_markov_walk *w, const sim_figures *s)
{
    const cx_journey *jr = &m->journeys[j];
    printf("\njourney %s: completion %.4f, simulated ", jr->name, w->completed);
    print_estimate(&s->completion, 4);
    printf("\n  %-16s %7s %7s  %-23s %8s  %s\n", "touchpoint", "reach", "visits",
           "simulated [95 % CI]", "abandon", "simulated [95 % CI]");
    for (size_t k = 0; k < jr->n_touchpoints; k++) {
        printf("  %-16s %7.4f %7.4f  ", jr->touchpoints[k].name, tp[k].reach, tp[k].visits);
        print_estimate(&s->visits[k], 4);
        printf(" %8.5f  ", tp[k].abandon);
        print_estimate(&s->abandon[k], 5);
        printf("\n");
    }
    print_notes(m, j);
}

/* One journey: the chain, and the simulated figures beside it. */
static cx_status one_journey(const cx_model *m, size_t j, size_t first,
                             const cx_batch_result *b, cx_error *err)
{
    size_t n = m->journeys[j].n_touchpoints;
    cx_markov_touchpoint *tp = malloc(n * sizeof *tp);
    cx_estimate *est = malloc(2 * n * sizeof *est);
    double *buf = malloc(3 * b->reps * sizeof *buf);
    cx_markov_walk w;
    cx_error why;
    cx_status st = tp && est && buf ? CX_OK
                                     : cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    if (st == CX_OK) {
        sim_figures s = {.visits = est, .abandon = est + n};
        simulated(b, first, n, buf, &s);
        if (cx_markov_journey_mix(m, j, tp, &w, &why) == CX_OK)
            print_journey(m, j, tp, &w, &s);
        else    /* the scenario is valid; the chain has no answer */
            printf("\n%s; no analytic solution\n", why.msg);
    }
    free(tp);
    free(est);
    free(buf);
    return st;
}

/* ---- --format csv|json: analytic.csv ------------------------------------ */

typedef struct analytic_table {
    const cx_model *m;
    const cx_batch_result *b;
} analytic_table;

/* One row: journey, touchpoint, measure, analytic, simulated, ci_low,
 * ci_high, n, exact. */
static int measure_row(FILE *fp, const cx_journey *jr, const char *tp, const char *measure,
                       double analytic, const cx_estimate *e, int exact)
{
    int rc = cx_csv_field(fp, jr->name) | cx_csv_sep(fp) | cx_csv_field(fp, tp);
    rc |= cx_csv_sep(fp) | cx_csv_field(fp, measure) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, analytic) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e ? e->mean : NAN) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e ? e->ci_low : NAN) | cx_csv_sep(fp);
    rc |= cx_csv_number(fp, e ? e->ci_high : NAN) | cx_csv_sep(fp);
    rc |= cx_csv_size(fp, e ? e->n : 0) | cx_csv_sep(fp);
    return rc | cx_csv_field(fp, exact ? "true" : "false") | cx_csv_end_row(fp);
}

/* Journey j's rows; the analytic figures NA when the chain has none. */
static int journey_rows(FILE *fp, const analytic_table *a, size_t j, size_t first,
                        cx_markov_touchpoint *tp, cx_estimate *est, double *buf)
{
    const cx_journey *jr = &a->m->journeys[j];
    size_t n = jr->n_touchpoints;
    sim_figures s = {.visits = est, .abandon = est + n};
    cx_markov_walk w = {NAN, NAN};
    cx_error why;
    simulated(a->b, first, n, buf, &s);
    if (cx_markov_journey_mix(a->m, j, tp, &w, &why) != CX_OK)
        for (size_t k = 0; k < n; k++)
            tp[k] = (cx_markov_touchpoint){NAN, NAN, NAN, NAN};
    int exact = cx_markov_approximations(a->m, j) == 0;
    int rc = measure_row(fp, jr, "", "completion", w.completed, &s.completion, exact);
    for (size_t k = 0; k < n && rc == 0; k++) {
        const char *name = jr->touchpoints[k].name;
        rc |= measure_row(fp, jr, name, "reach", tp[k].reach, NULL, exact);
        rc |= measure_row(fp, jr, name, "visits", tp[k].visits, &s.visits[k], exact);
        rc |= measure_row(fp, jr, name, "abandon", tp[k].abandon, &s.abandon[k], exact);
    }
    return rc;
}

static int write_analytic(FILE *fp, const void *ctx)
{
    static const char *const header[] = {
        "journey", "touchpoint", "measure", "analytic", "simulated", "ci_low", "ci_high",
        "n", "exact",
    };
    const analytic_table *a = ctx;
    int rc = cx_csv_row(fp, header, 9);
    for (size_t j = 0, first = 0; rc == 0 && j < a->m->n_journeys; j++) {
        size_t n = a->m->journeys[j].n_touchpoints;
        cx_markov_touchpoint *tp = malloc(n * sizeof *tp);
        cx_estimate *est = malloc(2 * n * sizeof *est);
        double *buf = malloc(3 * a->b->reps * sizeof *buf);
        rc = tp && est && buf ? journey_rows(fp, a, j, first, tp, est, buf) : -1;
        free(tp);
        free(est);
        free(buf);
        first += n;
    }
    return rc;
}

/* Period 1 of the model as declared. */
static cx_status simulate(const cx_cli_opts *o, const cx_model *m, cx_batch_result **b,
                          size_t *reps, cx_error *err)
{
    cx_model *one = cx_model_copy(m);
    if (!one)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    one->horizon = 1;
    const cx_run_opts ro = {.reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
                            .threads = o->threads};
    cx_status st = cx_run_batch(one, CX_NO_VARIANT, "declared", &ro, b, err);
    *reps = ro.reps;
    cx_model_free(one);
    return st;
}

cx_status cx_cli_analytic(const cx_cli_opts *o, const cx_model *m, cx_error *err)
{
    cx_batch_result *b = NULL;
    size_t reps = 0;
    cx_status st = simulate(o, m, &b, &reps, err);
    if (st != CX_OK)
        return st;
    if (o->format != CX_CLI_FORMAT_TABLE) {
        const analytic_table a = {m, b};
        const cx_cli_table t = {"analytic", write_analytic, &a};
        st = cx_cli_emit(o, &t, 1, err);
        cx_batch_result_free(b);
        return st;
    }
    printf("\nanalytic: each journey as an absorbing Markov chain (Kemeny and Snell),\n"
           "  customers of period 1: segments by share x frequency, data sharers by\n"
           "  1 - refuse_data, trust frozen at each segment's mean\n"
           "simulated: period 1 only, %zu replications x %ld customers, seed %u, the model\n"
           "  as declared (no interventions, no on_period); mean and 95 %% CI\n"
           "figures per journey started: reach = P(at least one visit), visits = expected\n"
           "  visits, abandon = P(the journey is abandoned at this touchpoint)\n",
           reps, m->population, (unsigned)o->seed);
    for (size_t j = 0, first = 0; st == CX_OK && j < m->n_journeys; j++) {
        st = one_journey(m, j, first, b, err);
        first += m->journeys[j].n_touchpoints;
    }
    cx_batch_result_free(b);
    return st;
}
