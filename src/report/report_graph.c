/* report_graph.c - the journeys' graph for the emotional arc: which
 * touchpoint leads to which, so that the arc follows the journeys' paths
 * instead of joining the touchpoints in the order listed (which would join
 * two journeys, and alternative branches, into one line). */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

/* The touchpoint of journey j named name, or n_touchpoints. */
static size_t find_tp(const cx_report *r, const char *j, const char *name)
{
    for (size_t k = 0; k < r->n_touchpoints; k++)
        if (strcmp(r->tp_journey[k], j) == 0 && strcmp(r->tp_name[k], name) == 0)
            return k;
    return r->n_touchpoints;
}

static cx_status add_edge(cx_report *r, size_t from, size_t to, size_t *cap, cx_error *err)
{
    if (r->n_edges == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        size_t *a = realloc(r->edge_from, c * sizeof *a);
        if (a)
            r->edge_from = a;
        size_t *b = a ? realloc(r->edge_to, c * sizeof *b) : NULL;
        if (!b)
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
        r->edge_to = b;
        *cap = c;
    }
    r->edge_from[r->n_edges] = from;
    r->edge_to[r->n_edges++] = to;
    return CX_OK;
}

/* run.json's parameters hold journey.J.T.next.S = p for every successor a
 * touchpoint's `next` names (docs/scenarios.md, "Journeys: graphs"); a
 * touchpoint without any leads to the next one listed in its journey. Only
 * edges to a later touchpoint are kept: a return to an earlier one (browse
 * again from the cart) would draw the arc back over itself. */
cx_status cx_rp_journey_edges(cx_report *r, cx_error *err)
{
    const cx_json_value *par = cx_json_member(r->run, "parameters");
    size_t cap = 0;
    for (size_t k = 0; k < r->n_touchpoints; k++) {
        const char *j = r->tp_journey[k], *t = r->tp_name[k];
        size_t plen = strlen("journey...next.") + strlen(j) + strlen(t);
        char *prefix = malloc(plen + 1);
        if (!prefix)
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
        snprintf(prefix, plen + 1, "journey.%s.%s.next.", j, t);
        int named = 0;
        cx_status st = CX_OK;
        for (size_t m = 0; par && par->type == CX_JSON_OBJECT && m < par->n && st == CX_OK;
             m++) {
            if (strncmp(par->keys[m], prefix, plen) != 0)
                continue;
            named = 1;
            size_t to = find_tp(r, j, par->keys[m] + plen);   /* not done, drop */
            if (to < r->n_touchpoints && to > k && par->items[m].type == CX_JSON_NUMBER &&
                par->items[m].number > 0)
                st = add_edge(r, k, to, &cap, err);
        }
        free(prefix);
        if (st == CX_OK && !named && k + 1 < r->n_touchpoints &&
            strcmp(r->tp_journey[k + 1], j) == 0)
            st = add_edge(r, k, k + 1, &cap, err);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}
