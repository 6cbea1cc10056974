/* error.c - cx_error: a status code and a message, filled below the CLI. */
#include "cxsim/error.h"

#include <stdarg.h>
#include <stdio.h>

cx_status cx_error_set(cx_error *err, cx_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void cx_error_clear(cx_error *err)
{
    if (err) {
        err->code = CX_OK;
        err->msg[0] = '\0';
    }
}

int cx_error_exit_status(cx_status code)
{
    switch (code) {
    case CX_OK: return 0;
    case CX_ERR_USAGE: return 2;
    case CX_ERR_INPUT: return 3;
    default: return 1;
    }
}
