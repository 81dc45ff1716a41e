package storage

import (
	"bytes"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"io"

	"golang.org/x/crypto/nacl/secretbox"

	"chorusdesk/domain"
)

// Export bundle, version 1: "CDX" || version (1) || Argon2id params (9 bytes, as in the vault
// header) || salt (16) || nonce (24) || secretbox(plaintext). The box key is
// HKDF(Argon2id(passphrase, salt), label || every header byte), so a change to any header
// byte, like a wrong passphrase, makes the box fail to open. The bundle has its own
// passphrase: it never contains the vault's data key.
const (
	bundleVersion   = 1
	bundleOffKDF    = 4
	bundleOffSalt   = bundleOffKDF + 9
	bundleOffNonce  = bundleOffSalt + saltSize
	bundleHeaderLen = bundleOffNonce + nonceSize
)

var bundleMagic = []byte("CDX")

// SealWithPassphrase encrypts plaintext (an export) under passphrase with kdf.
func SealWithPassphrase(passphrase, plaintext []byte, kdf KDFParams) ([]byte, error) {
	return sealWithPassphrase(rand.Reader, passphrase, plaintext, kdf)
}

// sealWithPassphrase reads the salt (16 bytes) then the nonce (24) from rng.
func sealWithPassphrase(rng io.Reader, passphrase, plaintext []byte, kdf KDFParams) ([]byte, error) {
	if err := kdf.Validate(); err != nil {
		return nil, err
	}
	out := make([]byte, bundleHeaderLen, bundleHeaderLen+len(plaintext)+boxOverhead)
	copy(out, bundleMagic)
	out[len(bundleMagic)] = bundleVersion
	appendKDF(out[bundleOffKDF:bundleOffKDF], kdf)
	if err := readRandom(rng, out[bundleOffSalt:bundleHeaderLen]); err != nil {
		return nil, err
	}
	key, err := bundleKey(passphrase, out[:bundleHeaderLen], kdf)
	if err != nil {
		return nil, err
	}
	defer domain.Wipe(key)
	nonce := *(*[nonceSize]byte)(out[bundleOffNonce:bundleHeaderLen])
	return secretbox.Seal(out, plaintext, &nonce, (*[keySize]byte)(key)), nil
}

// OpenWithPassphrase decrypts a bundle. Errors: ErrUnsupportedVersion, ErrKDFOutOfRange
// (before Argon2 runs), ErrBadBundle for anything else (not a bundle, truncated, damaged,
// wrong passphrase). It never panics on any input.
func OpenWithPassphrase(passphrase, bundle []byte) ([]byte, error) {
	if len(bundle) < bundleOffKDF || !bytes.Equal(bundle[:len(bundleMagic)], bundleMagic) {
		return nil, ErrBadBundle
	}
	if bundle[len(bundleMagic)] != bundleVersion {
		return nil, ErrUnsupportedVersion
	}
	if len(bundle) < bundleHeaderLen+boxOverhead {
		return nil, ErrBadBundle
	}
	kdf := decodeKDF(bundle[bundleOffKDF:])
	if err := kdf.Validate(); err != nil {
		return nil, err
	}
	key, err := bundleKey(passphrase, bundle[:bundleHeaderLen], kdf)
	if err != nil {
		return nil, ErrBadBundle
	}
	defer domain.Wipe(key)
	nonce := (*[nonceSize]byte)(bundle[bundleOffNonce:bundleHeaderLen])
	plain, ok := secretbox.Open(nil, bundle[bundleHeaderLen:], nonce, (*[keySize]byte)(key))
	if !ok {
		return nil, ErrBadBundle
	}
	if plain == nil {
		plain = []byte{}
	}
	return plain, nil
}

// bundleKey derives the box key from the passphrase and binds it to the whole header.
func bundleKey(passphrase, header []byte, kdf KDFParams) ([]byte, error) {
	stretched := deriveKey(passphrase, header[bundleOffSalt:bundleOffNonce], kdf)
	defer domain.Wipe(stretched)
	return hkdf.Key(sha256.New, stretched, nil, "chorusdesk/v1/export\x00"+string(header), keySize)
}
