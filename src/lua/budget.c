/* budget.c - the limits a scenario script runs under: memory counted by
 * the allocator, instructions counted by the count hook and by the library
 * functions that loop in C, and a wall-clock deadline that a watchdog
 * thread enforces where no hook runs (docs/reliability.md, "The sandbox";
 * docs/architecture.md, house style point 8). Nothing in unsafe mode.
 * sandbox.c decides what a script may touch; this file, how much of it.
 */
#include "budget.h"
#include "loader.h"
#include "lerror.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

static void step_hook(lua_State *L, lua_Debug *ar);

/* Once a budget is spent the hook fires at every instruction and at every
 * call of a function (a C function runs no instruction: a C metamethod
 * or a C reader called in a loop by table.move or load is stopped at its
 * next call). */
#define SPENT_MASK (LUA_MASKCOUNT | LUA_MASKCALL)

/* One instruction can copy hundreds of megabytes (s .. "x"), so a thousand
 * of them between two hooks could overrun the time limit by minutes: big
 * allocations read the clock too, and past the deadline make the hook
 * fire at the next instruction (lua_sethook may be called at any time). */
static void check_clock(cx_lua_loader *ld)
{
    if (ld->L && ld->deadline > 0 && !ld->out_of_time && !ld->opts.unsafe
        && cx_lua_budget_now() > ld->deadline) {
        ld->out_of_time = 1;
        lua_sethook(ld->L, step_hook, SPENT_MASK, 1);
    }
}

/* ---- the watchdog ---------------------------------------------------------------- */

/* The count hook only runs between VM instructions, and a C function may
 * loop long without running any (a C metamethod called by table.move for
 * each element, a C reader called by load for each byte). The watchdog, a
 * thread per loader, waits for the deadline; if the script is still under
 * it then, it marks the state out of time and arms the hook at every
 * instruction and call, so the script is stopped at its next one, whatever
 * C function it is in. lua_sethook may be called asynchronously (ldebug.c
 * says so: Lua's own interpreter calls it from a signal handler). Between
 * two calls of script code the state is idle and a firing does no harm:
 * cx_lua_budget_arm resets both, under the same mutex. */
struct cx_lua_watchdog {
    pthread_mutex_t mu;
    pthread_cond_t cv;          /* on CLOCK_MONOTONIC, as cx_lua_budget_now */
    pthread_t thread;
    double deadline;            /* 0: nothing to watch */
    int quit;
    cx_lua_loader *ld;
};

static void *watch(void *arg)
{
    struct cx_lua_watchdog *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->quit) {
        double now = cx_lua_budget_now();
        if (!(w->deadline > 0)) {
            pthread_cond_wait(&w->cv, &w->mu);
        } else if (now < w->deadline) {
            struct timespec ts;
            ts.tv_sec = (time_t)w->deadline;
            ts.tv_nsec = (long)((w->deadline - (double)ts.tv_sec) * 1e9);
            if (ts.tv_nsec > 999999999L)
                ts.tv_nsec = 999999999L;
            pthread_cond_timedwait(&w->cv, &w->mu, &ts);
        } else {
            w->ld->out_of_time = 1;
            if (w->ld->L)
                lua_sethook(w->ld->L, step_hook, SPENT_MASK, 1);
            w->deadline = 0;
        }
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Starts ld's watchdog; NULL if the system refuses a thread (then the
 * clock is read by the hook and the charges alone, as before). */
static struct cx_lua_watchdog *watchdog_start(cx_lua_loader *ld)
{
    struct cx_lua_watchdog *w = calloc(1, sizeof *w);
    pthread_condattr_t ca;
    if (!w)
        return NULL;
    w->ld = ld;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int ok = pthread_mutex_init(&w->mu, NULL) == 0;
    ok = ok && pthread_cond_init(&w->cv, &ca) == 0;
    pthread_condattr_destroy(&ca);
    if (ok && pthread_create(&w->thread, NULL, watch, w) == 0)
        return w;
    free(w);
    return NULL;
}

void cx_lua_budget_close(cx_lua_loader *ld)
{
    struct cx_lua_watchdog *w = ld->watchdog;
    if (w) {
        pthread_mutex_lock(&w->mu);
        w->quit = 1;
        pthread_cond_signal(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->thread, NULL);
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        ld->watchdog = NULL;
    }
    lua_State *L = ld->L;
    ld->L = NULL;               /* frees only from here on: no clock */
    if (L)
        lua_close(L);
}

