#!/usr/bin/env bash
# End-to-end test of the window: builds the real binary, starts it under Xvfb on a fresh data
# directory with the local emulator, drives it with xdotool like a user would (keyboard first),
# checks the outcome through the CLI and the emulator's counters, and saves screenshots into
# $SHOTS (build/screenshots; `make screenshots` copies them to docs/screenshots).
#
# The steps are the scenarios e2e/scenarios/*.sh, sourced in name order in this one shell
# (e2e/lib.sh says what a scenario may use and must leave behind).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
source e2e/lib.sh
e2e_under_xvfb "$0" "$@"

e2e_setup
for scenario in e2e/scenarios/*.sh; do
  step "scenario $(basename "$scenario" .sh)"
  # shellcheck source=/dev/null
  source "$scenario"
done
step "PASS (screenshots in $SHOTS)"
