/* atomic.c - files that appear whole or not at all, and mkdir -p.
 *
 * ARCHITECTURE.md, "Errors": output is written to a temporary name in the
 * same directory (so the final rename never crosses a file system and is
 * atomic, POSIX rename()), fsync'd before the rename (so a crash cannot
 * leave a renamed but empty file), then renamed over the final name.
 */
#include "cxsim/io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Files readable by everyone, as a plain fopen would give under the usual
 * umask 022: mkstemp makes them 0600, and reading the umask is not
 * thread-safe (umask() sets it too), so the mode is fixed. */
#define CX_ATOMIC_MODE (S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH)

cx_status cx_io_join(const char *dir, const char *name, char path[CX_IO_PATH_MAX],
                     cx_error *err)
{
    size_t len = strlen(dir);
    const char *sep = len > 0 && dir[len - 1] == '/' ? "" : "/";
    int n = snprintf(path, CX_IO_PATH_MAX, "%s%s%s", dir, sep, name);
    if (n < 0 || n >= CX_IO_PATH_MAX)
        return cx_error_set(err, CX_ERR_IO, "cannot write %s in %.200s...: %s", name, dir,
                            strerror(ENAMETOOLONG));
    return CX_OK;
}

cx_status cx_io_remove(const char *dir, const char *name, cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    cx_status st = cx_io_join(dir, name, path, err);
    if (st == CX_OK && remove(path) != 0 && errno != ENOENT)
        st = cx_error_set(err, CX_ERR_IO, "%s: cannot remove: %s", path, strerror(errno));
    return st;
}

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

/* The name an old file is kept under while its group is renamed: the
 * temporary name (unique, made by mkstemp) with ".old". */
static int old_name(const cx_atomic_file *f, char *out, size_t size)
{
    int n = snprintf(out, size, "%s.old", f->tmp);
    return n > 0 && (size_t)n < size;
}

/* Puts the files renamed before `upto` back as they were: the old file
 * where there was one (kept[k] 1), no file where there was none (0); a
 * file whose old version could not be kept (-1) stays new. */
static void undo_renames(cx_atomic_group *g, size_t upto, const signed char *kept,
                         char (*old)[CX_IO_PATH_MAX + 8])
{
    for (size_t k = upto; k-- > 0;) {
        if (kept[k] == 1)
            rename(old[k], g->files[k].path);
        else if (kept[k] == 0)
            remove(g->files[k].path);
    }
}

/* Every file is made whole and durable under its temporary name before
 * the first rename: a write error (a full disk) in the last file then
 * leaves no new file at all, rather than some files of this run beside
 * another run's. Each file already in place is kept under a second name
 * (a hard link, which needs no space) until every rename is done, so a
 * rename that fails part-way (the k-th final name a directory, a
 * permission taken away) is undone: the earlier files go back to what
 * they were, and the directory is the old one, never a mix. The renames
 * run in the order the files were opened (run.json last). */
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
    char (*old)[CX_IO_PATH_MAX + 8] = malloc((g->n ? g->n : 1) * sizeof *old);
    signed char kept[CX_ATOMIC_GROUP_MAX];
    if (!old) {
        cx_atomic_group_abort(g);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory writing %s",
                            g->n ? g->files[0].path : "results");
    }
    for (size_t i = 0; i < g->n; i++) {
        cx_atomic_file *f = &g->files[i];
        kept[i] = -1;       /* a file system without hard links: no undo */
        if (!old_name(f, old[i], sizeof old[i]))
            continue;
        if (link(f->path, old[i]) == 0)
            kept[i] = 1;
        else if (errno == ENOENT)
            kept[i] = 0;
    }
    cx_status st = CX_OK;
    for (size_t i = 0; i < g->n; i++) {
        cx_atomic_file *f = &g->files[i];
        if (rename(f->tmp, f->path) != 0) {
            int e = errno;
            undo_renames(g, i, kept, old);
            for (size_t k = i; k < g->n; k++)
                remove(g->files[k].tmp);
            st = cx_error_set(err, CX_ERR_IO, "cannot write %s (rename): %s; the files "
                              "written before it were put back as they were", f->path,
                              strerror(e));
            break;
        }
    }
    for (size_t i = 0; i < g->n; i++)
        if (kept[i] == 1)
            remove(old[i]);
    free(old);
    if (st == CX_OK && g->n > 0)
        sync_parent(g->files[0].path);
    g->n = 0;
    return st;
}

