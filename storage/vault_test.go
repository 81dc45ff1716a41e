package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"testing"

	"chorusdesk/i18n"
)

const testPassword = "Tr0ub4dor&3-master"

func TestVaultRoundTrip(t *testing.T) {
	v, header := newTestVault(t, testPassword)
	id := Identity{CompanyID: "c-42", Env: "production", Field: "chorus_password"}
	plaintexts := [][]byte{{}, []byte("x"), []byte("a client secret with spaces é"), bytes.Repeat([]byte{0}, 4096)}
	sealed := make([][]byte, len(plaintexts))
	for i, p := range plaintexts {
		s, err := v.Seal(id, p)
		if err != nil {
			t.Fatalf("Seal #%d: %v", i, err)
		}
		if len(s) != len(p)+sealedOverhead {
			t.Errorf("Seal #%d: length %d, want %d", i, len(s), len(p)+sealedOverhead)
		}
		// A 1-byte plaintext turns up in ~15% of random 41-byte outputs by chance: only
		// plaintexts long enough to be meaningful are searched for.
		if len(p) >= 8 && bytes.Contains(s, p) {
			t.Errorf("Seal #%d: plaintext visible in the sealed value", i)
		}
		sealed[i] = s
	}
	// Another unlock of the same header opens what the first sealed.
	u, err := UnlockVault(header, []byte(testPassword))
	if err != nil {
		t.Fatalf("UnlockVault: %v", err)
	}
	for i, s := range sealed {
		got, err := u.Open(id, s)
		if err != nil || !bytes.Equal(got, plaintexts[i]) || got == nil {
			t.Errorf("Open #%d = %q, %v; want %q", i, got, err, plaintexts[i])
		}
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	v, _ := newTestVault(t, testPassword)
	id := Identity{CompanyID: "c-1", Env: "sandbox", Field: "client_secret"}
	seen := map[string]bool{}
	for range 100 {
		s, err := v.Seal(id, []byte("same secret"))
		if err != nil {
			t.Fatal(err)
		}
		nonce := string(s[1 : 1+nonceSize])
		if seen[nonce] {
			t.Fatal("nonce reused")
		}
		seen[nonce] = true
	}
}

func TestCreateVaultUsesFreshSaltAndKey(t *testing.T) {
	v1, h1 := newTestVault(t, testPassword)
	v2, h2 := newTestVault(t, testPassword)
	if bytes.Equal(v1.dataKey, v2.dataKey) || bytes.Equal(h1[offSalt:offNonce], h2[offSalt:offNonce]) {
		t.Fatal("two vaults share a data key or a salt")
	}
}

func TestRandomSourceFailure(t *testing.T) {
	if _, _, err := createVault(failingReader{}, []byte(testPassword), cheapKDF); !errors.Is(err, ErrNoRandomness) {
		t.Errorf("createVault: err = %v, want ErrNoRandomness", err)
	}
	v, _ := newTestVault(t, testPassword)
	v.rng = failingReader{}
	if _, err := v.Seal(Identity{CompanyID: "c"}, []byte("s")); !errors.Is(err, ErrNoRandomness) {
		t.Errorf("Seal: err = %v, want ErrNoRandomness", err)
	}
	if _, err := v.Rewrap([]byte("new"), cheapKDF); !errors.Is(err, ErrNoRandomness) {
		t.Errorf("Rewrap: err = %v, want ErrNoRandomness", err)
	}
	if _, err := sealWithPassphrase(failingReader{}, []byte("p"), []byte("x"), cheapKDF); !errors.Is(err, ErrNoRandomness) {
		t.Errorf("sealWithPassphrase: err = %v, want ErrNoRandomness", err)
	}
}

// TestWrongPasswordTwenty: twenty wrong passwords give the one generic error, leave the
// header bytes unchanged, and the right password still works afterwards.
func TestWrongPasswordTwenty(t *testing.T) {
	v, header := newTestVault(t, testPassword)
	sealed, err := v.Seal(Identity{CompanyID: "c-1", Env: "sandbox", Field: "client_secret"}, []byte("keep me"))
	if err != nil {
		t.Fatal(err)
	}
	before := bytes.Clone(header)
	for i := range 20 {
		wrong := fmt.Sprintf("%s-%d", testPassword, i)
		u, err := UnlockVault(header, []byte(wrong))
		if u != nil || !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("attempt %d: vault %v, err %v; want ErrWrongPassword", i, u, err)
		}
		assertNoSecret(t, err, wrong, testPassword)
		if fr := i18n.Message(i18n.FR, err); bytes.Contains([]byte(fr), []byte(wrong)) {
			t.Fatal("French message contains the password")
		}
	}
	if !bytes.Equal(header, before) {
		t.Fatal("header bytes changed by failed unlocks")
	}
	u, err := UnlockVault(header, []byte(testPassword))
	if err != nil {
		t.Fatalf("right password after 20 wrong ones: %v", err)
	}
	got, err := u.Open(Identity{CompanyID: "c-1", Env: "sandbox", Field: "client_secret"}, sealed)
	if err != nil || string(got) != "keep me" {
		t.Fatalf("Open after unlock = %q, %v", got, err)
	}
}

