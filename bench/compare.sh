#!/usr/bin/env bash
# Before/after figures of Herald beside the Kamailio reference, measured in one sitting.
#
#   compare.sh herald   CHECKOUT LABEL   Herald from CHECKOUT, with CHECKOUT's bench tools
#   compare.sh kamailio CHECKOUT [LABEL] the Kamailio reference (127.0.0.1:5070), with
#                                        CHECKOUT's bench tools (label default: kamailio)
#   compare.sh cold     CHECKOUT LABEL   Herald from CHECKOUT, cold: a SUBSCRIBE burst (1,000/s for 5 s)
#                                        10 s after /health first answers 200, then short latency
#                                        runs (W=1, W=10), all within about 40 s of /health
#   compare.sh summary  [LABEL ...]      the table (default: every label measured); with
#                                        BENCH_ROOTS="DIR DIR ..." each cell is the median over
#                                        the runs kept in those result directories
#   compare.sh all      BEFORE AFTER     herald BEFORE "before", herald AFTER "after",
#                                        kamailio AFTER "kamailio", cold BEFORE "before-cold",
#                                        cold AFTER "after-cold", then the summary
#   add --dry as the first argument for a tiny run (seconds, a few requests) that only proves
#   the pieces work; its results go to $BENCH_RESULTS/dry-<label>.
#
# Per Herald run: a fresh `bin/herald up` (new data dir, SIP 5060, admin 8088), /health, 30 s
# idle, then into $BENCH_RESULTS/<label>/:
#   latency-w1.json / latency-w10.json   loadgen latency, 100 presentities, 1 / 10 watchers,
#                                        100 PUBLISH/s, 30 s + 10 s warm-up (.log: its stderr)
#   publish-steps.txt                    sipp-steps.sh sipp/publish.xml, 6 s steps
#   subscribe-steps.txt                  sipp-steps.sh sipp/subscribe.xml, 6 s steps
#   latency-nat.json                     last, not a figure: a short latency run (W=1) as a subscriber
#                                        behind NAT (--local 127.0.0.1:0 --contact-host 127.0.0.2),
#                                        when the checkout's loadgen has --contact-host; its
#                                        notify.notifiesFromElsewhere must be 0 (BENCH_NAT_CHECK=0: skip)
#   herald.log, meta.txt                 Herald's output; commit, load average, versions
# Herald is stopped (SIGTERM) at the end, and on any exit of this script.
#
# Environment (defaults in brackets):
#   BENCH_RESULTS [/tmp/bench-results]      BENCH_WARMUP_S [30] after /health (Kamailio: BENCH_KAM_WARMUP_S [5])
#   BENCH_LAT_DURATION [30]  BENCH_LAT_WARMUP [10]  BENCH_LAT_RATE [100]  BENCH_LAT_PRESENTITIES [100]
#   BENCH_STEP_SECONDS [6]
#   BENCH_HERALD_PUBLISH_RATES ["1000 2000 3000 4000 6000 8000 12000"]
#   BENCH_HERALD_SUBSCRIBE_RATES ["500 1000 1500 2000 3000 4000"]
#   BENCH_KAM_PUBLISH_RATES ["5000 10000 15000 20000 25000"]  BENCH_KAM_SUBSCRIBE_RATES ["2000 4000 6000 8000 10000"]
#   KAMAILIO_REF (required for kamailio and all): the directory of the reference's start.sh and stop.sh
#   BENCH_MAX_LOAD [1.0]: warn above this load average
#   BENCH_HERALD_LOAD_WARMUP_S [0] BENCH_HERALD_LOAD_WARMUP_RATE [1500]: before the measurements of a
#                                        herald run, SIPp PUBLISH at that rate for that long (the JIT's
#                                        warm-up under load; steady-state figures); load-warmup.txt
set -uo pipefail

RESULTS=${BENCH_RESULTS:-/tmp/bench-results}
KAMAILIO_REF=${KAMAILIO_REF:-}
SIP_PORT=5060
ADMIN_PORT=8088
KAM_PORT=5070

