# Shared plumbing of the end-to-end test (sourced by e2e/run.sh; see it for the order).
#
# A scenario is a file e2e/scenarios/NN-what.sh, sourced in name order in one shell. It starts
# with no window open and must leave none open (quit_window). What it can use:
#   $BIN, $data       the program and its data directory (the vault; master password $MASTER)
#   $api, $oauth      the sandbox emulator's URLs (http_get "$api/_emulator/requests" lists calls)
#   $work             a scratch folder removed at the end; $SHOTS where screenshots go
#   start_window, quit_window, unlocked, key, typ, settle, shot NAME, wait_for, fail, step
#   cli ARGS...       the command line on the same data directory, with the master password
# A new scenario takes a number between the existing ones (they share the vault's state), so
# scenarios added in parallel never touch the same file.
#
# Waiting: a real window has no "done" signal to poll for every keystroke, so UI steps wait
# a short settle time (SETTLE, seconds); everything with an observable outcome is polled
# with a deadline instead.

BIN=${BIN:-bin/chorusdesk}
BARE=${BARE:-bin/barewindow}
# Never a tracked folder: `make screenshots` copies a run's screenshots into docs/screenshots.
SHOTS=${SHOTS:-build/screenshots}
SETTLE=${SETTLE:-1}
MASTER='e2e master password 42'

# e2e_under_xvfb SCRIPT ARGS... re-runs SCRIPT under a fresh Xvfb display unless it already
# runs under one, after checking the tools and building the programs.
e2e_under_xvfb() {
  [ -z "${CHORUSDESK_E2E_DISPLAY:-}" ] || return 0
  local tool
  for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "e2e: $tool is missing (scripts/deps.sh test installs it)" >&2; exit 1; }
  done
  [ -x "$BIN" ] || go build -o "$BIN" .
  [ -x "$BARE" ] || go build -o "$BARE" ./tools/barewindow
  # E2E_SCREEN: a larger screen for the scenarios that shoot big windows (e2e/transfers.sh).
  exec env CHORUSDESK_E2E_DISPLAY=1 xvfb-run -a -s "-screen 0 ${E2E_SCREEN:-1280x800x24}" "$@"
}

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
cli() { CHORUSDESK_PASSWORD=$MASTER "$BIN" --data "$data" "$@"; }

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

# start_window launches the window and focuses it ($app is its pid, $win its window).
win=""
app=""
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

# e2e_setup makes the scratch folder and the data directory, and starts the sandbox emulator
# on a free port (its first line gives the URLs).
pids=()
e2e_cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
e2e_setup() {
  work=$(mktemp -d)
  data=$work/data
  trap e2e_cleanup EXIT
  mkdir -p "$SHOTS"
  export FYNE_SCALE=1 FYNE_THEME=light
  "$BIN" emulator --addr 127.0.0.1:0 --env sandbox >"$work/emu.log" 2>&1 &
  pids+=($!)
  wait_for "the emulator" 20 grep -q CHORUS_EMULATOR "$work/emu.log"
  oauth=$(sed -n 's/.*oauth_url=\([^ ]*\).*/\1/p' "$work/emu.log" | head -1)
  api=$(sed -n 's/.*api_url=\([^ ]*\).*/\1/p' "$work/emu.log" | head -1)
  step "emulator at $api"
}
