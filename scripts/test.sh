#!/usr/bin/env bash
# Installs what the tests need (Debian 12, as root) and runs every test, then PIT mutation testing on agent-core.
# With CI=true, tests that need root, a runtime, a registry or etcd fail instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh

if [ "$(id -u)" -eq 0 ]; then
    berth_install "${berth_runtime_packages[@]}" "${berth_build_packages[@]}" "${berth_test_packages[@]}"
elif [ "${CI:-}" = "true" ]; then
    echo "berth: CI=true needs root to install and run real containers" >&2
    exit 1
fi

mvn_flags=(-B -ntp)
echo "== build and test (all modules)"
mvn "${mvn_flags[@]}" install

echo "== mutation testing (agent-core, PIT)"
mvn "${mvn_flags[@]}" -pl agent-core org.pitest:pitest-maven:mutationCoverage
report=agent-core/target/pit-reports/mutations.xml
if [ -f "$report" ]; then
    total=$(grep -c '<mutation ' "$report" || true)
    killed=$(grep -c "status='KILLED'\|status=\"KILLED\"\|status='TIMED_OUT'\|status=\"TIMED_OUT\"" "$report" || true)
    echo "PIT agent-core: ${killed}/${total} mutations killed ($(( total > 0 ? killed * 100 / total : 0 ))%), threshold $(sed -n 's:.*<pit.mutationThreshold>\(.*\)</pit.mutationThreshold>.*:\1:p' pom.xml)%"
fi
