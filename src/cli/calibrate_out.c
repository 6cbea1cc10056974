/* calibrate_out.c - the files of `cxsim calibrate --out DIR` (formats in
 * docs/results.md): the fitted parameters, the goodness of fit, the
 * search's trace, the fitted scenario, each written atomically, then the
 * run files of the best evaluation (run.json last; an earlier run.json is
 * removed first).
 *
 * fitted.lua is the scenario's own text followed by set blocks (the
 * command line's --set overrides, then the fitted values), which apply
 * after the model is built exactly as --set does; the modules the
 * scenario requires are copied under DIR/lib/, where `require` in
 * DIR/fitted.lua looks. It is then loaded back to check that it holds the
 * fitted values.
 */
#include "cmd_calibrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/atomic.h"
#include "cxsim/csv.h"
#include "cxsim/io.h"
#include "cxsim/json.h"
#include "cxsim/results.h"
#include "cxsim/sha256.h"
#include "format.h"
#include "load.h"
#include "opts.h"

/* ---- CSV files -------------------------------------------------------------------- */

static double position(const cx_cli_calib *c, size_t i)
{
    return (c->cal.res.x[i] - c->box[i].lo) / (c->box[i].hi - c->box[i].lo);
}

static int write_params(FILE *fp, const void *ctx)
{
    const cx_cli_calib *c = ctx;
    static const char *const head[] = {"parameter", "lo", "hi", "start", "value", "position"};
    int rc = cx_csv_row(fp, head, 6);
    for (size_t i = 0; i < c->np; i++) {
        const double v[5] = {c->box[i].lo, c->box[i].hi, c->box[i].start, c->cal.res.x[i],
                             position(c, i)};
        rc |= cx_csv_field(fp, c->par[i].path);
        for (int k = 0; k < 5; k++)
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, v[k]);
        rc |= cx_csv_end_row(fp);
    }
    return rc ? -1 : 0;
}

static int write_fit(FILE *fp, const void *ctx)
{
    const cx_cli_calib *c = ctx;
    static const char *const head[] = {"metric", "period", "target", "sd", "weight", "scale",
                                       "mean", "ci_low", "ci_high", "difference", "z"};
    int rc = cx_csv_row(fp, head, 11);
    for (size_t i = 0; i < c->nt; i++) {
        const cx_calibrate_target *t = &c->tg[i];
        const cx_calibrate_fit_row *r = &c->cal.rows[i];
        const double v[9] = {t->value, t->sd, t->weight, t->scale, r->sim.mean,
                             r->sim.ci_low, r->sim.ci_high, r->diff, r->z};
        rc |= cx_csv_field(fp, cx_metric_name((cx_metric)t->metric)) | cx_csv_sep(fp);
        if (t->period)                  /* blank: the horizon */
            rc |= cx_csv_size(fp, (size_t)t->period);
        for (int k = 0; k < 9; k++)
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, v[k]);
        rc |= cx_csv_end_row(fp);
    }
    return rc ? -1 : 0;
}

static int write_trace(FILE *fp, const void *ctx)
{
    const cx_cli_calib *c = ctx;
    int rc = cx_csv_field(fp, "evaluation");
    for (size_t i = 0; i < c->np; i++)
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, c->par[i].path);
    rc |= cx_csv_sep(fp) | cx_csv_field(fp, "loss") | cx_csv_end_row(fp);
    for (size_t e = 0; e < c->cal.res.evals; e++) {
        rc |= cx_csv_size(fp, e + 1);
        for (size_t i = 0; i <= c->np; i++)
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, c->cal.res.trace[e * (c->np + 1) + i]);
        rc |= cx_csv_end_row(fp);
    }
    return rc ? -1 : 0;
}

/* ---- run.json ------------------------------------------------------------------------ */

typedef struct json_ctx {
    const cx_cli_calib *c;
    const char *targets_sha256;
} json_ctx;

static void json_params(cx_json *j, const cx_cli_calib *c)
{
    cx_json_begin_array(j);
    for (size_t i = 0; i < c->np; i++) {
        cx_json_begin_object(j);
        cx_json_key(j, "path");     cx_json_string(j, c->par[i].path);
        cx_json_key(j, "lo");       cx_json_number(j, c->box[i].lo);
        cx_json_key(j, "hi");       cx_json_number(j, c->box[i].hi);
        cx_json_key(j, "start");    cx_json_number(j, c->box[i].start);
        cx_json_key(j, "value");    cx_json_number(j, c->cal.res.x[i]);
        cx_json_end_object(j);
    }
    cx_json_end_array(j);
}

