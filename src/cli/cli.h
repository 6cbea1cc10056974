/* cli.h (private) - the cxsim command line: options, verbs, progress.
 *
 * Only src/cli/ prints, and only it turns a cx_status into an exit status
 * (0 success, 1 simulation failed, 2 usage, 3 bad input: INTERFACE.md).
 */
#ifndef CX_CLI_H
#define CX_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/error.h"

#define CX_CLI_MAX_SETS 256

typedef struct cx_cli_opts {
    const char *verb;
    const char *scenario;
    size_t reps;                /* 0: the scenario's default */
    uint32_t seed;
    unsigned threads;           /* 0: one per core */
    const char *out;            /* results directory, or NULL */
    const char *sets[CX_CLI_MAX_SETS];
    size_t n_sets;
    int quiet;
} cx_cli_opts;

/* Parses argv[first..argc) into o (defaults first). Usage errors return
 * CX_ERR_USAGE with a message naming the flag. */
cx_status cx_cli_parse(int argc, char **argv, int first, cx_cli_opts *o,
                       cx_error *err);

struct cx_model;
/* Loads the scenario, applies the --set overrides and validates. */
cx_status cx_cli_load(const cx_cli_opts *o, struct cx_model **out, cx_error *err);

/* Verbs: each returns the process exit status. */
int cx_cli_run(const cx_cli_opts *o);
int cx_cli_check(const cx_cli_opts *o);

/* Prints help (verb NULL: the overview) to stdout; returns 0, or 2 for an
 * unknown verb. */
int cx_cli_help(const char *verb);

/* Prints "cxsim: MESSAGE" on stderr and returns the exit status of code. */
int cx_cli_fail(cx_status code, const char *msg);

/* Progress on stderr while replications run. */
typedef struct cx_progress cx_progress;
cx_progress *cx_progress_new(int enabled);
void cx_progress_update(void *ctx, size_t done, size_t total);
void cx_progress_finish(cx_progress *p);

/* Monotonic seconds. */
double cx_cli_now(void);

#endif
