/* fit.c - cxsim fit: a scenario fitted to an event log or a path table
 * (docs/fit.md; files in docs/results.md, "cxsim fit").
 *
 * The data is read and estimated before anything is written, so bad data
 * leaves nothing behind (exit status 3). The results directory is one
 * atomic group: fitted.lua, fit.csv, transitions.csv, removal.csv, gof.csv
 * and run.json appear together or not at all. The goodness of fit
 * simulates fitted.lua itself, loaded back from the group's temporary
 * file: one period of --gof-journeys customers, each making the journey
 * once, recorded as a synthetic event log (cx_fit_events) and read back
 * as paths.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cxsim/atomic.h"
#include "cxsim/csv.h"
#include "cxsim/engine.h"
#include "cxsim/fit.h"
#include "cxsim/io.h"
#include "cxsim/json.h"
#include "cxsim/report.h"
#include "cxsim/scenario.h"
#include "cxsim/sha256.h"
#include "print.h"
#include "verbs.h"

typedef struct fit_opts {
    const char *log, *paths, *out, *customers, *report;
    cx_fit_log_opts lo;
    cx_fit_customers_opts co;
    cx_fit_paths_opts po;
    size_t bootstrap, gof;
    unsigned long seed;
    int force, quiet;
} fit_opts;

/* err's message with prefix in front (a copy first: the message is the
 * argument). */
static cx_status prefix(cx_error *err, const char *fmt, const char *what)
{
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    return cx_error_set(err, err->code, fmt, what, msg);
}

/* ---- options ------------------------------------------------------------------------ */

static cx_status column(fit_opts *o, const char *v, cx_error *err)
{
    const char *eq = v ? strchr(v, '=') : NULL;
    char role[32];
    if (!eq || eq == v || !eq[1])
        return cx_error_set(err, CX_ERR_USAGE, "--column needs ROLE=NAME, got '%s'",
                            v ? v : "");
    snprintf(role, sizeof role, "%.*s", (int)(eq - v), v);
    int r = cx_fit_role_of(role);
    if (r < 0)
        return cx_error_set(err, CX_ERR_USAGE, "--column: unknown role '%s' (customer, "
                            "journey_id, time, sequence, touchpoint, channel, segment, outcome, "
                            "csat, ltr, journey)", role);
    o->lo.column[r] = eq + 1;
    return CX_OK;
}

static cx_status customers_column(fit_opts *o, const char *v, cx_error *err)
{
    const char *eq = v ? strchr(v, '=') : NULL;
    char role[32];
    if (!eq || eq == v || !eq[1])
        return cx_error_set(err, CX_ERR_USAGE, "--customers-column needs ROLE=NAME, got '%s'",
                            v ? v : "");
    snprintf(role, sizeof role, "%.*s", (int)(eq - v), v);
    int r = cx_fit_customers_role_of(role);
    if (r < 0)
        return cx_error_set(err, CX_ERR_USAGE, "--customers-column: unknown role '%s' "
                            "(customer, segment, first, last, churned)", role);
    o->co.column[r] = eq + 1;
    return CX_OK;
}

static cx_status sep_of(const char *flag, const char *v, char *out, cx_error *err)
{
    if (v && strcmp(v, "tab") == 0)
        v = "\t";
    if (!v || strlen(v) != 1)
        return cx_error_set(err, CX_ERR_USAGE, "%s needs one character (or 'tab')", flag);
    *out = v[0];
    return CX_OK;
}

static cx_status duration(const char *flag, const char *v, double *out, cx_error *err)
{
    if (cx_fit_parse_duration(v, out) != 0)
        return cx_error_set(err, CX_ERR_USAGE, "%s needs a duration (seconds, or with s, m, "
                            "h or d: 30m, 90d), got '%s'", flag, v ? v : "");
    return CX_OK;
}

