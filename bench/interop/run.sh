#!/usr/bin/env bash
# Manual interop run: alice on baresip 1.0, bob on linphonec 5.1, both registered with Herald
# (registrar and outbound proxy, domain example.com), publishing and watching each other.
# Never part of the test command. See docs/interop.md.
#
#   run.sh scenario open     the run without authentication (Herald without --auth-domains)
#   run.sh scenario auth     the run with authentication (Herald with --auth-domains example.com
#                            --auth-algorithms MD5, which baresip 1.0 needs); adds the users first,
#                            ends with wrong passwords
#
# or step by step:
#
#   run.sh start [--auth]                 both clients in tmux session herald-interop;
#                                         --auth: log in with ALICE_PASS and BOB_PASS
#   run.sh users                          add alice and bob with ALICE_PASS and BOB_PASS to the
#                                         running Herald (bin/herald user add, HERALD_ADMIN_PORT)
#   run.sh alice online|offline|quit|kill kill: SIGKILL, so the binding is left to expire
#   run.sh bob unregister|quit            linphonec has no command to change its status
#   run.sh bob-publish online|away|busy|offline|remove   script publisher as bob, no digest
#   run.sh show [lines]                   last lines of both clients
#   run.sh stop
#
# HERALD (Herald's SIP host:port, default 127.0.0.1:5060), ALICE_PORT (5081), BOB_PORT (5082),
# PUBLISHER_PORT (5083), REGINT (600: REGISTER expiry of both), PUBINT (600:
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

work() { tmux show-environment -t "$session" INTEROP_DIR | cut -d= -f2-; }

start() {
  local auth= opt dir
  for opt in "$@"; do
    case "$opt" in
      --auth) auth=";auth_pass=${ALICE_PASS:?ALICE_PASS}" ;;
      *) echo "start: --auth" >&2; exit 2 ;;
    esac
  done
  dir=$(mktemp -d)
  mkdir -p "$dir/alice" "$dir/bob/.local/share/linphone"
  for f in config accounts contacts; do
    sed -e "s/@HERALD@/$HERALD/" -e "s/@ALICE_PORT@/$ALICE_PORT/" -e "s/@REGINT@/$REGINT/" \
      -e "s/@PUBINT@/$PUBINT/" -e "s/@AUTH@/$auth/" "$here/baresip/$f" > "$dir/alice/$f"
  done
  sed -e "s/@HERALD@/$HERALD/" -e "s/@BOB_PORT@/$BOB_PORT/" -e "s/@REGINT@/$REGINT/" \
    "$here/linphonerc.in" > "$dir/bob/linphonerc"
  if [ -n "$auth" ]; then
    printf '\n[auth_info_0]\nusername=bob\npasswd=%s\nrealm=example.com\ndomain=example.com\n' \
      "${BOB_PASS:?BOB_PASS}" >> "$dir/bob/linphonerc"
  fi
  tmux new-session -d -s "$session" -n idle -x 200 -y 50 "sleep 86400"
  tmux set-environment -t "$session" INTEROP_DIR "$dir"
  sleep 0.5
  tmux new-window -t "$session" -n alice "baresip -f '$dir/alice'; sleep 600"
  tmux new-window -t "$session" -n bob \
    "HOME='$dir/bob' linphonec -c '$dir/bob/linphonerc' -d 6 -l '$dir/bob/linphone.log'; sleep 600"
  echo "started in tmux session $session (work files in $dir); attach with: tmux attach -t $session"
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
}

stop() {
  tmux send-keys -t "$session:bob" 'quit' Enter 2>/dev/null || true
  tmux send-keys -t "$session:alice" 'q' 2>/dev/null || true
  sleep 3
  tmux kill-session -t "$session"
}

step() { echo; echo "=== $*"; }

scenario() {
  case "${1:-}" in
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
    *) echo "scenario: open or auth" >&2; exit 2 ;;
  esac
}

bob-publish() {
  python3 "$here/publish.py" --aor sip:bob@example.com --server "$HERALD" \
    --local "127.0.0.1:$PUBLISHER_PORT" --state "$(work)/bob-publish.json" "${1:?status}"
}

case "${1:-}" in
  start|users|alice|bob|bob-publish|show|stop|scenario) cmd=$1; shift; "$cmd" "$@" ;;
  *) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
