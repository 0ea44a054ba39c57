#!/usr/bin/env bash
# berth against containerd (ctr), podman and, on request, docker: every case of issues 11 and 21 side by side (the
# agent's start on JDK 17 and on JDK 25 with their class caches, against containerd's own start), one table of
# medians, p90s, ratios and targets met/missed.
#
#   benchmarks/run-all.sh                 # modest: 7 runs per engine, 2 bursts, about 5 min on 2 cores
#   benchmarks/run-all.sh --full          # the issue's figures: 20 runs per engine, 3 bursts
#   benchmarks/run-all.sh --runs N --cases api,cli,burst,footprint,recovery --with-docker --no-install
#
# As root on Debian 12. Installs the peers it lacks with apt-get (containerd, podman; docker.io only with
# --with-docker, because dockerd rewrites the host's iptables FORWARD policy, which breaks other container networking
# on a shared machine). It runs its own containerd (own root, state and socket under the work dir, stopped at the end),
# podman with its own --root/--runroot, and a berth agent on its own data dir and socket, so it disturbs nothing else.
# Needs the distribution (mvn -pl agent-node -am -DskipTests package), runc, conmon, skopeo, busybox-static, python3.
# A peer that cannot be installed or run prints "unavailable: <reason>" and the rest goes on.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

runs=7 bursts=2 cases=api,cli,burst,footprint,recovery with_docker=0 install=1
while [ $# -gt 0 ]; do
    case $1 in
        --full) runs=20 bursts=3 ;;
        --runs) runs=$2; shift ;;
        --cases) cases=$2; shift ;;
        --with-docker) with_docker=1 ;;
        --no-install) install=0 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

berth=$root/agent-node/target/berth/bin/berth
[ -x "$berth" ] || { echo "no distribution: mvn -pl agent-node -am -DskipTests package" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
source "$root/benchmarks/agent-demo-image.sh"

work=$(mktemp -d /var/tmp/berth-peers.XXXXXX)
declare -A unavailable=()
containerd_pid= dockerd_pid=
cleanup() {
    set +e
    if [ -n "$containerd_pid" ]; then
        ctr_cmd=(ctr --address "$work/containerd/containerd.sock" -n bench)
        for t in $("${ctr_cmd[@]}" task ls -q 2>/dev/null); do "${ctr_cmd[@]}" task kill -s SIGKILL "$t"; done
        sleep 1
        for t in $("${ctr_cmd[@]}" task ls -q 2>/dev/null); do "${ctr_cmd[@]}" task rm -f "$t"; done
        for c in $("${ctr_cmd[@]}" container ls -q 2>/dev/null); do "${ctr_cmd[@]}" container rm "$c"; done
        kill -TERM "$containerd_pid"; wait "$containerd_pid" 2>/dev/null
        umount -R "$work/containerd/root" 2>/dev/null
    fi
    if [ -n "$dockerd_pid" ]; then kill -TERM "$dockerd_pid"; wait "$dockerd_pid" 2>/dev/null; fi
    if command -v podman >/dev/null && [ -d "$work/podman" ]; then
        podman --root "$work/podman/root" --runroot "$work/podman/run" rm -af >/dev/null 2>&1
        podman --root "$work/podman/root" --runroot "$work/podman/run" system reset -f >/dev/null 2>&1
        umount -R "$work/podman/root" 2>/dev/null
    fi
    for id in $(/usr/sbin/runc --root "$work/raw-runc-root" list -q 2>/dev/null); do /usr/sbin/runc --root "$work/raw-runc-root" delete -f "$id"; done
    # the agent unmounts its network namespace dir with its last namespace; an interrupted run may leave it mounted
    umount -R "$work/berth-data/network/netns" 2>/dev/null
    [ -n "${BENCH_KEEP:-}" ] || rm -rf --one-file-system "$work" 2>/dev/null
}
trap cleanup EXIT

apt_updated=0
install_peer() { # package binary; on failure sets install_failure to why, in apt's own words
    install_failure=
    command -v "$2" >/dev/null && return 0
    if [ "$install" != 1 ]; then install_failure="$1 is not installed and --no-install was given"; return 1; fi
    # A fresh machine has empty package lists: apt-cache then finds no candidate for anything, so update first.
    if [ "$apt_updated" = 0 ]; then
        apt-get update >"$work/apt-update.log" 2>&1 || true
        apt_updated=1
    fi
    if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" >"$work/apt-$1.log" 2>&1; then
        command -v "$2" >/dev/null && return 0
        install_failure="apt-get installed $1 but $2 is not on PATH"
        return 1
    fi
    install_failure="apt-get install $1 failed: $(grep -v '^\s*$' "$work/apt-$1.log" | tail -n 1)"
    return 1
}

echo "machine: $(nproc) cpus, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)," \
    "cgroup $( [ -f /sys/fs/cgroup/cgroup.controllers ] && echo v2 || { [ -d /sys/fs/cgroup/unified ] && echo 'v1 hybrid' || echo v1; })," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"

# The one image: busybox as an OCI layout (for berth), a docker archive of it (for ctr, podman, docker), and its
# unpacked rootfs (for the raw conmon -> runc bundle).
make_busybox_layout "$work/layout" >/dev/null
skopeo copy --quiet "oci:$work/layout:latest" "docker-archive:$work/busybox.tar:bench/busybox:latest"
mkdir -p "$work/rootfs"
for layer in $(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]+"/index.json"))["manifests"][0]["digest"].split(":")[1]; print(" ".join(l["digest"].split(":")[1] for l in json.load(open(sys.argv[1]+"/blobs/sha256/"+m))["layers"]))' "$work/layout"); do
    tar -xzf "$work/layout/blobs/sha256/$layer" -C "$work/rootfs"