static cx_status count(const char *flag, const char *v, size_t lo, size_t hi, size_t *out,
                       cx_error *err)
{
    char *end;
    unsigned long long x = v && *v && *v != '-' ? strtoull(v, &end, 10) : 0;
    if (!v || !*v || *v == '-' || *end || x < lo || x > hi)
        return cx_error_set(err, CX_ERR_USAGE, "%s needs an integer in [%zu,%zu], got '%s'",
                            flag, lo, hi, v ? v : "");
    *out = (size_t)x;
    return CX_OK;
}

static cx_status one_flag(fit_opts *o, int argc, char **argv, int *i, cx_error *err)
{
    const char *a = argv[*i];
    size_t n;
    cx_status sw = CX_OK;
    if (cx_cli_is_flag(a, "--log"))
        o->log = cx_cli_flag_value(argc, argv, i, "--log");
    else if (cx_cli_is_flag(a, "--paths"))
        o->paths = cx_cli_flag_value(argc, argv, i, "--paths");
    else if (cx_cli_is_flag(a, "--customers"))
        o->customers = cx_cli_flag_value(argc, argv, i, "--customers");
    else if (cx_cli_is_flag(a, "--customers-column"))
        return customers_column(o, cx_cli_flag_value(argc, argv, i, "--customers-column"), err);
    else if (cx_cli_is_flag(a, "--out"))
        o->out = cx_cli_flag_value(argc, argv, i, "--out");
    else if (cx_cli_is_flag(a, "--report"))
        o->report = cx_cli_flag_value(argc, argv, i, "--report");
    else if (cx_cli_is_flag(a, "--column"))
        return column(o, cx_cli_flag_value(argc, argv, i, "--column"), err);
    else if (cx_cli_is_flag(a, "--sep"))
        return sep_of("--sep", cx_cli_flag_value(argc, argv, i, "--sep"), &o->lo.sep, err);
    else if (cx_cli_is_flag(a, "--paths-sep"))
        return sep_of("--paths-sep", cx_cli_flag_value(argc, argv, i, "--paths-sep"), &o->po.sep, err);
    else if (cx_cli_is_flag(a, "--step"))
        o->po.step = cx_cli_flag_value(argc, argv, i, "--step");
    else if (cx_cli_is_flag(a, "--session-gap"))
        return duration(a, cx_cli_flag_value(argc, argv, i, "--session-gap"), &o->lo.session_gap, err);
    else if (cx_cli_is_flag(a, "--period"))
        return duration(a, cx_cli_flag_value(argc, argv, i, "--period"), &o->lo.period, err);
    else if (cx_cli_is_flag(a, "--inactive"))
        return duration(a, cx_cli_flag_value(argc, argv, i, "--inactive"), &o->lo.inactive, err);
    else if (cx_cli_is_flag(a, "--journey-type"))
        o->lo.type = cx_cli_flag_value(argc, argv, i, "--journey-type");
    else if (cx_cli_is_flag(a, "--bootstrap"))
        return count("--bootstrap", cx_cli_flag_value(argc, argv, i, "--bootstrap"), 10, 1000000,
                     &o->bootstrap, err);
    else if (cx_cli_is_flag(a, "--gof-journeys"))
        return count("--gof-journeys", cx_cli_flag_value(argc, argv, i, "--gof-journeys"), 100,
                     10000000, &o->gof, err);
    else if (cx_cli_is_flag(a, "--seed")) {
        cx_status st = count("--seed", cx_cli_flag_value(argc, argv, i, "--seed"), 0, 4294967295u, &n, err);
        o->seed = (unsigned long)n;
        return st;
    } else if (strcmp(a, "-q") == 0)
        o->quiet = 1;
    else if (cx_cli_switch(a, "--force", &o->force, &sw, err) ||
             cx_cli_switch(a, "--quiet", &o->quiet, &sw, err))
        return sw;      /* =1, =0 as for every verb */
    else
        return cx_error_set(err, CX_ERR_USAGE, "unknown option '%s' for fit (see 'cxsim help "
                            "fit')", a);
    return CX_OK;
}

