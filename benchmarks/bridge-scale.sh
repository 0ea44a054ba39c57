#!/bin/sh
# The scheduler bridge at scale, simulated: N bridges with testing agents in one JVM on one loopback etcd
# (/usr/bin/etcd), a steady stream of submits, removals, node deaths and returns; one table row per size.
#   benchmarks/bridge-scale.sh [NODES,...] [SECONDS]      (default: 10,100,500 and 60 s per size)
#   SCALE_OPTS="-Dscale.lease-ttl-seconds=3 -Dscale.threads=true" benchmarks/bridge-scale.sh 100 30   (CPU by thread kind on stderr)
set -eu
cd "$(dirname "$0")/.."
mvn -q -o install -pl scheduler-bridge -am -DskipTests
mvn -q -o -pl scheduler-bridge dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="scheduler-bridge/target/test-classes:scheduler-bridge/target/classes:$(cat scheduler-bridge/target/bench.classpath)"
exec java -Xmx6g -Xss512k -Dbridge.log.level=error ${SCALE_OPTS:-} -cp "$CP" dev.berth.bridge.etcd.ScaleSimulation "${1:-10,100,500}" "${2:-60}"
