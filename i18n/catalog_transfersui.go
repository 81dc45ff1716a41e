package i18n

// Text of the Transfers window's round on trust (issue 11): the batch's two stages, the table's
// columns and filter, the verdict in the details, dialogs that fit; the "In Chorus Pro"
// listing and the restore dialog.
func init() {
	Register(EN, map[string]string{
		// notifications
		"transfersui.notify.rejected_title": "Invoice %s: %s",
		"transfersui.notify.batch_title":    "Chorus Desk: batch finished",
		"transfersui.notify.batch_body":     "Accepted by Chorus Pro: %d. Refused or rejected: %d. Waiting for you: %d.",

		// the batch's two stages
		"transfersui.batch.sent_bar":     "sent to Chorus Pro: %d / %d",
		"transfersui.batch.answered_bar": "answered by Chorus Pro: %d / %d",
		"transfersui.batch.none":         "Transfers: %d. Nothing in progress.",
		"transfersui.batch.running":      "Batch of %d in progress. To send: %d. Waiting for Chorus Pro's answer: %d. Accepted: %d. Refused: %d. Waiting for you: %d.",
		"transfersui.batch.done":         "Batch finished. Accepted by Chorus Pro: %d. Refused or rejected: %d. Waiting for you: %d.",

		// the table and its filter
		"transfersui.col.number":             "Invoice",
		"transfersui.col.file":               "File",
		"transfersui.col.company":            "Company · tag",
		"transfersui.col.setup":              "Setup used",
		"transfersui.col.state":              "State",
		"transfersui.col.flux":               "Flux number",
		"transfersui.col.age":                "Age",
		"transfersui.filter.company":         "Company:",
		"transfersui.filter.every_company":   "every company",
		"transfersui.filter.state":           "State:",
		"transfersui.filter.group.all":       "every state",
		"transfersui.filter.group.moving":    "on its way",
		"transfersui.filter.group.needs_you": "waiting for you",
		"transfersui.filter.group.refused":   "refused or rejected",
		"transfersui.filter.group.accepted":  "accepted",
		"transfersui.filter.search":          "Search: invoice, file, flux…",
		"transfersui.filter.hide_done":       "Hide finished after %d days",
		"transfersui.filter.shown":           "%d shown of %d",
		"transfersui.filter.shown_hidden":    "%d shown of %d (%d finished hidden: search finds them)",
		"transfersui.state.replaced":         "replaced by a new copy (%s)",

		// setup used
		"transfersui.setup.own":      "own",
		"transfersui.setup.own_of":   "%s's own setup",
		"transfersui.setup.default":  "the ***** setup",
		"transfersui.setup.used":     "Sent through %s, technical login %s.",
		"transfersui.setup.will_use": "Goes through %s, technical login %s.",
		"transfersui.setup.tag":      "ID tag: %s.",

		// the details
		"transfersui.todo":                "What to do: %s",
		"transfersui.raw":                 "Chorus Pro's own words: %s",
		"transfersui.copy":                "Copy",
		"transfersui.copied":              "Flux number %s copied.",
		"transfersui.fix_setup":           "Test / Fix setup…",
		"transfersui.link.replaced_by":    "Replaced by a new copy of %s, added %s (%s): show it",
		"transfersui.link.replaces":       "Replaces an earlier copy of %s, added %s (%s): show it",
		"transfersui.f.commitment":        "Commitment number",
		"transfersui.resend.refused":      "Chorus Pro refused invoice %s (%s) before any buyer saw it: %s",
		"transfersui.resend.refused_file": "Sending it again after the fix is not a duplicate: the same file is deposited as a new copy, linked to this one. If you corrected the invoice file itself, add the corrected file instead: it takes this one's place.",
		"transfersui.resend.refused_yes":  "Send again",

		// dialogs
		"transfersui.dialog.more":  "… and %d more",
		"transfersui.added_again":  "Sent again because Chorus Pro had refused them or they were never sent: %d.",
		"transfersui.dup.intro":    "Chorus Pro already has these invoices, or is still processing them (%d):",
		"transfersui.dup.twice":    "Sending them again deposits a second copy: the buyer would receive the invoice twice.",
		"transfersui.dup.unsure":   "For an unconfirmed deposit, Chorus Desk first asks Chorus Pro again and sends only if the invoice is not there.",
		"transfersui.dup.question": "Send them again anyway?",
		"transfersui.dup.yes":      "Send again anyway",
	})
	Register(FR, map[string]string{
		"transfersui.notify.rejected_title": "Facture %s : %s",
		"transfersui.notify.batch_title":    "Chorus Desk : lot terminé",
		"transfersui.notify.batch_body":     "Acceptées par Chorus Pro : %d. Refusées ou rejetées : %d. En attente de vous : %d.",

		"transfersui.batch.sent_bar":     "envoyées à Chorus Pro : %d / %d",
		"transfersui.batch.answered_bar": "réponse de Chorus Pro : %d / %d",
		"transfersui.batch.none":         "Envois : %d. Rien en cours.",
		"transfersui.batch.running":      "Lot de %d en cours. À envoyer : %d. En attente de la réponse de Chorus Pro : %d. Acceptées : %d. Refusées : %d. En attente de vous : %d.",
		"transfersui.batch.done":         "Lot terminé. Acceptées par Chorus Pro : %d. Refusées ou rejetées : %d. En attente de vous : %d.",

		"transfersui.col.number":             "Facture",
		"transfersui.col.file":               "Fichier",
		"transfersui.col.company":            "Société · ident.",
		"transfersui.col.setup":              "Paramétrage",
		"transfersui.col.state":              "État",
		"transfersui.col.flux":               "Numéro de flux",
		"transfersui.col.age":                "Âge",
		"transfersui.filter.company":         "Société :",
		"transfersui.filter.every_company":   "toutes les sociétés",
		"transfersui.filter.state":           "État :",
		"transfersui.filter.group.all":       "tous les états",
		"transfersui.filter.group.moving":    "en chemin",
		"transfersui.filter.group.needs_you": "en attente de vous",
		"transfersui.filter.group.refused":   "refusées ou rejetées",
		"transfersui.filter.group.accepted":  "acceptées",
		"transfersui.filter.search":          "Chercher : facture, fichier, flux…",
		"transfersui.filter.hide_done":       "Masquer les terminés après %d jours",
		"transfersui.filter.shown":           "%d affichés sur %d",
		"transfersui.filter.shown_hidden":    "%d affichés sur %d (%d terminés masqués : la recherche les trouve)",
		"transfersui.state.replaced":         "remplacée par une nouvelle copie (%s)",

		"transfersui.setup.own":      "propre",
		"transfersui.setup.own_of":   "le paramétrage propre de %s",
		"transfersui.setup.default":  "le paramétrage *****",
		"transfersui.setup.used":     "Envoyée par %s, identifiant technique %s.",
		"transfersui.setup.will_use": "Passe par %s, identifiant technique %s.",
		"transfersui.setup.tag":      "Identifiant des envois : %s.",

		"transfersui.todo":                "Que faire : %s",
		"transfersui.raw":                 "Texte de Chorus Pro : %s",
		"transfersui.copy":                "Copier",
		"transfersui.copied":              "Numéro de flux %s copié.",
		"transfersui.fix_setup":           "Tester / corriger le paramétrage…",
		"transfersui.link.replaced_by":    "Remplacée par une nouvelle copie de %s, ajoutée le %s (%s) : l'afficher",
		"transfersui.link.replaces":       "Remplace une copie précédente de %s, ajoutée le %s (%s) : l'afficher",
		"transfersui.f.commitment":        "Numéro d'engagement",
		"transfersui.resend.refused":      "Chorus Pro a refusé la facture %s (%s) avant qu'un acheteur ne la voie : %s",
		"transfersui.resend.refused_file": "La renvoyer après correction n'est pas un doublon : le même fichier est déposé comme nouvelle copie, liée à celle-ci. Si vous avez corrigé le fichier de la facture lui-même, ajoutez plutôt le fichier corrigé : il prend la place de celui-ci.",
		"transfersui.resend.refused_yes":  "Renvoyer",

		"transfersui.dialog.more":  "… et %d de plus",
		"transfersui.added_again":  "Renvoyées parce que Chorus Pro les avait refusées ou qu'elles n'étaient jamais parties : %d.",
		"transfersui.dup.intro":    "Chorus Pro a déjà ces factures, ou les traite encore (%d) :",
		"transfersui.dup.twice":    "Les renvoyer dépose une seconde copie : l'acheteur recevrait la facture deux fois.",
		"transfersui.dup.unsure":   "Pour un dépôt non confirmé, Chorus Desk interroge d'abord Chorus Pro à nouveau et n'envoie que si la facture n'y est pas.",
		"transfersui.dup.question": "Les renvoyer quand même ?",
		"transfersui.dup.yes":      "Renvoyer quand même",
	})
}