dry=0
if [ "${1:-}" = "--dry" ]; then
  dry=1
  shift
fi
if [ "$dry" = 1 ]; then
  WARMUP_S=${BENCH_WARMUP_S:-2}; KAM_WARMUP_S=${BENCH_KAM_WARMUP_S:-1}
  LAT_DURATION=${BENCH_LAT_DURATION:-2}; LAT_WARMUP=${BENCH_LAT_WARMUP:-1}
  LAT_RATE=${BENCH_LAT_RATE:-20}; LAT_PRESENTITIES=${BENCH_LAT_PRESENTITIES:-10}
  STEP_SECONDS=${BENCH_STEP_SECONDS:-1}
  HERALD_PUBLISH_RATES=${BENCH_HERALD_PUBLISH_RATES:-"50 100"}
  HERALD_SUBSCRIBE_RATES=${BENCH_HERALD_SUBSCRIBE_RATES:-"20 50"}
  KAM_PUBLISH_RATES=${BENCH_KAM_PUBLISH_RATES:-"100 500"}
  KAM_SUBSCRIBE_RATES=${BENCH_KAM_SUBSCRIBE_RATES:-"100 200"}
else
  WARMUP_S=${BENCH_WARMUP_S:-30}; KAM_WARMUP_S=${BENCH_KAM_WARMUP_S:-5}
  LAT_DURATION=${BENCH_LAT_DURATION:-30}; LAT_WARMUP=${BENCH_LAT_WARMUP:-10}
  LAT_RATE=${BENCH_LAT_RATE:-100}; LAT_PRESENTITIES=${BENCH_LAT_PRESENTITIES:-100}
  STEP_SECONDS=${BENCH_STEP_SECONDS:-6}
  # Up to 4x the highest sustained: past saturation the excess must get 503 at once.
  HERALD_PUBLISH_RATES=${BENCH_HERALD_PUBLISH_RATES:-"1000 2000 3000 4000 6000 8000 12000"}
  HERALD_SUBSCRIBE_RATES=${BENCH_HERALD_SUBSCRIBE_RATES:-"500 1000 1500 2000 3000 4000"}
  KAM_PUBLISH_RATES=${BENCH_KAM_PUBLISH_RATES:-"5000 10000 15000 20000 25000"}
  KAM_SUBSCRIBE_RATES=${BENCH_KAM_SUBSCRIBE_RATES:-"2000 4000 6000 8000 10000"}
fi
MAX_LOAD=${BENCH_MAX_LOAD:-1.0}
LOAD_WARMUP_S=${BENCH_HERALD_LOAD_WARMUP_S:-0}
LOAD_WARMUP_RATE=${BENCH_HERALD_LOAD_WARMUP_RATE:-1500}
NAT_CHECK=${BENCH_NAT_CHECK:-1}

