package core

import (
	"errors"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// keepRunningService is an unlocked service whose default company has a complete, enabled
// sandbox setup, on go-keyring's in-memory store.
func keepRunningService(t *testing.T, dir string) (*Service, domain.Company) {
	t.Helper()
	keyring.MockInit()
	s := openDir(t, dir)
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	def := defaultCompany(t, s)
	if _, err := s.SaveSetup(def.ID, domain.Setup{Sandbox: creds("bg")}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetEnabled(def.ID, true); err != nil {
		t.Fatal(err)
	}
	return s, def
}

// resolvesWhileLocked opens the default company's sandbox slot as the engine does.
func resolvesWhileLocked(t *testing.T, s *Service, id string) error {
	t.Helper()
	res, cr, err := s.ResolveCredentials(id, domain.Sandbox)
	if err != nil {
		return err
	}
	defer cr.Wipe()
	if !res.Transfer || string(cr.ClientSecret) != "secret-bg" || string(cr.Password) != "pw-bg" {
		t.Fatalf("resolved %+v with the wrong credentials", res)
	}
	return nil
}

func entryPresent(t *testing.T, s *Service) bool {
	t.Helper()
	_, err := keyring.Get(storage.KeyringService, s.KeyringAccount())
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

// Without the opt-in the lock pauses transfers: no credential opens, nothing reaches the OS
// store, and the background start is refused.
func TestLockWithoutKeepRunningPauses(t *testing.T) {
	s, def := keepRunningService(t, t.TempDir())
	if on, err := s.KeepRunning(); on || err != nil {
		t.Fatalf("opt-in on by default: %v, %v", on, err)
	}
	s.Lock()
	if s.TransfersAllowed() {
		t.Fatal("transfers allowed while locked without the opt-in")
	}
	if err := resolvesWhileLocked(t, s, def.ID); !errors.Is(err, ErrLocked) {
		t.Fatalf("resolve while locked: %v, want ErrLocked", err)
	}
	if err := s.ResumeLocked(); !errors.Is(err, ErrKeepRunningOff) {
		t.Fatalf("ResumeLocked without the opt-in: %v", err)
	}
	if entryPresent(t, s) {
		t.Fatal("an entry was written without the opt-in")
	}
}

// With the opt-in: the entry is written, the lock still wipes the vault (the window's own
// operations need the password) but the engine's credentials open — after a password change
// too, and in a new process that never saw the password (ResumeLocked). Turning it off
// removes the entry and the lock pauses again.
func TestKeepRunningWhileLocked(t *testing.T) {
	dir := t.TempDir()
	s, def := keepRunningService(t, dir)
	if err := s.SetKeepRunning(true); err != nil {
		t.Fatal(err)
	}
	if !entryPresent(t, s) {
		t.Fatal("no entry in the OS store after the opt-in")
	}
	if a := lastAudit(t, s); a.Action != ActionKeepRunning || a.Text(i18n.EN) != "keep transfers running while locked: on" ||
		!strings.Contains(a.Text(i18n.FR), "activé") || a.ActionText(i18n.FR) == a.Action || a.ActionText(i18n.EN) == a.Action {
		t.Fatalf("audit %+v: %q / %q, action %q / %q", a, a.Text(i18n.EN), a.Text(i18n.FR), a.ActionText(i18n.EN), a.ActionText(i18n.FR))
	}
	s.Lock()
	if s.Unlocked() || !s.TransfersAllowed() {
		t.Fatalf("unlocked %v, transfers allowed %v", s.Unlocked(), s.TransfersAllowed())
	}
	if err := resolvesWhileLocked(t, s, def.ID); err != nil {
		t.Fatalf("locked with the opt-in: %v", err)
	}
	if _, err := s.SlotCredentials(def.ID, domain.Sandbox, domain.FieldClientID); err != nil {
		t.Fatalf("one field of one slot while locked: %v", err)
	}
	// The window's operations still need the password.
	if _, err := s.Setup(def.ID); !errors.Is(err, ErrLocked) {
		t.Fatalf("Setup while locked: %v", err)
	}
	if err := s.SetKeepRunning(false); !errors.Is(err, ErrLocked) {
		t.Fatalf("opt-out while locked: %v", err)
	}

	// A password change re-wraps the data key only: the entry stays valid.
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassword([]byte(testPassword), []byte("another horse battery")); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	if err := resolvesWhileLocked(t, s, def.ID); err != nil {
		t.Fatalf("after a password change: %v", err)
	}

	// A new process (start at login): no password at all.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s.TransfersAllowed() {
		t.Fatal("transfers allowed after Close")
	}
	s2 := openDir(t, dir)
	if s2.TransfersAllowed() {
		t.Fatal("a new process may transfer before ResumeLocked")
	}
	if err := s2.ResumeLocked(); err != nil {
		t.Fatal(err)
	}
	if s2.Unlocked() || !s2.TransfersAllowed() {
		t.Fatal("ResumeLocked unlocked the vault, or did not allow transfers")
	}
	if err := resolvesWhileLocked(t, s2, def.ID); err != nil {
		t.Fatalf("after ResumeLocked: %v", err)
	}

	// Opt-out: the entry goes, and the lock pauses again.
	if err := s2.Unlock([]byte("another horse battery")); err != nil {
		t.Fatal(err)
	}
	if err := s2.SetKeepRunning(false); err != nil {
		t.Fatal(err)
	}
	if entryPresent(t, s2) {
		t.Fatal("the entry is still in the OS store after the opt-out")
	}
	s2.Lock()
	if s2.TransfersAllowed() {
		t.Fatal("transfers allowed after the opt-out")
	}
	if err := resolvesWhileLocked(t, s2, def.ID); !errors.Is(err, ErrLocked) {
		t.Fatalf("after the opt-out: %v", err)
	}
}

// What goes wrong with the OS store: unavailable when turning the opt-in on (the setting
// stays off), the entry deleted by the user (the engine waits and the problem is told), a
// vault created again (the old key is refused).
func TestKeepRunningStoreFailures(t *testing.T) {
	s, def := keepRunningService(t, t.TempDir())
	keyring.MockInitWithError(errors.New("no Secret Service"))
	if err := s.SetKeepRunning(true); !errors.Is(err, storage.ErrKeyringUnavailable) {
		t.Fatalf("opt-in with no store: %v", err)
	}
	if on, _ := s.KeepRunning(); on {
		t.Fatal("the setting is on although the key could not be kept")
	}

	keyring.MockInit()
	if err := s.SetKeepRunning(true); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	if err := keyring.Delete(storage.KeyringService, s.KeyringAccount()); err != nil {
		t.Fatal(err)
	}
	if err := resolvesWhileLocked(t, s, def.ID); !errors.Is(err, ErrLocked) {
		t.Fatalf("entry deleted: %v, want ErrLocked", err)
	}
	if p := s.KeepRunningProblem(); !errors.Is(p, storage.ErrKeyringMissing) {
		t.Fatalf("problem %v, want ErrKeyringMissing", p)
	}
	if err := s.ResumeLocked(); !errors.Is(err, storage.ErrKeyringMissing) {
		t.Fatalf("ResumeLocked with no entry: %v", err)
	}

	// Another key under this directory's name (the vault was created again since).
	if err := keyring.Set(storage.KeyringService, s.KeyringAccount(), "cd1:"+strings.Repeat("A", 43)); err != nil {
		t.Fatal(err)
	}
	if err := s.ResumeLocked(); !errors.Is(err, storage.ErrKeyringStale) {
		t.Fatalf("another key: %v, want ErrKeyringStale", err)
	}
}

// A Lock while a locked transfer is opening its slot wipes the vault made for it too.
func TestLockWipesTheKeyOfALockedTransfer(t *testing.T) {
	s, _ := keepRunningService(t, t.TempDir())
	if err := s.SetKeepRunning(true); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	id := storage.Identity{CompanyID: "0123456789abcdef", Env: "sandbox", Field: "password"}
	err := s.withTransferVault(func(v *storage.Vault) error {
		if _, err := v.Seal(id, []byte("x")); err != nil {
			t.Fatalf("the vault made for the call does not work: %v", err)
		}
		s.Lock()
		_, err := v.Seal(id, []byte("x"))
		return err
	})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("after a Lock inside the call: %v, want ErrLocked (the key wiped)", err)
	}
	if len(s.keep.inflight) != 0 {
		t.Fatal("the call's vault is still listed")
	}
}
