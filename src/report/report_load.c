/* report_load.c - reading a results directory for the report: run.json
 * names the verb; the CSV files that verb writes are read and checked
 * (columns present, rows as wide as the header, numbers where numbers
 * belong), so the page can trust every cell it reads. */
#include "report_internal.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What each file must have. numeric: columns that hold numbers (or NA);
 * all_numeric_but: every column but the one named holds numbers (the
 * files whose other columns are named by parameters). */
static const struct {
    const char *name;
    const char *columns[12];
    const char *numeric[10];
    const char *all_numeric_but;
} files[RP_FILES] = {
    [RP_SUMMARY] = {"summary.csv", {"variant", "metric", "mean", "ci_low", "ci_high"},
                    {"mean", "ci_low", "ci_high"}, NULL},
    [RP_PERIODS] = {"periods.csv", {"variant", "period", "metric", "mean", "ci_low", "ci_high"},
                    {"period", "mean", "ci_low", "ci_high"}, NULL},
    [RP_TOUCHPOINTS] = {"touchpoints.csv",
                        {"variant", "journey", "touchpoint", "metric", "mean", "ci_low",
                         "ci_high"}, {"mean", "ci_low", "ci_high"}, NULL},
    [RP_COMPARE] = {"compare.csv",
                    {"variant", "baseline", "metric", "baseline_mean", "variant_mean",
                     "difference", "ci_low", "ci_high"},
                    {"baseline_mean", "variant_mean", "difference", "ci_low", "ci_high"}, NULL},
    [RP_QUICKWINS] = {"quickwins.csv",
                      {"rank", "candidate", "variant", "objective", "effect", "ci_low",
                       "ci_high", "p_holm", "significant", "cost", "roi"},
                      {"rank", "effect", "ci_low", "ci_high", "p_holm", "cost", "roi"}, NULL},
    [RP_SWEEP] = {"sweep.csv", {"point", "metric", "mean", "ci_low", "ci_high"}, {0}, "metric"},
    [RP_TORNADO] = {"tornado.csv",
                    {"metric", "rank", "parameter", "low", "high", "baseline", "metric_at_low",
                     "metric_at_high", "swing", "swing_ci_low", "swing_ci_high"},
                    {"rank", "low", "high", "baseline", "metric_at_low", "metric_at_high",
                     "swing", "swing_ci_low", "swing_ci_high"}, NULL},
    [RP_SOBOL] = {"sobol.csv",
                  {"metric", "parameter", "first_order", "first_ci_low", "first_ci_high",
                   "total", "total_ci_low", "total_ci_high"},
                  {"first_order", "first_ci_low", "first_ci_high", "total", "total_ci_low",
                   "total_ci_high"}, NULL},
    [RP_CALIBRATION] = {"calibration.csv", {"parameter", "lo", "hi", "start", "value"},
                        {"lo", "hi", "start", "value"}, NULL},
    [RP_FIT] = {"fit.csv",
                {"metric", "period", "target", "mean", "ci_low", "ci_high", "difference", "z"},
                {"target", "mean", "ci_low", "ci_high", "difference", "z"}, NULL},
    [RP_TRACE] = {"calibration_trace.csv", {"evaluation", "loss"}, {0}, ""},
    /* cxsim fit's fit.csv: its parameters, not calibrate's targets */
    [RP_PARAMS] = {"fit.csv", {"parameter", "estimate", "ci_low", "ci_high", "n", "source"},
                   {"estimate", "ci_low", "ci_high", "n"}, NULL},
    [RP_TRANSITIONS] = {"transitions.csv",
                        {"from", "to", "probability", "n", "ci_low", "ci_high"},
                        {"probability", "n", "ci_low", "ci_high"}, NULL},
    [RP_REMOVAL] = {"removal.csv",
                    {"touchpoint", "removal_effect", "ci_low", "ci_high", "observed",
                     "simulated"},
                    {"removal_effect", "ci_low", "ci_high", "observed", "simulated"}, NULL},
    [RP_GOF] = {"gof.csv", {"figure", "key", "observed", "simulated"},
                {"observed", "simulated"}, NULL},
    [RP_UNCERTAINTY] = {"uncertainty.csv",
                        {"variant", "metric", "mean", "sd", "p05", "p50", "p95",
                         "prob_positive", "prob_negative", "var_input", "var_noise", "n"},
                        {"mean", "sd", "p05", "p50", "p95", "prob_positive", "prob_negative",
                         "var_input", "var_noise", "n"}, NULL},
    [RP_DECISION] = {"decision.csv",
                     {"variant", "expected_net_value", "prob_best", "prob_loss",
                      "prob_roi_negative", "expected_loss"},
                     {"expected_net_value", "prob_best", "prob_loss", "prob_roi_negative",
                      "expected_loss"}, NULL},
    [RP_VOI] = {"voi.csv", {"parameter", "evppi", "evpi"}, {"evppi", "evpi"}, NULL},
    /* one column per uncertain input, named by its path: all numbers */
    [RP_DRAWS] = {"draws.csv", {"draw", "variant", "net_value"}, {0}, "variant"},
    [RP_QW_UNCERTAINTY] = {"quickwins_uncertainty.csv",
                           {"rank", "candidate", "interventions", "objective", "effect_mean",
                            "effect_p05", "effect_p95", "prob_better", "expected_net_value",
                            "prob_best", "prob_loss", "expected_loss"},
                           {"rank", "effect_mean", "effect_p05", "effect_p95", "prob_better",
                            "expected_net_value", "prob_best", "prob_loss", "prob_roi_negative",
                            "expected_loss"}, NULL},
};

