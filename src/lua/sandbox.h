/* sandbox.h - private to src/lua/: what a scenario script may touch
 * (sandbox.c): the counting allocator, the budget hook, the safe
 * libraries and the strict environment, the message handler.
 * Relies on: Lua 5.4.
 */
#ifndef CX_LUA_SANDBOX_H
#define CX_LUA_SANDBOX_H

#include <stddef.h>

#include <lua.h>

/* lua_Alloc counting the bytes of ud (a cx_lua_loader) against mem_cap. */
void *cx_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* Resets the instruction and time budgets and installs the count hook
 * (nothing in unsafe mode). Called before each run of script code. */
void cx_lua_sandbox_hook(lua_State *L);

/* Stops the watchdog and closes ld->L (if any), setting it to NULL. Every
 * state a loader made is closed through here. */
struct cx_lua_loader;
void cx_lua_sandbox_close(struct cx_lua_loader *ld);

/* The message handler xpcall hands Lua in place of the script's one
 * (upvalue 1): once a budget is spent it returns the error untouched, as
 * the script's handler could run with hooks off (see sandbox.c). */
int cx_lua_sandbox_msgh_guard(lua_State *L);

/* Counts n steps of work a library function does in C (out of the count
 * hook's reach) against the instruction budget and reads the clock; over
 * a budget, raises as the hook does (and the hook stays armed, so pcall
 * cannot swallow it). Nothing in unsafe mode. */
void cx_lua_sandbox_charge(lua_State *L, unsigned long n);

/* Seconds of CLOCK_MONOTONIC. */
double cx_lua_now(void);

/* Opens the safe libraries into the globals (every library in unsafe
 * mode), drops the unsafe functions, registers the constructors
 * (constructors.h) and pushes a fresh environment table for the scenario
 * chunk, in which reading an unknown global is an error. */
void cx_lua_sandbox_open(lua_State *L);

/* Message handler of the protected load: turns the error object into a
 * string that starts with the script position ("path:line: "). */
int cx_lua_msgh(lua_State *L);

#endif
