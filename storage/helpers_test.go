package storage

import (
	"bytes"
	"errors"
	"testing"
)

// cheapKDF is the floor: real Argon2id, cheap enough to run hundreds of times in tests.
var cheapKDF = MinKDF

// countingReader is a deterministic "random" source for known-answer tests: it yields
// next, next+1, next+2, ... (mod 256).
type countingReader struct{ next byte }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.next
		r.next++
	}
	return len(p), nil
}

// failingReader is a random source that is broken.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("entropy exhausted") }

func newTestVault(t testing.TB, password string) (*Vault, []byte) {
	t.Helper()
	v, header, err := CreateVault([]byte(password), cheapKDF)
	if err != nil {
		t.Fatalf("CreateVault: %v", err)
	}
	return v, header
}

// flipBit returns a copy of b with one bit inverted.
func flipBit(b []byte, bit int) []byte {
	c := bytes.Clone(b)
	c[bit/8] ^= 1 << (bit % 8)
	return c
}

// isOneOf reports whether err is one of the allowed sentinels.
func isOneOf(err error, allowed ...error) bool {
	for _, a := range allowed {
		if errors.Is(err, a) {
			return true
		}
	}
	return false
}

// assertNoSecret fails when an error message contains a secret (in any language).
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		if bytes.Contains([]byte(err.Error()), []byte(s)) {
			t.Errorf("error message contains a secret")
		}
	}
}
