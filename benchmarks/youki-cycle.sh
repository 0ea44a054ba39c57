#!/bin/sh
# Median create+start+wait+delete of a `true` container through the youki backend (runc flavor, conmon),
# beside raw `runc run` of the same bundle in the same invocation, and their ratio.
# Needs root, runc, conmon and /bin/busybox, and agent-core/agent-image installed in the local repository
# (mvn -o install -pl runtime-youki -am -DskipTests).  Usage: benchmarks/youki-cycle.sh [runs, default 20]
set -eu
cd "$(dirname "$0")/.."
BUILD=${YOUKI_BENCH_BUILD:-/tmp/youki-bench-target}
mvn -q -o test-compile -pl runtime-youki -Dyouki.buildDirectory="$BUILD"
mvn -q -o dependency:build-classpath -pl runtime-youki -Dmdep.outputFile="$BUILD/classpath.txt" -Dmdep.includeScope=test
exec java -cp "$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/classpath.txt")" \
    dev.berth.youki.benchmark.YoukiCycleBenchmark "${1:-20}"