/* The files of --uncertainty (run.json has an "uncertainty" member). */
static const rp_file uncertainty_files[] = {RP_UNCERTAINTY, RP_DECISION, RP_VOI, RP_DRAWS,
                                            RP_FILES};

/* The files each kind reads, ended by RP_FILES. */
static const rp_file kind_files[][7] = {
    [CX_REPORT_RUN] = {RP_SUMMARY, RP_PERIODS, RP_TOUCHPOINTS, RP_FILES},
    [CX_REPORT_COMPARE] = {RP_SUMMARY, RP_PERIODS, RP_TOUCHPOINTS, RP_COMPARE, RP_FILES},
    [CX_REPORT_QUICKWINS] = {RP_SUMMARY, RP_PERIODS, RP_TOUCHPOINTS, RP_COMPARE, RP_QUICKWINS,
                             RP_FILES},
    [CX_REPORT_SWEEP] = {RP_SWEEP, RP_FILES},
    [CX_REPORT_SENSITIVITY] = {RP_TORNADO, RP_SOBOL, RP_FILES},
    [CX_REPORT_CALIBRATE] = {RP_SUMMARY, RP_PERIODS, RP_TOUCHPOINTS, RP_CALIBRATION, RP_FIT,
                             RP_TRACE, RP_FILES},
    [CX_REPORT_FIT] = {RP_TRANSITIONS, RP_REMOVAL, RP_GOF, RP_PARAMS, RP_FILES},
};

static const char *const kind_names[] = {"run", "compare", "quickwins", "sweep",
                                         "sensitivity", "calibrate", "fit"};
#define N_KINDS (sizeof kind_names / sizeof kind_names[0])

const char *cx_report_kind_name(cx_report_kind k)
{
    assert((size_t)k < N_KINDS);
    return kind_names[k];
}

cx_report_kind cx_report_kind_of(const cx_report *r)
{
    return r->kind;
}

/* ---- cells ------------------------------------------------------------------------ */

int cx_rp_col(const cx_report *r, rp_file f, const char *name)
{
    return cx_csv_column(r->tab[f], name);
}

const char *cx_rp_cell(const cx_report *r, rp_file f, size_t row, int col)
{
    const char *s = col >= 0 ? cx_csv_cell(r->tab[f], row, (size_t)col) : NULL;
    return s ? s : "";
}

double cx_rp_num(const cx_report *r, rp_file f, size_t row, int col)
{
    double x;
    return cx_csv_parse_number(cx_rp_cell(r, f, row, col), &x) == 0 ? x : NAN;
}

size_t cx_rp_rows(const cx_report *r, rp_file f)
{
    return r->tab[f] ? cx_csv_rows(r->tab[f]) : 0;
}

