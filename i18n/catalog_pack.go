package i18n

// Messages of the programs themselves (which program to run on which system): the console
// command line cmd/chorusdesk-cli and the window program given a command on Windows.
func init() {
	Register(EN, map[string]string{
		"pack.cli.no_window":      "This program is Chorus Desk's command line, without the window: give it a command. The window is the program %s.",
		"pack.cli.window_failed":  "cannot start the window program %s: %s",
		"pack.gui.console_title":  "Chorus Desk: commands run in a terminal",
		"pack.gui.console_body":   "This program is Chorus Desk's window: it runs no command.\n\nTo run a command, open Command Prompt or PowerShell and type chorusdesk followed by the command, without .exe, for example:\n\n    chorusdesk help\n\nThis starts chorusdesk.com, the console program installed beside this one: it prints its results, waits until the command ends and stops on Ctrl+C.",
		"pack.gui.console_stderr": "chorusdesk.exe is the window and runs no command: type chorusdesk (without .exe) to run chorusdesk.com, the console program",
	})
	Register(FR, map[string]string{
		"pack.cli.no_window":      "Ce programme est la ligne de commande de Chorus Desk, sans fenêtre : donnez-lui une commande. La fenêtre est le programme %s.",
		"pack.cli.window_failed":  "impossible de lancer le programme de la fenêtre %s : %s",
		"pack.gui.console_title":  "Chorus Desk : les commandes se lancent dans un terminal",
		"pack.gui.console_body":   "Ce programme est la fenêtre de Chorus Desk : il ne lance aucune commande.\n\nPour lancer une commande, ouvrez l'Invite de commandes ou PowerShell et tapez chorusdesk suivi de la commande, sans .exe, par exemple :\n\n    chorusdesk help\n\nCela lance chorusdesk.com, le programme console installé à côté de celui-ci : il affiche ses résultats, attend la fin de la commande et s'arrête avec Ctrl+C.",
		"pack.gui.console_stderr": "chorusdesk.exe est la fenêtre et ne lance aucune commande : tapez chorusdesk (sans .exe) pour lancer chorusdesk.com, le programme console",
	})
}
