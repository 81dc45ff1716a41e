package i18n

// Messages of the key-value interface, the invoice content store, the data-directory checks
// and the automatic backups (packages storage and core, persistence side). No template takes a
// secret; arguments are paths, file names or counts.
func init() {
	Register(EN, map[string]string{
		"store.kv.not_found":       "No such record.",
		"store.kv.stop":            "Scan stopped.",
		"store.kv.read_only":       "Internal error: a write was attempted in a read-only transaction.",
		"store.kv.not_owned":       "Internal error: these records belong to another part of Chorus Desk.",
		"store.kv.conflict":        "The data changed while it was being saved; nothing was saved. Try again.",
		"store.kv.empty_key":       "Internal error: a record without a key.",
		"store.kv.value_too_large": "Internal error: a record is too large to be stored.",
		"store.kv.closed":          "The data directory is closed.",
		"store.kv.namespace_taken": "Internal error: this part of the data directory is already in use.",
	})
	Register(FR, map[string]string{
		"store.kv.not_found":       "Enregistrement introuvable.",
		"store.kv.stop":            "Parcours interrompu.",
		"store.kv.read_only":       "Erreur interne : écriture tentée dans une transaction en lecture seule.",
		"store.kv.not_owned":       "Erreur interne : ces enregistrements appartiennent à une autre partie de Chorus Desk.",
		"store.kv.conflict":        "Les données ont changé pendant l'enregistrement ; rien n'a été enregistré. Réessayez.",
		"store.kv.empty_key":       "Erreur interne : un enregistrement sans clé.",
		"store.kv.value_too_large": "Erreur interne : un enregistrement est trop grand pour être conservé.",
		"store.kv.closed":          "Le dossier de données est fermé.",
		"store.kv.namespace_taken": "Erreur interne : cette partie du dossier de données est déjà utilisée.",
	})
}
