/* loader.h - private to src/lua/: the state of one scenario load and the
 * helpers the constructor files share.
 *
 * Provides: cx_lua_loader (everything one cx_scenario_load needs, reachable
 * from the lua_State through the allocator's userdata, so there is no global
 * state), the sandbox (allocator, count hook, libraries, environment,
 * message handler), the reader that maps a Lua table onto a cx_param_spec
 * table and tables of name = number, errors with file and line, curried
 * constructors, and the registration function of each constructor family.
 * Relies on: Lua 5.4, cxsim/model.h.
 */
#ifndef CX_LUA_LOADER_H
#define CX_LUA_LOADER_H

#include <stddef.h>

#include <lua.h>

#include "cxsim/error.h"
#include "cxsim/io.h"
#include "cxsim/model.h"
#include "cxsim/scenario.h"
#include "cxsim/suggest.h"

/* Budgets of one load. A scenario only builds a model, so anything near
 * these is a runaway script, not a big scenario. A policy call gets the
 * same budgets afresh. */
#define CX_LUA_STEP_BUDGET 100000000UL          /* VM instructions */
#define CX_LUA_MEM_BUDGET ((size_t)256 << 20)   /* bytes held by the state */
#define CX_LUA_HOOK_EVERY 1000                  /* instructions per hook */
#define CX_LUA_CLOCK_BYTES ((size_t)1 << 20)    /* allocations that read the clock */

/* Registry key of the stock math.randomseed (policies reseed with it). */
#define CX_LUA_RANDOMSEED_KEY "cxsim.randomseed"

/* An edit buffer apply() writes into (Lua-owned: a userdata in the
 * registry, so an error part-way leaks nothing). */
typedef struct cx_lua_edits {
    cx_edit *edits;
    size_t n, cap;
    size_t n_set;               /* the first n_set come from `set` */
    int ref;                    /* registry ref of the userdata holding edits */
} cx_lua_edits;

typedef struct cx_lua_loader {
    const char *path;           /* the scenario file, as the caller gave it */
    char short_src[LUA_IDSIZE]; /* how Lua abbreviates path in messages */
    cx_scenario_opts opts;      /* the caller's, or the defaults */
    cx_model *model;            /* under construction; cx_scenario_load owns it */
    cx_status status;           /* code of the last error a constructor raised */
    int have_scenario;          /* scenario { } was called ... */
    int scenario_line;          /* ... at this line */
    int pending_ref;            /* registry ref: curried calls awaiting { } */
    int env_ref;                /* registry ref: the scenario's environment */
    int chunks_ref;             /* registry ref: short_src -> path of loaded files */
    int records_ref;            /* registry ref: interventions and variants, in order */
    int names_ref;              /* registry ref: "intervention x" -> line */
    int closed;                 /* the chunk has returned: no more building */
    int silent;                 /* print does nothing (a policy's rebuilds) */
    /* apply(): the model copy it reads and writes, and what it wrote */
    cx_model *scratch;          /* freed by the loader */
    unsigned apply_serial;      /* which apply() proxies belong to */
    int in_apply;
    const char *apply_what;     /* `intervention "x"`, for messages */
    cx_lua_edits edits;
    /* every file read besides the scenario (modules, CSV), path and bytes */
    cx_sha256 inputs;
    size_t n_inputs;
    /* budgets */
    size_t mem_used, mem_cap;
    int mem_refused;            /* the allocator said no at least once */
    unsigned long steps, step_budget;
    int out_of_steps;           /* sticky: every later hook raises again */
    double deadline;            /* CLOCK_MONOTONIC seconds; 0: none */
    lua_State *L;               /* the state, for the allocator to arm the hook */
    _Atomic int out_of_time;    /* sticky, as out_of_steps; set by the watchdog too */
    struct cx_lua_watchdog *watchdog;   /* thread enforcing the deadline; NULL: none yet */
    long stop_line;             /* where the hook last saw the script ... */
    char stop_src[256];         /* ... (file), for budget messages */
} cx_lua_loader;

/* ---- loader.c ------------------------------------------------------------ */

/* Sets ld up to build into m (may be NULL for a state that is rebuilt for a
 * policy: a scratch model is then the caller's business). opts NULL: the
 * defaults. */
void cx_lua_loader_init(cx_lua_loader *ld, const char *path,
                        const cx_scenario_opts *opts, cx_model *m);

/* Runs the scenario text buf[0..len) in a new state allocating through ld:
 * the chunk, then the intervention and variant records. On success, if
 * keep is non-NULL, *keep is the live state (the caller closes it), else
 * the state is closed. On failure the state is closed and err filled. */
cx_status cx_lua_build(cx_lua_loader *ld, const char *buf, size_t len,
                       lua_State **keep, cx_error *err);

/* Fills err from the error on top of L's stack (rc: lua_pcall's result),
 * giving the full path back where Lua abbreviated it. what (may be NULL)
 * is inserted after the position: "PATH:LINE: on_period: ...". */
