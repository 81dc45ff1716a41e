# Check what the window did, through the CLI.
show() { cli setup show "$1" --json; }
show BETA | grep -q 'demo-sandbox-app' || fail "BETA did not receive the setup: $(show BETA)"
show BETA | grep -q '"enabled": true' || fail "the enabled flag did not move with the setup"
show ACME | grep -q 'demo-sandbox-app' && fail "ACME still holds the setup"
http_get "$api/_emulator/requests" | grep -q 'health-check' || fail "the Test never reached the account step"
