#!/usr/bin/env bash
# Manual interop run: alice on baresip 1.0, bob on linphonec 5.1, both through Herald.
# Never part of the test command. See docs/interop.md.
#
#   bench/interop/run.sh start [--stub]   start both clients in tmux session herald-interop
#   bench/interop/run.sh alice online|offline
#   bench/interop/run.sh bob online|away|busy|offline|remove   (script publisher, as bob)
#   bench/interop/run.sh show             last lines of both clients
#   bench/interop/run.sh stop
#
# HERALD (host:port of Herald's SIP, default 127.0.0.1:5060), ALICE_PORT (5081), BOB_PORT (5082),
# STUB_PORT (5065, the stand-in registrar of --stub), PUBLISHER_PORT (5083), PUBINT (600: alice's
# PUBLISH expiry; keep it within Herald's --max-expires, baresip refreshes by its own value).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
session=herald-interop
HERALD=${HERALD:-127.0.0.1:5060}
ALICE_PORT=${ALICE_PORT:-5081}
BOB_PORT=${BOB_PORT:-5082}
STUB_PORT=${STUB_PORT:-5065}
PUBLISHER_PORT=${PUBLISHER_PORT:-5083}
PUBINT=${PUBINT:-600}

work() { tmux show-environment -t "$session" INTEROP_DIR | cut -d= -f2-; }

case "${1:-}" in
  start)
    proxy=$HERALD sendregister=0
    if [ "${2:-}" = --stub ]; then proxy=127.0.0.1:$STUB_PORT sendregister=1; fi
    dir=$(mktemp -d)
    mkdir -p "$dir/alice" "$dir/bob/.local/share/linphone"
    for f in config accounts contacts; do
      sed -e "s/@HERALD@/$HERALD/" -e "s/@ALICE_PORT@/$ALICE_PORT/" -e "s/@PUBINT@/$PUBINT/" \
        "$here/baresip/$f" > "$dir/alice/$f"
    done
    sed -e "s/@PROXY@/$proxy/" -e "s/@BOB_PORT@/$BOB_PORT/" -e "s/@SENDREGISTER@/$sendregister/" \
      "$here/linphonerc.in" > "$dir/bob/linphonerc"
    tmux new-session -d -s "$session" -n alice -x 200 -y 50 "baresip -f '$dir/alice'; sleep 600"
    tmux set-environment -t "$session" INTEROP_DIR "$dir"
    if [ "${2:-}" = --stub ]; then
      tmux new-window -t "$session" -n stub \
        "python3 '$here/register-stub.py' --listen 127.0.0.1:$STUB_PORT --herald $HERALD; sleep 600"
    fi
    tmux new-window -t "$session" -n bob \
      "HOME='$dir/bob' linphonec -c '$dir/bob/linphonerc' -d 6 -l '$dir/bob/linphone.log'; sleep 600"
    echo "started in tmux session $session (work files in $dir); attach with: tmux attach -t $session"
    ;;
  alice)
    case "${2:-}" in
      online) tmux send-keys -t "$session:alice" '[' ;;
      offline) tmux send-keys -t "$session:alice" ']' ;;
      *) echo "alice: online or offline (baresip 1.0 has no other status)" >&2; exit 2 ;;
    esac
    ;;
  bob)
    python3 "$here/publish.py" --aor sip:bob@example.com --server "$HERALD" \
      --local "127.0.0.1:$PUBLISHER_PORT" --state "$(work)/bob-publish.json" "${2:?status}"
    ;;
  show)
    for w in alice bob; do echo "--- $w"; tmux capture-pane -p -t "$session:$w" | grep -v '^$' | tail -n "${2:-8}"; done
    ;;
  stop)
    tmux send-keys -t "$session:bob" 'quit' Enter 2>/dev/null || true
    tmux send-keys -t "$session:alice" 'q' 2>/dev/null || true
    sleep 3
    tmux kill-session -t "$session"
    ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
