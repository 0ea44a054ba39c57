#!/usr/bin/env bash
# berth quickstart, on a fresh Debian 12 machine as root:
#   1. installs the runtime (runc, conmon, ...) and build (JDK 17, Maven) packages;
#   2. builds berth;
#   3. starts the agent in the background on its defaults (/var/lib/berth, /run/berth/berth.sock), on runc;
#   4. makes a small busybox image locally (an OCI layout, no registry needed) and loads it;
#   5. runs a hello container and shows its output;
#   6. shows `berth ps`.
# The agent keeps running afterwards. Run it again: it reuses a healthy agent, or restarts it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/deps.sh

say() { printf '\n== %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
    echo "quickstart: run as root (it installs packages and runs containers)" >&2
    exit 1
fi

say "installing packages"
berth_install "${berth_runtime_packages[@]}" "${berth_build_packages[@]}"

if [ -n "${BERTH_QUICKSTART_SKIP_BUILD:-}" ] && [ -x agent-node/target/berth/bin/berth ]; then
    say "building: skipped (BERTH_QUICKSTART_SKIP_BUILD is set and a build exists)"
else
    say "building (mvn install, tests skipped)"
    mvn -q -B -ntp -DskipTests install
fi
dist="$root/agent-node/target/berth"
berth="$dist/bin/berth"
ln -sf "$berth" /usr/local/bin/berth

config=/etc/berth/config.yaml
if [ ! -f "$config" ]; then
    say "writing $config (runc flavor: Debian packages runc, not youki)"
    mkdir -p /etc/berth
    cat > "$config" <<'EOF'
# Written by scripts/quickstart.sh; see agent-node/src/dist/conf/config.yaml for every key.
runtime:
  youki:
    binary: /usr/sbin/runc
    flavor: runc
EOF
fi

socket=/run/berth/berth.sock
log=/var/log/berth-agent.log
marker=/var/lib/berth/agent.pid
marker_pid() { sed -n 's/.*"pid":\([0-9]*\).*/\1/p' "$marker" 2>/dev/null; }
# Probes run without creating the CLI's AppCDS archive: it is trained on a real command once the agent answers.
agent_ready() { BERTH_NO_CDS=1 "$berth" node --json >/dev/null 2>&1; }

start_agent() {
    mkdir -p /run/berth
    # setsid: the agent outlives this script and its terminal.
    setsid "$berth" agent >>"$log" 2>&1 < /dev/null &
    local launched=$!
    for _ in $(seq 1 300); do
        if agent_ready; then return 0; fi
        if ! kill -0 "$launched" 2>/dev/null; then
            echo "quickstart: the agent exited during start; last lines of $log:" >&2
            tail -n 20 "$log" >&2
            "$berth" doctor || true
            exit 1
        fi
        sleep 0.1
    done
    echo "quickstart: the agent did not answer on $socket within 30s; see $log" >&2
    exit 1
}

say "starting the agent"
if agent_ready; then
    echo "an agent already answers on $socket: reusing it"
elif [ -n "$(marker_pid)" ] && kill -0 "$(marker_pid)" 2>/dev/null && grep -q 'dev.berth.node.Main' "/proc/$(marker_pid)/cmdline" 2>/dev/null; then
    old=$(marker_pid)
    echo "a previous agent (PID $old) does not answer: stopping it (SIGTERM) and starting afresh"
    kill -TERM "$old" || true
    for _ in $(seq 1 300); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
    start_agent
else
    start_agent
fi
echo "agent PID $(marker_pid), log $log"
# The client trains its class cache (AOT on JDK 25, AppCDS on 17) from its first command that talks to the agent.
[ -f "$dist/lib/berth-cli.jsa" ] || [ -f "$dist/lib/berth-cli.aot" ] || "$berth" ps >/dev/null

say "making a busybox demo image (OCI layout)"
image_dir=$(mktemp -d /tmp/berth-demo.XXXXXX)
trap 'rm -rf "$image_dir"' EXIT
source "$root/benchmarks/agent-demo-image.sh"
make_busybox_layout "$image_dir/busybox"

say "berth load"
"$berth" load "$image_dir/busybox" demo/busybox:latest

say "berth run --rm demo/busybox echo ..."
"$berth" run --rm --name quickstart-hello demo/busybox:latest echo "hello from a berth container on $(hostname)"

say "a detached container, and berth ps"
"$berth" rm -f quickstart-sleeper >/dev/null 2>&1 || true
"$berth" run -d --name quickstart-sleeper --memory 64Mi demo/busybox:latest sleep 3600
"$berth" ps

cat <<EOF

berth is running. Try:
  berth node                 # this node: backends, capacity, recovery
  berth logs -f NAME         # a container's output
  berth doctor               # what works on this host and why
The agent's log is $log.
Stop the agent (containers keep running; the next agent adopts them):
  kill -TERM \$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' $marker)
Remove the demo container:
  berth rm -f quickstart-sleeper
EOF
