#!/usr/bin/env bash
# A 500-participant conference where one participant joins, then leaves, over and over: NOTIFY size
# and PUBLISH-to-NOTIFY latency with partial NOTIFYs off and on. Starts a fresh Herald for each
# setting, runs `loadgen.sh conference` ROUNDS times against it (the first round is JIT warm-up),
# and prints every round and the median of the rounds after the first.
#
# usage: bench/conference.sh [rounds=4] [participants=500] [watchers=10]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-4}"
participants="${2:-500}"
watchers="${3:-10}"
sip_port="${SIP_PORT:-25072}"
admin_port="${ADMIN_PORT:-28072}"

"$root/bin/herald" --help >/dev/null   # builds when needed

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for partial in false true; do
  data="$(mktemp -d)"
  # A 500-user roster is about 55 KB: the largest body the edge takes (UDP-sized SIP messages).
  "$root/bin/herald" up --data-dir "$data" --sip-port "$sip_port" --admin-port "$admin_port" \
    --max-body-bytes 57343 --conference-partial-state "$partial" >"$data/out.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$admin_port/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "herald exited; see $data/out.log" >&2; exit 1; }
    sleep 0.2
  done
  p50s=(); p99s=(); sizes=()
  for round in $(seq 1 "$rounds"); do
    line="$("$root/bench/loadgen.sh" conference --target "127.0.0.1:$sip_port" --domain ex.com \
      --participants "$participants" --watchers "$watchers" --changes 200 --warmup 50 | tail -1)"
    echo "partial=$partial round $round: $line"
    if [ "$round" -gt 1 ]; then
      p50s+=("$(sed -E 's/.*p50 ([0-9.]+) ms p90.*/\1/' <<<"$line")")
      p99s+=("$(sed -E 's/.*p99 ([0-9.]+) ms max.*/\1/' <<<"$line")")
      sizes+=("$(sed -E 's/.*per change: NOTIFY ([0-9]+) bytes.*/\1/' <<<"$line")")
    fi
  done
  echo "partial=$partial median of rounds 2..$rounds: NOTIFY $(median "${sizes[@]}") bytes," \
    "PUBLISH-to-NOTIFY p50 $(median "${p50s[@]}") ms, p99 $(median "${p99s[@]}") ms," \
    "RSS $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )) MiB"
  kill -TERM "$pid"
  wait "$pid" || true
  rm -rf "$data"
done
