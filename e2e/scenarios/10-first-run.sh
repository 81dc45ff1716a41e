# First run: create the vault in the window.
start_window
typ "$MASTER"; settle
shot 01-first-run
key Tab
typ "$MASTER"
key Return
unlocked
key Return # close the first-run guide (its Close button has the focus)
shot 02-unlocked
quit_window
[ -n "$(ls "$data")" ] || fail "no data written"

# Point the sandbox at the emulator with the CLI (same core, same vault).
cli endpoints --env sandbox --oauth-url "$oauth" --api-url "$api" >/dev/null || fail "endpoints"
