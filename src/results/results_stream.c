/* results_stream.c - a results directory written while replications arrive
 * in stages (results.h, cx_results_stream_*): memory holds one stage,
 * the disk the rows written so far. The stream's last step,
 * cx_results_stream_finish, writes the directory and is in results.c, so
 * that this file does not call back into the writer that calls it.
 */
#include "cxsim/results.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/atomic.h"
#include "cxsim/io.h"
#include "results_internal.h"

void cx_results_stream_abort(cx_results_stream *s)
{
    if (!s)
        return;
    for (size_t v = 0; v < s->n_open; v++)
        cx_atomic_abort(&s->parts[v]);
    free(s->parts);
    free(s);
}

cx_status cx_results_stream_open(const char *dir, const cx_batch_result *shape,
                                 cx_results_stream **out, cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    cx_results_stream *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s || !(s->parts = calloc(shape->n_variants, sizeof *s->parts))) {
        free(s);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory for the results");
    }
    s->n_variants = shape->n_variants;
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    cx_status st = cx_io_join(dir, "replications.csv", path, err);
    if (st == CX_OK)
        st = cx_io_mkdir_p(dir, err);
    for (; st == CX_OK && s->n_open < s->n_variants; s->n_open++)
        st = cx_atomic_open(&s->parts[s->n_open], path, err);
    if (st != CX_OK) {
        cx_results_stream_abort(s);
        return st;
    }
    *out = s;
    return CX_OK;
}

cx_status cx_results_stream_add(cx_results_stream *s, const cx_batch_result *stage,
                                size_t first, cx_error *err)
{
    assert(s && stage && s->n_open == s->n_variants);
    if (stage->n_variants != s->n_variants || first != s->reps)
        return cx_error_set(err, CX_ERR_USAGE, "results: replications out of order "
                            "(%zu after %zu)", first, s->reps);
    for (size_t v = 0; v < s->n_variants; v++) {
        errno = 0;
        if (cx_results_replication_rows(s->parts[v].fp, stage, v, first) != 0)
            return cx_error_set(err, CX_ERR_IO, "cannot write %s: %s", s->parts[v].tmp,
                                strerror(errno ? errno : EIO));
    }
    s->reps += stage->reps;
    return CX_OK;
}

int cx_results_stream_copy(FILE *fp, const cx_results_stream *s)
{
    char buf[1 << 16];
    for (size_t v = 0; v < s->n_variants; v++) {
        if (fflush(s->parts[v].fp) != 0 || ferror(s->parts[v].fp))
            return -1;
        FILE *in = fopen(s->parts[v].tmp, "r");
        if (!in)
            return -1;
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            if (fwrite(buf, 1, n, fp) != n)
                break;
        int bad = ferror(in) || ferror(fp);
        fclose(in);
        if (bad)
            return -1;
    }
    return 0;
}
