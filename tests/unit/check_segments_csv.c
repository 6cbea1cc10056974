/* check_segments_csv.c - segments from a CSV table (cxsim/segments_csv.h)
 * and the scenario constructor built on it, segments_from_csv "FILE"
 * (src/lua/lsegment.c).
 *
 * Expected values: each cell's number lands in the key its header names
 * (values chosen in the tests), empty cells keep the defaults of
 * cx_segment_defaults; every key of the segment parameter table is a
 * column; a CSV segment equals the segment { } declaring the same values;
 * each bad table fails with the file, line and column counted by hand and
 * the message of the rule it breaks.
 */
#define _XOPEN_SOURCE 700       /* nftw */

#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cxsim/csv_table.h"
#include "cxsim/scenario.h"
#include "cxsim/segments_csv.h"
#include "test_util.h"

/* Reads text (named s.csv in messages) into segments. */
static cx_status segments_of(const char *text, cx_segment **s, size_t *n, cx_error *err)
{
    cx_csv_table *t;
    cx_status st = cx_csv_read_buffer("s.csv", text, strlen(text), &t, err);
    ck_assert_msg(st == CX_OK, "%s", err->msg);
    st = cx_segments_csv_read(t, s, n, err);
    cx_csv_table_free(t);
    return st;
}

START_TEST(test_mapping)
{
    cx_segment *s, def;
    size_t n;
    cx_error err;
    ck_assert_msg(segments_of("name,share,margin,trust.mean,ltr.a,churn\n"
                              "\"value, seeker\",0.7,20,,-1,0.03\n"
                              ",,,,,\n"
                              "premium,0.3, 60 ,0.7,,\n", &s, &n, &err) == CX_OK, "%s",
                  err.msg);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(s[0].name, "value, seeker");
    ck_assert_int_eq(s[0].line, 2);
    ck_assert_double_eq(s[0].share, 0.7);
    ck_assert_double_eq(s[0].margin, 20);
    ck_assert_double_eq(s[0].ltr_a, -1);
    ck_assert_double_eq(s[0].h0, 0.03);
    cx_segment_defaults(&def, "x");
    ck_assert_double_eq(s[0].trust_mean, def.trust_mean);   /* empty: the default */
    ck_assert_double_eq(s[0].lambda, def.lambda);           /* no column: the default */
    ck_assert_str_eq(s[1].name, "premium");
    ck_assert_int_eq(s[1].line, 4);                         /* the blank row is skipped */
    ck_assert_double_eq(s[1].margin, 60);                   /* blanks around a number */
    ck_assert_double_eq(s[1].trust_mean, 0.7);
    ck_assert_double_eq(s[1].ltr_a, def.ltr_a);
    ck_assert_double_eq(s[1].h0, def.h0);
    free(s);
}
END_TEST

/* Every key a segment { } accepts is a column, in its dotted form: a row
 * of values one step off each default lands in every field. */
START_TEST(test_every_key)
{
    size_t nspec, n, len = 0;
    const cx_param_spec *spec = cx_model_segment_params(&nspec);
    char text[8192];
    cx_segment *s, want;
    cx_error err;
    len += (size_t)snprintf(text + len, sizeof text - len, "name");
    for (size_t i = 0; i < nspec; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, ",%s", spec[i].key);
    len += (size_t)snprintf(text + len, sizeof text - len, "\nall");
    cx_segment_defaults(&want, "all");
    for (size_t i = 0; i < nspec; i++) {
        /* halfway from the default to the top of the range (trust.sd: to 0,
         * so that the Beta rule holds) */
        double v = strcmp(spec[i].key, "trust.sd") == 0 ? spec[i].def / 2
                   : strcmp(spec[i].key, "share") == 0 ? 1
                   : spec[i].def + (spec[i].hi - spec[i].def) / 2;
        if (strcmp(spec[i].key, "w_peak") == 0 || strcmp(spec[i].key, "w_end") == 0)
            v = 0.25;
        ck_assert_int_eq(cx_param_set(&spec[i], &want, v, &err), CX_OK);
        len += (size_t)snprintf(text + len, sizeof text - len, ",%.17g", v);
    }
    snprintf(text + len, sizeof text - len, "\n");
    ck_assert_msg(segments_of(text, &s, &n, &err) == CX_OK, "%s", err.msg);
    ck_assert_uint_eq(n, 1);
    for (size_t i = 0; i < nspec; i++)
        ck_assert_msg(cx_param_get(&spec[i], &s[0]) == cx_param_get(&spec[i], &want),
                      "%s: %g, wanted %g", spec[i].key, cx_param_get(&spec[i], &s[0]),
                      cx_param_get(&spec[i], &want));
    free(s);
}
END_TEST