func TestRewrapKeepsDataKey(t *testing.T) {
	v, oldHeader := newTestVault(t, "old password")
	id := Identity{CompanyID: "c-7", Env: "production", Field: "client_secret"}
	sealed, err := v.Seal(id, []byte("survives the password change"))
	if err != nil {
		t.Fatal(err)
	}
	newHeader, err := v.Rewrap([]byte("new password"), cheapKDF)
	if err != nil {
		t.Fatalf("Rewrap: %v", err)
	}
	if bytes.Equal(newHeader[offSalt:offNonce], oldHeader[offSalt:offNonce]) {
		t.Error("Rewrap reused the salt")
	}
	if _, err := UnlockVault(newHeader, []byte("old password")); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("old password on the new header: err = %v, want ErrWrongPassword", err)
	}
	u, err := UnlockVault(newHeader, []byte("new password"))
	if err != nil {
		t.Fatalf("new password: %v", err)
	}
	if got, err := u.Open(id, sealed); err != nil || string(got) != "survives the password change" {
		t.Fatalf("old sealed value after rewrap = %q, %v", got, err)
	}
	if _, err := v.Rewrap([]byte("x"), KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}); !errors.Is(err, ErrKDFOutOfRange) {
		t.Errorf("Rewrap below the floor: err = %v, want ErrKDFOutOfRange", err)
	}
}

