/* atomic.c - files that appear whole or not at all (cxsim/atomic.h).
 *
 * docs/results.md, "Writing": output is written to a temporary name in the
 * same directory (so the final rename never crosses a file system and is
 * atomic, POSIX rename()), fsync'd before the rename (so a crash cannot
 * leave a renamed but empty file), then renamed over the final name.
 */
#include "cxsim/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cxsim/io.h"

/* Files readable by everyone, as a plain fopen would give under the usual
 * umask 022: mkstemp makes them 0600, and reading the umask is not
 * thread-safe (umask() sets it too), so the mode is fixed. */
#define CX_ATOMIC_MODE (S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH)

cx_status cx_atomic_write(const char *dir, const char *name,
                          int (*fn)(FILE *fp, const void *ctx), const void *ctx,
                          cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    cx_status st = cx_io_join(dir, name, path, err);
    if (st != CX_OK)
        return st;
    cx_atomic_file f;
    st = cx_atomic_open(&f, path, err);
    if (st != CX_OK)
        return st;
    errno = 0;
    if (fn(f.fp, ctx) != 0) {
        int e = errno ? errno : EIO;    /* the failed write's reason, if it left one */
        cx_atomic_abort(&f);
        return cx_error_set(err, CX_ERR_IO, "cannot write %s: %s", path, strerror(e));
    }
    return cx_atomic_commit(&f, err);
}

/* Makes the temporary file and its stream; returns 0 or an errno value. */
static int open_temp(cx_atomic_file *f)
{
    int fd = mkstemp(f->tmp);
    if (fd < 0)
        return errno;
    if (fchmod(fd, CX_ATOMIC_MODE) != 0 || !(f->fp = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        remove(f->tmp);
        return e;
    }
    return 0;
}

cx_status cx_atomic_open(cx_atomic_file *f, const char *path, cx_error *err)
{
    f->fp = NULL;
    f->path[0] = f->tmp[0] = '\0';
    if (!path || !*path)
        return cx_error_set(err, CX_ERR_IO, "cannot write a file with no name");
    int n = snprintf(f->tmp, sizeof f->tmp, "%s.tmp.XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof f->tmp) {
        f->tmp[0] = '\0';
        return cx_error_set(err, CX_ERR_IO, "cannot write %.200s...: %s",
                            path, strerror(ENAMETOOLONG));
    }
    memcpy(f->path, path, strlen(path) + 1);
    int e = open_temp(f);
    if (e != 0)
        return cx_error_set(err, CX_ERR_IO, "cannot write %s: %s", path,
                            strerror(e));
    return CX_OK;
}

/* fsyncs the directory holding path so the rename itself is durable.
 * Best effort: some file systems refuse fsync on a directory, and the
 * file is already whole under its final name either way. */
static void sync_parent(const char *path)
{
    char dir[CX_IO_PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash) {
        strcpy(dir, ".");
    } else {
        size_t len = slash == path ? 1 : (size_t)(slash - path);
        memcpy(dir, path, len);
        dir[len] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Flushes, syncs and closes f->fp; returns 0 or an errno value, and in
 * *what the step that failed. The stream is closed in every case. */
static int finish_stream(cx_atomic_file *f, const char **what)
{
    int e = 0;
    if (fflush(f->fp) != 0) {
        e = errno;
        *what = "write";
    } else if (ferror(f->fp)) {
        e = EIO;    /* an earlier write failed; its errno is gone */
        *what = "write";
    } else if (fsync(fileno(f->fp)) != 0) {
        e = errno;
        *what = "fsync";
    }
    if (fclose(f->fp) != 0 && e == 0) {
        e = errno;
        *what = "close";
    }
    f->fp = NULL;
    return e;
}

cx_status cx_atomic_commit(cx_atomic_file *f, cx_error *err)
{
    if (!f->fp)
        return cx_error_set(err, CX_ERR_IO, "cannot write %s: not open",
                            f->path);
    const char *what = NULL;
    int e = finish_stream(f, &what);
    if (e == 0 && rename(f->tmp, f->path) != 0) {
        e = errno;
        what = "rename";
    }
    if (e != 0) {
        remove(f->tmp);
        return cx_error_set(err, CX_ERR_IO, "cannot write %s (%s): %s",
                            f->path, what, strerror(e));
    }
    sync_parent(f->path);
    return CX_OK;
}

void cx_atomic_abort(cx_atomic_file *f)
{
    if (!f->fp)
        return;
    fclose(f->fp);
    f->fp = NULL;
    remove(f->tmp);
}

/* ---- groups --------------------------------------------------------------- */

void cx_atomic_group_init(cx_atomic_group *g)
{
    g->n = 0;
}

cx_status cx_atomic_group_open(cx_atomic_group *g, const char *path, FILE **fp,
                               cx_error *err)
{
    *fp = NULL;
    if (g->n == CX_ATOMIC_GROUP_MAX)
        return cx_error_set(err, CX_ERR_USAGE, "cannot write %s: more than %d files at once",
                            path, CX_ATOMIC_GROUP_MAX);
    cx_atomic_file *f = &g->files[g->n];
    cx_status st = cx_atomic_open(f, path, err);
    if (st != CX_OK)
        return st;
    g->finished[g->n] = 0;
    g->n++;
    *fp = f->fp;
    return CX_OK;
}

void cx_atomic_group_abort(cx_atomic_group *g)
{
    for (size_t i = 0; i < g->n; i++) {
        if (g->finished[i])
            remove(g->files[i].tmp);
        else
            cx_atomic_abort(&g->files[i]);
    }
    g->n = 0;
}

/* Every file is made whole and durable under its temporary name before
 * the first rename: a write error (a full disk) in the last file then
 * leaves no new file at all, rather than some files of this run beside
 * another run's. The renames themselves need no space and run in the
 * order the files were opened. */
cx_status cx_atomic_group_commit(cx_atomic_group *g, cx_error *err)
{
    for (size_t i = 0; i < g->n; i++) {
        cx_atomic_file *f = &g->files[i];
        const char *what = NULL;
        int e = finish_stream(f, &what);
        g->finished[i] = 1;
        if (e != 0) {
            cx_atomic_group_abort(g);
            return cx_error_set(err, CX_ERR_IO, "cannot write %s (%s): %s", f->path, what,
                                strerror(e));
        }
    }
    for (size_t i = 0; i < g->n; i++) {
        cx_atomic_file *f = &g->files[i];
        if (rename(f->tmp, f->path) != 0) {
            int e = errno;
            for (size_t k = i; k < g->n; k++)
                remove(g->files[k].tmp);
            g->n = 0;
            return cx_error_set(err, CX_ERR_IO, "cannot write %s (rename): %s", f->path,
                                strerror(e));
        }
    }
    if (g->n > 0)
        sync_parent(g->files[0].path);
    g->n = 0;
    return CX_OK;
}
