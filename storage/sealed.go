package storage

import (
	"crypto/hkdf"
	"crypto/sha256"
	"strings"

	"golang.org/x/crypto/nacl/secretbox"

	"chorusdesk/domain"
)

// Identity names the record a secret belongs to. Its three parts are mixed into the sealing
// key, so a value sealed for one company, environment or field does not open for another
// (a sealed value copied to another record is refused). Company IDs are the
// opaque IDs of the store, never names.
type Identity struct{ CompanyID, Env, Field string }

// Sealed value, version 1: version byte || 24-byte random nonce || secretbox(plaintext).
const (
	sealedVersion  = 1
	sealedOverhead = 1 + nonceSize + boxOverhead
)

// info is the HKDF label; NUL separates the parts, so parts may not contain NUL.
func (id Identity) info() (string, error) {
	if strings.ContainsRune(id.CompanyID, 0) || strings.ContainsRune(id.Env, 0) ||
		strings.ContainsRune(id.Field, 0) {
		return "", ErrBadIdentity
	}
	return "chorusdesk/v1/field\x00" + id.CompanyID + "\x00" + id.Env + "\x00" + id.Field, nil
}

// fieldKey = HKDF-SHA256(data key, no salt, identity label); the caller holds v.mu and
// zeroes the key after use.
func (v *Vault) fieldKey(id Identity) ([]byte, error) {
	info, err := id.info()
	if err != nil {
		return nil, err
	}
	if v.dataKey == nil {
		return nil, ErrWiped
	}
	return hkdf.Key(sha256.New, v.dataKey, nil, info, keySize)
}

// Seal encrypts plaintext for id with a fresh random nonce.
func (v *Vault) Seal(id Identity, plaintext []byte) ([]byte, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	key, err := v.fieldKey(id)
	if err != nil {
		return nil, err
	}
	defer domain.Wipe(key)
	var nonce [nonceSize]byte
	if err := readRandom(v.rng, nonce[:]); err != nil {
		return nil, err
	}
	out := make([]byte, 0, sealedOverhead+len(plaintext))
	out = append(out, sealedVersion)
	out = append(out, nonce[:]...)
	return secretbox.Seal(out, plaintext, &nonce, (*[keySize]byte)(key)), nil
}

// Open decrypts a value sealed for id. A value that is damaged, truncated, or sealed for
// another identity or under another data key is ErrTampered; an unknown format version is
// ErrUnsupportedVersion.
func (v *Vault) Open(id Identity, sealed []byte) ([]byte, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	key, err := v.fieldKey(id)
	if err != nil {
		return nil, err
	}
	defer domain.Wipe(key)
	if len(sealed) < sealedOverhead {
		return nil, ErrTampered
	}
	if sealed[0] != sealedVersion {
		return nil, ErrUnsupportedVersion
	}
	nonce := (*[nonceSize]byte)(sealed[1 : 1+nonceSize])
	plain, ok := secretbox.Open(nil, sealed[1+nonceSize:], nonce, (*[keySize]byte)(key))
	if !ok {
		return nil, ErrTampered
	}
	if plain == nil {
		plain = []byte{} // an empty secret opens to an empty, non-nil value
	}
	return plain, nil
}
