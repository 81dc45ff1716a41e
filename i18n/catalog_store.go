package i18n

// Messages of the key-value interface, the invoice content store, the data-directory checks
// and the automatic backups (packages storage and core, persistence side). No template takes a
// secret; arguments are paths, file names or counts.
func init() {
	Register(EN, map[string]string{
		"store.kv.not_found":          "No such record.",
		"store.kv.stop":               "Scan stopped.",
		"store.kv.read_only":          "Internal error: a write was attempted in a read-only transaction.",
		"store.kv.not_owned":          "Internal error: these records belong to another part of Chorus Desk.",
		"store.kv.conflict":           "The data changed while it was being saved; nothing was saved. Try again.",
		"store.kv.empty_key":          "Internal error: a record without a key.",
		"store.kv.value_too_large":    "Internal error: a record is too large to be stored.",
		"store.kv.closed":             "The data directory is closed.",
		"store.kv.namespace_taken":    "Internal error: this part of the data directory is already in use.",
		"store.disk_full":             "Not enough disk space: free some space on the disk that holds the data directory (Chorus Desk keeps at least 32 MB free there). Nothing was changed.",
		"store.blob.damaged":          "The stored copy of the invoice is damaged: add the file again.",
		"store.blob.missing":          "The stored copy of the invoice is missing: add the file again.",
		"store.lock_is_link":          "The lock file %s is a link; Chorus Desk does not follow it. Remove it and try again.",
		"store.damaged":               "The data directory is damaged: restore a backup (see docs/troubleshooting.md). Nothing in it was changed.",
		"store.datadir.no_config_dir": "Cannot find your user configuration folder: set %s to the folder Chorus Desk should use.",
		"store.damaged_backup":        "The data directory is damaged: restore a backup (the latest automatic backup is %s; see docs/troubleshooting.md). Nothing in it was changed.",
	})
	Register(FR, map[string]string{
		"store.kv.not_found":          "Enregistrement introuvable.",
		"store.kv.stop":               "Parcours interrompu.",
		"store.kv.read_only":          "Erreur interne : écriture tentée dans une transaction en lecture seule.",
		"store.kv.not_owned":          "Erreur interne : ces enregistrements appartiennent à une autre partie de Chorus Desk.",
		"store.kv.conflict":           "Les données ont changé pendant l'enregistrement ; rien n'a été enregistré. Réessayez.",
		"store.kv.empty_key":          "Erreur interne : un enregistrement sans clé.",
		"store.kv.value_too_large":    "Erreur interne : un enregistrement est trop grand pour être conservé.",
		"store.kv.closed":             "Le dossier de données est fermé.",
		"store.kv.namespace_taken":    "Erreur interne : cette partie du dossier de données est déjà utilisée.",
		"store.disk_full":             "Espace disque insuffisant : libérez de la place sur le disque du dossier de données (Chorus Desk y garde au moins 32 Mo libres). Rien n'a été modifié.",
		"store.blob.damaged":          "La copie enregistrée de la facture est endommagée : ajoutez le fichier à nouveau.",
		"store.blob.missing":          "La copie enregistrée de la facture est introuvable : ajoutez le fichier à nouveau.",
		"store.lock_is_link":          "Le fichier de verrou %s est un lien ; Chorus Desk ne le suit pas. Supprimez-le et réessayez.",
		"store.damaged":               "Le dossier de données est endommagé : restaurez une sauvegarde (voir docs/troubleshooting.md). Rien n'y a été modifié.",
		"store.datadir.no_config_dir": "Impossible de trouver votre dossier de configuration : indiquez dans %s le dossier que Chorus Desk doit utiliser.",
		"store.damaged_backup":        "Le dossier de données est endommagé : restaurez une sauvegarde (la dernière sauvegarde automatique est %s ; voir docs/troubleshooting.md). Rien n'y a été modifié.",
	})
}
