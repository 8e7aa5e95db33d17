#!/usr/bin/env bash
# The multi-node layout on one machine, on loopback only: a 3-broker KRaft cluster (each broker its
# own JVM, replication factor 3, min.insync.replicas 2), the topics, and two processes of each
# role: edges, processors, notifiers and registrant workers. compose/docker-compose.yml is the
# same layout for Docker; a test keeps the two in step.
#
# The SIP front is the kernel: both edges listen on the one SIP address with SO_REUSEPORT
# (--sip-reuse-port), so the kernel spreads clients over them by source address, and when an
# edge dies its socket leaves the group and the clients' retransmissions reach the other edge.
#
#   compose/cluster.sh up            start everything (builds Herald if needed)
#   compose/cluster.sh down          stop everything (SIGTERM)
#   compose/cluster.sh status        each process: pid, and health for the roles
#   compose/cluster.sh kill NAME     kill -9 one process (broker-2, edge-1, processor-2, notifier-1 ...)
#   compose/cluster.sh start NAME    start one process again
#   compose/cluster.sh plan          print each process's name and Herald arguments, one line each
#
# Environment: HERALD_CLUSTER_DIR (data and logs, default ./cluster-data), HERALD_CLUSTER_SIP_PORT
# (default 5060), HERALD_CLUSTER_TLS_PORT (5061), HERALD_CLUSTER_WS_PORT (8080) and
# HERALD_CLUSTER_WSS_PORT (8443) for the edges' SIP over TLS and WebSocket, HERALD_CLUSTER_FLAGS (more flags for every Herald process), HERALD_CLUSTER_XMPP
# (the XMPP gateway's flags, docs/xmpp.md: when set, one more process, xmpp-1, runs the gateway, and
# every process gets them, so the processors know the XMPP domains).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${HERALD_CLUSTER_DIR:-$root/cluster-data}"
[[ $dir == /* ]] || dir="$PWD/$dir"  # made when a process starts, not by plan or status
host=127.0.0.1
sip_port="${HERALD_CLUSTER_SIP_PORT:-5060}"
tls_port="${HERALD_CLUSTER_TLS_PORT:-5061}"
ws_port="${HERALD_CLUSTER_WS_PORT:-8080}"
wss_port="${HERALD_CLUSTER_WSS_PORT:-8443}"
jar="$root/launcher/target/herald.jar"
classpath="$jar:$root/launcher/target/lib/*"
cluster_id=1c_HIxnoRbq-gMUQlQjyQg  # a KRaft cluster id (StorageTool random-uuid), fixed so `up` is repeatable

brokers=(broker-1 broker-2 broker-3)
roles=(edge processor notifier registrant)
instances=(1 2)

broker_port() { echo $((19091 + ${1#broker-})); }
controller_port() { echo $((19191 + ${1#broker-})); }
bootstrap() { local b out=""; for b in "${brokers[@]}"; do out+="${out:+,}$host:$(broker_port "$b")"; done; echo "$out"; }
voters() { local b out=""; for b in "${brokers[@]}"; do out+="${out:+,}${b#broker-}@$host:$(controller_port "$b")"; done; echo "$out"; }

# Admin ports: edge-1 18081, processor-1 18091, notifier-1 18101, registrant-1 18111 ...
admin_port() {
  local role=${1%-*} n=${1##*-}
  case "$role" in
    edge) echo $((18080 + n)) ;; processor) echo $((18090 + n)) ;;
    notifier) echo $((18100 + n)) ;; registrant) echo $((18110 + n)) ;; xmpp) echo $((18120 + n)) ;;
  esac
}

heap() {
  case "$1" in
    broker-*) echo 768m ;; processor-*) echo 512m ;; edge-*) echo 384m ;; *) echo 256m ;;
  esac
}

# The Herald arguments of one role process; compose/docker-compose.yml gives each service the same.
herald_args() {
  local name=$1 role=${1%-*} n=${1##*-}
  local args=(up --roles "$role" --instance "$n" --bootstrap-servers "$(bootstrap)" --replication-factor 3
    --sip-host "$host" --sip-port "$sip_port" --admin-host "$host" --admin-port "$(admin_port "$name")"
    --data-dir "$dir/$name")
  [ "$role" = edge ] && args+=(--sip-reuse-port true --sip-tls-port "$tls_port" --sip-ws-port "$ws_port"
    --sip-wss-port "$wss_port")
  # shellcheck disable=SC2206
  args+=(${HERALD_CLUSTER_FLAGS:-} ${HERALD_CLUSTER_XMPP:-})
  printf '%s\n' "${args[@]}"
}

all_roles() {
  local r i
  for r in "${roles[@]}"; do for i in "${instances[@]}"; do echo "$r-$i"; done; done
  # One gateway: the XMPP server takes one connection per component name.
  [ -z "${HERALD_CLUSTER_XMPP:-}" ] || echo xmpp-1
}

pid_of() { cat "$dir/pids/$1.pid" 2>/dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

build() { "$root/bin/herald-build"; }

start_broker() {
  local name=$1 conf="$dir/$1/server.properties"
  mkdir -p "$dir/$name/data"
  sed -e "s|@NODE_ID@|${name#broker-}|" -e "s|@HOST@|$host|g" -e "s|@BROKER_PORT@|$(broker_port "$name")|" \
    -e "s|@CONTROLLER_PORT@|$(controller_port "$name")|" -e "s|@VOTERS@|$(voters)|" \
    -e "s|@LOG_DIR@|$dir/$name/data|" "$root/compose/kafka/broker.properties" > "$conf"
  if [ ! -f "$dir/$name/data/meta.properties" ]; then
    java -cp "$classpath" kafka.tools.StorageTool format -t "$cluster_id" -c "$conf" >> "$dir/logs/$name.log" 2>&1
  fi
  nohup java -Xms128m -Xmx"$(heap "$name")" -cp "$classpath" kafka.Kafka "$conf" >> "$dir/logs/$name.log" 2>&1 &
  echo $! > "$dir/pids/$name.pid"
}

start_role() {
  local name=$1 args
  mapfile -t args < <(herald_args "$name")
  nohup java -Xms64m -Xmx"$(heap "$name")" -jar "$jar" "${args[@]}" >> "$dir/logs/$name.log" 2>&1 &
  echo $! > "$dir/pids/$name.pid"
}

start() {
  local name=$1
  mkdir -p "$dir/pids" "$dir/logs"
  if alive "$name"; then echo "$name runs already (pid $(pid_of "$name"))"; return; fi
  case "$name" in
    broker-[123]) start_broker "$name" ;;
    edge-[12] | processor-[12] | notifier-[12] | registrant-[12]) start_role "$name" ;;
    *) echo "unknown process $name" >&2; exit 2 ;;
  esac
  echo "started $name (pid $(pid_of "$name"))"
}

# /health needs the admin token each role generated into its data directory at its first start.
healthy() {
  [ -r "$dir/$1/admin-token" ] || return 1
  curl -sf -o /dev/null --max-time 2 -H "Authorization: Bearer $(cat "$dir/$1/admin-token")" \
    "http://$host:$(admin_port "$1")/health"
}

wait_until() {
  local what=$1 seconds=$2; shift 2
  local end=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $end ] || { echo "$what: not ready after ${seconds}s (logs in $dir/logs)" >&2; return 1; }
    sleep 1
  done
}

topics() {
  java -cp "$classpath" dev.herald.launcher.HeraldMain topics --bootstrap-servers "$(bootstrap)" \
    --replication-factor 3 >> "$dir/logs/topics.log" 2>&1
}

up() {
  build
  local b name
  for b in "${brokers[@]}"; do start "$b"; done
  wait_until "topic creation" 120 topics
  echo "topics created (replication 3, min.insync.replicas 2)"
  # Processors first, so the edges' first requests find the partitions owned.
  for name in processor-1 processor-2 notifier-1 notifier-2 registrant-1 registrant-2 edge-1 edge-2; do
    start "$name"
  done
  for name in $(all_roles); do wait_until "$name" 180 healthy "$name"; done
  echo "cluster up: SIP on $host:$sip_port (udp, tcp; edge-1 and edge-2), Kafka at $(bootstrap)"
}

down() {
  local name pid
  # The roles first, and all of them gone before any broker: they commit their offsets and leave
  # their groups through the brokers.
  for name in $(all_roles); do
    pid=$(pid_of "$name")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && echo "stopping $name"
  done
  for name in $(all_roles); do wait_gone "$(pid_of "$name")"; done
  # Then the brokers. A broker's controlled shutdown needs a controller quorum (2 of the 3), so they
  # go one at a time, except the last two: stopped together, both still have their quorum; the last
  # one alone would have none and wait for it until killed.
  local last_two=$((${#brokers[@]} - 2)) i pids=()
  for i in "${!brokers[@]}"; do
    pid=$(pid_of "${brokers[$i]}")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && echo "stopping ${brokers[$i]}" && pids+=("$pid")
    if [ "$i" -lt "$last_two" ]; then wait_gone "$pid"; fi
  done
  for pid in "${pids[@]}"; do wait_gone "$pid"; done
  rm -f "$dir"/pids/*.pid
}

wait_gone() {
  local pid=$1 end=$((SECONDS + 60))
  [ -n "$pid" ] || return 0
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
}

status() {
  local name state
  for name in "${brokers[@]}" $(all_roles); do
    if ! alive "$name"; then state=down
    elif [[ $name == broker-* ]]; then state="up :$(broker_port "$name")"
    elif healthy "$name"; then state="healthy, admin :$(admin_port "$name")"
    else state="starting, admin :$(admin_port "$name")"; fi
    printf '%-13s %-7s %s\n' "$name" "$(pid_of "$name")" "$state"
  done
}

# One line a process: its name, then what it runs. The SIP front is no process here but the kernel
# (SO_REUSEPORT over the edges); compose/docker-compose.yml gives it a container, so it has a line.
plan() {
  local b name
  for b in "${brokers[@]}"; do
    echo "$b kafka cluster.id=$cluster_id node.id=${b#broker-} $host:$(broker_port "$b") controller $host:$(controller_port "$b")"
  done
  echo "topics --bootstrap-servers $(bootstrap) --replication-factor 3"
  echo "sip-front $host:$sip_port udp tcp tls:$tls_port ws:$ws_port wss:$wss_port SO_REUSEPORT $(all_roles | grep '^edge-' | paste -sd ' ' -)"
  for name in $(all_roles); do echo "$name $(herald_args "$name" | paste -sd ' ' -)"; done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kill) [ -n "${2:-}" ] || { echo "usage: $0 kill NAME" >&2; exit 2; }
    pid=$(pid_of "$2"); [ -n "$pid" ] || { echo "$2 is not running" >&2; exit 1; }
    kill -9 "$pid" && echo "killed $2 (pid $pid)" ;;
  start) [ -n "${2:-}" ] || { echo "usage: $0 start NAME" >&2; exit 2; }; start "$2" ;;
  plan) plan ;;
  *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
