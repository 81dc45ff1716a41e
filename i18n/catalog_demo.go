package i18n

// Messages of the demo mode (package demo and the demo banner of the window).
func init() {
	Register(EN, map[string]string{
		"demo.tempdir":  "cannot create the demo's temporary directory: %s",
		"demo.emulator": "cannot start the local emulator for the demo: %s",
		"demo.inbox":    "cannot copy the sample invoices for the demo: %s",
		"demo.banner":   "DEMO — local emulator, throwaway data; nothing reaches Chorus Pro",
		"demo.inbox_at": "Sample invoices to try a transfer: %s",
		"demo.unlock":   "Unlock the demo",
		"demo.title":    "DEMO",
	})
	Register(FR, map[string]string{
		"demo.tempdir":  "impossible de créer le dossier temporaire de la démo : %s",
		"demo.emulator": "impossible de démarrer l'émulateur local de la démo : %s",
		"demo.inbox":    "impossible de copier les factures d'exemple de la démo : %s",
		"demo.banner":   "DÉMO — émulateur local, données jetables ; rien n'atteint Chorus Pro",
		"demo.inbox_at": "Factures d'exemple pour essayer un transfert : %s",
		"demo.unlock":   "Déverrouiller la démo",
		"demo.title":    "DÉMO",
	})
}
