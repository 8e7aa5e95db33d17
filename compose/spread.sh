#!/usr/bin/env bash
# How the SIP front spreads clients over the edges of the local cluster (compose/cluster.sh).
# CLIENTS load tools run side by side, each on its own UDP socket as phones are, each with its own
# presentities and watchers; the edges' decision counters before and after tell which share of the
# requests each edge answered. Each client's report says whether its watchers saw every PUBLISH.
#
#   compose/spread.sh [CLIENTS]
#
# CLIENTS defaults to 8. Per client: SPREAD_PRESENTITIES (5) presentities with SPREAD_WATCHERS (2)
# watchers each, SPREAD_RATE (2) PUBLISH/s for SPREAD_DURATION (40) s. Reports go to
# $HERALD_CLUSTER_DIR/spread/.
set -euo pipefail

# shellcheck source=compose/load-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/load-common.sh"
clients="${1:-8}"
presentities="${SPREAD_PRESENTITIES:-5}"
watchers="${SPREAD_WATCHERS:-2}"
rate="${SPREAD_RATE:-2}"
duration="${SPREAD_DURATION:-40}"
edges=(18081 18082)

case "$clients" in
  '' | *[!0-9]* | 0) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

require_cluster_up

out="$HERALD_CLUSTER_DIR/spread/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"

# Requests an edge has answered with the processor's decision so far.
decisions() {
  curl -sf "http://127.0.0.1:$1/metrics" | awk '/^herald_edge_decision_latency_seconds_count/ {print $2; found=1} END {if (!found) print 0}'
}

before=()
for port in "${edges[@]}"; do before+=("$(decisions "$port")"); done

echo "$clients clients, each $presentities presentities x $watchers watchers at $rate PUBLISH/s for ${duration}s, through $sip"
pids=()
for ((c = 1; c <= clients; c++)); do
  # Small heaps: every client is its own JVM beside the cluster's.
  LOADGEN_JAVA_OPTS="${LOADGEN_JAVA_OPTS:--Xms64m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}" \
    "$root/bench/loadgen.sh" faults --target "$sip" --user-prefix "spread$c-" --presentities "$presentities" \
    --watchers "$watchers" --rate "$rate" --duration "$duration" --json > "$out/client-$c.json" 2> "$out/client-$c.log" &
  pids+=($!)
done
failed=0
for ((c = 1; c <= clients; c++)); do
  wait "${pids[$((c - 1))]}" || failed=$((failed + 1))
  echo "client $c: $(grep -m1 '^requests:' "$out/client-$c.log")"
  echo "          $(grep -m1 '^final check:' "$out/client-$c.log")"
done

total=0
counts=()
for i in "${!edges[@]}"; do
  n=$(awk -v a="$(decisions "${edges[$i]}")" -v b="${before[$i]}" 'BEGIN { printf "%d", a - b }')
  counts+=("$n")
  total=$((total + n))
done
for i in "${!edges[@]}"; do
  awk -v e="edge-$((i + 1))" -v n="${counts[$i]}" -v t="$total" \
    'BEGIN { printf "%s answered %d of %d requests (%.0f%%)\n", e, n, t, t ? 100 * n / t : 0 }'
done
echo "reports: $out"
[ "$failed" -eq 0 ] || { echo "$failed client(s) found a fault; see their reports" >&2; exit 1; }