cx_status cx_lua_report(cx_lua_loader *ld, lua_State *L, int rc, const char *what,
                        cx_error *err);


/* Adds a file the scenario read (path, and its len bytes) to the digest
 * of its inputs. */
void cx_lua_loader_input(cx_lua_loader *ld, const char *path, const void *buf, size_t len);

/* ---- sandbox.c ---------------------------------------------------------- */

/* lua_Alloc counting the bytes of ud (a cx_lua_loader) against mem_cap. */
void *cx_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* The loader a state was made for (the allocator's userdata). */
cx_lua_loader *cx_lua_loader_of(lua_State *L);

/* Resets the instruction and time budgets and installs the count hook
 * (nothing in unsafe mode). Called before each run of script code. */
void cx_lua_sandbox_hook(lua_State *L);

/* Stops the watchdog and closes ld->L (if any), setting it to NULL. Every
 * state a loader made is closed through here. */
void cx_lua_sandbox_close(cx_lua_loader *ld);

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
 * mode), drops the unsafe functions, registers the constructors and
 * `require`, and pushes a fresh environment table for the scenario chunk,
 * in which reading an unknown global is an error. */
void cx_lua_sandbox_open(lua_State *L);

/* Message handler of the protected load: turns the error object into a
 * string that starts with the script position ("path:line: "). */
int cx_lua_msgh(lua_State *L);

/* Length of the "FILE:" prefix msg starts with if FILE is a file loaded
 * in this state (its short_src) followed by ':', else 0; *path receives the
 * file's full path. */
size_t cx_lua_chunk_prefix(lua_State *L, const char *msg, const char **path);

/* Records that the chunk named "@path" was loaded (for messages). */
void cx_lua_chunk_add(lua_State *L, const char *path);

/* ---- safelib.c ----------------------------------------------------------- */

/* Replaces the library functions that could run long in C, out of reach
 * of the count hook, or escape the sandbox, in the globals on top. */
void cx_lua_safelib_open(lua_State *L);

/* ---- require.c ----------------------------------------------------------- */

/* Registers `require` into the globals on top of the stack; it loads
 * modules into the environment of registry ref ld->env_ref. */
void cx_lua_open_require(lua_State *L);

/* The directory of path ("." when it has none) into out. */
void cx_lua_dir_of(const char *path, char *out, size_t size);

/* Whether the real path of file (symbolic links resolved) lies inside the
 * real path of dir; 0 when either does not exist. */
int cx_lua_inside(const char *dir, const char *file);

/* ---- table.c ------------------------------------------------------------ */

/* A string-valued key stored in a fixed char array (channel, name). */
typedef struct cx_lua_strfield {
    const char *key;
    char *dst;
    size_t size;
} cx_lua_strfield;

/* Where the keys of one constructor's table go. */
typedef struct cx_lua_target {
    const char *what;               /* `touchpoint "checkout"`, for messages */
    const cx_param_spec *specs;
    size_t n_specs;
    void *object;                   /* the struct the specs' offsets refer to */
    const cx_lua_strfield *strs;
    size_t n_strs;
    const char *const *own;         /* keys the constructor reads itself */
    size_t n_own;                   /* ("next"): accepted, never read here */
} cx_lua_target;

/* Reads the table at idx into t->object: every key must be known, every
 * value of the right type and range, else raises a Lua error naming file,
 * line, t->what and key. Keys the table does not set keep their value. */
void cx_lua_read_table(lua_State *L, int idx, const cx_lua_target *t);

/* One entry of a table of name = number (next, frequency). */
typedef struct cx_lua_entry {
    char name[CX_NAME_MAX];
    double value;
} cx_lua_entry;

/* Number of entries of the table at idx (array and hash parts). */
size_t cx_lua_count(lua_State *L, int idx);

/* Reads the table at idx, named key in messages ("next"), whose keys are
 * names and values numbers, into out[0..), sorted by name, so that neither
 * the result nor the first error reported depends on the table's hash
 * order. Raises (naming what and key) for more than max entries, a key that
 * is not a string (hint shows the form: "name = probability"), a name of
 * CX_NAME_MAX bytes or more, a value that is not a number. Returns the
 * number of entries. */
size_t cx_lua_read_entries(lua_State *L, int idx, const char *what, const char *key,
                           const char *hint, cx_lua_entry *out, size_t max);

/* Copies the string at idx, a name given as the value of key, into dst
 * (CX_NAME_MAX bytes); raises if it is too long or holds a NUL byte. */
void cx_lua_copy_name(lua_State *L, int idx, const char *what, const char *key,
                      char *dst);

/* Raises "PATH:LINE: what: message" (no "what: " if what is NULL) with the
 * position of the script code that called the running C function. */