static const char *stop_name(cx_calibrate_stop s)
{
    return s == CX_CALIBRATE_CONVERGED ? "converged"
           : s == CX_CALIBRATE_STALLED ? "stalled" : "evaluation cap";
}

/* "calibration": how the search ran and where it ended. */
static void json_calibration(struct cx_json *j, void *ctx)
{
    const json_ctx *x = ctx;
    const cx_cli_calib *c = x->c;
    const cx_calibrate_result *r = &c->cal.res;
    cx_json_key(j, "calibration");
    cx_json_begin_object(j);
    cx_json_key(j, "targets");
    cx_json_begin_object(j);
    cx_json_key(j, "path");                 cx_json_string(j, c->o->targets);
    cx_json_key(j, "sha256");               cx_json_string(j, x->targets_sha256);
    cx_json_end_object(j);
    cx_json_key(j, "variant");              cx_json_string(j, c->cal.variant_name);
    cx_json_key(j, "method");
    cx_json_string(j, "Nelder-Mead simplex (GSL nmsimplex2) in logit coordinates");
    cx_json_key(j, "tolerance");            cx_json_number(j, r->opts.tol);
    cx_json_key(j, "max_evaluations");      cx_json_integer(j, (long long)r->opts.max_evals);
    cx_json_key(j, "stall_evaluations");    cx_json_integer(j, (long long)r->opts.stall);
    cx_json_key(j, "evaluations");          cx_json_integer(j, (long long)r->evals);
    cx_json_key(j, "best_evaluation");      cx_json_integer(j, (long long)r->best_eval);
    cx_json_key(j, "stopped");              cx_json_string(j, stop_name(r->stop));
    cx_json_key(j, "simplex_size");         cx_json_number(j, r->size);
    cx_json_key(j, "start_loss");           cx_json_number(j, r->trace[c->np]);
    cx_json_key(j, "loss");                 cx_json_number(j, r->loss);
    cx_json_key(j, "parameters");           json_params(j, c);
    cx_json_end_object(j);
}

static cx_status write_run_files(const cx_cli_calib *c, cx_error *err)
{
    char scen_sha[65], targ_sha[65];
    cx_status st = cx_sha256_file(c->o->scenario, scen_sha, err);
    if (st == CX_OK)
        st = cx_sha256_file(c->o->targets, targ_sha, err);
    if (st != CX_OK)
        return st;
    json_ctx x = {c, targ_sha};
    cx_results_info info = {
        .command = "calibrate", .scenario_path = c->o->scenario, .scenario_sha256 = scen_sha,
        .seed = c->ro.seed, .reps = c->ro.reps, .threads = c->ro.threads,
        .model = c->cal.best_model, .origin = &c->o->origin, .overrides = c->o->sets, .n_overrides = c->o->n_sets,
        .wall_seconds = c->cal.wall, .extra = json_calibration, .extra_ctx = &x,
    };
    return cx_results_write(c->o->out, c->cal.best, &info, err);
}

/* ---- fitted.lua --------------------------------------------------------------------------- */

/* s as a Lua string literal. */
static int lua_string(FILE *fp, const char *s)
{
    int rc = putc('"', fp) == EOF;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            rc |= fprintf(fp, "\\%c", ch) < 0;
        else if (ch < 32 || ch == 127)
            rc |= fprintf(fp, "\\%03u", ch) < 0;
        else
            rc |= putc(ch, fp) == EOF;
    }
    rc |= putc('"', fp) == EOF;
    return rc ? -1 : 0;
}

/* One "  [PATH] = VALUE," entry; %.17g reads back as the same double. */
static int set_entry(FILE *fp, const char *path, double value)
{
    int rc = fputs("    [", fp) == EOF;
    rc |= lua_string(fp, path);
    rc |= fprintf(fp, "] = %.17g,", value) < 0;
    return rc ? -1 : 0;
}

