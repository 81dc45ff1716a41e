# Move the setup to a second company.
start_window
typ "$MASTER"
key Return
unlocked
key ctrl+n
typ "BETA"; key Tab
typ "Beta Services"
key Return
key ctrl+f
typ "ACME"
key Return
key ctrl+m
typ "BETA"
key Return
shot 06-move-dialog
key Return
shot 07-moved
quit_window
