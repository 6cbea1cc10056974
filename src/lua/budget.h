/* budget.h - private to src/lua/: the limits a script runs under
 * (budget.c): the counting allocator, the count hook and the watchdog's
 * deadline, the charge of library functions that loop in C, the guard of
 * xpcall's handler.
 * Relies on: Lua 5.4, POSIX threads.
 */
#ifndef CX_LUA_BUDGET_H
#define CX_LUA_BUDGET_H

#include <stddef.h>

#include <lua.h>

/* lua_Alloc counting the bytes of ud (a cx_lua_loader) against mem_cap. */
void *cx_lua_budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* Resets the instruction and time budgets and installs the count hook
 * (nothing in unsafe mode). Called before each run of script code. */
void cx_lua_budget_arm(lua_State *L);

/* Stops the watchdog and closes ld->L (if any), setting it to NULL. Every
 * state a loader made is closed through here. */
struct cx_lua_loader;
void cx_lua_budget_close(struct cx_lua_loader *ld);

/* The message handler xpcall hands Lua in place of the script's one
 * (upvalue 1): once a budget is spent it returns the error untouched, as
 * the script's handler could run with hooks off (see sandbox.c). */
int cx_lua_budget_msgh_guard(lua_State *L);

/* Counts n steps of work a library function does in C (out of the count
 * hook's reach) against the instruction budget and reads the clock; over
 * a budget, raises as the hook does (and the hook stays armed, so pcall
 * cannot swallow it). Nothing in unsafe mode. */
void cx_lua_budget_charge(lua_State *L, unsigned long n);

/* Seconds of CLOCK_MONOTONIC. */
double cx_lua_budget_now(void);

#endif
