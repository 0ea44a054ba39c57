#!/usr/bin/env bash
# berth soak (issue 12, issue 20 item 12): cycles containers through the real agent for MINUTES (default 30) and
# judges growth of the agent's live heap (after full GCs), RSS, open file descriptors and threads, plus host leftovers
# (runc containers, conmon processes, mounts under the data dir). The target is no growth. Not part of CI: it takes
# the full duration.
#
#   benchmarks/soak.sh [MINUTES=30] [BATCH=10] [SAMPLE_SECONDS=60]
#
# Each cycle runs BATCH detached containers through the API, execs into one, reads its logs, stops them all and
# removes them. First WARMUP containers (default 300) are cycled unsampled: they fill what is bounded on purpose (the
# last 1000 events, the latency histograms, the JIT's code). Then one sample is taken, and one every SAMPLE_SECONDS.
# A sample forces full GCs (jcmd) and records the live heap they leave, RSS, fds and threads.
# At the end it prints the samples and the growth over the run, and exits 1 when:
#   - the live heap grew by more than HEAP_TOLERANCE_KIB (default 1024) from the smallest of the first three samples
#     to the smallest of the last three: after full GCs, what is live does not breathe, so growth is a leak (the
#     smallest of three drops what one sample catches not yet released: the first after the warm-up read up to
#     0.8 MiB above the rest); a leak of 1 KiB per container passes 1 MiB after about 1000 containers;
#   - RSS grew by more than RSS_TOLERANCE_KIB (default 16384) from the first sample to the last: RSS may breathe and
#     grows while the JIT fills its code cache (bounded by -XX:ReservedCodeCacheSize), so its bound is looser;
#   - fds or threads grew by more than 8, or any container, conmon or mount was left behind.
#
# Needs root, runc, conmon, busybox-static, curl, jcmd (from the JDK that runs the agent), and the distribution:
# mvn -pl agent-node -am -DskipTests package. Uses its own data dir and socket under /tmp, so it runs beside any other
# agent; it removes what it made.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
batch=${2:-10}
sample_every=${3:-60}
warmup=${WARMUP:-300}
heap_tolerance=${HEAP_TOLERANCE_KIB:-1024}
rss_tolerance=${RSS_TOLERANCE_KIB:-16384}
dist=agent-node/target/berth
berth=$dist/bin/berth
[ -x "$berth" ] || { echo "no distribution at $dist: mvn -pl agent-node -am -DskipTests package" >&2; exit 1; }
source benchmarks/agent-demo-image.sh

work=$(mktemp -d /tmp/bsoak.XXXXXX)
data=$work/d
sock=$work/api.sock
pid=
api() { curl -sS --max-time 120 --unix-socket "$sock" "$@"; }
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        for id in $(api http://b/v1/containers 2>/dev/null | grep -o '"id" *: *"[^"]*"' | cut -d'"' -f4); do
            api -X DELETE "http://b/v1/containers/$id?force=true" >/dev/null 2>&1 || true
        done
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf --one-file-system "$work" 2>/dev/null || true
}
trap cleanup EXIT

"$berth" agent --data-dir "$data" --socket "$sock" \
    --set runtime.youki.binary=/usr/sbin/runc --set runtime.youki.flavor=runc \
    --set runtime.youki.cgroup-parent=/berth-soak >"$work/agent.log" 2>&1 &
pid=$!
until api http://b/v1/ping >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$work/agent.log" >&2; exit 1; }
    sleep 0.1
done
make_busybox_layout "$work/layout"
"$berth" load --socket "$sock" "$work/layout" soak/busybox:latest >/dev/null

