package app

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/demo"
	"chorusdesk/i18n"
	"chorusdesk/internal/fixtures"
	"chorusdesk/outbox"
)

// hops stands for Fyne's goroutine for the Transfers bridge: the test driver runs fyne.Do at
// once on the calling goroutine (an engine worker), so the bridge's hops wait here and the
// test goroutine runs them, as the real event loop would.
type hops struct {
	mu   sync.Mutex
	q    []func()
	wake chan struct{}
}

func newHops() *hops { return &hops{wake: make(chan struct{}, 1)} }

func (p *hops) do(f func()) {
	p.mu.Lock()
	p.q = append(p.q, f)
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// until runs the queued hops until cond holds; it fails the test after 30 s.
func (p *hops) until(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for {
		for {
			p.mu.Lock()
			q := p.q
			p.q = nil
			p.mu.Unlock()
			if len(q) == 0 {
				break
			}
			for _, f := range q {
				f()
			}
		}
		if cond() {
			return
		}
		select {
		case <-p.wake:
		case <-deadline.C:
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// quickOutbox are engine options for tests: polls and retries in milliseconds.
func quickOutbox() outbox.Options {
	return outbox.Options{
		PollInterval: 15 * time.Millisecond, MaxPollInterval: 60 * time.Millisecond,
		ReconcileInterval: 20 * time.Millisecond, ReconcileWindow: 5 * time.Second,
		RetryBase: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond, MaxAttempts: 5,
		ClientRetry:   chorusapi.RetryPolicy{MaxAttempts: 2, BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond},
		ClientTimeout: 30 * time.Second,
	}
}

// withTransfers gives a harness's UI quick engine options and queued bridge hops.
func withTransfers(p *hops) func(*UI) {
	return func(u *UI) {
		u.transfers.engine.opt = quickOutbox()
		u.transfers.do = p.do
	}
}

// The views table puts Transfers in the header and behind Ctrl+J; the bridge starts at
// unlock, survives a language change (relabelling an open view, keeping a closed one closed)
// and stops at the lock, when the window closes; the engine outlives the screens (paused while
// locked).
func TestTransfersFollowTheWindow(t *testing.T) {
	p := newHops()
	h := newHarness(t, true, withTransfers(p))
	x := h.ui.transfers
	b := x.bridge
	if b == nil {
		t.Fatal("the unlock did not start the transfers bridge")
	}
	p.until(t, "the engine is loaded", b.Ready)
	eng := x.engine.engine()
	if eng == nil || eng.Paused() {
		t.Fatal("the unlock did not start the transfers engine")
	}
	h.shortcut(fyne.KeyJ, fyne.KeyModifierShortcutDefault)
	if x.view == nil || !x.view.Shown() {
		t.Fatal("Ctrl+J did not open the Transfers view")
	}
	h.ui.setLang(i18n.FR)
	if x.bridge != b || x.view == nil || !x.view.Shown() {
		t.Fatalf("after the language change: same bridge %v, view shown %v", x.bridge == b, x.view != nil)
	}
	// A view the user closed stays closed across a language change.
	x.view.Hide()
	h.ui.setLang(i18n.EN)
	if x.view != nil {
		t.Error("the closed Transfers view came back after the language change")
	}
	h.shortcut(fyne.KeyJ, fyne.KeyModifierShortcutDefault)
	if x.view == nil || !x.view.Shown() {
		t.Fatal("Ctrl+J did not reopen the view")
	}
	view := x.view
	h.ui.lock()
	if x.bridge != nil || x.view != nil || view.Shown() || !eng.Paused() {
		t.Errorf("after the lock: bridge %v, view %v shown %v, engine paused %v", x.bridge != nil, x.view != nil, view.Shown(), eng.Paused())
	}
	// Unlocking again uses the same engine: one per data directory.
	if err := h.svc.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	h.ui.unlock = nil
	h.ui.showMain()
	p.until(t, "the engine is loaded again", func() bool { return x.bridge != nil && x.bridge.Ready() })
	if x.engine.engine() != eng || eng.Paused() {
		t.Error("the unlock did not resume the same engine")
	}
}

// The inbox folder the Transfers window watches is the vault's setting, not a global
// preference of the app.
func TestTransfersInboxIsTheVaults(t *testing.T) {
	h := newHarness(t, true)
	host := h.ui.transfers.host()
	dir := t.TempDir()
	if err := host.SetInbox(dir); err != nil {
		t.Fatal(err)
	}
	if p, err := h.svc.UIPrefs(); err != nil || p.Inbox != dir || host.InboxDir() != dir {
		t.Fatalf("vault inbox %q (%v), host says %q; want %q", p.Inbox, err, host.InboxDir(), dir)
	}
	if got := h.ui.app.Preferences().String("transfers.inbox"); got != "" {
		t.Errorf("the inbox leaked into the app's preferences: %q", got)
	}
}

// inFlight adds an invoice through the window's bridge while the emulator holds every
// deposit, and returns once the engine reported the item depositing (the request is on its
// way), with a record of every event the engine sends afterwards.
func inFlight(t *testing.T, u *UI, p *hops, emu *emulator.Emulator, file string) *eventLog {
	t.Helper()
	emu.InjectFault(emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultTimeout})
	x := u.transfers
	p.until(t, "the engine is loaded", func() bool { return x.bridge != nil && x.bridge.Ready() })
	log := &eventLog{}
	cancel := x.engine.engine().Subscribe(log.add)
	t.Cleanup(cancel)
	x.bridge.Add([]string{file}, "", false, nil)
	p.until(t, "the deposit is in flight", func() bool { return log.saw(outbox.Depositing) })
	return log
}

// eventLog records the engine's events and whether they came before a mark.
type eventLog struct {
	mu     sync.Mutex
	events []outbox.Event
	marked int // len(events) when mark was called (-1: not yet)
	last   outbox.Item
}

func (l *eventLog) add(e outbox.Event) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.last = e.Item
	l.mu.Unlock()
}

func (l *eventLog) saw(s outbox.State) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.events {
		if e.Item.State == s {
			return true
		}
	}
	return false
}

func (l *eventLog) mark() {
	l.mu.Lock()
	l.marked = len(l.events)
	l.mu.Unlock()
}

func (l *eventLog) since() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.events) - l.marked
}

