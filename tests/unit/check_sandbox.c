/* check_sandbox.c - what a scenario script cannot do: each escape the
 * sandbox closes (tests/data/hostile/, one file each), require's rules,
 * the budgets, and --unsafe lifting them.
 *
 * Expected values: docs/scenarios.md "Sandbox" and "require"; every
 * hostile file must end in CX_ERR_INPUT with a message naming the file
 * (and the line where the script has one), never a crash or a hang.
 * Fixtures start with a comment line, so line 2 is the first line of code.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cxsim/scenario.h"
#include "test_util.h"

/* ---- helpers ----------------------------------------------------------------- */

static void data_path(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("CX_SRCDIR");
    snprintf(buf, size, "%s/tests/data/%s", dir && *dir ? dir : ".", name);
}

/* Loads tests/data/NAME with opts (NULL: defaults); returns the status and
 * fills err. */
static cx_status load(const char *name, const cx_scenario_opts *opts, cx_error *err)
{
    char path[1024];
    cx_model *m = NULL;
    data_path(path, sizeof path, name);
    cx_status st = cx_scenario_load_opts(path, opts, &m, err);
    if (st == CX_OK)
        ck_assert_ptr_nonnull(m);
    else
        ck_assert_ptr_null(m);
    cx_model_free(m);
    return st;
}

/* Expects CX_ERR_INPUT and "PATH: tail" or "PATH:LINE: tail": where a
 * time limit strikes depends on the clock, so the line may be missing. */
static void expect_time(const char *name, const cx_scenario_opts *opts, const char *tail)
{
    char path[1024];
    cx_error err;
    ck_assert_int_eq(load(name, opts, &err), CX_ERR_INPUT);
    data_path(path, sizeof path, name);
    size_t lp = strlen(path), lm = strlen(err.msg), lt = strlen(tail);
    ck_assert_msg(strncmp(err.msg, path, lp) == 0 && lm > lt &&
                  strcmp(err.msg + lm - lt, tail) == 0, "%s", err.msg);
    const char *p = err.msg + lp;
    if (*p == ':' && p[1] >= '0' && p[1] <= '9')
        p += strspn(p + 1, "0123456789") + 1;
    ck_assert_msg(strcmp(p, tail) == 0 || (p[0] == ':' && strcmp(p + 1, tail + 1) == 0),
                  "%s", err.msg);
}

static void expect_ok(const char *name, const cx_scenario_opts *opts)
{
    cx_error err;
    cx_status st = load(name, opts, &err);
    ck_assert_msg(st == CX_OK, "%s: %s", name, err.msg);
}

/* Expects CX_ERR_INPUT and the message PATH + suffix exactly. */
static void expect(const char *name, const cx_scenario_opts *opts, const char *suffix)
{
    char path[1024], want[2048];
    cx_error err;
    ck_assert_int_eq(load(name, opts, &err), CX_ERR_INPUT);
    data_path(path, sizeof path, name);
    snprintf(want, sizeof want, "%s%s", path, suffix);
    ck_assert_str_eq(err.msg, want);
}

static void expect_hostile(const char *file, const char *suffix)
{
    char name[256];
    snprintf(name, sizeof name, "hostile/%s", file);
    expect(name, NULL, suffix);
}

/* As expect_hostile with a time limit long enough that the budget under
 * test, not the clock, stops the script even under valgrind. */
static void expect_budget(const char *file, const char *suffix)
{
    char name[256];
    cx_scenario_opts o;
    cx_scenario_opts_init(&o);
    o.time_limit = 600;
    snprintf(name, sizeof name, "hostile/%s", file);
    expect(name, &o, suffix);
}

/* ---- escapes ------------------------------------------------------------------- */

START_TEST(test_no_os_io)
{
    expect_hostile("os_execute.lua", ":2: unknown global 'os'");
    expect_hostile("io_open.lua", ":2: unknown global 'io'");
    expect_hostile("io_popen.lua", ":2: unknown global 'io'");
    expect_hostile("debug.lua", ":2: unknown global 'debug'");
    expect_hostile("package_loadlib.lua", ":2: unknown global 'package'");
    expect_hostile("coroutine.lua", ":2: unknown global 'coroutine'");
}
END_TEST

START_TEST(test_no_binary_or_files)
{
    expect_hostile("load_binary.lua", ":2: attempt to load a binary chunk (mode is 't')");
    expect_hostile("string_dump.lua", ":2: attempt to call a nil value (field 'dump')");
    expect_hostile("loadfile.lua", ":2: unknown global 'loadfile'");
    expect_hostile("dofile.lua", ":2: unknown global 'dofile'");
}
END_TEST

