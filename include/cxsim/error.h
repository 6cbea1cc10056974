/* cxsim/error.h - error reporting for every cxsim module.
 *
 * Provides: cx_error (a code plus a message) and the codes the command line
 * maps to exit statuses. Relies on: nothing.
 *
 * Library functions never print, exit or abort: they return a cx_status and,
 * when given a non-NULL cx_error, fill it with a message that names the
 * input file and line where the input had one ("scenarios/x.lua:14: ...").
 */
#ifndef CXSIM_ERROR_H
#define CXSIM_ERROR_H

#include <stddef.h>

typedef enum cx_status {
    CX_OK = 0,
    CX_ERR_SIM = 1,     /* the simulation could not complete (exit 1) */
    CX_ERR_USAGE = 2,   /* the caller asked for something meaningless (exit 2) */
    CX_ERR_INPUT = 3,   /* bad input: scenario, CSV (exit 3) */
    CX_ERR_NOMEM = 4,   /* allocation failed (exit 1) */
    CX_ERR_IO = 5,      /* a file could not be read or written (exit 1) */
    CX_ERR_STOPPED = 6  /* stopped on request (a signal) before the end (exit 1) */
} cx_status;

#define CX_ERROR_MAX 512

typedef struct cx_error {
    cx_status code;
    char msg[CX_ERROR_MAX];
} cx_error;

/* Sets err (if non-NULL) to code and a printf-style message; returns code,
 * so callers can write `return cx_error_set(err, CX_ERR_INPUT, ...)`. */
cx_status cx_error_set(cx_error *err, cx_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Clears err (if non-NULL) to CX_OK and an empty message. */
void cx_error_clear(cx_error *err);

/* Exit status of the command line for a status: 0, 1, 2 or 3. */
int cx_error_exit_status(cx_status code);

#endif
