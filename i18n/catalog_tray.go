package i18n

// Messages of the system tray, the start at login and "keep transfers running while locked"
// (app/tray*.go, app/background*.go, core/keeprunning.go, storage/keyring.go). No template
// takes a secret: arguments are counts, the credential store's entry names and error texts.
func init() {
	Register(EN, map[string]string{
		"tray.menu.open":                "Open Chorus Desk",
		"tray.menu.pause":               "Pause watching the inbox",
		"tray.menu.resume":              "Resume watching the inbox",
		"tray.menu.quit":                "Quit Chorus Desk",
		"tray.status.paused_locked":     "Transfers paused: Chorus Desk is locked",
		"tray.status.keyring":           "Transfers waiting: the system keyring did not give the key",
		"tray.status.pending":           "Transfers in progress: %d",
		"tray.status.watching":          "Watching the inbox",
		"tray.status.idle":              "No transfer in progress",
		"tray.notify.hidden_title":      "Chorus Desk is still running",
		"tray.notify.hidden_body":       "Transfers go on in the background. Open or quit Chorus Desk from its icon in the system tray.",
		"tray.notify.hidden_paused":     "Transfers are paused while Chorus Desk is locked: open it from its icon in the system tray and unlock it.",
		"tray.notify.locked_title":      "Transfers paused",
		"tray.settings.section":         "In the background",
		"tray.settings.autostart":       "Start Chorus Desk at login, in the system tray",
		"tray.settings.keeprunning":     "Keep transfers running while locked",
		"tray.settings.keeprunning_tip": "The system keyring keeps the vault's key so that transfers go on without the master password while Chorus Desk is locked. Anyone using your session can then send invoices.",
		"tray.settings.no_tray":         "This desktop shows no system tray: Chorus Desk quits when its window is closed.",
		"tray.settings.autostart_err":   "Start at login could not be changed: %s",
		"tray.keeprunning.off":          "Transfers cannot go on while Chorus Desk is locked: \"Keep transfers running while locked\" is off.",
		"tray.keyring.missing":          "The system keyring holds no key for this data folder: unlock Chorus Desk with the master password.",
		"tray.keyring.stale":            "The key in the system keyring belongs to another vault: turn \"Keep transfers running while locked\" off and on again.",
		"tray.keyring.unavailable":      "The system keyring cannot be used (on Linux it needs a Secret Service such as GNOME Keyring or KWallet).",
		"tray.keyring.forget_failed":    "\"Keep transfers running while locked\" is off, but the key could not be removed from the system keyring: delete the entry \"%s\" / \"%s\" there yourself.",
	})
	Register(FR, map[string]string{
		"tray.menu.open":                "Ouvrir Chorus Desk",
		"tray.menu.pause":               "Suspendre la surveillance du dossier de dépôt",
		"tray.menu.resume":              "Reprendre la surveillance du dossier de dépôt",
		"tray.menu.quit":                "Quitter Chorus Desk",
		"tray.status.paused_locked":     "Transferts suspendus : Chorus Desk est verrouillé",
		"tray.status.keyring":           "Transferts en attente : le trousseau du système n'a pas donné la clé",
		"tray.status.pending":           "Transferts en cours : %d",
		"tray.status.watching":          "Dossier de dépôt surveillé",
		"tray.status.idle":              "Aucun transfert en cours",
		"tray.notify.hidden_title":      "Chorus Desk reste ouvert",
		"tray.notify.hidden_body":       "Les transferts continuent en arrière-plan. Ouvrez ou quittez Chorus Desk depuis son icône dans la zone de notification.",
		"tray.notify.hidden_paused":     "Les transferts sont suspendus tant que Chorus Desk est verrouillé : ouvrez-le depuis son icône dans la zone de notification et déverrouillez-le.",
		"tray.notify.locked_title":      "Transferts suspendus",
		"tray.settings.section":         "En arrière-plan",
		"tray.settings.autostart":       "Lancer Chorus Desk à l'ouverture de session, dans la zone de notification",
		"tray.settings.keeprunning":     "Poursuivre les transferts quand Chorus Desk est verrouillé",
		"tray.settings.keeprunning_tip": "Le trousseau du système garde la clé du coffre pour que les transferts continuent sans le mot de passe maître pendant que Chorus Desk est verrouillé. Toute personne utilisant votre session peut alors envoyer des factures.",
		"tray.settings.no_tray":         "Ce bureau n'affiche pas de zone de notification : Chorus Desk se ferme quand sa fenêtre est fermée.",
		"tray.settings.autostart_err":   "Le lancement à l'ouverture de session n'a pas pu être modifié : %s",
		"tray.keeprunning.off":          "Les transferts ne peuvent pas continuer pendant que Chorus Desk est verrouillé : « Poursuivre les transferts quand Chorus Desk est verrouillé » est désactivé.",
		"tray.keyring.missing":          "Le trousseau du système ne contient pas de clé pour ce dossier de données : déverrouillez Chorus Desk avec le mot de passe maître.",
		"tray.keyring.stale":            "La clé du trousseau du système appartient à un autre coffre : désactivez puis réactivez « Poursuivre les transferts quand Chorus Desk est verrouillé ».",
		"tray.keyring.unavailable":      "Le trousseau du système n'est pas utilisable (sous Linux il faut un service de secrets tel que GNOME Keyring ou KWallet).",
		"tray.keyring.forget_failed":    "« Poursuivre les transferts quand Chorus Desk est verrouillé » est désactivé, mais la clé n'a pas pu être retirée du trousseau du système : supprimez-y vous-même l'entrée « %s » / « %s ».",
	})
}
