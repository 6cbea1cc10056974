/* atomic.c - files that appear whole or not at all (cxsim/atomic.h).
 *
 * docs/results.md, "Writing": output is written to a temporary name in the
 * same directory (so the final rename never crosses a file system and is
 * atomic, POSIX rename()), fsync'd before the rename (so a crash cannot
 * leave a renamed but empty file), then renamed over the final name.
 */
#include "cxsim/atomic.h"

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

/* Renames from[i] to to[i] for every i, in order, as one group. Each
 * destination already there is kept under a second name (from[i] ".old",
 * a hard link, which needs no space) until every rename is done, so a
 * rename that fails part way (a directory in the way, a permission taken
 * away) puts the earlier destinations back as they were: the old file
 * where there was one, no file where there was none (on a file system
 * without hard links the files renamed before the failure stay new).
 * Every from[i] left is removed on failure. */
static cx_status move_group(const char *const *from, const char *const *to, size_t n,
                            cx_error *err)
{
    char (*old)[CX_IO_PATH_MAX + 8] = malloc((n ? n : 1) * sizeof *old);
    signed char *kept = malloc(n ? n : 1);
    if (!old || !kept) {
        free(old);
        free(kept);
        for (size_t i = 0; i < n; i++)
            remove(from[i]);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory writing %s",
                            n ? to[0] : "results");
    }
    for (size_t i = 0; i < n; i++) {
        int len = snprintf(old[i], sizeof old[i], "%s.old", from[i]);
        kept[i] = -1;
        if (len <= 0 || (size_t)len >= sizeof old[i])
            continue;
        if (link(to[i], old[i]) == 0)
            kept[i] = 1;
        else if (errno == ENOENT)
            kept[i] = 0;
    }
    cx_status st = CX_OK;
    for (size_t i = 0; i < n; i++) {
        if (rename(from[i], to[i]) == 0)
            continue;
        int e = errno;
        for (size_t k = i; k-- > 0;) {         /* undo, latest first */
            if (kept[k] == 1)
                rename(old[k], to[k]);
            else if (kept[k] == 0)
                remove(to[k]);
        }
        for (size_t k = i; k < n; k++)
            remove(from[k]);
        st = cx_error_set(err, CX_ERR_IO, "cannot write %s (rename): %s; the files written "
                          "before it were put back as they were", to[i], strerror(e));
        break;
    }
    for (size_t i = 0; i < n; i++)
        if (kept[i] == 1)
            remove(old[i]);
    free(old);
    free(kept);
    return st;
}

/* Every file is made whole and durable under its temporary name before
 * the first rename: a write error (a full disk) in the last file then
 * leaves no new file at all, rather than some files of this run beside
 * another run's. The renames are one move group (above), in the order the
 * files were opened (run.json last), so a failed rename leaves the old
 * directory, never a mix. */
cx_status cx_atomic_group_commit(cx_atomic_group *g, cx_error *err)
{
    const char *from[CX_ATOMIC_GROUP_MAX], *to[CX_ATOMIC_GROUP_MAX];
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
        from[i] = f->tmp;
        to[i] = f->path;
    }
    cx_status st = move_group(from, to, g->n, err);
    if (st == CX_OK && g->n > 0)
        sync_parent(g->files[0].path);
    g->n = 0;
    return st;
}

/* ---- staging directories ------------------------------------------------------ */

/* rm -r path; symbolic links are removed, never followed. */
static void remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        for (struct dirent *e; d && (e = readdir(d));) {
            char sub[CX_IO_PATH_MAX];
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
                cx_io_join(path, e->d_name, sub, NULL) != CX_OK)
                continue;
            remove_tree(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        remove(path);
    }
}

void cx_io_stage_abort(const char *stage)
{
    remove_tree(stage);
}

