#!/usr/bin/env bash
# Offers a SIPp scenario at rising rates and prints, per step, the calls that succeeded and
# failed, the failed share and the response time (p50 / p99, ms) of the first response.
#   bench/sipp-steps.sh SCENARIO HOST:PORT SECONDS RATE [RATE ...]
#   bench/sipp-steps.sh bench/sipp/publish.xml 127.0.0.1:5060 30 500 1000 2000
# The highest rate with at most 0.1 % failed calls is the sustained rate. Needs sipp.
set -euo pipefail

if [ $# -lt 4 ]; then
  sed -n '2,6p' "$0" >&2
  exit 2
fi
scenario="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
target="$2"
seconds="$3"
shift 3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
local_port="${SIPP_LOCAL_PORT:-16000}"
# SIPp's own socket buffers (64 KiB by default) overflow when answers come in bursts, and every answer
# the kernel drops there is retransmitted and timed as slow: the load generator must not be the bottleneck.
buff_size="${SIPP_BUFF_SIZE:-4194304}"

printf '%8s %9s %9s %8s %8s %8s\n' rate ok failed failed% p50_ms p99_ms
for rate in "$@"; do
  (cd "$work" && rm -f ./*_rtt.csv && timeout $((seconds + 60)) sipp -sf "$scenario" "$target" \
      -i 127.0.0.1 -p "$local_port" -buff_size "$buff_size" -m $((rate * seconds)) -r "$rate" -trace_rtt -rtt_freq 1 \
      -timeout $((seconds + 40))s -timeout_error >"$work/out.txt" 2>&1) || true
  ok=$(grep "Successful call" "$work/out.txt" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
  failed=$(grep "Failed call" "$work/out.txt" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
  python3 - "$rate" "${ok:-0}" "${failed:-0}" "$work" <<'PY'
import glob, sys
rate, ok, failed, work = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
times = sorted(float(line.split(';')[1]) for f in glob.glob(work + '/*_rtt.csv')
               for line in open(f) if line[:1].isdigit())
def q(p):
    return '%.0f' % times[min(len(times) - 1, int(len(times) * p))] if times else '-'
total = ok + failed
print('%8s %9d %9d %8.2f %8s %8s' % (rate, ok, failed, 100.0 * failed / total if total else 0, q(0.5), q(0.99)))
PY
  sleep 3
done
