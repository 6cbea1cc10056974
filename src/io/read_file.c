/* read_file.c - a whole file into memory, for the readers that parse a
 * buffer (CSV tables, checkpoints). */
#include "cxsim/io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
