package core

import (
	"errors"
	"strings"
	"testing"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

func TestVaultLifecycle(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if s.HasVault() {
		t.Fatal("fresh directory has a vault")
	}
	if err := s.Unlock([]byte(testPassword)); !errors.Is(err, ErrNoVault) {
		t.Fatalf("Unlock without vault: %v, want ErrNoVault", err)
	}
	if _, err := s.Setup("x"); !errors.Is(err, ErrNoVault) {
		t.Fatalf("Setup without vault: %v, want ErrNoVault", err)
	}
	if err := s.Init(nil); err == nil {
		t.Fatal("empty master password accepted")
	}
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	if !s.HasVault() || !s.Unlocked() {
		t.Fatal("Init did not leave an unlocked vault")
	}
	if err := s.Init([]byte("other")); !errors.Is(err, ErrVaultExists) {
		t.Fatalf("second Init: %v, want ErrVaultExists", err)
	}
	def := defaultCompany(t, s)
	if def.Name != DefaultCompanyName || !def.IsDefault() {
		t.Fatalf("default company = %+v", def)
	}
	if _, err := s.SaveSetup(def.ID, domain.Setup{Sandbox: creds("d")}); err != nil {
		t.Fatal(err)
	}

	s.Lock()
	if _, err := s.Setup(def.ID); !errors.Is(err, ErrLocked) {
		t.Fatalf("Setup after Lock: %v, want ErrLocked", err)
	}
	if err := s.Unlock([]byte("wrong")); !errors.Is(err, ErrWrongPassword) || s.Unlocked() {
		t.Fatalf("wrong password: %v unlocked=%v", err, s.Unlocked())
	}
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}

	// Change the password: the old one stops working, the data stays readable.
	newPW := []byte("a new master password")
	if err := s.ChangePassword([]byte("wrong"), newPW); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("ChangePassword with wrong old: %v", err)
	}
	if err := s.ChangePassword([]byte(testPassword), nil); err == nil {
		t.Fatal("empty new password accepted")
	}
	before := snapshot(t, s)
	if err := s.ChangePassword([]byte(testPassword), newPW); err != nil {
		t.Fatal(err)
	}
	// Only the header (the re-wrapped data key) and the new audit entry differ.
	after := snapshot(t, s)
	for k, v := range after {
		if before[k] != v && k != keyVaultHeader && !strings.HasPrefix(k, prefixAudit) {
			t.Errorf("password change rewrote %q", k)
		}
	}
	if before[keyVaultHeader] == after[keyVaultHeader] || len(after) != len(before)+1 {
		t.Fatalf("header unchanged or %d keys added", len(after)-len(before))
	}
	if e := lastAudit(t, s); e.Action != ActionPasswd {
		t.Fatalf("last audit = %+v, want passwd", e)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := openDir(t, dir)
	if s2.Unlocked() {
		t.Fatal("a reopened vault starts unlocked")
	}
	if err := s2.Unlock([]byte(testPassword)); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password after change: %v", err)
	}
	if err := s2.Unlock(newPW); err != nil {
		t.Fatal(err)
	}
	st, err := s2.Setup(def.ID)
	if err != nil || st.Sandbox != creds("d") {
		t.Fatalf("setup after password change differs (err %v)", err)
	}
}

func TestSecondInstanceInUse(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	_ = s2.Close()
}

// A damaged header is not reported as a wrong password (which would send the user guessing).
func TestDamagedHeader(t *testing.T) {
	tests := []struct {
		name   string
		damage func(h []byte) []byte
	}{
		{"truncated", func(h []byte) []byte { return h[:len(h)/2] }},
		{"bad magic", func(h []byte) []byte { h[0] ^= 0xff; return h }},
		{"empty", func([]byte) []byte { return []byte{} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openService(t)
			err := s.kv.Update(func(txn storage.Tx) error {
				h, err := txn.Get([]byte(keyVaultHeader))
				if err != nil {
					return err
				}
				return txn.Set([]byte(keyVaultHeader), tc.damage(h))
			})
			if err != nil {
				t.Fatal(err)
			}
			s.Lock()
			err = s.Unlock([]byte(testPassword))
			if err == nil || errors.Is(err, ErrWrongPassword) || !strings.Contains(err.Error(), "damaged") {
				t.Fatalf("Unlock with a %s header: %v", tc.name, err)
			}
			if s.Unlocked() {
				t.Fatal("unlocked with a damaged header")
			}
		})
	}
}
