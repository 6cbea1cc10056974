/* mpi.c - cxsim under mpirun (built with configure --with-mpi).
 *
 * MPI starts only when a launcher started this process (mpirun, mpiexec,
 * srun with PMI or PMIx set the variables below): a plain `cxsim run`
 * pays nothing for MPI, not even a singleton start-up. The batches then
 * split their replications across the ranks (src/core/ranks.c) and every
 * rank gets the whole result; rank 0 alone prints and writes files.
 */
#include "config.h"

#include <stdlib.h>

#include "mpi.h"

#ifdef HAVE_MPI
#include <mpi.h>

static int launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                                       "PMI_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i]))
            return 1;
    return 0;
}

int cx_cli_mpi_begin(int *argc, char ***argv)
{
    int provided, rank = 0;
    if (!launched())
        return 0;
    /* only the thread that called cx_batch_run talks to MPI */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

int cx_cli_mpi_end(int status)
{
    int up = 0;
    /* A failed rank exits without MPI_Finalize: the launcher then ends the
     * job, where finalizing could wait for ranks blocked in a batch. */
    if (status == 0 && MPI_Initialized(&up) == MPI_SUCCESS && up)
        MPI_Finalize();
    return status;
}

#else

int cx_cli_mpi_begin(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int cx_cli_mpi_end(int status)
{
    return status;
}

#endif
