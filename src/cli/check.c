/* check.c - `cxsim check`: validate a scenario and say what it declares. */
#include "cli.h"

#include <stdio.h>

#include "cxsim/model.h"

int cx_cli_check(const cx_cli_opts *o)
{
    cx_model *m;
    cx_error err;
    if (cx_cli_load(o, &m, &err) != CX_OK)
        return cx_cli_fail(err.code, err.msg);
    printf("%s: ok: \"%s\", %d periods, %ld customers, %zu segment%s\n",
           o->scenario, m->name, m->horizon, m->population, m->n_segments,
           m->n_segments == 1 ? "" : "s");
    for (size_t s = 0; s < m->n_segments; s++)
        printf("  segment %-16s share %.3g  margin %.6g\n", m->segments[s].name,
               m->segments[s].share, m->segments[s].margin);
    for (size_t j = 0; j < m->n_journeys; j++) {
        printf("  journey %s:", m->journeys[j].name);
        for (size_t k = 0; k < m->journeys[j].n_touchpoints; k++)
            printf(" %s%s", k ? "> " : "", m->journeys[j].touchpoints[k].name);
        printf("\n");
    }
    cx_model_free(m);
    return 0;
}