# jcmd of the JDK that runs the agent (an attach needs the same version).
jcmd=$(dirname "$(readlink -f "/proc/$pid/exe")")/jcmd
[ -x "$jcmd" ] || { echo "no jcmd next to the agent's java ($jcmd): install the full JDK" >&2; exit 1; }
# The live heap in KiB: what a full GC leaves. One full GC keeps what waits for its finalizer or cleaner (hundreds of
# KiB of noise here), so: GC, run the finalizers, then the class histogram, which forces a second full GC and sums.
live_heap_kib() {
    "$jcmd" "$pid" GC.run >/dev/null
    "$jcmd" "$pid" GC.run_finalization >/dev/null
    "$jcmd" "$pid" GC.class_histogram | awk '/^Total/ {print int($3 / 1024)}'
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
threads() { awk '/^Threads/ {print $2}' "/proc/$pid/status"; }
fds() { ls "/proc/$pid/fd" | wc -l; }
runc_left() { /usr/sbin/runc --root "$data/runtime" list -q 2>/dev/null | wc -l; }
conmon_left() { pgrep -f "conmon.*$data" | wc -l || true; }
mounts_left() { grep -c " $data/" /proc/self/mountinfo || true; }

cycles=0
cycle() {
    local i ids=()
    for i in $(seq 1 "$batch"); do
        ids+=("$(api -X POST -H 'Content-Type: application/json' http://b/v1/containers \
            -d "{\"name\":\"soak-$cycles-$i\",\"image\":\"soak/busybox:latest\",\"command\":[\"sh\",\"-c\",\"trap 'exit 0' TERM; echo up; while true; do sleep 1; done\"],\"rm\":false}" \
            | grep -o '"id" *: *"[^"]*"' | head -1 | cut -d'"' -f4)")
    done
    "$berth" exec --socket "$sock" "${ids[0]}" true >/dev/null
    "$berth" logs --socket "$sock" "${ids[0]}" >/dev/null
    for id in "${ids[@]}"; do
        api -X POST "http://b/v1/containers/$id/stop?grace=5s" >/dev/null
        api -X DELETE "http://b/v1/containers/$id?force=false" >/dev/null
    done
    cycles=$((cycles + 1))
}

while [ $((cycles * batch)) -lt "$warmup" ] || [ "$cycles" -lt 2 ]; do cycle; done
printf '%8s %10s %14s %10s %6s %8s\n' seconds containers 'live heap(KiB)' 'RSS(KiB)' fds threads | tee "$work/samples"
start=$(date +%s)
end=$((start + minutes * 60))
next=$start
while :; do
    now=$(date +%s)
    if [ "$now" -ge "$next" ]; then
        # The heap first: the first attach starts the JVM's attach listener thread, which then stays.
        live=$(live_heap_kib)
        printf '%8d %10d %14d %10d %6d %8d\n' $((now - start)) $((cycles * batch)) "$live" "$(rss_kib)" "$(fds)" \
            "$(threads)" | tee -a "$work/samples"
        next=$((next + sample_every))
    fi
    [ "$now" -ge "$end" ] && break
    cycle
done

read -r _ n0 _ rss0 fd0 th0 < <(sed -n 2p "$work/samples")
read -r _ n1 _ rss1 fd1 th1 < <(tail -n 1 "$work/samples")
heap0=$(tail -n +2 "$work/samples" | head -n 3 | awk '{print $3}' | sort -n | head -n 1)
heap1=$(tail -n +2 "$work/samples" | tail -n 3 | awk '{print $3}' | sort -n | head -n 1)
left_runc=$(runc_left); left_conmon=$(conmon_left); left_mounts=$(mounts_left)
echo
echo "cycles: $cycles ($((cycles * batch)) containers, $((n1 - n0)) between the first and last sample) in $minutes min after $warmup warm-up"
echo "live heap after full GCs, smallest of three samples: $heap0 KiB at the start, $heap1 KiB at the end"
echo "growth start->end: live heap $((heap1 - heap0)) KiB (tolerance $heap_tolerance), RSS $((rss1 - rss0)) KiB (tolerance $rss_tolerance), fds $((fd1 - fd0)), threads $((th1 - th0))"
echo "left behind: runc containers $left_runc, conmon processes $left_conmon, mounts under the data dir $left_mounts"
status=0
[ $((heap1 - heap0)) -le "$heap_tolerance" ] || { echo "FAIL: live heap grew" >&2; status=1; }
[ $((rss1 - rss0)) -le "$rss_tolerance" ] || { echo "FAIL: RSS grew" >&2; status=1; }
[ $((fd1 - fd0)) -le 8 ] || { echo "FAIL: file descriptors grew" >&2; status=1; }
[ $((th1 - th0)) -le 8 ] || { echo "FAIL: threads grew" >&2; status=1; }
[ "$left_runc" -eq 0 ] && [ "$left_conmon" -eq 0 ] && [ "$left_mounts" -eq 0 ] || { echo "FAIL: leftovers" >&2; status=1; }
exit $status
