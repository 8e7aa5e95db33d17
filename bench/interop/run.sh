#!/usr/bin/env bash
# Manual interop run: alice on baresip 1.0, bob on linphonec 5.1, both registered with Herald
# (registrar and outbound proxy, domain example.com), publishing and watching each other.
# Never part of the test command. See docs/interop.md.
#
#   run.sh scenario open     the run without authentication (Herald without --auth-domains)
#   run.sh scenario auth     the run with authentication (Herald with --auth-domains example.com
#                            --auth-algorithms MD5, which baresip 1.0 needs); adds the users first,
#                            ends with wrong passwords
#   ... --transport tcp      either run over TCP (default udp; or TRANSPORT=tcp)
#
# or step by step:
#
#   run.sh start [--auth] [--transport udp|tcp]
#                                         both clients in tmux session herald-interop;
#                                         --auth: log in with ALICE_PASS and BOB_PASS
#   run.sh users                          add alice and bob with ALICE_PASS and BOB_PASS to the
#                                         running Herald (bin/herald user add, HERALD_ADMIN_PORT)
#   run.sh alice online|offline|quit|kill kill: SIGKILL, so the binding is left to expire
#   run.sh bob unregister|quit            linphonec has no command to change its status
#   run.sh bob-publish online|away|busy|offline|remove   script publisher as bob, no digest
#   run.sh show [lines]                   last lines of both clients (over TCP also how many new
#                                         connections the clients' ports refused)
#   run.sh stop
#
# Over TCP both clients act as phones behind NAT: each opens one connection to Herald and must
# get every request (NOTIFYs) on it. Linphone binds no port (sip_tcp_port=-2). baresip always
# listens, so start (as root, with nft) adds the nftables table herald_interop, which answers a new
# connection to ALICE_PORT, ALICE_PORT+1 (baresip's TLS) or BOB_PORT on the loopback interface
# with a TCP reset; stop removes it. NAT=off: no table (a new connection then reaches baresip).
#
# HERALD (Herald's SIP host:port, default 127.0.0.1:5060), TRANSPORT (udp or tcp, default udp),
# ALICE_PORT (5081), BOB_PORT (5082; over TCP Linphone binds none), PUBLISHER_PORT (5083; over TCP
# the script publisher takes any port), REGINT (600: REGISTER expiry of both), PUBINT (600:
# alice's PUBLISH expiry; 0: she does not publish, her presence comes from her registration),
# ALICE_PASS, BOB_PASS (passwords without / & ; or spaces).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
session=herald-interop
HERALD=${HERALD:-127.0.0.1:5060}
ALICE_PORT=${ALICE_PORT:-5081}
BOB_PORT=${BOB_PORT:-5082}
PUBLISHER_PORT=${PUBLISHER_PORT:-5083}
REGINT=${REGINT:-600}
PUBINT=${PUBINT:-600}
TRANSPORT=${TRANSPORT:-udp}
NAT=${NAT:-on}
nat_table=herald_interop

work() { tmux show-environment -t "$session" INTEROP_DIR | cut -d= -f2-; }

# The transport of the running clients (start records it), else TRANSPORT.
running_transport() {
  local t
  t=$(tmux show-environment -t "$session" INTEROP_TRANSPORT 2>/dev/null | cut -d= -f2-) || true
  echo "${t:-$TRANSPORT}"
}

check_transport() {
  case "$TRANSPORT" in
    udp|tcp) ;;
    *) echo "transport: udp or tcp, not '$TRANSPORT'" >&2; exit 2 ;;
  esac
}

# Over TCP the clients' ports refuse new connections, as a NAT in front of a phone would (with a
# reset rather than silence, so a sender that tries gets its error at once).
nat_on() {
  local ports
  nat_off   # one left by a run that did not stop
  if [ "$TRANSPORT" != tcp ] || [ "$NAT" = off ]; then
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v nft > /dev/null; then
    echo "over TCP run.sh needs root and nft (Debian package nftables) to keep new connections" \
      "from the clients' ports; NAT=off runs without" >&2
    exit 2
  fi
  ports=$(printf '%s\n' "$ALICE_PORT" "$((ALICE_PORT + 1))" "$BOB_PORT" | sort -un | paste -sd, -)
  nft -f - <<NFT
table inet $nat_table {
  chain input {
    type filter hook input priority -10; policy accept;
    iif "lo" tcp dport { $ports } tcp flags & (syn | ack) == syn counter reject with tcp reset
  }
}
NFT
}

