#!/usr/bin/env bash
# The Transfers scenario alone (e2e/scenarios/50-transfers.sh), on a 1920×1080 screen so that
# its screenshots include the big-window, dark and French variants; `make e2e` runs it with the
# other scenarios on their 1280×800 screen (the 1024×700 English ones only).
#
# Usage: e2e/transfers.sh   (BIN=path to a built chorusdesk, SHOTS=where the screenshots go)
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
source e2e/lib.sh
export E2E_SCREEN=${E2E_SCREEN:-1920x1080x24}
e2e_under_xvfb "$0" "$@"

e2e_setup
# What the earlier scenarios leave behind: a vault whose sandbox is the emulator, and ACME with
# the samples' seller SIRET and no setup of its own.
cli init >/dev/null || fail "init"
cli endpoints --env sandbox --oauth-url "$oauth" --api-url "$api" >/dev/null || fail "endpoints"
cli company add ACME --name "ACME France" --siret 73282932000074 >/dev/null || fail "company add"
step "scenario 50-transfers"
# shellcheck source=/dev/null
source e2e/scenarios/50-transfers.sh
step "PASS (screenshots in $SHOTS)"
