#!/bin/sh
# JMH microbenchmarks of the agent's hot in-process pieces, against the jars the distribution ships
# (agent-node/target/berth/lib: build it with mvn -pl agent-node -am -DskipTests package).
#
#   benchmarks/jmh/run.sh                      # brief: 1 fork, 2 warm-up and 3 measured 1 s iterations
#   benchmarks/jmh/run.sh -f 3 -wi 5 -i 10     # any JMH options; a trailing regexp picks benchmarks, e.g. StateStore
#
# The state-store benchmark writes under -Dberth.jmh.dir (default /var/tmp, a real disk: its fsync is the cost).
set -eu
cd "$(dirname "$0")/../.."
dist=agent-node/target/berth/lib
[ -d "$dist" ] || { echo "no distribution at $dist: mvn -pl agent-node -am -DskipTests package" >&2; exit 1; }
out=benchmarks/jmh/target
mvn -q -o compile -pl agent-node,benchmarks/jmh
mvn -q -o dependency:build-classpath -pl benchmarks/jmh -Dmdep.outputFile="$PWD/$out/classpath.txt" -Dmdep.includeScope=runtime
# JMH itself from Maven; everything berth from the distribution, so the figures are for what ships.
jmh_cp=$(tr ':' '\n' < "$out/classpath.txt" | grep -E '/(jmh-core|jopt-simple|commons-math3)-' | paste -sd: -)
[ $# -gt 0 ] || set -- -f 1 -wi 2 -w 1s -i 3 -r 1s
exec java -Dberth.jmh.dir="${BERTH_JMH_DIR:-/var/tmp}" -Dlog4j2.level=warn -cp "$out/classes:$jmh_cp:$dist/*" org.openjdk.jmh.Main "$@"