/* mkdir that accepts an existing directory; returns 0 or an errno value. */
static int mkdir_one(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) == 0)
        return 0;
    int e = errno;
    if (e == EEXIST && stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    return e;
}

cx_status cx_io_mkdir_p(const char *dir, cx_error *err)
{
    char buf[CX_IO_PATH_MAX];
    if (!dir || !*dir)
        return cx_error_set(err, CX_ERR_IO, "cannot create a directory with no name");
    size_t len = strlen(dir);
    if (len >= sizeof buf)
        return cx_error_set(err, CX_ERR_IO, "cannot create directory %.200s...: %s",
                            dir, strerror(ENAMETOOLONG));
    memcpy(buf, dir, len + 1);
    /* Each prefix ending before a '/' (but not the root "/") is a parent. */
    for (size_t i = 1; i < len; i++) {
        if (buf[i] != '/' || buf[i - 1] == '/')
            continue;
        buf[i] = '\0';
        int e = mkdir_one(buf);
        buf[i] = '/';
        if (e != 0)
            return cx_error_set(err, CX_ERR_IO, "cannot create directory %s: %s",
                                dir, strerror(e));
    }
    int e = mkdir_one(buf);
    if (e != 0)
        return cx_error_set(err, CX_ERR_IO, "cannot create directory %s: %s",
                            dir, strerror(e));
    return CX_OK;
}

/* ---- the directory lock ----------------------------------------------------- */

/* A name cx_atomic_open made: "X.tmp." then the six characters mkstemp
 * fills in, optionally ".old" (a kept old file, see the group commit). */
static int is_our_temp(const char *name)
{
    const char *t = NULL;
    for (const char *p = strstr(name, ".tmp."); p; p = strstr(p + 1, ".tmp."))
        t = p;
    if (!t || t == name)
        return 0;
    const char *x = t + 5;
    for (int i = 0; i < 6; i++)
        if (!((x[i] >= 'a' && x[i] <= 'z') || (x[i] >= 'A' && x[i] <= 'Z') ||
              (x[i] >= '0' && x[i] <= '9')))
            return 0;
    return x[6] == '\0' || strcmp(x + 6, ".old") == 0;
}

/* Removes the regular files of dir that are our temporary files; only
 * called with the directory locked, when no writer of ours is alive. */
static size_t remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d));) {
        char path[CX_IO_PATH_MAX];
        struct stat sb;
        if (!is_our_temp(e->d_name) || cx_io_join(dir, e->d_name, path, NULL) != CX_OK)
            continue;
        if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && remove(path) == 0)
            n++;
    }
    closedir(d);
    return n;
}

cx_status cx_io_dir_lock(const char *dir, cx_io_dir_lock_t *lk, size_t *n_removed,
                         cx_error *err)
{
    struct stat sb;
    lk->fd = -1;
    lk->created = 0;
    if (n_removed)
        *n_removed = 0;
    if (strlen(dir) >= sizeof lk->dir)
        return cx_error_set(err, CX_ERR_IO, "cannot create directory %.200s...: %s", dir,
                            strerror(ENAMETOOLONG));
    snprintf(lk->dir, sizeof lk->dir, "%s", dir);
    int existed = stat(dir, &sb) == 0;
    cx_status st = cx_io_mkdir_p(dir, err);
    if (st != CX_OK)
        return st;
    lk->created = !existed;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        cx_io_dir_unlock(lk);
        return cx_error_set(err, CX_ERR_IO, "cannot open directory %s: %s", dir, strerror(e));
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK)
            return cx_error_set(err, CX_ERR_USAGE, "%s is being written by another cxsim "
                                "process; wait for it to finish or give another --out", dir);
        /* a file system without locks: go on unlocked rather than refuse */
        lk->fd = -1;
        return CX_OK;
    }
    lk->fd = fd;
    size_t n = remove_stale(dir);
    if (n_removed)
        *n_removed = n;
    return CX_OK;
}

void cx_io_dir_unlock(cx_io_dir_lock_t *lk)
{
    if (lk->created)
        rmdir(lk->dir);         /* fails, as it should, unless empty */
    if (lk->fd >= 0)
        close(lk->fd);
    lk->fd = -1;
    lk->created = 0;
}
