#!/usr/bin/env bash
# Memory with many subscriptions held, and what one more request costs on a crowded resource.
#   bench/memory.sh [presentities=10000] [watchers=10]
# 1. A fresh `bin/herald up`; its RSS and PSS once /health says 200.
# 2. `loadgen.sh faults --keep`: watchers SUBSCRIBE dialogs on each of presentities presentities
#    and one publication each, held (Expires 3600) while RSS and PSS are read again, at once and
#    after 30 s without requests.
# 3. 1,000 SUBSCRIBEs at 500/s, each to a presentity of its own, then 1,000 to one presentity; then
#    PUBLISHes (one a second for 20 s) to presentities with 1 watcher, then to the one with 1,000
#    (loadgen latency): what a crowd costs a request, its SUBSCRIBE and its PUBLISH round trip (the
#    PUBLISH's NOTIFY commands included).
# Prints one line per figure. Needs the ports 5060 (SIP) and 8088 (admin) free.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
presentities="${1:-10000}"
watchers="${2:-10}"
data="$(mktemp -d)"
"$root/bin/herald-build"
"$root/bench/loadgen.sh" --help >/dev/null 2>&1

if curl -sf http://127.0.0.1:8088/health >/dev/null 2>&1; then
  echo "something answers on 127.0.0.1:8088 already: stop the Herald running there first" >&2
  exit 1
fi
"$root/bin/herald" up --data-dir "$data" >"$data/herald.log" 2>&1 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT
until curl -sf http://127.0.0.1:8088/health >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { echo "herald exited; see $data/herald.log" >&2; exit 1; }
  sleep 0.2
done
jvm=$(pgrep -P "$pid" java || echo "$pid")
memory() {  # LABEL
  echo "$1: RSS $(( $(awk '/VmRSS/ {print $2}' "/proc/$jvm/status") / 1024 )) MiB," \
      "PSS $(( $(awk '/^Pss:/ {print $2}' "/proc/$jvm/smaps_rollup") / 1024 )) MiB," \
      "Java heap $(jcmd "$jvm" GC.heap_info 2>/dev/null | grep -o 'total [0-9]*K, used [0-9]*K' | head -1)"
}
memory "ready"

"$root/bench/loadgen.sh" faults --user-prefix held- --presentities "$presentities" --watchers "$watchers" \
    --rate 20 --duration 10 --subscribe-rate 1500 --setup-timeout 600 --keep --json \
    >"$data/held.json" 2>"$data/held.log"
grep -E '^faults run' "$data/held.log" || tail -3 "$data/held.log"
memory "holding $((presentities * watchers)) subscriptions over $presentities presentities"
sleep 30
memory "holding them, 30 s after the last request"

for crowd in 1 1000; do
  if "$root/bench/loadgen.sh" latency --user-prefix "crowd$crowd-" --presentities $((1000 / crowd)) --watchers "$crowd" \
      --rate 1 --duration 20 --warmup 3 --subscribe-rate 500 >"$data/crowd$crowd.log" 2>&1; then
    echo "SUBSCRIBE and PUBLISH to presentities with $crowd watcher(s): $(grep -E '^latency run' "$data/crowd$crowd.log")"
  else
    echo "SUBSCRIBE and PUBLISH to presentities with $crowd watcher(s): the run failed:" >&2
    tail -5 "$data/crowd$crowd.log" >&2
  fi
done
memory "at the end"
