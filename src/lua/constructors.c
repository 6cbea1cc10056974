/* constructors.c - the list of constructor families (constructors.h), as
 * Lua's linit.c lists the standard libraries.
 *
 * Order matters once, for finishing: interventions and variants are
 * finished before the set blocks, which then apply on top of them as
 * --set would (docs/scenarios.md, "Overrides: set").
 */
#include "constructors.h"

#include <stddef.h>

const cx_lua_constructor cx_lua_constructors[] = {
    {"scenario", cx_lua_open_scenario, NULL},
    {"segment", cx_lua_open_segment, NULL},
    {"touchpoint", cx_lua_open_touchpoint, NULL},
    {"journey", cx_lua_open_journey, NULL},
    {"intervention", cx_lua_open_intervention, cx_lua_records_finish}, /* and variant */
    {"set", cx_lua_open_overrides, cx_lua_overrides_finish},
    {"parameter", cx_lua_open_parameter, NULL},
    {"dist", cx_lua_open_dist, NULL},           /* uniform(), normal(), ... */
    {"apply", cx_lua_open_proxy, NULL},    /* apply(m)'s model proxy */
    {"require", cx_lua_open_require, NULL},
    {NULL, NULL, NULL}
};