/* The command line's --set overrides, one block each, in their order. */
static int write_sets(FILE *fp, const cx_cli_calib *c)
{
    int rc = 0;
    if (c->o->n_sets)
        rc |= fputs("-- the command line's --set overrides, in order\n", fp) == EOF;
    for (size_t i = 0; i < c->o->n_sets; i++) {
        const char *arg = c->o->sets[i], *eq = strchr(arg, '=');
        char path[512];
        snprintf(path, sizeof path, "%.*s", (int)(eq - arg), arg);
        rc |= fputs("set {\n", fp) == EOF;
        rc |= set_entry(fp, path, strtod(eq + 1, NULL));
        rc |= fputs("\n}\n", fp) == EOF;
    }
    return rc;
}

/* s inside a Lua comment: a line end in a file name must not end it. */
static int comment_text(FILE *fp, const char *s)
{
    int rc = 0;
    for (; *s; s++)
        rc |= putc((unsigned char)*s < 32 ? '?' : *s, fp) == EOF;
    return rc ? -1 : 0;
}

static int write_block(FILE *fp, const cx_cli_calib *c)
{
    const cx_calibrate_result *r = &c->cal.res;
    int rc = fprintf(fp, "\n-- ------------------------------------------------------------"
                     "----------\n-- cxsim calibrate: %zu parameter%s fitted to ", c->np,
                     c->np == 1 ? "" : "s") < 0;
    rc |= comment_text(fp, c->o->targets);
    rc |= fprintf(fp, "\n-- loss %.6g at evaluation %zu of %zu (%s), seed %u, %zu "
                  "replications.\n-- The text above is the scenario\n--   ", r->loss,
                  r->best_eval, r->evals, stop_name(r->stop), (unsigned)c->ro.seed,
                  c->ro.reps) < 0;
    rc |= comment_text(fp, c->o->scenario);
    rc |= fprintf(fp, "\n-- as it was; the set blocks below apply once the model is built, "
                  "as --set\n-- would.%s\n", c->n_mods ? " The modules it requires and the "
                  "files it reads are\n-- copied beside this file." : "") < 0;
    rc |= write_sets(fp, c);
    rc |= fputs("-- the fitted values\nset {\n", fp) == EOF;
    for (size_t i = 0; i < c->np; i++) {
        rc |= set_entry(fp, c->par[i].path, r->x[i]);
        rc |= fprintf(fp, "  -- in [%g, %g], from %g\n", c->box[i].lo, c->box[i].hi,
                      c->box[i].start) < 0;
    }
    rc |= fputs("}\n", fp) == EOF;
    return rc ? -1 : 0;
}

/* Copies the file at from to fp. */
static int copy_into(FILE *fp, const char *from, int *ends_with_newline)
{
    FILE *in = fopen(from, "rb");
    char buf[8192];
    size_t n;
    int rc = in ? 0 : -1, last = '\n';
    while (in && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        rc |= fwrite(buf, 1, n, fp) == n ? 0 : -1;
        last = buf[n - 1];
    }
    if (in) {
        rc |= ferror(in) ? -1 : 0;
        fclose(in);
    }
    *ends_with_newline = last == '\n';
    return rc;
}

static int write_fitted(FILE *fp, const void *ctx)
{
    const cx_cli_calib *c = ctx;
    int newline;
    int rc = copy_into(fp, c->o->scenario, &newline);
    if (!newline)
        rc |= putc('\n', fp) == EOF;
    rc |= write_block(fp, c);
    return rc ? -1 : 0;
}

/* ---- modules ------------------------------------------------------------------------------ */

static int write_module(FILE *fp, const void *from)
{
    int newline;
    return copy_into(fp, from, &newline);
}

/* Copies module i to DIR/lib/NAME.lua, dots of the name as directories,
 * or data file i to DIR/NAME, where fitted.lua looks for it. */
static cx_status copy_module(const cx_cli_calib *c, size_t i, cx_error *err)
{
    char rel[CX_IO_PATH_MAX], path[CX_IO_PATH_MAX];
    int n = c->mod_is_data[i] ? snprintf(rel, sizeof rel, "%s", c->mod_name[i])
                              : snprintf(rel, sizeof rel, "lib/%s.lua", c->mod_name[i]);
    for (char *p = rel + 4; !c->mod_is_data[i] && n > 0 && p < rel + n - 4; p++)
        if (*p == '.')
            *p = '/';
    cx_status st = cx_io_join(c->o->out, rel, path, err);
    if (st != CX_OK)
        return st;
    char *slash = strrchr(path, '/');
    *slash = '\0';             /* path: the directory, slash + 1: the file */
    st = cx_io_mkdir_p(path, err);
    if (st == CX_OK)
        st = cx_atomic_write(path, slash + 1, write_module, c->mod_path[i], err);
    return st;
}