START_TEST(test_metatables)
{
    expect_hostile("gc.lua", ":2: setmetatable: __gc metamethods are not allowed in scenarios");
    expect_ok("scenarios/sandbox_env.lua", NULL);
    /* string metatable and library tables belong to one state */
    expect_ok("scenarios/sandbox_string_meta.lua", NULL);
    expect_ok("scenarios/sandbox_string_meta_check.lua", NULL);
    expect_ok("scenarios/sandbox_string_meta_check.lua", NULL);
}
END_TEST

START_TEST(test_c_loops)
{
    expect_hostile("table_move.lua", ":2: table.move: 9223372036854775807 elements, "
                   "at most 16777216 in scenarios");
    expect_hostile("table_insert.lua", ":3: table.insert/remove: #t is 4611686018427387904, "
                   "far past the 0 elements the table holds");
    expect_hostile("pattern_subject.lua", ":3: string patterns: subject of 2097152 bytes, "
                   "at most 1048576 in scenarios");
    /* only find's 4th argument means plain: gsub's is a count */
    expect_hostile("pattern_gsub_count.lua", ":3: string patterns: '.-.-.-.-.-b' (11 bytes) "
                   "has 5 quantifiers; on a subject of 300 bytes it could take 1e+13 steps "
                   "(at most 1e+09 in scenarios); use a shorter pattern, fewer quantifiers "
                   "or a shorter subject");
    expect_hostile("pattern_match_plain.lua", ":3: string patterns: '.-.-.-.-.-b' (11 bytes) "
                   "has 5 quantifiers; on a subject of 300 bytes it could take 1e+13 steps "
                   "(at most 1e+09 in scenarios); use a shorter pattern, fewer quantifiers "
                   "or a shorter subject");
}
END_TEST

START_TEST(test_recursion)
{
    expect_budget("recursion.lua", ":2: stack overflow");
    expect_budget("c_recursion.lua", ":2: C stack overflow");
}
END_TEST

/* ---- budgets ------------------------------------------------------------------- */

START_TEST(test_budget_steps)
{
    expect_budget("loop.lua", ":2: script exceeded its instruction budget");
    expect_budget("loop_pcall.lua", ":2: script exceeded its instruction budget");
    expect_budget("error_tostring.lua", ":2: script exceeded its instruction budget");
}
END_TEST

START_TEST(test_budget_memory)
{
    expect_budget("memory_rep.lua", ":2: string.rep: a result of 1073741824 bytes exceeds the script's memory budget (268435456 bytes)");
    expect_budget("memory_table.lua", ":3: script exceeded its memory budget (near this line)");
}
END_TEST

START_TEST(test_budget_time)
{
    cx_scenario_opts o;
    cx_scenario_opts_init(&o);
    ck_assert_double_eq(o.time_limit, CX_SCENARIO_TIME_LIMIT);
    o.time_limit = 1;
    expect_time("hostile/deadline.lua", &o, ": script exceeded its time limit");
    /* big copies: the allocator reads the clock between two hooks, so the
     * limit holds to about a second, not a thousand copies (minutes) */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    expect_time("hostile/deadline_copy.lua", &o, ": script exceeded its time limit");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 30);
    /* work in C between two hooks: pattern calls of a second each, sort's
     * comparisons of long strings or through a C comparator; each is
     * charged, so the limit holds to about a second, not minutes */
    static const char *const in_c[] = {"hostile/pattern_loop.lua",
                                       "hostile/sort_strings.lua",
                                       "hostile/sort_c_comparator.lua"};
    for (size_t i = 0; i < sizeof in_c / sizeof in_c[0]; i++) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        expect_time(in_c[i], &o, ": script exceeded its time limit");
        clock_gettime(CLOCK_MONOTONIC, &t1);
        /* 1 s limit plus the last call in C (about 1.5 s natively); the
         * bound is generous because valgrind runs such calls ~40x slower:
         * what matters is minutes, not hours */
        ck_assert_msg(t1.tv_sec - t0.tv_sec < 120, "%s: %lds", in_c[i],
                      (long)(t1.tv_sec - t0.tv_sec));
    }
    o.time_limit = 0;           /* 0: the default */
    expect_time("hostile/deadline.lua", &o, ": script exceeded its time limit");
}
END_TEST

