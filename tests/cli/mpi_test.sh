#!/bin/sh
# tests/cli/mpi_test.sh - cxsim built with MPI (configure --with-mpi) under
# mpirun: 2 and 3 ranks on this machine write the same files as one
# process, print the summary once, and fail as one process fails.
# Skipped (exit 77, "SKIP: REASON" then "0 passed, 0 failed", the reason shown
# on the console by tests/skip-driver) when cxsim was built without MPI
# or mpirun is missing. Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"

skip() {
    echo "SKIP: $1"
    echo "0 passed, 0 failed"
    exit 77
}
"$CXSIM" --version | grep -q '(MPI)' || skip "cxsim was built without MPI (configure --with-mpi)"
command -v mpirun >/dev/null 2>&1 || skip "mpirun not found (Debian package: openmpi-bin)"

# Open MPI refuses root unless told; more ranks than cores need
# oversubscribe; containers may lack the kernel's single-copy support.
MPIRUN="mpirun --oversubscribe"
[ "$(id -u)" -eq 0 ] && MPIRUN="$MPIRUN --allow-run-as-root"
export OMPI_MCA_btl_vader_single_copy_mechanism=none
mpi() {
    np=$1
    shift
    timeout 300 $MPIRUN -np "$np" "$@"
}

REF="$SRC/scenarios/reference.lua"
CMP="$SRC/tests/data/compare/quick.lua"
SMALL="--reps 5 --seed 11 --quiet --set scenario.population=3000 --set scenario.horizon=4"
FILES="summary.csv replications.csv periods.csv touchpoints.csv"

# run.json records the wall time, the command line and the start time;
# everything else in it must agree
same_run_json() {
    sed -e '/"wall_seconds"/d; /"started"/d; /^  "command_line": \[/,/^  \],$/d' "$1/run.json" >"$TMP/a.json"
    sed -e '/"wall_seconds"/d; /"started"/d; /^  "command_line": \[/,/^  \],$/d' "$2/run.json" >"$TMP/b.json"
    cmp -s "$TMP/a.json" "$TMP/b.json"
}

expect_status "run, one process" 0 "$CXSIM" run "$REF" $SMALL --threads 1 --out "$TMP/one"
cp "$TMP/out" "$TMP/one.stdout"
# every results file but run.json (the wall time), whatever the version writes
ALL=$(ls "$TMP/one" | grep -v '^run.json$' | tr '\n' ' ')
for np in 2 3; do
    expect_status "run, $np ranks" 0 mpi "$np" "$CXSIM" run "$REF" $SMALL --threads 1 --out "$TMP/np$np"
    for f in $ALL; do
        check "run, $np ranks: $f as one process's" "cmp -s '$TMP/one/$f' '$TMP/np$np/$f'"
    done
    check "run, $np ranks: run.json as one process's but the wall time" "same_run_json '$TMP/one' '$TMP/np$np'"
    check "run, $np ranks: the summary printed once" \
        "[ \$(grep -c '^nps ' '$TMP/out') -eq \$(grep -c '^nps ' '$TMP/one.stdout') ]"
    check "run, $np ranks: nothing written but the results" \
        "[ \"\$(ls -A '$TMP/np$np')\" = \"\$(ls -A '$TMP/one')\" ]"
done

expect_status "compare, one process" 0 "$CXSIM" compare "$CMP" --reps 4 --quiet --out "$TMP/c1"
expect_status "compare, 2 ranks" 0 mpi 2 "$CXSIM" compare "$CMP" --reps 4 --quiet --out "$TMP/c2"
for f in summary.csv replications.csv compare.csv; do
    check "compare, 2 ranks: $f as one process's" "cmp -s '$TMP/c1/$f' '$TMP/c2/$f'"
done

# an analysis verb: its batches are split the same way
SW="--param journey.purchase.checkout.friction=0.04:0.16:3 --reps 3 --quiet
    --set scenario.population=2000 --set scenario.horizon=3"
