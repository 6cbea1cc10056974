/* interrupt.h (private) - SIGINT and SIGTERM stop a run cleanly
 * (interrupt.c). */
#ifndef CX_CLI_INTERRUPT_H
#define CX_CLI_INTERRUPT_H

#include <signal.h>
#include <stddef.h>

/* Installs the SIGINT/SIGTERM handlers; the flag they set, for
 * cx_run_opts.stop. */
const volatile sig_atomic_t *cx_cli_interrupt_install(void);

/* Progress on to p (cx_progress_update), and the test hook
 * CXSIM_TEST_INTERRUPT_AFTER=N: the process sends itself SIGINT once N
 * units are done, so the interruption tests stop a run at a known point
 * rather than after a guessed delay. */
struct cx_progress;
typedef struct cx_cli_progress_hook {
    struct cx_progress *p;
    size_t interrupt_after;     /* 0: never */
    int raised;                 /* atomic: workers report in parallel */
} cx_cli_progress_hook;

/* The hook of p, reading CXSIM_TEST_INTERRUPT_AFTER. */
cx_cli_progress_hook cx_cli_progress_hook_make(struct cx_progress *p);

/* cx_run_opts.progress with ctx a cx_cli_progress_hook (thread-safe). */
void cx_cli_progress_hooked(void *ctx, size_t done, size_t total);

#endif
