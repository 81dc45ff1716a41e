package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// FuzzDecodeHeader: any input either decodes to a header that encodes back to the same
// bytes, or is refused with ErrBadHeader / ErrUnsupportedVersion; never a panic.
func FuzzDecodeHeader(f *testing.F) {
	_, header, err := CreateVault([]byte("fuzz"), cheapKDF)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(header)
	f.Add(header[:offVersion+1])
	f.Add([]byte{})
	f.Add([]byte("CDV\x02"))
	f.Add(append(bytes.Clone(header), 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := DecodeHeader(b)
		if err != nil {
			if !isOneOf(err, ErrBadHeader, ErrUnsupportedVersion) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !bytes.Equal(h.Encode(), b) {
			t.Fatal("Encode(DecodeHeader(b)) != b")
		}
	})
}

// FuzzOpenSealed: arbitrary bytes never panic Open and never open, except the one value
// really sealed (which must give its plaintext back).
func FuzzOpenSealed(f *testing.F) {
	// Deterministic: fuzz workers rebuild this vault and must seal the seed's bytes.
	v, _, err := createVault(&countingReader{}, []byte("fuzz"), cheapKDF)
	if err != nil {
		f.Fatal(err)
	}
	id := Identity{CompanyID: "c-1", Env: "sandbox", Field: "client_secret"}
	sealed, err := v.Seal(id, []byte("fuzz secret"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed)
	f.Add(sealed[:sealedOverhead])
	f.Add([]byte{1})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := v.Open(id, b)
		if err == nil {
			if !bytes.Equal(b, sealed) || string(got) != "fuzz secret" {
				t.Fatalf("forged value opened: %q", got)
			}
			return
		}
		if !isOneOf(err, ErrTampered, ErrUnsupportedVersion) {
			t.Fatalf("unexpected error %v", err)
		}
	})
}

// FuzzOpenWithPassphrase: damaged bundles are refused, never a panic. In-range KDF
// parameters other than the floor are rewritten to the floor so that one input cannot make
// Argon2 take a gigabyte; out-of-range ones are kept (they are refused before Argon2).
func FuzzOpenWithPassphrase(f *testing.F) {
	// Deterministic: fuzz workers rebuild this bundle and must get the seed's bytes.
	bundle, err := sealWithPassphrase(&countingReader{}, []byte("pp"), []byte("fuzz plaintext"), cheapKDF)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bundle)
	f.Add(bundle[:bundleHeaderLen])
	f.Add([]byte("CDX\x01"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		b = bytes.Clone(b)
		if len(b) >= bundleOffSalt {
			if p := decodeKDF(b[bundleOffKDF:]); p.Validate() == nil && p != cheapKDF {
				binary.BigEndian.PutUint32(b[bundleOffKDF:], cheapKDF.MemoryKiB)
				binary.BigEndian.PutUint32(b[bundleOffKDF+4:], cheapKDF.Time)
				b[bundleOffKDF+8] = cheapKDF.Threads
			}
		}
		got, err := OpenWithPassphrase([]byte("pp"), b)
		if err == nil {
			if !bytes.Equal(b, bundle) || string(got) != "fuzz plaintext" {
				t.Fatalf("forged bundle opened: %q", got)
			}
			return
		}
		if !isOneOf(err, ErrBadBundle, ErrUnsupportedVersion, ErrKDFOutOfRange) {
			t.Fatalf("unexpected error %v", err)
		}
		if errors.Is(err, ErrKDFOutOfRange) && decodeKDF(b[bundleOffKDF:]).Validate() == nil {
			t.Fatal("in-range parameters reported out of range")
		}
	})
}
