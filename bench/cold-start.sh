#!/usr/bin/env bash
# Cold start of the one-command run: time from `bin/herald up` until /health answers 200,
# resident memory after an idle period, and the time a SIGTERM takes to stop everything.
# Builds first (not timed). Runs N times on fresh data directories and prints each run and the median.
#
# usage: bench/cold-start.sh [runs=5] [idle-seconds=30]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
idle="${2:-30}"
sip_port="${SIP_PORT:-25070}"
admin_port="${ADMIN_PORT:-28070}"

"$root/bin/herald" --help >/dev/null   # builds when needed

starts=(); rsss=(); stops=()
for run in $(seq 1 "$runs"); do
  data="$(mktemp -d)"
  begin=$(date +%s%N)
  "$root/bin/herald" up --data-dir "$data" --sip-port "$sip_port" --admin-port "$admin_port" >"$data/out.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$admin_port/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "herald exited; see $data/out.log" >&2; exit 1; }
    sleep 0.05
  done
  up_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
  sleep "$idle"
  rss_mb=$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
  begin=$(date +%s%N)
  kill -TERM "$pid"
  wait "$pid" || true
  stop_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
  echo "run $run: healthy after ${up_ms} ms, RSS after ${idle} s idle ${rss_mb} MiB, SIGTERM to exit ${stop_ms} ms"
  starts+=("$up_ms"); rsss+=("$rss_mb"); stops+=("$stop_ms")
  rm -rf "$data"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median of $runs: healthy after $(median "${starts[@]}") ms, idle RSS $(median "${rsss[@]}") MiB, stop $(median "${stops[@]}") ms"
