/* dir_lock.c - one cxsim writing a results directory at a time, on local
 * and network file systems alike (cxsim/atomic.h, docs/reliability.md,
 * "One writer per directory").
 *
 * The lock is the file DIR/.cxsim.lock, locked with fcntl (an open file
 * description lock where the system has them, so two opens in one process
 * exclude each other too). fcntl locks are what NFS (lockd, or NFSv4's
 * own locks) and cluster file systems carry between hosts; flock is not
 * always (it is local on some clients). The file holds "fcntl HOST PID"
 * for the refusal message. It exists only while a cxsim holds the
 * directory: the holder removes it while still holding the lock, and a
 * taker checks after locking that the name still leads to the file it
 * locked (else it starts again), so removal never lets two in.
 *
 * A file system that refuses fcntl locks (an NFS mount without a lock
 * daemon: ENOLCK) falls back to creating the file with O_EXCL holding
 * "excl HOST PID": a file left by a process of this host that is gone is
 * stale and taken over; one from another host cannot be checked from here
 * and is refused, naming the host and the file to remove.
 */
/* F_OFD_SETLK (Linux 3.15, POSIX 2024): a lock owned by the open file, not
 * the process, so closing another descriptor of the file cannot drop it */
#define _GNU_SOURCE
#include "config.h"
#include "cxsim/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "atomic_internal.h"
#include "cxsim/io.h"

#define LOCK_NAME ".cxsim.lock"

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
        if (!cx_io_is_temp_name(e->d_name) || cx_io_join(dir, e->d_name, path, NULL) != CX_OK)
            continue;
        if (lstat(path, &sb) != 0)
            continue;
        if (S_ISREG(sb.st_mode) && remove(path) == 0)
            n++;
        else if (S_ISDIR(sb.st_mode) && strstr(e->d_name, ".old") == NULL) {
            cx_io_remove_tree(path);            /* a stage (cx_io_stage_open) */
            n++;
        }
    }
    closedir(d);
    return n;
}

/* ---- the holder ------------------------------------------------------------ */

typedef struct holder {
    char how[8];                /* "fcntl" or "excl" */
    char host[256];
    long pid;
} holder;

static void my_host(char host[256])
{
    if (gethostname(host, 256) != 0)
        strcpy(host, "?");
    host[255] = '\0';
    for (char *p = host; *p; p++)       /* one word, as the file holds it */
        if (*p == ' ' || *p == '\n')
            *p = '_';
}

static int read_holder(int fd, holder *h)
{
    char buf[300];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return sscanf(buf, "%7s %255s %ld", h->how, h->host, &h->pid) == 3;
}

static void write_holder(int fd, const char *how)
{
    char host[256], buf[300];
    my_host(host);
    int n = snprintf(buf, sizeof buf, "%s %s %ld\n", how, host, (long)getpid());
    if (ftruncate(fd, 0) == 0 && n > 0)
        (void)!pwrite(fd, buf, (size_t)n, 0);
}

/* 1: h is a process of this host that has ended (its file is stale). */
static int holder_gone(const holder *h)
{
    char host[256];
    my_host(host);
    return strcmp(h->host, host) == 0 && h->pid > 0 && kill((pid_t)h->pid, 0) != 0 &&
           errno == ESRCH;
}

static cx_status refuse(const char *dir, const char *path, const holder *h, int known,
                        cx_error *err)
{
    if (!known)
        return cx_error_set(err, CX_ERR_USAGE, "%s is being written by another cxsim process; "
                            "wait for it to finish or give another --out (if none runs, "
                            "remove %s)", dir, path);
    if (strcmp(h->how, "excl") == 0 && !holder_gone(h)) {
        char host[256];
        my_host(host);
        if (strcmp(h->host, host) != 0)
            return cx_error_set(err, CX_ERR_USAGE, "%s is being written by another cxsim "
                                "process (pid %ld on %s); wait for it to finish or give "
                                "another --out (if no cxsim runs there, remove %s)", dir,
                                h->pid, h->host, path);
    }
    return cx_error_set(err, CX_ERR_USAGE, "%s is being written by another cxsim process "
                        "(pid %ld on %s); wait for it to finish or give another --out", dir,
                        h->pid, h->host);
}

/* ---- taking it ----------------------------------------------------------- */

