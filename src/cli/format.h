/* format.h (private) - --format csv|json: a verb's results on stdout for
 * machines (format.c). */
#ifndef CX_CLI_FORMAT_H
#define CX_CLI_FORMAT_H

#include <stddef.h>
#include <stdio.h>

#include "cxsim/error.h"
#include "opts.h"

/* One table of a verb's results: the writer of its results file. */
typedef struct cx_cli_table {
    const char *name;           /* the file's name less ".csv": the JSON member */
    int (*write)(FILE *fp, const void *ctx);   /* header and rows; 0, or -1 */
    const void *ctx;
} cx_cli_table;

/* With --format csv, writes tables[0] (the verb's primary table) to
 * stdout as its file holds it; with --format json, one JSON document:
 * {"command", "scenario", then per table NAME: [row objects]}. CX_ERR_IO
 * when stdout cannot be written. */
cx_status cx_cli_emit(const cx_cli_opts *o, const cx_cli_table *tables, size_t n,
                      cx_error *err);

/* "table", "csv" or "json" into *out; a usage error (with a suggestion)
 * otherwise. */
cx_status cx_cli_format_parse(const char *s, int *out, cx_error *err);

#endif
