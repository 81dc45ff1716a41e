// Package bridge is the Transfers view's side that talks to the outbox engine: it owns the
// model (the rows, the current batch, the history of states seen), the subscription to the
// engine and the inbox watch, and it is the only code of the view that hands work to Fyne's
// goroutine — one hop per frame through Config.Do (fyne.Do). It renders nothing and imports no
// widget; the view (package transfers, which imports this one) renders the model and calls
// the actions here. The compiler keeps it one-way: this package cannot import the view.
//
// The engine works in its own goroutines; its events are queued here and applied to the model
// in one hop per frame, so a batch of a thousand items costs one repaint per frame, not one
// per event, and Fyne's goroutine never waits for the disk or the network.
package bridge

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// Engine is what the bridge uses of the outbox engine (*outbox.Outbox). The bridge neither
// opens nor stops it: the window gets it from outbox.Open and the core stops it.
type Engine interface {
	Store // the rows of the table, read page by page
	Subscribe(fn func(outbox.Event)) (cancel func())
	Add(path string, opt outbox.AddOptions) (outbox.Item, error)
	Retry(id string) (outbox.Item, error)
	Reroute(id, company string) (outbox.Item, error)
	ConfirmResend(id string) (outbox.Item, error)
	MarkDeposited(id, flux string) (outbox.Item, error)
	Remove(id string) error
	Watch(ctx context.Context, dir string, opt outbox.WatchOptions) error
}

// Config is what the bridge needs from the window.
type Config struct {
	// Engine returns the data directory's engine, opening it the first time (which reads its
	// active items from disk). The bridge calls it once, off Fyne's goroutine.
	Engine func() (Engine, error)
	Now    func() time.Time // the service clock (ages, history)
	Lang   func() i18n.Lang // the window's current language (notifications)
	// Notify shows a desktop notification (fyne.App.SendNotification); tests record the calls.
	Notify func(title, body string)
	// RunAsync runs slow work (reading files, engine actions) off Fyne's goroutine; nil = a new
	// goroutine. Tests run it inline.
	RunAsync func(func())
	// Do is the one hop to Fyne's goroutine; nil = fyne.Do. The test driver runs fyne.Do at
	// once on the calling goroutine (an engine worker), so tests put a queue they drain
	// themselves here, which keeps the model on one goroutine as in the real app.
	Do func(func())
	// AgeEvery is how often the ages are repainted (default 30 s; negative = never).
	AgeEvery time.Duration
	// OnWatch is called on Fyne's goroutine when the inbox watch starts or ends, whoever
	// started or stopped it (the system tray shows it); nil = nobody.
	OnWatch func()
}

// Listener is how the bridge tells its view what happened. Every call is on Fyne's goroutine.
// A nil field is skipped.
type Listener struct {
	Changed func()               // the model changed, or the ages moved on: repaint
	Inbox   func(news InboxNews) // the inbox watch refused a file, or stopped
}

// Bridge connects one unlocked session of the window to the outbox engine.
type Bridge struct {
	cfg Config
	// Model, touched only on Fyne's goroutine.
	model    *Model
	engine   Engine // nil until loaded
	err      error  // why the engine could not be opened
	loaded   bool
	listener Listener
	watch    *inboxWatch

	// Events waiting for the next frame (engine goroutines append, Fyne's goroutine drains).
	pmu       sync.Mutex
	pending   []outbox.Event
	scheduled bool

	// Set by Start's goroutine and by Stop, under smu.
	smu     sync.Mutex
	stopped bool
	unsub   func()
	stopC   chan struct{} // closed by Stop: ends the ageing ticker
	started chan struct{} // closed when Start's goroutine has ended (tests wait on it)
}

// NewBridge is a bridge not yet started.
func NewBridge(cfg Config) *Bridge {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Lang == nil {
		cfg.Lang = func() i18n.Lang { return i18n.EN }
	}
	if cfg.Notify == nil {
		cfg.Notify = func(string, string) {}
	}
	if cfg.RunAsync == nil {
		cfg.RunAsync = func(f func()) { go f() }
	}
	if cfg.Do == nil {
		cfg.Do = fyne.Do
	}
	if cfg.AgeEvery == 0 {
		cfg.AgeEvery = 30 * time.Second
	}
	return &Bridge{cfg: cfg, model: NewModel(cfg.Now), stopC: make(chan struct{}), started: make(chan struct{})}
}

// Model is what the view renders. Read it on Fyne's goroutine only.
func (b *Bridge) Model() *Model { return b.model }

// Now is the clock of the ages.
func (b *Bridge) Now() time.Time { return b.cfg.Now() }

// Ready reports whether the engine's outbox is loaded (the actions work from then on).
func (b *Bridge) Ready() bool { return b.engine != nil }

// Err is why the engine could not be opened, or why its outbox could not be read the last
// time the model read it.
func (b *Bridge) Err() error {
	if b.err != nil {
		return b.err
	}
	return b.model.Err()
}

// Listen makes l the view's listener (a view rebuilt after a language change replaces the
// last one). Call it on Fyne's goroutine.
func (b *Bridge) Listen(l Listener) { b.listener = l }

