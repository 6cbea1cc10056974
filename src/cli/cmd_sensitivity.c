/* cmd_sensitivity.c - `cxsim sensitivity`: which parameters move the
 * outcome most (cx_run_sensitivity_study computes; this checks flags, prints and
 * writes). A one-at-a-time tornado (each parameter at its low and its high
 * value, the others at the scenario's) and variance-based global indices
 * (first-order and total Sobol' indices over Saltelli's design), every
 * evaluation a mean over replications with common random numbers.
 * docs/analysis.md gives the method and its references. */
#include "verbs.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/csv.h"
#include "cxsim/design.h"
#include "cxsim/json.h"
#include "cxsim/model.h"
#include "cxsim/results.h"
#include "cxsim/sobol.h"
#include "cxsim/stats.h"
#include "cxsim/suggest.h"
#include "analysis.h"
#include "format.h"
#include "load.h"
#include "opts.h"
#include "out.h"
#include "params.h"
#include "print.h"

typedef struct sens {
    cx_cli_analysis_head h;     /* first: the parameters and metrics */
    cx_run_sensitivity_study r;       /* the design, the tornado and the indices (run.h) */
} sens;

static size_t tornado_points(const sens *s)
{
    return 2 * s->r.in.k + 1;
}

static cx_status simulate(const cx_model *m, const cx_run_opts *ro, void *state, cx_error *err)
{
    sens *s = state;
    return cx_run_sensitivity(m, ro, &s->r, err);
}

static void release(void *state)
{
    sens *s = state;
    cx_run_sensitivity_free(&s->r);
}

static cx_status choose_design(const cx_cli_opts *o, void *state, cx_error *err)
{
    sens *s = state;
    for (size_t q = 0; q < s->r.in.k; q++)
        if (s->h.ps[q].steps)
            return cx_error_set(err, CX_ERR_USAGE, "--param %s: STEPS is for sweep; "
                                "sensitivity takes --param NAME=LO:HI", s->h.ps[q].path);
    if (o->points)
        return cx_error_set(err, CX_ERR_USAGE, "--points is for sweep; sensitivity takes "
                            "--samples N (base samples of the global indices)");
    /* Saltelli's A and B come from one 2k-dimensional sequence */
    size_t sobol_max = cx_design_max_dim(CX_DESIGN_SOBOL) / 2;
    const char *name = o->design ? o->design : s->r.in.k <= sobol_max ? "sobol" : "halton";
    if (cx_design_from_name(name, &s->r.design) != 0 || s->r.design == CX_DESIGN_GRID) {
        static const char *const designs[] = {"sobol", "halton"};
        char hint[64];
        cx_suggest_hint(name, designs, 2, hint, sizeof hint);
        return cx_error_set(err, CX_ERR_USAGE, "--design for sensitivity must be sobol or "
                            "halton (the sequence of Saltelli's sampling), got '%s'%s", name,
                            hint);
    }
    if (s->r.design == CX_DESIGN_SOBOL && s->r.in.k > sobol_max)
        return cx_error_set(err, CX_ERR_USAGE, "--design sobol takes at most %zu parameters "
                            "(Saltelli's sampling uses 2 dimensions per parameter, the Sobol' "
                            "sequence has %zu); this analysis has %zu: use --design halton",
                            sobol_max, 2 * sobol_max, s->r.in.k);
    s->r.samples = o->samples ? o->samples : CX_RUN_SENS_SAMPLES;
    s->r.bootstrap = o->bootstrap ? o->bootstrap : CX_RUN_SENS_BOOTSTRAP;
    if (s->r.samples > (CX_RUN_SENS_MAX_POINTS - tornado_points(s)) / (s->r.in.k + 2))
        return cx_error_set(err, CX_ERR_USAGE, "--samples %zu with %zu parameters makes more "
                            "than %d evaluations", s->r.samples, s->r.in.k, CX_RUN_SENS_MAX_POINTS);
    return CX_OK;
}

/* ---- output ----------------------------------------------------------------- */