nat_off() {
  if command -v nft > /dev/null && nft list table inet "$nat_table" > /dev/null 2>&1; then
    nft delete table inet "$nat_table"
  fi
}

nat_count() {
  if command -v nft > /dev/null && nft list table inet "$nat_table" > /dev/null 2>&1; then
    nft list table inet "$nat_table" |
      sed -n 's/.*dport { *\([^}]*[^ ]\) *}.* packets \([0-9]*\) .*/--- new connections refused by ports \1: \2/p'
  fi
}

start() {
  local auth='' dir uri_params='' udp_port=$BOB_PORT tcp_port=-1 tls_port=-1
  while [ $# -gt 0 ]; do
    case "$1" in
      --auth) auth=";auth_pass=${ALICE_PASS:?ALICE_PASS}" ;;
      --transport) [ $# -ge 2 ] || { echo "--transport: udp or tcp" >&2; exit 2; }
                   TRANSPORT=$2; shift ;;
      --transport=*) TRANSPORT=${1#*=} ;;
      *) echo "start: --auth, --transport udp|tcp" >&2; exit 2 ;;
    esac
    shift
  done
  check_transport
  if [ "$TRANSPORT" = tcp ]; then
    # baresip: ;transport=tcp on the AOR and the outbound proxy. Linphone: TCP alone, bound to
    # no port (-2); UDP and TLS off (0).
    uri_params=";transport=tcp" udp_port=0 tcp_port=-2 tls_port=0
  fi
  nat_on
  dir=$(mktemp -d)
  mkdir -p "$dir/alice" "$dir/bob/.local/share/linphone"
  for f in config accounts contacts; do
    sed -e "s/@HERALD@/$HERALD/" -e "s/@ALICE_PORT@/$ALICE_PORT/" -e "s/@REGINT@/$REGINT/" \
      -e "s/@PUBINT@/$PUBINT/" -e "s/@AUTH@/$auth/" -e "s/@TRANSPORT@/$TRANSPORT/" \
      -e "s/@URI_PARAMS@/$uri_params/g" "$here/baresip/$f" > "$dir/alice/$f"
  done
  sed -e "s/@HERALD@/$HERALD/" -e "s/@BOB_UDP_PORT@/$udp_port/" -e "s/@BOB_TCP_PORT@/$tcp_port/" \
    -e "s/@BOB_TLS_PORT@/$tls_port/" -e "s/@TRANSPORT@/$TRANSPORT/" -e "s/@REGINT@/$REGINT/" \
    "$here/linphonerc.in" > "$dir/bob/linphonerc"
  if [ -n "$auth" ]; then
    printf '\n[auth_info_0]\nusername=bob\npasswd=%s\nrealm=example.com\ndomain=example.com\n' \
      "${BOB_PASS:?BOB_PASS}" >> "$dir/bob/linphonerc"
  fi
  tmux new-session -d -s "$session" -n idle -x 200 -y 50 "sleep 86400"
  tmux set-environment -t "$session" INTEROP_DIR "$dir"
  tmux set-environment -t "$session" INTEROP_TRANSPORT "$TRANSPORT"
  sleep 0.5
  tmux new-window -t "$session" -n alice "baresip -f '$dir/alice'; sleep 600"
  tmux new-window -t "$session" -n bob \
    "HOME='$dir/bob' linphonec -c '$dir/bob/linphonerc' -d 6 -l '$dir/bob/linphone.log'; sleep 600"
  echo "started over $TRANSPORT in tmux session $session (work files in $dir);" \
    "attach with: tmux attach -t $session"
}

users() {
  printf '%s\n' "${ALICE_PASS:?ALICE_PASS}" | "$root/bin/herald" user add sip:alice@example.com --password-stdin
  printf '%s\n' "${BOB_PASS:?BOB_PASS}" | "$root/bin/herald" user add sip:bob@example.com --password-stdin
}

