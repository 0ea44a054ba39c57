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

echo "== bounded fuzzing (Jazzer: each target fuzzes for its @FuzzTest maxDuration; a finding fails the run)"
fuzz_targets=(
    "agent-core dev.berth.core.fuzz.SpecParserFuzzTest#parseDeployment"
    "agent-image dev.berth.image.fuzz.ManifestParserFuzzTest"
    "agent-image dev.berth.image.fuzz.LayerUnpackerFuzzTest"
    "system-tests dev.berth.systemtests.fuzz.ApiRequestFuzzTest#runRequest"
    "system-tests dev.berth.systemtests.fuzz.ApiRequestFuzzTest#deployDocument"
    "system-tests dev.berth.systemtests.fuzz.ApiHttpFuzzTest#request"
    "system-tests dev.berth.systemtests.fuzz.ApiHttpFuzzTest#streamedOutput"
)
for target in "${fuzz_targets[@]}"; do
    module=${target%% *}
    test=${target#* }
    echo "-- fuzzing ${test}"
    fuzz_log=$(mktemp)
    fuzz_status=0
    JAZZER_FUZZ=1 mvn "${mvn_flags[@]}" -q -pl "$module" surefire:test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
        >"$fuzz_log" 2>&1 || fuzz_status=$?
    grep -E "^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs|== Java Exception|Tests run:|\[ERROR\])" "$fuzz_log" || true
    rm -f "$fuzz_log"
    [ "$fuzz_status" -eq 0 ] || { echo "fuzzing ${test} found a problem (see above)" >&2; exit 1; }
done

echo "== mutation testing (agent-core, PIT; the build fails below the threshold in pom.xml)"
pit_log=$(mktemp)
status=0
mvn "${mvn_flags[@]}" -pl agent-core org.pitest:pitest-maven:mutationCoverage >"$pit_log" 2>&1 || status=$?
grep -E "^>> |BUILD|ERROR" "$pit_log" || true
score=$(grep -E "^>> Generated [0-9]+ mutations Killed" "$pit_log" || true)
threshold=$(sed -n 's:.*<pit.mutationThreshold>\(.*\)</pit.mutationThreshold>.*:\1:p' pom.xml)
echo "PIT agent-core mutation score: ${score#>> } (threshold ${threshold}%)"
rm -f "$pit_log"
exit "$status"
