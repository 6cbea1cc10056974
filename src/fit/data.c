/* data.c - the fit's aggregate: dictionaries, the path store, totals. */
#include "data_internal.h"
#include "cxsim/io.h"

#include <stdlib.h>
#include <string.h>

uint64_t cx_fit_hash(const void *p, size_t len)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ s[i]) * 1099511628211u;
    return h;
}

/* ---- dictionaries ------------------------------------------------------------ */

static int dict_rehash(cx_fit_dict *d, size_t cap)
{
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < d->n; i++) {
        size_t h = cx_fit_hash(d->key[i], strlen(d->key[i])) & (cap - 1);
        while (slot[h])
            h = (h + 1) & (cap - 1);
        slot[h] = (uint32_t)(i + 1);
    }
    free(d->slot);
    d->slot = slot;
    d->cap = cap;
    return 0;
}

long cx_fit_dict_get(const cx_fit_dict *d, const char *s, size_t len)
{
    if (!d->cap)
        return -1;
    for (size_t h = cx_fit_hash(s, len) & (d->cap - 1); d->slot[h]; h = (h + 1) & (d->cap - 1)) {
        const char *k = d->key[d->slot[h] - 1];
        if (strncmp(k, s, len) == 0 && k[len] == '\0')
            return (long)d->slot[h] - 1;
    }
    return -1;
}

long cx_fit_dict_put(cx_fit_dict *d, const char *s, size_t len, int *added)
{
    long i = cx_fit_dict_get(d, s, len);
    *added = 0;
    if (i >= 0)
        return i;
    if ((d->n + 1) * 2 > d->cap && dict_rehash(d, d->cap ? d->cap * 2 : 64) != 0)
        return -1;
    if (d->n == d->key_cap) {
        size_t cap = d->key_cap ? d->key_cap * 2 : 64;
        char **k = realloc(d->key, cap * sizeof *k);
        if (!k)
            return -1;
        d->key = k;
        d->key_cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    d->key[d->n] = copy;
    size_t h = cx_fit_hash(s, len) & (d->cap - 1);
    while (d->slot[h])
        h = (h + 1) & (d->cap - 1);
    d->slot[h] = (uint32_t)(d->n + 1);
    *added = 1;
    return (long)d->n++;
}

void cx_fit_dict_free(cx_fit_dict *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->key[i]);
    free(d->key);
    free(d->slot);
    *d = (cx_fit_dict){0};
}

/* ---- the aggregate --------------------------------------------------------------- */

cx_fit_data *cx_fit_data_new(void)
{
    return calloc(1, sizeof(cx_fit_data));
}

void cx_fit_data_free(cx_fit_data *d)
{
    if (!d)
        return;
    /* the paths first: d->custs.n counts them, and freeing the dictionary
     * clears it */
    for (size_t i = 0; d->cust && i < d->custs.n; i++)
        free(d->cust[i].path);
    cx_fit_dict_free(&d->tps);
    cx_fit_dict_free(&d->chans);
    cx_fit_dict_free(&d->segs);
    cx_fit_dict_free(&d->custs);
    cx_fit_dict_free(&d->tcs);
    free(d->cust);
    free(d->csat);
    free(d->tc_key);
    free(d->tc_n);
    free(d->ids);
    free(d->paths);
    free(d->pslot);
    free(d->ltr);
    free(d->churn_x);
    free(d->churn_e);
    free(d->freq_x);
    free(d);
}

long cx_fit_data_tp(cx_fit_data *d, const char *name, size_t len)
{
    int added;
    long i = cx_fit_dict_put(&d->tps, name, len, &added);
    if (i >= 0 && added && cx_io_grow((void **)&d->csat, &d->tp_cap, (size_t)i + 1, sizeof *d->csat))
        return -1;
    return i;
}

/* ---- paths ------------------------------------------------------------------------ */

static size_t path_hash(const uint32_t *s, size_t n)
{
    return (size_t)cx_fit_hash(s, n * sizeof *s);
}

static int path_rehash(cx_fit_data *d, size_t cap)
{
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < d->n_paths; i++) {
        const cx_fit_path *p = &d->paths[i];
        size_t h = path_hash(d->ids + p->off, p->len) & (cap - 1);
        while (slot[h])
            h = (h + 1) & (cap - 1);
        slot[h] = (uint32_t)(i + 1);
    }
    free(d->pslot);
    d->pslot = slot;
    d->pslot_cap = cap;
    return 0;
}

static long path_find(const cx_fit_data *d, const uint32_t *s, size_t n, size_t *at)
{
    size_t h = path_hash(s, n) & (d->pslot_cap - 1);
    for (; d->pslot[h]; h = (h + 1) & (d->pslot_cap - 1)) {
        const cx_fit_path *p = &d->paths[d->pslot[h] - 1];
        if (p->len == n && memcmp(d->ids + p->off, s, n * sizeof *s) == 0)
            return (long)d->pslot[h] - 1;
    }
    *at = h;
    return -1;
}

