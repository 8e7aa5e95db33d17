#!/usr/bin/env bash
# A resource list subscriber (RFC 4662) with 200 members while 100 PUBLISH/s hit the members: the
# list NOTIFYs per second it receives, their size, full against partial state, members per partial
# NOTIFY and PUBLISH-to-NOTIFY delay (`loadgen.sh rls`). Each run starts a fresh server, puts the
# list, runs the mode once and stops the server; prints every run and the median of the runs.
#
# usage: bench/rls.sh [herald|kamailio] [runs=3] [seconds=30]
#   herald    bin/herald up from this checkout (fresh data dir); the list put with `bin/herald lists put`
#   kamailio  Kamailio's rls module (bench/kamailio-rls/kamailio.cfg): rls + presence + pua in one
#             process, the list an rls-services document of the subscriber in its xcap table
#
# Environment (defaults in brackets): RLS_MEMBERS [200]  RLS_RATE [100]  RLS_WARMUP [10] seconds
#   RLS_INTERVAL_MS [1000]: Herald's --list-notify-interval-ms; Kamailio's waitn_time is this
#   rounded up to whole seconds (its smallest is 1 s)
#   SIP_PORT [25076]  ADMIN_PORT [28076] (Herald)  KAM_PORT [25077] (Kamailio)
#   RLS_RESULTS [a new temporary directory]: each run's JSON and the server's log
#   HERALD [bin/herald of this checkout]: the command that starts Herald with `up` and puts the list
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
server="${1:-herald}"
runs="${2:-3}"
seconds="${3:-30}"
members="${RLS_MEMBERS:-200}"
rate="${RLS_RATE:-100}"
warmup="${RLS_WARMUP:-10}"
interval_ms="${RLS_INTERVAL_MS:-1000}"
sip_port="${SIP_PORT:-25076}"
admin_port="${ADMIN_PORT:-28076}"
kam_port="${KAM_PORT:-25077}"
results="${RLS_RESULTS:-$(mktemp -d)}"
herald="${HERALD:-$root/bin/herald}"
list="sip:rls-list@example.com"
prefix="rls-"
mkdir -p "$results"

case "$server" in
  herald|kamailio) ;;
  *) echo "usage: bench/rls.sh [herald|kamailio] [runs] [seconds]" >&2; exit 2 ;;
esac

entries() {   # the members as entries of a resource-lists <list>; $1 the element's prefix
  local i
  for i in $(seq 0 $((members - 1))); do
    printf '<%sentry uri="sip:%s%d@example.com"/>' "$1" "$prefix" "$i"
  done
}

pid=""
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
trap stop EXIT

start_herald() {
  local data="$results/herald-data"
  rm -rf "$data"
  "$herald" up --data-dir "$data" --sip-port "$sip_port" --admin-port "$admin_port" \
    --list-notify-interval-ms "$interval_ms" >"$results/server-$1.log" 2>&1 &
  pid=$!
  # /health needs the admin token Herald generates into its data directory.
  until [ -r "$data/admin-token" ] && curl -sf -H "Authorization: Bearer $(cat "$data/admin-token")" \
      "http://127.0.0.1:$admin_port/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "herald exited; see $results/server-$1.log" >&2; exit 1; }
    sleep 0.2
  done
  { echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists"><list name="bench">'
    entries ""
    echo '</list></resource-lists>'; } >"$results/list.xml"
  HERALD_ADMIN_PORT="$admin_port" HERALD_DATA_DIR="$data" "$herald" lists put "$list" "$results/list.xml" >/dev/null
  target="127.0.0.1:$sip_port"
}