void *cx_lua_budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    cx_lua_loader *ld = ud;
    size_t old = ptr ? osize : 0;   /* for new blocks osize is a type tag */
    if (nsize == 0) {
        free(ptr);
        ld->mem_used -= old;
        return NULL;
    }
    if (nsize > old && nsize - old > ld->mem_cap - ld->mem_used) {
        ld->mem_refused = 1;        /* Lua raises "not enough memory" */
        return NULL;
    }
    if (nsize >= CX_LUA_CLOCK_BYTES)
        check_clock(ld);
    void *p = realloc(ptr, nsize);
    if (p)
        ld->mem_used = ld->mem_used - old + nsize;
    return p;
}

double cx_lua_budget_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Once over budget the hook fires at every instruction, so a script that
 * catches the error with pcall is stopped again at its next instruction:
 * the budget cannot be swallowed. The clock is read at every hook, so a
 * loop of instructions that each run long in C (string.rep of a megabyte)
 * is stopped on time too. */
/* Remembers where the script is (a file's chunk, not a C function), so a
 * budget message can name the line: exactly where the instruction or time
 * budget ran out, and the last line seen for the memory budget. */
static void note_position(lua_State *L, lua_Debug *ar, cx_lua_loader *ld)
{
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0 && ar->source[0] == '@') {
        ld->stop_line = ar->currentline;
        snprintf(ld->stop_src, sizeof ld->stop_src, "%s", ar->source + 1);
    }
}

/* Counts n steps against the budgets; once over one, makes the hook fire
 * at every instruction from now on (sticky) and returns 1. */
static int spend(lua_State *L, cx_lua_loader *ld, unsigned long n)
{
    if (ld->out_of_steps || ld->out_of_time)
        return 1;
    ld->steps += n;
    if (ld->steps > ld->step_budget)
        ld->out_of_steps = 1;
    else if (cx_lua_budget_now() > ld->deadline)
        ld->out_of_time = 1;
    else
        return 0;
    lua_sethook(L, step_hook, SPENT_MASK, 1);
    return 1;
}

static int raise_budget(lua_State *L, cx_lua_loader *ld)
{
    lua_Debug ar;
    for (int level = 0; ld->stop_line == 0 && lua_getstack(L, level, &ar); level++)
        note_position(L, &ar, ld);              /* stopped in C: the caller's line */
    if (ld->out_of_time)
        lua_pushfstring(L, "%s: script exceeded its time limit", ld->path);
    else
        lua_pushfstring(L, "%s: script exceeded its instruction budget", ld->path);
    return lua_error(L);
}

/* The handlers Lua calls while raising: a call hook raising again in
 * them would only recurse until "error in error handling". */
static int is_handler(lua_State *L, lua_Debug *ar)
{
    if (!lua_getinfo(L, "f", ar))
        return 0;
    lua_CFunction f = lua_tocfunction(L, -1);
    lua_pop(L, 1);
    return f == cx_lua_msgh || f == cx_lua_budget_msgh_guard;
}

static void step_hook(lua_State *L, lua_Debug *ar)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    if (ar->event == LUA_HOOKCALL && is_handler(L, ar))
        return;
    if (!ld->out_of_steps && !ld->out_of_time)
        note_position(L, ar, ld);
    if (!spend(L, ld, CX_LUA_HOOK_EVERY))
        return;
    raise_budget(L, ld);
}

void cx_lua_budget_charge(lua_State *L, unsigned long n)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    if (ld->opts.unsafe || !(ld->deadline > 0) || !spend(L, ld, n))
        return;
    ld->stop_line = 0;                          /* where the C call was made */
    raise_budget(L, ld);
}

void cx_lua_budget_arm(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    if (!ld->opts.unsafe && !ld->watchdog && ld->L == L)
        ld->watchdog = watchdog_start(ld);
    struct cx_lua_watchdog *w = ld->watchdog;
    if (w)
        pthread_mutex_lock(&w->mu);
    ld->steps = 0;
    ld->out_of_steps = ld->mem_refused = 0;
    ld->out_of_time = 0;
    ld->stop_line = 0;
    ld->stop_src[0] = '\0';
    ld->deadline = cx_lua_budget_now() + ld->opts.time_limit;
    if (ld->opts.unsafe)
        lua_sethook(L, NULL, 0, 0);
    else
        lua_sethook(L, step_hook, LUA_MASKCOUNT, CX_LUA_HOOK_EVERY);
    if (w) {
        int idle = !(w->deadline > 0);
        w->deadline = ld->deadline;
        if (idle)
            pthread_cond_signal(&w->cv);
        pthread_mutex_unlock(&w->mu);
    }
}

/* Lua calls a message handler from inside the count hook when the hook
 * raises a budget error, and hooks are off there (ldo.c luaD_hook): a
 * script's handler that loops would never be stopped. Once a budget is
 * spent the script's handler is therefore not called: the error goes up
 * as it is. Upvalue 1: the script's handler. */
int cx_lua_budget_msgh_guard(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    if (ld->out_of_steps || ld->out_of_time)
        return 1;                               /* the error, untouched */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}
