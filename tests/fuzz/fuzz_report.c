/* fuzz_report.c - libFuzzer target: the results-directory readers of
 * `cxsim report`. The input replaces one file of a real results directory
 * (tests/data/report/KIND/, one per kind: run, compare, quickwins, sweep,
 * sensitivity, calibrate): byte 0 picks the kind, byte 1 the file, the
 * rest is its new content. cx_report_new must give a report that renders,
 * or a clear error: CX_ERR_INPUT, CX_ERR_IO or CX_ERR_NOMEM with a message
 * naming the directory. A crash, a sanitizer report, a leak, an error
 * without the directory in its message, or a page that fails to render
 * is a finding. The directories are copied once into a private temporary
 * directory, and each file put back after each input. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cxsim/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define MAX_FILES 16
static const char *const kinds[] = {"run", "compare", "quickwins", "sweep", "sensitivity",
                                    "calibrate"};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

typedef struct file {
    char path[2048];            /* in the private copy */
    char *bytes;                /* the original content */
    size_t len;
} file;

static char root[512];
static char dirs[N_KINDS][768];
static file files[N_KINDS][MAX_FILES];
static size_t n_files[N_KINDS];
static FILE *sink;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n)
        abort();
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void put(const char *path, const void *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(bytes, 1, len, f) != len) || fclose(f) != 0)
        abort();
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const file *)a)->path, ((const file *)b)->path);
}

/* The private copy goes when the process ends. */
static void clean_up(void)
{
    for (size_t k = 0; k < N_KINDS; k++) {
        for (size_t i = 0; i < n_files[k]; i++)
            remove(files[k][i].path);
        rmdir(dirs[k]);
    }
    rmdir(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *src = getenv("CX_SRCDIR"), *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/fuzz_report.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root))
        abort();
    for (size_t k = 0; k < N_KINDS; k++) {
        char from[1024];
        snprintf(from, sizeof from, "%s/tests/data/report/%s", src && *src ? src : ".",
                 kinds[k]);
        snprintf(dirs[k], sizeof dirs[k], "%s/%s", root, kinds[k]);
        if (mkdir(dirs[k], 0700) != 0)
            abort();
        DIR *d = opendir(from);
        if (!d)
            abort();
        for (struct dirent *e; (e = readdir(d)) && n_files[k] < MAX_FILES;) {
            char p[2048];
            if (e->d_name[0] == '.')
                continue;
            snprintf(p, sizeof p, "%s/%s", from, e->d_name);
            file *f = &files[k][n_files[k]++];
            f->bytes = slurp(p, &f->len);
            snprintf(f->path, sizeof f->path, "%.700s/%.255s", dirs[k], e->d_name);
            put(f->path, f->bytes, f->len);
        }
        closedir(d);
        qsort(files[k], n_files[k], sizeof files[k][0], by_name);
    }
    sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    atexit(clean_up);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink)
        LLVMFuzzerInitialize(NULL, NULL);
    if (size < 2)
        return 0;
    size_t k = data[0] % N_KINDS;
    if (n_files[k] == 0)
        return 0;
    file *f = &files[k][data[1] % n_files[k]];
    put(f->path, data + 2, size - 2);
    cx_report *r = NULL;
    cx_error err;
    cx_error_clear(&err);
    cx_status st = cx_report_new(dirs[k], &r, &err);
    if (st == CX_OK) {
        if (!r || cx_report_render(r, sink) != 0)
            abort();
        fflush(sink);
    } else if (r || !strstr(err.msg, dirs[k]) ||
               (st != CX_ERR_INPUT && st != CX_ERR_IO && st != CX_ERR_NOMEM)) {
        fprintf(stderr, "fuzz_report: status %d, message '%s'\n", (int)st, err.msg);
        abort();
    }
    cx_report_free(r);
    put(f->path, f->bytes, f->len);
    return 0;
}
