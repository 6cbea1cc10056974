/* results_rows.c - the row pieces several results files share: the
 * "variant,metric," start of a row, the name of a paired difference, and
 * the rows of replications.csv (written whole by results.c, or stage by
 * stage by results_stream.c). Kept apart from results.c, which assembles
 * the directory, so that the files it calls do not call back into it. */
#include "results_internal.h"

#include <assert.h>
#include <stdio.h>

#include "cxsim/csv.h"
#include "cxsim/metrics.h"

int cx_results_put_variant_metric(FILE *fp, const char *variant, size_t m)
{
    assert(fp && variant && m < CX_METRIC_COUNT);
    int rc = cx_csv_field(fp, variant);
    rc |= cx_csv_sep(fp);
    rc |= cx_csv_field(fp, cx_metric_name((cx_metric)m));
    rc |= cx_csv_sep(fp);
    return rc;
}

void cx_results_pair_name(const cx_batch_result *shape, size_t v, char *out, size_t size)
{
    assert(shape && v < shape->n_variants && out && size > 0);
    snprintf(out, size, "%s-%s", shape->variant_names[v], shape->variant_names[0]);
}

int cx_results_replication_rows(FILE *fp, const cx_batch_result *b, size_t v, size_t first)
{
    assert(fp && b && v < b->n_variants);
    for (size_t r = 0; r < b->reps; r++) {
        const double *x = cx_batch_horizon(b, v, r);
        for (size_t m = 0; m < CX_METRIC_COUNT; m++) {
            int rc = cx_csv_field(fp, b->variant_names[v]) | cx_csv_sep(fp);
            rc |= cx_csv_size(fp, first + r + 1) | cx_csv_sep(fp);
            rc |= cx_csv_field(fp, cx_metric_name((cx_metric)m));
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, x[m]);
            rc |= cx_csv_end_row(fp);
            if (rc)
                return -1;
        }
    }
    return 0;
}
