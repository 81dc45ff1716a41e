package bridge

import (
	"context"
	"errors"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"chorusdesk/outbox"
	"chorusdesk/outbox/outboxtest"
)

// fakeEngine stands for *outbox.Outbox: items (its queries answered by outboxtest.Mem, events
// applied to them before the subscribers hear of them), subscribers, and the calls the bridge
// made.
type fakeEngine struct {
	mu    sync.Mutex
	items outboxtest.Mem
	subs  map[int]func(outbox.Event)
	next  int
	calls []string
	// added is what Add answers for each path (default: a queued item).
	added func(path string) (outbox.Item, error)
	// onRead runs when the bridge first reads the items, after it subscribed.
	onRead func()
}

func newFake(items ...outbox.Item) *fakeEngine {
	return &fakeEngine{items: items, subs: map[int]func(outbox.Event){}}
}

func (f *fakeEngine) Rows(q outbox.Query) ([]outbox.Row, error) {
	if fn := f.onRead; fn != nil {
		f.onRead = nil
		fn()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.items.Rows(q)
}

func (f *fakeEngine) Lookup(ids []string) ([]outbox.Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.items.Lookup(ids)
}

func (f *fakeEngine) Counts(q outbox.Query) (outbox.Counts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.items.Counts(q)
}

func (f *fakeEngine) Subscribe(fn func(outbox.Event)) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.next
	f.next++
	f.subs[id] = fn
	return func() { f.mu.Lock(); delete(f.subs, id); f.mu.Unlock() }
}

func (f *fakeEngine) emit(e outbox.Event) {
	f.mu.Lock()
	f.items.Apply(e)
	var fns []func(outbox.Event)
	for _, fn := range f.subs {
		fns = append(fns, fn)
	}
	f.mu.Unlock()
	for _, fn := range fns {
		fn(e)
	}
}

func (f *fakeEngine) subscribers() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.subs) }

func (f *fakeEngine) call(s string) { f.mu.Lock(); f.calls = append(f.calls, s); f.mu.Unlock() }

func (f *fakeEngine) called() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeEngine) Add(path string, opt outbox.AddOptions) (outbox.Item, error) {
	f.call("add " + path + " company=" + opt.Company + " force=" + strconv.FormatBool(opt.Force))
	if f.added != nil {
		return f.added(path)
	}
	return outbox.Item{State: outbox.Queued}, nil
}
func (f *fakeEngine) Retry(id string) (outbox.Item, error) {
	f.call("retry " + id)
	return outbox.Item{}, nil
}
func (f *fakeEngine) Reroute(id, c string) (outbox.Item, error) {
	f.call("reroute " + id + " " + c)
	return outbox.Item{}, nil
}
func (f *fakeEngine) ConfirmResend(id string) (outbox.Item, error) {
	f.call("resend " + id)
	return outbox.Item{}, nil
}
func (f *fakeEngine) MarkDeposited(id, flux string) (outbox.Item, error) {
	f.call("mark " + id + " " + flux)
	return outbox.Item{}, nil
}
func (f *fakeEngine) Remove(id string) error { f.call("remove " + id); return errors.New("refused") }
func (f *fakeEngine) Watch(ctx context.Context, dir string, opt outbox.WatchOptions) error {
	f.call("watch " + dir)
	opt.OnFile(filepath.Join(dir, "bad.txt"), outbox.Item{}, errors.New("not an invoice"))
	opt.OnNotice(outbox.Notice{Kind: outbox.NoticeWaiting, Path: filepath.Join(dir, "big.pdf"), Text: outbox.Text{"en": "still being written"}})
	<-ctx.Done()
	return nil
}

// queue stands for Fyne's goroutine: hops wait here until the test runs them.
type queue struct {
	mu   sync.Mutex
	q    []func()
	n    int           // hops asked for
	wake chan struct{} // a hop was queued
}

func newQueue() *queue { return &queue{wake: make(chan struct{}, 1)} }

