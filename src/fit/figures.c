/* figures.c - what the goodness-of-fit table compares, observed against
 * simulated (docs/fit.md, "Goodness of fit"): the conversion rate, the
 * distribution of path lengths, visits per journey at each touchpoint and
 * the most frequent paths. Both sides are cx_fit_data: the simulated one
 * is the fitted scenario's synthetic event log read back. */
#include "fit_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The path's steps joined by " > " into buf. */
static void path_text(const cx_fit_data *d, const cx_fit_path *p, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < p->len && at + 1 < size; i++) {
        int n = snprintf(buf + at, size - at, "%s%s", i ? " > " : "", d->tps.key[d->ids[p->off + i]]);
        if (n < 0 || (size_t)n >= size - at) {
            snprintf(buf + size - 4, 4, "...");
            return;
        }
        at += (size_t)n;
    }
}

static void top_paths(const cx_fit_data *d, cx_fit_figures *out)
{
    size_t top[CX_FIT_TOP_PATHS], n = 0;
    for (size_t p = 0; p < d->n_paths; p++) {
        double w = d->paths[p].conv + d->paths[p].null;
        size_t at = n;
        while (at > 0 && d->paths[top[at - 1]].conv + d->paths[top[at - 1]].null < w)
            at--;
        if (at >= CX_FIT_TOP_PATHS)
            continue;
        if (n < CX_FIT_TOP_PATHS)
            n++;
        memmove(top + at + 1, top + at, (n - 1 - at) * sizeof *top);
        top[at] = p;
    }
    out->n_top = n;
    for (size_t i = 0; i < n; i++) {
        const cx_fit_path *p = &d->paths[top[i]];
        path_text(d, p, out->top[i], sizeof out->top[i]);
        out->top_share[i] = (p->conv + p->null) / out->journeys;
    }
}

void cx_fit_figures_of(const cx_fit_data *d, const cx_fit *f, cx_fit_figures *out,
                       double *visits_per_journey)
{
    memset(out, 0, sizeof *out);
    double conv = 0, len_sum = 0;
    for (size_t k = 0; k < f->n_tp; k++)
        visits_per_journey[k] = 0;
    long *to_f = malloc((d->tps.n ? d->tps.n : 1) * sizeof *to_f);
    for (size_t i = 0; to_f && i < d->tps.n; i++) {
        to_f[i] = -1;
        for (size_t k = 0; k < f->n_tp; k++)
            if (strcmp(d->tps.key[i], f->tp[k]) == 0)
                to_f[i] = (long)k;
    }
    for (size_t p = 0; p < d->n_paths; p++) {
        const cx_fit_path *ph = &d->paths[p];
        double w = ph->conv + ph->null;
        out->journeys += w;
        conv += ph->conv;
        len_sum += w * ph->len;
        out->length[ph->len < CX_FIT_MAX_LENGTH ? ph->len - 1 : CX_FIT_MAX_LENGTH - 1] += w;
        for (uint32_t i = 0; to_f && i < ph->len; i++)
            if (to_f[d->ids[ph->off + i]] >= 0)
                visits_per_journey[to_f[d->ids[ph->off + i]]] += w;
    }
    free(to_f);
    if (!(out->journeys > 0))
        return;
    out->conversion_rate = conv / out->journeys;
    out->mean_length = len_sum / out->journeys;
    for (size_t i = 0; i < CX_FIT_MAX_LENGTH; i++)
        out->length[i] /= out->journeys;
    for (size_t k = 0; k < f->n_tp; k++)
        visits_per_journey[k] /= out->journeys;
    top_paths(d, out);
}

double cx_fit_path_share(const cx_fit_data *d, const char *path)
{
    double total = 0, hit = 0;
    char buf[256];
    for (size_t p = 0; p < d->n_paths; p++) {
        const cx_fit_path *ph = &d->paths[p];
        total += ph->conv + ph->null;
        path_text(d, ph, buf, sizeof buf);
        if (strcmp(buf, path) == 0)
            hit += ph->conv + ph->null;
    }
    return total > 0 ? hit / total : NAN;
}
