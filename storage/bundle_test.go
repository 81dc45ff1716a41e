package storage

import (
	"bytes"
	"errors"
	"testing"
)

const testPassphrase = "export-Passphrase-42"

func TestBundleRoundTrip(t *testing.T) {
	for _, plain := range [][]byte{{}, []byte("{}"), bytes.Repeat([]byte("setup;"), 10000)} {
		b, err := SealWithPassphrase([]byte(testPassphrase), plain, cheapKDF)
		if err != nil {
			t.Fatal(err)
		}
		if len(plain) > 2 && bytes.Contains(b, plain[:6]) {
			t.Error("plaintext visible in the bundle")
		}
		got, err := OpenWithPassphrase([]byte(testPassphrase), b)
		if err != nil || !bytes.Equal(got, plain) || got == nil {
			t.Fatalf("round trip of %d bytes: %d bytes, %v", len(plain), len(got), err)
		}
	}
}

func TestBundleRefused(t *testing.T) {
	b, err := SealWithPassphrase([]byte(testPassphrase), []byte(`{"secret":"x"}`), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("wrong passphrase", func(t *testing.T) {
		_, err := OpenWithPassphrase([]byte(testPassphrase+"!"), b)
		if !errors.Is(err, ErrBadBundle) {
			t.Fatalf("err = %v, want ErrBadBundle", err)
		}
		assertNoSecret(t, err, testPassphrase)
	})
	t.Run("bit flips", func(t *testing.T) {
		for off := range len(b) {
			allowed := []error{ErrBadBundle}
			switch {
			case off == 3:
				allowed = []error{ErrUnsupportedVersion}
			case off >= bundleOffKDF && off < bundleOffSalt:
				allowed = []error{ErrBadBundle, ErrKDFOutOfRange}
			}
			// Bit off%8 keeps in-range KDF results cheap (see TestHeaderBitFlips).
			if got, err := OpenWithPassphrase([]byte(testPassphrase), flipBit(b, off*8+off%8)); !isOneOf(err, allowed...) {
				t.Fatalf("byte %d: %q, %v; want one of %v", off, got, err, allowed)
			}
		}
	})
	t.Run("truncation", func(t *testing.T) {
		for n := range len(b) {
			if _, err := OpenWithPassphrase([]byte(testPassphrase), b[:n]); !errors.Is(err, ErrBadBundle) {
				t.Fatalf("length %d: err = %v, want ErrBadBundle", n, err)
			}
		}
	})
	t.Run("vault header is not a bundle", func(t *testing.T) {
		_, header := newTestVault(t, testPassphrase)
		if _, err := OpenWithPassphrase([]byte(testPassphrase), header); !errors.Is(err, ErrBadBundle) {
			t.Fatalf("err = %v, want ErrBadBundle", err)
		}
	})
}
