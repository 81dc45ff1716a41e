#!/usr/bin/env bash
# End-to-end test of the window (issue 4): builds the real binary, starts it under Xvfb on a
# fresh data directory with the local emulator, drives it with xdotool like a user would
# (keyboard only: create the vault, add a company, fill and save its sandbox slot, Test, move
# the setup to another company), checks the outcome through the CLI and the emulator's
# counters, and saves screenshots into docs/screenshots/.
#
# Waiting: a real window has no "done" signal to poll for every keystroke, so UI steps wait
# a short settle time (SETTLE, seconds); everything with an observable outcome is polled
# with a deadline instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8

BIN=${BIN:-bin/chorusdesk}
BARE=${BARE:-bin/barewindow}
SHOTS=${SHOTS:-docs/screenshots}
SETTLE=${SETTLE:-1}

if [ -z "${CHORUSDESK_E2E_DISPLAY:-}" ]; then
  for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "e2e: $tool is missing (scripts/deps.sh test installs it)" >&2; exit 1; }
  done
  [ -x "$BIN" ] || go build -o "$BIN" .
  [ -x "$BARE" ] || go build -o "$BARE" ./tools/barewindow
  exec env CHORUSDESK_E2E_DISPLAY=1 xvfb-run -a -s '-screen 0 1280x800x24' "$0" "$@"
fi

work=$(mktemp -d)
data=$work/data
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$SHOTS"
export FYNE_SCALE=1 FYNE_THEME=light
MASTER='e2e master password 42'
step() { echo "e2e: $*"; }
fail() {
  echo "e2e: FAIL: $*" >&2
  import -window root "${FAIL_SHOT:-$work/failure.png}" 2>/dev/null && echo "e2e: screen at failure: ${FAIL_SHOT:-$work/failure.png}" >&2
  [ -f "$work/app.log" ] && tail -20 "$work/app.log" >&2
  exit 1
}

# wait_for DESC SECONDS CMD... polls CMD until it succeeds or the deadline passes.
wait_for() {
  local desc=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || fail "timed out waiting for $desc"
    sleep 0.2
  done
}
# http_get URL prints the response to a plain-http GET (bash's /dev/tcp: no curl needed).
http_get() {
  local rest=${1#http://}
  local hostport=${rest%%/*} path="/${rest#*/}"
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}"
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
  cat <&3
  exec 3<&-
}
shot() { import -window root "$SHOTS/$1.png"; step "screenshot $SHOTS/$1.png"; }
settle() { sleep "$SETTLE"; }
key() { xdotool key --clearmodifiers "$@"; settle; }
typ() { xdotool type --delay 15 -- "$1"; }

# The emulator (sandbox) on a free port; its first line gives the URLs.
"$BIN" emulator --addr 127.0.0.1:0 --env sandbox >"$work/emu.log" 2>&1 &
pids+=($!)
wait_for "the emulator" 20 grep -q CHORUS_EMULATOR "$work/emu.log"
oauth=$(sed -n 's/.*oauth_url=\([^ ]*\).*/\1/p' "$work/emu.log" | head -1)
api=$(sed -n 's/.*api_url=\([^ ]*\).*/\1/p' "$work/emu.log" | head -1)
step "emulator at $api"

# unlocked waits until the title names the environment (it does once the vault is open).
unlocked() { wait_for "the vault to open" 30 xdotool search --onlyvisible --name '^Chorus Desk .*(SANDBOX|PRODUCTION)'; settle; }

# now_ms is the wall clock in milliseconds; rss_mb the resident memory of a process.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
# window_after NAME T0 polls (50 ms) for a visible window named NAME; prints its id and sets
# startup_ms to the time since T0.
startup_ms=0
window_after() {
  local id="" end=$((SECONDS + 30))
  while [ -z "$id" ]; do
    [ $SECONDS -lt $end ] || fail "no window named $1"
    id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)
    [ -n "$id" ] || sleep 0.05
  done
  startup_ms=$(($(now_ms) - $2))
  echo "$id"
}

# Spec §6 reference: a bare Fyne window's start time and memory.
t0=$(now_ms)
"$BARE" >/dev/null 2>&1 &
bare=$!
pids+=($bare)
window_after '^Bare Fyne$' "$t0" >"$work/bare.win"
bare_ms=$startup_ms
sleep 2
bare_rss=$(rss_mb "$bare")
kill "$bare"
step "bare Fyne window: shown after ${bare_ms} ms, ${bare_rss} MB resident"

