/* cxsim/io.h - paths and whole files.
 *
 * Provides: cx_io_join and cx_io_remove (a file in a directory, its path
 * and its removal), cx_io_mkdir_p (a directory and its missing parents),
 * cx_io_read_file (a whole file into memory, with a size limit),
 * cx_io_grow (an array that doubles as it fills).
 * Relies on: cxsim/error.h, POSIX (mkdir, stat).
 *
 * The writers of files are in cxsim/atomic.h (whole or nothing),
 * cxsim/csv.h and cxsim/json.h; the readers of CSV and JSON in
 * cxsim/csv_table.h and cxsim/json_value.h; hashing in cxsim/sha256.h.
 * Nothing in these prints or exits; functions that can fail for a reason
 * the user must see return a cx_status and fill a cx_error.
 */
#ifndef CXSIM_IO_H
#define CXSIM_IO_H

#include <stddef.h>

#include "cxsim/error.h"

#define CX_IO_PATH_MAX 4096

/* dir/name (no second '/' when dir ends with one) into path; CX_ERR_IO
 * naming name and dir when it does not fit in CX_IO_PATH_MAX. */
cx_status cx_io_join(const char *dir, const char *name, char path[CX_IO_PATH_MAX],
                     cx_error *err);

/* Removes dir/name; a file that is not there is no error. CX_ERR_IO
 * "PATH: cannot remove: why" otherwise (or cx_io_join's); err may be NULL. */
cx_status cx_io_remove(const char *dir, const char *name, cx_error *err);

/* Creates dir and any missing parent directories (mode 0777 less the
 * umask). Succeeds if dir already is a directory; CX_ERR_IO otherwise. */
cx_status cx_io_mkdir_p(const char *dir, cx_error *err);

/* Reads the whole file at path into *out (len bytes, 0 for an empty file;
 * the caller frees it). CX_ERR_IO "PATH: cannot open|cannot read: why",
 * CX_ERR_INPUT "PATH: larger than N bytes" when it holds more than
 * max_bytes, CX_ERR_NOMEM. Scenarios, policies' scenarios, CSV tables,
 * checkpoints and report inputs are all read by it. */
cx_status cx_io_read_file(const char *path, size_t max_bytes, char **out, size_t *len,
                          cx_error *err);

/* Grows *p, an array of *cap elements of size bytes, to hold at least
 * need elements (doubling from 64), the new ones zeroed. 0 on success
 * (*p and *cap updated), -1 out of memory (*p and *cap untouched). The
 * growing arrays of the CSV readers and of the fit's aggregate use it. */
int cx_io_grow(void **p, size_t *cap, size_t need, size_t size);

#endif
