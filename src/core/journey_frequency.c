/* journey_frequency.c - how often a journey is made: the scenario's
 * frequency, or a segment's own (docs/model.md, "Several journeys and
 * their frequencies").
 *
 * A file of its own that uses no other file of the model: model.c copies
 * frequencies with it, path.c sets and gets them by path, resolve.c reads
 * them each period, and none of them then depends on another for it
 * (docs/architecture.md: no circle of files that use each other).
 */
#include "cxsim/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cx_status cx_journey_set_frequency(cx_journey *j, const char *segment,
                                   double value, cx_error *err)
{
    if (!(value >= 0 && value <= 1))
        return cx_error_set(err, CX_ERR_INPUT, "frequency must be in [0,1], got %.10g", value);
    if (!segment) {
        j->frequency = value;
        return CX_OK;
    }
    for (size_t k = 0; k < j->n_by_segment; k++)
        if (strcmp(j->by_segment[k].segment, segment) == 0) {
            j->by_segment[k].value = value;
            return CX_OK;
        }
    cx_journey_frequency *g = realloc(j->by_segment, (j->n_by_segment + 1) * sizeof *g);
    if (!g)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory setting a frequency");
    j->by_segment = g;
    snprintf(g[j->n_by_segment].segment, CX_NAME_MAX, "%s", segment);
    g[j->n_by_segment++].value = value;
    return CX_OK;
}

double cx_journey_frequency_of(const cx_journey *j, const cx_segment *s)
{
    for (size_t k = 0; k < j->n_by_segment; k++)
        if (strcmp(j->by_segment[k].segment, s->name) == 0)
            return j->by_segment[k].value;
    return j->frequency;
}
