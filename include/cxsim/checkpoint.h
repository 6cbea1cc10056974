/* cxsim/checkpoint.h - what an interrupted batch keeps, so that it can be
 * resumed to the bytes an uninterrupted run gives.
 *
 * Provides: cx_checkpoint_write, which stores a (stopped) batch result's
 * replications exactly (binary doubles) with a key describing the run
 * that made it, and cx_checkpoint_read, which checks the file (format,
 * shape, a SHA-256 of its content) and gives the result and key back.
 * The format is native-endian: a checkpoint is resumed on the kind of
 * machine that wrote it (the header records the byte order and refuses
 * another). Relies on: batch, io (SHA-256).
 */
#ifndef CXSIM_CHECKPOINT_H
#define CXSIM_CHECKPOINT_H

#include <stdint.h>
#include <stdio.h>

#include "cxsim/batch.h"
#include "cxsim/error.h"

/* The largest checkpoint read: 16 GiB, far above any batch that fits in
 * a machine's memory at the populations cxsim runs (a checkpoint holds
 * the replications' results, not the customers). */
#define CX_CHECKPOINT_MAX_BYTES ((uint64_t)16 << 30)

/* The file name inside a results directory. */
#define CX_CHECKPOINT_FILE "checkpoint.bin"

/* Writes b and key (a NUL-terminated description of the run, compared
 * byte for byte on resume) to fp. Returns 0, or -1 if a write failed. */
int cx_checkpoint_write(FILE *fp, const cx_batch_result *b, const char *key);

/* Reads the checkpoint at path: *out is a new result (reps = replications
 * done, reps_requested = the batch's target) and *key a new string, both
 * for the caller to free. CX_ERR_IO when the file cannot be read,
 * CX_ERR_INPUT naming the path when it is not a whole checkpoint (also
 * when it is not a regular file or is over CX_CHECKPOINT_MAX_BYTES). */
cx_status cx_checkpoint_read(const char *path, cx_batch_result **out, char **key,
                             cx_error *err);

#endif
