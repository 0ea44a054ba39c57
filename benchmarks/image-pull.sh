#!/bin/sh
# Pulls a 5-layer, ~57 MiB image from a loopback docker-registry with berth's ImageService (download, verify and
# unpack) and with `skopeo copy` into an OCI layout (download and write), three times each in the same run, and
# prints the median times and their ratio. Needs docker-registry and skopeo (scripts/deps.sh installs them).
set -eu
cd "$(dirname "$0")/.."
mvn -q -o install -pl agent-image -am -DskipTests
exec mvn -q -o -pl agent-image exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.berth.image.bench.PullBenchmark
