package i18n

// Text of the setup window's finish (issue 14): the master-password policy, the password
// expiry, the enable rule, the per-vault choices, the company tabs and their dialogs, help.
func init() {
	Register(EN, map[string]string{
		// master-password policy (domain.CheckMasterPassword), for the window and the CLI
		"setupui.password.invalid": "The master password contains characters that are not text.",
		"setupui.password.short":   "The master password must have at least %d characters.",
		"setupui.password.weak":    "This master password is too easy to guess: use a longer phrase with unrelated words, digits or symbols.",

		// password expiry
		"setupui.expiry.format":           "The expiry date must be written YYYY-MM-DD, such as 2027-03-31.",
		"setupui.expiry.range":            "The expiry date is not plausible.",
		"setupui.expiry.empty_slot":       "Fill and save the credentials before their password's expiry date.",
		"setupui.enable.empty.sandbox":    "This setup has no sandbox credentials: fill and save the sandbox credentials first.",
		"setupui.enable.empty.production": "This setup has no production credentials: fill and save the production credentials first.",

		// Test: the account step of an expired password
		"setupui.test.expired": "The Chorus password expired on %s. Ask the structure's primary manager to renew the technical account's password in Chorus Pro, then enter the new password and its expiry date.",

		// command line: setup show
		"setupui.cli.expires":    "Password expires",
		"setupui.cli.expires_in": "%s (in %s: renew it)",
		"setupui.cli.expired":    "%s (EXPIRED: Chorus Pro refuses it)",

		// per-vault choices
		"setupui.prefs.lang":  "The language must be English or French.",
		"setupui.prefs.theme": "The theme must be system, light or dark.",
	})
	Register(FR, map[string]string{
		"setupui.password.invalid": "Le mot de passe maître contient des caractères qui ne sont pas du texte.",
		"setupui.password.short":   "Le mot de passe maître doit comporter au moins %d caractères.",
		"setupui.password.weak":    "Ce mot de passe maître est trop facile à deviner : choisissez une phrase plus longue, de mots sans rapport, avec chiffres ou symboles.",

		"setupui.expiry.format":           "La date d'expiration doit s'écrire AAAA-MM-JJ, par exemple 2027-03-31.",
		"setupui.expiry.range":            "La date d'expiration n'est pas plausible.",
		"setupui.expiry.empty_slot":       "Renseignez et enregistrez les identifiants avant la date d'expiration de leur mot de passe.",
		"setupui.enable.empty.sandbox":    "Ce paramétrage n'a pas d'identifiants de qualification : renseignez et enregistrez d'abord les identifiants de qualification.",
		"setupui.enable.empty.production": "Ce paramétrage n'a pas d'identifiants de production : renseignez et enregistrez d'abord les identifiants de production.",

		"setupui.test.expired": "Le mot de passe Chorus a expiré le %s. Demandez au gestionnaire principal de la structure de renouveler le mot de passe du compte technique dans Chorus Pro, puis saisissez le nouveau mot de passe et sa date d'expiration.",

		"setupui.cli.expires":    "Expiration du mot de passe",
		"setupui.cli.expires_in": "%s (dans %s : renouvelez-le)",
		"setupui.cli.expired":    "%s (EXPIRÉ : Chorus Pro le refuse)",

		"setupui.prefs.lang":  "La langue doit être le français ou l'anglais.",
		"setupui.prefs.theme": "Le thème doit être système, clair ou sombre.",
	})
}
