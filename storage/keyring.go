package storage

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"

	"github.com/zalando/go-keyring"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// The OS credential store (Windows Credential Manager, the macOS Keychain, the Secret Service
// on Linux, through go-keyring) can keep the vault's data key so that transfers go on while
// the window is locked ("keep transfers running while locked", an opt-in). Only the data key
// is kept there, sealed by the OS store under the user's session; the master password, the
// key derived from it and the credentials never are. The entry is named after the data
// directory (a hash of its path), never after anything secret, so two data directories keep
// two entries and removing one leaves the other.

// KeyringService is the service name of the entries (what the OS store shows the user).
const KeyringService = "Chorus Desk"

// keyringPrefix marks the format of the stored value: "cd1:" + unpadded base64 of the key.
const keyringPrefix = "cd1:"

var (
	// ErrKeyringMissing: the credential store holds no key for this data directory (never
	// kept, removed by the opt-out, or deleted by the user in the OS store).
	ErrKeyringMissing = i18n.Errorf("tray.keyring.missing")
	// ErrKeyringStale: the key kept does not open this data directory's vault (the vault was
	// created again or replaced since).
	ErrKeyringStale = i18n.Errorf("tray.keyring.stale")
	// ErrKeyringUnavailable: the credential store could not be used (no Secret Service on
	// this desktop, the keyring refused, …). Errors of this kind match it with errors.Is.
	ErrKeyringUnavailable = i18n.Errorf("tray.keyring.unavailable")
)

// keyringError is ErrKeyringUnavailable with the store's own error kept for errors.As and
// diagnostics; its text is ours alone (the store's text is not shown to the user).
type keyringError struct{ cause error }

func (e *keyringError) Error() string                  { return ErrKeyringUnavailable.Error() }
func (e *keyringError) Localize(lang i18n.Lang) string { return ErrKeyringUnavailable.Localize(lang) }
func (e *keyringError) Is(target error) bool           { return target == ErrKeyringUnavailable }
func (e *keyringError) Unwrap() error                  { return e.cause }

// KeyringBackend is the shape of go-keyring's functions; tests of this package give a fake
// (the other packages' tests use go-keyring's own MockInit).
type KeyringBackend interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// osKeyring is the OS credential store through go-keyring (or its mock after MockInit).
type osKeyring struct{}

func (osKeyring) Set(service, user, secret string) error   { return keyring.Set(service, user, secret) }
func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// Keyring is the data directory's entry in the OS credential store.
type Keyring struct {
	service, account string
	b                KeyringBackend
}

// NewKeyring is the entry of data directory dir in the OS credential store.
func NewKeyring(dir string) *Keyring { return newKeyringWith(osKeyring{}, KeyringService, dir) }

func newKeyringWith(b KeyringBackend, service, dir string) *Keyring {
	return &Keyring{service: service, account: KeyringAccount(dir), b: b}
}

// KeyringAccount names the entry of data directory dir: "data-dir " and the first 16 bytes of
// the SHA-256 of its cleaned absolute path, in hex. It identifies the directory and holds
// nothing secret.
func KeyringAccount(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte(filepath.Clean(dir)))
	return "data-dir " + hex.EncodeToString(sum[:16])
}

// Account is the entry's account name (shown by the OS store; no secret).
func (k *Keyring) Account() string { return k.account }

// Keep stores v's data key in the entry, replacing what it held. The key travels to the OS
// store as a string (go-keyring's API): that copy cannot be zeroed and is left to the garbage
// collector; the byte copies made here are wiped.
func (k *Keyring) Keep(v *Vault) error {
	v.mu.RLock()
	if v.dataKey == nil {
		v.mu.RUnlock()
		return ErrWiped
	}
	buf := make([]byte, len(keyringPrefix)+base64.RawStdEncoding.EncodedLen(len(v.dataKey)))
	copy(buf, keyringPrefix)
	base64.RawStdEncoding.Encode(buf[len(keyringPrefix):], v.dataKey)
	v.mu.RUnlock()
	defer domain.Wipe(buf)
	if err := k.b.Set(k.service, k.account, string(buf)); err != nil {
		return &keyringError{cause: err}
	}
	return nil
}

// Open reads the kept data key and returns a vault for header with it, after checking it
// against the header's MAC (a key of another vault is ErrKeyringStale, never a vault that
// opens nothing). The caller wipes the vault when done; the key's byte copies made here are
// wiped, the string go-keyring returns cannot be. A header changed by a password change keeps
// working: the data key is the same, only its wrapping changed.
func (k *Keyring) Open(header []byte) (*Vault, error) {
	h, err := DecodeHeader(header)
	if err != nil {
		return nil, err
	}
	s, err := k.b.Get(k.service, k.account)
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return nil, ErrKeyringMissing
	case err != nil:
		return nil, &keyringError{cause: err}
	}
	if !strings.HasPrefix(s, keyringPrefix) {
		return nil, ErrKeyringStale
	}
	src := []byte(s[len(keyringPrefix):])
	defer domain.Wipe(src)
	key := make([]byte, base64.RawStdEncoding.DecodedLen(len(src)))
	n, err := base64.RawStdEncoding.Decode(key, src)
	if err != nil || n != keySize {
		domain.Wipe(key)
		return nil, ErrKeyringStale
	}
	key = key[:keySize]
	mac, err := headerMAC(key, h)
	if err != nil || !hmac.Equal(mac, h.MAC[:]) {
		domain.Wipe(key)
		return nil, ErrKeyringStale
	}
	return &Vault{dataKey: key, rng: rand.Reader}, nil
}

// Forget deletes the entry; an entry already gone is not an error.
func (k *Keyring) Forget() error {
	err := k.b.Delete(k.service, k.account)
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return &keyringError{cause: err}
}

// Present reports whether the entry exists (it reads it: on some desktops this asks the user
// to unlock the keyring). The value read is dropped at once.
func (k *Keyring) Present() (bool, error) {
	_, err := k.b.Get(k.service, k.account)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, keyring.ErrNotFound):
		return false, nil
	}
	return false, &keyringError{cause: err}
}
