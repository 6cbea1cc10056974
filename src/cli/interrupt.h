/* interrupt.h (private) - SIGINT and SIGTERM stop a run cleanly
 * (interrupt.c). */
#ifndef CX_CLI_INTERRUPT_H
#define CX_CLI_INTERRUPT_H

#include <signal.h>

/* Installs the SIGINT/SIGTERM handlers; the flag they set, for
 * cx_run_opts.stop. */
const volatile sig_atomic_t *cx_cli_interrupt_install(void);

#endif
