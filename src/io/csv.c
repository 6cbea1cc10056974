/* csv.c - writing RFC 4180 CSV fields on top of libcsv.
 *
 * libcsv's csv_fwrite always quotes, which makes every file twice as noisy
 * for no gain, so fields that need no quoting (RFC 4180, section 2, rule 6:
 * those without comma, double quote, CR or LF) are written as they are and
 * only the others go through csv_fwrite. Rows end with "\n" (cxsim/csv.h).
 */

#include "cxsim/csv.h"

#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int cx_csv_field(FILE *fp, const char *s)
{
    if (!s)
        return 0;   /* an empty field: nothing between the separators */
    size_t len = strlen(s);
    if (strcspn(s, ",\"\r\n") == len)
        return fwrite(s, 1, len, fp) == len ? 0 : -1;
    return csv_fwrite(fp, s, len) == 0 ? 0 : -1;
}

int cx_csv_number(FILE *fp, double x)
{
    /* NA, as R and pandas read it; isfinite also excludes infinities,
     * which no metric should produce and no reader agrees on. */
    if (!isfinite(x))
        return fputs("NA", fp) == EOF ? -1 : 0;
    return fprintf(fp, "%.12g", x) < 0 ? -1 : 0;
}

int cx_csv_size(FILE *fp, size_t n)
{
    return fprintf(fp, "%zu", n) < 0 ? -1 : 0;
}

int cx_csv_sep(FILE *fp)
{
    return putc(',', fp) == EOF ? -1 : 0;
}

int cx_csv_end_row(FILE *fp)
{
    return putc('\n', fp) == EOF ? -1 : 0;
}

int cx_csv_row(FILE *fp, const char *const *fields, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            rc |= cx_csv_sep(fp);
        rc |= cx_csv_field(fp, fields[i]);
    }
    rc |= cx_csv_end_row(fp);
    return rc ? -1 : 0;
}