func (q *queue) do(f func()) {
	q.mu.Lock()
	q.q = append(q.q, f)
	q.n++
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// until runs the hops until cond holds (the engine's goroutines queue them).
func (q *queue) until(t *testing.T, cond func() bool) {
	t.Helper()
	for {
		q.run()
		if cond() {
			return
		}
		select {
		case <-q.wake:
		case <-t.Context().Done():
			t.Fatal("the test ended first")
		}
	}
}

func (q *queue) run() {
	for {
		q.mu.Lock()
		fs := q.q
		q.q = nil
		q.mu.Unlock()
		if len(fs) == 0 {
			return
		}
		for _, f := range fs {
			f()
		}
	}
}

// rig is a bridge on a fake engine, with its hops queued and its notifications and repaints
// counted: the bridge's rules with no widget and no network.
type rig struct {
	eng     *fakeEngine
	b       *Bridge
	q       *queue
	notes   []string
	changed int
	inbox   []InboxNews
}

func newRig(t *testing.T, eng *fakeEngine) *rig {
	t.Helper()
	r := &rig{eng: eng, q: newQueue()}
	r.b = NewBridge(Config{
		Engine:   func() (Engine, error) { return eng, nil },
		Notify:   func(title, body string) { r.notes = append(r.notes, title+": "+body) },
		RunAsync: func(f func()) { f() },
		Do:       r.q.do,
		AgeEvery: -1,
	})
	r.b.Listen(Listener{Changed: func() { r.changed++ }, Inbox: func(n InboxNews) { r.inbox = append(r.inbox, n) }})
	t.Cleanup(r.b.Stop)
	r.b.Start()
	<-r.b.Started()
	r.q.run()
	if !r.b.Ready() {
		t.Fatal("the bridge did not load the engine")
	}
	return r
}

// Events are applied in one hop per frame however many arrive, and the view repaints once.
func TestBridgeOneHopPerFrame(t *testing.T) {
	r := newRig(t, newFake())
	r.b.Model().Len() // the table drew its first screen: its rows are read
	hops, changed := r.q.n, r.changed
	for i := 0; i < 100; i++ {
		r.eng.emit(ev(outbox.EventAdded, synthetic(i, outbox.Queued)))
	}
	if got := r.q.n - hops; got != 1 {
		t.Fatalf("%d hops for 100 events, want 1", got)
	}
	if r.b.Model().Len() != 0 {
		t.Fatal("the model changed off Fyne's goroutine")
	}
	r.q.run()
	if r.b.Model().Len() != 100 || r.changed-changed != 1 {
		t.Fatalf("rows %d, repaints %d; want 100 and 1", r.b.Model().Len(), r.changed-changed)
	}
}

// An event the engine sends between the subscription and the snapshot is not lost, and is
// applied after the snapshot.
func TestBridgeEventsDuringLoad(t *testing.T) {
	first := synthetic(1, outbox.Queued)
	eng := newFake(first)
	moved := first
	moved.State = outbox.Deposited
	eng.onRead = func() { eng.emit(ev(outbox.EventChanged, moved)) }
	r := newRig(t, eng)
	if it, _ := r.b.Model().Item(first.ID); it.State != outbox.Deposited {
		t.Fatalf("state %s after the load, want the later event's deposited", it.State)
	}
}

// Notifications: a rejection when it happens (not a rejected item loaded), with who refused
// it, why and what to do; the batch's end once, only after Chorus Pro answered, with its
// counts.
func TestBridgeNotifications(t *testing.T) {
	old := synthetic(0, outbox.Final)
	old.Flux, old.InvoiceID, old.InvoiceStatus = "F0", 1, outbox.StatusRejetee
	r := newRig(t, newFake(old))
	if len(r.notes) != 0 {
		t.Fatalf("notes at load: %v", r.notes)
	}
	a, b := synthetic(1, outbox.Queued), synthetic(2, outbox.Queued)
	r.eng.emit(ev(outbox.EventAdded, a))
	r.eng.emit(ev(outbox.EventAdded, b))
	r.q.run()
	a, b.State = deposited(a, "F1"), outbox.Failed
	r.eng.emit(ev(outbox.EventChanged, a))
	r.eng.emit(ev(outbox.EventChanged, b))
	r.q.run()
	if len(r.notes) != 0 {
		t.Fatalf("notes %v before Chorus Pro answered", r.notes)
	}
	a.State, a.FluxState = outbox.Final, outbox.FluxRejete
	a.Raw, a.Cause, a.Fix = "Le fournisseur n'est pas rattaché", outbox.Text{"en": "the supplier is not attached to the technical account"}, "setup"
	r.eng.emit(ev(outbox.EventChanged, a))
	r.q.run()
	want := []string{
		"Invoice INV-0001: refused by Chorus Pro: the supplier is not attached to the technical account — fix the setup (the seller must be attached to the technical account in Chorus Pro) and send again",
		"Chorus Desk: batch finished: Accepted by Chorus Pro: 0. Refused or rejected: 1. Waiting for you: 1.",
	}
	if strings.Join(r.notes, "\n") != strings.Join(want, "\n") {
		t.Fatalf("notes:\n%s\nwant:\n%s", strings.Join(r.notes, "\n"), strings.Join(want, "\n"))
	}
}

// The actions follow the engine's predicates: nothing reaches the engine for an item that
// does not allow the action; an unroutable item is rerouted to the chosen company, anything
// else retried as it is; the engine's error comes back.
func TestBridgeActions(t *testing.T) {
	held := synthetic(1, outbox.Held)
	held.Hold = outbox.HoldUnroutable
	preflight := synthetic(2, outbox.Held)
	preflight.Hold = outbox.HoldPreflight
	unsure := synthetic(3, outbox.NeedsConfirmation)
	sending := synthetic(4, outbox.Depositing)
	r := newRig(t, newFake(held, preflight, unsure, sending))
	var errs []error
	done := func(err error) { errs = append(errs, err) }
	r.b.Retry(held.ID, "DEMO2", done)
	r.b.Retry(preflight.ID, "DEMO2", done)
	r.b.Retry(sending.ID, "", done) // not retryable
	resent := func(_ outbox.Item, err error) { done(err) }
	r.b.ConfirmResend(held.ID, resent) // not unsure
	r.b.ConfirmResend(unsure.ID, resent)
	r.b.MarkDeposited(unsure.ID, "", done) // no flux number
	r.b.MarkDeposited(unsure.ID, "CPP1", done)
	r.b.Remove(sending.ID, done) // in flight
	r.b.Remove(unsure.ID, done)
	r.q.run()
	want := []string{"reroute " + held.ID + " DEMO2", "retry " + preflight.ID, "resend " + unsure.ID,
		"mark " + unsure.ID + " CPP1", "remove " + unsure.ID}
	if got := r.eng.called(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("engine calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(errs) != 5 || errs[4] == nil || errs[0] != nil {
		t.Fatalf("outcomes %v", errs)
	}
}

// Add takes what the core's intake rule keeps of a folder (its .xml and .pdf files, no hidden
// file, no sub-folder) and reports each answer, and what the rule passed over, once the last
// is in; an intake whose every file was refused ends its batch with a notification.
func TestBridgeAdd(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.xml", "b.PDF", "notes.txt", ".hidden.xml"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "processed"), 0o700); err != nil {
		t.Fatal(err)
	}
	eng := newFake()
	n := 0
	eng.added = func(path string) (outbox.Item, error) {
		n++
		it := synthetic(n, outbox.Failed)
		eng.emit(ev(outbox.EventAdded, it))
		return it, errors.New("refused")
	}
	r := newRig(t, eng)
	var rep *AddReport
	missing := filepath.Join(dir, "gone.xml")
	r.b.Add([]string{dir, missing}, "DEMO1", true, func(got AddReport) { rep = &got })
	if rep != nil {
		t.Fatal("reported before Fyne's goroutine ran")
	}
	r.q.run()
	if rep == nil || len(rep.Results) != 2 {
		t.Fatalf("report %+v, want a.xml and b.PDF", rep)
	}
	for i, want := range []string{filepath.Join(dir, "a.xml"), filepath.Join(dir, "b.PDF")} {
		if got := rep.Results[i]; got.Path != want || got.Err == nil {
			t.Errorf("result %d: %+v, want %s refused", i, got, want)
		}
	}
	var skipped []string
	for _, sk := range rep.Skipped {
		if sk.Err == nil {
			t.Errorf("%s skipped without a reason", sk.Path)
		}
		skipped = append(skipped, filepath.Base(sk.Path))
	}
	if strings.Join(skipped, ",") != "notes.txt,gone.xml" {
		t.Errorf("skipped %v, want notes.txt (not an invoice name) and gone.xml (missing)", skipped)
	}
	if calls := eng.called(); !strings.Contains(calls[0], "company=DEMO1 force=true") {
		t.Errorf("engine call %q", calls[0])
	}
	if len(r.notes) != 1 || !strings.Contains(r.notes[0], "Accepted by Chorus Pro: 0. Refused or rejected: 0. Waiting for you: 2.") {
		t.Errorf("notes %v", r.notes)
	}
	var names []string
	r.b.Siblings(filepath.Join(dir, "a.xml"), func(_ string, files []string) { names = files })
	r.q.run()
	if strings.Join(names, ",") != "a.xml,b.PDF" {
		t.Errorf("siblings %v", names)
	}
}

// The inbox watch reports a refused file, its notices and its end; Stop ends it, unsubscribes, and nothing
// queued before reaches the view afterwards.
func TestBridgeWatchAndStop(t *testing.T) {
	r := newRig(t, newFake())
	r.b.StartWatch("/inbox", "")
	if dir, on := r.b.Watching(); !on || dir != "/inbox" {
		t.Fatalf("watching %q %v", dir, on)
	}
	r.b.StartWatch("/other", "") // one watch at a time
	r.q.until(t, func() bool { return len(r.inbox) > 1 })
	if len(r.inbox) != 2 || r.inbox[0].Path != "/inbox/bad.txt" || r.inbox[0].Err == nil ||
		r.inbox[1].Notice.In("en") != "still being written" || r.inbox[1].Ended {
		t.Fatalf("inbox news %+v", r.inbox)
	}
	r.eng.emit(ev(outbox.EventAdded, synthetic(1, outbox.Queued)))
	changed := r.changed
	r.b.Stop()
	r.q.run()
	if _, on := r.b.Watching(); on || r.eng.subscribers() != 0 {
		t.Fatalf("after Stop: watching %v, %d subscribers", on, r.eng.subscribers())
	}
	// The rows themselves come from the store when the table asks (it holds the item): what
	// must not happen is the stopped bridge repainting the view.
	if r.changed != changed {
		t.Fatalf("an event queued before Stop reached the view (%d repaints)", r.changed-changed)
	}
	if calls := r.eng.called(); len(calls) != 1 {
		t.Errorf("engine calls %v, want one watch", calls)
	}
}

// An engine that cannot be opened is reported, and the actions do nothing.
func TestBridgeEngineError(t *testing.T) {
	q := newQueue()
	changed := 0
	b := NewBridge(Config{Engine: func() (Engine, error) { return nil, errors.New("damaged") }, Do: q.do, AgeEvery: -1})
	b.Listen(Listener{Changed: func() { changed++ }})
	b.Start()
	<-b.Started()
	q.run()
	if b.Err() == nil || b.Ready() || changed != 1 {
		t.Fatalf("err %v, ready %v, repaints %d", b.Err(), b.Ready(), changed)
	}
	b.Add([]string{"/x.xml"}, "", false, func(AddReport) { t.Error("added without an engine") })
	b.StartWatch("/inbox", "")
	q.run()
	if _, on := b.Watching(); on {
		t.Error("watching without an engine")
	}
}

// A bridge stopped before its engine arrived never subscribes.
func TestBridgeStoppedBeforeLoad(t *testing.T) {
	eng := newFake()
	release := make(chan struct{})
	q := newQueue()
	b := NewBridge(Config{Engine: func() (Engine, error) { <-release; return eng, nil }, Do: q.do, AgeEvery: -1})
	b.Start()
	b.Stop()
	close(release)
	<-b.Started()
	q.run()
	if eng.subscribers() != 0 || b.Ready() {
		t.Fatalf("%d subscribers, ready %v after a Stop before the load", eng.subscribers(), b.Ready())
	}
}

// The bridge is the model's half: it imports nothing of Fyne but the package that holds
// fyne.Do (no widget, container, dialog, canvas, theme), and nothing of the view.
func TestBridgeImportsNoWidget(t *testing.T) {
	fset := token.NewFileSet()
	//lint:ignore SA1019 ParseDir is enough here: the folder holds one package and no build-tagged file
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for name, f := range p.Files {
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if (strings.HasPrefix(path, "fyne.io/") && path != "fyne.io/fyne/v2") || path == "chorusdesk/app/transfers" || path == "chorusdesk/widgets" {
					t.Errorf("%s imports %s", name, path)
				}
			}
		}
	}
}
