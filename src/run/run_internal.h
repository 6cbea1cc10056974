/* run_internal.h (private) - what the files of the run layer share. */
#ifndef CX_RUN_INTERNAL_H
#define CX_RUN_INTERNAL_H

/* Monotonic seconds: the wall time of a run, for run.json. */
double cx_run_now(void);

#endif
