#!/usr/bin/env bash
# Runs every cluster test RUNS times in a row (default 30) and stops at the first failing run (with --keep-going,
# runs them all and counts the failures):
#   scheduler-bridge: dev.berth.bridge.etcd.*Test (in-process bridges, TLS, auth, multi-process) on a real etcd;
#   agent-node:       dev.berth.node.cluster.*Test, MixedClusterTest among them (three real agents, runc, the HCS stub).
# Needs root, etcd, runc, conmon, busybox-static and gcc (scripts/deps.sh installs them). Offline Maven, nothing installed
# into ~/.m2. Each run's surefire reports are kept under target/cluster-loop/run-N/; the summary is the last line.
#   scripts/cluster-loop.sh [--keep-going] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
keep_going=false
if [ "${1:-}" = "--keep-going" ]; then
    keep_going=true
    shift
fi
runs=${1:-30}
failed=()
case "$runs" in
    ''|*[!0-9]*) echo "cluster-loop: RUNS must be a positive number, not '$runs'" >&2; exit 2 ;;
esac
tests='dev/berth/bridge/etcd/*Test.java,dev/berth/node/cluster/*Test.java'
out=target/cluster-loop
mkdir -p "$out"

for run in $(seq 1 "$runs"); do
    started=$(date +%s)
    rm -rf scheduler-bridge/target/surefire-reports agent-node/target/surefire-reports
    status=0
    mvn -B -ntp -o -q -pl scheduler-bridge,agent-node -am test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
        > "$out/run-$run.log" 2>&1 || status=$?
    mkdir -p "$out/run-$run"
    for module in scheduler-bridge agent-node; do
        if [ -d "$module/target/surefire-reports" ]; then
            cp -r "$module/target/surefire-reports" "$out/run-$run/$module"
        fi
    done
    counts=$(cat "$out"/run-"$run"/*/*.txt 2>/dev/null | grep -h '^Tests run' | awk -F'[:,]' '{t+=$2; f+=$4+$6; s+=$8} END {print t" tests, "f" failed, "s" skipped"}')
    if [ $status -eq 0 ] && { grep -q '^0 tests' <<< "$counts" || ! grep -q ' 0 skipped' <<< "$counts"; }; then
        echo "cluster-loop: no test ran or one was skipped: not a pass (missing etcd, runc, busybox or root?)" >&2
        status=1
    fi
    echo "cluster-loop: run $run of $runs: $([ $status -eq 0 ] && echo passed || echo FAILED) ($counts, $(( $(date +%s) - started ))s)"
    if [ $status -ne 0 ]; then
        grep -h -A3 '<<< FAIL\|<<< ERROR' "$out/run-$run.log" | head -40 >&2 || true
        if ! $keep_going; then
            echo "cluster-loop: $((run - 1)) run(s) passed in a row, run $run failed; reports in $out/run-$run, log $out/run-$run.log" >&2
            exit 1
        fi
        failed+=("$run")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "cluster-loop: ${#failed[@]} of $runs run(s) failed: ${failed[*]}; reports in $out/run-N" >&2
    exit 1
fi
echo "cluster-loop: all $runs run(s) passed in a row"
