/* args.c - parsing the options shared by the simulation verbs. */
/* realpath (run.json's absolute scenario path) is XSI, beyond _POSIX_C_SOURCE */
#define _XOPEN_SOURCE 700
#include "opts.h"
#include "cxsim/csv_table.h"

#include <errno.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cxsim/metrics.h"
#include "cxsim/suggest.h"
#include "format.h"

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

const char *cx_cli_flag_value(int argc, char **argv, int *i, const char *flag)
{
    size_t n = strlen(flag);
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

int cx_cli_is_flag(const char *arg, const char *flag)
{
    size_t n = strlen(flag);
    return strncmp(arg, flag, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static cx_status number_flag(int argc, char **argv, int *i, const char *flag,
                             unsigned long long lo, unsigned long long max,
                             unsigned long long *out, cx_error *err)
{
    const char *v = cx_cli_flag_value(argc, argv, i, flag);
    if (parse_ulong(v, max, out) != 0 || *out < lo)
        return cx_error_set(err, CX_ERR_USAGE, "%s needs an integer in [%llu,%llu], got '%s'",
                            flag, lo, max, v ? v : "(nothing)");
    return CX_OK;
}

int cx_cli_number(const char *s, double *out)
{
    /* a blank at either end is a quoting slip on a command line, where no
     * spreadsheet pads cells: refused, though the CSV reader allows it */
    size_t n = strlen(s);
    if (n == 0 || isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1]))
        return -1;
    return cx_csv_parse_number(s, out);
}

static cx_status real_flag(int argc, char **argv, int *i, const char *flag, double *out,
                           cx_error *err)
{
    const char *v = cx_cli_flag_value(argc, argv, i, flag);
    double x = NAN;
    if (!v || cx_cli_number(v, &x) != 0 || x <= 0)
        return cx_error_set(err, CX_ERR_USAGE, "%s needs a positive number, got '%s'", flag,
                            v ? v : "(nothing)");
    *out = x;
    return CX_OK;
}

/* A switch (--quiet, --force, ...): alone it turns on; "--quiet=1" and
 * "--quiet=0" (also yes/no, true/false) say it explicitly, as a script that
 * builds its command line from a setting writes it. 0: not this switch. */
int cx_cli_switch(const char *arg, const char *flag, int *out, cx_status *st, cx_error *err)
{
    static const char *const on[] = {"1", "yes", "true", "on"};
    static const char *const off[] = {"0", "no", "false", "off"};
    if (!cx_cli_is_flag(arg, flag))
        return 0;
    const char *v = strchr(arg, '=');
    if (!v) {
        *out = 1;
        return 1;
    }
    for (size_t k = 0; k < sizeof on / sizeof on[0]; k++) {
        if (strcmp(v + 1, on[k]) == 0 || strcmp(v + 1, off[k]) == 0) {
            *out = strcmp(v + 1, on[k]) == 0;
            return 1;
        }
    }
    *st = cx_error_set(err, CX_ERR_USAGE, "%s is a switch: give it alone, or =1 or =0 "
                       "(yes/no, true/false, on/off), got '%s'", flag, v + 1);
    return 1;
}

/* A repeatable flag whose values are kept as given, for the verb to read. */
static cx_status list_flag(int argc, char **argv, int *i, const char *flag, const char **list,
                           size_t *n, size_t max, cx_error *err)
{
    const char *v = cx_cli_flag_value(argc, argv, i, flag);
    if (!v || !*v)
        return cx_error_set(err, CX_ERR_USAGE, "%s needs a value", flag);
    if (*n == max)
        return cx_error_set(err, CX_ERR_USAGE, "at most %zu %s", max, flag);
    list[(*n)++] = v;
    return CX_OK;
}

static cx_status string_flag(int argc, char **argv, int *i, const char *flag, const char **out,
                             cx_error *err)
{
    *out = cx_cli_flag_value(argc, argv, i, flag);
    if (!*out || !**out)
        return cx_error_set(err, CX_ERR_USAGE, "%s needs a value", flag);
    return CX_OK;
}

/* Flags of the analysis verbs and of the precision mode. 1: not one of them. */
static int analysis_flag(int argc, char **argv, int *i, cx_cli_opts *o, cx_status *st,
                         cx_error *err)
{
    const char *a = argv[*i];
    unsigned long long v = 0;
    if (cx_cli_is_flag(a, "--precision")) {
        *st = real_flag(argc, argv, i, "--precision", &o->precision, err);
    } else if (cx_cli_is_flag(a, "--max-reps")) {
        *st = number_flag(argc, argv, i, "--max-reps", 2, 10000000, &v, err);
        o->max_reps = (size_t)v;
    } else if (cx_cli_is_flag(a, "--uncertainty")) {
        *st = number_flag(argc, argv, i, "--uncertainty", 1, 10000000, &v, err);
        o->uncertainty = (size_t)v;
    } else if (cx_cli_switch(a, "--antithetic", &o->antithetic, st, err)) {
        /* st set on a bad value */
    } else if (cx_cli_is_flag(a, "--param")) {
        *st = list_flag(argc, argv, i, "--param", o->params, &o->n_params, CX_CLI_MAX_PARAMS,
                        err);
    } else if (cx_cli_is_flag(a, "--metric")) {
        *st = list_flag(argc, argv, i, "--metric", o->metrics, &o->n_metrics,
                        CX_CLI_MAX_METRICS, err);
    } else if (cx_cli_is_flag(a, "--design")) {
        *st = string_flag(argc, argv, i, "--design", &o->design, err);
    } else if (cx_cli_is_flag(a, "--price-range")) {
        *st = string_flag(argc, argv, i, "--price-range", &o->price_range, err);
    } else if (cx_cli_is_flag(a, "--objective")) {
        *st = string_flag(argc, argv, i, "--objective", &o->objective, err);
    } else if (cx_cli_is_flag(a, "--targets")) {
        *st = string_flag(argc, argv, i, "--targets", &o->targets, err);
    } else if (cx_cli_is_flag(a, "--points")) {
        *st = number_flag(argc, argv, i, "--points", 1, 10000000, &v, err);
        o->points = (size_t)v;
    } else if (cx_cli_is_flag(a, "--max-combo")) {
        *st = number_flag(argc, argv, i, "--max-combo", 1, 64, &v, err);
        o->max_combo = (size_t)v;
    } else if (cx_cli_is_flag(a, "--samples")) {
        *st = number_flag(argc, argv, i, "--samples", 2, 10000000, &v, err);
        o->samples = (size_t)v;
    } else if (cx_cli_is_flag(a, "--bootstrap")) {
        *st = number_flag(argc, argv, i, "--bootstrap", 10, 1000000, &v, err);
        o->bootstrap = (size_t)v;
    } else if (cx_cli_switch(a, "--details", &o->details, st, err)) {
        /* st set on a bad value */
    } else if (cx_cli_switch(a, "--analytic", &o->analytic, st, err)) {
        /* st set on a bad value */
    } else if (cx_cli_is_flag(a, "--max-evals")) {
        *st = number_flag(argc, argv, i, "--max-evals", 2, 10000000, &v, err);
        o->max_evals = (size_t)v;
    } else if (cx_cli_is_flag(a, "--tol")) {
        *st = real_flag(argc, argv, i, "--tol", &o->tol, err);
    } else if (cx_cli_is_flag(a, "--events-sample")) {
        *st = number_flag(argc, argv, i, "--events-sample", 1, 10000000, &v, err);
        o->events_sample = (size_t)v;
    } else if (cx_cli_is_flag(a, "--variant")) {
        *st = list_flag(argc, argv, i, "--variant", o->variants, &o->n_variants,
                        CX_CLI_MAX_VARIANTS, err);
    } else if (cx_cli_is_flag(a, "--baseline")) {
        *st = string_flag(argc, argv, i, "--baseline", &o->baseline, err);
    } else if (cx_cli_is_flag(a, "--events")) {
        *st = string_flag(argc, argv, i, "--events", &o->events, err);
    } else {
        return 1;
    }
    return 0;
}

/* Every flag of the simulation and analysis verbs, for "did you mean". */
static const char *const known_flags[] = {
    "--reps", "--seed", "--threads", "--out", "--set", "--format", "--quiet", "--unsafe",
    "--force", "--resume", "--precision", "--max-reps", "--antithetic", "--uncertainty", "--param",
    "--metric", "--design", "--price-range", "--objective", "--targets", "--points", "--max-combo",
    "--samples", "--bootstrap", "--analytic", "--details", "--max-evals", "--tol", "--report",
    "--output", "--help", "--events", "--events-sample", "--variant", "--baseline",
};

static cx_status unknown_flag(const char *arg, const char *verb, cx_error *err)
{
    char name[64], hint[96];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
    cx_suggest_hint(name, known_flags, sizeof known_flags / sizeof known_flags[0], hint,
                    sizeof hint);
    return cx_error_set(err, CX_ERR_USAGE, "unknown option '%s'%s (see 'cxsim help %s')",
                        name, hint, verb);
}

static cx_status parse_flag(int argc, char **argv, int *i, cx_cli_opts *o, cx_error *err)
{
    const char *a = argv[*i];
    unsigned long long v = 0;
    cx_status st = CX_OK;
    int quiet = cx_cli_is_flag(a, "--quiet") || strcmp(a, "-q") == 0;
    if (strcmp(a, "-o") == 0 || cx_cli_is_flag(a, "--output")) {
        o->output = cx_cli_flag_value(argc, argv, i, strcmp(a, "-o") == 0 ? "-o" : "--output");
        if (!o->output || !*o->output)
            st = cx_error_set(err, CX_ERR_USAGE, "%s needs a file name", a);
    } else if (strcmp(o->verb, "report") == 0 && !quiet) {
        /* report reads a directory: the simulation flags would mean nothing */
        st = cx_error_set(err, CX_ERR_USAGE, "unknown option '%s' for report (it takes "
                          "DIR and -o FILE; see 'cxsim help report')", a);
    } else if (cx_cli_is_flag(a, "--report")) {
        st = string_flag(argc, argv, i, "--report", &o->report, err);
    } else if (cx_cli_is_flag(a, "--reps")) {
        const char *s = argv[*i][6] == '=' ? a + 7 : (*i + 1 < argc ? argv[*i + 1] : "");
        if (strcmp(s, "auto") == 0) {
            o->reps_auto = 1;
            if (argv[*i][6] != '=')
                ++*i;
            return CX_OK;
        }
        st = number_flag(argc, argv, i, "--reps", 1, 10000000, &v, err);
        o->reps = (size_t)v;
    } else if (cx_cli_is_flag(a, "--seed")) {
        st = number_flag(argc, argv, i, "--seed", 0, UINT32_MAX, &v, err);
        o->seed = (uint32_t)v;
    } else if (cx_cli_is_flag(a, "--threads")) {
        st = number_flag(argc, argv, i, "--threads", 1, 1024, &v, err);
        o->threads = (unsigned)v;
    } else if (cx_cli_is_flag(a, "--out")) {
        o->out = cx_cli_flag_value(argc, argv, i, "--out");
        if (!o->out || !*o->out)
            st = cx_error_set(err, CX_ERR_USAGE, "--out needs a directory");
    } else if (cx_cli_is_flag(a, "--set")) {
        const char *s = cx_cli_flag_value(argc, argv, i, "--set");
        if (!s || !strchr(s, '='))
            st = cx_error_set(err, CX_ERR_USAGE, "--set needs NAME=VALUE, got '%s'", s ? s : "");
        else if (o->n_sets == CX_CLI_MAX_SETS)
            st = cx_error_set(err, CX_ERR_USAGE, "at most %d --set", CX_CLI_MAX_SETS);
        else
            o->sets[o->n_sets++] = s;
    } else if (cx_cli_is_flag(a, "--format")) {
        const char *f = cx_cli_flag_value(argc, argv, i, "--format");
        st = f ? cx_cli_format_parse(f, &o->format, err)
               : cx_error_set(err, CX_ERR_USAGE, "--format needs table, csv or json");
    } else if (strcmp(a, "-q") == 0) {
        o->quiet = 1;
    } else if (cx_cli_switch(a, "--quiet", &o->quiet, &st, err) ||
               cx_cli_switch(a, "--unsafe", &o->unsafe, &st, err) ||
               cx_cli_switch(a, "--force", &o->force, &st, err)) {
        /* st set on a bad value */
    } else if (cx_cli_is_flag(a, "--resume")) {
        o->resume = cx_cli_flag_value(argc, argv, i, "--resume");
        if (!o->resume || !*o->resume)
            st = cx_error_set(err, CX_ERR_USAGE, "--resume needs the directory of the "
                              "interrupted run");
    } else if (analysis_flag(argc, argv, i, o, &st, err) == 0) {
        /* st set */
    } else {
        st = unknown_flag(a, o->verb, err);
    }
    return st;
}

/* run.json's origin: argv as given, the time now in UTC, and the
 * scenario's absolute path (left "" when it does not resolve: loading
 * then fails with the path as given). */
static void set_origin(int argc, char **argv, const char *scenario, cx_results_origin *out)
{
    time_t now = time(NULL);
    struct tm utc;
    out->argv = (const char *const *)argv;
    out->argc = (size_t)argc;
    if (now == (time_t)-1 || !gmtime_r(&now, &utc) ||
        strftime(out->started, sizeof out->started, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
        out->started[0] = '\0';
    char *abs = scenario ? realpath(scenario, NULL) : NULL;
    snprintf(out->scenario_absolute, sizeof out->scenario_absolute, "%s", abs ? abs : "");
    free(abs);
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
    if (o->reps_auto && o->precision == 0)
        return cx_error_set(err, CX_ERR_USAGE, "--reps auto needs --precision X (the 95 %% CI "
                            "half-width to reach)");
    if (o->precision > 0 && !o->reps_auto)
        return cx_error_set(err, CX_ERR_USAGE, "--precision goes with --reps auto");
    if (o->resume) {
        if (o->out && strcmp(o->out, o->resume) != 0)
            return cx_error_set(err, CX_ERR_USAGE, "--resume %s writes its results there; "
                                "leave out --out (or give the same directory)", o->resume);
        o->out = o->resume;
        if (o->reps_auto)
            return cx_error_set(err, CX_ERR_USAGE, "--resume continues runs with a fixed "
                                "--reps; --reps auto keeps no checkpoint");
    }
    if ((o->events || o->events_sample) && strcmp(verb, "run") != 0)
        return cx_error_set(err, CX_ERR_USAGE, "--events goes with run");
    int analysis = strcmp(verb, "sweep") == 0 || strcmp(verb, "sensitivity") == 0;
    if ((o->n_variants || o->baseline) && strcmp(verb, "run") != 0 &&
        strcmp(verb, "compare") != 0 && strcmp(verb, "check") != 0 && !analysis)
        return cx_error_set(err, CX_ERR_USAGE, "%s goes with run, compare, check, sweep and "
                            "sensitivity", o->n_variants ? "--variant" : "--baseline");
    if (analysis && o->n_variants > 1)
        return cx_error_set(err, CX_ERR_USAGE, "%s compares one --variant with the baseline, "
                            "not %zu", verb, o->n_variants);
    if (o->price_range && !o->uncertainty)
        return cx_error_set(err, CX_ERR_USAGE, "--price-range goes with --uncertainty N (the "
                            "curve is over its draws)");
    if (o->events_sample && !o->events)
        return cx_error_set(err, CX_ERR_USAGE, "--events-sample goes with --events FILE");
    int is_report = strcmp(verb, "report") == 0;
    if (o->output && !is_report)
        return cx_error_set(err, CX_ERR_USAGE, "-o goes with report (the other verbs take "
                            "--report FILE)");
    if (o->report && (is_report || strcmp(verb, "check") == 0))
        return cx_error_set(err, CX_ERR_USAGE, "--report goes with the verbs that write a "
                            "results directory (for report itself: -o FILE)");
    if (o->report && !o->out)
        return cx_error_set(err, CX_ERR_USAGE, "--report FILE needs --out DIR: the report is "
                            "made from the results directory");
    set_origin(argc, argv, o->scenario, &o->origin);
    if (!o->scenario)
        return cx_error_set(err, CX_ERR_USAGE, is_report
                            ? "%s needs a results DIR (see 'cxsim help %s')"
                            : "%s needs a SCENARIO.lua (see 'cxsim help %s')", o->verb, o->verb);
    return CX_OK;
}

cx_status cx_cli_metric(const char *name, const char *unknown, const char *listed, int *out,
                        cx_error *err)
{
    char hint[96];
    *out = cx_metric_from_name(name);
    if (*out >= 0)
        return CX_OK;
    cx_metric_hint(name, hint, sizeof hint);
    return cx_error_set(err, CX_ERR_USAGE, "--metric: %s '%s'%s (%s)", unknown, name, hint,
                        listed);
}