void cx_rp_estimate(const cx_report *r, rp_file f, size_t row, const char *centre,
                    double est[3])
{
    if (!row) {
        est[0] = est[1] = est[2] = NAN;
        return;
    }
    est[0] = cx_rp_num(r, f, row, cx_rp_col(r, f, centre));
    est[1] = cx_rp_num(r, f, row, cx_rp_col(r, f, "ci_low"));
    est[2] = cx_rp_num(r, f, row, cx_rp_col(r, f, "ci_high"));
}

void cx_rp_summary(const cx_report *r, const char *variant, const char *metric, double est[3])
{
    const char *key[] = {variant, metric};
    cx_rp_estimate(r, RP_SUMMARY, cx_rp_index_find(&r->summary_index, key, 2), "mean", est);
}

/* ---- checking a table ----------------------------------------------------------------- */

static int is_numeric_column(rp_file f, const char *header)
{
    if (files[f].all_numeric_but)
        return strcmp(header, files[f].all_numeric_but) != 0;
    for (size_t k = 0; k < 10 && files[f].numeric[k]; k++)
        if (strcmp(files[f].numeric[k], header) == 0)
            return 1;
    return 0;
}

static cx_status check_table(const cx_csv_table *t, rp_file f, cx_error *err)
{
    const char *name = cx_csv_name(t);
    if (cx_csv_rows(t) == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s:1: empty file (a header row was expected)",
                            name);
    for (size_t k = 0; k < 12 && files[f].columns[k]; k++)
        if (cx_csv_column(t, files[f].columns[k]) < 0)
            return cx_error_set(err, CX_ERR_INPUT, "%s:1: no column '%s' in the header "
                                "(docs/results.md lists the columns)", name,
                                files[f].columns[k]);
    size_t width = cx_csv_width(t, 0);
    for (size_t r = 1; r < cx_csv_rows(t); r++) {
        if (cx_csv_width(t, r) != width)
            return cx_error_set(err, CX_ERR_INPUT, "%s:%zu: %zu fields, the header has %zu",
                                name, cx_csv_line(t, r), cx_csv_width(t, r), width);
        for (size_t c = 0; c < width; c++) {
            double x;
            const char *cell = cx_csv_cell(t, r, c);
            if (!is_numeric_column(f, cx_csv_cell(t, 0, c)) || strcmp(cell, "NA") == 0)
                continue;
            if (cx_csv_number_at(t, r, c, &x, err) != 0)
                return CX_ERR_INPUT;
        }
    }
    return CX_OK;
}

static cx_status read_table(cx_report *r, rp_file f, cx_error *err)
{
    char path[CX_IO_PATH_MAX + 64];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", r->dir, files[f].name);
    if (stat(path, &sb) != 0 && errno == ENOENT)
        return cx_error_set(err, CX_ERR_INPUT, "%s: missing: the results of cxsim %s%s "
                            "hold it (docs/results.md)", path, kind_names[r->kind],
                            r->uncertain ? " --uncertainty" : "");
    cx_status st = cx_csv_read(path, &r->tab[f], err);
    if (st != CX_OK)
        return st;
    return check_table(r->tab[f], f, err);
}

/* ---- run.json ------------------------------------------------------------------------ */

