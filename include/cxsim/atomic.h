/* cxsim/atomic.h - files that appear whole or not at all.
 *
 * Provides: cx_atomic_file (one file written under a temporary name in the
 * same directory, fsync'd, then renamed over its name), cx_atomic_group
 * (several files renamed together, after every one is whole) and
 * cx_atomic_write (one file from a writer function).
 * Relies on: cxsim/io.h (CX_IO_PATH_MAX, cx_io_join), POSIX (mkstemp,
 * fsync, rename).
 *
 * The CSV and JSON writers (cxsim/csv.h, cxsim/json.h) return 0 / -1 like
 * stdio: a failed write also sets the stream's error flag, which
 * cx_atomic_commit checks and reports with the path (docs/results.md,
 * "Writing").
 */
#ifndef CXSIM_ATOMIC_H
#define CXSIM_ATOMIC_H

#include <stddef.h>
#include <stdio.h>

#include "cxsim/error.h"
#include "cxsim/io.h"

/* A file being written under a temporary name. Fields are read-only for
 * the caller except fp, which it writes to. */
typedef struct cx_atomic_file {
    FILE *fp;                       /* open for writing until commit/abort */
    char path[CX_IO_PATH_MAX];      /* final name */
    char tmp[CX_IO_PATH_MAX];       /* "path.tmp.XXXXXX" as made by mkstemp */
} cx_atomic_file;

/* Creates "path.tmp.XXXXXX" (mode 0644) in path's directory and opens it
 * as f->fp. On success the caller must end with exactly one of
 * cx_atomic_commit or cx_atomic_abort. On failure (CX_ERR_IO, message
 * naming path) nothing is left on disk and f needs no cleanup. */
cx_status cx_atomic_open(cx_atomic_file *f, const char *path, cx_error *err);

/* Flushes, checks the stream's error flag, fsyncs, closes and renames the
 * temporary file to f->path (replacing any file there). On any failure
 * removes the temporary file and returns CX_ERR_IO with a message naming
 * the path and the system's reason. Either way f->fp is closed and NULL. */
cx_status cx_atomic_commit(cx_atomic_file *f, cx_error *err);

/* Closes and removes the temporary file; f->path is untouched. Does
 * nothing if f->fp is already NULL (safe after commit or twice). */
void cx_atomic_abort(cx_atomic_file *f);

/* Several files that appear together or not at all (a results directory):
 * each is written under a temporary name; commit flushes and fsyncs every
 * one, and only when all are whole renames them, in the order opened. A
 * failure before the renames leaves none of them. */
#define CX_ATOMIC_GROUP_MAX 16
typedef struct cx_atomic_group {
    cx_atomic_file files[CX_ATOMIC_GROUP_MAX];
    int finished[CX_ATOMIC_GROUP_MAX];
    size_t n;
} cx_atomic_group;

void cx_atomic_group_init(cx_atomic_group *g);

/* Opens path's temporary file in the group; *fp is its stream, to write
 * to (never close it). On failure the group is unchanged. */
cx_status cx_atomic_group_open(cx_atomic_group *g, const char *path, FILE **fp,
                               cx_error *err);

/* Finishes and renames every file; on failure removes every temporary
 * file and returns CX_ERR_IO naming the file and the reason. */
cx_status cx_atomic_group_commit(cx_atomic_group *g, cx_error *err);

/* Removes every temporary file of the group. */
void cx_atomic_group_abort(cx_atomic_group *g);

/* Writes dir/name atomically: fn(fp, ctx) writes the contents and returns
 * 0, or -1 when a write failed (errno telling why). On failure nothing is
 * left behind and err (CX_ERR_IO) names the file and the reason. */
cx_status cx_atomic_write(const char *dir, const char *name,
                          int (*fn)(FILE *fp, const void *ctx), const void *ctx,
                          cx_error *err);

#endif
