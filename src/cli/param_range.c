/* param_range.c - `--param NAME=LO:HI[:STEPS]`, shared by sweep,
 * sensitivity and calibrate. */
#include "params.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/model.h"
#include "opts.h"

/* The number s[0..stop) by the one rule of cx_cli_number. */
static int parse_double(const char *s, const char *stop, double *out)
{
    char buf[128];
    size_t n = (size_t)(stop - s);
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return cx_cli_number(buf, out);
}

static cx_status parse_one(const char *arg, cx_run_param *p, cx_error *err)
{
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : 0;
    if (n == 0 || n >= sizeof p->path)
        return cx_error_set(err, CX_ERR_USAGE, "--param needs NAME=LO:HI[:STEPS], got '%s'",
                            arg);
    memcpy(p->path, arg, n);
    p->path[n] = '\0';
    const char *lo = eq + 1, *c1 = strchr(lo, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    const char *hi_end = c2 ? c2 : lo + strlen(lo);
    if (!c1 || parse_double(lo, c1, &p->lo) != 0 || parse_double(c1 + 1, hi_end, &p->hi) != 0)
        return cx_error_set(err, CX_ERR_USAGE, "--param %s: '%s' is not LO:HI[:STEPS] with "
                            "numbers LO and HI", p->path, lo);
    if (!(p->lo < p->hi))
        return cx_error_set(err, CX_ERR_USAGE, "--param %s: LO (%g) must be below HI (%g)",
                            p->path, p->lo, p->hi);
    p->steps = 0;
    if (c2) {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(c2 + 1, &end, 10);
        if (c2[1] == '-' || errno || end == c2 + 1 || *end || s < 2 || s > 100000)
            return cx_error_set(err, CX_ERR_USAGE, "--param %s: STEPS must be an integer in "
                                "[2,100000], got '%s'", p->path, c2 + 1);
        p->steps = (size_t)s;
    }
    return CX_OK;
}

/* The path in full (a shortened one gets journey. in front, as for
 * --set); both ends must be values the model accepts at that path. */
static cx_status check_one(const cx_model *m, cx_run_param *p, cx_error *err)
{
    char full[sizeof p->path];
    cx_error why;
    if (cx_model_full_path(m, p->path, full, sizeof full, &why) != CX_OK)
        return cx_error_set(err, why.code, "--param: %s", why.msg);
    memcpy(p->path, full, sizeof full);
    cx_model *c = cx_model_copy(m);
    if (!c)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory copying the model");
    cx_status st = cx_model_set(c, p->path, p->lo, &why);
    if (st == CX_OK)
        st = cx_model_set(c, p->path, p->hi, &why);
    cx_model_free(c);
    if (st != CX_OK)
        return cx_error_set(err, why.code, "--param: %s", why.msg);
    return CX_OK;
}

cx_status cx_cli_params_parse(const cx_cli_opts *o, const cx_model *m, cx_run_param *out,
                              size_t *n, cx_error *err)
{
    *n = 0;
    for (size_t i = 0; i < o->n_params; i++) {
        cx_status st = parse_one(o->params[i], &out[i], err);
        if (st == CX_OK && m)
            st = check_one(m, &out[i], err);
        for (size_t k = 0; st == CX_OK && k < i; k++)
            if (strcmp(out[k].path, out[i].path) == 0)
                st = cx_error_set(err, CX_ERR_USAGE, "--param %s given twice", out[i].path);
        if (st != CX_OK)
            return st;
        *n = i + 1;
    }
    return CX_OK;
}
