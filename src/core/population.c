/* population.c - structure-of-arrays storage of customers. */
#include "population.h"

#include <stdlib.h>

#define FIELDS(X) X(segment) X(flags) X(trust) X(first) X(memory) X(margin)

size_t cx_population_bytes_per_customer(void)
{
    cx_population *p = NULL;
    size_t bytes = 0;
#define SIZE(f) bytes += sizeof *p->f;
    FIELDS(SIZE)
#undef SIZE
    return bytes;
}

cx_status cx_population_init(cx_population *p, size_t cap, cx_error *err)
{
    *p = (cx_population){0};
    return cx_population_reserve(p, cap ? cap : 1, err);
}

void cx_population_release(cx_population *p)
{
#define FREE(f) free(p->f);
    FIELDS(FREE)
#undef FREE
    *p = (cx_population){0};
}

/* Grows one array to cap elements; leaves it untouched on failure. */
static int grow(void **a, size_t elem, size_t cap)
{
    void *g = realloc(*a, cap * elem);
    if (!g)
        return -1;
    *a = g;
    return 0;
}

cx_status cx_population_reserve(cx_population *p, size_t extra, cx_error *err)
{
    if (p->n + extra <= p->cap)
        return CX_OK;
    /* an eighth more than needed: arrivals come every period, a few at a
     * time, and doubling would leave up to half the arrays unused */
    size_t cap = p->n + extra + (p->n + extra) / 8;
    int bad = 0;
#define GROW(f) bad |= grow((void **)&p->f, sizeof *p->f, cap);
    FIELDS(GROW)
#undef GROW
    if (bad)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for %zu customers", cap);
    p->cap = cap;
    return CX_OK;
}