static cx_status parse(int argc, char **argv, fit_opts *o, cx_error *err)
{
    *o = (fit_opts){.bootstrap = 1000, .gof = 20000, .seed = 1};
    for (int i = 2; i < argc; i++) {
        if (argv[i][0] != '-')
            return cx_error_set(err, CX_ERR_USAGE, "unexpected argument '%s' (fit reads "
                                "--log FILE or --paths FILE)", argv[i]);
        cx_status st = one_flag(o, argc, argv, &i, err);
        if (st != CX_OK)
            return st;
    }
    for (int r = 0; r < CX_FIT_ROLES; r++)
        if (o->lo.column[r] && !*o->lo.column[r])
            return cx_error_set(err, CX_ERR_USAGE, "--column needs ROLE=NAME");
    if (!o->log == !o->paths)
        return cx_error_set(err, CX_ERR_USAGE, "fit reads one source: --log FILE (an event "
                            "log) or --paths FILE (a path table)");
    if (!o->out || !*o->out)
        return cx_error_set(err, CX_ERR_USAGE, "fit needs --out DIR");
    if (!o->force) {
        char p[CX_IO_PATH_MAX];
        if (cx_io_join(o->out, "run.json", p, err) != CX_OK)
            return err->code;
        if (access(p, F_OK) == 0)
            return cx_error_set(err, CX_ERR_USAGE, "%s already holds results (run.json); give "
                                "--force to replace them, or another --out", o->out);
    }
    return CX_OK;
}

/* ---- the goodness of fit ------------------------------------------------------------------ */

typedef struct gof {
    cx_fit_figures obs, sim;
    double *obs_visits, *sim_visits, *sim_removal;
    double sim_top[CX_FIT_TOP_PATHS];
    size_t journeys;
} gof;

/* The fitted model as the simulation of the goodness of fit runs it: one
 * period, every customer making the journey once, nobody arriving. */
static cx_status gof_model(const char *lua, size_t customers, cx_model **out, cx_error *err)
{
    cx_status st = cx_scenario_load(lua, out, err);
    if (st != CX_OK)
        return prefix(err, "%s does not load back: %s", "fitted.lua");
    cx_model *m = *out;
    m->horizon = 1;
    m->population = (long)customers;
    m->inflow = 0;
    for (size_t j = 0; j < m->n_journeys; j++) {
        m->journeys[j].frequency = 1;
        m->journeys[j].n_by_segment = 0;
    }
    return CX_OK;
}

static cx_status simulate(const char *lua, const fit_opts *o, const cx_fit *f, gof *g,
                          cx_error *err)
{
    cx_model *m = NULL;
    cx_engine *e = NULL;
    cx_fit_events *ev = NULL;
    cx_fit_data *d = cx_fit_data_new();
    cx_status st = d ? gof_model(lua, o->gof, &m, err)
                     : cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    if (st == CX_OK && (!(e = cx_engine_new(m, err)) ||
                        !(ev = cx_fit_events_new(m, (uint32_t)o->gof))))
        st = e ? cx_error_set(err, CX_ERR_NOMEM, "out of memory") : err->code;
    if (st == CX_OK) {
        cx_engine_recorder r;
        cx_tally ty;
        cx_tp_tally *tp = calloc(cx_model_touchpoint_count(m), sizeof *tp);
        cx_fit_events_recorder(ev, &r);
        cx_engine_set_recorder(e, &r);
        st = tp ? cx_engine_run(e, (uint32_t)o->seed, 0, &ty, tp, err)
                : cx_error_set(err, CX_ERR_NOMEM, "out of memory");
        free(tp);
    }
    if (st == CX_OK)
        st = cx_fit_events_paths(ev, 0, d, err);
    if (st == CX_OK) {
        cx_fit_figures_of(d, f, &g->sim, g->sim_visits);
        cx_fit_path_removal(d, f, g->sim_removal);
        for (size_t i = 0; i < g->obs.n_top; i++)
            g->sim_top[i] = cx_fit_path_share(d, g->obs.top[i]);
        g->journeys = (size_t)g->sim.journeys;
    }
    cx_fit_data_free(d);
    cx_fit_events_free(ev);
    cx_engine_free(e);
    cx_model_free(m);
    return st;
}