expect_status "sweep, one process" 0 "$CXSIM" sweep "$REF" $SW --out "$TMP/sw1"
expect_status "sweep, 2 ranks" 0 mpi 2 "$CXSIM" sweep "$REF" $SW --out "$TMP/sw2"
check "sweep, 2 ranks: sweep.csv as one process's" "cmp -s '$TMP/sw1/sweep.csv' '$TMP/sw2/sweep.csv'"

# interrupted on one rank (each rank stops itself after 4 of its
# replications): the kept replications are those complete in every
# variant over all ranks, and --resume finishes them to the same bytes
Q="$SRC/tests/data/compare/quick.lua"
expect_status "quick, one process" 0 "$CXSIM" run "$Q" --reps 10 --quiet --out "$TMP/q1"
expect_status "interrupted on 2 ranks" 1 mpi 2 env CXSIM_TEST_INTERRUPT_AFTER=4 \
    "$CXSIM" run "$Q" --reps 10 --quiet --out "$TMP/q2"
check "interrupted on 2 ranks: run.json marked incomplete" \
    "grep -q '\"complete\": false' '$TMP/q2/run.json'"
expect_status "resumed on 2 ranks" 0 mpi 2 "$CXSIM" run "$Q" --reps 10 --quiet --resume "$TMP/q2"
for f in $FILES; do
    check "resumed on 2 ranks: $f as one uninterrupted process's" "cmp -s '$TMP/q1/$f' '$TMP/q2/$f'"
done

# --uncertainty: each draw's batch is split as a plain run's is, so the
# draws' files are one process's; interrupted on 2 ranks and resumed too
U="$SRC/tests/data/uncertainty/closed.lua"
expect_status "uncertainty, one process" 0 "$CXSIM" compare "$U" --uncertainty 12 --threads 1 \
    --quiet --out "$TMP/u1"
for np in 2 3; do
    expect_status "uncertainty, $np ranks" 0 mpi "$np" "$CXSIM" compare "$U" --uncertainty 12 \
        --threads 1 --quiet --out "$TMP/u$np"
    for f in uncertainty.csv decision.csv voi.csv draws.csv; do
        check "uncertainty, $np ranks: $f as one process's" "cmp -s '$TMP/u1/$f' '$TMP/u$np/$f'"
    done
done
expect_status "uncertainty interrupted on 2 ranks" 1 mpi 2 env CXSIM_TEST_INTERRUPT_AFTER=10 \
    "$CXSIM" compare "$U" --uncertainty 12 --threads 1 --quiet --out "$TMP/ui"
expect_status "uncertainty resumed on 2 ranks" 0 mpi 2 "$CXSIM" compare "$U" --uncertainty 12 \
    --threads 1 --quiet --resume "$TMP/ui"
for f in uncertainty.csv decision.csv voi.csv draws.csv; do
    check "uncertainty resumed on 2 ranks: $f as one process's" "cmp -s '$TMP/u1/$f' '$TMP/ui/$f'"
done

# more ranks than replications: some ranks have nothing to run
MIN="$SRC/tests/data/scenarios/minimal.lua"
expect_status "1 replication, one process" 0 "$CXSIM" run "$MIN" --reps 1 --quiet --out "$TMP/m1"
expect_status "1 replication, 3 ranks" 0 mpi 3 "$CXSIM" run "$MIN" --reps 1 --quiet --out "$TMP/m3"
check "1 replication, 3 ranks: replications.csv as one process's" \
    "cmp -s '$TMP/m1/replications.csv' '$TMP/m3/replications.csv'"

# failures: the status of one process, the message once
expect_status "a usage error under mpirun" 2 mpi 2 "$CXSIM" run "$REF" --reps 0
check "the usage error printed once" "[ \$(grep -c '^cxsim:' '$TMP/err') -eq 1 ]"
expect_status "memory refused under mpirun" 1 mpi 2 env CXSIM_MEMORY_LIMIT=20M \
    "$CXSIM" run "$REF" --reps 2 --quiet --set scenario.population=2000000 --out "$TMP/big"
check "memory refused: the message once" "[ \$(grep -c 'not enough memory' '$TMP/err') -eq 1 ]"
check "memory refused: nothing written" "[ ! -e '$TMP/big' ]"

testlib_finish
