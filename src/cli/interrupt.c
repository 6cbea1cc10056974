/* interrupt.c - SIGINT and SIGTERM stop a run cleanly: the first asks the
 * batch to stop (workers take no new replication, running ones stop at
 * their next period) so the completed replications are written and can be
 * resumed; a second one ends the process at once (the results files are
 * atomic, so even that leaves no half-written file). */
#include "interrupt.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    if (stop_requested) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_requested = 1;
    static const char msg[] = "\ncxsim: stopping after the replications in progress "
                              "reach their next period (again to quit at once)\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
}

const volatile sig_atomic_t *cx_cli_interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return &stop_requested;
}

cx_cli_progress_hook cx_cli_progress_hook_make(struct cx_progress *p)
{
    const char *after = getenv("CXSIM_TEST_INTERRUPT_AFTER");
    return (cx_cli_progress_hook){.p = p,
                                  .interrupt_after = after ? strtoul(after, NULL, 10) : 0};
}

void cx_cli_progress_hooked(void *ctx, size_t done, size_t total)
{
    cx_cli_progress_hook *h = ctx;
    cx_progress_update(h->p, done, total);
    if (h->interrupt_after && done >= h->interrupt_after &&
        !__atomic_exchange_n(&h->raised, 1, __ATOMIC_RELAXED))
        raise(SIGINT);
}
