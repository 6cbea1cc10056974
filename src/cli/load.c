/* load.c - scenario file plus --set overrides, shared by the verbs. */
#include "config.h"

#include "load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/run.h"
#include "cxsim/scenario.h"
#include "opts.h"
#include "variant_arg.h"

/* Applies one "path=value". */
static cx_status apply_set(cx_model *m, const char *arg, cx_error *err)
{
    char path[512];
    const char *eq = strchr(arg, '=');
    size_t n = (size_t)(eq - arg);
    if (n == 0 || n >= sizeof path)
        return cx_error_set(err, CX_ERR_USAGE, "--set: bad parameter name in '%s'", arg);
    memcpy(path, arg, n);
    path[n] = '\0';
    double v;
    if (cx_cli_number(eq + 1, &v) != 0)
        return cx_error_set(err, CX_ERR_USAGE, "--set %s: '%s' is not a number (a decimal "
                            "number within a double's range: no hexadecimal, no blanks, no "
                            "inf or nan)", path, eq + 1);
    cx_error why;
    char full[512];
    if (cx_model_full_path(m, path, full, sizeof full, &why) != CX_OK ||
        cx_model_set(m, full, v, &why) != CX_OK)
        return cx_error_set(err, why.code, "--set: %s", why.msg);
    return CX_OK;
}

/* Where `require` looks: lib/ beside the scenario (so scenarios/x.lua
 * finds scenarios/lib in the source tree), then the installed library,
 * then the library installed beside this executable (EXE/../share/cxsim/
 * scenarios/lib), so that an installation staged with DESTDIR or moved
 * elsewhere still finds its own. */
typedef struct lib_dirs {
    char local[4096];
    char beside[4096];
    const char *dirs[3];
} lib_dirs;

static void beside_executable(char *out, size_t size)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? memchr(exe, '/', (size_t)n) : NULL;
    out[0] = '\0';
    if (!slash)
        return;     /* not Linux, or no path: the other places only */
    exe[n] = '\0';
    *strrchr(exe, '/') = '\0';
    int len = snprintf(out, size, "%s/../share/%s/scenarios/lib", exe, PACKAGE);
    if (len < 0 || (size_t)len >= size)
        out[0] = '\0';     /* too long a path: not searched */
}

static void scenario_opts(const cx_cli_opts *o, lib_dirs *d, cx_scenario_opts *so)
{
    const char *slash = strrchr(o->scenario, '/');
    int len = slash ? (int)(slash - o->scenario) : 1;
    snprintf(d->local, sizeof d->local, "%.*s/lib", len, slash ? o->scenario : ".");
    beside_executable(d->beside, sizeof d->beside);
    d->dirs[0] = d->local;
    d->dirs[1] = CX_SCENARIO_LIBDIR;
    d->dirs[2] = d->beside;
    cx_scenario_opts_init(so);
    so->unsafe = o->unsafe;
    so->lib_dirs = d->dirs;
    so->n_lib_dirs = d->beside[0] ? 3 : 2;
    so->seed = o->seed;
}

cx_status cx_cli_policy(const cx_cli_opts *o, cx_policy_factory **f, cx_error *err)
{
    lib_dirs d;
    cx_scenario_opts so;
    scenario_opts(o, &d, &so);
    cx_status st = cx_scenario_policy_new(o->scenario, &so, f, err);
    if (st == CX_ERR_IO)
        st = err->code = CX_ERR_INPUT;
    return st;
}

cx_status cx_cli_load(const cx_cli_opts *o, cx_model **out, cx_error *err)
{
    return cx_cli_load_modules(o, NULL, NULL, NULL, out, err);
}

cx_status cx_cli_load_modules(const cx_cli_opts *o,
                              void (*on_module)(void *ctx, const char *name,
                                                const char *path),
                              void (*on_data)(void *ctx, const char *name, const char *path),
                              void *ctx, cx_model **out, cx_error *err)
{
    lib_dirs d;
    cx_scenario_opts so;
    cx_model *m = NULL;
    scenario_opts(o, &d, &so);
    so.on_module = on_module;
    so.on_data = on_data;
    so.module_ctx = ctx;
    cx_status st = cx_scenario_load_opts(o->scenario, &so, &m, err);
    if (st == CX_ERR_IO)
        st = err->code = CX_ERR_INPUT;  /* an unreadable scenario is bad input: exit 3 */
    for (size_t i = 0; st == CX_OK && i < o->n_sets; i++)
        st = apply_set(m, o->sets[i], err);
    /* the scenario alone was valid (cx_scenario_load_opts checks it): a
     * model that no longer is was made so by --set, which is blamed */
    if (st == CX_OK && (st = cx_model_validate(m, err)) == CX_ERR_INPUT) {
        char why[CX_ERROR_MAX];
        snprintf(why, sizeof why, "%s", err->msg);
        st = cx_error_set(err, CX_ERR_USAGE, "--set: the scenario with these --set values is "
                          "not valid: %s", why);
    }
    if (st == CX_OK)
        st = cx_cli_variants_apply(o, m, err);     /* --variant, --baseline */
    if (st == CX_OK)
        st = cx_run_check_variants(m, err);
    if (st != CX_OK) {
        cx_model_free(m);
        m = NULL;
    }
    *out = m;
    return st;
}