static int row(FILE *fp, const char *figure, const char *key, double obs, double sim)
{
    int rc = cx_csv_field(fp, figure) | cx_csv_sep(fp) | cx_csv_field(fp, key);
    rc |= cx_csv_sep(fp) | cx_csv_number(fp, obs) | cx_csv_sep(fp) | cx_csv_number(fp, sim);
    return rc | cx_csv_end_row(fp);
}

static int write_gof(FILE *fp, const cx_fit *f, const gof *g)
{
    static const char *const head[] = {"figure", "key", "observed", "simulated"};
    char key[16];
    int rc = cx_csv_row(fp, head, 4);
    rc |= row(fp, "conversion_rate", "", g->obs.conversion_rate, g->sim.conversion_rate);
    rc |= row(fp, "mean_path_length", "", g->obs.mean_length, g->sim.mean_length);
    for (int i = 0; i < CX_FIT_MAX_LENGTH; i++) {
        snprintf(key, sizeof key, i + 1 < CX_FIT_MAX_LENGTH ? "%d" : "%d+", i + 1);
        rc |= row(fp, "path_length_share", key, g->obs.length[i], g->sim.length[i]);
    }
    for (size_t k = 0; k < f->n_tp; k++)
        rc |= row(fp, "visits_per_journey", f->tp[k], g->obs_visits[k], g->sim_visits[k]);
    for (size_t i = 0; i < g->obs.n_top; i++)
        rc |= row(fp, "path_share", g->obs.top[i], g->obs.top_share[i], g->sim_top[i]);
    return rc ? -1 : 0;
}

/* ---- run.json ---------------------------------------------------------------------------- */

typedef struct job {
    const fit_opts *o;
    const cx_fit *f;
    const cx_fit_totals *t;
    const gof *g;
    double p_conv;
    const char *sha;
} job;

static void json_totals(cx_json *j, const job *x)
{
    const cx_fit_totals *t = x->t;
    cx_json_key(j, "data");
    cx_json_begin_object(j);
    cx_json_key(j, "kind");         cx_json_string(j, x->o->log ? "event log" : "path table");
    cx_json_key(j, "path");         cx_json_string(j, x->o->log ? x->o->log : x->o->paths);
    cx_json_key(j, "sha256");       cx_json_string(j, x->sha);
    cx_json_key(j, "rows");         cx_json_integer(j, (long long)t->rows);
    cx_json_key(j, "journeys");     cx_json_integer(j, (long long)t->journeys);
    cx_json_key(j, "conversions");  cx_json_integer(j, (long long)t->conversions);
    cx_json_key(j, "touchpoints");  cx_json_integer(j, (long long)t->touchpoints);
    cx_json_key(j, "paths");        cx_json_integer(j, (long long)t->paths);
    cx_json_key(j, "customers");    cx_json_integer(j, (long long)t->customers);
    cx_json_key(j, "columns");
    cx_json_begin_object(j);
    cx_json_key(j, "time");         cx_json_bool(j, t->has_time);
    cx_json_key(j, "segment");      cx_json_bool(j, t->has_segment);
    cx_json_key(j, "channel");      cx_json_bool(j, t->has_channel);
    cx_json_key(j, "csat");         cx_json_bool(j, t->has_csat);
    cx_json_key(j, "ltr");          cx_json_bool(j, t->has_ltr);
    cx_json_end_object(j);
    cx_json_end_object(j);
}