/* The seven escapes of issue 19 and their kin: each must stop within its
 * limits whatever the script does (docs/reliability.md, "Sandbox"). */
START_TEST(test_escapes_handlers)
{
    /* handlers Lua runs with hooks off, or while unwinding a budget error */
    expect_budget("xpcall_handler.lua", ":2: script exceeded its instruction budget");
    expect_budget("xpcall_close.lua", ":2: script exceeded its instruction budget");
    expect_budget("close_loop.lua", ":3: script exceeded its instruction budget");
}
END_TEST

START_TEST(test_escapes_in_c)
{
    /* loops in C that run no instruction and call no Lua function: lookups
     * through a chain of __index tables in table.move, concat and unpack;
     * a C function as load's reader. With a 1 s limit each must stop in
     * about a second (natively they would run 10 s to 300 s); the bound
     * is generous for valgrind. */
    static const char *const in_c[][2] = {
        {"hostile/move_chain.lua", ":4: script exceeded its time limit"},
        {"hostile/concat_chain.lua", ":5: script exceeded its time limit"},
        {"hostile/unpack_chain.lua", ":5: script exceeded its time limit"},
        {"hostile/load_reader.lua", ":2: script exceeded its time limit"}};
    cx_scenario_opts o;
    cx_scenario_opts_init(&o);
    o.time_limit = 1;
    for (size_t i = 0; i < sizeof in_c / sizeof in_c[0]; i++) {
        struct timespec t0, t1;
        char path[1024], want[2048];
        cx_error err;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        ck_assert_int_eq(load(in_c[i][0], &o, &err), CX_ERR_INPUT);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        data_path(path, sizeof path, in_c[i][0]);
        snprintf(want, sizeof want, "%s%s", path, in_c[i][1]);
        ck_assert_str_eq(err.msg, want);
        ck_assert_msg(t1.tv_sec - t0.tv_sec < 30, "%s: %lds", in_c[i][0],
                      (long)(t1.tv_sec - t0.tv_sec));
    }
    /* a string made a table through the shared string metatable */
    expect_hostile("concat_string.lua", ":3: table.concat: 9223372036854775807 elements, "
                   "at most 16777216 in scenarios");
}
END_TEST

START_TEST(test_escapes_patterns)
{
    /* the bound counts what scans the subject or a long class: each of
     * these runs seconds to minutes in the matcher, within the old bound */
    expect_budget("pattern_balance.lua", ":4: string patterns: '%b()' (4 bytes) has 0 "
                  "quantifiers; on a subject of 1048576 bytes it could take 1e+12 steps "
                  "(at most 1e+09 in scenarios); use a shorter pattern, fewer quantifiers "
                  "or a shorter subject");
    expect_budget("pattern_backref.lua", ":4: string patterns: '(.-)%1%1b' (9 bytes) has 1 "
                  "quantifiers; on a subject of 20000 bytes it could take 8e+12 steps "
                  "(at most 1e+09 in scenarios); use a shorter pattern, fewer quantifiers "
                  "or a shorter subject");
    expect_budget("pattern_set.lua", ":4: string patterns: '(long pattern)' (4005 bytes) has "
                  "1 quantifiers; on a subject of 2000 bytes it could take 2e+10 steps "
                  "(at most 1e+09 in scenarios); use a shorter pattern, fewer quantifiers "
                  "or a shorter subject");
    expect_budget("pattern_gmatch_caret.lua", ":4: string patterns: '^-^-^-^-^-^-b' (13 bytes) "
                  "has 6 quantifiers; on a subject of 60 bytes it could take 1e+10 steps "
                  "(at most 1e+09 in scenarios); use a shorter pattern, fewer quantifiers "
                  "or a shorter subject");
    /* what the bound allows ends within seconds: the slowest shapes found
     * at the bound (about 0.2 to 1 s each natively; 120 s for valgrind) */
    cx_scenario_opts o;
    cx_scenario_opts_init(&o);
    o.time_limit = 600;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    expect_ok("sandbox/patterns_at_bound.lua", &o);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_msg(t1.tv_sec - t0.tv_sec < 120, "%lds", (long)(t1.tv_sec - t0.tv_sec));
    /* '^' inside a pattern is a literal that takes a quantifier */
    expect_hostile("pattern_caret.lua", ":3: string patterns: 'x?^-^-^-^-^-^-b' (15 bytes) "
                   "has 7 quantifiers; on a subject of 300 bytes it could take 3e+16 steps "
                   "(at most 1e+09 in scenarios); use a shorter pattern, fewer quantifiers "
                   "or a shorter subject");
    /* no quantifier, but subject times pattern length is 5e11 */
    expect_budget("pattern_long.lua", ":3: string patterns: '(long pattern)' (524289 bytes) "
                  "has 0 quantifiers; on a subject of 1048576 bytes it could take 5e+11 "
                  "steps (at most 1e+09 in scenarios); use a shorter pattern, fewer "
                  "quantifiers or a shorter subject");
}
END_TEST

