# Unlock, add a company, fill and save its sandbox slot, Test (against the emulator).
start_window
app_ms=$startup_ms
typ "$MASTER"
key Return
unlocked
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
# Enable the specific setup with the mouse, on the toolbar icon at the top right (its tooltip
# says "Enable the specific setup"): the window is 1280 px wide, the icon 106 px from its edge.
xdotool mousemove --window "$win" 1174 100 click 1; settle
xdotool mousemove --window "$win" 640 700; settle # away, so the tooltip is not in the shots
key ctrl+t
wait_for "the account step of the Test" 30 bash -c "$(declare -f http_get); http_get '$api/_emulator/requests' | grep -q 'health-check'"
sleep 2 # the attachment step and the painting of the verdict
shot 05-test-green
quit_window
