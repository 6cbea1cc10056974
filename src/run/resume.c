/* resume.c - what continuing an interrupted run checks (run.h): the key
 * the interrupted run wrote into its checkpoint, and the checkpoint. */
#include "cxsim/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/checkpoint.h"
#include "cxsim/sha256.h"

/* (The thread count is not in the key: results do not depend on it.) */
cx_status cx_run_resume_key(const char *command, const char *scenario_path,
                            const char *inputs_sha256, uint32_t seed, size_t reps,
                            const char *const *overrides, size_t n_overrides, char *key,
                            size_t size, cx_error *err)
{
    char hash[65];
    cx_status st = cx_sha256_file(scenario_path, hash, err);
    if (st != CX_OK)
        return st;
    size_t n = (size_t)snprintf(key, size, "command %s\nscenario_sha256 %s\n"
                                "inputs_sha256 %s\nseed %u\nreps %zu\n", command, hash,
                                inputs_sha256 && *inputs_sha256 ? inputs_sha256 : "none",
                                (unsigned)seed, reps);
    for (size_t i = 0; i < n_overrides && n < size; i++)
        n += (size_t)snprintf(key + n, size - n, "set %s\n", overrides[i]);
    if (n >= size)
        return cx_error_set(err, CX_ERR_USAGE, "too many --set to resume a run");
    return CX_OK;
}

/* The first line where two keys differ, for the refusal's message. */
static void first_difference(const char *a, const char *b, char *out, size_t size)
{
    while (*a && *b) {
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
        if (la != lb || memcmp(a, b, la) != 0) {
            snprintf(out, size, "'%.*s' there, '%.*s' here", (int)(la > 200 ? 200 : la), a,
                     (int)(lb > 200 ? 200 : lb), b);
            return;
        }
        a += la + (ea != NULL);
        b += lb + (eb != NULL);
    }
    snprintf(out, size, "%s", *a ? "more --set there" : "more --set here");
}

cx_status cx_run_resume_load(const char *dir, const char *key, size_t n_variants,
                             cx_batch_result **done, cx_error *err)
{
    char path[4200], *there = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, CX_CHECKPOINT_FILE);
    *done = NULL;
    cx_status st = cx_checkpoint_read(path, done, &there, err);
    if (st == CX_ERR_IO)
        return cx_error_set(err, CX_ERR_USAGE, "--resume %s: no interrupted run there (%s "
                            "is missing: the run was complete, or never started)", dir,
                            CX_CHECKPOINT_FILE);
    if (st != CX_OK)
        return st;
    if (strcmp(there, key) != 0) {
        char why[512];
        first_difference(there, key, why, sizeof why);
        st = cx_error_set(err, CX_ERR_USAGE, "--resume %s: that run was made by another "
                          "command, scenario or flags (%s); resume it with the same ones",
                          dir, why);
    } else if ((*done)->n_variants != n_variants) {
        st = cx_error_set(err, CX_ERR_INPUT, "--resume %s: the checkpoint has %zu variants, "
                          "the scenario %zu", dir, (*done)->n_variants, n_variants);
    }
    free(there);
    if (st != CX_OK) {
        cx_batch_result_free(*done);
        *done = NULL;
    }
    return st;
}
