#!/usr/bin/env bash
# Scripted fault tests of the local cluster (compose/cluster.sh): a bounded load runs through the
# SIP front (bench/loadgen.sh faults) while one process is killed with SIGKILL, or the whole
# cluster is stopped and started again. Each test prints the load tool's report: requests sent,
# answered, lost, the longest gap in service, NOTIFY CSeq order, lost subscriptions and
# publications. Reports go to $HERALD_CLUSTER_DIR/faults/.
#
#   compose/faults.sh processor|edge|broker|notifier|restart|none [NAME]
#
# NAME is the process to kill (default processor-1, broker-1, notifier-1, and the edge the load goes
# through: the kernel gives the load tool's one socket to one edge). The cluster
# must be up. Load: FAULT_PRESENTITIES (20) presentities with FAULT_WATCHERS (2) watchers each,
# FAULT_RATE (10) PUBLISH/s for FAULT_DURATION (90) s; the kill comes FAULT_AT (30) s into the
# load, and a killed process is started again FAULT_BACK (30) s later. The load's subscribers stand
# behind a NAT: they name FAULT_CONTACT_HOST (127.0.0.2) in Via and Contact, so their NOTIFYs ride
# their flows through the edges (docs/flows.md) and an edge kill kills their flows too; set it to
# 127.0.0.1 for subscribers reachable at their Contact, whose NOTIFYs any notifier sends.
set -euo pipefail

# shellcheck source=compose/load-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/load-common.sh"
presentities="${FAULT_PRESENTITIES:-20}"
watchers="${FAULT_WATCHERS:-2}"
rate="${FAULT_RATE:-10}"
duration="${FAULT_DURATION:-90}"
at="${FAULT_AT:-30}"
back="${FAULT_BACK:-30}"
contact_host="${FAULT_CONTACT_HOST:-127.0.0.2}"

fault="${1:-}"
case "$fault" in
  processor | broker | notifier) victim="${2:-$fault-1}" ;;
  edge) victim="${2:-busiest}" ;;
  restart | none) victim="" ;;
  *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

out="$HERALD_CLUSTER_DIR/faults"
mkdir -p "$out"
stamp="$(date +%Y%m%d-%H%M%S)"
report="$out/$fault-$stamp.json"
timeline="$out/$fault-$stamp.csv"
log="$out/$fault-$stamp.log"

require_cluster_up

# The edge whose decisions grow fastest: the one the load goes through.
busiest_edge() {
  local before1 before2 after1 after2
  decisions() { curl -sf "http://127.0.0.1:$1/metrics" | awk '/^herald_edge_decision_latency_seconds_count/ {print $2}'; }
  before1=$(decisions 18081); before2=$(decisions 18082)
  sleep 2
  after1=$(decisions 18081); after2=$(decisions 18082)
  if awk -v a="$after1" -v b="$before1" -v c="$after2" -v d="$before2" 'BEGIN { exit !((a - b) >= (c - d)) }'; then
    echo edge-1
  else
    echo edge-2
  fi
}

load() {
  "$root/bench/loadgen.sh" faults --target "$sip" --presentities "$presentities" --watchers "$watchers" \
    --rate "$rate" --duration "$duration" --contact-host "$contact_host" --local 127.0.0.1:0 \
    --timeline "$timeline" --json "$@" > "$report" 2> "$log"
}

echo "$fault: load of $rate PUBLISH/s on $presentities presentities x $watchers watchers for ${duration}s through $sip"
case "$fault" in
  none)
    load ;;
  restart)
    state="$out/restart-$stamp.dialogs"
    load --keep --state "$state"
    echo "phase 1 done; stopping and starting the whole cluster"
    t0=$(date +%s.%N)
    "$cluster" down > /dev/null
    t1=$(date +%s.%N)
    "$cluster" up | tail -1
    t2=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "stopped in %.1f s, up again (every process healthy) in %.1f s: %.1f s without service\n", b - a, c - b, c - a }' 
    report="$out/restart-$stamp-after.json"
    "$root/bench/loadgen.sh" faults --target "$sip" --rate "$rate" --duration "$duration" --resume "$state" \
      --local 127.0.0.1:0 --timeline "$out/restart-$stamp-after.csv" --json > "$report" 2>> "$log" ;;
  *)
    load &
    loader=$!
    sleep "$at"
    [ "$victim" = busiest ] && victim=$(busiest_edge)
    "$cluster" kill "$victim"
    sleep "$back"
    "$cluster" start "$victim"
    wait "$loader" ;;
esac
echo "report: $report"
cat "$report"
