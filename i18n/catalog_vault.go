package i18n

// Messages of package storage: the data directory, its lock and the sealed vault (spec §2.6).
// No template takes a secret; the few arguments are paths or Badger's own error text.
func init() {
	Register(EN, map[string]string{
		"vault.in_use":              "Chorus Desk is already running with this data directory (another window or command is using it). Close it and try again.",
		"vault.wrong_password":      "Wrong password.",
		"vault.bad_header":          "The vault header is damaged or is not a Chorus Desk vault.",
		"vault.unsupported_version": "This data was written by another version of Chorus Desk and cannot be read by this one.",
		"vault.kdf_out_of_range":    "The vault's key-derivation settings are outside the allowed range; the vault was refused.",
		"vault.tampered":            "Stored data failed its integrity check (damaged or modified); it was not used.",
		"vault.wiped":               "The vault is locked: unlock it with the master password.",
		"vault.bad_identity":        "Internal error: a record identity contains a forbidden character.",
		"vault.bad_bundle":          "The bundle cannot be opened: wrong passphrase or damaged file.",
		"vault.no_randomness":       "The system random number generator failed; nothing was saved.",
		"vault.dir_failed":          "Cannot prepare the data directory %s: %s",
		"vault.lock_failed":         "Cannot take the lock of the data directory %s: %s",
		"vault.open_failed":         "Cannot open the database in %s: %s",
		"vault.close_failed":        "Cannot close the database cleanly: %s",
	})
	Register(FR, map[string]string{
		"vault.in_use":              "Chorus Desk est déjà ouvert avec ce dossier de données (une autre fenêtre ou commande l'utilise). Fermez-la et réessayez.",
		"vault.wrong_password":      "Mot de passe incorrect.",
		"vault.bad_header":          "L'en-tête du coffre est endommagé ou ce n'est pas un coffre Chorus Desk.",
		"vault.unsupported_version": "Ces données ont été écrites par une autre version de Chorus Desk et ne peuvent pas être lues par celle-ci.",
		"vault.kdf_out_of_range":    "Les paramètres de dérivation de clé du coffre sont hors des limites autorisées ; le coffre a été refusé.",
		"vault.tampered":            "Des données enregistrées ont échoué au contrôle d'intégrité (endommagées ou modifiées) ; elles n'ont pas été utilisées.",
		"vault.wiped":               "Le coffre est verrouillé : déverrouillez-le avec le mot de passe principal.",
		"vault.bad_identity":        "Erreur interne : l'identité d'un enregistrement contient un caractère interdit.",
		"vault.bad_bundle":          "Le paquet ne peut pas être ouvert : phrase secrète incorrecte ou fichier endommagé.",
		"vault.no_randomness":       "Le générateur de nombres aléatoires du système a échoué ; rien n'a été enregistré.",
		"vault.dir_failed":          "Impossible de préparer le dossier de données %s : %s",
		"vault.lock_failed":         "Impossible de verrouiller le dossier de données %s : %s",
		"vault.open_failed":         "Impossible d'ouvrir la base de données dans %s : %s",
		"vault.close_failed":        "Impossible de fermer proprement la base de données : %s",
	})
}
