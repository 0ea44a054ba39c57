#!/bin/sh
# Re-route latency of the scheduler bridge: from a node's RouteToPeer signal until the assignment is handed to a
# peer, over ROUNDS re-routes (default 100) on a loopback etcd (/usr/bin/etcd). Prints median and p99.
#   benchmarks/bridge-reroute.sh [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
mvn -q -o install -pl scheduler-bridge -am -DskipTests
mvn -q -o -pl scheduler-bridge dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="scheduler-bridge/target/test-classes:scheduler-bridge/target/classes:$(cat scheduler-bridge/target/bench.classpath)"
exec java -Xmx256m -Dbridge.log.level=warn -cp "$CP" dev.berth.bridge.benchmark.RerouteBenchmark "${1:-100}"