static int write_tornado(FILE *fp, const void *ctx)
{
    const sens *s = ctx;
    static const char *const header[] = {
        "metric", "rank", "parameter", "low", "high", "baseline", "metric_at_low",
        "metric_at_high", "swing", "swing_ci_low", "swing_ci_high", "n",
    };
    int rc = cx_csv_row(fp, header, 12);
    for (size_t i = 0; i < s->r.in.n_metrics && rc == 0; i++) {
        const cx_run_tornado_bar *bars = &s->r.bars[i * s->r.in.k];
        for (size_t r = 0; r < s->r.in.k && rc == 0; r++) {
            const cx_run_tornado_bar *b = &bars[r];
            rc |= cx_csv_field(fp, cx_metric_name((cx_metric)s->h.metrics[i])) | cx_csv_sep(fp);
            rc |= cx_csv_size(fp, r + 1) | cx_csv_sep(fp);
            rc |= cx_csv_field(fp, s->h.ps[b->q].path) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, s->h.ps[b->q].lo) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, s->h.ps[b->q].hi) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->base.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->low.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->high.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->swing.diff.mean) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->swing.diff.ci_low) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, b->swing.diff.ci_high) | cx_csv_sep(fp);
            rc |= cx_csv_size(fp, b->swing.diff.n) | cx_csv_end_row(fp);
        }
    }
    return rc ? -1 : 0;
}

static int write_sobol(FILE *fp, const void *ctx)
{
    const sens *s = ctx;
    static const char *const header[] = {
        "metric", "parameter", "first_order", "first_ci_low", "first_ci_high", "total",
        "total_ci_low", "total_ci_high", "n",
    };
    int rc = cx_csv_row(fp, header, 9);
    for (size_t i = 0; i < s->r.in.n_metrics && rc == 0; i++)
        for (size_t q = 0; q < s->r.in.k && rc == 0; q++) {
            const cx_sobol_index *x = &s->r.idx[i * s->r.in.k + q];
            rc |= cx_csv_field(fp, cx_metric_name((cx_metric)s->h.metrics[i])) | cx_csv_sep(fp);
            rc |= cx_csv_field(fp, s->h.ps[q].path) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->first) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->first_low) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->first_high) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->total) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->total_low) | cx_csv_sep(fp);
            rc |= cx_csv_number(fp, x->total_high) | cx_csv_sep(fp);
            rc |= cx_csv_size(fp, s->r.rows[i]) | cx_csv_end_row(fp);
        }
    return rc ? -1 : 0;
}

static void json_extra(struct cx_json *j, void *ctx)
{
    const sens *s = ctx;
    cx_cli_json_params(j, s->h.ps, s->r.in.k, s->h.o);
    cx_cli_json_metrics(j, s->h.metrics, s->r.in.n_metrics);
    cx_json_key(j, "design");
    cx_json_string(j, cx_design_name(s->r.design));
    cx_json_key(j, "samples");
    cx_json_integer(j, (long long)s->r.samples);
    cx_json_key(j, "evaluations");
    cx_json_integer(j, (long long)(tornado_points(s) + s->r.samples * (s->r.in.k + 2)));
    cx_json_key(j, "bootstrap");
    cx_json_integer(j, (long long)s->r.bootstrap);
}

static int path_width(const sens *s)
{
    size_t w = 9;
    for (size_t q = 0; q < s->r.in.k; q++)
        if (strlen(s->h.ps[q].path) > w)
            w = strlen(s->h.ps[q].path);
    return (int)w;
}

static void print_tornado(const sens *s, size_t i)
{
    const cx_run_tornado_bar *bars = &s->r.bars[i * s->r.in.k];
    int w = path_width(s);
    printf("\ntornado: %s (the scenario: %.4g; each parameter at low and at high, the others "
           "at the scenario's values;\nswing = at high - at low, 95 %% CI paired over "
           "replications)\n", cx_metric_name((cx_metric)s->h.metrics[i]), bars[0].base.mean);
    printf("%-*s %10s %10s %12s %12s %12s %12s %12s\n", w, "parameter", "low", "high",
           "at low", "at high", "swing", "ci_low", "ci_high");
    for (size_t r = 0; r < s->r.in.k; r++) {
        const cx_run_tornado_bar *b = &bars[r];
        printf("%-*s %10.4g %10.4g", w, s->h.ps[b->q].path, s->h.ps[b->q].lo, s->h.ps[b->q].hi);
        cx_cli_print_value(b->low.mean);
        cx_cli_print_value(b->high.mean);
        cx_cli_print_value(b->swing.diff.mean);
        cx_cli_print_value(b->swing.diff.ci_low);
        cx_cli_print_value(b->swing.diff.ci_high);
        printf("\n");
    }
}

