#!/usr/bin/env bash
# berth agent footprint and start-up benchmark (issue 5/11): start-to-ready time, idle RSS, RSS with N running
# containers, and the CLI's start cost. Compares the launcher's JVM options (SerialGC, C1 only, small heap, AppCDS)
# with a plain `java -cp lib/*` (G1, defaults).
#
#   benchmarks/agent-bench.sh [CONTAINERS=50] [STARTS=5]
#
# Needs root, runc, conmon, busybox-static, curl, and the distribution: mvn -pl agent-node -am -DskipTests package.
# Uses its own data dir and socket under /tmp, so it runs beside any other agent; it removes what it made.
set -euo pipefail
cd "$(dirname "$0")/.."
containers=${1:-50}
starts=${2:-5}
dist=agent-node/target/berth
berth=$dist/bin/berth
[ -x "$berth" ] || { echo "no distribution at $dist: mvn -pl agent-node -am -DskipTests package" >&2; exit 1; }
source benchmarks/agent-demo-image.sh

work=$(mktemp -d /tmp/bb.XXXXXX)
data=$work/d
sock=$work/api.sock
pid=
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        for id in $(api http://b/v1/containers 2>/dev/null | grep -o '"id":"[^"]*"' | cut -d'"' -f4); do
            api -X DELETE "http://b/v1/containers/$id?force=true" >/dev/null 2>&1 || true
        done
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf --one-file-system "$work" 2>/dev/null || true
}
trap cleanup EXIT

api() { curl -sS --unix-socket "$sock" "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2))}'; }

agent_args=(agent --data-dir "$data" --socket "$sock" --set runtime.youki.binary=/usr/sbin/runc --set runtime.youki.flavor=runc)

# start_agent launcher|plain: sets pid, ready_ms (launch until /v1/ping answers), ready_cpu_ms
start_agent() {
    local start
    start=$(now_ms)
    if [ "$1" = launcher ]; then
        "$berth" "${agent_args[@]}" >>"$work/agent.log" 2>&1 &
    else
        java -cp "$dist/lib/*" dev.berth.node.Main "${agent_args[@]}" >>"$work/agent.log" 2>&1 &
    fi
    pid=$!
    until api http://b/v1/ping >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$work/agent.log" >&2; exit 1; }
        sleep 0.005
    done
    ready_ms=$(( $(now_ms) - start ))
    ready_cpu_ms=$(cpu_ms "$pid")
}
stop_agent() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

echo "machine: $(nproc) cpus, $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n1)"
echo "training the agent's AppCDS archive (first start with the launcher)..."
start_agent launcher; stop_agent

declare -A ready cpu idle
for variant in launcher plain; do
    r=(); c=(); i=()
    for _ in $(seq 1 "$starts"); do
        start_agent "$variant"
        r+=("$ready_ms"); c+=("$ready_cpu_ms")
        sleep 2
        i+=("$(rss_kib "$pid")")
        stop_agent
    done
    ready[$variant]=$(printf '%s\n' "${r[@]}" | median)
    cpu[$variant]=$(printf '%s\n' "${c[@]}" | median)
    idle[$variant]=$(printf '%s\n' "${i[@]}" | median)
done

echo "loading the busybox image and starting $containers containers (launcher agent)..."
start_agent launcher
make_busybox_layout "$work/image" >/dev/null
api -X POST http://b/v1/images/load -d "{\"path\":\"$work/image\",\"name\":\"bench/busybox:latest\"}" >/dev/null
api -X POST 'http://b/v1/containers?attach=true' -d '{"name":"warm","image":"bench/busybox:latest","command":["true"],"rm":true}' >/dev/null
sleep 2
idle_loaded=$(rss_kib "$pid")
burst_start=$(now_ms)
seq 1 "$containers" | xargs -P 8 -I{} curl -sS --unix-socket "$sock" -o /dev/null -w '%{http_code}\n' -X POST http://b/v1/containers \
    -d '{"name":"bench-{}","image":"bench/busybox:latest","command":["sleep","3600"]}' > "$work/codes"
burst_ms=$(( $(now_ms) - burst_start ))
running=$(api http://b/v1/containers | grep -o '"state":"running"' | wc -l)
sleep 3
loaded=$(rss_kib "$pid")
conmon_kib=$(ps -o rss= -C conmon | awk '{s += $1; n++} END {print n ? int(s / n) : 0}')

cli=()
for _ in $(seq 1 10); do s=$(now_ms); "$berth" ps --socket "$sock" >/dev/null; cli+=($(( $(now_ms) - s ))); done
cli_ms=$(printf '%s\n' "${cli[@]}" | median)
cli_cpu=$( { /usr/bin/time -f '%U %S' "$berth" ps --socket "$sock" >/dev/null; } 2>&1 | awk '{print int(($1 + $2) * 1000)}')

printf '\n%-52s %12s %12s\n' "measure (median of $starts starts)" "launcher" "plain java"
printf '%-52s %12s %12s\n' "start to ready (ms, wall)" "${ready[launcher]}" "${ready[plain]}"
printf '%-52s %12s %12s\n' "start to ready (ms, agent CPU user+sys)" "${cpu[launcher]}" "${cpu[plain]}"
printf '%-52s %12s %12s\n' "idle RSS (MiB)" "$(( ${idle[launcher]} / 1024 ))" "$(( ${idle[plain]} / 1024 ))"
printf '\n%-52s %12s\n' "idle RSS after a load and one run (MiB)" "$(( idle_loaded / 1024 ))"
printf '%-52s %12s\n' "RSS with $running running containers (MiB)" "$(( loaded / 1024 ))"
printf '%-52s %12s\n' "agent RSS growth per container (KiB)" "$(( (loaded - idle_loaded) / (running > 0 ? running : 1) ))"
printf '%-52s %12s\n' "conmon RSS per container (KiB)" "$conmon_kib"
printf '%-52s %12s\n' "$containers detached runs, 8 at a time (ms)" "$burst_ms"
printf '%-52s %12s\n' "berth ps (ms wall, median of 10)" "$cli_ms"
printf '%-52s %12s\n' "berth ps (ms CPU user+sys)" "$cli_cpu"
echo "HTTP statuses of the runs: $(sort "$work/codes" | uniq -c | tr '\n' ' ')"