static int write_json(FILE *fp, const void *ctx)
{
    const job *x = ctx;
    const fit_opts *o = x->o;
    cx_json j;
    cx_json_init(&j, fp, 2);
    cx_json_begin_object(&j);
    cx_json_key(&j, "cxsim_version");   cx_json_string(&j, PACKAGE_VERSION);
    cx_json_key(&j, "command");         cx_json_string(&j, "fit");
    json_totals(&j, x);
    cx_json_key(&j, "session_gap_seconds");
    cx_json_number(&j, o->lo.session_gap > 0 ? o->lo.session_gap : 1800);
    cx_json_key(&j, "period_seconds");  cx_json_number(&j, o->lo.period > 0 ? o->lo.period
                                                           : 30 * 86400.0);
    cx_json_key(&j, "inactive_seconds");
    if (o->lo.inactive > 0)
        cx_json_number(&j, o->lo.inactive);
    else
        cx_json_null(&j);
    cx_json_key(&j, "customers");
    if (o->customers)
        cx_json_string(&j, o->customers);
    else
        cx_json_null(&j);
    cx_json_key(&j, "churn_from");
    cx_json_string(&j, o->customers ? "customers" : o->lo.inactive > 0 ? "inactive" : "default");
    cx_json_key(&j, "conversion_probability");  cx_json_number(&j, x->p_conv);
    cx_json_key(&j, "bootstrap");       cx_json_integer(&j, (long long)o->bootstrap);
    cx_json_key(&j, "seed");            cx_json_integer(&j, (long long)o->seed);
    cx_json_key(&j, "gof_journeys");    cx_json_integer(&j, (long long)x->g->journeys);
    cx_json_key(&j, "files");
    cx_json_begin_array(&j);
    static const char *const files[] = {"fitted.lua", "fit.csv", "transitions.csv",
                                        "removal.csv", "gof.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        cx_json_string(&j, files[i]);
    cx_json_end_array(&j);
    cx_json_end_object(&j);
    return cx_json_finish(&j);
}

/* ---- the files -------------------------------------------------------------------------------- */

static cx_status open_file(cx_atomic_group *g, const char *dir, const char *name, FILE **fp,
                           cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    cx_status st = cx_io_join(dir, name, path, err);
    return st == CX_OK ? cx_atomic_group_open(g, path, fp, err) : st;
}

static cx_status write_all(const fit_opts *o, const cx_fit *f, const cx_fit_removal *r,
                           job *x, gof *g, cx_error *err)
{
    cx_atomic_group grp;
    FILE *lua, *fp;
    const char *src = o->log ? o->log : o->paths;
    cx_atomic_group_init(&grp);
    cx_status st = cx_io_mkdir_p(o->out, err);
    if (st == CX_OK)
        st = open_file(&grp, o->out, "fitted.lua", &lua, err);
    if (st == CX_OK && (cx_fit_write_lua(lua, f, NULL, src) != 0 || fflush(lua) != 0))
        st = cx_error_set(err, CX_ERR_IO, "%s/fitted.lua: cannot write", o->out);
    if (st == CX_OK)    /* the goodness of fit simulates the file just written */
        st = simulate(grp.files[grp.n - 1].tmp, o, f, g, err);
    const struct { const char *name; int kind; } more[] = {
        {"fit.csv", 0}, {"transitions.csv", 1}, {"removal.csv", 2}, {"gof.csv", 3}};
    for (size_t i = 0; st == CX_OK && i < sizeof more / sizeof *more; i++) {
        st = open_file(&grp, o->out, more[i].name, &fp, err);
        int rc = st != CX_OK ? 0
                 : more[i].kind == 0 ? cx_fit_write_params(fp, f)
                 : more[i].kind == 1 ? cx_fit_write_transitions(fp, f)
                 : more[i].kind == 2 ? cx_fit_write_removal(fp, f, r, g->sim_removal)
                                     : write_gof(fp, f, g);
        if (rc != 0)
            st = cx_error_set(err, CX_ERR_IO, "%s/%s: cannot write", o->out, more[i].name);
    }
    if (st == CX_OK) {
        st = open_file(&grp, o->out, "run.json", &fp, err);
        if (st == CX_OK && write_json(fp, x) != 0)
            st = cx_error_set(err, CX_ERR_IO, "%s/run.json: cannot write", o->out);
    }
    if (st == CX_OK)
        return cx_atomic_group_commit(&grp, err);
    cx_atomic_group_abort(&grp);
    return st;
}

/* ---- the verb ---------------------------------------------------------------------------------- */

static void print_summary(const fit_opts *o, const cx_fit *f, const cx_fit_removal *r,
                          double p_conv, const gof *g)
{
    printf("fit: %s: %llu journeys, %llu converted (%.4f), %zu touchpoints\n",
           o->log ? o->log : o->paths, (unsigned long long)f->journeys,
           (unsigned long long)f->conversions, f->conversion_rate, f->n_tp);
    printf("chain: P(conversion) %.4f; simulated fitted.lua (%zu journeys): %.4f\n", p_conv,
           g->journeys, g->sim.conversion_rate);
    printf("  %-24s %9s  %-19s %9s\n", "touchpoint", "removal", "95 % interval", "observed");
    for (size_t k = 0; k < f->n_tp; k++)
        printf("  %-24s %9.4f  [%7.4f, %7.4f] %9.4f\n", f->tp[k], r[k].effect, r[k].lo,
               r[k].hi, r[k].observed);
    printf("wrote %s/: fitted.lua fit.csv transitions.csv removal.csv gof.csv run.json\n",
           o->out);
}

static cx_status run_fit(const fit_opts *o, cx_error *err)
{
    cx_fit_data *d = cx_fit_data_new();
    cx_fit *f = NULL;
    cx_fit_removal *r = NULL;
    cx_fit_totals t;
    gof g = {0};
    double p_conv = 0;
    char sha[65];
    const char *src = o->log ? o->log : o->paths;
    cx_status st = d ? CX_OK : cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    if (st == CX_OK)
        st = o->log ? cx_fit_read_log(d, o->log, &o->lo, err)
                    : cx_fit_read_paths(d, o->paths, &o->po, err);
    if (st == CX_OK && o->customers)    /* after the log: its segments are the log's */
        st = cx_fit_read_customers(d, o->customers, &o->co, err);
    if (st == CX_OK && (st = cx_fit_estimate(d, &f, err)) == CX_ERR_INPUT)
        prefix(err, "%s: %s", src);
    if (st == CX_OK) {
        r = calloc(f->n_tp, sizeof *r);
        g.obs_visits = calloc(3 * f->n_tp, sizeof(double));
        g.sim_visits = g.obs_visits + f->n_tp;
        g.sim_removal = g.obs_visits + 2 * f->n_tp;
        st = r && g.obs_visits ? cx_fit_removal_effects(f, d, o->bootstrap, o->seed, &p_conv,
                                                        r, err)
                               : cx_error_set(err, CX_ERR_NOMEM, "out of memory");
        if (st == CX_ERR_INPUT)
            prefix(err, "%s: %s", src);
    }
    if (st == CX_OK)
        st = cx_sha256_file(src, sha, err);
    if (st == CX_OK) {
        cx_fit_data_totals(d, &t);
        cx_fit_figures_of(d, f, &g.obs, g.obs_visits);
        job x = {o, f, &t, &g, p_conv, sha};
        st = write_all(o, f, r, &x, &g, err);
    }
    if (st == CX_OK && !o->quiet)
        print_summary(o, f, r, p_conv, &g);
    /* the page reads the directory just written, as cxsim report DIR does */
    if (st == CX_OK && o->report && (st = cx_report_write(o->out, o->report, err)) == CX_OK &&
        !o->quiet)
        printf("report in %s\n", o->report);
    free(g.obs_visits);
    free(r);
    cx_fit_free(f);
    cx_fit_data_free(d);
    return st;
}

int cx_cli_fit(int argc, char **argv)
{
    fit_opts o;
    cx_error err;
    cx_status st = parse(argc, argv, &o, &err);
    /* --out locked as the other verbs' (docs/results.md, "One writer at a
     * time"): a second writer is refused, a killed one's journal finished */
    cx_io_dir_lock_t lock = {.fd = -1};
    if (st == CX_OK)
        st = cx_io_dir_lock(o.out, &lock, NULL, &err);
    if (st == CX_OK)
        st = run_fit(&o, &err);
    cx_io_dir_unlock(&lock);
    return st == CX_OK ? 0 : cx_cli_fail(err.code, err.msg);
}
