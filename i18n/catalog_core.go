package i18n

// Messages of package core (vault, companies, setups, settings, export/import).
func init() {
	Register(EN, map[string]string{
		"core.vault.password_empty":   "the master password may not be empty",
		"core.vault.damaged":          "the vault header is damaged or of an unsupported version (%s)",
		"core.validation.several":     "several fields are invalid:",
		"core.setup.invalid":          "invalid setup",
		"core.setup.unreadable":       "the saved setup of company %s cannot be opened (damaged or copied from another record): enter and save it again",
		"core.company.code_taken":     "the code %s is already used by another company",
		"core.company.siret_taken":    "the SIRET %s is already used by company %s",
		"core.company.default_rename": "the default company ***** cannot be renamed",
		"core.company.default_remove": "the default company ***** cannot be removed",
		"core.move.same":              "a setup cannot be moved to the same company",
		"core.move.empty":             "company %s has no setup to move",
		"core.autolock.range":         "the auto-lock delay must be between %d minute(s) and %d hours",
		"core.import.damaged":         "the export file is damaged or the passphrase is wrong",
		"core.import.format":          "this file is not a Chorus Desk export",
		"core.import.version":         "this export was made by a newer version of Chorus Desk (format %d)",
		"core.import.company":         "company %s in the export: %s",
		"core.import.duplicate":       "the export lists company %s twice",
		"core.export.passphrase":      "the export passphrase may not be empty",
	})
	Register(FR, map[string]string{
		"core.vault.password_empty":   "le mot de passe maître ne peut pas être vide",
		"core.vault.damaged":          "l'en-tête du coffre est endommagé ou d'une version non prise en charge (%s)",
		"core.validation.several":     "plusieurs champs sont invalides :",
		"core.setup.invalid":          "configuration invalide",
		"core.setup.unreadable":       "la configuration enregistrée de la société %s ne peut pas être ouverte (endommagée ou copiée d'un autre enregistrement) : saisissez-la et enregistrez-la à nouveau",
		"core.company.code_taken":     "le code %s est déjà utilisé par une autre société",
		"core.company.siret_taken":    "le SIRET %s est déjà utilisé par la société %s",
		"core.company.default_rename": "la société par défaut ***** ne peut pas être renommée",
		"core.company.default_remove": "la société par défaut ***** ne peut pas être supprimée",
		"core.move.same":              "une configuration ne peut pas être transférée vers la même société",
		"core.move.empty":             "la société %s n'a pas de configuration à transférer",
		"core.autolock.range":         "le délai de verrouillage automatique doit être compris entre %d minute(s) et %d heures",
		"core.import.damaged":         "le fichier d'export est endommagé ou la phrase de passe est fausse",
		"core.import.format":          "ce fichier n'est pas un export de Chorus Desk",
		"core.import.version":         "cet export a été fait par une version plus récente de Chorus Desk (format %d)",
		"core.import.company":         "société %s de l'export : %s",
		"core.import.duplicate":       "l'export contient deux fois la société %s",
		"core.export.passphrase":      "la phrase de passe de l'export ne peut pas être vide",
	})
}
