package storage

import (
	"bytes"
	"encoding/base64"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// fakeKeyring is an in-memory credential store that records what it was given. This package's
// tests never call go-keyring's MockInit: the Secret Service test below must reach the real
// provider in the same test binary.
type fakeKeyring struct {
	m   map[string]string
	err error // returned by every call when set
}

func (f *fakeKeyring) Set(service, user, secret string) error {
	if f.err != nil {
		return f.err
	}
	if f.m == nil {
		f.m = map[string]string{}
	}
	f.m[service+"\x00"+user] = secret
	return nil
}

func (f *fakeKeyring) Get(service, user string) (string, error) {
	if f.err != nil {
		return "", f.err
	}
	s, ok := f.m[service+"\x00"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return s, nil
}

func (f *fakeKeyring) Delete(service, user string) error {
	if f.err != nil {
		return f.err
	}
	if _, ok := f.m[service+"\x00"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.m, service+"\x00"+user)
	return nil
}

// sealOpen checks that a vault opened from the keyring opens a value sealed by the original.
func sealOpen(t *testing.T, orig, got *Vault) {
	t.Helper()
	id := Identity{CompanyID: "0123456789abcdef", Env: "sandbox", Field: "client_secret"}
	sealed, err := orig.Seal(id, []byte("the-secret"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := got.Open(id, sealed)
	if err != nil || string(plain) != "the-secret" {
		t.Fatalf("the keyring's vault does not open the original's values: %v", err)
	}
}

func TestKeyringAccountNamesTheDirectoryNotASecret(t *testing.T) {
	dir := t.TempDir()
	a := KeyringAccount(dir)
	for _, tc := range []struct {
		name string
		dir  string
		same bool
	}{
		{"same path", dir, true},
		{"same path, trailing separator", dir + string(filepath.Separator), true},
		{"same path, dot segment", filepath.Join(dir, "x", ".."), true},
		{"another directory", filepath.Join(dir, "other"), false},
	} {
		if got := KeyringAccount(tc.dir); (got == a) != tc.same {
			t.Errorf("%s: account %q vs %q, same = %v", tc.name, got, a, tc.same)
		}
	}
	if strings.Contains(a, filepath.Base(dir)) || !strings.HasPrefix(a, "data-dir ") || len(a) != len("data-dir ")+32 {
		t.Errorf("account %q should be \"data-dir \" and a 32-digit hash, naming nothing of the path", a)
	}
}

func TestKeyringKeepOpenForget(t *testing.T) {
	f := &fakeKeyring{}
	dir := t.TempDir()
	k := newKeyringWith(f, "Chorus Desk test", dir)
	v, header := newTestVault(t, "pw-one")
	defer v.Wipe()

	if _, err := k.Open(header); !errors.Is(err, ErrKeyringMissing) {
		t.Fatalf("open before keep: %v, want ErrKeyringMissing", err)
	}
	if err := k.Keep(v); err != nil {
		t.Fatal(err)
	}
	// One entry, named after the directory; its value is the key alone, in its format.
	if len(f.m) != 1 {
		t.Fatalf("%d entries, want 1", len(f.m))
	}
	for name, val := range f.m {
		if name != "Chorus Desk test\x00"+KeyringAccount(dir) {
			t.Errorf("entry %q", name)
		}
		if !strings.HasPrefix(val, keyringPrefix) || len(val) != len(keyringPrefix)+43 {
			t.Errorf("value is not cd1: + 43 base64 digits (length %d)", len(val))
		}
		v.mu.RLock()
		if !strings.Contains(val, string(encodeKey(v.dataKey))) {
			t.Errorf("value does not hold the data key")
		}
		v.mu.RUnlock()
	}
	got, err := k.Open(header)
	if err != nil {
		t.Fatal(err)
	}
	sealOpen(t, v, got)
	got.Wipe()

	// A password change re-wraps the same key: the entry keeps working with the new header.
	newHeader, err := v.Rewrap([]byte("pw-two"), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(newHeader, header) {
		t.Fatal("rewrap returned the same header")
	}
	got, err = k.Open(newHeader)
	if err != nil {
		t.Fatalf("after a password change: %v", err)
	}
	sealOpen(t, v, got)
	got.Wipe()

	// Another vault's header: the key does not match its MAC.
	other, otherHeader := newTestVault(t, "pw-one")
	other.Wipe()
	if _, err := k.Open(otherHeader); !errors.Is(err, ErrKeyringStale) {
		t.Fatalf("another vault: %v, want ErrKeyringStale", err)
	}

	if err := k.Forget(); err != nil {
		t.Fatal(err)
	}
	if len(f.m) != 0 {
		t.Fatal("Forget left the entry")
	}
	if err := k.Forget(); err != nil {
		t.Fatalf("Forget of a missing entry: %v", err)
	}
	if ok, err := k.Present(); ok || err != nil {
		t.Fatalf("Present after Forget: %v, %v", ok, err)
	}
}

func encodeKey(key []byte) []byte {
	out := make([]byte, 43)
	base64.RawStdEncoding.Encode(out, key)
	return out
}

func TestKeyringRefusesDamagedValuesAndWipedVaults(t *testing.T) {
	dir := t.TempDir()
	v, header := newTestVault(t, "pw")
	defer v.Wipe()
	for _, tc := range []struct{ name, value string }{
		{"no prefix", "AAAA"},
		{"not base64", keyringPrefix + "!!!!"},
		{"short key", keyringPrefix + "AAAA"},
		{"wrong key", keyringPrefix + strings.Repeat("A", 43)},
	} {
		f := &fakeKeyring{m: map[string]string{KeyringService + "\x00" + KeyringAccount(dir): tc.value}}
		k := newKeyringWith(f, KeyringService, dir)
		if _, err := k.Open(header); !errors.Is(err, ErrKeyringStale) {
			t.Errorf("%s: %v, want ErrKeyringStale", tc.name, err)
		}
	}
	k := newKeyringWith(&fakeKeyring{}, KeyringService, dir)
	w, _ := newTestVault(t, "pw")
	w.Wipe()
	if err := k.Keep(w); !errors.Is(err, ErrWiped) {
		t.Fatalf("keep a wiped vault: %v", err)
	}
	if _, err := k.Open([]byte("short")); !errors.Is(err, ErrBadHeader) {
		t.Fatalf("bad header: %v", err)
	}
}

// A failing store says "unavailable" in our words: its own text (which could name anything)
// is kept for diagnostics only, and the key never appears in an error.
func TestKeyringUnavailable(t *testing.T) {
	cause := errors.New("org.freedesktop.DBus.Error.ServiceUnknown: no secrets here")
	k := newKeyringWith(&fakeKeyring{err: cause}, KeyringService, t.TempDir())
	v, header := newTestVault(t, "pw")
	defer v.Wipe()
	for name, err := range map[string]error{
		"keep":   k.Keep(v),
		"open":   func() error { _, err := k.Open(header); return err }(),
		"forget": k.Forget(),
	} {
		if !errors.Is(err, ErrKeyringUnavailable) || !errors.Is(err, cause) {
			t.Errorf("%s: %v, want ErrKeyringUnavailable wrapping the cause", name, err)
		}
		if strings.Contains(err.Error(), "DBus") {
			t.Errorf("%s: the store's text is shown: %q", name, err)
		}
		v.mu.RLock()
		assertNoSecret(t, err, string(encodeKey(v.dataKey)))
		v.mu.RUnlock()
	}
	if _, err := k.Present(); !errors.Is(err, ErrKeyringUnavailable) {
		t.Errorf("present: %v", err)
	}
}
