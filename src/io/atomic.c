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
#include "atomic_internal.h"

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
    cx_io_sync_parent(f->path);
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
    g->n = g->n_remove = 0;
}

cx_status cx_atomic_group_remove(cx_atomic_group *g, const char *path, cx_error *err)
{
    if (g->n_remove == CX_ATOMIC_GROUP_REMOVE_MAX)
        return cx_error_set(err, CX_ERR_USAGE, "cannot remove %s: more than %d files at once",
                            path, CX_ATOMIC_GROUP_REMOVE_MAX);
    if (strlen(path) >= sizeof g->remove[0])
        return cx_error_set(err, CX_ERR_IO, "cannot remove %.200s...: %s", path,
                            strerror(ENAMETOOLONG));
    strcpy(g->remove[g->n_remove++], path);
    return CX_OK;
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
    g->n = g->n_remove = 0;
}

/* Keeps to's current file under a new name "to.tmp.XXXXXX" (a hard link,
 * which needs no space) in keep; "" when to does not exist; 1 done, 0 not
 * kept (no such file, or no hard links here: keep[0] '\0' says which). */
static int keep_old(const char *to, const char *from, char keep[CX_IO_PATH_MAX + 8])
{
    int len = from ? snprintf(keep, CX_IO_PATH_MAX + 8, "%s.old", from)
                   : snprintf(keep, CX_IO_PATH_MAX + 8, "%s.tmp.XXXXXX", to);
    if (len <= 0 || len >= CX_IO_PATH_MAX) {
        keep[0] = '\0';
        return -1;
    }
    if (!from) {                /* a removal: a fresh name of ours */
        int fd = mkstemp(keep);
        if (fd < 0)
            return -1;
        close(fd);
        remove(keep);
    }
    if (link(to, keep) == 0)
        return 1;
    int e = errno;
    keep[0] = '\0';
    return e == ENOENT ? 0 : -1;
}

/* The changes of one group, in order: each m[i] renames from to to, or
 * removes to (from NULL). Each destination already there is kept under a
 * second name (keep_old) until every change is done, and the list is
 * journaled in dir (journal.c) before the first change, so that:
 * - a change that fails part way (a directory in the way, a permission
 *   taken away) puts the earlier ones back as they were, the old file
 *   where there was one, no file where there was none (on a file system
 *   without hard links the files changed before the failure stay new);
 * - a process killed between two changes leaves the journal, and the next
 *   cxsim that locks dir finishes the group (or, failing that, puts it
 *   back) before reading or writing anything there.
 * Every from left is removed on failure. dir NULL: no journal. */
static cx_status move_group(const char *dir, cx_io_move *m, size_t n, cx_error *err)
{
    char (*old)[CX_IO_PATH_MAX + 8] = malloc((n ? n : 1) * sizeof *old);
    signed char *kept = malloc(n ? n : 1);
    if (!old || !kept) {
        free(old);
        free(kept);
        for (size_t i = 0; i < n; i++)
            if (m[i].from)
                remove(m[i].from);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory writing %s",
                            n ? m[0].to : "results");
    }
    for (size_t i = 0; i < n; i++) {
        kept[i] = (signed char)keep_old(m[i].to, m[i].from, old[i]);
        m[i].old = kept[i] == 1 ? old[i] : kept[i] == 0 ? "" : NULL;
    }
    int journaled = 0;
    cx_io_journal_step();
    cx_status st = dir ? cx_io_journal_write(dir, m, n, &journaled, err) : CX_OK;
    for (size_t i = 0; st == CX_OK && i < n; i++) {
        cx_io_journal_step();
        if (m[i].from ? rename(m[i].from, m[i].to) == 0
                      : remove(m[i].to) == 0 || errno == ENOENT)
            continue;
        int e = errno;
        for (size_t k = i; k-- > 0;) {         /* undo, latest first */
            if (kept[k] == 1)
                rename(old[k], m[k].to);
            else if (kept[k] == 0 && m[k].from)
                remove(m[k].to);
        }
        st = cx_error_set(err, CX_ERR_IO, "cannot %s %s (%s): %s; the files written "
                          "before it were put back as they were",
                          m[i].from ? "write" : "remove", m[i].to,
                          m[i].from ? "rename" : "remove", strerror(e));
    }
    if (st != CX_OK)
        for (size_t k = 0; k < n; k++)
            if (m[k].from)
                remove(m[k].from);
    if (st == CX_OK && n > 0)
        cx_io_sync_parent(m[n - 1].to);
    cx_io_journal_step();
    if (journaled)
        cx_io_journal_remove(dir);
    cx_io_journal_step();
    for (size_t i = 0; i < n; i++)
        if (kept[i] == 1)
            remove(old[i]);
    free(old);
    free(kept);
    return st;
}

cx_status cx_atomic_group_commit(cx_atomic_group *g, cx_error *err)
{
    cx_io_move m[CX_ATOMIC_GROUP_MAX + CX_ATOMIC_GROUP_REMOVE_MAX];
    size_t k = 0;
    char dir[CX_IO_PATH_MAX];
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
        m[k++] = (cx_io_move){.from = f->tmp, .to = f->path};
    }
    /* the removals last: until the group is done a stopped run's
     * checkpoint stays, so a directory seen mid-group (by a program other
     * than cxsim) still asks for a resume, and the resume finishes it */
    for (size_t i = 0; i < g->n_remove; i++)
        m[k++] = (cx_io_move){.from = NULL, .to = g->remove[i]};
    cx_io_parent_of(k ? m[0].to : ".", dir);
    cx_status st = move_group(dir, m, k, err);
    g->n = g->n_remove = 0;
    return st;
}

/* ---- staging directories ------------------------------------------------------ */

void cx_io_stage_abort(const char *stage)
{
    cx_io_remove_tree(stage);
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
        cx_io_move *m = malloc((l.n ? l.n : 1) * sizeof *m);
        for (size_t i = 0; m && i < l.n; i++)
            m[i] = (cx_io_move){.from = l.from[i], .to = l.to[i]};
        st = m ? move_group(dir, m, l.n, err)
               : cx_error_set(err, CX_ERR_NOMEM, "out of memory writing %s", dir);
        free(m);
    }
    for (size_t i = 0; i < l.n; i++) {
        free(l.from[i]);
        free(l.to[i]);
    }
    free(l.from);
    free(l.to);
    cx_io_remove_tree(stage);
    return st;
}