/* load's chunk name cannot make a message name another file: the
 * scenario's line comes first. */
START_TEST(test_load_chunkname)
{
    expect_hostile("load_chunkname.lua", ":3: [string \"load @elsewhere/other.lua\"]:1: boom");
}
END_TEST

/* ---- require ------------------------------------------------------------------- */

/* Options whose library directory is tests/data/scenarios/require/lib. */
static void lib_opts(cx_scenario_opts *o, char *dir, size_t size, const char **dirs)
{
    cx_scenario_opts_init(o);
    data_path(dir, size, "scenarios/require/lib");
    dirs[0] = dir;
    o->lib_dirs = dirs;
    o->n_lib_dirs = 1;
}

START_TEST(test_require)
{
    char dir[1024], path[1024], want[4096];
    const char *dirs[1];
    cx_scenario_opts o;
    cx_error err;
    lib_opts(&o, dir, sizeof dir, dirs);
    expect_ok("scenarios/require/main.lua", &o);
    expect_ok("scenarios/require/cached_error.lua", &o);
    /* without the library directory, "shared" is not found */
    ck_assert_int_eq(load("scenarios/require/main.lua", NULL, &err), CX_ERR_INPUT);
    data_path(path, sizeof path, "scenarios/require");
    snprintf(want, sizeof want, "%s/main.lua:5: require: module \"shared\" not found beside "
             "the scenario or in the scenario library; searched %s/shared.lua", path, path);
    ck_assert_str_eq(err.msg, want);
}
END_TEST

/* on_module hears of each module file once, in the order they ran (a
 * module runs when its require returns, so helpers, sub.mod, shared). */
typedef struct heard {
    char names[8][32];
    char files[8][1024];
    int n;
} heard;

static void on_module(void *ctx, const char *name, const char *path)
{
    heard *h = ctx;
    ck_assert_int_lt(h->n, 8);
    snprintf(h->names[h->n], sizeof h->names[0], "%s", name);
    snprintf(h->files[h->n], sizeof h->files[0], "%s", path);
    h->n++;
}

START_TEST(test_require_on_module)
{
    char dir[1024], want[1100];
    const char *dirs[1];
    cx_scenario_opts o;
    heard h = {.n = 0};
    lib_opts(&o, dir, sizeof dir, dirs);
    o.on_module = on_module;
    o.module_ctx = &h;
    expect_ok("scenarios/require/main.lua", &o);
    ck_assert_int_eq(h.n, 3);
    ck_assert_str_eq(h.names[0], "helpers");
    ck_assert_str_eq(h.names[1], "sub.mod");
    ck_assert_str_eq(h.names[2], "shared");
    snprintf(want, sizeof want, "%s/shared.lua", dir);
    ck_assert_str_eq(h.files[2], want);
    ck_assert_ptr_nonnull(strstr(h.files[1], "scenarios/require/sub/mod.lua"));
}
END_TEST

START_TEST(test_require_errors)
{
    char dir[1024], path[1024], want[4096];
    const char *dirs[1];
    cx_scenario_opts o;
    cx_error err;
    lib_opts(&o, dir, sizeof dir, dirs);
    data_path(path, sizeof path, "scenarios/require");
    ck_assert_int_eq(load("scenarios/require/bad_module.lua", &o, &err), CX_ERR_INPUT);
    snprintf(want, sizeof want, "%s/broken.lua:3: attempt to index a nil value (local 't')",
             path);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(load("scenarios/require/bad_module_constructor.lua", &o, &err),
                     CX_ERR_INPUT);
    snprintf(want, sizeof want, "%s/bad_segment.lua:2: segment \"a\": share must be in "
             "[0,1], got 2", path);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(load("scenarios/require/loop.lua", &o, &err), CX_ERR_INPUT);
    snprintf(want, sizeof want, "%s/loop_b.lua:2: require: module \"loop_a\" requires "
             "itself (a loop of requires)", path);
    ck_assert_str_eq(err.msg, want);
    expect("scenarios/require/late_check.lua", &o,
           ":3: segment shares sum to 0.5, they must sum to 1");
}
END_TEST

