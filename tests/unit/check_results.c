/* check_results.c - the analysis files of the results directory (nps.csv,
 * variance.csv), run.json's record of --reps auto and --antithetic, and
 * the directory written while replications arrive in stages
 * (cx_results_stream_*), which must hold the same replications.csv as a
 * directory written at once. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/accum.h"
#include "cxsim/io.h"
#include "cxsim/results.h"
#include "model_fixture.h"
#include "test_util.h"

/* ---- helpers ----------------------------------------------------------------- */

static void make_tmpdir(char *buf, size_t size)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, size, "%s/check_results.XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(buf));
}

/* Entries of a flat directory; *tmp_seen when one is a temporary file. With
 * remove, deletes them and the directory. */
static int entries(const char *dir, int *tmp_seen, int remove)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[CX_IO_PATH_MAX];
    int n = 0;
    *tmp_seen = 0;
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        *tmp_seen |= strstr(e->d_name, ".tmp.") != NULL;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (remove)
            unlink(path);
    }
    closedir(d);
    if (remove)
        rmdir(dir);
    return n;
}

static char *slurp_in(const char *dir, const char *name)
{
    char path[CX_IO_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "rb");
    ck_assert_msg(fp != NULL, "%s missing", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static const char *const names[] = {"baseline", "alt"};

/* A plain (or antithetic) batch of a small model and a variant with less
 * friction: replications first .. first + reps - 1. */
static cx_batch_result *batch(size_t reps, uint32_t first, int antithetic)
{
    cx_model *m = cx_fixture_model(3, 200, 2), *alt;
    m->journeys[0].touchpoints[1].friction = 0.3;
    m->journeys[0].touchpoints[1].abandon = 0.3;
    alt = cx_model_copy(m);
    alt->journeys[0].touchpoints[1].friction = 0.1;
    const cx_model *v[2] = {m, alt};
    cx_batch_opts o = {.reps = reps, .seed = 9, .first_rep = first, .threads = 2,
                       .antithetic = antithetic};
    cx_batch_result *b;
    ck_assert_int_eq(cx_batch_run(v, names, 2, &o, &b, NULL), CX_OK);
    cx_model_free(alt);
    cx_model_free(m);
    return b;
}

static cx_results_info info_for(size_t reps, int paired)
{
    return (cx_results_info){.command = paired ? "compare" : "run", .scenario_path = "x.lua",
                         .seed = 9, .reps = reps, .threads = 2, .paired = paired};
}

/* ---- nps.csv, variance.csv ------------------------------------------------------ */

/* Counts set by hand: variant 0's replications have within-replication
 * NPS variances 61 and 69 (50/20 and 40/30 of 100), variant 1's 25 and 3.6
 * (200/200 of 400, 300/100 of 1000): within_se sqrt(65) = 8.0622577483 and,
 * for the difference, sqrt(79.3) = 8.90505474436. */
START_TEST(test_nps_csv)
{
    static const double counts[2][2][3] = {
        {{100, 50, 20}, {100, 40, 30}}, {{400, 200, 200}, {1000, 300, 100}},
    };
    char dir[256], line[512];
    int tmp;
    cx_batch_result *b = batch(2, 0, 0);
    for (size_t v = 0; v < 2; v++)
        for (size_t r = 0; r < 2; r++) {
            double *x = (double *)cx_batch_extra(b, v, r);
            for (int i = 0; i < 3; i++)
                x[(int[]){CX_X_RESPONDENTS, CX_X_PROMOTERS, CX_X_DETRACTORS}[i]] = counts[v][r][i];
        }
    cx_results_info info = info_for(2, 1);
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(cx_results_write(dir, b, &info, NULL), CX_OK);
    char *s = slurp_in(dir, "nps.csv");
    ck_assert_int_eq(count_lines(s), 4);
    ck_assert_ptr_nonnull(strstr(s, "variant,respondents,nps,within_se,within_ci_low,"
                                    "within_ci_high,across_sd,across_ci_low,across_ci_high,n\n"));
    snprintf(line, sizeof line, "\nbaseline,100,");
    ck_assert_ptr_nonnull(strstr(s, line));
    ck_assert_ptr_nonnull(strstr(s, ",8.0622577483,"));
    ck_assert_ptr_nonnull(strstr(s, "\nalt,700,"));
    ck_assert_ptr_nonnull(strstr(s, "\nalt-baseline,NA,"));
    ck_assert_ptr_nonnull(strstr(s, ",8.90505474436,"));
    free(s);
    s = slurp_in(dir, "variance.csv");
    ck_assert_ptr_nonnull(strstr(s, "variant,metric,units,mean,ci_low,ci_high,antithetic_factor,"
                                    "cv_mean,cv_ci_low,cv_ci_high,cv_factor,cv_beta_friction,cv_beta_ltr_noise\n"));
    ck_assert_int_eq(count_lines(s), 1 + 3 * CX_METRIC_COUNT);
    /* two replications: no control-variate estimate (n - 2 = 0), no pairs */
    ck_assert_ptr_nonnull(strstr(s, "\nbaseline,nps,2,"));
    ck_assert_ptr_nonnull(strstr(s, ",NA,NA,NA,NA,NA,NA\nbaseline,ltr_mean,"));
    ck_assert_ptr_nonnull(strstr(s, "\nalt-baseline,roi,"));
    free(s);
    ck_assert_int_eq(entries(dir, &tmp, 1), 9);     /* 6 + compare, nps, variance */
    ck_assert_int_eq(tmp, 0);
    cx_batch_result_free(b);
}
END_TEST

/* run, not compare: no difference rows. */
START_TEST(test_no_difference_rows_for_run)
{
    char dir[256];
    int tmp;
    cx_batch_result *b = batch(4, 0, 0);
    cx_results_info info = info_for(4, 0);
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(cx_results_write(dir, b, &info, NULL), CX_OK);
    char *s = slurp_in(dir, "nps.csv");
    ck_assert_int_eq(count_lines(s), 3);
    free(s);
    s = slurp_in(dir, "variance.csv");
    ck_assert_int_eq(count_lines(s), 1 + 2 * CX_METRIC_COUNT);
    ck_assert_ptr_null(strstr(s, "alt-baseline"));
    free(s);
    ck_assert_int_eq(entries(dir, &tmp, 1), 8);
    cx_batch_result_free(b);
}
END_TEST

/* ---- run.json ---------------------------------------------------------------------- */

START_TEST(test_run_json_modes)
{
    char dir[256];
    int tmp;
    cx_batch_result *b = batch(4, 0, 0);
    cx_results_info info = info_for(4, 0);
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(cx_results_write(dir, b, &info, NULL), CX_OK);
    char *s = slurp_in(dir, "run.json");
    /* a plain run: neither key, "reps_requested" followed by "threads" as
     * always */
    ck_assert_ptr_nonnull(strstr(s, "\"reps_requested\": 4,\n  \"threads\": 2,\n"));
    ck_assert_ptr_null(strstr(s, "antithetic"));
    ck_assert_ptr_null(strstr(s, "reps_auto"));
    free(s);
    cx_results_precision p = {.metric = "nps", .paired = 1, .target = 0.5, .max_reps = 1000,
                          .reached = 0, .half_width = 0.625, .stages = 3};
    info.antithetic = 1;
    info.precision = &p;
    ck_assert_int_eq(cx_results_write(dir, b, &info, NULL), CX_OK);
    s = slurp_in(dir, "run.json");
    ck_assert_ptr_nonnull(strstr(s, "\"reps_requested\": 4,\n  \"antithetic\": true,\n"
                                    "  \"reps_auto\": {\n"
                                    "    \"metric\": \"nps\",\n    \"of\": \"paired_difference\",\n"
                                    "    \"precision\": 0.5,\n    \"max_reps\": 1000,\n"
                                    "    \"reached\": false,\n    \"half_width\": 0.625,\n"
                                    "    \"stages\": 3\n  },\n  \"threads\": 2,\n"));
    free(s);
    entries(dir, &tmp, 1);
    cx_batch_result_free(b);
}
END_TEST

/* ---- antithetic batches ----------------------------------------------------------- */

/* A batch of antithetic pairs is summarised over its pairs: n counts
 * pairs in summary.csv, and variance.csv has the antithetic factor. */
START_TEST(test_antithetic_batch)
{
    char dir[256];
    int tmp;
    cx_batch_result *b = batch(6, 0, 1);
    cx_results_info info = info_for(6, 0);
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(cx_results_write(dir, b, &info, NULL), CX_OK);
    char *s = slurp_in(dir, "summary.csv");
    char *row = strstr(s, "\nbaseline,nps,");
    ck_assert_ptr_nonnull(row);
    ck_assert_ptr_nonnull(strstr(row, ",3\nbaseline,ltr_mean,"));
    free(s);
    s = slurp_in(dir, "replications.csv");
    ck_assert_int_eq(count_lines(s), 1 + 2 * 6 * CX_METRIC_COUNT);
    free(s);
    s = slurp_in(dir, "variance.csv");
    row = strstr(s, "\nbaseline,ltr_mean,3,");
    ck_assert_ptr_nonnull(row);
    /* units 3, mean, ci_low, ci_high, then a number, not NA */
    char *f = row + strlen("\nbaseline,ltr_mean,3,");
    for (int i = 0; i < 3; i++)
        f = strchr(f, ',') + 1;
    ck_assert_msg(strncmp(f, "NA", 2) != 0, "antithetic factor missing: %.80s", row);
    free(s);
    entries(dir, &tmp, 1);
    cx_batch_result_free(b);
}
END_TEST

/* ---- the stream ------------------------------------------------------------------- */

/* Replications written in stages of 2 and 4 (and estimated by running
 * statistics) give the same replications.csv, nps.csv and variance.csv
 * bytes as one batch of 6 written at once, and summary.csv the same rows. */
START_TEST(test_stream_matches_write)
{
    char whole[256], staged[256];
    int tmp;
    cx_batch_result *all = batch(6, 0, 0), *s1 = batch(2, 0, 0), *s2 = batch(4, 2, 0);
    cx_results_info info = info_for(6, 1);
    cx_results_stream *st;
    cx_accum *acc = cx_accum_new(s1, 0);
    make_tmpdir(whole, sizeof whole);
    make_tmpdir(staged, sizeof staged);
    ck_assert_int_eq(cx_results_write(whole, all, &info, NULL), CX_OK);
    ck_assert_int_eq(cx_results_stream_open(staged, s1, &st, NULL), CX_OK);
    ck_assert_int_eq(cx_results_stream_add(st, s1, 0, NULL), CX_OK);
    ck_assert_int_eq(cx_accum_add(acc, s1, NULL), CX_OK);
    ck_assert_int_eq(cx_results_stream_add(st, s2, 2, NULL), CX_OK);
    ck_assert_int_eq(cx_accum_add(acc, s2, NULL), CX_OK);
    ck_assert_int_eq(entries(staged, &tmp, 0), 2);  /* one part per variant so far */
    ck_assert_int_eq(tmp, 1);
    ck_assert_int_eq(cx_results_stream_finish(st, acc, &info, NULL), CX_OK);
    static const char *const same[] = {"replications.csv", "nps.csv", "variance.csv"};
    for (int i = 0; i < 3; i++) {
        char *x = slurp_in(whole, same[i]), *y = slurp_in(staged, same[i]);
        ck_assert_msg(strcmp(x, y) == 0, "%s differs", same[i]);
        free(x);
        free(y);
    }
    char *x = slurp_in(whole, "summary.csv"), *y = slurp_in(staged, "summary.csv");
    ck_assert_int_eq(count_lines(x), count_lines(y));
    ck_assert_ptr_nonnull(strstr(y, "\nalt-baseline,nps,"));
    free(x);
    free(y);
    /* segments.csv from the running estimates: the rows of the stored ones */
    x = slurp_in(whole, "segments.csv");
    y = slurp_in(staged, "segments.csv");
    ck_assert_int_eq(count_lines(x), count_lines(y));
    ck_assert_ptr_nonnull(strstr(y, "variant,segment,metric,mean,sd,ci_low,ci_high,n\n"));
    free(x);
    free(y);
    ck_assert_int_eq(entries(staged, &tmp, 1), 9);
    ck_assert_int_eq(tmp, 0);
    entries(whole, &tmp, 1);
    cx_accum_free(acc);
    cx_batch_result_free(all);
    cx_batch_result_free(s1);
    cx_batch_result_free(s2);
}
END_TEST

/* Stages out of order, estimates of other replications, an abort: usage
 * errors, and no temporary file is left. */
START_TEST(test_stream_errors)
{
    char dir[256];
    int tmp;
    cx_error err;
    cx_batch_result *s1 = batch(2, 0, 0);
    cx_results_info info = info_for(2, 0);
    cx_results_stream *st;
    cx_accum *acc = cx_accum_new(s1, 0);
    make_tmpdir(dir, sizeof dir);
    ck_assert_int_eq(cx_results_stream_open(dir, s1, &st, NULL), CX_OK);
    ck_assert_int_eq(cx_results_stream_add(st, s1, 3, &err), CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "out of order"));
    ck_assert_int_eq(cx_results_stream_add(st, s1, 0, NULL), CX_OK);
    /* the accumulator holds nothing: not the replications written */
    ck_assert_int_eq(cx_results_stream_finish(st, acc, &info, &err), CX_ERR_USAGE);
    ck_assert_int_eq(entries(dir, &tmp, 0), 0);
    ck_assert_int_eq(cx_results_stream_open(dir, s1, &st, NULL), CX_OK);
    ck_assert_int_eq(cx_results_stream_add(st, s1, 0, NULL), CX_OK);
    cx_results_stream_abort(st);
    cx_results_stream_abort(NULL);
    ck_assert_int_eq(entries(dir, &tmp, 1), 0);
    cx_accum_free(acc);
    cx_batch_result_free(s1);
}
END_TEST

static Suite *results_suite(void)
{
    Suite *s = suite_create("results");
    TCase *tc = tcase_create("results");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_nps_csv);
    tcase_add_test(tc, test_no_difference_rows_for_run);
    tcase_add_test(tc, test_run_json_modes);
    tcase_add_test(tc, test_antithetic_batch);
    tcase_add_test(tc, test_stream_matches_write);
    tcase_add_test(tc, test_stream_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(results_suite());
}
