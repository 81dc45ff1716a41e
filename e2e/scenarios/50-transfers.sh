# Transfers (issue 11): a batch Chorus Pro partly refuses because the supplier is not attached
# to the technical account, its honest progress, the refused row's details, Test / Fix setup,
# Send again and the linked rows; then the "In Chorus Pro" listing. The samples' seller is ACME,
# whose invoices go through the ***** setup (ACME has none of its own since scenario 30).
#
# Screenshots (1024×700, light, English): transfers-1-waiting, transfers-2-rejected-batch,
# transfers-3-rejected-details, transfers-4-fix-setup, transfers-5-resent, transfers-6-listing;
# on a screen of 1920 points or more (e2e/transfers.sh), the refused row's details again at
# 1920×1080 and 1024×700, dark and light, English and French: transfers-7-<lang>-<theme>-<width>.

# tr_post URL JSON posts JSON (bash's /dev/tcp, as http_get).
tr_post() {
  local rest=${1#http://}
  local hostport=${rest%%/*} path="/${rest#*/}"
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}"
  printf 'POST %s HTTP/1.0\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$path" "$hostport" "${#2}" "$2" >&3
  cat <&3
  exec 3<&-
}
# tr_calls PATH is how many times the app called that Chorus Pro operation.
tr_calls() { http_get "$api/_emulator/requests" | grep -o "\"/cpro/$1\":[0-9]*" | grep -o '[0-9]*$' || echo 0; }
# tr_deposits NUMBER is how many times the invoice was deposited.
tr_deposits() { http_get "$api/_emulator/requests" | grep -o "\"$1\":[0-9]*" | grep -o '[0-9]*$' || echo 0; }
# tr_until DESC SECONDS SHELL-CONDITION waits for a condition on the emulator's counters.
tr_until() {
  wait_for "$1" "$2" bash -c "$(declare -f http_get tr_calls tr_deposits); api='$api'; $3"
}
# tr_window TITLE waits for a visible window and prints its id.
tr_window() {
  wait_for "the window $1" 30 xdotool search --onlyvisible --name "$1"
  xdotool search --onlyvisible --name "$1" | head -1
}
# tr_place WIN W H sizes a window, puts it top left, on top, with the keyboard.
tr_place() {
  xdotool windowsize "$1" "$2" "$3" windowmove "$1" 0 0 windowraise "$1"
  xdotool windowfocus --sync "$1" || true
  settle
}
# tr_shot NAME WIN saves the window (not the whole screen) as $SHOTS/NAME.png.
tr_shot() { import -window "$2" "$SHOTS/$1.png"; step "screenshot $SHOTS/$1.png"; }
# tr_select NUMBER shows the first row of an invoice in the details (search, Enter), then
# clears the search so the table shows every row again.
tr_select() {
  key ctrl+f
  typ "$1"; key Return
  key ctrl+a; key BackSpace
}
# tr_quit quits from the setup window (the other windows have no Ctrl+Q).
tr_quit() {
  xdotool windowraise "$win" windowfocus --sync "$win" || true
  quit_window
}
tr_cr=transverses/v1/consulterCRDetaille

# The ***** setup carries ACME's invoices (the secrets come from the environment, never the
# command line).
export TR_SECRET=demo-sandbox-secret TR_PASSWORD=demo-password-1
cli setup set '*****' --env sandbox --client-id demo-sandbox-app --client-secret-env TR_SECRET \
  --login TECH_1_demo1@cpro.fr --password-env TR_PASSWORD --tag DESK-1 >/dev/null || fail "setup set *****"
unset TR_SECRET TR_PASSWORD
cli setup enable '*****' >/dev/null || fail "setup enable *****"
# Chorus Pro refuses two of the three: the supplier is not attached to the technical account.
for n in FA-2026-0001 FA-2026-0002; do
  tr_post "$api/_emulator/outcomes" "{\"kind\":\"supplier_not_attached\",\"invoice\":\"$n\"}" >/dev/null
done
inbox=$work/inbox
mkdir -p "$inbox"
cr0=$(tr_calls "$tr_cr")

start_window
typ "$MASTER"
key Return
unlocked
key Return # closes the getting-started guide if the vault still shows it (harmless otherwise)
key ctrl+j
tw=$(tr_window '^Chorus Desk .* Transfers$')
tr_place "$tw" 1024 700
key ctrl+i
typ "$inbox"
key Return
for f in FA-2026-0001_UBL.xml FA-2026-0002_CII.xml FA-2026-0003_Factur-X-EN16931.pdf; do
  cp "internal/fixtures/invoices/$f" "$inbox/"
