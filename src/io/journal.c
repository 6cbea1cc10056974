/* journal.c - the journal that makes a group of renames all-or-nothing
 * even when the process is killed between two of them (docs/reliability.md,
 * "Whole directories").
 *
 * A group (atomic.c) makes every new file whole and durable under a
 * temporary name and keeps every file it replaces or removes as a hard
 * link; then, before its first rename, it writes this journal, durably,
 * into the directory. A process killed after that leaves the journal
 * behind, and the next cxsim that locks the directory (every command that
 * writes it, `cxsim report`, `--resume`) finishes the group: the renames
 * and removals not done yet are done. Only if that fails (a directory put
 * in the way meanwhile) is every file put back from the kept links. A
 * process killed before the journal leaves only temporary files, which the
 * lock removes (dir_lock.c). Either way the directory is the old one or
 * the new one before anything of cxsim reads it.
 *
 * The journal is text, one line per change: "R FROM TO OLD" (a rename)
 * or "D - TO OLD" (a removal), tab-separated, paths relative to the
 * directory, OLD "-" when TO did not exist and "!" when it could not be
 * kept. Recovery follows only paths inside the directory, and moves only
 * cxsim's temporary names (cx_io_is_temp_name), so a file planted under
 * the journal's name cannot make it rename anything else.
 */
#include "atomic_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cxsim/io.h"

#define JOURNAL_HEAD "cxsim journal 1\n"
/* A journal lists at most a results directory's files; a stage, a few
 * hundred. Anything larger is not one of ours. */
#define JOURNAL_MAX ((size_t)16 << 20)
#define JOURNAL_LINES 100000

/* ---- what a killed writer leaves: names, trees, durability --------------- */

/* The directory holding path ("." for a bare name). */
void cx_io_parent_of(const char *path, char dir[CX_IO_PATH_MAX])
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        strcpy(dir, ".");
    } else {
        size_t len = slash == path ? 1 : (size_t)(slash - path);
        memcpy(dir, path, len);
        dir[len] = '\0';
    }
}

/* Every file is made whole and durable under its temporary name before
 * the first rename: a write error (a full disk) in the last file then
 * leaves no new file at all, rather than some files of this run beside
 * another run's. The renames are one move group (above), in the order the
 * files were opened (run.json last), so a failed rename leaves the old
 * directory, never a mix. */
/* fsyncs the directory holding path so the rename itself is durable.
 * Best effort: some file systems refuse fsync on a directory, and the
 * file is already whole under its final name either way. */
void cx_io_sync_parent(const char *path)
{
    char dir[CX_IO_PATH_MAX];
    cx_io_parent_of(path, dir);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* rm -r path; symbolic links are removed, never followed. */
void cx_io_remove_tree(const char *path)
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
            cx_io_remove_tree(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        remove(path);
    }
}

int cx_io_is_temp_name(const char *name)
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

/* ---- the journal -------------------------------------------------------- */

void cx_io_journal_step(void)
{
    static long kill_at = -1, step;
    if (kill_at < 0) {
        const char *s = getenv("CXSIM_TEST_KILL_AT");
        kill_at = s ? strtol(s, NULL, 10) : 0;
        if (kill_at < 0)
            kill_at = 0;
    }
    if (kill_at > 0 && ++step == kill_at)
        raise(SIGKILL);
}

/* path relative to dir, or NULL when it is not under it. */
static const char *under(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) == 0 && path[n] == '/' && path[n + 1])
        return path + n + 1;
    if (strcmp(dir, ".") == 0 && path[0] != '/')
        return path;
    return NULL;
}

static int plain(const char *s)
{
    return s && !strpbrk(s, "\t\n");
}

static void journal_path(const char *dir, char path[CX_IO_PATH_MAX])
{
    if (cx_io_join(dir, CX_IO_JOURNAL, path, NULL) != CX_OK)
        path[0] = '\0';
}