# start_window launches the window and focuses it.
win=""
start_window() {
  local t0
  t0=$(now_ms)
  "$BIN" --data "$data" >>"$work/app.log" 2>&1 &
  app=$!
  pids+=($app)
  window_after '^Chorus Desk$' "$t0" >"$work/app.win" # not $(…): startup_ms must survive
  win=$(cat "$work/app.win")
  [ -n "$win" ] || fail "no window"
  xdotool windowsize "$win" 1280 800 windowmove "$win" 0 0 windowfocus --sync "$win" || true
  settle
}
# quit_window quits with Ctrl+Q and waits for the process to end (it holds the data lock).
quit_window() {
  key ctrl+q
  wait_for "the window to close" 20 bash -c "! kill -0 $app"
}

# 1. First run: create the vault in the window.
start_window
typ "$MASTER"; settle
shot 01-first-run
key Tab
typ "$MASTER"
key Return
unlocked
shot 02-unlocked
quit_window
[ -n "$(ls "$data")" ] || fail "no data written"

# 2. Point the sandbox at the emulator with the CLI (same core, same vault).
CHORUSDESK_PASSWORD=$MASTER "$BIN" --data "$data" endpoints --env sandbox --oauth-url "$oauth" --api-url "$api" >/dev/null \
  || fail "endpoints"

# 3. Unlock, add a company, fill and save its sandbox slot, Test.
start_window
app_ms=$startup_ms
typ "$MASTER"
key Return
unlocked
sleep 1
app_rss=$(rss_mb "$app")
step "Chorus Desk: shown after ${app_ms} ms, ${app_rss} MB resident after unlock"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
step "spec §6 ratios to a bare Fyne window (target ≤ 1.30): start $(ratio "$app_ms" "$bare_ms"), memory $(ratio "$app_rss" "$bare_rss")"
key ctrl+n
typ "ACME"; key Tab
typ "ACME France"; key Tab
typ "73282932000074"; settle
shot 03-add-company
key Return
key ctrl+e                      # the ID tag
typ "ERP-1"; key Tab
typ "demo-sandbox-app"; key Tab
typ "demo-sandbox-secret"; key Tab
typ "TECH_1_demo1@cpro.fr"; key Tab
typ "demo-password-1"; settle
shot 04-form-unsaved
key ctrl+s
# Enable the specific setup with the mouse, on the toolbar icon at the top right (its tooltip
# says "Enable the specific setup"): the window is 1280 px wide, the icon 106 px from its edge.
xdotool mousemove --window "$win" 1174 100 click 1; settle
xdotool mousemove --window "$win" 640 700; settle # away, so the tooltip is not in the shots
key ctrl+t
wait_for "the account step of the Test" 30 bash -c "$(declare -f http_get); http_get '$api/_emulator/requests' | grep -q 'health-check'"
sleep 2 # the attachment step and the painting of the verdict
shot 05-test-green

# 4. Move the setup to a second company.
key ctrl+n
typ "BETA"; key Tab
typ "Beta Services"
key Return
key ctrl+f
typ "ACME"
key Return
key ctrl+m
typ "BETA"
key Return
shot 06-move-dialog
key Return
shot 07-moved
quit_window

# 5. The same window in French (it follows the system locale; Settings can switch it).
LANG=fr_FR.UTF-8 start_window
typ "$MASTER"
key Return
wait_for "the vault to open" 30 xdotool search --onlyvisible --name '^Chorus Desk .*(QUALIFICATION|PRODUCTION)'
settle
key ctrl+f
typ "BETA"
key Return
shot 08-francais
quit_window

# 6. Check what the window did, through the CLI.
show() { CHORUSDESK_PASSWORD=$MASTER "$BIN" --data "$data" setup show "$1" --json; }
show BETA | grep -q 'demo-sandbox-app' || fail "BETA did not receive the setup: $(show BETA)"
show BETA | grep -q '"enabled": true' || fail "the enabled flag did not move with the setup"
show ACME | grep -q 'demo-sandbox-app' && fail "ACME still holds the setup"
http_get "$api/_emulator/requests" | grep -q 'health-check' || fail "the Test never reached the account step"
step "PASS (screenshots in $SHOTS)"