cx_status cx_fit_data_add_path(cx_fit_data *d, const uint32_t *steps, size_t n, double conv,
                               double null, double value, cx_error *err)
{
    size_t at = 0;
    if ((d->n_paths + 1) * 2 > d->pslot_cap &&
        path_rehash(d, d->pslot_cap ? d->pslot_cap * 2 : 1024) != 0)
        goto nomem;
    long i = path_find(d, steps, n, &at);
    if (i < 0) {
        size_t pc = d->paths_cap, ic = d->ids_cap;
        if (cx_io_grow((void **)&d->paths, &pc, d->n_paths + 1, sizeof *d->paths) ||
            cx_io_grow((void **)&d->ids, &ic, d->n_ids + n, sizeof *d->ids))
            goto nomem;
        d->paths_cap = pc;
        d->ids_cap = ic;
        memcpy(d->ids + d->n_ids, steps, n * sizeof *steps);
        d->paths[d->n_paths] = (cx_fit_path){.off = d->n_ids, .len = (uint32_t)n};
        d->n_ids += n;
        d->pslot[at] = (uint32_t)(d->n_paths + 1);
        i = (long)d->n_paths++;
    }
    d->paths[i].conv += conv;
    d->paths[i].null += null;
    d->paths[i].value += value;
    d->journeys += (uint64_t)(conv + null);
    d->conversions += (uint64_t)conv;
    return CX_OK;
nomem:
    return cx_error_set(err, CX_ERR_NOMEM, "out of memory storing the paths");
}

/* ---- channels ------------------------------------------------------------------------ */

cx_status cx_fit_count_channel(cx_fit_data *d, long tp, const char *name, const char *file,
                               size_t line, int col, const char *header, cx_error *err)
{
    const char *why = cx_fit_bad_name(name, 0);
    int added;
    if (why)
        return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: column %d (%s): channel '%s' %s", file,
                            line, col, header, name, why);
    long ch = cx_fit_dict_put(&d->chans, name, strlen(name), &added);
    if (ch < 0)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    char key[48];   /* the pair as text, a key of the pairs' dictionary */
    int len = snprintf(key, sizeof key, "%lx:%lx", (unsigned long)tp, (unsigned long)ch);
    long i = cx_fit_dict_put(&d->tcs, key, (size_t)len, &added);
    size_t kc = d->tc_cap, nc = d->tc_cap;
    if (i < 0 || cx_io_grow((void **)&d->tc_key, &kc, (size_t)i + 1, sizeof *d->tc_key) ||
        cx_io_grow((void **)&d->tc_n, &nc, (size_t)i + 1, sizeof *d->tc_n))
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    d->tc_cap = kc;
    d->tc_key[i] = (uint64_t)tp << 32 | (uint64_t)ch;
    d->tc_n[i] += 1;
    d->tc_len = d->tcs.n;
    return CX_OK;
}

/* ---- names ------------------------------------------------------------------------ */

const char *cx_fit_bad_name(const char *s, int touchpoint)
{
    size_t n = strlen(s);
    if (n == 0)
        return "is empty";
    if (n >= CX_NAME_MAX)
        return "is longer than 63 bytes";
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == '*')
            return "holds '.' or '*', which a scenario name cannot (they separate the "
                   "parts of --set paths)";
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return "holds a control character";
    }
    if (touchpoint && (strcmp(s, "done") == 0 || strcmp(s, "drop") == 0))
        return "is reserved in scenarios (done and drop end journeys)";
    return NULL;
}

void cx_fit_data_totals(const cx_fit_data *d, cx_fit_totals *t)
{
    *t = (cx_fit_totals){
        .rows = d->rows, .journeys = d->journeys, .conversions = d->conversions,
        .touchpoints = d->tps.n, .paths = d->n_paths, .customers = d->custs.n,
        .segments = d->segs.n, .has_time = d->has_time, .has_csat = d->has_csat,
        .has_ltr = d->has_ltr, .has_segment = d->has_segment, .has_channel = d->has_channel,
    };
}

cx_status cx_fit_data_enough(const cx_fit_data *d, const char *file, cx_error *err)
{
    if (d->journeys >= 2)
        return CX_OK;
    return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: the data holds %llu journey%s (%s): a fit "
                        "needs two or more (one journey identifies nothing)", file,
                        d->journey_line ? d->journey_line : 2,
                        (unsigned long long)d->journeys, d->journeys == 1 ? "" : "s",
                        d->from_paths ? "the counts of this row" : "ending on this line");
}
