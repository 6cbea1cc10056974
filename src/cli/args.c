/* args.c - parsing the options shared by the simulation verbs. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int parse_ulong(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Value of the flag at argv[*i]: "--flag=value" or "--flag value". */
static const char *value_of(int argc, char **argv, int *i, const char *flag)
{
    size_t n = strlen(flag);
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static int is_flag(const char *arg, const char *flag)
{
    size_t n = strlen(flag);
    return strncmp(arg, flag, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static cx_status number_flag(int argc, char **argv, int *i, const char *flag,
                             unsigned long long lo, unsigned long long max,
                             unsigned long long *out, cx_error *err)
{
    const char *v = value_of(argc, argv, i, flag);
    if (parse_ulong(v, max, out) != 0 || *out < lo)
        return cx_error_set(err, CX_ERR_USAGE, "%s needs an integer in [%llu,%llu], got '%s'",
                            flag, lo, max, v ? v : "(nothing)");
    return CX_OK;
}

static cx_status parse_flag(int argc, char **argv, int *i, cx_cli_opts *o, cx_error *err)
{
    const char *a = argv[*i];
    unsigned long long v = 0;
    cx_status st = CX_OK;
    if (is_flag(a, "--reps")) {
        const char *s = argv[*i][6] == '=' ? a + 7 : (*i + 1 < argc ? argv[*i + 1] : "");
        if (strcmp(s, "auto") == 0)
            return cx_error_set(err, CX_ERR_USAGE,
                                "--reps auto is not available in this version; give a number");
        st = number_flag(argc, argv, i, "--reps", 1, 10000000, &v, err);
        o->reps = (size_t)v;
    } else if (is_flag(a, "--seed")) {
        st = number_flag(argc, argv, i, "--seed", 0, UINT32_MAX, &v, err);
        o->seed = (uint32_t)v;
    } else if (is_flag(a, "--threads")) {
        st = number_flag(argc, argv, i, "--threads", 1, 1024, &v, err);
        o->threads = (unsigned)v;
    } else if (is_flag(a, "--out")) {
        o->out = value_of(argc, argv, i, "--out");
        if (!o->out || !*o->out)
            st = cx_error_set(err, CX_ERR_USAGE, "--out needs a directory");
    } else if (is_flag(a, "--set")) {
        const char *s = value_of(argc, argv, i, "--set");
        if (!s || !strchr(s, '='))
            st = cx_error_set(err, CX_ERR_USAGE, "--set needs NAME=VALUE, got '%s'", s ? s : "");
        else if (o->n_sets == CX_CLI_MAX_SETS)
            st = cx_error_set(err, CX_ERR_USAGE, "at most %d --set", CX_CLI_MAX_SETS);
        else
            o->sets[o->n_sets++] = s;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
        o->quiet = 1;
    } else if (strcmp(a, "--unsafe") == 0) {
        o->unsafe = 1;
    } else {
        st = cx_error_set(err, CX_ERR_USAGE, "unknown option '%s' (see 'cxsim help %s')",
                          a, o->verb);
    }
    return st;
}

cx_status cx_cli_parse(int argc, char **argv, int first, cx_cli_opts *o, cx_error *err)
{
    const char *verb = o->verb;
    *o = (cx_cli_opts){.verb = verb, .seed = 1};
    for (int i = first; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cx_status st = parse_flag(argc, argv, &i, o, err);
            if (st != CX_OK)
                return st;
        } else if (!o->scenario) {
            o->scenario = argv[i];
        } else {
            return cx_error_set(err, CX_ERR_USAGE, "unexpected argument '%s'", argv[i]);
        }
    }
    if (!o->scenario)
        return cx_error_set(err, CX_ERR_USAGE, "%s needs a SCENARIO.lua (see 'cxsim help %s')",
                            o->verb, o->verb);
    return CX_OK;
}
