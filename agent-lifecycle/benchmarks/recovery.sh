#!/bin/sh
# Agent restart with N running containers (runc under conmon): recovery time, adopted count, and whether any
# container was restarted (PID changed). Needs root, runc, conmon and /bin/busybox, and the modules installed in
# the local repository (mvn -o install -pl agent-lifecycle -am -DskipTests).
# Usage: agent-lifecycle/benchmarks/recovery.sh [N, default 100]
set -eu
cd "$(dirname "$0")/../.."
BUILD=${LIFECYCLE_BENCH_BUILD:-/work/main/agent-lifecycle/target}
mvn -q -o test-compile -pl agent-lifecycle
mvn -q -o dependency:build-classpath -pl agent-lifecycle -Dmdep.outputFile="$BUILD/classpath.txt" -Dmdep.includeScope=test
exec java -cp "$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/classpath.txt")" \
    dev.berth.lifecycle.benchmark.RecoveryBenchmark "${1:-100}"
