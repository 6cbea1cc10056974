/* check_io.c - atomic files, CSV and JSON writers, SHA-256, results directory.
 *
 * Expected values: CSV quoting from RFC 4180 section 2; JSON escapes from
 * RFC 8259 section 7; SHA-256 digests from the FIPS 180-4 examples (NIST
 * "Cryptographic Standards and Guidelines: Examples with Intermediate
 * Values", SHA256.pdf, and FIPS 180-2 appendix B.3 for one million 'a');
 * results files worked out by hand in the comments of the results tests.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cxsim/atomic.h"
#include "cxsim/checkpoint.h"
#include "cxsim/csv.h"
#include "cxsim/io.h"
#include "cxsim/json.h"
#include "cxsim/results.h"
#include "cxsim/sha256.h"

/* ---- helpers ------------------------------------------------------------- */

/* A fresh directory under TMPDIR (or /tmp), into buf. */
static void make_tmpdir(char *buf, size_t size)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, size, "%s/check_io.XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(buf));
}

/* rm -r path (test clean-up; no nftw, which needs _XOPEN_SOURCE). */
static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        char sub[CX_IO_PATH_MAX];
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_rf(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Number of entries of dir; *tmp_seen set if one has ".tmp." in its name. */
static int count_entries(const char *dir, int *tmp_seen)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    *tmp_seen = 0;
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        if (strstr(e->d_name, ".tmp."))
            *tmp_seen = 1;
    }
    closedir(d);
    return n;
}

/* The whole file at path as a string (caller frees), or NULL. */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, len = 0, n;
    char *buf = malloc(cap);
    while ((n = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
        len += n;
        if (cap - len < 2)
            buf = realloc(buf, cap *= 2);
    }
    fclose(fp);
    buf[len] = '\0';
    return buf;
}

