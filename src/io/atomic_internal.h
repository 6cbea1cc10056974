/* atomic_internal.h - what atomic.c, journal.c and dir_lock.c share: the
 * names of cxsim's temporary files, tree removal and the move journal
 * (docs/reliability.md, "Whole directories"), all in journal.c, which
 * uses neither of the others. Not installed.
 */
#ifndef CXSIM_IO_ATOMIC_INTERNAL_H
#define CXSIM_IO_ATOMIC_INTERNAL_H

#include <stddef.h>

#include "cxsim/error.h"
#include "cxsim/io.h"

/* The journal's name in the directory it finishes. Hidden, so that
 * listings of a results directory show cxsim's files only. */
#define CX_IO_JOURNAL ".cxsim-journal"

/* A name cx_atomic_open or cx_io_stage_open made: "X.tmp." then six
 * letters or digits, optionally ".old" (a kept old file). */
int cx_io_is_temp_name(const char *name);

/* rm -r path; symbolic links are removed, never followed. */
void cx_io_remove_tree(const char *path);

/* The directory holding path ("." for a bare name). */
void cx_io_parent_of(const char *path, char dir[CX_IO_PATH_MAX]);

/* fsyncs the directory holding path (best effort). */
void cx_io_sync_parent(const char *path);

/* One change of a move group: from (a temporary file) renamed to to, or
 * with from NULL, to removed. old: to's previous file kept under this
 * name (a hard link) until the group is done, "" when to did not exist,
 * NULL when it could not be kept. */
typedef struct cx_io_move {
    const char *from, *to, *old;
} cx_io_move;

/* Writes dir's journal of the n moves (paths under dir) durably: from
 * then on a killed process's group is finished by the next
 * cx_io_journal_recover. CX_ERR_IO naming the journal; *written 0 (and
 * CX_OK) when a path is not under dir or cannot be journaled, as it would
 * not be by a library user's group in two directories. */
cx_status cx_io_journal_write(const char *dir, const cx_io_move *m, size_t n, int *written,
                              cx_error *err);

/* Removes dir's journal (the group is done or undone). */
void cx_io_journal_remove(const char *dir);

/* With dir locked: finishes the group a killed writer's journal lists
 * (every rename and removal done), or, when that fails, puts every file
 * back as it was; then removes the journal and the kept old files.
 * CX_OK when there is none. *done (may be NULL): 1 finished, -1 undone,
 * 0 nothing to do. CX_ERR_IO naming the directory when neither works or
 * the journal is not cxsim's. */
cx_status cx_io_journal_recover(const char *dir, int *done, cx_error *err);

/* The test hook CXSIM_TEST_KILL_AT=N (docs/reliability.md): the Nth step
 * of this process's move groups (counted from 1 over every group) sends
 * the process SIGKILL, as a crash or kill -9 at that instant would. */
void cx_io_journal_step(void);

#endif
