package outbox

import (
	"errors"
	"testing"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
)

// One engine per Service: a second Open is refused until the first is closed; the Service's
// Close stops a running engine (and waits for it) before the store closes, and no engine can
// be opened on a closing Service.
func TestOpenOnePerServiceAndClosedWithIt(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o, err := Open(r.svc, fastOptions())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(r.svc, fastOptions()); !errors.Is(err, ErrAlreadyOpen) {
		t.Fatalf("second Open: %v, want ErrAlreadyOpen", err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	o, err = Open(r.svc, fastOptions())
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	o.Start()
	o.Start() // harmless
	it, err := o.Add(writeFile(t, t.TempDir(), "a.xml", ublVariant(t, "LIFE-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, o, Item.WasDeposited, it.ID)
	if err := r.svc.Close(); err != nil {
		t.Fatal(err)
	}
	o.mu.Lock()
	running := o.running
	o.mu.Unlock()
	if running {
		t.Error("the engine still runs after its Service closed")
	}
	if _, err := Open(r.svc, fastOptions()); !errors.Is(err, core.ErrClosing) {
		t.Errorf("Open on a closed Service: %v, want core.ErrClosing", err)
	}
}

// Lock pauses the engine: the dispatcher starts nothing (no credentials are read), items keep
// their state and attempts, and the unlock event resumes the work.
func TestLockPausesEngine(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.open(fastOptions())
	it, err := o.Add(writeFile(t, t.TempDir(), "p.xml", ublVariant(t, "PAUSE-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r.svc.Lock()
	if !o.Paused() {
		t.Fatal("not paused while locked")
	}
	// One dispatch round, by hand: nothing is taken.
	next := o.dispatch(waitCtx(t))
	o.mu.Lock()
	busy := len(o.busy)
	o.mu.Unlock()
	if busy != 0 || next.IsZero() {
		t.Fatalf("a locked engine started %d workers (next %v)", busy, next)
	}
	o.Start()
	if got, _ := o.Item(it.ID); got.State != Queued || got.Attempts != 0 || got.Message != nil {
		t.Fatalf("locked item changed: %s attempts %d %v", got.State, got.Attempts, got.Message)
	}
	if err := r.svc.Unlock([]byte("test master password")); err != nil {
		t.Fatal(err)
	}
	got := wait(t, o, Item.WasDeposited, it.ID)[0]
	if got.State == Failed {
		t.Fatalf("failed: %v", got.Message)
	}
	if n := r.emu.Requests().Deposits["PAUSE-1"]; n != 1 {
		t.Errorf("deposited %d times", n)
	}
}
