/* constructors.h - private to src/lua/: the constructor families a
 * scenario script calls (scenario, segment, touchpoint, journey,
 * intervention, variant, set, parameter), their helpers the script sees
 * (the apply() model proxy, require), and the checks they finish once the
 * chunk has returned.
 *
 * As Lua's linit.c lists the standard libraries, constructors.c lists the
 * families in cx_lua_constructors; the sandbox walks it to open them and
 * the loader (build.c) to finish them. A family never calls into the
 * loader, and the loader names no family: a new family is one line of
 * constructors.c.
 * Relies on: Lua 5.4.
 */
#ifndef CX_LUA_CONSTRUCTORS_H
#define CX_LUA_CONSTRUCTORS_H

#include <lua.h>

/* One constructor family. */
typedef struct cx_lua_constructor {
    const char *name;                   /* the family, for readers */
    void (*open)(lua_State *L);         /* registers its globals into the
                                         * table on top of the stack (and
                                         * its metatables) */
    void (*finish)(lua_State *L);       /* NULL, or runs once the chunk has
                                         * returned, in table order */
} cx_lua_constructor;

/* The families in the order they are opened and finished, ending with an
 * entry whose open is NULL. */
extern const cx_lua_constructor cx_lua_constructors[];

/* Each registers its globals into the table on top of the stack. */
void cx_lua_open_scenario(lua_State *L);        /* lscenario.c */
void cx_lua_open_segment(lua_State *L);         /* lsegment.c */
void cx_lua_open_touchpoint(lua_State *L);      /* ltouchpoint.c */
void cx_lua_open_journey(lua_State *L);         /* ljourney.c */
void cx_lua_open_intervention(lua_State *L);    /* lintervention.c: and variant */
void cx_lua_open_overrides(lua_State *L);       /* overrides.c: set { ... } */
void cx_lua_open_parameter(lua_State *L);       /* lparameter.c */
void cx_lua_open_dist(lua_State *L);            /* ldist.c: uniform(), normal(), ... */
void cx_lua_open_proxy(lua_State *L);           /* lpath.c: apply()'s model proxy */
void cx_lua_open_require(lua_State *L);         /* require.c: modules load into the
                                                 * environment of ld->env_ref */

/* lintervention.c: once the chunk has returned, runs the intervention
 * records in declaration order (their set paths and apply functions
 * against the baseline), adds them to the model, then the variants. */
void cx_lua_records_finish(lua_State *L);

/* overrides.c: once interventions and variants are finished, applies the
 * set blocks to the model, in call order, as --set would. */
void cx_lua_overrides_finish(lua_State *L);

#endif
