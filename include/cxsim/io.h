/* cxsim/io.h - writing output files: atomically, as CSV, as JSON; SHA-256.
 *
 * Provides:
 *   - cx_atomic_*: a file that appears whole or not at all (written under a
 *     temporary name in the same directory, fsync'd, then renamed);
 *   - cx_io_mkdir_p: create a directory and its missing parents;
 *   - cx_io_join, cx_io_remove: the path of a file in a directory, and
 *     removing it;
 *   - cx_csv_*: RFC 4180 fields over libcsv, "\n" row ends, numbers as
 *     "%.12g" with NaN and infinities written NA;
 *   - cx_json_*: a small streaming JSON writer (escaping, pretty printing),
 *     its state in a caller-owned struct;
 *   - cx_sha256_*: SHA-256 (FIPS 180-4) of a buffer or a file.
 * Relies on: cxsim/error.h, libcsv (csv_fwrite), POSIX (mkstemp, fsync,
 * rename, mkdir).
 *
 * Nothing here prints or exits; functions that can fail for a reason the
 * user must see return a cx_status and fill a cx_error. The CSV and JSON
 * writers return 0 / -1 like stdio: a failed write also sets the stream's
 * error flag, which cx_atomic_commit checks and reports with the path.
 * Numbers are formatted with printf, so the "C" LC_NUMERIC locale (the
 * default of a program that never calls setlocale) is assumed.
 */
#ifndef CXSIM_IO_H
#define CXSIM_IO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxsim/error.h"

/* ---- atomic files ------------------------------------------------------ */

#define CX_IO_PATH_MAX 4096

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
typedef struct cx_atomic_group {
    cx_atomic_file files[CX_ATOMIC_GROUP_MAX];
    int finished[CX_ATOMIC_GROUP_MAX];
    size_t n;
} cx_atomic_group;

void cx_atomic_group_init(cx_atomic_group *g);

/* Opens path's temporary file in the group; *fp is its stream, to write
 * to (never close it). On failure the group is unchanged. */
cx_status cx_atomic_group_open(cx_atomic_group *g, const char *path, FILE **fp,
                               cx_error *err);

/* Finishes and renames every file; on failure removes every temporary
 * file and returns CX_ERR_IO naming the file and the reason. */
cx_status cx_atomic_group_commit(cx_atomic_group *g, cx_error *err);

/* Removes every temporary file of the group. */
void cx_atomic_group_abort(cx_atomic_group *g);

/* dir/name (no second '/' when dir ends with one) into path; CX_ERR_IO
 * naming name and dir when it does not fit in CX_IO_PATH_MAX. */
cx_status cx_io_join(const char *dir, const char *name, char path[CX_IO_PATH_MAX],
                     cx_error *err);

/* Removes dir/name; a file that is not there is no error. CX_ERR_IO
 * "PATH: cannot remove: why" otherwise (or cx_io_join's); err may be NULL. */
cx_status cx_io_remove(const char *dir, const char *name, cx_error *err);

/* Writes dir/name atomically: fn(fp, ctx) writes the contents and returns
 * 0, or -1 when a write failed (errno telling why). On failure nothing is
 * left behind and err (CX_ERR_IO) names the file and the reason. */
cx_status cx_atomic_write(const char *dir, const char *name,
                          int (*fn)(FILE *fp, const void *ctx), const void *ctx,
                          cx_error *err);

/* Creates dir and any missing parent directories (mode 0777 less the
 * umask). Succeeds if dir already is a directory; CX_ERR_IO otherwise. */
cx_status cx_io_mkdir_p(const char *dir, cx_error *err);

/* A results directory held by one cxsim process (cx_io_dir_lock). */
typedef struct cx_io_dir_lock_t {
    int fd;                     /* the directory, flock'ed; -1: not held */
    int created;                /* the lock made the directory */
    char dir[CX_IO_PATH_MAX];
} cx_io_dir_lock_t;

/* Creates dir if needed (cx_io_mkdir_p) and takes an exclusive lock on it
 * (flock on the directory, released when the process ends, even by kill
 * -9), so two cxsim processes never write one directory at once: a second
 * gets CX_ERR_USAGE "DIR is being written by another cxsim process ...".
 * Holding the lock, removes the temporary files an earlier writer left
 * when it was killed mid-write: names "FILE.tmp.XXXXXX" (and
 * "FILE.tmp.XXXXXX.old") as cx_atomic_* makes them, and only those;
 * *n_removed (may be NULL) receives how many. */
cx_status cx_io_dir_lock(const char *dir, cx_io_dir_lock_t *lk, size_t *n_removed,
                         cx_error *err);