int cx_cli_calibrate_writes(const char *name)
{
    static const char *const files[] = {
        "calibration.csv", "fit.csv", "calibration_trace.csv", "fitted.lua", "run.json",
        "summary.csv", "replications.csv", "periods.csv", "touchpoints.csv", "nps.csv",
        "variance.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (strcmp(name, files[i]) == 0)
            return 1;
    return strncmp(name, "lib/", 4) == 0;   /* where the modules go */
}

/* ---- checking fitted.lua ------------------------------------------------------------------- */

static cx_status verify(const cx_cli_calib *c, cx_error *err)
{
    char path[CX_IO_PATH_MAX];
    cx_model *m = NULL;
    cx_cli_opts o = *c->o;
    cx_error why;
    cx_status st = cx_io_join(c->o->out, "fitted.lua", path, err);
    if (st != CX_OK)
        return st;
    o.scenario = path;
    o.n_sets = 0;               /* fitted.lua holds them */
    if (cx_cli_load(&o, &m, &why) != CX_OK)
        return cx_error_set(err, CX_ERR_SIM, "the fitted scenario does not load: %s", why.msg);
    for (size_t i = 0; st == CX_OK && i < c->np; i++) {
        double v = NAN;
        cx_model_get(m, c->par[i].path, &v, NULL);
        if (v != c->cal.res.x[i])
            st = cx_error_set(err, CX_ERR_SIM, "%s does not hold the fitted %s = %.17g (it "
                              "reads %.17g): does the scenario end with a return statement, "
                              "or define a variable named set?", path, c->par[i].path,
                              c->cal.res.x[i], v);
    }
    cx_model_free(m);
    return st;
}

cx_status cx_cli_calibrate_emit(const cx_cli_calib *c, cx_error *err)
{
    const cx_cli_table t[] = {
        {"calibration", write_params, c}, {"fit", write_fit, c},
        {"calibration_trace", write_trace, c},
    };
    return cx_cli_emit(c->o, t, 3, err);
}

cx_status cx_cli_calibrate_write(const cx_cli_calib *c, cx_error *err)
{
    if (c->mods_dropped)
        return cx_error_set(err, CX_ERR_NOMEM, "%s requires more than %d modules (or memory "
                            "ran out listing them): cannot copy them beside fitted.lua",
                            c->o->scenario, CX_CLI_MAX_MODULES);
    /* everything is written into a stage inside DIR, fitted.lua checked
     * there (its modules beside it), then moved into DIR as one group,
     * run.json last: a full disk or a failed check leaves DIR as it was
     * (docs/results.md) */
    char stage[CX_IO_PATH_MAX];
    const char *out = c->o->out;
    cx_status st = cx_io_stage_open(out, "calibrate", stage, err);
    if (st != CX_OK)
        return st;
    cx_cli_opts so = *c->o;
    cx_cli_calib sc = *c;
    so.out = stage;
    sc.o = &so;
    c = &sc;
    if (st == CX_OK)
        st = cx_atomic_write(c->o->out, "calibration.csv", write_params, c, err);
    if (st == CX_OK)
        st = cx_atomic_write(c->o->out, "fit.csv", write_fit, c, err);
    if (st == CX_OK)
        st = cx_atomic_write(c->o->out, "calibration_trace.csv", write_trace, c, err);
    for (size_t i = 0; st == CX_OK && i < c->n_mods; i++)
        st = copy_module(c, i, err);
    if (st == CX_OK)
        st = cx_atomic_write(c->o->out, "fitted.lua", write_fitted, c, err);
    if (st == CX_OK)
        st = verify(c, err);
    if (st == CX_OK)
        st = write_run_files(c, err);
    if (st != CX_OK) {
        cx_io_stage_abort(stage);
        return st;
    }
    return cx_io_stage_commit(stage, out, err);
}
