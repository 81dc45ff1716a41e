package storage

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

// headerRegion maps a header byte offset to the errors a change there may produce. Salt,
// nonce, wrapped key and in-range KDF parameters all feed the unwrapping, so a change there
// is indistinguishable from a wrong password; the MAC is only checked once the key unwrapped.
func headerRegion(off int) (name string, allowed []error) {
	switch {
	case off < offVersion:
		return "magic", []error{ErrBadHeader}
	case off < offKDF:
		return "version", []error{ErrUnsupportedVersion}
	case off < offSalt:
		return "kdf", []error{ErrKDFOutOfRange, ErrWrongPassword}
	case off < offNonce:
		return "salt", []error{ErrWrongPassword}
	case off < offWrapped:
		return "nonce", []error{ErrWrongPassword}
	case off < offMAC:
		return "wrapped-key", []error{ErrWrongPassword}
	default:
		return "mac", []error{ErrTampered}
	}
}

// TestHeaderBitFlips flips one bit in every header byte (bit off%8, so all bit positions are
// covered across a region) and checks the header is refused with the region's error. The
// KDF bytes are chosen so that the in-range results stay cheap (≤ 24 MiB, ≤ 9 passes).
func TestHeaderBitFlips(t *testing.T) {
	_, header := newTestVault(t, testPassword)
	for off := range headerSize {
		name, allowed := headerRegion(off)
		t.Run(fmt.Sprintf("byte=%03d/%s", off, name), func(t *testing.T) {
			bad := flipBit(header, off*8+off%8)
			snapshot := bytes.Clone(bad)
			v, err := UnlockVault(bad, []byte(testPassword))
			if v != nil || !isOneOf(err, allowed...) {
				t.Fatalf("vault %v, err %v; want one of %v", v, err, allowed)
			}
			if !bytes.Equal(bad, snapshot) {
				t.Fatal("UnlockVault modified its input")
			}
		})
	}
}

// TestHeaderMACBindsFields shows what the MAC adds: a header whose parameters were changed
// and whose key was correctly re-wrapped for them (by someone knowing the password), but
// which still carries the old MAC, is ErrTampered, not accepted.
func TestHeaderMACBindsFields(t *testing.T) {
	v, header := newTestVault(t, testPassword)
	other := KDFParams{MemoryKiB: cheapKDF.MemoryKiB, Time: 2, Threads: 1}
	rewrapped, err := v.Rewrap([]byte(testPassword), other)
	if err != nil {
		t.Fatal(err)
	}
	spliced := bytes.Clone(rewrapped)
	copy(spliced[offMAC:], header[offMAC:])
	if _, err := UnlockVault(spliced, []byte(testPassword)); !errors.Is(err, ErrTampered) {
		t.Fatalf("re-wrapped header with a stale MAC: err = %v, want ErrTampered", err)
	}
	// A MAC computed under another vault's data key is refused too.
	w, _ := newTestVault(t, testPassword)
	foreign, err := w.Rewrap([]byte(testPassword), other)
	if err != nil {
		t.Fatal(err)
	}
	copy(spliced[offMAC:], foreign[offMAC:])
	if _, err := UnlockVault(spliced, []byte(testPassword)); !errors.Is(err, ErrTampered) {
		t.Fatalf("MAC from another vault: err = %v, want ErrTampered", err)
	}
}

