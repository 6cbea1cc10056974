/* cxsim/atomic.h - files that appear whole or not at all.
 *
 * Provides: cx_atomic_file (one file written under a temporary name in the
 * same directory, fsync'd, then renamed over its name), cx_atomic_group
 * (several files renamed together, after every one is whole) and
 * cx_atomic_write (one file from a writer function); cx_io_stage_* (a
 * directory of files written, checked, then moved into place as one
 * group) and cx_io_dir_lock (one writer per results directory).
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
#define CX_ATOMIC_GROUP_REMOVE_MAX 4
typedef struct cx_atomic_group {
    cx_atomic_file files[CX_ATOMIC_GROUP_MAX];
    int finished[CX_ATOMIC_GROUP_MAX];
    size_t n;
    char remove[CX_ATOMIC_GROUP_REMOVE_MAX][CX_IO_PATH_MAX];
    size_t n_remove;
} cx_atomic_group;

void cx_atomic_group_init(cx_atomic_group *g);

/* Opens path's temporary file in the group; *fp is its stream, to write
 * to (never close it). On failure the group is unchanged. */
cx_status cx_atomic_group_open(cx_atomic_group *g, const char *path, FILE **fp,
                               cx_error *err);

/* Makes removing path part of the group: it goes when the group's files
 * are renamed, or stays if they are not (a file of an earlier run that
 * this one does not write, so that the directory is wholly this run's).
 * At most CX_ATOMIC_GROUP_REMOVE_MAX; CX_ERR_USAGE beyond. */
cx_status cx_atomic_group_remove(cx_atomic_group *g, const char *path, cx_error *err);

/* Finishes every file, then renames each, then makes the removals, as
 * one group; on failure removes every temporary file and returns CX_ERR_IO
 * naming the file and the reason. A rename that fails part way puts the
 * files renamed before it back as they were; and since the group is
 * journaled in the files' directory before its first rename, a process
 * killed between two renames leaves a journal that the next
 * cx_io_dir_lock of the directory finishes (docs/reliability.md, "Whole
 * directories"): the directory is the old one or the new one, never a
 * mix. All files must be in one directory (else not journaled). The test
 * hook CXSIM_TEST_KILL_AT=N kills the process (SIGKILL) at the Nth step of
 * its groups (docs/reliability.md). */
cx_status cx_atomic_group_commit(cx_atomic_group *g, cx_error *err);

/* Removes every temporary file of the group. */
void cx_atomic_group_abort(cx_atomic_group *g);

/* Writes dir/name atomically: fn(fp, ctx) writes the contents and returns
 * 0, or -1 when a write failed (errno telling why). On failure nothing is
 * left behind and err (CX_ERR_IO) names the file and the reason. */
cx_status cx_atomic_write(const char *dir, const char *name,
                          int (*fn)(FILE *fp, const void *ctx), const void *ctx,
                          cx_error *err);

/* ---- stages and the directory lock ---------------------------------------- */

/* Moves every regular file under the directory stage (recursively) to
 * the same relative path under dir (making its subdirectories), as one
 * group: a file already at a destination is kept (hard link) until every
 * move is done, and a move that fails puts the earlier ones back, so dir
 * holds its old files or all the new ones. A file named run.json at the
 * top moves last. Then removes stage. CX_ERR_IO naming the file; on
 * failure stage is removed too. For writers that must read their files
 * back before committing them (calibrate checks fitted.lua). */
cx_status cx_io_stage_commit(const char *stage, const char *dir, cx_error *err);

/* Makes a fresh stage directory "dir/NAME.tmp.XXXXXX" (mkdtemp; dir is
 * created if needed) into stage. CX_ERR_IO. */
cx_status cx_io_stage_open(const char *dir, const char *name, char stage[CX_IO_PATH_MAX],
                           cx_error *err);

/* Removes the stage directory and everything in it. */
void cx_io_stage_abort(const char *stage);

/* A results directory held by one cxsim process (cx_io_dir_lock). */
typedef struct cx_io_dir_lock_t {
    int fd;                     /* the lock file DIR/.cxsim.lock; -1: not held */
    int excl;                   /* held by O_EXCL (no fcntl locks on this file system) */
    int created;                /* the lock made the directory */
    char dir[CX_IO_PATH_MAX];
} cx_io_dir_lock_t;

/* Creates dir if needed (cx_io_mkdir_p) and takes its lock, so two cxsim
 * processes, on one host or on two sharing the file system, never write
 * one directory at once: a second gets CX_ERR_USAGE "DIR is being written
 * by another cxsim process (pid P on HOST) ...". The lock is an fcntl
 * lock on DIR/.cxsim.lock, released by the kernel (or the NFS lock
 * manager) when the process ends, even by kill -9; where the file system
 * has no fcntl locks, the file is created with O_EXCL instead and a stale
 * one (its process, on this host, gone) is taken over (docs/reliability.md,
 * "One writer per directory"). A directory nothing can write (EACCES,
 * EROFS) is not locked, and CX_OK.
 * Holding the lock, finishes (or puts back) the group a killed writer
 * left journaled (cx_atomic_group_commit: the directory is then wholly the
 * new one, or the old), and removes the temporary files an earlier writer
 * left when it was killed mid-write: names "FILE.tmp.XXXXXX" (and
 * "FILE.tmp.XXXXXX.old") as cx_atomic_* makes them, and stage
 * directories "NAME.tmp.XXXXXX" (cx_io_stage_open) with what is in them,
 * and only those; *n_removed (may be NULL) receives how many. CX_ERR_IO
 * when a journal can be neither finished nor undone. */
cx_status cx_io_dir_lock(const char *dir, cx_io_dir_lock_t *lk, size_t *n_removed,
                         cx_error *err);

/* Releases the lock (the lock file goes with it); removes the directory
 * if the lock created it and it is still empty (a run that wrote nothing
 * leaves nothing). */
void cx_io_dir_unlock(cx_io_dir_lock_t *lk);

#endif
