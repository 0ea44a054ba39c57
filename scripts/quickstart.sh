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

say "building (mvn package, tests skipped)"
mvn -q -B -ntp -DskipTests install
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
pidfile=/run/berth/quickstart.pid
agent_ready() { "$berth" --version >/dev/null 2>&1 && "$berth" node --json >/dev/null 2>&1; }

start_agent() {
    mkdir -p /run/berth
    # setsid: the agent outlives this script and its terminal.
    setsid "$berth" agent >>"$log" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    for _ in $(seq 1 300); do
        if agent_ready; then return 0; fi
        if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
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
elif [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "a previous agent (PID $(cat "$pidfile")) does not answer: stopping it and starting afresh"
    kill -TERM "$(cat "$pidfile")" || true
    for _ in $(seq 1 100); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
    start_agent
else
    start_agent
fi
echo "agent PID $(pgrep -f 'dev.berth.node.Main agent' | head -n1), log $log"

say "making a busybox demo image (OCI layout)"
image_dir=$(mktemp -d /tmp/berth-demo.XXXXXX)
trap 'rm -rf "$image_dir"' EXIT
make_busybox_layout() {
    local out=$1 rootfs layer_tar config_json manifest_json
    rootfs=$(mktemp -d)
    mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev,root}
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\n' > "$rootfs/etc/passwd"
    printf 'root:x:0:\n' > "$rootfs/etc/group"
    mkdir -p "$out/blobs/sha256"
    layer_tar="$out/layer.tar"
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$layer_tar" .
    rm -rf "$rootfs"
    local diff_id layer_digest layer_size
    diff_id=$(sha256sum "$layer_tar" | cut -d' ' -f1)
    gzip -n -9 "$layer_tar"
    layer_digest=$(sha256sum "$layer_tar.gz" | cut -d' ' -f1)
    layer_size=$(stat -c %s "$layer_tar.gz")
    mv "$layer_tar.gz" "$out/blobs/sha256/$layer_digest"
    local arch
    case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
    config_json=$(printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$arch" "$diff_id")
    local config_digest config_size
    config_digest=$(printf '%s' "$config_json" | sha256sum | cut -d' ' -f1)
    config_size=$(printf '%s' "$config_json" | wc -c)
    printf '%s' "$config_json" > "$out/blobs/sha256/$config_digest"
    manifest_json=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
        "$config_digest" "$config_size" "$layer_digest" "$layer_size")
    local manifest_digest manifest_size
    manifest_digest=$(printf '%s' "$manifest_json" | sha256sum | cut -d' ' -f1)
    manifest_size=$(printf '%s' "$manifest_json" | wc -c)
    printf '%s' "$manifest_json" > "$out/blobs/sha256/$manifest_digest"
    printf '{"imageLayoutVersion":"1.0.0"}' > "$out/oci-layout"
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' \
        "$manifest_digest" "$manifest_size" > "$out/index.json"
}
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
  kill -TERM \$(cat $pidfile)
Remove the demo container:
  berth rm -f quickstart-sleeper
EOF