cx_status cx_io_journal_write(const char *dir, const cx_io_move *m, size_t n, int *written,
                              cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    *written = 0;
    journal_path(dir, path);
    if (!path[0])
        return CX_OK;
    for (size_t i = 0; i < n; i++) {
        const char *to = under(dir, m[i].to);
        const char *from = m[i].from ? under(dir, m[i].from) : "-";
        const char *old = !m[i].old ? "!" : !*m[i].old ? "-" : under(dir, m[i].old);
        if (!plain(to) || !plain(from) || !plain(old))
            return CX_OK;       /* not journaled: the in-process undo only */
    }
    /* its own temporary name, fsync'd, renamed, the directory fsync'd:
     * the journal is whole before any rename it lists is done */
    char tmp[CX_IO_PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            remove(tmp);
        }
        return cx_error_set(err, CX_ERR_IO, "cannot write %s: %s", path, strerror(e));
    }
    fputs(JOURNAL_HEAD, fp);
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "%c\t%s\t%s\t%s\n", m[i].from ? 'R' : 'D',
                m[i].from ? under(dir, m[i].from) : "-", under(dir, m[i].to),
                !m[i].old ? "!" : !*m[i].old ? "-" : under(dir, m[i].old));
    int bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0;
    int e = errno;
    bad |= fclose(fp) != 0;
    if (bad || rename(tmp, path) != 0) {
        e = bad ? (e ? e : EIO) : errno;
        remove(tmp);
        return cx_error_set(err, CX_ERR_IO, "cannot write %s: %s", path, strerror(e));
    }
    cx_io_sync_parent(path);
    *written = 1;
    return CX_OK;
}

void cx_io_journal_remove(const char *dir)
{
    char path[CX_IO_PATH_MAX];
    journal_path(dir, path);
    if (path[0] && remove(path) == 0)
        cx_io_sync_parent(path);
}

/* ---- recovery --------------------------------------------------------------- */

/* A relative path with no "..", "." or empty component. */
static int inside(const char *rel)
{
    if (!*rel || rel[0] == '/')
        return 0;
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        p += n;
        if (*p == '/')
            p++;
    }
    return 1;
}

/* Some component of rel is a temporary name of ours. */
static int has_temp(const char *rel)
{
    char part[CX_IO_PATH_MAX];
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n < sizeof part) {
            memcpy(part, p, n);
            part[n] = '\0';
            if (cx_io_is_temp_name(part))
                return 1;
        }
        p += n;
        if (*p == '/')
            p++;
    }
    return 0;
}

typedef struct entry {
    char kind;                  /* 'R' or 'D' */
    char from[CX_IO_PATH_MAX], to[CX_IO_PATH_MAX], old[CX_IO_PATH_MAX];
    int old_state;              /* 1 kept at old, 0 none, -1 not kept */
} entry;

static int exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* Parses one line (its '\n' already cut) into e, paths made absolute
 * under dir; 0 if it is not a journal line of ours. */
static int parse_line(const char *dir, char *line, entry *e)
{
    char *f[4];
    for (int i = 0; i < 4; i++) {
        f[i] = line;
        line = strchr(line, '\t');
        if ((i < 3) != (line != NULL))
            return 0;           /* exactly four fields */
        if (line)
            *line++ = '\0';
    }
    if (strlen(f[0]) != 1 || (f[0][0] != 'R' && f[0][0] != 'D'))
        return 0;
    e->kind = f[0][0];
    if (!inside(f[2]) || cx_io_join(dir, f[2], e->to, NULL) != CX_OK)
        return 0;
    e->from[0] = '\0';
    if (e->kind == 'R' && (!inside(f[1]) || !has_temp(f[1]) ||
                           cx_io_join(dir, f[1], e->from, NULL) != CX_OK))
        return 0;
    e->old[0] = '\0';
    e->old_state = strcmp(f[3], "-") == 0 ? 0 : strcmp(f[3], "!") == 0 ? -1 : 1;
    if (e->old_state == 1 && (!inside(f[3]) || !has_temp(f[3]) ||
                              cx_io_join(dir, f[3], e->old, NULL) != CX_OK))
        return 0;
    return 1;
}