cx_status cx_io_stage_open(const char *dir, const char *name, char stage[CX_IO_PATH_MAX],
                           cx_error *err)
{
    char base[CX_IO_PATH_MAX];
    cx_status st = cx_io_mkdir_p(dir, err);
    if (st == CX_OK)
        st = cx_io_join(dir, name, base, err);
    if (st != CX_OK)
        return st;
    int n = snprintf(stage, CX_IO_PATH_MAX, "%s.tmp.XXXXXX", base);
    if (n < 0 || n >= CX_IO_PATH_MAX)
        return cx_error_set(err, CX_ERR_IO, "cannot write in %.200s...: %s", dir,
                            strerror(ENAMETOOLONG));
    if (!mkdtemp(stage))
        return cx_error_set(err, CX_ERR_IO, "cannot write in %s: %s", dir, strerror(errno));
    return CX_OK;
}

/* The files under stage/rel, into the lists (paths malloc'ed). */
typedef struct stage_list {
    char **from, **to;
    size_t n, cap;
    int failed;
} stage_list;

static void list_add(stage_list *l, const char *from, const char *to)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **f = realloc(l->from, cap * sizeof *f);
        if (f)
            l->from = f;
        char **t = f ? realloc(l->to, cap * sizeof *t) : NULL;
        if (!f || !t) {
            l->failed = 1;
            return;
        }
        l->to = t;
        l->cap = cap;
    }
    l->from[l->n] = strdup(from);
    l->to[l->n] = strdup(to);
    if (!l->from[l->n] || !l->to[l->n]) {
        free(l->from[l->n]);
        free(l->to[l->n]);
        l->failed = 1;
        return;
    }
    l->n++;
}

/* Lists the regular files under src, to go under dst, making dst's
 * subdirectories as it goes; CX_ERR_IO when one cannot be made. */
static cx_status list_tree(const char *src, const char *dst, stage_list *l, cx_error *err)
{
    DIR *d = opendir(src);
    cx_status st = CX_OK;
    if (!d)
        return cx_error_set(err, CX_ERR_IO, "cannot read %s: %s", src, strerror(errno));
    for (struct dirent *e; st == CX_OK && (e = readdir(d));) {
        char a[CX_IO_PATH_MAX], b[CX_IO_PATH_MAX];
        struct stat sb;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        st = cx_io_join(src, e->d_name, a, err);
        if (st == CX_OK)
            st = cx_io_join(dst, e->d_name, b, err);
        if (st != CX_OK || lstat(a, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            st = cx_io_mkdir_p(b, err);
            if (st == CX_OK)
                st = list_tree(a, b, l, err);
        } else if (S_ISREG(sb.st_mode)) {
            list_add(l, a, b);
        }
    }
    closedir(d);
    return st;
}

cx_status cx_io_stage_commit(const char *stage, const char *dir, cx_error *err)
{
    stage_list l = {0};
    cx_status st = list_tree(stage, dir, &l, err);
    if (st == CX_OK && l.failed)
        st = cx_error_set(err, CX_ERR_NOMEM, "out of memory writing %s", dir);
    if (st == CX_OK) {
        char run[CX_IO_PATH_MAX];
        if (cx_io_join(dir, "run.json", run, NULL) == CX_OK)
            for (size_t i = 0; i + 1 < l.n; i++)
                if (strcmp(l.to[i], run) == 0) {       /* run.json last */
                    char *f = l.from[i], *t = l.to[i];
                    l.from[i] = l.from[l.n - 1];
                    l.to[i] = l.to[l.n - 1];
                    l.from[l.n - 1] = f;
                    l.to[l.n - 1] = t;
                    break;
                }
        st = move_group((const char *const *)l.from, (const char *const *)l.to, l.n, err);
    }
    if (st == CX_OK)
        sync_parent(l.n ? l.to[l.n - 1] : dir);
    for (size_t i = 0; i < l.n; i++) {
        free(l.from[i]);
        free(l.to[i]);
    }
    free(l.from);
    free(l.to);
    remove_tree(stage);
    return st;
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

/* Removes our temporary files (and stage directories) in dir; only
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
        if (lstat(path, &sb) != 0)
            continue;
        if (S_ISREG(sb.st_mode) && remove(path) == 0)
            n++;
        else if (S_ISDIR(sb.st_mode) && strstr(e->d_name, ".old") == NULL) {
            remove_tree(path);                  /* a stage (cx_io_stage_open) */
            n++;
        }
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
