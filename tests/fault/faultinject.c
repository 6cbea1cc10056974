/* faultinject.c - an LD_PRELOAD library that makes the C library fail on
 * demand, to test that cxsim turns every failure into a clean error:
 *
 *   CX_FAULT_MALLOC=N   the Nth allocation (malloc, calloc, realloc,
 *                       posix_memalign, aligned_alloc) and every later one
 *                       return NULL with ENOMEM: memory running out
 *   CX_FAULT_REPORT=F   at exit, write how many allocations were made to
 *                       file F, to size a sweep over N
 *
 * (A full disk is simulated without this library: glibc's stdio writes
 * through an internal symbol no preload can catch, so the tests lower
 * RLIMIT_FSIZE with SIGXFSZ ignored, and writes fail with EFBIG.)
 *
 * Counting starts when the library is loaded. Only for tests (not built
 * under the sanitizers, which interpose the allocator themselves).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static unsigned long fail_at, count;

__attribute__((constructor)) static void fault_init(void)
{
    const char *m = getenv("CX_FAULT_MALLOC");
    if (m)
        fail_at = strtoul(m, NULL, 10);
}

__attribute__((destructor)) static void fault_report(void)
{
    const char *path = getenv("CX_FAULT_REPORT");
    if (!path)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        dprintf(fd, "%lu\n", count);
        close(fd);
    }
}

static int refuse(void)
{
    /* atomic: worker threads allocate too */
    unsigned long k = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
    if (fail_at == 0 || k < fail_at)
        return 0;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    return refuse() ? NULL : __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
    return refuse() ? NULL : __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
    /* shrinking or freeing never fails in practice; only growth is refused */
    if (p && n == 0)
        return __libc_realloc(p, n);
    return refuse() ? NULL : __libc_realloc(p, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (refuse())
        return ENOMEM;
    void *p = __libc_memalign(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *aligned_alloc(size_t align, size_t n)
{
    return refuse() ? NULL : __libc_memalign(align, n);
}