/* Releases the lock; removes the directory if the lock created it and it
 * is still empty (a run that wrote nothing leaves nothing). */
void cx_io_dir_unlock(cx_io_dir_lock_t *lk);

/* Reads the whole file at path into *out (len bytes, 0 for an empty file;
 * the caller frees it). CX_ERR_IO "PATH: cannot open|cannot read: why",
 * CX_ERR_INPUT "PATH: larger than N bytes" when it holds more than
 * max_bytes, CX_ERR_NOMEM. Scenarios, policies' scenarios, CSV tables,
 * checkpoints and report inputs are all read by it. */
cx_status cx_io_read_file(const char *path, size_t max_bytes, char **out, size_t *len,
                          cx_error *err);

/* ---- CSV ------------------------------------------------------------------
 * Rows end with "\n" (not RFC 4180's CRLF: easier for Unix tools; libcsv
 * and every common reader accept both). Separators are written by the
 * caller with cx_csv_sep. Each function returns 0, or -1 if a write failed. */

/* Writes s as one field: raw when it holds no comma, double quote, CR or
 * LF, otherwise quoted by libcsv (csv_fwrite: quotes around, inner quotes
 * doubled). NULL is written as an empty field. */
int cx_csv_field(FILE *fp, const char *s);

/* Writes x as "%.12g", or NA when x is NaN or infinite. */
int cx_csv_number(FILE *fp, double x);

/* Writes n in decimal. */
int cx_csv_size(FILE *fp, size_t n);

/* Writes the field separator ",". */
int cx_csv_sep(FILE *fp);

/* Writes the row end "\n". */
int cx_csv_end_row(FILE *fp);

/* Writes fields[0..n) separated by commas and ends the row (a header). */
int cx_csv_row(FILE *fp, const char *const *fields, size_t n);

/* ---- JSON ------------------------------------------------------------- */

#define CX_JSON_DEPTH_MAX 32

/* Writer state; caller-owned, set up by cx_json_init, no allocation. */
typedef struct cx_json {
    FILE *fp;
    int indent;                 /* spaces per level; 0 = compact */
    int depth;                  /* open containers */
    int after_key;              /* a key was written; its value comes next */
    int error;                  /* sticky: a write failed or calls misnested */
    unsigned char is_object[CX_JSON_DEPTH_MAX];
    unsigned char has_items[CX_JSON_DEPTH_MAX];
} cx_json;

/* Starts a document on fp (not owned) with indent spaces per level. */
void cx_json_init(cx_json *j, FILE *fp, int indent);

/* Containers. Inside an object every value must follow cx_json_key. */
void cx_json_begin_object(cx_json *j);
void cx_json_end_object(cx_json *j);
void cx_json_begin_array(cx_json *j);
void cx_json_end_array(cx_json *j);

/* Writes the key of the next member of the current object. */
void cx_json_key(cx_json *j, const char *key);

/* Values. Strings are escaped (quote, backslash, control characters as
 * \n, \t, ... or \u00XX); valid UTF-8 passes through, each invalid byte
 * becomes U+FFFD. A NULL string is written null. */
void cx_json_string(cx_json *j, const char *s);
/* x in the fewest significant digits (15 to 17, "%.*g") that read back as
 * exactly x, so 0.3 stays 0.3 and nothing is lost; NaN, inf: null. */
void cx_json_number(cx_json *j, double x);
void cx_json_integer(cx_json *j, long long x);
void cx_json_bool(cx_json *j, int b);
void cx_json_null(cx_json *j);

/* Ends the document with "\n". Returns 0 if every write succeeded and
 * every container was closed, -1 otherwise. */
int cx_json_finish(cx_json *j);

/* ---- SHA-256 (FIPS 180-4) ------------------------------------------------ */

typedef struct cx_sha256 {
    uint32_t h[8];              /* intermediate hash value H(i) */
    uint64_t bits;              /* message length so far, in bits */
    unsigned char block[64];    /* pending input */
    size_t used;                /* bytes pending in block */
} cx_sha256;

void cx_sha256_init(cx_sha256 *s);
void cx_sha256_update(cx_sha256 *s, const void *data, size_t len);
/* Pads, finishes and writes the 32-byte digest; s must be re-initialised
 * before reuse. */
void cx_sha256_final(cx_sha256 *s, unsigned char digest[32]);

/* Lower-case hex digest of data[0..len) into hex (64 digits and a NUL). */
void cx_sha256_hex(const void *data, size_t len, char hex[65]);

/* Lower-case hex digest of the file at path. CX_ERR_IO (message naming
 * path) if it cannot be opened or read; hex is then an empty string. */
cx_status cx_sha256_file(const char *path, char hex[65], cx_error *err);

#endif
