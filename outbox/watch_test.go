package outbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// loopWatch runs the real Watch loop (fsnotify included) on a fake clock the test moves.
type loopWatch struct {
	t      *testing.T
	clock  *fakeClock
	passes chan time.Time
	cancel context.CancelFunc
	done   chan error

	mu      sync.Mutex
	taken   []takenFile
	notices []Notice
}

func startLoop(t *testing.T, o *Outbox, dir string, opt WatchOptions) *loopWatch {
	t.Helper()
	l := &loopWatch{t: t, clock: newFakeClock(), passes: make(chan time.Time, 4096), done: make(chan error, 1)}
	opt.clock = l.clock
	if opt.Settle == 0 {
		opt.Settle = testSettle
	}
	opt.passed = func(now, _ time.Time) {
		select {
		case l.passes <- now:
		default:
		}
	}
	opt.OnFile = func(p string, it Item, err error) {
		l.mu.Lock()
		l.taken = append(l.taken, takenFile{p, it, err})
		l.mu.Unlock()
	}
	opt.OnNotice = func(n Notice) {
		l.mu.Lock()
		l.notices = append(l.notices, n)
		l.mu.Unlock()
	}
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	go func() { l.done <- o.Watch(ctx, dir, opt) }()
	l.waitPass(l.clock.Now())
	t.Cleanup(l.stop)
	return l
}

// waitPass waits until the loop has looked at the folder at time at or later.
func (l *loopWatch) waitPass(at time.Time) {
	l.t.Helper()
	guard := time.After(20 * time.Second) // against a hang, not a wait for work
	for {
		select {
		case now := <-l.passes:
			if !now.Before(at) {
				return
			}
		case <-guard:
			l.t.Fatalf("the watch did not look at the folder at %v", at)
		}
	}
}

// advance moves the clock by d (at most the settle time, the longest the loop sleeps) and
// waits for the look that follows.
func (l *loopWatch) advance(d time.Duration) {
	l.clock.Advance(d)
	l.waitPass(l.clock.Now())
}

func (l *loopWatch) stop() {
	if l.cancel != nil {
		l.cancel()
		if err := <-l.done; err != nil {
			l.t.Errorf("Watch returned %v", err)
		}
		l.cancel = nil
	}
}

func (l *loopWatch) takenCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.taken)
}

func (l *loopWatch) noticeKeys() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, n := range l.notices {
		out = append(out, n.key)
	}
	return out
}

// Files dropped in the inbox are taken once stable, deposited once, and moved out of the
// way; what is not an invoice file is left and said; hidden files are not touched.
func TestWatchTakesDroppedFiles(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	inbox := t.TempDir()
	writeFile(t, inbox, "early.xml", ublVariant(t, "W-EARLY", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	l := startLoop(t, o, inbox, WatchOptions{})
	writeFile(t, inbox, "late.xml", ublVariant(t, "W-LATE", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	writeFile(t, inbox, "notes.txt", []byte("not an invoice"))
	writeFile(t, inbox, "bad.xml", []byte("<html/>"))
	writeFile(t, inbox, ".hidden.xml", ublVariant(t, "W-HIDDEN", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	for range 4 {
		l.advance(testSettle)
	}
	var ids []string
	for _, tk := range l.taken {
		if tk.it.SHA != "" {
			ids = append(ids, tk.it.ID)
		}
	}
	if len(ids) != 2 || l.takenCount() != 3 {
		t.Fatalf("taken %+v", l.taken)
	}
	wait(t, o, Item.WasDeposited, ids...)
	for name, sub := range map[string]string{"early.xml": ProcessedDir, "late.xml": ProcessedDir, "bad.xml": RefusedDir, "notes.txt": "", ".hidden.xml": ""} {
		if _, err := os.Stat(filepath.Join(inbox, sub, name)); err != nil {
			t.Errorf("%s not in %q: %v", name, sub, err)
		}
	}
	if !has(l.noticeKeys(), "intake.not_invoice_name") {
		t.Errorf("notes.txt not said: %v", l.noticeKeys())
	}
	for _, n := range []string{"W-EARLY", "W-LATE"} {
		if c := r.emu.Requests().Deposits[n]; c != 1 {
			t.Errorf("%s deposited %d times", n, c)
		}
	}
}

// newRigOn is a second desk: its own data directory and service, on the emulator of another
// rig.
func newRigOn(t *testing.T, other *rig) *rig {
	t.Helper()
	r := &rig{t: t, emu: other.emu, ep: other.ep, dir: t.TempDir(), demo: map[string]domain.Company{}}
	svc, err := core.Open(r.dir, core.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	r.svc = svc
	if err := svc.Init([]byte("test master password")); err != nil {
		t.Fatal(err)
	}
	setupDemo(t, svc, r.ep)
	return r
}

// TestTwoDesksOneInbox: two desks (two engines on two data directories) watch one shared
// inbox; every file is deposited exactly once, counted at the emulator, and each desk is told
// the other watches the folder.
func TestTwoDesksOneInbox(t *testing.T) {
	const files = 40
	a := newRig(t, emulator.Options{})
	b := newRigOn(t, a)
	oa, ob := a.start(fastOptions()), b.start(fastOptions())
	inbox := t.TempDir()
	la := startLoop(t, oa, inbox, WatchOptions{Desk: "desk-a"})
	lb := startLoop(t, ob, inbox, WatchOptions{Desk: "desk-b"})
	// Let each see the other's presence.
	for range 2 {
		la.advance(heartbeatEvery / 10)
		lb.advance(heartbeatEvery / 10)
	}
	la.clock.Advance(heartbeatEvery)
	lb.clock.Advance(heartbeatEvery)
	la.waitPass(la.clock.Now())
	lb.waitPass(lb.clock.Now())
	for i := range files {
		n := fmt.Sprintf("TWO-%03d", i)
		writeFile(t, inbox, n+".xml", ublVariant(t, n, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	}
	// Both desks look at the same moments, so they race for the same files.
	for range 6 {
		la.clock.Advance(testSettle)
		lb.clock.Advance(testSettle)
		la.waitPass(la.clock.Now())
		lb.waitPass(lb.clock.Now())
	}
	na, nb := len(oa.Items()), len(ob.Items())
	if na+nb != files {
		t.Fatalf("desk A has %d items, desk B %d: want %d in all", na, nb, files)
	}
	t.Logf("desk A took %d files, desk B %d", na, nb)
	var idsA, idsB []string
	for _, it := range oa.Items() {
		idsA = append(idsA, it.ID)
	}
	for _, it := range ob.Items() {
		idsB = append(idsB, it.ID)
	}
	wait(t, oa, Item.WasDeposited, idsA...)
	wait(t, ob, Item.WasDeposited, idsB...)
	dep := a.emu.Requests().Deposits
	for i := range files {
		if n := dep[fmt.Sprintf("TWO-%03d", i)]; n != 1 {
			t.Errorf("TWO-%03d deposited %d times", i, n)
		}
	}
	ents, _ := os.ReadDir(filepath.Join(inbox, ProcessedDir))
	if len(ents) != files {
		t.Errorf("%d files in processed/, want %d", len(ents), files)
	}
	for name, l := range map[string]*loopWatch{"A": la, "B": lb} {
		if !has(l.noticeKeys(), "intake.watch.other_watcher") {
			t.Errorf("desk %s was not told of the other: %v", name, l.noticeKeys())
		}
	}
}
