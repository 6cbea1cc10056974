/* report_index.c - finding a row of a report table by the cells of its key
 * columns in O(log n), as the pages look up each (variant, touchpoint,
 * metric) of touchpoints.csv, each (variant, metric) of summary.csv and
 * compare.csv. A scan per lookup made a page quadratic in variants x
 * touchpoints (docs/report.md, "Speed"). */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

/* Keys compare column by column, then by row, so that the first of equal
 * keys is the first in the file: what a scan from the top found. */
static int key_cmp(const char *const *a, const char *const *b)
{
    for (size_t c = 0; c < RP_INDEX_MAX_KEYS; c++) {
        int d = strcmp(a[c], b[c]);
        if (d)
            return d;
    }
    return 0;
}

static int entry_cmp(const void *pa, const void *pb)
{
    const rp_index_entry *a = pa, *b = pb;
    int d = key_cmp(a->key, b->key);
    if (d)
        return d;
    return (a->row > b->row) - (a->row < b->row);
}

cx_status cx_rp_index_build(rp_index *ix, const cx_csv_table *t, const char *const *columns,
                            size_t n_columns, cx_error *err)
{
    int col[RP_INDEX_MAX_KEYS];
    size_t rows = cx_csv_rows(t);
    ix->n = 0;
    ix->entries = NULL;
    for (size_t c = 0; c < RP_INDEX_MAX_KEYS; c++)
        col[c] = c < n_columns ? cx_csv_column(t, columns[c]) : -1;
    if (rows <= 1)
        return CX_OK;
    ix->entries = malloc((rows - 1) * sizeof *ix->entries);
    if (!ix->entries)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory indexing it", cx_csv_name(t));
    for (size_t r = 1; r < rows; r++) {
        rp_index_entry *e = &ix->entries[ix->n++];
        e->row = r;
        for (size_t c = 0; c < RP_INDEX_MAX_KEYS; c++) {
            /* a missing column or cell keys as "" (the file was checked) */
            const char *s = col[c] >= 0 ? cx_csv_cell(t, r, (size_t)col[c]) : NULL;
            e->key[c] = s ? s : "";
        }
    }
    qsort(ix->entries, ix->n, sizeof *ix->entries, entry_cmp);
    return CX_OK;
}

size_t cx_rp_index_lower(const rp_index *ix, const char *const *key, size_t n_key)
{
    const char *k[RP_INDEX_MAX_KEYS];
    for (size_t c = 0; c < RP_INDEX_MAX_KEYS; c++)
        k[c] = c < n_key ? key[c] : "";
    size_t lo = 0, hi = ix->n;         /* the first entry not below k is in [lo, hi] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(ix->entries[mid].key, k) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && key_cmp(ix->entries[lo].key, k) == 0 ? lo : ix->n;
}

size_t cx_rp_index_find(const rp_index *ix, const char *const *key, size_t n_key)
{
    size_t at = cx_rp_index_lower(ix, key, n_key);
    return at < ix->n ? ix->entries[at].row : 0;
}

void cx_rp_index_free(rp_index *ix)
{
    free(ix->entries);
    ix->entries = NULL;
    ix->n = 0;
}