// Start gets the engine in its own goroutine, subscribes, reads its active items and hands
// them to Fyne's goroutine; it also starts the ageing ticker. Call it once.
func (b *Bridge) Start() {
	go func() {
		defer close(b.started)
		b.smu.Lock()
		stopped := b.stopped
		b.smu.Unlock()
		if stopped {
			return
		}
		eng, err := b.cfg.Engine()
		if err != nil {
			b.hop(func() {
				b.err = err
				b.changed()
			})
			return
		}
		b.smu.Lock()
		if b.stopped { // locked meanwhile
			b.smu.Unlock()
			return
		}
		// Subscribed before the active items are read: the events in between wait for the
		// load. The finished items stay in the store: the table reads the ones it draws.
		b.unsub = eng.Subscribe(b.enqueue)
		b.smu.Unlock()
		src, err := openSource(eng)
		b.hop(func() {
			b.engine = eng
			b.load(src, err)
		})
	}()
	if b.cfg.AgeEvery > 0 {
		go b.tickAges()
	}
}

// Stop ends everything Start began and the inbox watch (idempotent); the engine itself goes
// on (the core pauses it while the vault is locked). It waits for nothing: a worker may be in
// a network call. Call it on Fyne's goroutine.
func (b *Bridge) Stop() {
	b.smu.Lock()
	if b.stopped {
		b.smu.Unlock()
		return
	}
	b.stopped = true
	close(b.stopC)
	unsub := b.unsub
	b.smu.Unlock()
	if unsub != nil {
		unsub()
	}
	if b.watch != nil {
		b.watch.cancel()
		b.watch = nil
	}
	b.listener = Listener{}
}

// Started is closed once Start's goroutine has ended (the engine is loaded, failed, or the
// bridge was stopped first).
func (b *Bridge) Started() <-chan struct{} { return b.started }

func (b *Bridge) isStopped() bool {
	b.smu.Lock()
	defer b.smu.Unlock()
	return b.stopped
}

// hop runs f on Fyne's goroutine unless the bridge has been stopped by then. It is the one
// place that calls Config.Do: every result of background work comes back through it.
func (b *Bridge) hop(f func()) {
	b.cfg.Do(func() {
		if !b.isStopped() {
			f()
		}
	})
}

// tickAges repaints the ageing column twice a minute.
func (b *Bridge) tickAges() {
	t := time.NewTicker(b.cfg.AgeEvery)
	defer t.Stop()
	for {
		select {
		case <-b.stopC:
			return
		case <-t.C:
			b.hop(b.changed)
		}
	}
}

// enqueue is the engine's subscriber: it must not block, so it only queues the event and asks
// for one frame callback.
func (b *Bridge) enqueue(ev outbox.Event) {
	b.pmu.Lock()
	b.pending = append(b.pending, ev)
	schedule := !b.scheduled
	b.scheduled = true
	b.pmu.Unlock()
	if schedule {
		b.hop(b.drain)
	}
}

// drain applies the queued events (Fyne's goroutine).
func (b *Bridge) drain() {
	b.pmu.Lock()
	evs := b.pending
	b.pending, b.scheduled = nil, false
	if !b.loaded {
		// Not loaded yet: keep them for load, which applies them after the active items.
		b.pending = append(evs, b.pending...)
		evs = nil
	}
	b.pmu.Unlock()
	if len(evs) > 0 {
		b.apply(evs)
	}
}

// load installs the engine's outbox and its active items, then the events that arrived
// meanwhile.
func (b *Bridge) load(src *storeSource, err error) {
	b.model.load(src)
	src.note(err)
	b.pmu.Lock()
	b.loaded = true
	evs := b.pending
	b.pending = nil
	b.pmu.Unlock()
	b.tell(b.model.Apply(evs))
	b.changed()
}

// apply updates the model, notifies rejections and the end of a batch, then asks the view to
// repaint once.
func (b *Bridge) apply(evs []outbox.Event) {
	b.tell(b.model.Apply(evs))
	b.changed()
}

// tell sends the notifications a change of the model calls for.
func (b *Bridge) tell(res Applied) {
	for _, it := range res.Rejected {
		b.notifyRejected(it)
	}
	if res.BatchEnded {
		b.notifyBatchEnd()
	}
}

func (b *Bridge) changed() {
	if f := b.listener.Changed; f != nil {
		f()
	}
}

// notifyRejected tells the user an invoice was refused by Chorus Pro or rejected by the buyer:
// who refused it, why, and what to do, in the words of the details.
func (b *Bridge) notifyRejected(it outbox.Item) {
	lang := b.cfg.Lang()
	v := outbox.Explain(it)
	body := v.Cause.In(lang)
	if v.Action != nil {
		body = joinText(body, v.Action.In(lang))
	}
	b.cfg.Notify(i18n.T(lang, "transfersui.notify.rejected_title", orDash(it.Number), v.Stage.Text().In(lang)), body)
}

// notifyBatchEnd tells the user the batch is over: only called once Chorus Pro answered on
// every item (or the item stopped for the user).
func (b *Bridge) notifyBatchEnd() {
	lang := b.cfg.Lang()
	st := b.model.Batch()
	b.cfg.Notify(i18n.T(lang, "transfersui.notify.batch_title"),
		i18n.T(lang, "transfersui.notify.batch_body", st.Accepted, st.Refused, st.NeedsYou))
}

// joinText puts an action after a cause, as the details do.
func joinText(cause, action string) string {
	if action == "" {
		return cause
	}
	if cause == "" {
		return action
	}
	return cause + " — " + action
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
