package core_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/internal/fixtures"
	"chorusdesk/outbox"
)

// The opt-in seen from the transfer engine, against the emulator: with it, a deposit goes out
// while the vault is locked, from a process that never had the master password; without it,
// the lock pauses the engine (nothing is sent) until the unlock.

const bgPassword = "background master password"

var bgKDF = &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}

// bgRig is a data directory with DEMO1 set up against a fresh emulator.
type bgRig struct {
	emu *emulator.Emulator
	dir string
}

func newBgRig(t *testing.T, keepRunning bool) *bgRig {
	t.Helper()
	keyring.MockInit()
	emu := emulator.New(emulator.Options{ProcessingTime: 30 * time.Millisecond})
	srv := httptest.NewServer(emu.Handler())
	t.Cleanup(func() { srv.Close(); emu.Close() })
	r := &bgRig{emu: emu, dir: t.TempDir()}
	svc, err := core.Open(r.dir, core.Options{KDF: bgKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Init([]byte(bgPassword)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetEndpoints(domain.Sandbox, domain.Endpoints{OAuthURL: srv.URL + "/api/oauth/token", APIURL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	c, err := svc.AddCompany("DEMO1", "Demo 1", emulator.SupplierSIRET1)
	if err != nil {
		t.Fatal(err)
	}
	st := domain.Setup{Enabled: true, Sandbox: domain.Slot{ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret,
		Login: "TECH_1_demo1@cpro.fr", Password: "demo-password-1"}}
	if _, err := svc.SaveSetup(c.ID, st); err != nil {
		t.Fatal(err)
	}
	if keepRunning {
		if err := svc.SetKeepRunning(true); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// reopen is a new process on the rig's directory: the vault locked, no password given.
func (r *bgRig) reopen(t *testing.T) *core.Service {
	t.Helper()
	svc, err := core.Open(r.dir, core.Options{KDF: bgKDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = svc.Close() })
	return svc
}

func startEngine(t *testing.T, svc *core.Service) *outbox.Outbox {
	t.Helper()
	o, err := outbox.Open(svc, outbox.Options{
		PollInterval: 15 * time.Millisecond, MaxPollInterval: 60 * time.Millisecond,
		ReconcileInterval: 20 * time.Millisecond, ReconcileWindow: 5 * time.Second,
		RetryBase: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond, MaxAttempts: 5,
		ClientRetry:   chorusapi.RetryPolicy{MaxAttempts: 2, BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond},
		ClientTimeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = o.Close() })
	o.Start()
	return o
}

func waitDeposited(t *testing.T, o *outbox.Outbox, id string) outbox.Item {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	items, err := o.Wait(ctx, func(it outbox.Item) bool {
		return it.WasDeposited() || it.State == outbox.Failed || it.State == outbox.Held
	}, id)
	if err != nil {
		t.Fatalf("the item did not settle: %v", err)
	}
	return items[0]
}

func TestLockedDepositGoesOutWithKeepRunning(t *testing.T) {
	r := newBgRig(t, true)
	svc := r.reopen(t) // the start at login: no master password in this process, ever
	if err := svc.ResumeLocked(); err != nil {
		t.Fatal(err)
	}
	o := startEngine(t, svc)
	if o.Paused() {
		t.Fatal("the engine is paused although transfers may run while locked")
	}
	it, err := o.Add(fixtures.Invoice("FA-2026-0001_UBL.xml"), outbox.AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := waitDeposited(t, o, it.ID)
	if !got.WasDeposited() {
		t.Fatalf("item %s: %s (%s)", got.State, got.Hold, got.Message.In("en"))
	}
	if svc.Unlocked() {
		t.Fatal("the vault was unlocked to deposit")
	}
	if n := len(r.emu.Deposits()); n != 1 {
		t.Fatalf("%d deposits at the emulator, want 1", n)
	}
	// The window's operations still want the master password.
	if _, err := svc.Setup(it.CompanyID); !errors.Is(err, core.ErrLocked) {
		t.Fatalf("Setup while running locked: %v", err)
	}
}

func TestLockPausesDepositsWithoutKeepRunning(t *testing.T) {
	r := newBgRig(t, false)
	svc := r.reopen(t)
	if err := svc.ResumeLocked(); !errors.Is(err, core.ErrKeepRunningOff) {
		t.Fatalf("ResumeLocked without the opt-in: %v", err)
	}
	o := startEngine(t, svc)
	if !o.Paused() {
		t.Fatal("the engine runs while locked without the opt-in")
	}
	it, err := o.Add(fixtures.Invoice("FA-2026-0001_UBL.xml"), outbox.AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if it.State != outbox.Queued || len(r.emu.Deposits()) != 0 {
		t.Fatalf("while paused: %s, %d deposits", it.State, len(r.emu.Deposits()))
	}
	// It was waiting, not lost: the unlock sends it.
	if err := svc.Unlock([]byte(bgPassword)); err != nil {
		t.Fatal(err)
	}
	if got := waitDeposited(t, o, it.ID); !got.WasDeposited() {
		t.Fatalf("after the unlock: %s", got.State)
	}
}

// Locking a running window with the opt-in on: the engine goes on; turning the opt-in off
// (unlocked) and locking again pauses it, and the OS store no longer holds the key.
func TestLockWhileRunningThenOptOut(t *testing.T) {
	r := newBgRig(t, true)
	svc := r.reopen(t)
	if err := svc.Unlock([]byte(bgPassword)); err != nil {
		t.Fatal(err)
	}
	o := startEngine(t, svc)
	svc.Lock()
	if o.Paused() {
		t.Fatal("locked with the opt-in: paused")
	}
	it, err := o.Add(fixtures.Invoice("FA-2026-0002_CII.xml"), outbox.AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := waitDeposited(t, o, it.ID); !got.WasDeposited() {
		t.Fatalf("deposit after the lock: %s", got.State)
	}
	if err := svc.Unlock([]byte(bgPassword)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetKeepRunning(false); err != nil {
		t.Fatal(err)
	}
	svc.Lock()
	if !o.Paused() {
		t.Fatal("locked after the opt-out: not paused")
	}
	if _, err := keyring.Get("Chorus Desk", svc.KeyringAccount()); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("the key is still in the OS store: %v", err)
	}
}
