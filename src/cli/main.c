/* main.c - cxsim: dispatch a verb, turn its outcome into an exit status. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cxsim/atomic.h"
#include "cxsim/suggest.h"
#include "mpi.h"
#include "opts.h"
#include "out.h"
#include "print.h"
#include "verbs.h"

typedef int (*verb_fn)(const cx_cli_opts *o);

static const struct {
    const char *name;
    verb_fn fn;
} verbs[] = {
    {"run", cx_cli_run},
    {"compare", cx_cli_compare},
    {"check", cx_cli_check},
    {"quickwins", cx_cli_quickwins},
    {"sweep", cx_cli_sweep},
    {"sensitivity", cx_cli_sensitivity},
    {"calibrate", cx_cli_calibrate},
    {"report", cx_cli_report},
};

static int unknown_verb(const char *verb)
{
    const char *names[sizeof verbs / sizeof verbs[0] + 2];
    char msg[512], hint[96];
    size_t n = 0;
    for (; n < sizeof verbs / sizeof verbs[0]; n++)
        names[n] = verbs[n].name;
    names[n++] = "help";
    names[n++] = "fit";
    cx_suggest_hint(verb, names, n, hint, sizeof hint);
    snprintf(msg, sizeof msg, "unknown command '%.200s'%s (see 'cxsim --help')", verb, hint);
    return cx_cli_fail(CX_ERR_USAGE, msg);
}

static int dispatch(int argc, char **argv, int rank)
{
    const char *verb = argv[1];
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0)
        return cx_cli_help(NULL);
    if (strcmp(verb, "--version") == 0) {
#ifdef HAVE_MPI
        printf("cxsim %s (MPI)\n", PACKAGE_VERSION);
#else
        printf("cxsim %s\n", PACKAGE_VERSION);
#endif
        return 0;
    }
    if (strcmp(verb, "help") == 0)
        return cx_cli_help(argc > 2 ? argv[2] : NULL);
    if (strcmp(verb, "fit") == 0)   /* reads data, not a scenario: options of its own */
        return argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)
                   ? cx_cli_help(verb) : cx_cli_fit(argc, argv);
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        if (strcmp(verb, verbs[i].name) != 0)
            continue;
        cx_cli_opts o = {.verb = verb};
        cx_error err;
        if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0))
            return cx_cli_help(verb);
        if (cx_cli_parse(argc, argv, 2, &o, &err) != CX_OK)
            return cx_cli_fail(err.code, err.msg);
        /* only run and compare (and quickwins --uncertainty) keep a
         * checkpoint when interrupted */
        if (o.resume && strcmp(verb, "run") != 0 && strcmp(verb, "compare") != 0 &&
            !(o.uncertainty && strcmp(verb, "quickwins") == 0))
            return cx_cli_fail(CX_ERR_USAGE, "--resume continues an interrupted run, compare "
                               "or quickwins --uncertainty; other verbs start again");
        /* --out is locked for the whole command (rank 0 alone writes), and
         * only then checked: a second run writing it meanwhile is refused,
         * and one that finished meanwhile is seen (docs/cli.md, "--out") */
        cx_io_dir_lock_t lock = {.fd = -1};
        if (rank == 0 && o.out && strcmp(verb, "report") != 0 &&
            cx_io_dir_lock(o.out, &lock, NULL, &err) != CX_OK)
            return cx_cli_fail(err.code, err.msg);
        if (cx_cli_check_out(&o, &err) != CX_OK) {
            cx_io_dir_unlock(&lock);
            return cx_cli_fail(err.code, err.msg);
        }
        if (rank > 0) {     /* every rank simulates; rank 0 alone reports and writes */
            if (strcmp(verb, "report") == 0)
                return 0;   /* no simulation to share: rank 0 writes the page */
            o.out = NULL;
            o.events = NULL;
            o.quiet = 1;
        }
        int rc = verbs[i].fn(&o);
        cx_io_dir_unlock(&lock);
        return rc;
    }
    return unknown_verb(verb);
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; the library checks return values instead.
     * Set once, before any thread starts. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        cx_cli_help(NULL);
        return 2;
    }
    int rank = cx_cli_mpi_begin(&argc, &argv);
    if (rank < 0)
        return cx_cli_fail(CX_ERR_SIM, "MPI could not start");
    /* Ranks other than 0 print nothing: they would repeat rank 0's table and
     * messages (a batch's outcome is agreed across ranks). */
    if (rank > 0 && (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)))
        return cx_cli_mpi_end(cx_cli_fail(CX_ERR_IO, "cannot silence a rank's output"));
    return cx_cli_mpi_end(dispatch(argc, argv, rank));
}