static char *slurp_in(const char *dir, const char *name)
{
    char path[CX_IO_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Line k (0-based) of s, into buf without its "\n". */
static const char *line_at(const char *s, int k, char *buf, size_t size)
{
    for (; k > 0 && s; k--)
        if ((s = strchr(s, '\n')) != NULL)
            s++;
    ck_assert_ptr_nonnull(s);
    size_t len = strcspn(s, "\n");
    ck_assert_uint_lt(len, size);
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

/* A memory stream for the writer tests. */
typedef struct mem {
    FILE *fp;
    char *buf;
    size_t len;
} mem;

static void mem_open(mem *m)
{
    m->buf = NULL;
    m->len = 0;
    m->fp = open_memstream(&m->buf, &m->len);
    ck_assert_ptr_nonnull(m->fp);
}

/* Closes the stream and returns its text (freed by mem_free). */
static const char *mem_text(mem *m)
{
    ck_assert_int_eq(fclose(m->fp), 0);
    m->fp = NULL;
    return m->buf;
}

static void mem_free(mem *m)
{
    free(m->buf);
}

/* ---- CSV --------------------------------------------------------------- */

static void check_field(const char *in, const char *want)
{
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_csv_field(m.fp, in), 0);
    ck_assert_str_eq(mem_text(&m), want);
    mem_free(&m);
}

START_TEST(csv_quoting)
{
    /* RFC 4180 section 2, rules 6 and 7. */
    check_field("plain", "plain");
    check_field("with space", "with space");
    check_field("", "");
    check_field(NULL, "");
    check_field("a,b", "\"a,b\"");
    check_field("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_field("two\nlines", "\"two\nlines\"");
    check_field("cr\r", "\"cr\r\"");
    check_field("caf\xc3\xa9", "caf\xc3\xa9");  /* UTF-8 untouched */
}
END_TEST

static void check_number(double x, const char *want)
{
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_csv_number(m.fp, x), 0);
    ck_assert_str_eq(mem_text(&m), want);
    mem_free(&m);
}

START_TEST(csv_numbers)
{
    check_number(NAN, "NA");
    check_number(INFINITY, "NA");
    check_number(-INFINITY, "NA");
    check_number(0.1, "0.1");               /* %.12g hides the binary tail */
    check_number(-2.5, "-2.5");
    check_number(3, "3");
    check_number(1e-20, "1e-20");
    check_number(123456789012345.0, "1.23456789012e+14");
    check_number(1.0 / 3.0, "0.333333333333");
}
END_TEST

START_TEST(csv_rows)
{
    static const char *const fields[] = { "variant", "a,b", "n" };
    mem m;
    mem_open(&m);
    ck_assert_int_eq(cx_csv_row(m.fp, fields, 3), 0);
    ck_assert_int_eq(cx_csv_size(m.fp, 42), 0);
    ck_assert_int_eq(cx_csv_sep(m.fp), 0);
    ck_assert_int_eq(cx_csv_number(m.fp, NAN), 0);
    ck_assert_int_eq(cx_csv_end_row(m.fp), 0);
    ck_assert_str_eq(mem_text(&m), "variant,\"a,b\",n\n42,NA\n");
    mem_free(&m);
}
END_TEST

START_TEST(csv_write_error)
{
    /* A stream opened for reading only: every write fails. */
    FILE *fp = fopen("/dev/null", "r");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(cx_csv_field(fp, "plain"), -1);
    ck_assert_int_eq(cx_csv_field(fp, "a,b"), -1);
    ck_assert_int_eq(cx_csv_sep(fp), -1);
    ck_assert_int_eq(cx_csv_end_row(fp), -1);
    fclose(fp);
}
END_TEST

/* ---- JSON -------------------------------------------------------------- */

static void check_json_string(const char *in, const char *want)
{
    mem m;
    cx_json j;
    mem_open(&m);
    cx_json_init(&j, m.fp, 0);
    cx_json_string(&j, in);
    ck_assert_int_eq(cx_json_finish(&j), 0);
    ck_assert_str_eq(mem_text(&m), want);
    mem_free(&m);
}

START_TEST(json_escaping)
{
    /* RFC 8259 section 7: quote, backslash and C0 controls are escaped. */
    check_json_string("plain", "\"plain\"\n");
    check_json_string("a\"b\\c", "\"a\\\"b\\\\c\"\n");
    check_json_string("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"\n");
    check_json_string("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"\n");
    check_json_string("/", "\"/\"\n");
    check_json_string(NULL, "null\n");
    /* Valid UTF-8 (2, 3 and 4 bytes) passes through. */
    check_json_string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
                      "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"\n");
    /* Invalid: a lone byte, an overlong '/', a truncated euro sign, a
     * surrogate, a code point past U+10FFFF: one U+FFFD per byte. */
    check_json_string("a\xff" "b", "\"a\\ufffdb\"\n");
    check_json_string("\xc0\xaf", "\"\\ufffd\\ufffd\"\n");
    check_json_string("\xe2\x82", "\"\\ufffd\\ufffd\"\n");
    check_json_string("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"\n");
    check_json_string("\xf4\x90\x80\x80",
                      "\"\\ufffd\\ufffd\\ufffd\\ufffd\"\n");
}
END_TEST

START_TEST(json_numbers)
{
    mem m;
    cx_json j;
    mem_open(&m);
    cx_json_init(&j, m.fp, 0);
    cx_json_begin_array(&j);
    /* Fewest digits that read back exactly: 0.1 and 1/3 need 15 and 16;
     * 0.1 + 0.2 needs all 17 (the same as Python's repr). */
    cx_json_number(&j, 0.1);
    cx_json_number(&j, 1.0 / 3.0);
    cx_json_number(&j, 0.1 + 0.2);
    cx_json_number(&j, 1e300);
    cx_json_number(&j, 1);
    cx_json_number(&j, -0.5);
    cx_json_number(&j, NAN);        /* JSON has no NaN or infinity */
    cx_json_number(&j, INFINITY);
    cx_json_integer(&j, -42);
    cx_json_integer(&j, 4294967295LL);
    cx_json_bool(&j, 1);
    cx_json_bool(&j, 0);
    cx_json_null(&j);
    cx_json_end_array(&j);
    ck_assert_int_eq(cx_json_finish(&j), 0);
    ck_assert_str_eq(mem_text(&m),
        "[0.1,0.3333333333333333,0.30000000000000004,1e+300,"
        "1,-0.5,null,null,-42,4294967295,true,false,null]\n");
    mem_free(&m);
}
END_TEST

START_TEST(json_pretty)
{
    mem m;
    cx_json j;
    mem_open(&m);
    cx_json_init(&j, m.fp, 2);
    cx_json_begin_object(&j);
    cx_json_key(&j, "a");
    cx_json_integer(&j, 1);
    cx_json_key(&j, "b");
    cx_json_begin_array(&j);
    cx_json_integer(&j, 1);
    cx_json_string(&j, "x");
    cx_json_end_array(&j);
    cx_json_key(&j, "c");
    cx_json_begin_object(&j);
    cx_json_end_object(&j);
    cx_json_key(&j, "d");
    cx_json_begin_array(&j);
    cx_json_end_array(&j);
    cx_json_key(&j, "e\n");
    cx_json_begin_object(&j);
    cx_json_key(&j, "f");
    cx_json_null(&j);
    cx_json_end_object(&j);
    cx_json_end_object(&j);
    ck_assert_int_eq(cx_json_finish(&j), 0);
    ck_assert_str_eq(mem_text(&m),
        "{\n"
        "  \"a\": 1,\n"
        "  \"b\": [\n"
        "    1,\n"
        "    \"x\"\n"
        "  ],\n"
        "  \"c\": {},\n"
        "  \"d\": [],\n"
        "  \"e\\n\": {\n"
        "    \"f\": null\n"
        "  }\n"
        "}\n");
    mem_free(&m);
}
END_TEST

START_TEST(json_misuse)
{
    mem m;
    cx_json j;
    mem_open(&m);
    /* A member value without a key. */
    cx_json_init(&j, m.fp, 0);
    cx_json_begin_object(&j);
    cx_json_integer(&j, 1);
    cx_json_end_object(&j);
    ck_assert_int_eq(cx_json_finish(&j), -1);
    /* A key inside an array. */
    cx_json_init(&j, m.fp, 0);
    cx_json_begin_array(&j);
    cx_json_key(&j, "k");
    cx_json_end_array(&j);
    ck_assert_int_eq(cx_json_finish(&j), -1);
    /* Unclosed, and closed with the wrong bracket. */
    cx_json_init(&j, m.fp, 0);
    cx_json_begin_array(&j);
    ck_assert_int_eq(cx_json_finish(&j), -1);
    cx_json_init(&j, m.fp, 0);
    cx_json_begin_array(&j);
    cx_json_end_object(&j);
    ck_assert_int_eq(cx_json_finish(&j), -1);
    /* A key with no value. */
    cx_json_init(&j, m.fp, 0);
    cx_json_begin_object(&j);
    cx_json_key(&j, "k");
    cx_json_end_object(&j);
    ck_assert_int_eq(cx_json_finish(&j), -1);
    /* Deeper than CX_JSON_DEPTH_MAX. */
    cx_json_init(&j, m.fp, 0);
    for (int i = 0; i <= CX_JSON_DEPTH_MAX; i++)
        cx_json_begin_array(&j);
    ck_assert_int_eq(cx_json_finish(&j), -1);
    mem_text(&m);
    mem_free(&m);
}
END_TEST

START_TEST(json_write_error)
{
    FILE *fp = fopen("/dev/null", "r");
    cx_json j;
    ck_assert_ptr_nonnull(fp);
    cx_json_init(&j, fp, 2);
    cx_json_begin_object(&j);
    cx_json_end_object(&j);
    ck_assert_int_eq(cx_json_finish(&j), -1);
    fclose(fp);
}
END_TEST

/* ---- SHA-256 ------------------------------------------------------------ */

START_TEST(sha256_fips_vectors)
{
    char hex[65];
    /* FIPS 180-4 examples: one block, "abc". */
    cx_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
                          "b00361a396177a9cb410ff61f20015ad");
    /* The empty message (padding only). */
    cx_sha256_hex("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                          "27ae41e4649b934ca495991b7852b855");
    /* Two blocks: the 448-bit message, which leaves no room for the
     * length in its first padded block. */
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ck_assert_uint_eq(strlen(m448) * 8, 448);
    cx_sha256_hex(m448, strlen(m448), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039"
                          "a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(sha256_incremental)
{
    /* One million 'a' (FIPS 180-2 B.3), fed in uneven pieces. */
    static char chunk[1000];
    cx_sha256 s;
    unsigned char d[32];
    char hex[65];
    static const char digits[] = "0123456789abcdef";
    memset(chunk, 'a', sizeof chunk);
    cx_sha256_init(&s);
    size_t left = 1000000, k = 1;
    while (left > 0) {
        size_t take = (k * 37) % 1000 + 1;
        if (take > left)
            take = left;
        cx_sha256_update(&s, chunk, take);
        left -= take;
        k++;
    }
    cx_sha256_final(&s, d);
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
                          "f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(sha256_file)
{
    char dir[256], path[300], hex[65];
    cx_error err;
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/abc.txt", dir);
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs("abc", fp);
    fclose(fp);
    ck_assert_int_eq(cx_sha256_file(path, hex, &err), CX_OK);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
                          "b00361a396177a9cb410ff61f20015ad");
    /* Errors: a missing file, a directory. */
    snprintf(path, sizeof path, "%s/missing.lua", dir);
    ck_assert_int_eq(cx_sha256_file(path, hex, &err), CX_ERR_IO);
    ck_assert_str_eq(hex, "");
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert_int_eq(cx_sha256_file(dir, hex, &err), CX_ERR_IO);
    rm_rf(dir);
}
END_TEST

/* ---- atomic files -------------------------------------------------------- */

START_TEST(atomic_commit)
{
    char dir[256], path[300];
    cx_atomic_file f;
    cx_error err;
    struct stat st;
    int tmp;
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    ck_assert_int_eq(cx_atomic_open(&f, path, &err), CX_OK);
    fputs("hello\n", f.fp);
    /* Before the commit only the temporary file is there. */
    ck_assert_int_eq(count_entries(dir, &tmp), 1);
    ck_assert_int_eq(tmp, 1);
    ck_assert_int_ne(access(path, F_OK), 0);
    ck_assert_int_eq(cx_atomic_commit(&f, &err), CX_OK);
    ck_assert_ptr_null(f.fp);
    ck_assert_int_eq(count_entries(dir, &tmp), 1);
    ck_assert_int_eq(tmp, 0);
    char *text = slurp(path);
    ck_assert_str_eq(text, "hello\n");
    free(text);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);
    /* A second commit replaces the file whole. */
    ck_assert_int_eq(cx_atomic_open(&f, path, &err), CX_OK);
    fputs("bye\n", f.fp);
    ck_assert_int_eq(cx_atomic_commit(&f, &err), CX_OK);
    text = slurp(path);
    ck_assert_str_eq(text, "bye\n");
    free(text);
    ck_assert_int_eq(count_entries(dir, &tmp), 1);
    rm_rf(dir);
}
END_TEST

START_TEST(atomic_abort)
{
    char dir[256], path[300];
    cx_atomic_file f;
    cx_error err;
    int tmp;
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    ck_assert_int_eq(cx_atomic_open(&f, path, &err), CX_OK);
    fputs("half a file", f.fp);
    cx_atomic_abort(&f);
    cx_atomic_abort(&f);                /* harmless twice */
    ck_assert_int_eq(count_entries(dir, &tmp), 0);
    /* Committing an aborted file is an error, not a crash. */
    ck_assert_int_eq(cx_atomic_commit(&f, &err), CX_ERR_IO);
    rm_rf(dir);
}
END_TEST

START_TEST(atomic_missing_dir)
{
    char dir[256], path[300];
    cx_atomic_file f;
    cx_error err;
    int tmp;
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/no/such/dir/out.txt", dir);
    ck_assert_int_eq(cx_atomic_open(&f, path, &err), CX_ERR_IO);
    ck_assert_int_eq(err.code, CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert_ptr_nonnull(strstr(err.msg, strerror(ENOENT)));
    ck_assert_ptr_null(f.fp);
    ck_assert_int_eq(count_entries(dir, &tmp), 0);
    /* No name at all. */
    ck_assert_int_eq(cx_atomic_open(&f, "", &err), CX_ERR_IO);
    rm_rf(dir);
}
END_TEST

START_TEST(atomic_unwritable_dir)
{
    char dir[256], sub[300], path[320];
    cx_atomic_file f;
    cx_error err;
    int tmp;
    make_tmpdir(dir, sizeof dir);
    snprintf(sub, sizeof sub, "%s/ro", dir);
    ck_assert_int_eq(mkdir(sub, 0555), 0);
    snprintf(path, sizeof path, "%s/out.txt", sub);
    /* root ignores directory permissions: then the open succeeds, and
     * there is nothing to test here (atomic_rename_fails covers commit). */
    if (geteuid() != 0) {
        ck_assert_int_eq(cx_atomic_open(&f, path, &err), CX_ERR_IO);
        ck_assert_ptr_nonnull(strstr(err.msg, path));
        ck_assert_int_eq(count_entries(sub, &tmp), 0);
    }
    chmod(sub, 0755);
    rm_rf(dir);
}
END_TEST

START_TEST(atomic_rename_fails)
{
    /* The final name is taken by a non-empty directory: rename() fails
     * (EISDIR), whoever runs the test. */
    char dir[256], path[300], inner[320];
    cx_atomic_file f;
    cx_error err;
    int tmp;
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    snprintf(inner, sizeof inner, "%s/keep", path);
    ck_assert_int_eq(mkdir(inner, 0755), 0);
    ck_assert_int_eq(cx_atomic_open(&f, path, &err), CX_OK);
    fputs("data\n", f.fp);
    ck_assert_int_eq(cx_atomic_commit(&f, &err), CX_ERR_IO);
    ck_assert_int_eq(err.code, CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert_ptr_null(f.fp);
    ck_assert_int_eq(count_entries(dir, &tmp), 1);   /* the directory only */
    ck_assert_int_eq(tmp, 0);
    rm_rf(dir);
}
END_TEST

/* A group whose third rename fails (its final name is a non-empty
 * directory) puts the first two back: the old file where there was one,
 * no file where there was none; no temporary or kept file remains. */
START_TEST(atomic_group_undo)
{
    char dir[256], path[3][300], inner[320];
    cx_atomic_group g;
    cx_error err;
    FILE *fp;
    int tmp;
    make_tmpdir(dir, sizeof dir);
    for (int i = 0; i < 3; i++)
        snprintf(path[i], sizeof path[i], "%s/f%d.csv", dir, i);
    FILE *old = fopen(path[0], "w");            /* f0 old, f1 absent, f2 a directory */
    ck_assert_ptr_nonnull(old);
    fputs("old\n", old);
    fclose(old);
    ck_assert_int_eq(mkdir(path[2], 0755), 0);
    snprintf(inner, sizeof inner, "%s/keep", path[2]);
    ck_assert_int_eq(mkdir(inner, 0755), 0);
    cx_atomic_group_init(&g);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(cx_atomic_group_open(&g, path[i], &fp, &err), CX_OK);
        fputs("new\n", fp);
    }
    ck_assert_int_eq(cx_atomic_group_commit(&g, &err), CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, path[2]));
    ck_assert_ptr_nonnull(strstr(err.msg, "put back as they were"));
    char *s = slurp(path[0]);
    ck_assert_str_eq(s, "old\n");
    free(s);
    ck_assert_int_ne(access(path[1], F_OK), 0);
    ck_assert_int_eq(count_entries(dir, &tmp), 2);   /* f0 and the directory */
    ck_assert_int_eq(tmp, 0);
    rm_rf(dir);
}
END_TEST

/* The directory lock: a second holder is refused (flock is per open file,
 * so one process can test it), and taking it removes the temporary files
 * a killed writer left, ours only. */
START_TEST(dir_lock)
{
    char dir[256], sub[300], p[400];
    cx_io_dir_lock_t a, b;
    cx_error err;
    size_t n;
    make_tmpdir(dir, sizeof dir);
    snprintf(sub, sizeof sub, "%s/out", dir);
    static const char *const names[] = {"summary.csv.tmp.AbC123", "run.json.tmp.x1Y2z3.old",
                                        "notes.tmp.txt", "summary.csv.tmp.AbC12",
                                        "data.csv"};
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    snprintf(p, sizeof p, "%s/calibrate.tmp.Zz9Yy8", sub);   /* a killed calibrate's stage */
    ck_assert_int_eq(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/calibrate.tmp.Zz9Yy8/fit.csv", sub);
    fclose(fopen(p, "w"));
    for (size_t i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s/%s", sub, names[i]);
        FILE *f = fopen(p, "w");
        ck_assert_ptr_nonnull(f);
        fclose(f);
    }
    ck_assert_int_eq(cx_io_dir_lock(sub, &a, &n, &err), CX_OK);
    ck_assert_int_eq(n, 3);                     /* the stage and the first two only */
    int tmp;
    ck_assert_int_eq(count_entries(sub, &tmp), 4);      /* and .cxsim.lock while held */
    ck_assert_int_eq(cx_io_dir_lock(sub, &b, NULL, &err), CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "being written by another cxsim process"));
    cx_io_dir_unlock(&a);
    ck_assert_int_eq(count_entries(sub, &tmp), 3);      /* the lock file goes with it */
    ck_assert_int_eq(cx_io_dir_lock(sub, &b, NULL, &err), CX_OK);
    cx_io_dir_unlock(&b);
    ck_assert_int_eq(access(sub, F_OK), 0);     /* not made by the lock: kept */
    /* a directory the lock made goes again if nothing was written */
    snprintf(sub, sizeof sub, "%s/new/deeper", dir);
    ck_assert_int_eq(cx_io_dir_lock(sub, &a, NULL, &err), CX_OK);
    ck_assert_int_eq(access(sub, F_OK), 0);
    cx_io_dir_unlock(&a);
    ck_assert_int_ne(access(sub, F_OK), 0);
    rm_rf(dir);
}
END_TEST

/* A group killed (SIGKILL, CXSIM_TEST_KILL_AT) at each of its steps: f0
 * and f1 replaced, f2 new, gone.csv removed. Whatever the step, the next
 * lock of the directory leaves it wholly old (killed before the journal)
 * or wholly new (after), with no journal, kept or temporary file. */
static void write_text(const char *dir, const char *name, const char *text)
{
    char p[400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static int file_is(const char *dir, const char *name, const char *text)
{
    char *s = slurp_in(dir, name);
    int same = s && text && strcmp(s, text) == 0;
    int both_absent = !s && !text;
    free(s);
    return same || both_absent;
}

START_TEST(atomic_group_killed)
{
    static const char *const names[] = {"f0.csv", "f1.csv", "f2.csv"};
    int kills = 0, olds = 0, news = 0;
    for (int step = 1; step <= 8; step++) {
        char dir[256];
        make_tmpdir(dir, sizeof dir);
        write_text(dir, "f0.csv", "old0\n");
        write_text(dir, "f1.csv", "old1\n");
        write_text(dir, "gone.csv", "gone\n");
        write_text(dir, "mine.txt", "not cxsim's\n");
        fflush(NULL);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            char v[16], p[400];
            cx_atomic_group g;
            cx_error err;
            FILE *fp;
            snprintf(v, sizeof v, "%d", step);
            setenv("CXSIM_TEST_KILL_AT", v, 1);
            cx_atomic_group_init(&g);
            snprintf(p, sizeof p, "%s/gone.csv", dir);
            if (cx_atomic_group_remove(&g, p, &err) != CX_OK)
                _exit(3);
            for (int i = 0; i < 3; i++) {
                snprintf(p, sizeof p, "%s/%s", dir, names[i]);
                if (cx_atomic_group_open(&g, p, &fp, &err) != CX_OK)
                    _exit(3);
                fprintf(fp, "new%d\n", i);
            }
            _exit(cx_atomic_group_commit(&g, &err) == CX_OK ? 0 : 2);
        }
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        if (step <= 7) {        /* 1 before the journal, 4 changes, 2 after */
            ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
            kills++;
        } else {
            ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }
        cx_io_dir_lock_t lk;
        cx_error err;
        ck_assert_int_eq(cx_io_dir_lock(dir, &lk, NULL, &err), CX_OK);
        cx_io_dir_unlock(&lk);
        int old = file_is(dir, "f0.csv", "old0\n") && file_is(dir, "f1.csv", "old1\n") &&
                  file_is(dir, "f2.csv", NULL) && file_is(dir, "gone.csv", "gone\n");
        int new = file_is(dir, "f0.csv", "new0\n") && file_is(dir, "f1.csv", "new1\n") &&
                  file_is(dir, "f2.csv", "new2\n") && file_is(dir, "gone.csv", NULL);
        ck_assert_msg(old || new, "killed at step %d: a mixed directory", step);
        ck_assert_msg(step == 1 ? old : new, "killed at step %d: %s", step,
                      old ? "old" : "new");
        ck_assert(file_is(dir, "mine.txt", "not cxsim's\n"));
        int tmp;
        ck_assert_int_eq(count_entries(dir, &tmp), 4);
        ck_assert_int_eq(tmp, 0);
        olds += old;
        news += new;
        rm_rf(dir);
    }
    ck_assert_int_eq(kills, 7);
    ck_assert_int_eq(olds, 1);
    ck_assert_int_eq(news, 7);
}
END_TEST

/* A journal that lists a path outside the directory, or a file that is
 * not a temporary one of ours, is refused, and nothing is moved. */
START_TEST(journal_hostile)
{
    char dir[256];
    cx_io_dir_lock_t lk;
    cx_error err;
    make_tmpdir(dir, sizeof dir);
    write_text(dir, "data.csv", "mine\n");
    write_text(dir, ".cxsim-journal", "cxsim journal 1\nR\tdata.csv\t../x.csv\t-\n");
    ck_assert_int_eq(cx_io_dir_lock(dir, &lk, NULL, &err), CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a cxsim journal"));
    write_text(dir, ".cxsim-journal", "cxsim journal 1\nR\tdata.csv\tother.csv\t-\n");
    ck_assert_int_eq(cx_io_dir_lock(dir, &lk, NULL, &err), CX_ERR_IO);
    ck_assert(file_is(dir, "data.csv", "mine\n"));
    ck_assert(file_is(dir, "other.csv", NULL));
    /* a line of three fields whose next line would complete it */
    write_text(dir, ".cxsim-journal", "cxsim journal 1\nR\ta.tmp.AbC123\tb.csv\nx\t-\n");
    ck_assert_int_eq(cx_io_dir_lock(dir, &lk, NULL, &err), CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a cxsim journal"));
    rm_rf(dir);
}
END_TEST

START_TEST(atomic_write_fails)
{
    /* Writes that fail (the descriptor swapped for a read-only one) make
     * the commit fail and leave nothing behind. */
    char dir[256], path[300];
    cx_atomic_file f;
    cx_error err;
    int tmp;
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    ck_assert_int_eq(cx_atomic_open(&f, path, &err), CX_OK);
    int ro = open("/dev/null", O_RDONLY);
    ck_assert_int_ge(ro, 0);
    ck_assert_int_ge(dup2(ro, fileno(f.fp)), 0);
    close(ro);
    fputs("data\n", f.fp);
    ck_assert_int_eq(cx_atomic_commit(&f, &err), CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert_int_eq(count_entries(dir, &tmp), 0);
    ck_assert_int_ne(access(path, F_OK), 0);
    rm_rf(dir);
}
END_TEST

static int write_hello(FILE *fp, const void *ctx)
{
    return fputs((const char *)ctx, fp) < 0 ? -1 : 0;
}

static int write_then_fail(FILE *fp, const void *ctx)
{
    (void)ctx;
    fputs("half\n", fp);
    errno = ENOSPC;
    return -1;
}

/* cx_atomic_write: the writer's text under dir/name, or nothing and the
 * reason when the writer fails or the name cannot be made. */
START_TEST(atomic_write_helper)
{
    char dir[256], path[300], slashed[260], big[5000];
    cx_error err;
    int tmp;
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(cx_atomic_write(dir, "a.txt", write_hello, "hello\n", &err), CX_OK);
    char *text = slurp_in(dir, "a.txt");
    ck_assert_str_eq(text, "hello\n");
    free(text);
    snprintf(slashed, sizeof slashed, "%s/", dir);     /* a trailing slash is fine */
    ck_assert_int_eq(cx_atomic_write(slashed, "b.txt", write_hello, "x", &err), CX_OK);
    ck_assert_int_eq(cx_atomic_write(dir, "c.txt", write_then_fail, NULL, &err), CX_ERR_IO);
    snprintf(path, sizeof path, "%s/c.txt", dir);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert_ptr_nonnull(strstr(err.msg, strerror(ENOSPC)));
    ck_assert_int_eq(count_entries(dir, &tmp), 2);
    ck_assert_int_eq(tmp, 0);
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(cx_atomic_write(dir, big, write_hello, "x", &err), CX_ERR_IO);
    ck_assert_int_eq(count_entries(dir, &tmp), 2);
    rm_rf(dir);
}
END_TEST

START_TEST(mkdir_p)
{
    char dir[256], path[400];
    cx_error err;
    struct stat st;
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/a/b//c/", dir);
    ck_assert_int_eq(cx_io_mkdir_p(path, &err), CX_OK);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert_int_eq(cx_io_mkdir_p(path, &err), CX_OK);   /* exists: fine */
    /* A regular file in the way, as the leaf and as a parent. */
    snprintf(path, sizeof path, "%s/file", dir);
    fclose(fopen(path, "w"));
    ck_assert_int_eq(cx_io_mkdir_p(path, &err), CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    snprintf(path, sizeof path, "%s/file/sub", dir);
    ck_assert_int_eq(cx_io_mkdir_p(path, &err), CX_ERR_IO);
    ck_assert_int_eq(cx_io_mkdir_p("", &err), CX_ERR_IO);
    rm_rf(dir);
}
END_TEST

/* A file removed, a missing one no error, a non-empty directory an error
 * naming it. */
START_TEST(io_remove)
{
    char dir[256], path[400];
    cx_error err;
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.json", dir);
    fclose(fopen(path, "w"));
    ck_assert_int_eq(cx_io_remove(dir, "run.json", &err), CX_OK);
    ck_assert_int_eq(access(path, F_OK), -1);
    ck_assert_int_eq(cx_io_remove(dir, "run.json", &err), CX_OK);     /* gone: fine */
    snprintf(path, sizeof path, "%s/sub", dir);
    ck_assert_int_eq(cx_io_mkdir_p(path, &err), CX_OK);
    snprintf(path, sizeof path, "%s/sub/f", dir);
    fclose(fopen(path, "w"));
    ck_assert_int_eq(cx_io_remove(dir, "sub", &err), CX_ERR_IO);
    snprintf(path, sizeof path, "%s/sub: cannot remove: ", dir);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert_int_eq(cx_io_remove(dir, "sub", NULL), CX_ERR_IO);     /* err may be NULL */
    rm_rf(dir);
}
END_TEST

/* ---- results directory --------------------------------------------------- */

#define REPS 3
#define HORIZON 2
#define M CX_METRIC_COUNT
#define NTP 3
#define TPM CX_TP_METRIC_COUNT

/* A hand-built result: variants "baseline" and "quick,wins" (a comma, to
 * be quoted), 3 replications, 2 periods, 3 touchpoints: purchase/browse,
 * purchase/"pay, now" (a comma again) and support/call. Every value is 0.5
 * (horizon, touchpoints) or 0.25 (periods) except:
 *   horizon nps:        baseline 1, 2, 3;  quick,wins 10, 20, 60
 *   horizon ltr_mean:   baseline NaN, NaN, 5
 *   horizon promoter_share: NaN in every replication of both variants
 *   period 1 nps:       baseline 1, 2, 3
 *   period 2 nps:       baseline 4, 4, 4
 *   browse visits:         baseline 100, 200, 300
 *   browse friction_rate:  baseline NaN, NaN, 0.2
 *   browse recovery_rate:  NaN in every replication of both variants
 *   call emotion_mean:     quick,wins -0.25, 0, 0.25
 * (binary fractions, so that the mean is exactly 0 whatever the precision
 * GSL sums in: valgrind runs long double as double). */
typedef struct fixture {
    cx_batch_result b;
    char names[2][CX_NAME_MAX];
    char journeys[NTP][CX_NAME_MAX];
    char touchpoints[NTP][CX_NAME_MAX];
    double horizon[2 * REPS * M];
    double periods[2 * REPS * HORIZON * M];
    double tp[2 * REPS * NTP * TPM];
} fixture;

/* The touchpoint values of the fixture (see above). */
static void fixture_touchpoints(fixture *fx)
{
    static const char *const jn[NTP] = { "purchase", "purchase", "support" };
    static const char *const tn[NTP] = { "browse", "pay, now", "call" };
    for (size_t k = 0; k < NTP; k++) {
        strcpy(fx->journeys[k], jn[k]);
        strcpy(fx->touchpoints[k], tn[k]);
    }
    for (size_t i = 0; i < 2 * REPS * NTP * TPM; i++)
        fx->tp[i] = 0.5;
    for (size_t v = 0; v < 2; v++)
        for (size_t r = 0; r < REPS; r++) {
            double *browse = fx->tp + ((v * REPS + r) * NTP + 0) * TPM;
            double *call = fx->tp + ((v * REPS + r) * NTP + 2) * TPM;
            browse[CX_TPM_RECOVERY_RATE] = NAN;
            if (v == 0) {
                browse[CX_TPM_VISITS] = 100.0 * (double)(r + 1);
                browse[CX_TPM_FRICTION_RATE] = r == 2 ? 0.2 : NAN;
            } else {
                call[CX_TPM_EMOTION_MEAN] = -0.25 + 0.25 * (double)r;
            }
        }
}

static void fixture_init(fixture *fx)
{
    static const double nps[2][REPS] = { { 1, 2, 3 }, { 10, 20, 60 } };
    strcpy(fx->names[0], "baseline");
    strcpy(fx->names[1], "quick,wins");
    fx->b = (cx_batch_result){
        .n_variants = 2, .variant_names = fx->names, .reps = REPS, .reps_requested = REPS,
        .horizon = HORIZON, .n_touchpoints = NTP,
        .journey_names = fx->journeys, .touchpoint_names = fx->touchpoints,
        .horizon_values = fx->horizon, .period_values = fx->periods,
        .touchpoint_values = fx->tp,
    };
    for (size_t i = 0; i < 2 * REPS * M; i++)
        fx->horizon[i] = 0.5;
    for (size_t i = 0; i < 2 * REPS * HORIZON * M; i++)
        fx->periods[i] = 0.25;
    for (size_t v = 0; v < 2; v++)
        for (size_t r = 0; r < REPS; r++) {
            double *h = fx->horizon + (v * REPS + r) * M;
            h[CX_M_NPS] = nps[v][r];
            h[CX_M_LTR_MEAN] = v == 0 && r == 2 ? 5 : NAN;
            h[CX_M_PROMOTER_SHARE] = NAN;
        }
    for (size_t r = 0; r < REPS; r++) {
        fx->periods[((0 * REPS + r) * HORIZON + 0) * M + CX_M_NPS] = nps[0][r];
        fx->periods[((0 * REPS + r) * HORIZON + 1) * M + CX_M_NPS] = 4;
    }
    fixture_touchpoints(fx);
}

/* A one-segment, one-touchpoint model built by hand (zeroed but for a few
 * fields), so that run.json's parameters can be checked. The journey has
 * frequency 0.75, 0.5 for segment basic; checkout loops to itself with
 * probability 0.25 and ends with 0.7. */
typedef struct model_fixture {
    cx_model m;
    cx_segment seg;
    cx_journey jr;
    cx_touchpoint tp;
    cx_journey_frequency freq;
} model_fixture;

static void model_init(model_fixture *mf)
{
    memset(mf, 0, sizeof *mf);
    strcpy(mf->m.name, "Tiny \"test\"");
    mf->m.horizon = HORIZON;
    mf->m.population = 1000;
    mf->m.discount_rate = 0.01;
    strcpy(mf->seg.name, "basic");
    mf->seg.share = 1;
    strcpy(mf->tp.name, "checkout");
    strcpy(mf->tp.channel, "web");
    mf->tp.friction = 0.25;
    strcpy(mf->jr.name, "purchase");
    mf->jr.touchpoints = &mf->tp;
    mf->jr.n_touchpoints = 1;
    mf->jr.frequency = 0.75;
    strcpy(mf->freq.segment, "basic");
    mf->freq.value = 0.5;
    mf->jr.by_segment = &mf->freq;
    mf->jr.n_by_segment = 1;
    mf->tp.n_next = 2;
    strcpy(mf->tp.next_name[0], "checkout");
    mf->tp.next_p[0] = 0.25;
    mf->tp.next_index[0] = 0;
    strcpy(mf->tp.next_name[1], "done");
    mf->tp.next_p[1] = 0.7;
    mf->tp.next_index[1] = CX_DONE;
    mf->m.segments = &mf->seg;
    mf->m.n_segments = 1;
    mf->m.journeys = &mf->jr;
    mf->m.n_journeys = 1;
}

static const char *const overrides[] = { "scenario.horizon=2" };

static cx_results_info run_info(const cx_model *m)
{
    cx_results_info info = {
        .command = "run", .scenario_path = "scenarios/tiny.lua",
        .scenario_sha256 = "e3b0c44298fc1c149afbf4c8996fb924"
                           "27ae41e4649b934ca495991b7852b855",
        .seed = 42, .reps = REPS, .threads = 2, .model = m,
        .overrides = overrides, .n_overrides = 1, .wall_seconds = 0.5,
    };
    return info;
}

/* Writes the fixture into dir/sub, returning the status. */
static cx_status write_fixture(const char *dir, const char *sub, char *out,
                               size_t size, cx_error *err)
{
    fixture fx;
    model_fixture mf;
    fixture_init(&fx);
    model_init(&mf);
    cx_results_info info = run_info(&mf.m);
    snprintf(out, size, "%s/%s", dir, sub);
    return cx_results_write(out, &fx.b, &info, err);
}

START_TEST(results_summary)
{
    char dir[256], out[300], line[256], want[256];
    cx_error err;
    make_tmpdir(dir, sizeof dir);
    /* "new/out": missing parents are made too. */
    ck_assert_int_eq(write_fixture(dir, "new/out", out, sizeof out, &err), CX_OK);
    char *s = slurp_in(out, "summary.csv");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(count_lines(s), 1 + 2 * M);
    ck_assert_str_eq(line_at(s, 0, line, sizeof line),
                     "variant,metric,mean,sd,ci_low,ci_high,n");
    /* baseline nps 1, 2, 3: mean 2, sd 1. For 2 degrees of freedom the t
     * quantile has a closed form, t_p = (2p - 1) / sqrt(2 p (1 - p)), so
     * t_0.975 = 0.95 / sqrt(0.04875) = 4.302652729749464 and the half-width
     * is t sd / sqrt(3) = 2.484137711750331: CI [-0.48413771175,
     * 4.48413771175] at %.12g. */
    ck_assert_str_eq(line_at(s, 1, line, sizeof line),
                     "baseline,nps,2,1,-0.48413771175,4.48413771175,3");
    /* ltr_mean NaN, NaN, 5: one value, so no sd or interval. */
    ck_assert_str_eq(line_at(s, 2, line, sizeof line),
                     "baseline,ltr_mean,5,NA,NA,NA,1");
    /* promoter_share all NaN: nothing left, n = 0. */
    ck_assert_str_eq(line_at(s, 3, line, sizeof line),
                     "baseline,promoter_share,NA,NA,NA,NA,0");
    /* detractor_share 0.5 three times: sd 0, a zero-width interval. */
    ck_assert_str_eq(line_at(s, 4, line, sizeof line),
                     "baseline,detractor_share,0.5,0,0.5,0.5,3");
    /* quick,wins nps 10, 20, 60: mean 30, deviations -20, -10, 30, so
     * sd = sqrt(1400 / 2) = sqrt(700) = 26.457513110645905 and the
     * half-width t sd / sqrt(3) = 2.484137711750331 * 26.457513110645905
     * = 65.7241060772843: CI [-35.7241060773, 95.7241060773] at %.12g.
     * The name is quoted (it holds a comma). */
    ck_assert_str_eq(line_at(s, 1 + M, line, sizeof line),
                     "\"quick,wins\",nps,30,26.4575131106,-35.7241060773,"
                     "95.7241060773,3");
    /* The last metric closes the file. */
    snprintf(want, sizeof want, "\"quick,wins\",%s,0.5,0,0.5,0.5,3",
             cx_metric_name(M - 1));
    ck_assert_str_eq(line_at(s, 2 * M, line, sizeof line), want);
    free(s);
    rm_rf(dir);
}
END_TEST

START_TEST(results_replications)
{
    char dir[256], out[300], line[256];
    cx_error err;
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(write_fixture(dir, "out", out, sizeof out, &err), CX_OK);
    char *s = slurp_in(out, "replications.csv");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(count_lines(s), 1 + 2 * REPS * M);
    ck_assert_str_eq(line_at(s, 0, line, sizeof line),
                     "variant,replication,metric,value");
    /* Rows run variant, replication (from 1), metric. */
    ck_assert_str_eq(line_at(s, 1, line, sizeof line), "baseline,1,nps,1");
    ck_assert_str_eq(line_at(s, 2, line, sizeof line), "baseline,1,ltr_mean,NA");
    ck_assert_str_eq(line_at(s, 1 + 2 * M + 1, line, sizeof line),
                     "baseline,3,ltr_mean,5");
    ck_assert_str_eq(line_at(s, 1 + 5 * M, line, sizeof line),
                     "\"quick,wins\",3,nps,60");
    free(s);
    rm_rf(dir);
}
END_TEST

START_TEST(results_periods)
{
    char dir[256], out[300], line[256];
    cx_error err;
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(write_fixture(dir, "out", out, sizeof out, &err), CX_OK);
    char *s = slurp_in(out, "periods.csv");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(count_lines(s), 1 + 2 * HORIZON * M);
    ck_assert_str_eq(line_at(s, 0, line, sizeof line),
                     "variant,period,metric,mean,ci_low,ci_high");
    /* Period 1 nps 1, 2, 3: as the summary's baseline nps. */
    ck_assert_str_eq(line_at(s, 1, line, sizeof line),
                     "baseline,1,nps,2,-0.48413771175,4.48413771175");
    ck_assert_str_eq(line_at(s, 2, line, sizeof line),
                     "baseline,1,ltr_mean,0.25,0.25,0.25");
    /* Period 2 nps 4, 4, 4. */
    ck_assert_str_eq(line_at(s, 1 + M, line, sizeof line),
                     "baseline,2,nps,4,4,4");
    ck_assert_str_eq(line_at(s, 1 + 2 * M, line, sizeof line),
                     "\"quick,wins\",1,nps,0.25,0.25,0.25");
    free(s);
    rm_rf(dir);
}
END_TEST

START_TEST(results_touchpoints)
{
    char dir[256], out[300], line[256], want[256];
    cx_error err;
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(write_fixture(dir, "out", out, sizeof out, &err), CX_OK);
    char *s = slurp_in(out, "touchpoints.csv");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(count_lines(s), 1 + 2 * NTP * TPM);
    ck_assert_str_eq(line_at(s, 0, line, sizeof line),
                     "variant,journey,touchpoint,metric,mean,ci_low,ci_high");
    /* Rows run variant, touchpoint, metric. Browse visits 100, 200, 300:
     * mean 200, sd 100, half-width 2.484137711750331 * 100 (the t quantile
     * of results_summary), CI [-48.4137711750, 448.413771175] at %.12g. */
    ck_assert_str_eq(line_at(s, 1, line, sizeof line),
                     "baseline,purchase,browse,visits,200,-48.413771175,"
                     "448.413771175");
    ck_assert_str_eq(line_at(s, 2, line, sizeof line),
                     "baseline,purchase,browse,reach_rate,0.5,0.5,0.5");
    /* friction_rate NaN, NaN, 0.2: one value, no interval. */
    ck_assert_str_eq(line_at(s, 3, line, sizeof line),
                     "baseline,purchase,browse,friction_rate,0.2,NA,NA");
    /* recovery_rate NaN throughout: all NA. */
    ck_assert_str_eq(line_at(s, 5, line, sizeof line),
                     "baseline,purchase,browse,recovery_rate,NA,NA,NA");
    /* A touchpoint name with a comma is quoted. */
    ck_assert_str_eq(line_at(s, 1 + TPM, line, sizeof line),
                     "baseline,purchase,\"pay, now\",visits,0.5,0.5,0.5");
    ck_assert_str_eq(line_at(s, 1 + 2 * TPM, line, sizeof line),
                     "baseline,support,call,visits,0.5,0.5,0.5");
    /* quick,wins call emotion_mean -0.25, 0, 0.25: mean 0, sd 0.25,
     * half-width 2.484137711750331 * 0.25 = 0.6210344279375828. */
    ck_assert_str_eq(line_at(s, 1 + 5 * TPM + CX_TPM_EMOTION_MEAN, line,
                             sizeof line),
                     "\"quick,wins\",support,call,emotion_mean,0,"
                     "-0.621034427938,0.621034427938");
    /* The last touchpoint metric closes the file. */
    snprintf(want, sizeof want, "\"quick,wins\",support,call,%s,0.5,0.5,0.5",
             cx_tp_metric_name(TPM - 1));
    ck_assert_str_eq(line_at(s, 6 * TPM, line, sizeof line), want);
    free(s);
    rm_rf(dir);
}
END_TEST

/* Every key of the parameter tables appears in run.json (text s) under the
 * model fixture's prefixes, so keys added to a table are never missed. */
static void check_every_param(const char *s)
{
    static const char *const prefixes[] = {
        "scenario", "segment.basic", "journey.purchase.checkout",
    };
    const cx_param_spec *(*const tables[])(size_t *) = {
        cx_model_scenario_params, cx_model_segment_params,
        cx_model_touchpoint_params,
    };
    char key[300];
    for (size_t t = 0; t < 3; t++) {
        size_t n;
        const cx_param_spec *specs = tables[t](&n);
        ck_assert_uint_gt(n, 0);
        for (size_t i = 0; i < n; i++) {
            snprintf(key, sizeof key, "\"%s.%s\": ", prefixes[t], specs[i].key);
            ck_assert_msg(strstr(s, key), "run.json lacks %s", key);
        }
    }
}

START_TEST(results_run_json)
{
    char dir[256], out[300];
    cx_error err;
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(write_fixture(dir, "out", out, sizeof out, &err), CX_OK);
    char *s = slurp_in(out, "run.json");
    ck_assert_ptr_nonnull(s);
    static const char *const want[] = {
        "{\n  \"cxsim_version\": \"" PACKAGE_VERSION "\",\n  \"command\": \"run\",\n",
        "  \"scenario\": {\n    \"path\": \"scenarios/tiny.lua\",\n"
        "    \"sha256\": \"e3b0c44298fc1c149afbf4c8996fb924"
        "27ae41e4649b934ca495991b7852b855\",\n"
        "    \"name\": \"Tiny \\\"test\\\"\"\n  },\n",
        "  \"seed\": 42,\n  \"reps\": 3,\n  \"complete\": true,\n  \"reps_requested\": 3,\n"
        "  \"threads\": 2,\n",
        "  \"variants\": [\n    \"baseline\",\n    \"quick,wins\"\n  ],\n",
        "  \"horizon\": 2,\n  \"population\": 1000,\n",
        /* The journeys of the batch's touchpoints, each once. */
        "  \"touchpoints\": 3,\n  \"journeys\": [\n    \"purchase\",\n"
        "    \"support\"\n  ],\n",
        "  \"overrides\": [\n    \"scenario.horizon=2\"\n  ],\n",
        "  \"parameters\": {\n    \"scenario.horizon\": 2,\n",
        "    \"scenario.population\": 1000,\n",
        "    \"scenario.discount_rate\": 0.01,\n",
        "    \"segment.basic.share\": 1,\n",
        /* Frequencies come before the journey's touchpoints. */
        "    \"journey.purchase.frequency\": 0.75,\n"
        "    \"journey.purchase.frequency.basic\": 0.5,\n"
        "    \"journey.purchase.checkout.",
        "    \"journey.purchase.checkout.friction\": 0.25,\n",
        /* Edges follow the channel, in the touchpoint's order. */
        "    \"journey.purchase.checkout.channel\": \"web\",\n"
        "    \"journey.purchase.checkout.next.checkout\": 0.25,\n"
        "    \"journey.purchase.checkout.next.done\": 0.7\n  },\n",
        "  \"wall_seconds\": 0.5\n}\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(strstr(s, want[i]), "run.json lacks: %s", want[i]);
    check_every_param(s);
    free(s);
    rm_rf(dir);
}
END_TEST

/* A command's own members come before wall_seconds. */
static void run_extra_members(struct cx_json *j, void *ctx)
{
    cx_json_key(j, "calibration");
    cx_json_begin_object(j);
    cx_json_key(j, "evaluations");
    cx_json_integer(j, *(const int *)ctx);
    cx_json_end_object(j);
}

START_TEST(results_run_json_extra)
{
    char dir[256], out[300];
    cx_error err;
    fixture fx;
    model_fixture mf;
    static int evals = 57;
    fixture_init(&fx);
    model_init(&mf);
    cx_results_info info = run_info(&mf.m);
    info.extra = run_extra_members;
    info.extra_ctx = &evals;
    make_tmpdir(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/x", dir);
    ck_assert_int_eq(cx_results_write(out, &fx.b, &info, &err), CX_OK);
    char *s = slurp_in(out, "run.json");
    ck_assert_ptr_nonnull(strstr(s, "  },\n  \"calibration\": {\n    \"evaluations\": 57\n"
                                    "  },\n  \"wall_seconds\": 0.5\n}\n"));
    free(s);
    rm_rf(dir);
}
END_TEST

/* Where the run came from: the absolute path in "scenario", the command
 * line and the start time after the command's own members, just before
 * wall_seconds (docs/results.md, "run.json"). */
START_TEST(results_run_json_origin)
{
    char dir[256], out[300];
    cx_error err;
    fixture fx;
    model_fixture mf;
    static const char *const argv[] = {"cxsim", "run", "scenarios/tiny.lua", "--seed", "42"};
    cx_results_origin origin = {argv, 5, "2026-12-07T21:14:03Z", "/home/a/scenarios/tiny.lua"};
    fixture_init(&fx);
    model_init(&mf);
    cx_results_info info = run_info(&mf.m);
    info.origin = &origin;
    make_tmpdir(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/x", dir);
    ck_assert_int_eq(cx_results_write(out, &fx.b, &info, &err), CX_OK);
    char *s = slurp_in(out, "run.json");
    ck_assert_ptr_nonnull(strstr(s, "    \"path\": \"scenarios/tiny.lua\",\n"
                                    "    \"absolute_path\": \"/home/a/scenarios/tiny.lua\",\n"
                                    "    \"sha256\": "));
    ck_assert_ptr_nonnull(strstr(s, "  },\n  \"command_line\": [\n    \"cxsim\",\n"
                                    "    \"run\",\n    \"scenarios/tiny.lua\",\n"
                                    "    \"--seed\",\n    \"42\"\n  ],\n"
                                    "  \"started\": \"2026-12-07T21:14:03Z\",\n"
                                    "  \"wall_seconds\": 0.5\n}\n"));
    free(s);
    rm_rf(dir);
}
END_TEST

/* A stopped batch: run.json says so, and checkpoint.bin gives the batch
 * back bit for bit (NaNs and the comma in a name included). */
START_TEST(results_stopped_checkpoint)
{
    char dir[256], out[300], path[400];
    cx_error err;
    fixture fx;
    model_fixture mf;
    fixture_init(&fx);
    model_init(&mf);
    fx.b.reps_requested = 10;
    cx_results_info info = run_info(&mf.m);
    info.resume_key = "command run\nseed 42\n";
    make_tmpdir(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/out", dir);
    ck_assert_int_eq(cx_results_write(out, &fx.b, &info, &err), CX_OK);
    char *s = slurp_in(out, "run.json");
    ck_assert_ptr_nonnull(strstr(s, "  \"reps\": 3,\n  \"complete\": false,\n"
                                    "  \"reps_requested\": 10,\n"));
    free(s);
    snprintf(path, sizeof path, "%s/checkpoint.bin", out);
    cx_batch_result *r = NULL;
    char *key = NULL;
    ck_assert_int_eq(cx_checkpoint_read(path, &r, &key, &err), CX_OK);
    ck_assert_str_eq(key, info.resume_key);
    ck_assert_uint_eq(r->n_variants, 2);
    ck_assert_uint_eq(r->reps, REPS);
    ck_assert_uint_eq(r->reps_requested, 10);
    ck_assert_uint_eq(r->horizon, HORIZON);
    ck_assert_uint_eq(r->n_touchpoints, NTP);
    ck_assert_str_eq(r->variant_names[1], "quick,wins");
    ck_assert_str_eq(r->touchpoint_names[1], "pay, now");
    ck_assert_int_eq(memcmp(r->horizon_values, fx.horizon, sizeof fx.horizon), 0);
    ck_assert_int_eq(memcmp(r->period_values, fx.periods, sizeof fx.periods), 0);
    ck_assert_int_eq(memcmp(r->touchpoint_values, fx.tp, sizeof fx.tp), 0);
    cx_batch_result_free(r);
    free(key);

    /* a byte changed, or the file cut short: refused, nothing returned */
    FILE *f = fopen(path, "r+b");
    ck_assert_ptr_nonnull(f);
    fseek(f, 200, SEEK_SET);
    fputc('x', f);
    fclose(f);
    ck_assert_int_eq(cx_checkpoint_read(path, &r, &key, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(r);
    ck_assert_ptr_null(key);
    ck_assert_ptr_nonnull(strstr(err.msg, "checksum does not match"));
    ck_assert_int_eq(truncate(path, 20), 0);
    ck_assert_int_eq(cx_checkpoint_read(path, &r, &key, &err), CX_ERR_INPUT);

    /* the run completed (a resume): the checkpoint goes */
    fx.b.reps_requested = REPS;
    ck_assert_int_eq(cx_results_write(out, &fx.b, &info, &err), CX_OK);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/missing.bin", out);
    ck_assert_int_eq(cx_checkpoint_read(path, &r, &key, &err), CX_ERR_IO);
    rm_rf(dir);
}
END_TEST

/* ---- files of the analysis verbs ----------------------------------------- */

static void extra_members(struct cx_json *j, void *ctx)
{
    cx_json_key(j, "design");
    cx_json_string(j, (const char *)ctx);
}

/* An analysis's run.json: a run's members, one variant, the model's
 * horizon and journeys, the analysis's own members before wall_seconds. */
START_TEST(results_analysis_json)
{
    char dir[256];
    cx_error err;
    model_fixture mf;
    model_init(&mf);
    cx_results_info info = run_info(&mf.m);
    info.command = "sweep";
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(cx_results_write_analysis_json(dir, &info, "baseline", extra_members,
                                                    "grid", &err), CX_OK);
    char *s = slurp_in(dir, "run.json");
    static const char *const want[] = {
        "  \"command\": \"sweep\",\n",
        "  \"seed\": 42,\n  \"reps\": 3,\n  \"threads\": 2,\n",
        "  \"variants\": [\n    \"baseline\"\n  ],\n",
        "  \"horizon\": 2,\n  \"population\": 1000,\n",
        "  \"touchpoints\": 1,\n  \"journeys\": [\n    \"purchase\"\n  ],\n",
        "    \"journey.purchase.checkout.friction\": 0.25,\n",
        "  },\n  \"design\": \"grid\",\n  \"wall_seconds\": 0.5\n}\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(strstr(s, want[i]), "run.json lacks: %s", want[i]);
    free(s);
    info.model = NULL;
    ck_assert_int_eq(cx_results_write_analysis_json(dir, &info, "baseline", NULL, NULL, &err),
                     CX_ERR_USAGE);
    rm_rf(dir);
}
END_TEST

/* cx_batch_result_append: a's replications then b's, every array. */
START_TEST(results_append)
{
    fixture a, b;
    fixture_init(&a);
    fixture_init(&b);
    a.b.reps_requested = 6;     /* a was stopped after 3 of 6 */
    cx_batch_result *r = NULL;
    cx_error err;
    ck_assert_int_eq(cx_batch_result_append(&a.b, &b.b, &r, &err), CX_OK);
    ck_assert_uint_eq(r->reps, 6);
    ck_assert_uint_eq(r->reps_requested, 6);
    ck_assert_double_eq(cx_batch_horizon(r, 1, 2)[CX_M_NPS], 60);
    ck_assert_double_eq(cx_batch_horizon(r, 1, 5)[CX_M_NPS], 60);
    ck_assert_double_eq(cx_batch_horizon(r, 0, 3)[CX_M_NPS], 1);
    ck_assert_double_eq(cx_batch_period(r, 0, 4, 0)[CX_M_NPS], 2);
    ck_assert_double_eq(cx_batch_touchpoint(r, 0, 5, 0)[CX_TPM_VISITS], 300);
    ck_assert_double_eq(cx_batch_touchpoint(r, 1, 4, 2)[CX_TPM_EMOTION_MEAN], 0);
    ck_assert_str_eq(r->touchpoint_names[1], "pay, now");
    cx_batch_result_free(r);
    b.b.horizon = 1;
    ck_assert_int_eq(cx_batch_result_append(&a.b, &b.b, &r, &err), CX_ERR_USAGE);
    ck_assert_ptr_null(r);
}
END_TEST

START_TEST(results_no_model)
{
    /* Without a model run.json still parses: nulls and no parameters. */
    char dir[256], out[300];
    cx_error err;
    fixture fx;
    fixture_init(&fx);
    cx_results_info info = run_info(NULL);
    info.scenario_sha256 = NULL;
    make_tmpdir(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/out", dir);
    ck_assert_int_eq(cx_results_write(out, &fx.b, &info, &err), CX_OK);
    char *s = slurp_in(out, "run.json");
    ck_assert_ptr_nonnull(strstr(s, "\"sha256\": null,\n    \"name\": null\n"));
    ck_assert_ptr_nonnull(strstr(s, "\"population\": null,\n"));
    ck_assert_ptr_nonnull(strstr(s, "\"parameters\": {},\n"));
    free(s);
    rm_rf(dir);
}
END_TEST

START_TEST(results_no_touchpoints)
{
    /* No touchpoints (and no arrays for them): touchpoints.csv is its
     * header alone, run.json says 0 and lists no journeys. */
    char dir[256], out[300];
    cx_error err;
    fixture fx;
    fixture_init(&fx);
    fx.b.n_touchpoints = 0;
    fx.b.journey_names = NULL;
    fx.b.touchpoint_names = NULL;
    fx.b.touchpoint_values = NULL;
    cx_results_info info = run_info(NULL);
    make_tmpdir(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/out", dir);
    ck_assert_int_eq(cx_results_write(out, &fx.b, &info, &err), CX_OK);
    char *s = slurp_in(out, "touchpoints.csv");
    ck_assert_str_eq(s, "variant,journey,touchpoint,metric,mean,ci_low,ci_high\n");
    free(s);
    s = slurp_in(out, "run.json");
    ck_assert_ptr_nonnull(strstr(s, "\"touchpoints\": 0,\n  \"journeys\": [],\n"));
    free(s);
    rm_rf(dir);
}
END_TEST

START_TEST(results_deterministic)
{
    /* Same inputs, byte-identical CSV files; only the eight files remain
     * (the six of a run, nps.csv and variance.csv). */
    static const char *const csvs[] = {
        "summary.csv", "replications.csv", "periods.csv", "touchpoints.csv", "segments.csv",
    };
    char dir[256], a[300], b[300];
    cx_error err;
    int tmp;
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(write_fixture(dir, "a", a, sizeof a, &err), CX_OK);
    ck_assert_int_eq(write_fixture(dir, "b/", b, sizeof b, &err), CX_OK);
    for (int i = 0; i < 4; i++) {
        char *x = slurp_in(a, csvs[i]), *y = slurp_in(b, csvs[i]);
        ck_assert_ptr_nonnull(x);
        ck_assert_ptr_nonnull(y);
        ck_assert_str_eq(x, y);
        free(x);
        free(y);
    }
    ck_assert_int_eq(count_entries(a, &tmp), 8);
    ck_assert_int_eq(tmp, 0);
    /* Writing again over an existing directory replaces the files. */
    ck_assert_int_eq(write_fixture(dir, "a", a, sizeof a, &err), CX_OK);
    ck_assert_int_eq(count_entries(a, &tmp), 8);
    rm_rf(dir);
}
END_TEST

START_TEST(results_errors)
{
    char dir[256], out[300], path[320];
    cx_error err;
    int tmp;
    fixture fx;
    fixture_init(&fx);
    cx_results_info info = run_info(NULL);
    make_tmpdir(dir, sizeof dir);
    /* Missing arguments. */
    ck_assert_int_eq(cx_results_write(NULL, &fx.b, &info, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_results_write(dir, NULL, &info, &err), CX_ERR_USAGE);
    ck_assert_int_eq(cx_results_write(dir, &fx.b, NULL, &err), CX_ERR_USAGE);
    /* The directory cannot be made: a file is in the way. */
    snprintf(out, sizeof out, "%s/file", dir);
    fclose(fopen(out, "w"));
    snprintf(out, sizeof out, "%s/file/out", dir);
    ck_assert_int_eq(cx_results_write(out, &fx.b, &info, &err), CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, out));
    /* periods.csv cannot be renamed into place: the files renamed before
     * it are taken back (there were none before), nothing is left behind
     * but the directory in the way. */
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(path, sizeof path, "%s/periods.csv/x", out);
    ck_assert_int_eq(cx_io_mkdir_p(path, &err), CX_OK);
    ck_assert_int_eq(cx_results_write(out, &fx.b, &info, &err), CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "periods.csv"));
    ck_assert_int_eq(count_entries(out, &tmp), 1);
    ck_assert_int_eq(tmp, 0);
    ck_assert_int_eq(access(out, F_OK), 0);
    snprintf(path, sizeof path, "%s/run.json", out);
    ck_assert_int_ne(access(path, F_OK), 0);
    /* The same for touchpoints.csv, written after periods.csv. */
    snprintf(out, sizeof out, "%s/out2", dir);
    snprintf(path, sizeof path, "%s/touchpoints.csv/x", out);
    ck_assert_int_eq(cx_io_mkdir_p(path, &err), CX_OK);
    ck_assert_int_eq(cx_results_write(out, &fx.b, &info, &err), CX_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "touchpoints.csv"));
    ck_assert_int_eq(count_entries(out, &tmp), 1);
    ck_assert_int_eq(tmp, 0);
    snprintf(path, sizeof path, "%s/periods.csv", out);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/run.json", out);
    ck_assert_int_ne(access(path, F_OK), 0);
    /* Touchpoints without their arrays are a usage error. */
    fx.b.touchpoint_values = NULL;
    ck_assert_int_eq(cx_results_write(dir, &fx.b, &info, &err), CX_ERR_USAGE);
    rm_rf(dir);
}
END_TEST

static Suite *io_suite(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tcase_create("csv");
    tcase_add_test(tc, csv_quoting);
    tcase_add_test(tc, csv_numbers);
    tcase_add_test(tc, csv_rows);
    tcase_add_test(tc, csv_write_error);
    suite_add_tcase(s, tc);
    tc = tcase_create("json");
    tcase_add_test(tc, json_escaping);
    tcase_add_test(tc, json_numbers);
    tcase_add_test(tc, json_pretty);
    tcase_add_test(tc, json_misuse);
    tcase_add_test(tc, json_write_error);
    suite_add_tcase(s, tc);
    tc = tcase_create("sha256");
    tcase_add_test(tc, sha256_fips_vectors);
    tcase_add_test(tc, sha256_incremental);
    tcase_add_test(tc, sha256_file);
    suite_add_tcase(s, tc);
    tc = tcase_create("atomic");
    tcase_add_test(tc, atomic_commit);
    tcase_add_test(tc, atomic_abort);
    tcase_add_test(tc, atomic_missing_dir);
    tcase_add_test(tc, atomic_unwritable_dir);
    tcase_add_test(tc, atomic_rename_fails);
    tcase_add_test(tc, atomic_group_undo);
    tcase_add_test(tc, dir_lock);
    tcase_add_test(tc, atomic_group_killed);
    tcase_add_test(tc, journal_hostile);
    tcase_add_test(tc, atomic_write_fails);
    tcase_add_test(tc, atomic_write_helper);
    tcase_add_test(tc, mkdir_p);
    tcase_add_test(tc, io_remove);
    suite_add_tcase(s, tc);
    tc = tcase_create("results");
    tcase_add_test(tc, results_summary);
    tcase_add_test(tc, results_replications);
    tcase_add_test(tc, results_periods);
    tcase_add_test(tc, results_touchpoints);
    tcase_add_test(tc, results_run_json);
    tcase_add_test(tc, results_run_json_extra);
    tcase_add_test(tc, results_run_json_origin);
    tcase_add_test(tc, results_stopped_checkpoint);
    tcase_add_test(tc, results_append);
    tcase_add_test(tc, results_no_model);
    tcase_add_test(tc, results_no_touchpoints);
    tcase_add_test(tc, results_deterministic);
    tcase_add_test(tc, results_errors);
    tcase_add_test(tc, results_analysis_json);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    /* Fork mode comes from CK_FORK (yes under make check; CK_FORK=no for
     * valgrind). */
    SRunner *sr = srunner_create(io_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
