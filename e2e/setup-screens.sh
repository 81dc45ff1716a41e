#!/usr/bin/env bash
# Screenshots of the setup window under Xvfb, for the eye: the real binary's
# --demo (a throwaway vault against the in-process emulator: nothing is written outside its
# own temporary directory), driven with xdotool, in each language, dark then light:
#
#   setup-main-LANG             the company tabs and the selected company's tab
#   setup-hover-enable-LANG     its three actions, each with its tooltip (mouse over it)
#   setup-hover-disable-LANG
#   setup-hover-transfer-LANG
#   setup-default-hover-LANG    the ***** tab, with the default company's wording
#   setup-test-LANG             the Test results of the selected company
#   setup-light-LANG            the light theme, and its Test results (setup-light-test-LANG)
#
# Usage: e2e/setup-screens.sh            (1024×700, English and French, into build/screenshots)
#        SIZE=1920x1080 SHOTS=build/screenshots/1920 e2e/setup-screens.sh
# `make screenshots` may copy the 1024×700 set into docs/screenshots; this script never writes
# into a tracked folder.
#
# Waiting: a window has no "done" signal for each key or hover, so those steps wait a short
# settle time (SETTLE seconds; tooltips need about one); the window itself is polled for.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
# step, fail, settle, key, shot and the BIN / SHOTS / SETTLE defaults are the e2e test's.
source e2e/lib.sh
SIZE=${SIZE:-1024x700}
LANGS=${LANGS:-en fr}

if [ -z "${CHORUSDESK_E2E_DISPLAY:-}" ]; then
  for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "setup-screens: $tool is missing (scripts/deps.sh test installs it)" >&2; exit 1; }
  done
  [ -x "$BIN" ] || go build -o "$BIN" .
  exec env CHORUSDESK_E2E_DISPLAY=1 xvfb-run -a -s "-screen 0 ${SIZE}x24" "$0" "$@"
fi

W=${SIZE%x*}
H=${SIZE#*x}
work=$(mktemp -d)
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null && wait "$app" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$SHOTS"

# start_demo LOCALE THEME starts the demo window, fills the screen with it and closes the
# first-run guide (Enter: its Close button has the focus).
start_demo() {
  LANG=$1 FYNE_THEME=$2 FYNE_SCALE=1 "$BIN" --demo >>"$work/app.log" 2>&1 &
  app=$!
  local win="" end=$((SECONDS + 30))
  while [ -z "$win" ]; do
    [ $SECONDS -lt $end ] || fail "no demo window"
    kill -0 "$app" 2>/dev/null || fail "the demo exited"
    win=$(xdotool search --onlyvisible --name 'Chorus Desk' 2>/dev/null | head -1 || true)
    [ -n "$win" ] || sleep 0.1
  done
  settle
  xdotool windowmove "$win" 0 0 windowsize "$win" "$W" "$H" windowfocus --sync "$win" || true
  settle
  key Return
  xdotool mousemove 150 $((H / 2 + 100)) # an empty part of the tab strip: no tooltip
  settle
}
quit_demo() {
  key ctrl+q
  local end=$((SECONDS + 20))
  while kill -0 "$app" 2>/dev/null; do
    [ $SECONDS -lt $end ] || fail "the demo did not quit"
    sleep 0.1
  done
  app=""
}

# hover X Y NAME rests the mouse on X,Y long enough for the tooltip, then takes NAME.
hover() {
  xdotool mousemove "$1" "$2"
  sleep 0.2
  xdotool mousemove $(($1 + 2)) "$2"
  sleep 1.2
  shot "$3"
  xdotool mousemove 150 $((H / 2 + 100)) # an empty part of the tab strip: no tooltip
  sleep 0.3
}

# The three actions sit at the right end of the tab's header, at these distances from the
# window's right edge (measured on the screenshots: labels differ by language); the header
# row is at the same height at every window size under the demo's banner.
ACTIONS_Y=147
declare -A ENABLE=([en]=251 [fr]=279) DISABLE=([en]=162 [fr]=186) TRANSFER=([en]=61 [fr]=69)
declare -A LOCALE=([en]=en_US.UTF-8 [fr]=fr_FR.UTF-8)

for l in $LANGS; do
  step "language $l, dark theme, ${W}×${H}"
  start_demo "${LOCALE[$l]}" dark
  shot "setup-main-$l"
  hover $((W - ${ENABLE[$l]})) $ACTIONS_Y "setup-hover-enable-$l"
  hover $((W - ${DISABLE[$l]})) $ACTIONS_Y "setup-hover-disable-$l"
  hover $((W - ${TRANSFER[$l]})) $ACTIONS_Y "setup-hover-transfer-$l"
  key ctrl+t
  sleep 2 # the in-process emulator answers at once; the steps are painted as they end
  shot "setup-test-$l"
  key ctrl+shift+Tab # the tab before the demo's first company: *****
  hover $((W - ${ENABLE[$l]})) $ACTIONS_Y "setup-default-hover-$l"
  quit_demo

  step "language $l, light theme"
  start_demo "${LOCALE[$l]}" light
  shot "setup-light-$l"
  key ctrl+t
  sleep 2
  shot "setup-light-test-$l"
  quit_demo
done
step "done: $(ls "$SHOTS"/setup-*.png | wc -l) screenshots in $SHOTS"
