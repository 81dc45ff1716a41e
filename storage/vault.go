package storage

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"io"
	"sync"

	"golang.org/x/crypto/nacl/secretbox"

	"chorusdesk/domain"
)

// Vault holds the 32-byte data key while unlocked. Every secret is sealed under a
// key derived from it and the record's identity. It is safe for concurrent use; Wipe (the
// lock) zeroes the key and makes later Seal, Open and Rewrap fail with ErrWiped.
type Vault struct {
	mu      sync.RWMutex
	dataKey []byte    // nil once wiped
	rng     io.Reader // crypto/rand.Reader; tests inject a deterministic one
}

// CreateVault makes a new random data key, wraps it under password with kdf and returns the
// unlocked vault and the header to store. kdf outside [MinKDF, MaxKDF] is ErrKDFOutOfRange.
func CreateVault(password []byte, kdf KDFParams) (v *Vault, header []byte, err error) {
	return createVault(rand.Reader, password, kdf)
}

// createVault reads, in this order, the data key (32 bytes), the salt (16) and the nonce
// (24) from rng; the known-answer test relies on that order.
func createVault(rng io.Reader, password []byte, kdf KDFParams) (*Vault, []byte, error) {
	if err := kdf.Validate(); err != nil {
		return nil, nil, err
	}
	dataKey := make([]byte, keySize)
	if err := readRandom(rng, dataKey); err != nil {
		return nil, nil, err
	}
	header, err := wrapDataKey(rng, dataKey, password, kdf)
	if err != nil {
		domain.Wipe(dataKey)
		return nil, nil, err
	}
	return &Vault{dataKey: dataKey, rng: rng}, header, nil
}

// UnlockVault unwraps the data key of header with password. The header is never modified.
// Errors: ErrBadHeader, ErrUnsupportedVersion, ErrKDFOutOfRange (all before Argon2 runs),
// ErrWrongPassword (generic: wrong password, or a damaged salt, parameters or wrapped key),
// ErrTampered (the key unwrapped but the header MAC does not match).
func UnlockVault(header, password []byte) (*Vault, error) {
	return unlockVault(rand.Reader, header, password)
}

func unlockVault(rng io.Reader, header, password []byte) (*Vault, error) {
	h, err := DecodeHeader(header)
	if err != nil {
		return nil, err
	}
	if err := h.KDF.Validate(); err != nil {
		return nil, err
	}
	kek := deriveKey(password, h.Salt[:], h.KDF)
	defer domain.Wipe(kek)
	dataKey, ok := secretbox.Open(make([]byte, 0, keySize), h.WrappedKey[:], &h.Nonce, (*[keySize]byte)(kek))
	if !ok || len(dataKey) != keySize {
		domain.Wipe(dataKey)
		return nil, ErrWrongPassword
	}
	mac, err := headerMAC(dataKey, h)
	if err != nil || !hmac.Equal(mac, h.MAC[:]) {
		domain.Wipe(dataKey)
		return nil, ErrTampered
	}
	return &Vault{dataKey: dataKey, rng: rng}, nil
}

// Rewrap wraps the same data key under newPassword (a password change): values
// sealed before stay readable, and the old header keeps working until the caller replaces it.
func (v *Vault) Rewrap(newPassword []byte, kdf KDFParams) (header []byte, err error) {
	if err := kdf.Validate(); err != nil {
		return nil, err
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.dataKey == nil {
		return nil, ErrWiped
	}
	return wrapDataKey(v.rng, v.dataKey, newPassword, kdf)
}

// Wipe zeroes the data key (the lock). Idempotent.
func (v *Vault) Wipe() {
	v.mu.Lock()
	defer v.mu.Unlock()
	domain.Wipe(v.dataKey)
	v.dataKey = nil
}

// wrapDataKey builds a header: fresh salt and nonce from rng, KEK = Argon2id(password),
// wrapped key = secretbox(dataKey) under the KEK, MAC over the rest under the data key.
func wrapDataKey(rng io.Reader, dataKey, password []byte, kdf KDFParams) ([]byte, error) {
	h := Header{Version: headerVersion, KDF: kdf}
	if err := readRandom(rng, h.Salt[:]); err != nil {
		return nil, err
	}
	if err := readRandom(rng, h.Nonce[:]); err != nil {
		return nil, err
	}
	kek := deriveKey(password, h.Salt[:], kdf)
	defer domain.Wipe(kek)
	secretbox.Seal(h.WrappedKey[:0], dataKey, &h.Nonce, (*[keySize]byte)(kek))
	mac, err := headerMAC(dataKey, h)
	if err != nil {
		return nil, err
	}
	copy(h.MAC[:], mac)
	return h.Encode(), nil
}

// headerMAC authenticates every header field but the MAC with a key derived from the data key.
func headerMAC(dataKey []byte, h Header) ([]byte, error) {
	macKey, err := hkdf.Key(sha256.New, dataKey, nil, "chorusdesk/v1/header-mac", keySize)
	if err != nil {
		return nil, err
	}
	defer domain.Wipe(macKey)
	m := hmac.New(sha256.New, macKey)
	m.Write(h.macInput())
	return m.Sum(nil), nil
}

// readRandom fills b from rng; a failing source is ErrNoRandomness, never a weak fallback.
func readRandom(rng io.Reader, b []byte) error {
	if _, err := io.ReadFull(rng, b); err != nil {
		return ErrNoRandomness
	}
	return nil
}