static cx_status read_run_json(cx_report *r, cx_error *err)
{
    char path[CX_IO_PATH_MAX + 16], *buf = NULL;
    size_t len = 0;
    struct stat sb;
    if (stat(r->dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return cx_error_set(err, CX_ERR_INPUT, "%s: not a directory (give the results "
                            "directory of a run, compare, quickwins, sweep, sensitivity, "
                            "calibrate or fit)", r->dir);
    snprintf(path, sizeof path, "%s/run.json", r->dir);
    if (stat(path, &sb) != 0 && errno == ENOENT)
        return cx_error_set(err, CX_ERR_INPUT, "%s: not a results directory (no run.json; "
                            "cxsim run SCENARIO.lua --out DIR writes one)", r->dir);
    cx_status st = cx_io_read_file(path, (size_t)64 << 20, &buf, &len, err);
    if (st == CX_OK)
        st = cx_json_parse(path, buf ? buf : "", len, &r->run, err);
    free(buf);
    if (st == CX_OK && r->run->type != CX_JSON_OBJECT)
        st = cx_error_set(err, CX_ERR_INPUT, "%s: expected an object at the top", path);
    return st;
}

static cx_status run_kind(cx_report *r, cx_error *err)
{
    const cx_json_value *c = cx_json_member(r->run, "command");
    for (size_t k = 0; c && c->type == CX_JSON_STRING && k < N_KINDS; k++)
        if (strcmp(c->string, kind_names[k]) == 0) {
            r->kind = (cx_report_kind)k;
            return CX_OK;
        }
    return cx_error_set(err, CX_ERR_INPUT, "%s/run.json: %s", r->dir,
                        c ? "\"command\" is not one of \"run\", \"compare\", \"quickwins\", "
                            "\"sweep\", \"sensitivity\", \"calibrate\", \"fit\""
                          : "no \"command\" member");
}

static cx_status run_variants(cx_report *r, cx_error *err)
{
    /* --uncertainty's own list: an analysis's top-level "variants" is the
     * baseline alone (docs/results.md, "run.json of --uncertainty") */
    const cx_json_value *v = cx_json_member(cx_json_member(r->run, "uncertainty"), "variants");
    if (!v)
        v = cx_json_member(r->run, "variants");
    if (!v || v->type != CX_JSON_ARRAY || v->n == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s/run.json: \"variants\" must be an "
                            "array of variant names", r->dir);
    /* no more than cxsim writes: each variant costs a line in every chart */
    size_t most = r->kind == CX_REPORT_RUN || r->kind == CX_REPORT_COMPARE
                      ? CX_REPORT_MAX_RUN_VARIANTS : CX_REPORT_MAX_VARIANTS;
    if (v->n > most)
        return cx_error_set(err, CX_ERR_INPUT, "%s/run.json: \"variants\": %zu variants; "
                            "cxsim %s writes at most %zu", r->dir, v->n,
                            kind_names[r->kind], most);
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i].type != CX_JSON_STRING)
            return cx_error_set(err, CX_ERR_INPUT, "%s/run.json: \"variants\" item %zu: a "
                                "variant name must be a string", r->dir, i + 1);
        r->variants[r->n_variants++] = v->items[i].string;
    }
    return CX_OK;
}

/* ---- what the run files tell -------------------------------------------------------- */

static cx_status collect_touchpoints(cx_report *r, cx_error *err)
{
    int cv = cx_rp_col(r, RP_TOUCHPOINTS, "variant"), cj = cx_rp_col(r, RP_TOUCHPOINTS, "journey");
    int ct = cx_rp_col(r, RP_TOUCHPOINTS, "touchpoint");
    int journeys = 0;
    for (size_t i = 1; i < cx_rp_rows(r, RP_TOUCHPOINTS); i++) {
        const char *j = cx_rp_cell(r, RP_TOUCHPOINTS, i, cj);
        const char *t = cx_rp_cell(r, RP_TOUCHPOINTS, i, ct);
        if (strcmp(cx_rp_cell(r, RP_TOUCHPOINTS, i, cv), r->variants[0]) != 0)
            continue;
        size_t k = 0;
        while (k < r->n_touchpoints &&
               (strcmp(r->tp_journey[k], j) != 0 || strcmp(r->tp_name[k], t) != 0))
            k++;
        if (k < r->n_touchpoints || k == CX_REPORT_MAX_TOUCHPOINTS)
            continue;
        if (k > 0 && strcmp(r->tp_journey[k - 1], j) != 0)
            journeys = 1;
        r->tp_journey[k] = j;
        r->tp_name[k] = t;
        r->n_touchpoints++;
    }
    for (size_t k = 0; k < r->n_touchpoints; k++) {
        size_t n = strlen(r->tp_journey[k]) + strlen(r->tp_name[k]) + 2;
        if (!(r->tp_label[k] = malloc(n)))
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
        if (journeys)   /* two journeys may both have a "support": name the journey */
            snprintf(r->tp_label[k], n, "%s/%s", r->tp_journey[k], r->tp_name[k]);
        else
            snprintf(r->tp_label[k], n, "%s", r->tp_name[k]);
    }
    return CX_OK;
}

