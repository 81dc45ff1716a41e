package storage

import "chorusdesk/i18n"

// Sentinel errors of the store and the vault. They are *i18n.Error values returned as they
// are (never wrapped by this package) so callers can both test them with errors.Is and show
// them in the user's language with i18n.Message. None of them carries a value: messages name
// what went wrong, never a secret.
var (
	// ErrInUse: another instance (process or Store in this process) holds the data directory.
	ErrInUse = i18n.Errorf("vault.in_use")
	// ErrWrongPassword: the master password does not unwrap the data key. Deliberately
	// generic: it never says whether the password or the salt/parameters were wrong.
	ErrWrongPassword = i18n.Errorf("vault.wrong_password")
	// ErrBadHeader: the vault header (or an export bundle) is not in a format we know.
	ErrBadHeader = i18n.Errorf("vault.bad_header")
	// ErrUnsupportedVersion: the format version is newer (or older) than this program reads.
	ErrUnsupportedVersion = i18n.Errorf("vault.unsupported_version")
	// ErrKDFOutOfRange: stored Argon2id parameters are below the floor or above the ceiling;
	// refused before any key derivation runs.
	ErrKDFOutOfRange = i18n.Errorf("vault.kdf_out_of_range")
	// ErrTampered: a header or a sealed value failed authentication.
	ErrTampered = i18n.Errorf("vault.tampered")
	// ErrWiped: the vault was wiped (locked); unlock it again to seal or open values.
	ErrWiped = i18n.Errorf("vault.wiped")
	// ErrBadIdentity: a sealing identity contains a NUL byte, which would make the key
	// derivation label ambiguous.
	ErrBadIdentity = i18n.Errorf("vault.bad_identity")
	// ErrBadBundle: an export bundle does not open (wrong passphrase or damaged bundle).
	ErrBadBundle = i18n.Errorf("vault.bad_bundle")
	// ErrNoRandomness: the system random source failed; nothing was sealed.
	ErrNoRandomness = i18n.Errorf("vault.no_randomness")
)
