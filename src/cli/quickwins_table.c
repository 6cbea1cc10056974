/* quickwins_table.c - the tables `cxsim quickwins` prints: the ranking,
 * the headline metrics, and the objective by segment for the leaders. */
#include "quickwins_table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cxsim/model.h"
#include "cxsim/quickwins.h"
#include "opts.h"
#include "print.h"

/* Candidates whose effects by segment are printed (all are in
 * quickwins_segments.csv). */
#define SEGMENT_LEADERS 5

static int label_width(const cx_quickwins *q)
{
    size_t w = strlen("candidate");
    for (size_t c = 0; c < q->n_candidates; c++)
        if (strlen(q->candidates[c].label) > w)
            w = strlen(q->candidates[c].label);
    return (int)w;
}

static void print_p(double p)
{
    if (isnan(p))
        printf(" %9s", "NA");
    else
        printf(" %9.3g", p);
}

static void headline(const cx_cli_opts *o, const cx_model *m, const cx_quickwins *q,
                     const cx_batch_opts *b, double wall)
{
    size_t combos = q->n_candidates - q->n_singles;
    printf("%s: \"%s\", baseline \"%s\" + %zu candidates (%zu single, %zu combined) x %zu "
           "replications x %ld customers x %d periods, seed %u, %u threads, %zu batches, "
           "%.2f s\n", o->scenario, m->name, q->batch->variant_names[0], q->n_candidates,
           q->n_singles, combos, b->reps, m->population, m->horizon, (unsigned)b->seed,
           b->threads, q->batches, wall);
    printf("\nobjective: %s (%s is better)%s\n", q->objective.name,
           q->objective.direction > 0 ? "higher" : "lower",
           q->objective.metric == CX_QUICKWINS_VALUE ? ": net value, portfolio_value - cost"
           : "");
    if (!q->left_out)
        return;
    printf("left out:");
    for (size_t i = 0, k = 0; i < m->n_interventions; i++)
        if (q->left_out >> i & 1)
            printf("%s %s", k++ ? "," : "", m->interventions[i].name);
    printf(" (named by the scenario's on_period policy, or candidate = false: a\n"
           "switch the policy owns is not a fix to rank; candidate = true ranks one)\n");
}

static void print_ranking(const cx_quickwins *q, int w)
{
    printf("\n%4s  %-*s %12s %12s %12s %9s %5s %12s %12s\n", "rank", w, "candidate", "effect",
           "ci_low", "ci_high", "p_holm", "sig", "cost", "roi");
    for (size_t k = 0; k < q->n_candidates; k++) {
        const cx_quickwins_candidate *c = &q->candidates[q->ranked[k]];
        printf("%4zu  %-*s", c->rank, w, c->label);
        cx_cli_print_value(c->effect.mean);
        cx_cli_print_value(c->effect.ci_low);
        cx_cli_print_value(c->effect.ci_high);
        print_p(c->p_holm);
        /* a significant loss is no "yes": say which way it is clear */
        printf(" %5s", !c->significant ? "no"
                       : c->effect.mean * q->objective.direction > 0 ? "yes" : "worse");
        cx_cli_print_value(c->cost.mean);
        cx_cli_print_value(c->roi.mean);
        printf("\n");
    }
    /* the results files and the report name a candidate by its variant, a
     * variant the scenario declares with the same interventions lending its
     * name: say which is which, so that quick_wins there is found here */
    int any = 0;
    for (size_t k = 0; k < q->n_candidates; k++) {
        const cx_quickwins_candidate *c = &q->candidates[q->ranked[k]];
        const char *name = q->batch->variant_names[c->variant];
        if (strcmp(name, c->label) == 0)
            continue;
        printf("%s %s = %s", any++ ? "," : "\nin the results files and the report:", name,
               c->label);
    }
    if (any)
        printf("\n");
}

static void print_headlines(const cx_quickwins *q, int w)
{
    printf("\nheadline metrics, candidate - baseline (means over replications)\n");
    printf("%4s  %-*s", "rank", w, "candidate");
    for (size_t h = 0; h < CX_QUICKWINS_HEADLINES; h++)
        printf(" %15s", cx_metric_name(cx_quickwins_headline(h)));
    printf("\n");
    for (size_t k = 0; k < q->n_candidates; k++) {
        const cx_quickwins_candidate *c = &q->candidates[q->ranked[k]];
        printf("%4zu  %-*s", c->rank, w, c->label);
        for (size_t h = 0; h < CX_QUICKWINS_HEADLINES; h++) {
            printf("   ");
            cx_cli_print_value(c->headline[h].mean);
        }
        printf("\n");
    }
}

static void print_segments(const cx_quickwins *q, int w)
{
    const cx_batch_result *b = q->batch;
    cx_metric m = cx_quickwins_segment_metric(&q->objective);
    int sw = (int)strlen("segment");
    size_t leaders = q->n_candidates < SEGMENT_LEADERS ? q->n_candidates : SEGMENT_LEADERS;
    for (size_t s = 0; s < b->n_segments; s++)
        if ((int)strlen(b->segment_names[s]) > sw)
            sw = (int)strlen(b->segment_names[s]);
    printf("\n%s by segment, candidate - baseline (95 %% CI), the %zu best candidates\n",
           cx_metric_name(m), leaders);
    printf("%4s  %-*s  %-*s %12s %12s %12s\n", "rank", w, "candidate", sw, "segment", "effect",
           "ci_low", "ci_high");
    for (size_t k = 0; k < leaders; k++)
        for (size_t s = 0; s < b->n_segments; s++) {
            const cx_quickwins_candidate *c = &q->candidates[q->ranked[k]];
            cx_paired p;
            cx_quickwins_segment_effect(q, q->ranked[k], s, m, &p);
            printf("%4zu  %-*s  %-*s", c->rank, w, c->label, sw, b->segment_names[s]);
            cx_cli_print_value(p.diff.mean);
            cx_cli_print_value(p.diff.ci_low);
            cx_cli_print_value(p.diff.ci_high);
            printf("\n");
        }
}

void cx_cli_quickwins_print(const cx_cli_opts *o, const cx_model *m, const cx_quickwins *q,
                            const cx_batch_opts *b, double wall)
{
    int w = label_width(q);
    headline(o, m, q, b, wall);
    print_ranking(q, w);
    print_headlines(q, w);
    print_segments(q, w);
    printf("\neffect: candidate - baseline in the objective, paired over replications "
           "(common random\nnumbers), 95 %% CI%s; p_holm: paired t-test p-value, "
           "Holm-adjusted over the %zu\ncandidates; sig: p_holm <= %g (worse: a clear loss); "
           "cost: extra cost (discounted);\nroi: (value gained - extra cost) / extra cost, "
           "mean over replications (NA without\nextra cost)\n",
           q->objective.metric == CX_M_ROI ? " (roi: the candidates' own ROI, tested "
           "against 0)" : "", q->n_candidates, q->alpha);
}
