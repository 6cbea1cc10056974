/* io.c - paths and whole files (cxsim/io.h): a file's path in a directory
 * and its removal, mkdir -p, and a whole file into memory for the readers
 * that parse a buffer (CSV tables, checkpoints, run.json). */

#include "cxsim/io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

cx_status cx_io_read_file(const char *path, size_t max_bytes, char **out, size_t *len,
                          cx_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)     /* out of memory is not the file's fault: exit 1, not 3 */
        return cx_error_set(err, errno == ENOMEM ? CX_ERR_NOMEM : CX_ERR_IO,
                            "%s: cannot open: %s", path, strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    cx_status st = CX_OK;
    for (;;) {
        if (n == cap) {
            if (cap >= max_bytes) {
                st = cx_error_set(err, CX_ERR_INPUT, "%s: larger than %zu bytes", path,
                                  max_bytes);
                break;
            }
            char *b = realloc(buf, cap ? cap * 2 : 65536);
            if (!b) {
                st = cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory reading it", path);
                break;
            }
            buf = b;
            cap = cap ? cap * 2 : 65536;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                st = cx_error_set(err, CX_ERR_IO, "%s: cannot read: %s", path,
                                  strerror(errno));
            break;
        }
    }
    fclose(f);
    if (st != CX_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    *len = n;
    return CX_OK;
}

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

int cx_io_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    memset((char *)q + *cap * size, 0, (n - *cap) * size);
    *p = q;
    *cap = n;
    return 0;
}