func TestHeaderKDFTampering(t *testing.T) {
	_, header := newTestVault(t, testPassword)
	tests := []struct {
		name string
		p    KDFParams
		want error
	}{
		// Out of range: refused before Argon2 runs (4 TiB would not even allocate).
		{"memory 4 TiB", KDFParams{0xFFFFFFFF, 1, 1}, ErrKDFOutOfRange},
		{"memory below floor", KDFParams{1024, 1, 1}, ErrKDFOutOfRange},
		{"time 0", KDFParams{8192, 0, 1}, ErrKDFOutOfRange},
		{"time 4 billion", KDFParams{8192, 0xFFFFFFFF, 1}, ErrKDFOutOfRange},
		{"threads 0", KDFParams{8192, 1, 0}, ErrKDFOutOfRange},
		{"threads 255", KDFParams{8192, 1, 255}, ErrKDFOutOfRange},
		// In range but not the stored ones: another KEK, so the key does not unwrap.
		{"more memory", KDFParams{16384, 1, 1}, ErrWrongPassword},
		{"more passes", KDFParams{8192, 2, 1}, ErrWrongPassword},
		{"more threads", KDFParams{8192, 1, 2}, ErrWrongPassword},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := UnlockVault(setKDF(header, tc.p), []byte(testPassword)); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestHeaderTruncation(t *testing.T) {
	_, header := newTestVault(t, testPassword)
	for n := range len(header) {
		if _, err := UnlockVault(header[:n], []byte(testPassword)); !errors.Is(err, ErrBadHeader) {
			t.Fatalf("truncated to %d bytes: err = %v, want ErrBadHeader", n, err)
		}
	}
	long := append(bytes.Clone(header), 0)
	if _, err := UnlockVault(long, []byte(testPassword)); !errors.Is(err, ErrBadHeader) {
		t.Fatalf("one extra byte: err = %v, want ErrBadHeader", err)
	}
}

func TestUnknownVersions(t *testing.T) {
	v, header := newTestVault(t, testPassword)
	id := Identity{CompanyID: "c-1", Env: "sandbox", Field: "f"}
	sealed, err := v.Seal(id, []byte("s"))
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := SealWithPassphrase([]byte("pp"), []byte("x"), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	for _, ver := range []byte{0, 2, 255} {
		h := bytes.Clone(header)
		h[offVersion] = ver
		if _, err := UnlockVault(h, []byte(testPassword)); !errors.Is(err, ErrUnsupportedVersion) {
			t.Errorf("header version %d: err = %v, want ErrUnsupportedVersion", ver, err)
		}
		if _, err := DecodeHeader(h[:offVersion+1]); !errors.Is(err, ErrUnsupportedVersion) {
			t.Errorf("short header version %d: err = %v, want ErrUnsupportedVersion", ver, err)
		}
		s := bytes.Clone(sealed)
		s[0] = ver
		if _, err := v.Open(id, s); !errors.Is(err, ErrUnsupportedVersion) {
			t.Errorf("sealed version %d: err = %v, want ErrUnsupportedVersion", ver, err)
		}
		b := bytes.Clone(bundle)
		b[3] = ver
		if _, err := OpenWithPassphrase([]byte("pp"), b); !errors.Is(err, ErrUnsupportedVersion) {
			t.Errorf("bundle version %d: err = %v, want ErrUnsupportedVersion", ver, err)
		}
	}
}

func TestSealedTampering(t *testing.T) {
	v, _ := newTestVault(t, testPassword)
	id := Identity{CompanyID: "c-1", Env: "sandbox", Field: "client_secret"}
	sealed, err := v.Seal(id, []byte("a sealed client secret"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("bit flips", func(t *testing.T) {
		for bit := range len(sealed) * 8 {
			want := ErrTampered
			if bit < 8 {
				want = ErrUnsupportedVersion
			}
			if got, err := v.Open(id, flipBit(sealed, bit)); !errors.Is(err, want) {
				t.Fatalf("bit %d: %q, %v; want %v", bit, got, err, want)
			}
		}
	})
	t.Run("truncation", func(t *testing.T) {
		for n := range len(sealed) {
			if got, err := v.Open(id, sealed[:n]); !errors.Is(err, ErrTampered) {
				t.Fatalf("length %d: %q, %v; want ErrTampered", n, got, err)
			}
		}
		if _, err := v.Open(id, append(bytes.Clone(sealed), 0)); !errors.Is(err, ErrTampered) {
			t.Fatalf("extra byte: err = %v, want ErrTampered", err)
		}
	})
}

// TestSealedValueSwap: a value copied to another record (company, environment, field, or
// another vault) does not open there.
func TestSealedValueSwap(t *testing.T) {
	v, _ := newTestVault(t, testPassword)
	other, _ := newTestVault(t, testPassword)
	from := Identity{CompanyID: "c-1", Env: "sandbox", Field: "client_secret"}
	sealed, err := v.Seal(from, []byte("company one's secret"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		vault *Vault
		to    Identity
	}{
		{"other company", v, Identity{CompanyID: "c-2", Env: "sandbox", Field: "client_secret"}},
		{"other environment", v, Identity{CompanyID: "c-1", Env: "production", Field: "client_secret"}},
		{"other field", v, Identity{CompanyID: "c-1", Env: "sandbox", Field: "chorus_password"}},
		{"shifted separators", v, Identity{CompanyID: "c-1sandbox", Env: "", Field: "client_secret"}},
		{"empty identity", v, Identity{}},
		{"other vault", other, from},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := tc.vault.Open(tc.to, sealed); !errors.Is(err, ErrTampered) {
				t.Fatalf("%q, %v; want ErrTampered", got, err)
			}
		})
	}
	if got, err := v.Open(from, sealed); err != nil || string(got) != "company one's secret" {
		t.Fatalf("own identity: %q, %v", got, err)
	}
}

func TestIdentityWithNUL(t *testing.T) {
	v, _ := newTestVault(t, testPassword)
	for _, id := range []Identity{
		{CompanyID: "c\x00sandbox", Env: "", Field: "f"},
		{CompanyID: "c", Env: "sand\x00box", Field: "f"},
		{CompanyID: "c", Env: "sandbox", Field: "f\x00"},
	} {
		if _, err := v.Seal(id, []byte("s")); !errors.Is(err, ErrBadIdentity) {
			t.Errorf("Seal(%q): err = %v, want ErrBadIdentity", id, err)
		}
		if _, err := v.Open(id, make([]byte, 64)); !errors.Is(err, ErrBadIdentity) {
			t.Errorf("Open(%q): err = %v, want ErrBadIdentity", id, err)
		}
	}
}
