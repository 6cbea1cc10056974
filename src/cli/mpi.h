/* mpi.h (private) - MPI around the command (mpi.c). */
#ifndef CX_CLI_MPI_H
#define CX_CLI_MPI_H

/* MPI (mpi.c): starts MPI when a launcher (mpirun, srun) started this
 * process and returns this process's rank, 0 without MPI, -1 when MPI
 * failed to start. cx_cli_mpi_end finishes MPI after a successful run and
 * returns status. */
int cx_cli_mpi_begin(int *argc, char ***argv);
int cx_cli_mpi_end(int status);

#endif