/* The indexes of the tables the pages look values up in by key. */
static cx_status build_indexes(cx_report *r, cx_error *err)
{
    static const char *const by_metric[] = {"variant", "metric"};
    static const char *const by_touchpoint[] = {"variant", "journey", "touchpoint", "metric"};
    cx_status st = CX_OK;
    if (r->tab[RP_SUMMARY])
        st = cx_rp_index_build(&r->summary_index, r->tab[RP_SUMMARY], by_metric, 2, err);
    if (st == CX_OK && r->tab[RP_COMPARE])
        st = cx_rp_index_build(&r->compare_index, r->tab[RP_COMPARE], by_metric, 2, err);
    if (st == CX_OK && r->tab[RP_TOUCHPOINTS])
        st = cx_rp_index_build(&r->tp_index, r->tab[RP_TOUCHPOINTS], by_touchpoint, 4, err);
    if (st == CX_OK && r->tab[RP_PERIODS])
        st = cx_rp_index_build(&r->period_index, r->tab[RP_PERIODS], by_metric, 2, err);
    return st;
}

static void find_horizon(cx_report *r)
{
    int cp = cx_rp_col(r, RP_PERIODS, "period");
    for (size_t i = 1; i < cx_rp_rows(r, RP_PERIODS); i++) {
        double p = cx_rp_num(r, RP_PERIODS, i, cp);
        if (p >= 1 && p <= 100000 && (size_t)p > r->horizon)
            r->horizon = (size_t)p;
    }
}

/* The files of the kind; for a directory of --uncertainty, which holds
 * its own files instead (docs/results.md, "Files of --uncertainty"), those,
 * and the kind's too only where they are there as well. */
static cx_status read_tables(cx_report *r, cx_error *err)
{
    const cx_json_value *u = cx_json_member(r->run, "uncertainty");
    r->uncertain = u && u->type == CX_JSON_OBJECT;
    cx_status st = CX_OK;
    for (size_t k = 0; r->uncertain && st == CX_OK && uncertainty_files[k] != RP_FILES; k++)
        st = read_table(r, uncertainty_files[k], err);
    if (st == CX_OK && r->uncertain && r->kind == CX_REPORT_QUICKWINS)
        st = read_table(r, RP_QW_UNCERTAINTY, err);
    if (st != CX_OK)
        return st;
    if (r->uncertain) {
        char path[CX_IO_PATH_MAX + 64];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", r->dir, files[kind_files[r->kind][0]].name);
        if (stat(path, &sb) != 0)
            return CX_OK;
    }
    for (size_t k = 0; st == CX_OK && kind_files[r->kind][k] != RP_FILES; k++)
        st = read_table(r, kind_files[r->kind][k], err);
    return st;
}

cx_status cx_report_new(const char *dir, cx_report **out, cx_error *err)
{
    *out = NULL;
    cx_report *r = calloc(1, sizeof *r);
    if (!r)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
    if (strlen(dir) + 32 >= sizeof r->dir) {
        free(r);
        return cx_error_set(err, CX_ERR_INPUT, "%.64s...: path too long", dir);
    }
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    cx_status st = read_run_json(r, err);
    if (st == CX_OK)
        st = run_kind(r, err);
    if (st == CX_OK && r->kind != CX_REPORT_FIT)   /* a fit simulates no variants */
        st = run_variants(r, err);
    if (st == CX_OK)
        st = read_tables(r, err);
    if (st == CX_OK && r->tab[RP_TOUCHPOINTS])
        st = collect_touchpoints(r, err);
    if (st == CX_OK && r->tab[RP_TOUCHPOINTS])
        st = cx_rp_journey_edges(r, err);
    if (st == CX_OK)
        st = build_indexes(r, err);
    if (st == CX_OK && r->tab[RP_PERIODS])
        find_horizon(r);
    if (st != CX_OK) {
        cx_report_free(r);
        return st;
    }
    *out = r;
    return CX_OK;
}

void cx_report_free(cx_report *r)
{
    if (!r)
        return;
    cx_rp_index_free(&r->summary_index);
    cx_rp_index_free(&r->period_index);
    cx_rp_index_free(&r->compare_index);
    cx_rp_index_free(&r->tp_index);
    for (size_t f = 0; f < RP_FILES; f++)
        cx_csv_table_free(r->tab[f]);
    for (size_t k = 0; k < r->n_touchpoints; k++)
        free(r->tp_label[k]);
    free(r->edge_from);
    free(r->edge_to);
    cx_json_value_free(r->run);
    free(r);
}