/* The lock file is still the one at path (nobody removed it meanwhile). */
static int still_there(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

static int set_lock(int fd)
{
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
#ifdef F_OFD_SETLK
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
        return 0;
    if (errno != EINVAL)
        return -1;
#endif
    return fcntl(fd, F_SETLK, &fl);
}

/* The O_EXCL lock: 0 taken (*fd open), 1 held by another (h filled,
 * known), -1 an error (errno). */
static int take_excl(const char *path, int *fd, holder *h, int *known)
{
    for (int tries = 0; tries < 3; tries++) {
        *fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (*fd >= 0) {
            write_holder(*fd, "excl");
            return 0;
        }
        if (errno != EEXIST)
            return -1;
        int other = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        *known = other >= 0 && read_holder(other, h);
        if (other >= 0)
            close(other);
        if (!*known || !holder_gone(h))
            return 1;
        remove(path);           /* a process of this host that is gone left it */
    }
    return 1;
}

/* Takes the lock of dir (lk->dir): CX_OK held (lk->fd >= 0), or unlocked
 * with lk->fd -1 where the directory cannot be written at all. */
static cx_status take(cx_io_dir_lock_t *lk, cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    holder h;
    memset(&h, 0, sizeof h);
    int known = 0;
    cx_status st = cx_io_join(lk->dir, LOCK_NAME, path, err);
    if (st != CX_OK)
        return st;
    const char *mode = getenv("CXSIM_TEST_LOCK");      /* "excl": test the fallback */
    int excl = mode && strcmp(mode, "excl") == 0;
    for (int tries = 0; tries < 8 && !excl; tries++) {
        int made = 1;
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0 && errno == EEXIST) {
            made = 0;
            fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
            if (fd < 0 && errno == ENOENT)
                continue;       /* its holder removed it meanwhile */
        }
        if (fd < 0) {
            if (errno == EACCES || errno == EROFS || errno == EPERM)
                return CX_OK;   /* nothing can write here: reading it needs no lock */
            return cx_error_set(err, CX_ERR_IO, "cannot lock %s (%s): %s", lk->dir, path,
                                strerror(errno));
        }
        if (set_lock(fd) != 0) {
            int e = errno;
            if (e == EAGAIN || e == EACCES) {
                known = read_holder(fd, &h);
                close(fd);
                return refuse(lk->dir, path, &h, known, err);
            }
            if (e == ENOLCK || e == EOPNOTSUPP || e == ENOSYS || e == EINVAL) {
                if (made) {     /* made by O_EXCL: held that way */
                    write_holder(fd, "excl");
                    lk->fd = fd;
                    lk->excl = 1;
                    return CX_OK;
                }
                close(fd);
                excl = 1;
                break;
            }
            close(fd);
            return cx_error_set(err, CX_ERR_IO, "cannot lock %s (%s): %s", lk->dir, path,
                                strerror(e));
        }
        if (!still_there(fd, path)) {   /* its holder removed it as we took it */
            close(fd);
            continue;
        }
        /* a holder by O_EXCL (a client without fcntl locks) that is alive */
        if (read_holder(fd, &h) && strcmp(h.how, "excl") == 0 && !holder_gone(&h)) {
            close(fd);
            return refuse(lk->dir, path, &h, 1, err);
        }
        write_holder(fd, "fcntl");
        lk->fd = fd;
        return CX_OK;
    }
    if (!excl)
        return cx_error_set(err, CX_ERR_USAGE, "%s is being written by another cxsim process; "
                            "wait for it to finish or give another --out", lk->dir);
    int fd = -1, r = take_excl(path, &fd, &h, &known);
    if (r == 1)
        return refuse(lk->dir, path, &h, known, err);
    if (r < 0) {
        if (errno == EACCES || errno == EROFS || errno == EPERM)
            return CX_OK;
        return cx_error_set(err, CX_ERR_IO, "cannot lock %s (%s): %s", lk->dir, path,
                            strerror(errno));
    }
    lk->fd = fd;
    lk->excl = 1;
    return CX_OK;
}

cx_status cx_io_dir_lock(const char *dir, cx_io_dir_lock_t *lk, size_t *n_removed,
                         cx_error *err)
{
    struct stat sb;
    lk->fd = -1;
    lk->excl = 0;
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
    st = take(lk, err);
    if (st == CX_OK && lk->fd < 0) {
        /* unwritable: a journal here cannot be finished, so nothing may
         * read the directory as it is */
        char path[CX_IO_PATH_MAX];
        if (cx_io_join(dir, CX_IO_JOURNAL, path, NULL) == CX_OK && access(path, F_OK) == 0)
            st = cx_error_set(err, CX_ERR_IO, "%s: a cxsim process was killed while writing "
                              "it, and it cannot be finished without write access (%s)", dir,
                              path);
    }
    if (st == CX_OK && lk->fd >= 0)
        st = cx_io_journal_recover(dir, NULL, err);
    if (st != CX_OK) {
        cx_io_dir_unlock(lk);
        return st;
    }
    if (lk->fd >= 0) {
        size_t n = remove_stale(dir);
        if (n_removed)
            *n_removed = n;
    }
    return CX_OK;
}

void cx_io_dir_unlock(cx_io_dir_lock_t *lk)
{
    if (lk->fd >= 0) {
        char path[CX_IO_PATH_MAX];
        /* removed while still held: see the top of this file */
        if (cx_io_join(lk->dir, LOCK_NAME, path, NULL) == CX_OK)
            remove(path);
        close(lk->fd);
    }
    if (lk->created)
        rmdir(lk->dir);         /* fails, as it should, unless empty */
    lk->fd = -1;
    lk->excl = 0;
    lk->created = 0;
}