/* A parameter's place in the Sobol' table: largest total first, NA last,
 * ties in declaration order. */
typedef struct ranked {
    size_t q;
    double total;
} ranked;

static int by_total(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (isnan(a->total) != isnan(b->total))
        return isnan(a->total) ? 1 : -1;
    if (a->total != b->total && !isnan(a->total))
        return a->total > b->total ? -1 : 1;
    return a->q < b->q ? -1 : a->q > b->q;
}

static void print_sobol(const sens *s, size_t i)
{
    int w = path_width(s);
    ranked order[CX_CLI_MAX_PARAMS];
    const cx_sobol_index *x = &s->r.idx[i * s->r.in.k];
    for (size_t q = 0; q < s->r.in.k; q++)
        order[q] = (ranked){q, x[q].total};
    qsort(order, s->r.in.k, sizeof *order, by_total);
    printf("\nSobol' indices: %s (%zu base samples, %zu used; 95 %% bootstrap CI from %zu "
           "resamples)\n", cx_metric_name((cx_metric)s->h.metrics[i]), s->r.samples, s->r.rows[i], s->r.bootstrap);
    printf("%-*s %12s %12s %12s %12s %12s %12s\n", w, "parameter", "first_order", "ci_low",
           "ci_high", "total", "ci_low", "ci_high");
    for (size_t r = 0; r < s->r.in.k; r++) {
        const cx_sobol_index *e = &x[order[r].q];
        printf("%-*s", w, s->h.ps[order[r].q].path);
        cx_cli_print_value(e->first);
        cx_cli_print_value(e->first_low);
        cx_cli_print_value(e->first_high);
        cx_cli_print_value(e->total);
        cx_cli_print_value(e->total_low);
        cx_cli_print_value(e->total_high);
        printf("\n");
    }
}

static void print_all(const cx_cli_opts *o, const cx_model *m, const void *state)
{
    const sens *s = state;
    const cx_run_points *run = &s->r.run;
    printf("%s: \"%s\", sensitivity to %zu parameter%s: %zu tornado + %zu x %zu Saltelli "
           "(%s) = %zu evaluations x %zu replications x %ld customers x %d periods, seed %u, "
           "%u threads, %.2f s\n", o->scenario, m->name, s->r.in.k, s->r.in.k == 1 ? "" : "s",
           tornado_points(s), s->r.samples, s->r.in.k + 2, cx_design_name(s->r.design), run->n_points,
           run->batch.reps, m->population, m->horizon, (unsigned)run->batch.seed,
           run->batch.threads, run->wall);
    cx_cli_print_paired(run);
    for (size_t i = 0; i < s->r.in.n_metrics; i++) {
        print_tornado(s, i);
        print_sobol(s, i);
    }
    printf("\nfirst_order: share of the metric's variance due to the parameter alone; total: "
           "with all its interactions\n(parameters uniform on [low, high]; docs/analysis.md)\n");
}

static size_t files(const void *state, cx_results_file *out)
{
    out[0] = (cx_results_file){"tornado.csv", write_tornado, state};
    out[1] = (cx_results_file){"sobol.csv", write_sobol, state};
    return 2;
}

static size_t tables(const void *state, cx_cli_table *out)
{
    out[0] = (cx_cli_table){"sobol", write_sobol, state};
    out[1] = (cx_cli_table){"tornado", write_tornado, state};
    return 2;
}

int cx_cli_sensitivity(const cx_cli_opts *o)
{
    static const cx_cli_analysis verb = {
        sizeof(sens), offsetof(sens, r.in), offsetof(sens, r.run), 0, choose_design,
        simulate, files, json_extra, tables, print_all, release,
    };
    return cx_cli_analysis_verb(o, &verb);
}