/* Each bad table fails with its line and column (counted by hand). */
static void segments_error(const char *text, const char *want)
{
    cx_segment *s = (cx_segment *)&s;
    size_t n = 7;
    cx_error err;
    ck_assert_int_eq(segments_of(text, &s, &n, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(s);
    ck_assert_uint_eq(n, 0);
    ck_assert_msg(strcmp(err.msg, want) == 0, "got '%s', wanted '%s'", err.msg, want);
}

START_TEST(test_errors)
{
    segments_error("", "s.csv:1: empty: expected a header row (name,share,...) and one "
                   "segment per line");
    segments_error("name,share\n", "s.csv:2: no segment after the header (one segment per "
                   "line: name,share,...)");
    segments_error("name,share\n,\n", "s.csv:2: no segment after the header (one segment "
                   "per line: name,share,...)");
    segments_error("name,share,chrun\na,1,0.1\n", "s.csv:1: column 3: unknown column "
                   "'chrun'; did you mean 'churn'?");
    segments_error("name,share,trust.maen\na,1,0.1\n", "s.csv:1: column 3: unknown column "
                   "'trust.maen'; did you mean 'trust.mean'?");
    segments_error("name,visitors\na,1\n", "s.csv:1: column 2: unknown column 'visitors' "
                   "(columns: name and the segment keys of docs/scenarios.md)");
    segments_error("name,trust\na,1\n", "s.csv:1: column 2: unknown column 'trust'; its keys "
                   "are columns of their own, written with a dot (trust.KEY, as trust.KEY = "
                   "... in segment { })");
    segments_error("segment,share\na,1\n", "s.csv:1: column 1: unknown column 'segment'; the "
                   "column of segment names is 'name'");
    segments_error("name,,share\na,,1\n", "s.csv:1: column 2: the header cell is empty: every "
                   "column names a key");
    segments_error("name,share,share\na,1,1\n", "s.csv:1: column 3: column 'share' given "
                   "twice (first as column 2)");
    segments_error("share,margin\n1,2\n", "s.csv:1: no column 'name' (the header names the "
                   "columns: name, share and the segment keys of docs/scenarios.md)");
    segments_error("name,share\na,1,3\n", "s.csv:2: 3 fields, the header has 2");
    segments_error("name,share\na\n", "s.csv:2: 1 fields, the header has 2");
    segments_error("name,share\n,1\n", "s.csv:2: column 1 (name): empty: every segment needs "
                   "a name");
    segments_error("name,share\na.b,1\n", "s.csv:2: column 1 (name): name \"a.b\" must not "
                   "contain '.' or '*' (they separate the parts of --set paths)");
    segments_error("name,share\n"
                   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,1\n",
                   "s.csv:2: column 1 (name): name \"aaaaaaaaaaaaaaaaaaaa...\" is longer than "
                   "63 bytes");
    segments_error("name,share\na,0.5\n\na,0.5\n", "s.csv:4: column 1 (name): segment \"a\" "
                   "is already on line 2");
    segments_error("name,share,churn\na,1,abc\n", "s.csv:2: column 3 (churn): 'abc' is not a "
                   "finite number");
    segments_error("name,share,churn\na,1,nan\n", "s.csv:2: column 3 (churn): 'nan' is not a "
                   "finite number");
    /* strtod would read these five; a segment's cell is a plain decimal */
    segments_error("name,share,margin\na,1,0x10\n", "s.csv:2: column 3 (margin): '0x10' is "
                   "not a finite number");
    segments_error("name,share,margin\na,1,0x1p4\n", "s.csv:2: column 3 (margin): '0x1p4' "
                   "is not a finite number");
    segments_error("name,share,margin\na,1,infinity\n", "s.csv:2: column 3 (margin): "
                   "'infinity' is not a finite number");
    segments_error("name,share,margin\na,1,1e999\n", "s.csv:2: column 3 (margin): '1e999' "
                   "is not a finite number");
    segments_error("name,share,margin\na,\"\f1\",2\n", "s.csv:2: column 2 (share): '\f1' "
                   "is not a finite number");
    segments_error("name,share,churn\na,1,11\n", "s.csv:2: column 3 (churn): churn must be in "
                   "[0,10], got 11");
    segments_error("name,share,ltr.a\na,1,-21\n", "s.csv:2: column 3 (ltr.a): ltr.a must be in "
                   "[-20,20], got -21");
    segments_error("name,share,w_peak,w_end\na,1,0.7,0.6\n", "s.csv:2: segment \"a\": w_peak "
                   "+ w_end must be at most 1, got 1.3");
    segments_error("name,share,trust.mean,trust.sd\na,1,0.9,0.4\n", "s.csv:2: segment \"a\": "
                   "trust.sd 0.4 is too large for trust.mean 0.9 (a Beta needs sd^2 < mean "
                   "(1 - mean) = 0.09)");
    segments_error("name,share\na,0.5\nb,0.4\nc,0.2\n", "s.csv:4: column 2 (share): the "
                   "shares of lines 2 to 4 sum to 1.1, more than 1");
    segments_error("name,margin\na,1\nb,2\n", "s.csv:3: the shares of lines 2 to 3 sum to 2, "
                   "more than 1 (without a share column every segment has the default share "
                   "1)");
}
END_TEST

/* Shares below 1 are not the file's business: a scenario may declare
 * other segments beside it. */
START_TEST(test_partial_shares)
{
    cx_segment *s;
    size_t n;
    cx_error err;
    ck_assert_int_eq(segments_of("name,share\na,0.25\nb,0.25\n", &s, &n, &err), CX_OK);
    ck_assert_uint_eq(n, 2);
    free(s);
}
END_TEST

/* ---- segments_from_csv in a scenario ----------------------------------------- */

static char dir[256];

static void tmp_setup(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cxsim_segcsv_XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Removes the scratch directory and everything in it. */
static void tmp_done(void)
{
    ck_assert_int_eq(nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

/* Writes text to dir/name; path (if non-NULL, 1024 bytes) receives its path. */
static void put(const char *name, const char *text, char *path)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    ck_assert_int_eq(fclose(f), 0);
    if (path)
        snprintf(path, 1024, "%s", p);
}

static const char journey_text[] = "journey \"j\" { touchpoint \"t\" {} }\n";

static cx_model *load_ok(const char *path)
{
    cx_model *m = NULL;
    cx_error err;
    ck_assert_msg(cx_scenario_load(path, &m, &err) == CX_OK, "%s", err.msg);
    return m;
}

/* A scenario of text + a journey in dir/x.lua fails with PATH + suffix,
 * where the suffix may name the directory as %s. */
static void scenario_error(const char *text, const char *suffix)
{
    char path[1024], full[4096], want[4096], tail[2048];
    cx_model *m = (cx_model *)path;
    cx_error err;
    snprintf(full, sizeof full, "%s%s", text, journey_text);
    put("x.lua", full, path);
    ck_assert_int_eq(cx_scenario_load(path, &m, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(m);
    snprintf(tail, sizeof tail, suffix, dir);
    snprintf(want, sizeof want, "%s%s", path, tail);
    ck_assert_str_eq(err.msg, want);
}

/* One validation path: the segments of a file are those segment { }
 * declares with the same values, at the line of the call. */
START_TEST(test_scenario_same_as_lua)
{
    char a[1024], b[1024], a_csv[1024];
    tmp_setup();
    put("s.csv", "name,share,margin,trust.mean,ltr.a,churn\n"
        "value,0.7,20,,-1,0.03\n"
        "premium,0.3,60,0.7,,\n", a_csv);
    put("a.lua", "scenario { horizon = 3 }\n\nsegments_from_csv \"s.csv\"\n"
        "journey \"j\" { touchpoint \"t\" {} }\n", a);
    put("b.lua", "scenario { horizon = 3 }\n"
        "segment \"value\" { share = 0.7, margin = 20, ltr = { a = -1 }, churn = 0.03 }\n"
        "segment \"premium\" { share = 0.3, margin = 60, trust = { mean = 0.7 } }\n"
        "journey \"j\" { touchpoint \"t\" {} }\n", b);
    cx_model *ma = load_ok(a), *mb = load_ok(b);
    ck_assert_uint_eq(ma->n_segments, 2);
    ck_assert_uint_eq(mb->n_segments, 2);
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(ma->segments[i].line, 3);          /* the call's line */
        mb->segments[i].line = 3;
        ck_assert_str_eq(ma->segments[i].file, a_csv);     /* where it was read, for messages */
        memcpy(mb->segments[i].file, ma->segments[i].file, sizeof mb->segments[i].file);
        ck_assert_msg(memcmp(&ma->segments[i], &mb->segments[i], sizeof(cx_segment)) == 0,
                      "segment %zu differs", i);
    }
    cx_model_free(ma);
    cx_model_free(mb);
    tmp_done();
}
END_TEST

/* The list returned, mixing with segment { }, files in subdirectories,
 * and set { } to tweak a segment read from a file. */
START_TEST(test_scenario_returns)
{
    char path[1024], sub[1024];
    tmp_setup();
    snprintf(sub, sizeof sub, "%s/data", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    put("data/s.csv", "name,share,trust.mean,churn\na,0.25,,0.03\nb,0.25,0.7,\n", NULL);
    put("x.lua", "segment \"c\" { share = 0.5 }\n"
        "local segs = segments_from_csv \"data/s.csv\"\n"
        "assert(#segs == 2 and segs[1].name == \"a\" and segs[2].name == \"b\")\n"
        "assert(segs[1].share == 0.25 and segs[1].churn == 0.03)\n"
        "assert(segs[1].trust.mean == 0.6 and segs[2].trust.mean == 0.7)\n"
        "assert(segs[2].ltr.b == 3 and segs[2].margin == 10)\n"
        "for _, s in ipairs(segs) do\n"
        "  set { [\"segment.\" .. s.name .. \".margin\"] = 2 * s.share * 100 }\n"
        "end\n"
        "journey \"j\" { touchpoint \"t\" {} }\n", path);
    cx_model *m = load_ok(path);
    ck_assert_uint_eq(m->n_segments, 3);
    ck_assert_str_eq(m->segments[0].name, "c");
    ck_assert_str_eq(m->segments[1].name, "a");
    ck_assert_double_eq(m->segments[1].margin, 50);
    ck_assert_double_eq(m->segments[2].trust_mean, 0.7);
    cx_model_free(m);
    tmp_done();
}
END_TEST

START_TEST(test_scenario_errors)
{
    char big[1024], link[1024];
    tmp_setup();
    put("s.csv", "name,share,churn\na,1,11\n", NULL);
    scenario_error("\n\nsegments_from_csv \"s.csv\"\n", ":3: segments_from_csv: %s/s.csv:2: "
                   "column 3 (churn): churn must be in [0,10], got 11");
    put("d.csv", "name,share\nb,0.5\n", NULL);
    scenario_error("segment \"b\" { share = 0.5 }\nsegments_from_csv \"d.csv\"\n",
                   ":2: segments_from_csv: %s/d.csv:2: segment \"b\" is already declared "
                   "(line 1 of the scenario)");
    scenario_error("segments_from_csv \"d.csv\"\nsegment \"b\" { share = 0.5 }\n",
                   ":2: segment \"b\" is declared twice");
    scenario_error("segments_from_csv \"d.csv\"\n", ":1: %s/d.csv: segment shares sum to "
                   "0.5, they must sum to 1");
    scenario_error("segments_from_csv \"d.csv\"\nsegment \"c\" { share = 0.25 }\n",
                   ":1: segment shares sum to 0.75, they must sum to 1 (0.5 from %s/d.csv, "
                   "0.25 from segment calls of the scenario)");
    scenario_error("segments_from_csv \"none.csv\"\n", ":1: segments_from_csv: %s/none.csv: "
                   "cannot open: No such file or directory");
    scenario_error("segments_from_csv \"/etc/passwd\"\n", ":1: segments_from_csv: "
                   "\"/etc/passwd\": name a file in the scenario's directory or below it (no "
                   "absolute path, no \"..\")");
    scenario_error("segments_from_csv \"sub/../s.csv\"\n", ":1: segments_from_csv: "
                   "\"sub/../s.csv\": name a file in the scenario's directory or below it (no "
                   "absolute path, no \"..\")");
    snprintf(link, sizeof link, "%s/link.csv", dir);
    ck_assert_int_eq(symlink("/etc/hostname", link), 0);
    scenario_error("segments_from_csv \"link.csv\"\n", ":1: segments_from_csv: %s/link.csv "
                   "leads outside the scenario's directory (a symbolic link?); not read");
    scenario_error("segments_from_csv \".\"\n", ":1: segments_from_csv: %s/. is not a "
                   "regular file");
    scenario_error("segments_from_csv(1)\n", ":1: segments_from_csv: expects a file name, "
                   "got number");
    scenario_error("segments_from_csv(\"d.csv\", 2)\n", ":1: segments_from_csv: takes one "
                   "file name; write segments_from_csv \"segments.csv\"");
    scenario_error("segments_from_csv \"\"\n", ":1: segments_from_csv: the file name is "
                   "empty or holds a NUL byte");
    /* the size cap: 4 MiB */
    snprintf(big, sizeof big, "%s/big.csv", dir);
    FILE *f = fopen(big, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("name,share\n", f);
    for (int i = 0; i < (4 << 20) / 8; i++)
        fputs("#######\n", f);
    ck_assert_int_eq(fclose(f), 0);
    scenario_error("segments_from_csv \"big.csv\"\n", ":1: segments_from_csv: %s/big.csv: "
                   "larger than 4194304 bytes");
    tmp_done();
}
END_TEST

/* on_data names each file read; --unsafe reads absolute paths. */
typedef struct seen {
    char name[256], path[1024];
    int calls;
} seen;

static void on_data(void *ctx, const char *name, const char *path)
{
    seen *s = ctx;
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->calls++;
}

START_TEST(test_scenario_on_data)
{
    char path[1024], csv[1024], text[2048];
    seen s = {.calls = 0};
    cx_scenario_opts o;
    cx_model *m = NULL;
    cx_error err;
    tmp_setup();
    put("s.csv", "name\nall\n", csv);
    snprintf(text, sizeof text, "segments_from_csv \"s.csv\"\n%s", journey_text);
    put("x.lua", text, path);
    cx_scenario_opts_init(&o);
    o.on_data = on_data;
    o.module_ctx = &s;
    ck_assert_msg(cx_scenario_load_opts(path, &o, &m, &err) == CX_OK, "%s", err.msg);
    ck_assert_int_eq(s.calls, 1);
    ck_assert_str_eq(s.name, "s.csv");
    ck_assert_str_eq(s.path, csv);
    cx_model_free(m);
    snprintf(text, sizeof text, "segments_from_csv \"%s\"\n%s", csv, journey_text);
    put("y.lua", text, path);
    o.unsafe = 1;
    ck_assert_msg(cx_scenario_load_opts(path, &o, &m, &err) == CX_OK, "%s", err.msg);
    ck_assert_int_eq(s.calls, 2);
    ck_assert_str_eq(s.name, csv);
    cx_model_free(m);
    tmp_done();
}
END_TEST

static Suite *segments_csv_suite(void)
{
    Suite *s = suite_create("segments_csv");
    TCase *tc = tcase_create("read");
    tcase_add_test(tc, test_mapping);
    tcase_add_test(tc, test_every_key);
    tcase_add_test(tc, test_partial_shares);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("scenario");
    tcase_add_test(tc, test_scenario_same_as_lua);
    tcase_add_test(tc, test_scenario_returns);
    tcase_add_test(tc, test_scenario_errors);
    tcase_add_test(tc, test_scenario_on_data);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(segments_csv_suite());
}
