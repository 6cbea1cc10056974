/* load.c - scenario file plus --set overrides, shared by the verbs. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/scenario.h"

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
    char *end;
    errno = 0;
    double v = strtod(eq + 1, &end);
    if (errno || end == eq + 1 || *end)
        return cx_error_set(err, CX_ERR_USAGE, "--set %s: '%s' is not a number", path, eq + 1);
    return cx_model_set(m, path, v, err);
}

cx_status cx_cli_load(const cx_cli_opts *o, cx_model **out, cx_error *err)
{
    cx_model *m = NULL;
    cx_status st = cx_scenario_load(o->scenario, &m, err);
    if (st == CX_ERR_IO)
        st = err->code = CX_ERR_INPUT;  /* an unreadable scenario is bad input: exit 3 */
    for (size_t i = 0; st == CX_OK && i < o->n_sets; i++)
        st = apply_set(m, o->sets[i], err);
    if (st == CX_OK)
        st = cx_model_validate(m, err);
    if (st != CX_OK) {
        cx_model_free(m);
        m = NULL;
    }
    *out = m;
    return st;
}

cx_status cx_cli_policy(const cx_cli_opts *o, cx_policy_factory *f, int *has, cx_error *err)
{
    (void)o;
    (void)err;
    *f = (cx_policy_factory){0};
    *has = 0;
    return CX_OK;
}

void cx_cli_policy_release(cx_policy_factory *f, int has)
{
    (void)f;
    (void)has;
}