say() { printf '%s bench-compare: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "$*"; exit 2; }

port_busy() {  # PROTO(u|t) PORT
  ss -Hln"$1" "sport = :$2" 2>/dev/null | grep -q .
}

result_dir() {  # LABEL
  if [ "$dry" = 1 ]; then echo "$RESULTS/dry-$1"; else echo "$RESULTS/$1"; fi
}

check_quiet() {
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if awk -v l="$load" -v m="$MAX_LOAD" 'BEGIN { exit !(l > m) }'; then
    say "WARNING: load average $load > $MAX_LOAD: the machine is not quiet; figures will be pessimistic"
  fi
  echo "$load"
}

write_meta() {  # OUT CHECKOUT WHAT
  local out=$1 checkout=$2 what=$3
  {
    echo "what: $what"
    echo "checkout: $checkout"
    echo "commit: $(git -C "$checkout" rev-parse HEAD 2>/dev/null) ($(git -C "$checkout" status --porcelain 2>/dev/null | wc -l) uncommitted paths)"
    echo "started: $(date -u +%FT%TZ)"
    echo "loadavg_at_start: $(check_quiet)"
    echo "nproc: $(nproc)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "sipp: $(sipp -v 2>&1 | grep -o 'SIPp v[^ ]*' | head -1)"
    echo "kamailio: $(kamailio -v 2>/dev/null | head -1)"
    echo "dry: $dry warmup_s: $WARMUP_S load_warmup: ${LOAD_WARMUP_S}s at ${LOAD_WARMUP_RATE}/s lat: ${LAT_PRESENTITIES}p ${LAT_RATE}/s ${LAT_DURATION}s+${LAT_WARMUP}s steps: ${STEP_SECONDS}s"
  } > "$out/meta.txt"
}

# The four measurements against TARGET with CHECKOUT's tools; PUBLISH_RATES, SUBSCRIBE_RATES.
measure() {  # CHECKOUT TARGET OUT "PUBLISH_RATES" "SUBSCRIBE_RATES"
  local checkout=$1 target=$2 out=$3 prates=$4 srates=$5 w
  for w in 1 10; do
    say "loadgen latency, $w watcher(s) per presentity -> $out/latency-w$w.json"
    timeout 900 "$checkout/bench/loadgen.sh" latency --target "$target" --presentities "$LAT_PRESENTITIES" \
        --watchers "$w" --rate "$LAT_RATE" --duration "$LAT_DURATION" --warmup "$LAT_WARMUP" --json \
        > "$out/latency-w$w.json" 2> "$out/latency-w$w.log" \
      || say "loadgen latency W=$w exited $? (see $out/latency-w$w.log)"
    tail -1 "$out/latency-w$w.log" >&2
  done
  # shellcheck disable=SC2086
  say "SIPp PUBLISH steps ($prates /s, ${STEP_SECONDS}s each)"
  # shellcheck disable=SC2086
  (cd "$checkout" && timeout 3600 bench/sipp-steps.sh bench/sipp/publish.xml "$target" "$STEP_SECONDS" $prates) \
      2>&1 | tee "$out/publish-steps.txt" >&2
  say "SIPp SUBSCRIBE steps ($srates /s, ${STEP_SECONDS}s each)"
  # shellcheck disable=SC2086
  (cd "$checkout" && timeout 3600 bench/sipp-steps.sh bench/sipp/subscribe.xml "$target" "$STEP_SECONDS" $srates) \
      2>&1 | tee "$out/subscribe-steps.txt" >&2
}

herald_pid=""
data=""
healthy_at=""
stop_herald() {
  [ -n "$herald_pid" ] || return 0
  if kill -0 "$herald_pid" 2>/dev/null; then
    say "stopping Herald (pid $herald_pid)"
    kill -TERM "$herald_pid" 2>/dev/null
    for _ in $(seq 1 120); do
      kill -0 "$herald_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$herald_pid" 2>/dev/null; then
      say "Herald did not exit 60 s after SIGTERM; SIGKILL"
      kill -KILL "$herald_pid" 2>/dev/null
    fi
  fi
  wait "$herald_pid" 2>/dev/null
  herald_pid=""
}

kam_started=0
stop_kamailio() {
  [ "$kam_started" = 1 ] || return 0
  "$KAMAILIO_REF/stop.sh" "$KAM_PORT" >&2
  kam_started=0
}

cleanup() {
  stop_herald
  stop_kamailio
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prebuild_tools() {  # CHECKOUT: build the loadgen now, not inside the measured window
  "$1/bench/loadgen.sh" --help > /dev/null 2>&1 || die "cannot build the loadgen of $1"
}

# Starts Herald from CHECKOUT with a fresh data directory; returns once /health says 200.
# Sets herald_pid, data, t0 and healthy_at (epoch seconds, fractional).
start_herald() {  # CHECKOUT LABEL OUT
  local checkout=$1 label=$2 out=$3 code
  [ -x "$checkout/bin/herald" ] || die "$checkout/bin/herald missing"
  port_busy u "$SIP_PORT" && die "UDP $SIP_PORT in use: another Herald running?"
  port_busy t "$SIP_PORT" && die "TCP $SIP_PORT in use"
  port_busy t "$ADMIN_PORT" && die "TCP $ADMIN_PORT in use"
  command -v sipp > /dev/null || die "sipp missing (apt-get install sip-tester)"
  say "[$label] building Herald and the loadgen of $checkout (if needed)"
  "$checkout/bin/herald-build" || die "build of $checkout failed"
  prebuild_tools "$checkout"
  write_meta "$out" "$checkout" "herald"
  data=$(mktemp -d "${TMPDIR:-/tmp}/bench-herald-$label.XXXXXX")
  echo "data_dir: $data" >> "$out/meta.txt"
  say "[$label] starting Herald (data $data)"
  t0=$(date +%s)
  "$checkout/bin/herald" up --data-dir "$data" --sip-port "$SIP_PORT" --admin-port "$ADMIN_PORT" \
      > "$out/herald.log" 2>&1 &
  herald_pid=$!
  code=""
  for _ in $(seq 1 2400); do
    # /health needs the admin token Herald generates into its data directory (none before admin tokens).
    auth=(); [ -r "$data/admin-token" ] && auth=(-H "Authorization: Bearer $(cat "$data/admin-token")")
    code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "http://127.0.0.1:$ADMIN_PORT/health" 2>/dev/null)
    [ "$code" = 200 ] && break
    kill -0 "$herald_pid" 2>/dev/null || break
    sleep 0.05
  done
  [ "$code" = 200 ] || { tail -20 "$out/herald.log" >&2; die "[$label] Herald not healthy (last /health: $code)"; }
  healthy_at=$(date +%s.%N)
  echo "healthy_after_s: $(( $(date +%s) - t0 ))" >> "$out/meta.txt"
}

run_herald() {  # CHECKOUT LABEL
  local checkout label out
  checkout=$(cd "$1" && pwd) || die "no checkout $1"
  label=$2
  out=$(result_dir "$label")
  rm -rf "$out"
  mkdir -p "$out"
  start_herald "$checkout" "$label" "$out"
  say "[$label] healthy; warming up ${WARMUP_S}s"
  sleep "$WARMUP_S"
  if [ "$LOAD_WARMUP_S" -gt 0 ]; then
    # A JVM compiles its hot paths under load for a minute or two; the steady state is what operators run
    # on, and the cold figures are the cold run's. Not a figure: load-warmup.txt only shows what it did.
    say "[$label] load warm-up: SIPp PUBLISH at ${LOAD_WARMUP_RATE}/s for ${LOAD_WARMUP_S}s -> $out/load-warmup.txt"
    (cd "$checkout" && timeout $((LOAD_WARMUP_S + 120)) bench/sipp-steps.sh bench/sipp/publish.xml \
        "127.0.0.1:$SIP_PORT" "$LOAD_WARMUP_S" "$LOAD_WARMUP_RATE") > "$out/load-warmup.txt" 2>&1
  fi
  measure "$checkout" "127.0.0.1:$SIP_PORT" "$out" "$HERALD_PUBLISH_RATES" "$HERALD_SUBSCRIBE_RATES"
  if [ "$NAT_CHECK" = 1 ] && grep -q -- '--contact-host' "$checkout/bench/loadgen/src/main/java/dev/herald/loadgen/LoadgenMain.java" 2>/dev/null; then
    say "[$label] NAT check: latency W=1 with --contact-host 127.0.0.2 -> $out/latency-nat.json"
    timeout 600 "$checkout/bench/loadgen.sh" latency --target "127.0.0.1:$SIP_PORT" --local 127.0.0.1:0 \
        --contact-host 127.0.0.2 --user-prefix nat- --presentities "$LAT_PRESENTITIES" --watchers 1 \
        --rate "$LAT_RATE" --duration "$(( LAT_DURATION < 10 ? LAT_DURATION : 10 ))" --warmup 0 --setup-timeout 10 \
        --json > "$out/latency-nat.json" 2> "$out/latency-nat.log" \
      || say "NAT check exited $? (see $out/latency-nat.log)"
    tail -1 "$out/latency-nat.log" >&2
  fi
  echo "herald_rss_kb_at_end: $(awk '/VmRSS/ {print $2}' "/proc/$herald_pid/status" 2>/dev/null)" >> "$out/meta.txt"
  stop_herald
  rm -rf "$data"
  echo "finished: $(date -u +%FT%TZ) ($(( $(date +%s) - t0 )) s from start)" >> "$out/meta.txt"
  say "[$label] done: $out"
}

# The cold figures: a fresh Herald, a SUBSCRIBE burst of 1,000/s for 5 s started 10 s after /health
# first said 200 (clients retransmit as RFC 3261 says; a 503 is a failure), then latency runs of
# 10 s each (W=1, W=10), with no warm-up of their own.
run_cold() {  # CHECKOUT LABEL
  local checkout label out w
  checkout=$(cd "$1" && pwd) || die "no checkout $1"
  label=$2
  out=$(result_dir "$label")
  rm -rf "$out"
  mkdir -p "$out"
  start_herald "$checkout" "$label" "$out"
  sleep "$(python3 -c "import time; print(max(0.0, $healthy_at + 10 - time.time()))")"
  say "[$label] SUBSCRIBE burst 1000/s for 5 s, 10 s after /health"
  (cd "$checkout" && timeout 600 bench/sipp-steps.sh bench/sipp/subscribe.xml "127.0.0.1:$SIP_PORT" 5 1000) \
      2>&1 | tee "$out/subscribe-burst.txt" >&2
  for w in 1 10; do
    say "[$label] cold latency W=$w, $(python3 -c "import time; print(round(time.time() - $healthy_at))") s after /health"
    timeout 600 "$checkout/bench/loadgen.sh" latency --target "127.0.0.1:$SIP_PORT" --user-prefix "cold$w-" \
        --presentities "$LAT_PRESENTITIES" --watchers "$w" --rate "$LAT_RATE" --duration 10 --warmup 0 --json \
        > "$out/latency-w$w.json" 2> "$out/latency-w$w.log" || say "cold latency W=$w exited $?"
    tail -1 "$out/latency-w$w.log" >&2
  done
  echo "cold_done_after_health_s: $(python3 -c "import time; print(round(time.time() - $healthy_at))")" \
      >> "$out/meta.txt"
  stop_herald
  rm -rf "$data"
  say "[$label] done: $out"
}

run_kamailio() {  # CHECKOUT [LABEL]
  local checkout label out t0
  checkout=$(cd "$1" && pwd) || die "no checkout $1"
  label=${2:-kamailio}
  out=$(result_dir "$label")
  rm -rf "$out"
  mkdir -p "$out"
  if [ -z "$KAMAILIO_REF" ] || [ ! -x "$KAMAILIO_REF/start.sh" ]; then
    die "set KAMAILIO_REF to the reference's directory"
  fi
  command -v kamailio > /dev/null || die "kamailio missing (see $KAMAILIO_REF/README.md)"
  port_busy u "$KAM_PORT" && die "UDP $KAM_PORT in use"
  prebuild_tools "$checkout"
  write_meta "$out" "$checkout" "kamailio reference"
  t0=$(date +%s)
  say "[$label] starting the Kamailio reference on 127.0.0.1:$KAM_PORT"
  "$KAMAILIO_REF/start.sh" 127.0.0.1 "$KAM_PORT" > "$out/kamailio-start.txt" 2>&1 \
      || { cat "$out/kamailio-start.txt" >&2; die "Kamailio did not start"; }
  kam_started=1
  sleep "$KAM_WARMUP_S"
  measure "$checkout" "127.0.0.1:$KAM_PORT" "$out" "$KAM_PUBLISH_RATES" "$KAM_SUBSCRIBE_RATES"
  stop_kamailio
  echo "finished: $(date -u +%FT%TZ) ($(( $(date +%s) - t0 )) s from start)" >> "$out/meta.txt"
  say "[$label] done: $out"
}

summary() {  # [LABEL ...]
  python3 - "$dry" "${BENCH_ROOTS:-$RESULTS}" "$@" <<'PY'
import json, os, statistics, sys

dry, roots, labels = sys.argv[1] == '1', sys.argv[2].split(), sys.argv[3:]
prefix = 'dry-' if dry else ''
if not labels:
    order = {'before': 0, 'after': 1, 'kamailio': 2, 'before-cold': 3, 'after-cold': 4}
    found = {d.removeprefix(prefix) for r in roots if os.path.isdir(r) for d in os.listdir(r)
             if os.path.isdir(os.path.join(r, d)) and d.startswith('dry-') == dry}
    labels = sorted(found, key=lambda d: (order.get(d, 9), d))

def steps(path):
    """(highest rate with <= 0.1 % failed, whether it was the top step, answered/s at the top step, rows)."""
    rows = []
    try:
        for line in open(path):
            f = line.split()
            if len(f) == 6 and f[0].isdigit():
                rows.append((int(f[0]), int(f[1]), int(f[2]), float(f[3]), f[4], f[5]))
    except OSError:
        return None
    if not rows:
        return None
    ok = [r for r in rows if r[1] + r[2] > 0 and r[3] <= 0.1]
    best = max((r[0] for r in ok), default=0)
    top = rows[-1]
    return {'sustained': best, 'top': bool(ok) and best == top[0], 'rows': rows}

def latency(path):
    try:
        j = json.load(open(path))
    except (OSError, ValueError):
        return {}
    n = j.get('notify', {})
    return {'p50': n.get('p50Ms'), 'p99': n.get('p99Ms'), 'missing': n.get('missing'),
            'elsewhere': n.get('notifiesFromElsewhere')}

def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None

def ms(v):
    return '-' if v is None else ('%.1f' % v if v >= 10 else '%.2f' % v)

def rate(v, top):
    return '-' if v is None else ('>=' if top else '') + '%d' % v

table, extra = [], []
for label in labels:
    runs = [os.path.join(r, prefix + label) for r in roots if os.path.isdir(os.path.join(r, prefix + label))]
    if not runs:
        continue
    pubs = [steps(os.path.join(d, 'publish-steps.txt')) for d in runs]
    subs = [steps(os.path.join(d, 'subscribe-steps.txt')) for d in runs]
    l1 = [latency(os.path.join(d, 'latency-w1.json')) for d in runs]
    l10 = [latency(os.path.join(d, 'latency-w10.json')) for d in runs]
    burst = [steps(os.path.join(d, 'subscribe-burst.txt')) for d in runs]
    pub = median([p['sustained'] for p in pubs if p])
    sub = median([p['sustained'] for p in subs if p])
    row = {'label': label, 'runs': len(runs),
           'pub': rate(pub, any(p and p['top'] for p in pubs)), 'sub': rate(sub, any(p and p['top'] for p in subs)),
           'pubn': pub, 'subn': sub,
           'w1p50': ms(median([x.get('p50') for x in l1])), 'w1p99': ms(median([x.get('p99') for x in l1])),
           'w10p50': ms(median([x.get('p50') for x in l10])), 'w10p99': ms(median([x.get('p99') for x in l10])),
           'missing': '%s/%s' % (sum(x.get('missing') or 0 for x in l1), sum(x.get('missing') or 0 for x in l10))}
    bursts = [b['rows'][0] for b in burst if b]
    row['burst'] = ('%.2f' % median([100.0 * r[1] / (r[1] + r[2]) for r in bursts if r[1] + r[2]])) if bursts else '-'
    table.append(row)
    # Past saturation: what each step above the sustained rate answered, per second, median over the runs.
    for what, runs_steps in (('PUBLISH', pubs), ('SUBSCRIBE', subs)):
        by_rate = {}
        for st in runs_steps:
            for r in (st or {}).get('rows', []):
                by_rate.setdefault(r[0], []).append(r)
        if by_rate and (pub if what == 'PUBLISH' else sub):
            sustained = pub if what == 'PUBLISH' else sub
            above = ['%d offered: %d answered 2xx, %.1f %% failed' % (
                         k, k * (100 - median([r[3] for r in v])) / 100, median([r[3] for r in v]))
                     for k, v in sorted(by_rate.items()) if k > sustained]
            if above:
                extra.append('%s %s past %s/s (per second): %s' % (label, what, rate(sustained, False), '; '.join(above)))

head = [('label', 'label'), ('runs', 'runs'), ('pub', 'PUBLISH/s'), ('sub', 'SUBSCRIBE/s'), ('w1p50', 'W=1 p50'),
        ('w1p99', 'W=1 p99'), ('w10p50', 'W=10 p50'), ('w10p99', 'W=10 p99'), ('missing', 'missing W1/W10'),
        ('burst', 'burst 2xx %')]
widths = [max(len(str(r[k])) for r in [dict(head)] + table) for k, _ in head]
widths = [max(w, len(title)) for w, (_, title) in zip(widths, head)]
fmt = '  '.join('%%-%ds' % w if i == 0 else '%%%ds' % w for i, w in enumerate(widths))
print(fmt % tuple(t for _, t in head))
for r in table:
    print(fmt % tuple(str(r[k]) for k, _ in head))
print()
reference = [r for r in table if r['label'] == 'kamailio']
for r in table:
    if reference and r is not reference[0] and r['pubn'] and reference[0]['pubn']:
        ref = reference[0]
        print('%s / kamailio: PUBLISH %.1f %%, SUBSCRIBE %s' % (r['label'], 100.0 * r['pubn'] / ref['pubn'],
              '%.1f %%' % (100.0 * r['subn'] / ref['subn']) if r['subn'] and ref['subn'] else '-'))
print()
print('sustained = highest step with <= 0.1 % failed calls (>= : the top step offered), median over the runs;')
print('latency in ms, PUBLISH-to-NOTIFY (loadgen latency), median of the runs\' percentiles; missing = NOTIFYs')
print('expected but not received, summed; burst = SUBSCRIBEs answered 2xx of a 1,000/s x 5 s burst 10 s after /health.')
for e in extra:
    print('  ' + e)
PY
}

case "${1:-}" in
  herald)
    [ $# -eq 3 ] || die "usage: $0 [--dry] herald CHECKOUT LABEL"
    run_herald "$2" "$3" ;;
  kamailio)
    [ $# -ge 2 ] || die "usage: $0 [--dry] kamailio CHECKOUT [LABEL]"
    run_kamailio "$2" "${3:-kamailio}" ;;
  cold)
    [ $# -eq 3 ] || die "usage: $0 [--dry] cold CHECKOUT LABEL"
    run_cold "$2" "$3" ;;
  summary)
    shift
    summary "$@" | tee "$(result_dir summary).txt" ;;
  all)
    [ $# -eq 3 ] || die "usage: $0 [--dry] all BEFORE_CHECKOUT AFTER_CHECKOUT"
    start=$(date +%s)
    run_herald "$2" before
    run_herald "$3" after
    run_kamailio "$3" kamailio
    run_cold "$2" before-cold
    run_cold "$3" after-cold
    summary before after kamailio before-cold after-cold | tee "$(result_dir summary).txt"
    say "all done in $(( $(date +%s) - start )) s" ;;
  *)
    sed -n '2,12p' "$0" >&2
    exit 2 ;;
esac