alice() {
  local pane pid
  case "${1:-}" in
    online) tmux send-keys -t "$session:alice" '[' ;;
    offline) tmux send-keys -t "$session:alice" ']' ;;
    quit) tmux send-keys -t "$session:alice" 'q' ;;
    kill)
      pane=$(tmux display-message -p -t "$session:alice" '#{pane_pid}')
      pid=$(pgrep -P "$pane" -x baresip) && kill -KILL "$pid" ;;
    *) echo "alice: online, offline, quit or kill (baresip 1.0 unregisters only when it quits)" >&2
       exit 2 ;;
  esac
}

bob() {
  case "${1:-}" in
    unregister) tmux send-keys -t "$session:bob" 'unregister' Enter ;;
    quit) tmux send-keys -t "$session:bob" 'quit' Enter ;;
    *) echo "bob: unregister or quit (linphonec has no command to change its status)" >&2; exit 2 ;;
  esac
}

show() {
  for w in alice bob; do
    echo "--- $w"; tmux capture-pane -p -t "$session:$w" -S -200 | grep -v '^$' | tail -n "${1:-8}"
  done
  nat_count
}

stop() {
  tmux send-keys -t "$session:bob" 'quit' Enter 2>/dev/null || true
  tmux send-keys -t "$session:alice" 'q' 2>/dev/null || true
  sleep 3
  tmux kill-session -t "$session"
  nat_off
}

step() { echo; echo "=== $*"; }

scenario() {
  local which=''
  while [ $# -gt 0 ]; do
    case "$1" in
      --transport) [ $# -ge 2 ] || { echo "--transport: udp or tcp" >&2; exit 2; }
                   TRANSPORT=$2; shift ;;
      --transport=*) TRANSPORT=${1#*=} ;;
      *) which=$1 ;;
    esac
    shift
  done
  check_transport
  case "$which" in
    open|auth) echo "scenario $which over $TRANSPORT, Herald at $HERALD" ;;
    *) echo "scenario: open or auth [--transport udp|tcp]" >&2; exit 2 ;;
  esac
  case "$which" in
    open)
      step "alice registers without publishing; bob's watcher sees her presence from the registration"
      PUBINT=0 start; sleep 8; show 4
      step "alice quits: un-REGISTER, bob sees her closed"
      alice quit; sleep 4; show 4; stop
      step "both register and publish"
      start; sleep 8; tmux send-keys -t "$session:alice" 'C'; sleep 1; show 4
      step "alice offline, then online"
      alice offline; sleep 3; alice online; sleep 3; show 4
      step "a second publication for bob (script): busy, then removed"
      bob-publish busy; sleep 2; bob-publish remove; sleep 2; show 3
      step "bob unregisters (linphonec keeps its publication), then alice quits"
      bob unregister; sleep 3; alice quit; sleep 4; show 6; stop
      ;;
    auth)
      step "users alice and bob"
      users
      step "both log in, publish and watch"
      start --auth; sleep 8; tmux send-keys -t "$session:alice" 'C'; sleep 1; show 4
      alice offline; sleep 3; alice online; sleep 3; show 3
      step "the script publisher has no credentials"
      bob-publish busy || true
      step "alice quits"
      alice quit; sleep 4; show 3; stop
      step "wrong passwords"
      ALICE_PASS=wrong-$RANDOM BOB_PASS=wrong-$RANDOM start --auth; sleep 8; show 4; stop
      ;;
  esac
}

bob-publish() {
  local transport laddr=127.0.0.1:$PUBLISHER_PORT
  transport=$(running_transport)
  if [ "$transport" = tcp ]; then
    laddr=127.0.0.1:0   # a fixed port would still be in TIME_WAIT for the next PUBLISH
  fi
  python3 "$here/publish.py" --aor sip:bob@example.com --server "$HERALD" --transport "$transport" \
    --local "$laddr" --state "$(work)/bob-publish.json" "${1:?status}"
}

case "${1:-}" in
  start|users|alice|bob|bob-publish|show|stop|scenario) cmd=$1; shift; "$cmd" "$@" ;;
  *) sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
