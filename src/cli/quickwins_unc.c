/* quickwins_unc.c - `cxsim quickwins --uncertainty N`: the candidates of a
 * plain quick-win analysis (cx_run_quickwins at the inner replications,
 * which picks the combinations) simulated as the variants of the two-level
 * run (cmd_uncertainty.c), then ranked under uncertainty (both computed by
 * cxsim/quickwins_uncertainty.h; this file prints them): the expected
 * objective effect, the probability that it improves, and each
 * candidate's decision figures (P(best), expected net value, P(loss));
 * quickwins_uncertainty.csv (docs/results.md). */
#include "quickwins_unc.h"

#include <stdio.h>
#include <stdlib.h>

#include "cxsim/csv.h"
#include "cxsim/json.h"
#include "cxsim/quickwins.h"
#include "cxsim/quickwins_uncertainty.h"
#include "cxsim/scenario.h"
#include "load.h"
#include "print.h"
#include "progress.h"
#include "uncertainty.h"

typedef struct qwu {
    const cx_quickwins *q;
    cx_quickwins_uncertainty_row rows[CX_RUN_MAX_VARIANTS];    /* best first */
} qwu;

static int write_csv(FILE *fp, const cx_cli_unc *u)
{
    qwu *w = u->extra->ctx;
    static const char *const head[] = {
        "rank", "candidate", "interventions", "size", "objective", "effect_mean", "effect_p05",
        "effect_p95", "prob_better", "expected_net_value", "prob_best", "prob_loss",
        "prob_roi_negative", "expected_loss"};
    int rc = cx_csv_row(fp, head, sizeof head / sizeof head[0]);
    cx_quickwins_uncertainty_rank(w->q, u->d, w->rows);
    for (size_t r = 0; r < w->q->n_candidates; r++) {
        const cx_quickwins_uncertainty_row *row = &w->rows[r];
        size_t v = 1 + row->candidate;
        const cx_quickwins_candidate *qc = &w->q->candidates[row->candidate];
        const cx_uncertainty_summary *e = row->effect;
        rc |= cx_csv_size(fp, r + 1) | cx_csv_sep(fp) | cx_csv_field(fp, u->names[v])
              | cx_csv_sep(fp) | cx_csv_field(fp, qc->label) | cx_csv_sep(fp)
              | cx_csv_size(fp, qc->size) | cx_csv_sep(fp)
              | cx_csv_field(fp, w->q->objective.name);
        const double f[] = {e->mean, e->p05, e->p95, row->prob_better,
                            row->expected_net_value, row->prob_best, row->prob_loss,
                            row->prob_roi_negative, row->expected_loss};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, f[i]);
        rc |= cx_csv_end_row(fp);
    }
    return rc ? -1 : 0;
}

static void print_table(const cx_cli_unc *u)
{
    qwu *w = u->extra->ctx;
    const cx_quickwins *q = w->q;
    cx_quickwins_uncertainty_rank(q, u->d, w->rows);
    printf("\nquick wins under uncertainty, ranked by the expected %s%s over the draws:\n",
           q->objective.metric == CX_QUICKWINS_VALUE ? "net value" : "effect on ",
           q->objective.metric == CX_QUICKWINS_VALUE ? "" : q->objective.name);
    printf("%4s %-30s %12s %12s %12s %9s %8s %8s\n", "rank", "candidate", "effect", "p05",
           "p95", "P(better)", "P(best)", "P(loss)");
    for (size_t r = 0; r < q->n_candidates; r++) {
        const cx_quickwins_uncertainty_row *row = &w->rows[r];
        const cx_uncertainty_summary *e = row->effect;
        printf("%4zu %-30s", r + 1, q->candidates[row->candidate].label);
        cx_cli_print_value(e->mean);
        cx_cli_print_value(e->p05);
        cx_cli_print_value(e->p95);
        printf(" %9.3f %8.3f %8.3f\n", row->prob_better, row->prob_best, row->prob_loss);
    }
    printf("P(better): share of draws where the effect goes the objective's way; P(best): "
           "where the\ncandidate has the highest net value of all (the baseline included); "
           "P(loss): net value < 0\n");
}

static void json(struct cx_json *j, const cx_cli_unc *u)
{
    const qwu *w = u->extra->ctx;
    cx_json_key(j, "quickwins");
    cx_json_begin_object(j);
    cx_json_key(j, "objective");
    cx_json_string(j, w->q->objective.name);
    cx_json_key(j, "direction");
    cx_json_string(j, w->q->objective.direction > 0 ? "higher" : "lower");
    cx_json_key(j, "max_combo");
    cx_json_integer(j, (long long)w->q->max_combo);
    cx_json_key(j, "top");
    cx_json_integer(j, (long long)w->q->top);
    cx_json_key(j, "candidates");
    cx_json_integer(j, (long long)w->q->n_candidates);
    cx_json_key(j, "chosen_by");
    cx_json_string(j, "a plain quickwins run at the inner replications");
    cx_json_end_object(j);
}

/* The plain analysis that picks the candidates (the combinations of the
 * best singles), at the scenario's inputs, made variants of *copy. */
static cx_status choose(const cx_cli_opts *o, const cx_model *m, cx_quickwins_opts *qo,
                        cx_quickwins **q, cx_model **copy, size_t *index, cx_error *err)
{
    cx_policy_factory *policy = NULL;
    cx_status st = cx_cli_policy(o, &policy, err);
    if (st != CX_OK)
        return st;
    qo->batch = (cx_batch_opts){
        .reps = o->reps ? o->reps : (size_t)m->reps, .seed = o->seed,
        .threads = o->threads ? o->threads : cx_batch_default_threads(),
        .policy = policy, .progress = cx_progress_update,
    };
    qo->max_combo = o->max_combo;
    cx_progress *p = cx_progress_new(!o->quiet, "replications (choosing candidates)", 1);
    qo->batch.progress_ctx = p;
    st = cx_quickwins_uncertainty_choose(m, qo, q, copy, index, err);
    cx_progress_finish(p);
    if (policy)
        cx_scenario_policy_free(policy);
    return st;
}

cx_status cx_cli_quickwins_uncertainty(const cx_cli_opts *o, const cx_quickwins_objective *obj,
                                       cx_error *err)
{
    cx_model *m = NULL, *copy = NULL;
    cx_quickwins *q = NULL;
    cx_quickwins_opts qo = {.objective = *obj};
    size_t index[CX_RUN_MAX_VARIANTS];
    qwu w = {0};
    cx_status st = cx_cli_uncertainty_flags(o, err);
    if (st == CX_OK)
        st = cx_cli_load(o, &m, err);
    if (st == CX_OK)
        st = choose(o, m, &qo, &q, &copy, index, err);
    if (st == CX_OK) {
        w.q = q;
        cx_cli_unc_extra extra = {
            .m = copy, .index = index, .n = 1 + q->n_candidates,
            .file = "quickwins_uncertainty.csv", .write = write_csv, .print = print_table,
            .json = json, .ctx = &w,
        };
        st = cx_cli_uncertainty_with(o, m, &extra, err);
    }
    cx_model_free(copy);
    cx_quickwins_free(q);
    cx_model_free(m);
    return st;
}