done
# Deposited (the inbox waits 3 s for a file to settle), Chorus Pro not asked yet.
tr_until "three deposits" 60 '[ "$(tr_deposits FA-2026-0003)" -ge 1 ] && [ "$(tr_deposits FA-2026-0001)" -ge 1 ] && [ "$(tr_deposits FA-2026-0002)" -ge 1 ]'
settle
tr_shot transfers-1-waiting "$tw"
# The first look at the fluxes comes 20 s after the deposits.
tr_until "Chorus Pro's answers" 90 "[ \"\$(tr_calls $tr_cr)\" -ge $((cr0 + 3)) ]"
sleep 3
tr_shot transfers-2-rejected-batch "$tw"

tr_select FA-2026-0001
tr_shot transfers-3-rejected-details "$tw"
# Test / Fix setup: the setup window comes forward on the ***** tab, where its Test is.
key ctrl+shift+t
xdotool windowraise "$win"
sleep 1
tr_shot transfers-4-fix-setup "$win"
# The fix is made in Chorus Pro (the supplier attached); back in Transfers, Send again.
key ctrl+j
tr_place "$tw" 1024 700
cr1=$(tr_calls "$tr_cr")
key ctrl+shift+r
key Return
tr_until "the second deposit of FA-2026-0001" 30 '[ "$(tr_deposits FA-2026-0001)" -ge 2 ]'
tr_until "Chorus Pro's answer on it" 90 "[ \"\$(tr_calls $tr_cr)\" -ge $((cr1 + 1)) ]"
sleep 3
tr_shot transfers-5-resent "$tw"

# The listing of ACME's invoices on Chorus Pro (the accepted ones: refused fluxes never reach
# it), opened from the setup window on ACME's tab.
xdotool windowraise "$win" windowfocus --sync "$win" || true
key ctrl+f
typ "ACME"
key Return
key ctrl+i
lw=$(tr_window '^Chorus Desk .* In Chorus Pro$')
tr_place "$lw" 1024 700
tr_until "the listing" 30 '[ "$(tr_calls factures/v1/rechercher/fournisseur)" -ge 1 ]'
sleep 3
tr_shot transfers-6-listing "$lw"
tr_quit

# The same details at both sizes, dark and light, English and French, on a screen that holds
# 1920×1080 (e2e/transfers.sh).
screen_w=$(xdotool getdisplaygeometry | cut -d' ' -f1)
if [ "$screen_w" -ge 1920 ]; then
  for variant in en:light:1920x1080 en:dark:1920x1080 en:dark:1024x700 fr:light:1024x700 fr:dark:1920x1080 fr:light:1920x1080; do
    IFS=: read -r vlang vtheme vsize <<<"$variant"
    vloc=en_US.UTF-8 vtitle='^Chorus Desk .* Transfers$'
    [ "$vlang" = fr ] && vloc=fr_FR.UTF-8 vtitle='^Chorus Desk .* Envois$'
    LANG=$vloc FYNE_THEME=$vtheme start_window
    typ "$MASTER"
    key Return
    wait_for "the vault to open" 30 xdotool search --onlyvisible --name '^Chorus Desk .*(SANDBOX|PRODUCTION|QUALIFICATION)'
    settle
    key Return
    key ctrl+j
    tw=$(tr_window "$vtitle")
    tr_place "$tw" "${vsize%x*}" "${vsize#*x}"
    tr_select FA-2026-0002
    tr_shot "transfers-7-$vlang-$vtheme-${vsize%x*}" "$tw"
    tr_quit
  done
fi

# What the window did, through the CLI: FA-2026-0001 refused, then sent again and accepted
# (linked), FA-2026-0002 still refused, FA-2026-0003 accepted, each deposited as many times as
# the user asked.
st=$(cli status --json) || fail "status"
[ "$(tr_deposits FA-2026-0001)" -eq 2 ] || fail "FA-2026-0001 deposited $(tr_deposits FA-2026-0001) times, want 2"
[ "$(tr_deposits FA-2026-0002)" -eq 1 ] || fail "FA-2026-0002 deposited $(tr_deposits FA-2026-0002) times, want 1"
[ "$(tr_deposits FA-2026-0003)" -eq 1 ] || fail "FA-2026-0003 deposited $(tr_deposits FA-2026-0003) times, want 1"
echo "$st" | grep -q '"replaced_by"' || fail "the refused copy is not linked to its replacement: $st"
echo "$st" | grep -q '"setup_from": "\*\*\*\*\*"' || fail "the items do not say the ***** setup carried them: $st"
