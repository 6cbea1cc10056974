/* check.c - `cxsim check`: validate a scenario and say what it declares;
 * with --analytic, also its journeys as Markov chains (check_analytic.c). */
#include "verbs.h"

#include <stdio.h>

#include "cxsim/model.h"
#include "check_analytic.h"
#include "load.h"
#include "opts.h"
#include "print.h"

/* A journey as its touchpoints; a branching one with its edges. */
static void print_journey(const cx_journey *j)
{
    printf("  journey %s (frequency %.3g", j->name, j->frequency);
    for (size_t k = 0; k < j->n_by_segment; k++)
        printf(", %s %.3g", j->by_segment[k].segment, j->by_segment[k].value);
    if (j->once)
        printf(", once");
    for (size_t k = 0; k < j->n_start; k++)
        printf("%s%s %.3g", k ? ", " : "; start ", j->start[k].name, j->start[k].p);
    printf("):");
    for (size_t k = 0; k < j->n_touchpoints; k++) {
        const cx_touchpoint *tp = &j->touchpoints[k];
        printf("%s %s", k ? " >" : "", tp->name);
        if (tp->optional < 1)
            printf(" (optional %.3g)", tp->optional);
        if (tp->n_next == 0)
            continue;
        printf(" [");
        for (size_t i = 0; i < tp->n_next; i++)
            printf("%s%s %.3g", i ? ", " : "", tp->next_name[i], tp->next_p[i]);
        printf("]");
    }
    printf("\n");
}

static void print_intervention(const cx_intervention *iv)
{
    printf("  intervention %s: periods %d..", iv->name, iv->start);
    if (iv->stop)
        printf("%d", iv->stop);
    else
        printf("end");
    printf(", %zu change%s", iv->n_edits, iv->n_edits == 1 ? "" : "s");
    for (size_t k = 0; k < iv->n_segments; k++)
        printf("%s%s", k ? ", " : ", for ", iv->segments[k]);
    printf(", cost fixed %.6g, per customer %.6g, per visit %.6g", iv->cost_fixed,
           iv->cost_per_customer, iv->cost_per_visit);
    if (iv->policy_controlled)
        printf(", named by the policy");
    if (!cx_model_intervention_is_candidate(iv))
        printf(" (not a quickwins candidate)");
    printf("\n");
}

/* The hooks the scenario defines: a policy that is there says so. */
static void print_hooks(const cx_model *m)
{
    printf("  hooks:");
    if (m->hooks & CX_HOOK_ON_PERIOD)
        printf(" on_period (a policy, run between periods)");
    if (m->hooks & CX_HOOK_ON_VISIT)
        printf("%s on_visit (run after every visit)", m->hooks & CX_HOOK_ON_PERIOD ? "," : "");
    printf("%s\n", m->hooks ? "" : " none (no on_period, no on_visit)");
}

int cx_cli_check(const cx_cli_opts *o)
{
    cx_model *m;
    cx_error err;
    if (cx_cli_load(o, &m, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    if (o->format != CX_CLI_FORMAT_TABLE) {     /* stdout: the analytic table alone */
        cx_status st = o->analytic ? cx_cli_analytic(o, m, &err)
                                   : cx_error_set(&err, CX_ERR_USAGE, "--format csv|json goes "
                                                  "with check --analytic (check alone prints "
                                                  "no results)");
        cx_model_free(m);
        return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
    }
    printf("%s: ok: \"%s\", %d periods, %ld customers, %zu segment%s\n",
           o->scenario, m->name, m->horizon, m->population, m->n_segments,
           m->n_segments == 1 ? "" : "s");
    for (size_t s = 0; s < m->n_segments; s++)
        printf("  segment %-16s share %.3g  margin %.6g\n", m->segments[s].name,
               m->segments[s].share, m->segments[s].margin);
    for (size_t j = 0; j < m->n_journeys; j++)
        print_journey(&m->journeys[j]);
    for (size_t i = 0; i < m->n_interventions; i++)
        print_intervention(&m->interventions[i]);
    for (size_t v = 0; v < m->n_variants; v++) {
        const cx_variant *va = &m->variants[v];
        printf("  variant %s:", va->name);
        for (size_t k = 0; k < va->n_interventions; k++)
            printf(" %s", m->interventions[va->interventions[k]].name);
        printf("%s\n", va->n_interventions ? "" : " (no intervention)");
    }
    print_hooks(m);
    for (size_t i = 0; i < m->n_ranges; i++) {
        char form[1024];
        cx_dist d;
        /* the distribution --uncertainty draws from (validated, so it resolves) */
        if (cx_model_range_dist(m, i, &d, &err) != CX_OK)
            d = m->ranges[i].dist;
        cx_dist_format(&d, form, sizeof form);
        printf("  parameter %s: %.6g .. %.6g, %s\n", m->ranges[i].path, m->ranges[i].low,
               m->ranges[i].high, form);
    }
    cx_status st = o->analytic ? cx_cli_analytic(o, m, &err) : CX_OK;
    cx_model_free(m);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