int cx_lua_error(lua_State *L, const char *what, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Raises "PATH:LINE: what: message" for a line recorded earlier, in the
 * scenario's own file (LINE 0: "PATH: what: message"). */
int cx_lua_error_at(lua_State *L, int line, const char *what, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Raises e's message (which already names its position, as the model's
 * messages do) and records e's code for cx_scenario_load. */
int cx_lua_error_status(lua_State *L, const cx_error *e);

/* Pushes "short_src:line: " of the innermost script frame, or "". */
void cx_lua_where(lua_State *L);

/* Line of the innermost frame of the scenario file itself (the call that
 * led into a module, for code in a module), else of the innermost script
 * frame; 0 if none. Constructors record it, and later checks name it with
 * the scenario's path. */
int cx_lua_line(lua_State *L);

/* Checks that argument idx is a usable name: a string of 1 to size-1 bytes
 * without '.', '*' or NUL (the dotted --set paths reserve '.' and '*').
 * Copies it into dst. family names the constructor in messages. */
void cx_lua_check_name(lua_State *L, int idx, const char *family,
                       char *dst, size_t size);

/* ---- curried constructors (loader.c) ------------------------------------ */

/* What `segment "x"` remembers until its table arrives. */
typedef struct cx_lua_token {
    const char *family;         /* "segment", "journey", "touchpoint", "parameter" */
    char name[256];             /* a name, or a parameter's path (cx_param_range.path) */
    int line;
    int done;
} cx_lua_token;

/* Pushes a closure of body whose upvalue is a token for family and name,
 * and records the token as pending: `segment "x"` without its table would
 * otherwise vanish without a word. */
void cx_lua_curry(lua_State *L, const char *family, const char *name,
                  lua_CFunction body);

/* In a curried body: marks its token done and returns its name. */
const char *cx_lua_curried_name(lua_State *L);

/* The token of the value at idx if it is a curried closure, else NULL. */
const cx_lua_token *cx_lua_token_of(lua_State *L, int idx);

/* Raises for the earliest curried call still awaiting its table. */
void cx_lua_pending_check(lua_State *L);

/* The model under construction; raises once the load is over (a
 * constructor kept in a closure and called later has nothing to build). */
cx_model *cx_lua_model(lua_State *L);

/* ---- constructor families ------------------------------------------------ */

/* Metatable name of touchpoint values (touchpoint.c makes them, journey.c
 * collects them). */
#define CX_LUA_TOUCHPOINT_TYPE "cxsim.touchpoint"

/* Each registers its constructors into the table on top of the stack. */
void cx_lua_open_scenario(lua_State *L);   /* scenario.c */
void cx_lua_open_segment(lua_State *L);    /* segment.c */
void cx_lua_open_touchpoint(lua_State *L); /* touchpoint.c */
void cx_lua_open_journey(lua_State *L);    /* journey.c */
void cx_lua_open_intervention(lua_State *L); /* intervention.c: and variant */
void cx_lua_open_parameter(lua_State *L);  /* parameter.c */

/* intervention.c: once the chunk has returned, runs the intervention
 * records in declaration order (their set paths and apply functions
 * against the baseline), adds them to the model, then the variants. */
void cx_lua_records_finish(lua_State *L);

/* intervention.c: reads the table at t, of "path" = number, into a pushed
 * userdata of cx_edit[n] (paths in full --set form, wildcards first, then
 * by path: the order they apply in) and returns n. Raises, naming what,
 * for a key that is not a string (form: how to write the table), a value
 * that is not a number, a path given twice. */
size_t cx_lua_read_edits(lua_State *L, int t, const char *what, const char *form);

/* overrides.c: registers set { ... }, the scenario's own overrides. */
void cx_lua_open_overrides(lua_State *L);

/* overrides.c: once interventions and variants are finished, applies the
 * set blocks to the model, in call order, as --set would. */
void cx_lua_overrides_finish(lua_State *L);

/* ---- path.c: dotted parameter paths over a model -------------------------- */

typedef enum cx_lua_path_kind {
    CX_LUA_PATH_VALUE,          /* a parameter: *value holds it */
    CX_LUA_PATH_GROUP,          /* a prefix of parameters ("journey.purchase") */
    CX_LUA_PATH_UNKNOWN         /* neither: why holds the reason */
} cx_lua_path_kind;

/* What path ("journey.purchase.checkout.friction", "segment.premium",
 * "scenario.wom.nu", "journey.j.frequency.premium") names in m. */
cx_lua_path_kind cx_lua_path_resolve(const cx_model *m, const char *path,
                                     double *value, char *why, size_t why_size);

/* The full --set form of an intervention's set key: "J.TP.KEY" becomes
 * "journey.J.TP.KEY"; keys starting with journey., segment. or scenario.
 * are kept. Returns 0 if it does not fit in size bytes. */
int cx_lua_path_normalise(const char *key, char *out, size_t size);

/* apply(m): pushes the model proxy for the current apply session, whose
 * reads come from ld->scratch and whose writes go to it and to ld->edits. */
void cx_lua_proxy_push(lua_State *L);

/* Registers the proxy's metatable. */
void cx_lua_open_proxy(lua_State *L);

#endif