done

ctr_cmd= podman_cmd= docker_cmd= containerd_rss=0
if install_peer containerd containerd; then
    mkdir -p "$work/containerd"
    printf 'version = 2\nroot = "%s"\nstate = "%s"\n[grpc]\n  address = "%s"\n' \
        "$work/containerd/root" "$work/containerd/state" "$work/containerd/containerd.sock" > "$work/containerd/config.toml"
    containerd --config "$work/containerd/config.toml" --log-level warn >"$work/containerd/log" 2>&1 &
    containerd_pid=$!
    for _ in $(seq 1 200); do [ -S "$work/containerd/containerd.sock" ] && break; sleep 0.05; done
    ctr_cmd="ctr --address $work/containerd/containerd.sock -n bench"
    if $ctr_cmd images import "$work/busybox.tar" >"$work/ctr-import.log" 2>&1 \
        && $ctr_cmd run --rm docker.io/bench/busybox:latest probe true >>"$work/ctr-import.log" 2>&1; then
        sleep 3
        containerd_rss=$(awk '/^VmRSS/ {print $2}' "/proc/$containerd_pid/status")
    else
        unavailable[ctr]="containerd does not run the image here: $(tail -n 2 "$work/ctr-import.log" | tr '\n' ' ')"
        ctr_cmd=
    fi
else
    unavailable[ctr]=$install_failure
fi
if install_peer podman podman; then
    # runc as for every other engine (crun 1.8 refuses this hybrid cgroup layout), and rlimits this host allows (podman's
    # default RLIMIT_NOFILE/NPROC are above the hard limits here, so its container init fails with EPERM).
    podman_cmd="podman --root $work/podman/root --runroot $work/podman/run --cgroup-manager cgroupfs --events-backend none --runtime /usr/sbin/runc"
    podman_run_opts="--ulimit nofile=$(ulimit -Hn):$(ulimit -Hn) --ulimit nproc=4096:4096"
    if ! { $podman_cmd load -i "$work/busybox.tar" && $podman_cmd run --rm --network none $podman_run_opts bench/busybox:latest true; } >"$work/podman-load.log" 2>&1; then
        unavailable[podman]="podman does not run the image here: $(tail -n 2 "$work/podman-load.log" | tr '\n' ' ')"
        podman_cmd=
    fi
else
    unavailable[podman]=$install_failure
fi
if [ "$with_docker" = 1 ]; then
    if install_peer docker.io dockerd; then
        mkdir -p "$work/docker"
        dockerd --data-root "$work/docker/root" --exec-root "$work/docker/exec" -H "unix://$work/docker/docker.sock" \
            --pidfile "$work/docker/pid" >"$work/docker/log" 2>&1 &
        dockerd_pid=$!
        for _ in $(seq 1 200); do [ -S "$work/docker/docker.sock" ] && break; sleep 0.05; done
        docker_cmd="/usr/bin/docker -H unix://$work/docker/docker.sock"
        if ! { $docker_cmd load -i "$work/busybox.tar" && $docker_cmd run --rm --network none bench/busybox:latest true; } >"$work/docker-load.log" 2>&1; then
            unavailable[docker]="dockerd does not run the image here: $(tail -n 2 "$work/docker-load.log" | tr '\n' ' ')"
            docker_cmd=
        fi
    else
        unavailable[docker]=$install_failure
    fi
else
    unavailable[docker]="not run by default (dockerd rewrites iptables FORWARD on a shared host); pass --with-docker"
fi

unavailable_json=$(for k in "${!unavailable[@]}"; do printf '%s\0%s\0' "$k" "${unavailable[$k]}"; done \
    | python3 -c 'import sys,json; p=sys.stdin.read().split("\0")[:-1]; print(json.dumps(dict(zip(p[::2], p[1::2]))))')
for k in "${!unavailable[@]}"; do echo "unavailable: $k: ${unavailable[$k]}"; done

BENCH_WORK=$work BENCH_BERTH=$berth BENCH_LAYOUT=$work/layout BENCH_RUNS=$runs BENCH_BURSTS=$bursts BENCH_CASES=$cases \
BENCH_CTR=$ctr_cmd BENCH_PODMAN=$podman_cmd BENCH_PODMAN_RUN_OPTS=${podman_run_opts:-} BENCH_DOCKER=$docker_cmd BENCH_CONTAINERD_RSS=$containerd_rss \
BENCH_UNAVAILABLE=$unavailable_json \
    python3 "$root/benchmarks/peers/bench.py"