start_kamailio() {
  local run="$results/kamailio" db config="$root/bench/kamailio-rls"
  rm -rf "$run"
  mkdir -p "$run"
  db="$run/rls.sqlite"
  sqlite3 "$db" <"$config/sqlite-schema.sql"
  cp -r "$config/dbtext" "$run/dbtext"
  # The subscriber (loadgen's From, sip:watcher-0@example.com) owns the rls-services document
  # (doc_type 8) that names the list and its members.
  { printf '<?xml version="1.0" encoding="UTF-8"?>'
    printf '<rls-services xmlns="urn:ietf:params:xml:ns:rls-services" xmlns:rl="urn:ietf:params:xml:ns:resource-lists">'
    printf '<service uri="%s"><list name="bench">' "$list"
    entries "rl:"
    printf '</list><packages><package>presence</package></packages></service></rls-services>'; } >"$run/rls-services.xml"
  sqlite3 "$db" "INSERT INTO xcap (username, domain, doc, doc_type, etag, source, doc_uri, port)
    VALUES ('watcher-0', 'example.com', readfile('$run/rls-services.xml'), 8, 'bench-1', 1,
    '/rls-services/users/sip:watcher-0@example.com/index', 0);"
  local waitn=$(( (interval_ms + 999) / 1000 ))
  [ "$waitn" -ge 1 ] || waitn=1
  kamailio -f "$config/kamailio.cfg" -DD -E -P "$run/kamailio.pid" -Y "$run" -w "$run" \
    -l "udp:127.0.0.1:$kam_port" -m 512 -M 16 -x tlsf \
    -A "CTL_SOCK=\"unix:$run/kamailio_ctl\"" -A "LISTEN_URI=\"sip:127.0.0.1:$kam_port\"" \
    -A "DB_URL=\"sqlite:///$db\"" -A "RLS_DB_URL=\"text:///$run/dbtext\"" -A "WAITN_TIME=$waitn" \
    </dev/null >"$results/server-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { echo "kamailio exited; see $results/server-$1.log" >&2; exit 1; }
    ss -Hlun "sport = :$kam_port" | grep -q . && break
    sleep 0.1
  done
  sleep 0.5
  target="127.0.0.1:$kam_port"
}

[ "$server" = kamailio ] || "$root/bin/herald" --help >/dev/null   # builds when needed
echo "$server: list $list of $members members, $rate PUBLISH/s, $seconds s + $warmup s warm-up, $runs runs;" \
  "files in $results"
rss=()
for run in $(seq 1 "$runs"); do
  "start_$server" "$run"
  "$root/bench/loadgen.sh" rls --target "$target" --local 127.0.0.1:0 --user-prefix "$prefix" --list "$list" \
    --members "$members" --rate "$rate" --duration "$seconds" --warmup "$warmup" --json \
    >"$results/run-$run.json" 2>"$results/run-$run.log"
  echo "$server run $run: $(grep '^rls ' "$results/run-$run.log" | tail -1)"
  kill -0 "$pid" 2>/dev/null || { echo "$server died during run $run; see $results/server-$run.log" >&2; exit 1; }
  # Kamailio's memory is spread over its processes; only Herald's RSS is shown.
  [ "$server" = kamailio ] || rss+=("$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))")
  stop
done

python3 - "$server" "${rss[*]:-}" "$results"/run-*.json <<'PY'
import json, statistics, sys
server, rss, files = sys.argv[1], sys.argv[2], sys.argv[3:]
runs = [json.load(open(f)) for f in files]
def med(get):
    values = [get(r) for r in runs]
    return statistics.median(values)
rows = [
    ("list NOTIFYs/s", lambda r: r["notify"]["perSecond"], "%.2f"),
    ("full-state NOTIFYs", lambda r: r["notify"]["full"], "%g"),
    ("partial NOTIFYs", lambda r: r["notify"]["partial"], "%g"),
    ("body bytes p50", lambda r: r["notify"]["bodyBytesP50"], "%g"),
    ("body bytes p99", lambda r: r["notify"]["bodyBytesP99"], "%g"),
    ("first NOTIFY (full state) body bytes", lambda r: r["firstNotify"].get("bodyBytes", -1), "%g"),
    ("members per partial NOTIFY p50", lambda r: r["notify"]["partialResourcesP50"], "%g"),
    ("PUBLISHes sent", lambda r: r["publish"]["sent"], "%g"),
    ("PUBLISH failed", lambda r: r["publish"]["failed"], "%g"),
    ("PUBLISH skipped (previous unanswered)", lambda r: r["publish"]["skipped"], "%g"),
    ("PUBLISHes carried by a NOTIFY", lambda r: r["publish"]["carried"], "%g"),
    ("PUBLISH-to-NOTIFY p50 ms", lambda r: r["publish"]["publishToNotifyP50Ms"], "%.1f"),
    ("PUBLISH-to-NOTIFY p99 ms", lambda r: r["publish"]["publishToNotifyP99Ms"], "%.1f"),
]
print(f"{server}: median of {len(runs)} runs" + (f" (RSS after each run: {rss} MiB)" if rss else ""))
for name, get, fmt in rows:
    print(f"  {name:40s} {fmt % med(get)}")
PY
