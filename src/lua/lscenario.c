/* lscenario.c - the scenario { ... } constructor: name, horizon, population
 * and the other scenario-wide settings of cx_model_scenario_params, with
 * word of mouth nested as wom = { rho_p = ..., ... }.
 */
#include "loader.h"
#include "lerror.h"
#include "table.h"
#include "constructors.h"

#include <lauxlib.h>

/* scenario { name = "...", horizon = 12, ... }: at most once; keys it does
 * not set keep the defaults of cx_model_new. */
static int scenario_new(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    cx_model *m = cx_lua_model(L);
    size_t n;
    if (lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, "scenario", "expects a table, got %s; "
                            "write scenario { name = \"...\", horizon = 12, ... }",
                            luaL_typename(L, 1));
    if (ld->have_scenario)
        return cx_lua_error(L, "scenario", "called twice (first at line %d)",
                            ld->scenario_line);
    /* Read into a copy so a failed call, even one caught by pcall, leaves
     * the model as it was. The copy shares the segment and journey arrays,
     * which nothing touches until it is copied back. */
    cx_model tmp = *m;
    const cx_lua_strfield strs[] = {{"name", tmp.name, sizeof tmp.name}};
    const cx_param_spec *specs = cx_model_scenario_params(&n);  /* n before it is read */
    const cx_lua_target t = {"scenario", specs, n, &tmp,
                             strs, 1, NULL, 0};
    cx_lua_read_table(L, 1, &t);
    *m = tmp;
    ld->have_scenario = 1;
    ld->scenario_line = cx_lua_line(L);
    return 0;
}

static const luaL_Reg scenario_lib[] = {
    {"scenario", scenario_new},
    {NULL, NULL}
};

void cx_lua_open_scenario(lua_State *L)
{
    luaL_setfuncs(L, scenario_lib, 0);
}
