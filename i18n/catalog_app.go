package i18n

// Text of the window's structure: what the Transfers window says about the
// files the intake rule passes over and about the inbox watch's notices.
func init() {
	Register(EN, map[string]string{
		"app.transfers.skipped":      "%d passed over (%s: %s).",
		"app.transfers.inbox.notice": "Inbox: %s",
	})
	Register(FR, map[string]string{
		"app.transfers.skipped":      "%d écarté(s) (%s : %s).",
		"app.transfers.inbox.notice": "Dossier de dépôt : %s",
	})
}
