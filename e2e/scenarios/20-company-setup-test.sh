# Unlock, add a company, fill and save its sandbox slot, Test (against the emulator).
start_window
app_ms=$startup_ms
typ "$MASTER"
key Return
unlocked
key Return # close the first-run guide: the vault is still being set up
sleep 1
app_rss=$(rss_mb "$app")
step "Chorus Desk: shown after ${app_ms} ms, ${app_rss} MB resident after unlock"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
step "ratios to a bare Fyne window (target ≤ 1.30): start $(ratio "$app_ms" "$bare_ms"), memory $(ratio "$app_rss" "$bare_rss")"
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
# Saving a complete sandbox slot offers "Enable this setup": Enter takes it (the button has
# the focus).
key Return
key ctrl+t
wait_for "the account step of the Test" 30 bash -c "$(declare -f http_get); http_get '$api/_emulator/requests' | grep -q 'health-check'"
sleep 2 # the attachment step and the painting of the verdict
shot 05-test-green
quit_window