func (l *eventLog) lastItem() outbox.Item {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

// Quitting Run's window with a deposit in flight stops the engine before the store closes:
// nothing is written once the store is closing (no event after it, no Badger panic), and what
// the engine last reported is what the store keeps.
func TestQuitWithTransferInFlight(t *testing.T) {
	p := newHops()
	dir := t.TempDir()
	emu, svc := demoVaultOnEmulator(t, dir, emulator.Options{ProcessingTime: time.Hour})
	u := New(testApp(t), testWindow(t), svc, Options{Lang: i18n.EN, RunAsync: func(f func()) { f() }, Outbox: quickOutbox(), Do: p.do,
		NewTimer: func(time.Duration, func()) Timer { return &fakeTimer{} }})
	u.showMain()
	log := inFlight(t, u, p, emu, sampleInvoice(t))
	// Runs after the engine's own close hook (registered when it opened), before the store
	// closes: from here on nothing may change.
	svc.OnClose(log.mark)
	code := u.shutdown(svc.Close)
	if code != core.ExitOK {
		t.Fatalf("exit code %d", code)
	}
	if n := log.since(); n != 0 {
		t.Fatalf("%d events after the store started closing", n)
	}
	// The store keeps what the engine last said.
	svc2, err := core.Open(dir, cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer svc2.Close()
	want := log.lastItem()
	ob2, err := outbox.Open(svc2, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := ob2.Item(want.ID)
	if !ok || got.State != want.State {
		t.Fatalf("stored state %q (found %v), engine's last word %q", got.State, ok, want.State)
	}
}

// The demo quits the same way, with the same hook: the engine stops before the demo's store
// closes and its directory is removed.
func TestDemoQuitWithTransferInFlight(t *testing.T) {
	d, err := demo.Start(demo.Options{KDF: cheapKDF.KDF, ProcessingTime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	p := newHops()
	u, _ := startDemoUI(testApp(t), testWindow(t), d, Options{Lang: i18n.EN, RunAsync: func(f func()) { f() },
		Outbox: quickOutbox(), Do: p.do, NewTimer: func(time.Duration, func()) Timer { return &fakeTimer{} }})
	ents, err := os.ReadDir(d.Inbox)
	if err != nil || len(ents) == 0 {
		t.Fatalf("no demo invoice: %v", err)
	}
	log := inFlight(t, u, p, d.Emulator, filepath.Join(d.Inbox, ents[0].Name()))
	root := d.Root
	d.Service.OnClose(log.mark)
	code := u.shutdown(d.Close)
	if code != core.ExitOK {
		t.Fatalf("exit code %d", code)
	}
	if n := log.since(); n != 0 {
		t.Fatalf("%d events after the demo's store started closing", n)
	}
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("the demo directory is still there: %v", err)
	}
}

// Quitting while the engine is still being opened (a Transfers start on its way) never leaves
// an open reading a closed store: the open finishes first and the store's Close stops the
// engine, or the open is refused.
func TestQuitWhileTheEngineOpens(t *testing.T) {
	for i := 0; i < 10; i++ {
		svc, err := core.Open(t.TempDir(), cheapKDF)
		if err != nil {
			t.Fatal(err)
		}
		h := &engineHolder{svc: svc}
		got := make(chan error, 1)
		go func() { _, err := h.get(); got <- err }()
		h.release()
		if err := svc.Close(); err != nil {
			t.Fatal(err)
		}
		if err := <-got; err != nil && !errors.Is(err, core.ErrClosing) {
			t.Fatalf("run %d: %v", i, err)
		}
		if _, err := h.get(); !errors.Is(err, core.ErrClosing) {
			t.Fatalf("run %d: an engine opened after the quit (%v)", i, err)
		}
	}
}

func testApp(t *testing.T) fyne.App { return test.NewTempApp(t) }

func testWindow(t *testing.T) fyne.Window {
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1100, 740))
	return w
}

// sampleInvoice is a UBL invoice of the emulator's supplier 1.
func sampleInvoice(t *testing.T) string { return fixtures.Invoice("FA-2026-0001_UBL.xml") }
