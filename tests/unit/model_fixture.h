/* model_fixture.h - small models built in C for engine-level tests. */
#ifndef CX_MODEL_FIXTURE_H
#define CX_MODEL_FIXTURE_H

#include <check.h>
#include <stdio.h>

#include "cxsim/model.h"

/* One segment "all" and one journey "j" of n default touchpoints t0..t(n-1). */
static inline cx_model *cx_fixture_model(size_t n, long population, int horizon)
{
    cx_model *m = cx_model_new();
    cx_segment s;
    cx_touchpoint tps[16];
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_le(n, 16);
    m->population = population;
    m->horizon = horizon;
    cx_segment_defaults(&s, "all");
    ck_assert_int_eq(cx_model_add_segment(m, &s, NULL), CX_OK);
    for (size_t k = 0; k < n; k++) {
        char name[16];
        snprintf(name, sizeof name, "t%zu", k);
        cx_touchpoint_defaults(&tps[k], name);
    }
    ck_assert_int_eq(cx_model_add_journey(m, "j", 0, tps, n, NULL), CX_OK);
    return m;
}

#endif