START_TEST(test_require_hostile)
{
    static const char bad[] = "\": use letters, digits, '_' and '-', with '.' between "
                              "directories (no \"..\", no absolute path)";
    char want[512], path[1024], full[2400];
    cx_error err;
    snprintf(want, sizeof want, ":2: require: bad module name \"../scenarios/secret%s", bad);
    expect_hostile("require_dotdot.lua", want);
    snprintf(want, sizeof want, ":2: require: bad module name \"..scenarios.secret%s", bad);
    expect_hostile("require_dots.lua", want);
    snprintf(want, sizeof want, ":2: require: bad module name \"/etc/passwd%s", bad);
    expect_hostile("require_absolute.lua", want);
    ck_assert_int_eq(load("hostile/require_outside.lua", NULL, &err), CX_ERR_INPUT);
    data_path(path, sizeof path, "hostile");
    snprintf(full, sizeof full, "%s/require_outside.lua:3: require: module \"secret\" not "
             "found beside the scenario or in the scenario library; searched %s/secret.lua",
             path, path);
    ck_assert_str_eq(err.msg, full);
}
END_TEST

/* A symbolic link beside the scenario that leads out of its directory. */
START_TEST(test_require_symlink)
{
    char dir[256], scen[512], link[512], target[1024], want[2048];
    cx_model *m = NULL;
    cx_error err;
    snprintf(dir, sizeof dir, "%s/cxsim_sandbox_XXXXXX",
             getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(scen, sizeof scen, "%s/s.lua", dir);
    snprintf(link, sizeof link, "%s/secret.lua", dir);
    data_path(target, sizeof target, "scenarios/secret.lua");
    ck_assert_int_eq(symlink(target, link), 0);
    FILE *f = fopen(scen, "w");
    ck_assert_ptr_nonnull(f);
    fputs("local s = require \"secret\"\n", f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(cx_scenario_load(scen, &m, &err), CX_ERR_INPUT);
    snprintf(want, sizeof want, "%s:1: require: %s leads outside its directory (a symbolic "
             "link?); not loaded", scen, link);
    ck_assert_str_eq(err.msg, want);
    unlink(link);
    unlink(scen);
    rmdir(dir);
}
END_TEST

/* ---- unsafe ---------------------------------------------------------------------- */

START_TEST(test_unsafe)
{
    cx_scenario_opts o;
    cx_scenario_opts_init(&o);
    o.unsafe = 1;
    expect_ok("scenarios/unsafe.lua", &o);
    expect("scenarios/unsafe.lua", NULL, ":2: unknown global 'io'");
    /* loadfile is back: it returns nil for /etc/passwd, and the script goes on */
    expect("hostile/loadfile.lua", &o, ":2: the scenario declares no segment (add one, e.g. "
           "segment \"all\" { share = 1 })");
}
END_TEST

/* ---- suite ------------------------------------------------------------------------ */

static Suite *sandbox_suite(void)
{
    Suite *s = suite_create("sandbox");
    TCase *tc = tcase_create("escapes");
    tcase_add_test(tc, test_no_os_io);
    tcase_add_test(tc, test_no_binary_or_files);
    tcase_add_test(tc, test_metatables);
    tcase_add_test(tc, test_c_loops);
    tcase_add_test(tc, test_recursion);
    tcase_add_test(tc, test_unsafe);
    suite_add_tcase(s, tc);
    tc = tcase_create("budgets");
    tcase_set_timeout(tc, 300);     /* the budgets take seconds, more under valgrind */
    tcase_add_test(tc, test_budget_steps);
    tcase_add_test(tc, test_budget_memory);
    tcase_add_test(tc, test_budget_time);
    tcase_add_test(tc, test_escapes_handlers);
    tcase_add_test(tc, test_escapes_in_c);
    tcase_add_test(tc, test_escapes_patterns);
    tcase_add_test(tc, test_load_chunkname);
    suite_add_tcase(s, tc);
    tc = tcase_create("require");
    tcase_add_test(tc, test_require);
    tcase_add_test(tc, test_require_errors);
    tcase_add_test(tc, test_require_on_module);
    tcase_add_test(tc, test_require_hostile);
    tcase_add_test(tc, test_require_symlink);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(sandbox_suite());
}
