# The same window in French (it follows the system locale; Settings can switch it).
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