/* Reads and parses dir's journal; *n_out 0 with CX_OK when there is none. */
static cx_status read_journal(const char *dir, const char *path, entry **out, size_t *n_out,
                              cx_error *err)
{
    *out = NULL;
    *n_out = 0;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return errno == ENOENT ? CX_OK
                               : cx_error_set(err, CX_ERR_IO, "cannot read %s: %s", path,
                                              strerror(errno));
    struct stat sb;
    if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > JOURNAL_MAX) {
        fclose(fp);
        return cx_error_set(err, CX_ERR_IO, "%s: not a cxsim journal (a file cxsim leaves only "
                            "while it writes %s); remove it", path, dir);
    }
    char *text = malloc((size_t)sb.st_size + 1);
    size_t len = text ? fread(text, 1, (size_t)sb.st_size, fp) : 0;
    fclose(fp);
    if (!text)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory reading %s", path);
    text[len] = '\0';
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    /* a group moves at most a stage's files: far fewer than this */
    entry *e = lines <= JOURNAL_LINES ? calloc(lines ? lines : 1, sizeof *e) : NULL;
    if (!e && lines > JOURNAL_LINES) {
        free(text);
        return cx_error_set(err, CX_ERR_IO, "%s: not a cxsim journal (a file cxsim leaves only "
                            "while it writes %s); remove it", path, dir);
    }
    size_t n = 0;
    int ok = e && strncmp(text, JOURNAL_HEAD, strlen(JOURNAL_HEAD)) == 0 && len > 0 &&
             text[len - 1] == '\n';
    for (char *p = text + (ok ? strlen(JOURNAL_HEAD) : 0); ok && *p;) {
        char *nl = strchr(p, '\n');    /* there is one: the text ends with one */
        *nl = '\0';
        ok = n < lines && parse_line(dir, p, &e[n]);
        n++;
        p = nl + 1;
    }
    free(text);
    if (!ok) {
        free(e);
        return e ? cx_error_set(err, CX_ERR_IO, "%s: not a cxsim journal (a file cxsim leaves "
                                "only while it writes %s); remove it", path, dir)
                 : cx_error_set(err, CX_ERR_NOMEM, "out of memory reading %s", path);
    }
    *out = e;
    *n_out = n;
    return CX_OK;
}

/* Does what the killed process had still to do; 0, or the errno of the
 * change that failed, its index in *at. */
static int finish(entry *e, size_t n, size_t *at)
{
    for (size_t i = 0; i < n; i++) {
        *at = i;
        if (e[i].kind == 'R' && exists(e[i].from) && rename(e[i].from, e[i].to) != 0)
            return errno;
        if (e[i].kind == 'D' && exists(e[i].to) && remove(e[i].to) != 0)
            return errno;
    }
    return 0;
}

/* Puts back every change made (latest first) from the kept files; 0 or an
 * errno value. */
static int undo(entry *e, size_t n)
{
    int bad = 0;
    for (size_t i = n; i-- > 0;) {
        int made = e[i].kind == 'R' ? !exists(e[i].from) : !exists(e[i].to);
        if (made && e[i].old_state == 1) {
            if (rename(e[i].old, e[i].to) != 0)
                bad = errno;
        } else if (made && e[i].old_state == 0 && e[i].kind == 'R') {
            remove(e[i].to);
        }
        if (e[i].kind == 'R' && exists(e[i].from))
            remove(e[i].from);
    }
    return bad;
}

cx_status cx_io_journal_recover(const char *dir, int *done, cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    entry *e;
    size_t n, at = 0;
    if (done)
        *done = 0;
    journal_path(dir, path);
    if (!path[0])
        return CX_OK;
    cx_status st = read_journal(dir, path, &e, &n, err);
    if (st != CX_OK || !e)
        return st;
    int why = finish(e, n, &at), outcome = 1;
    if (why != 0) {
        int bad = undo(e, n);
        if (bad != 0) {
            st = cx_error_set(err, CX_ERR_IO, "%s: cannot finish the writing a killed cxsim "
                              "left (%s: %s), nor put it back (%s); see %s", dir, e[at].to,
                              strerror(why), strerror(bad), path);
            free(e);
            return st;
        }
        outcome = -1;
    }
    cx_io_sync_parent(path);
    for (size_t i = 0; i < n; i++)
        if (e[i].old_state == 1)
            remove(e[i].old);
    free(e);
    cx_io_journal_remove(dir);
    if (done)
        *done = outcome;
    return CX_OK;
}