func TestWipe(t *testing.T) {
	v, header := newTestVault(t, testPassword)
	id := Identity{CompanyID: "c-1", Env: "sandbox", Field: "client_secret"}
	sealed, err := v.Seal(id, []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	key := v.dataKey // same backing array: Wipe must zero it, not just drop it
	v.Wipe()
	if !bytes.Equal(key, make([]byte, keySize)) {
		t.Fatal("Wipe left key bytes in memory")
	}
	v.Wipe() // idempotent
	if _, err := v.Seal(id, []byte("x")); !errors.Is(err, ErrWiped) {
		t.Errorf("Seal after Wipe: err = %v, want ErrWiped", err)
	}
	if _, err := v.Open(id, sealed); !errors.Is(err, ErrWiped) {
		t.Errorf("Open after Wipe: err = %v, want ErrWiped", err)
	}
	if _, err := v.Rewrap([]byte("x"), cheapKDF); !errors.Is(err, ErrWiped) {
		t.Errorf("Rewrap after Wipe: err = %v, want ErrWiped", err)
	}
	// Unlocking again restores access.
	u, err := UnlockVault(header, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := u.Open(id, sealed); err != nil || string(got) != "secret" {
		t.Fatalf("Open after re-unlock = %q, %v", got, err)
	}
}

// TestWipeWhileInUse runs Seal/Open against a concurrent Wipe (meaningful under -race):
// every call either works or reports ErrWiped.
func TestWipeWhileInUse(t *testing.T) {
	v, _ := newTestVault(t, testPassword)
	id := Identity{CompanyID: "c-1", Env: "sandbox", Field: "f"}
	sealed, err := v.Seal(id, []byte("s"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for range 4 {
		wg.Go(func() {
			for range 50 {
				if _, err := v.Seal(id, []byte("s")); err != nil && !errors.Is(err, ErrWiped) {
					errs <- err
				}
				if got, err := v.Open(id, sealed); err != nil && !errors.Is(err, ErrWiped) || err == nil && string(got) != "s" {
					errs <- fmt.Errorf("Open = %q, %v", got, err)
				}
			}
		})
	}
	v.Wipe()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestKDFParamsValidate(t *testing.T) {
	tests := []struct {
		name string
		p    KDFParams
		ok   bool
	}{
		{"default", DefaultKDF, true},
		{"floor", MinKDF, true},
		{"ceiling", MaxKDF, true},
		{"memory below floor", KDFParams{MinKDF.MemoryKiB - 1, 3, 4}, false},
		{"memory above ceiling", KDFParams{MaxKDF.MemoryKiB + 1, 3, 4}, false},
		{"zero time", KDFParams{65536, 0, 4}, false},
		{"time above ceiling", KDFParams{65536, MaxKDF.Time + 1, 4}, false},
		{"zero threads", KDFParams{65536, 3, 0}, false},
		{"threads above ceiling", KDFParams{65536, 3, MaxKDF.Threads + 1}, false},
		{"all zero", KDFParams{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Validate()
			if tc.ok != (err == nil) || err != nil && !errors.Is(err, ErrKDFOutOfRange) {
				t.Fatalf("Validate(%+v) = %v, want ok=%v", tc.p, err, tc.ok)
			}
			if !tc.ok {
				if _, _, err := CreateVault([]byte("p"), tc.p); !errors.Is(err, ErrKDFOutOfRange) {
					t.Errorf("CreateVault: err = %v, want ErrKDFOutOfRange", err)
				}
				if _, err := SealWithPassphrase([]byte("p"), []byte("x"), tc.p); !errors.Is(err, ErrKDFOutOfRange) {
					t.Errorf("SealWithPassphrase: err = %v, want ErrKDFOutOfRange", err)
				}
			}
		})
	}
}

func TestI18nVaultMessages(t *testing.T) {
	for _, err := range []error{ErrInUse, ErrWrongPassword, ErrBadHeader, ErrUnsupportedVersion,
		ErrKDFOutOfRange, ErrTampered, ErrWiped, ErrBadIdentity, ErrBadBundle, ErrNoRandomness} {
		key := err.(*i18n.Error).Key
		en, fr := i18n.Message(i18n.EN, err), i18n.Message(i18n.FR, err)
		if en == key || fr == key || en == fr {
			t.Errorf("%s: EN %q / FR %q: missing or untranslated", key, en, fr)
		}
	}
	fr := map[string]bool{}
	for _, k := range i18n.Keys(i18n.FR) {
		fr[k] = true
	}
	for _, k := range i18n.Keys(i18n.EN) {
		if len(k) > 6 && k[:6] == "vault." && !fr[k] {
			t.Errorf("%s has no French text", k)
		}
	}
}

// setKDF returns a copy of a header with other KDF parameters (MAC left stale).
func setKDF(header []byte, p KDFParams) []byte {
	c := bytes.Clone(header)
	binary.BigEndian.PutUint32(c[offKDF:], p.MemoryKiB)
	binary.BigEndian.PutUint32(c[offKDF+4:], p.Time)
	c[offKDF+8] = p.Threads
	return c
}
