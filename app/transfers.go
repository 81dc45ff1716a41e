package app

import (
	"sort"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"chorusdesk/outbox"
)

// transfers is the Transfers view of spec §3 and its bridge to the outbox engine. The engine
// does all the work in its own goroutines; its events are queued here and applied to the
// model in one fyne.Do per frame, so a batch of a thousand items costs one table refresh per
// frame, not one per event, and the UI goroutine never waits for the disk or the network.
type transfers struct {
	u      *UI
	eng    *transferEngine
	notify func(*fyne.Notification) // fyne.App.SendNotification; tests record the calls
	// do hands work to the UI goroutine: fyne.Do. The test driver runs fyne.Do at once on the
	// calling goroutine (an engine worker), so tests put a queue they drain themselves here,
	// which keeps the model on one goroutine as in the real app.
	do  func(func())
	now func() time.Time

	// Model, touched only on the UI goroutine. rows is oldest first (the engine's order).
	rows      []outbox.Item
	index     map[string]int            // item ID → position in rows
	hist      map[string][]historyEntry // states seen while the window was open
	batch     map[string]bool           // items of the current batch → done
	batchLeft int                       // items of the batch not done yet
	adding    int                       // intake actions (add, drop) still adding files
	loaded    bool
	view      *transfersView // nil until the view is first opened

	// Events waiting for the next frame (engine goroutines append, the UI goroutine drains).
	pmu       sync.Mutex
	pending   []outbox.Event
	scheduled bool

	watch *inboxWatch
	stopC chan struct{} // closed by stop: ends the ageing ticker

	// Set by start's goroutine and by stop, under smu.
	smu     sync.Mutex
	stopped bool
	unsub   func()
	running *transferEngine
	started chan struct{} // closed when start's goroutine has ended (tests wait on it)
}

// historyEntry is one state the item was seen in. The outbox keeps only the current state,
// so the history starts when the item was added or when the window loaded it.
type historyEntry struct {
	at    time.Time
	state string // catalog key of stateKey
	extra string // flux state or invoice status at that moment
}

// The Transfers view plugs into the window through its extension point: a header button and
// a View menu entry (Ctrl+J, as the downloads of a browser), started when the main screen
// shows (also after a language change) and stopped when the vault locks (also on quit).
func init() {
	registerView(extraView{
		label:    "gui.transfers.open",
		iconName: theme.IconNameMailSend,
		key:      fyne.KeyJ,
		open:     (*UI).showTransfers,
		unlocked: func(u *UI) { u.startTransfers() },
		locking:  (*UI).stopTransfers,
	})
}

// transfersRegistry keeps the bridge of each window across screen rebuilds (a language change
// rebuilds the main screen without locking); the window code keeps no field for it.
var transfersRegistry = struct {
	sync.Mutex
	m map[*UI]*transfers
}{m: map[*UI]*transfers{}}

// startTransfers is called when the main screen is shown (the vault is unlocked): it starts
// the engine of the data directory and the bridge to it. Calling it again (the screen was
// rebuilt) keeps the running bridge. It returns the bridge.
func (u *UI) startTransfers() *transfers {
	transfersRegistry.Lock()
	x, ok := transfersRegistry.m[u]
	if !ok {
		x = newTransfers(u)
		transfersRegistry.m[u] = x
	}
	transfersRegistry.Unlock()
	if ok {
		x.relabel()
		return x
	}
	x.start()
	// Files dropped on the main window go to the outbox too (and open the Transfers view).
	u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { x.dropped(uris) })
	return x
}

// showTransfers opens the Transfers window (starting the bridge if the screen did not).
func (u *UI) showTransfers() { u.startTransfers().show() }

// stopTransfers is called when the vault locks: the engine, the inbox watch and the bridge
// stop, and the Transfers window closes. Nothing waits for the network on the UI goroutine.
func (u *UI) stopTransfers() {
	transfersRegistry.Lock()
	x, ok := transfersRegistry.m[u]
	delete(transfersRegistry.m, u)
	transfersRegistry.Unlock()
	if ok {
		x.stop()
		u.win.SetOnDropped(nil)
	}
}

func newTransfers(u *UI) *transfers {
	return &transfers{
		u:       u,
		notify:  u.app.SendNotification,
		do:      fyne.Do,
		now:     u.svc.Now,
		index:   map[string]int{},
		hist:    map[string][]historyEntry{},
		batch:   map[string]bool{},
		stopC:   make(chan struct{}),
		started: make(chan struct{}),
	}
}

// start opens the engine in its own goroutine (the first time, outbox.New reads every item
// from disk), subscribes, starts the engine and hands the items to the UI goroutine.
func (x *transfers) start() {
	go func() {
		defer close(x.started)
		eng := engineFor(x.u.svc)
		if eng == nil { // the window is quitting and the store closing
			return
		}
		x.smu.Lock()
		if x.stopped { // locked meanwhile
			x.smu.Unlock()
			return
		}
		// Subscribed before the snapshot: the events in between wait for load.
		x.unsub = eng.ob.Subscribe(x.enqueue)
		x.running = eng
		eng.start()
		x.smu.Unlock()
		items := eng.ob.Items()
		x.do(func() {
			x.smu.Lock()
			stopped := x.stopped
			x.smu.Unlock()
			if !stopped {
				x.eng = eng
				x.load(items)
			}
		})
	}()
	go x.tickAges()
}

// stop ends everything started by start (idempotent). It does not wait for the engine: a
// worker may be in a network call.
func (x *transfers) stop() {
	x.smu.Lock()
	if x.stopped {
		x.smu.Unlock()
		return
	}
	x.stopped = true
	close(x.stopC)
	unsub, eng := x.unsub, x.running
	x.smu.Unlock()
	if unsub != nil {
		unsub()
	}
	if eng != nil {
		eng.stop()
	}
	if x.watch != nil {
		x.watch.stop()
		x.watch = nil
	}
	if x.view != nil {
		x.view.win.Close()
		x.view = nil
	}
}

// tickAges refreshes the ageing column twice a minute while the view is open.
func (x *transfers) tickAges() {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-x.stopC:
			return
		case <-t.C:
			x.do(func() {
				if x.view != nil {
					x.view.table.Refresh()
				}
			})
		}
	}
}

// enqueue is the engine's subscriber: it must not block, so it only queues the event and
// asks for one frame callback.
func (x *transfers) enqueue(ev outbox.Event) {
	x.pmu.Lock()
	x.pending = append(x.pending, ev)
	schedule := !x.scheduled
	x.scheduled = true
	x.pmu.Unlock()
	if schedule {
		x.do(x.drain)
	}
}

// drain applies the queued events (UI goroutine).
func (x *transfers) drain() {
	x.pmu.Lock()
	evs := x.pending
	x.pending, x.scheduled = nil, false
	x.pmu.Unlock()
	if !x.loaded {
		// Not loaded yet: keep them for load, which applies them after the snapshot.
		x.pmu.Lock()
		x.pending = append(evs, x.pending...)
		x.pmu.Unlock()
		return
	}
	x.apply(evs)
}

// load installs the engine's items, then the events that arrived meanwhile.
func (x *transfers) load(items []outbox.Item) {
	x.rows = items
	x.reindex()
	for _, it := range items {
		x.hist[it.ID] = initialHistory(it)
		x.track(it, false) // unfinished work from the last session makes a batch
	}
	x.loaded = true
	x.pmu.Lock()
	evs := x.pending
	x.pending = nil
	x.pmu.Unlock()
	x.apply(evs)
}

func initialHistory(it outbox.Item) []historyEntry {
	h := []historyEntry{{at: it.Created, state: "gui.transfers.state.added"}}
	if it.Changed.After(it.Created) || it.State != outbox.Queued {
		h = append(h, historyEntry{at: it.Changed, state: stateKey(it), extra: extraOf(it)})
	}
	return h
}

func extraOf(it outbox.Item) string {
	if it.InvoiceStatus != "" {
		return it.InvoiceStatus
	}
	return it.FluxState
}

func (x *transfers) reindex() {
	clear(x.index)
	for i, it := range x.rows {
		x.index[it.ID] = i
	}
}

// apply updates the model with events in order, notifies rejections and the end of a batch,
// then refreshes the view once.
func (x *transfers) apply(evs []outbox.Event) {
	if len(evs) == 0 {
		return
	}
	wasRunning := x.batchRunning()
	var newlyRejected []outbox.Item
	removed := false
	for _, ev := range evs {
		it := ev.Item
		i, known := x.index[it.ID]
		if ev.Kind == outbox.EventRemoved {
			if known {
				x.rows[i].ID = "" // compacted below
				delete(x.index, it.ID)
				delete(x.hist, it.ID)
				if done, in := x.batch[it.ID]; in {
					if !done {
						x.batchLeft--
					}
					delete(x.batch, it.ID)
				}
				removed = true
			}
			continue
		}
		var old outbox.Item
		if known {
			old = x.rows[i]
			x.rows[i] = it
		} else {
			x.rows = append(x.rows, it)
			x.index[it.ID] = len(x.rows) - 1
			x.hist[it.ID] = []historyEntry{{at: it.Created, state: "gui.transfers.state.added"}}
			if n := len(x.rows); n > 1 && x.rows[n-2].ID > it.ID {
				x.sortRows()
			}
		}
		if !known || stateKey(old) != stateKey(it) || extraOf(old) != extraOf(it) {
			at := it.Changed
			if at.IsZero() {
				at = x.now()
			}
			x.hist[it.ID] = append(x.hist[it.ID], historyEntry{at: at, state: stateKey(it), extra: extraOf(it)})
		}
		x.track(it, !known)
		if rejected(it) && (!known || !rejected(old)) {
			newlyRejected = append(newlyRejected, it)
		}
	}
	if removed {
		x.compact()
	}
	for _, it := range newlyRejected {
		x.notifyRejected(it)
	}
	if wasRunning && !x.batchRunning() {
		x.notifyBatchEnd()
	}
	if x.view != nil {
		x.view.refresh()
	}
}

func (x *transfers) sortRows() {
	sort.Slice(x.rows, func(a, b int) bool { return x.rows[a].ID < x.rows[b].ID })
	x.reindex()
}

func (x *transfers) compact() {
	out := x.rows[:0]
	for _, it := range x.rows {
		if it.ID != "" {
			out = append(out, it)
		}
	}
	x.rows = out
	x.reindex()
}

// track keeps the batch up to date with one item's new state: an item with work left joins
// the batch (a new one when the last has ended), and so does a fresh item of an intake action
// even when it stopped at once (a refused file counts as failed); a batch item counts as done
// or not.
func (x *transfers) track(it outbox.Item, fresh bool) {
	now := batchDone(it)
	was, in := x.batch[it.ID]
	if !now && !x.batchRunning() {
		clear(x.batch) // work after the last batch ended (a retry, the inbox): a new batch
		in = false
	}
	switch {
	case !in && now && fresh && x.adding > 0:
		x.batch[it.ID] = true
	case !in && !now:
		x.batch[it.ID] = false
		x.batchLeft++
	case in && was != now:
		x.batch[it.ID] = now
		if now {
			x.batchLeft--
		} else {
			x.batchLeft++
		}
	}
}

// batchProgress counts the items of the current batch that are done.
func (x *transfers) batchProgress() (done, total int) {
	return len(x.batch) - x.batchLeft, len(x.batch)
}

// batchRunning reports whether the batch has work left, or files still being added to it (the
// engine may finish the first file of a drop before the second is read).
func (x *transfers) batchRunning() bool { return x.batchLeft > 0 || x.adding > 0 }

// intakeDone ends one intake action; it may end the batch.
func (x *transfers) intakeDone() {
	was := x.batchRunning()
	x.adding--
	if was && !x.batchRunning() && len(x.batch) > 0 {
		x.notifyBatchEnd()
	}
}

// batchCounts sorts the batch's items into deposited, waiting for the user, and failed.
func (x *transfers) batchCounts() (deposited, held, failed int) {
	for id := range x.batch {
		i, ok := x.index[id]
		if !ok {
			continue
		}
		it := x.rows[i]
		switch {
		case it.State == outbox.Failed || rejected(it):
			failed++
		case it.WasDeposited() || it.State == outbox.Final:
			deposited++
		default:
			held++
		}
	}
	return
}

func (x *transfers) notifyRejected(it outbox.Item) {
	x.notify(fyne.NewNotification(
		x.u.t("gui.transfers.notify.rejected_title", it.Number),
		it.Message.In(x.u.lang)))
}

func (x *transfers) notifyBatchEnd() {
	dep, held, failed := x.batchCounts()
	x.notify(fyne.NewNotification(
		x.u.t("gui.transfers.notify.batch_title"),
		x.u.t("gui.transfers.notify.batch_body", dep, held, failed)))
}

// relabel rebuilds the open view in the current language (the language changed).
func (x *transfers) relabel() {
	if x.view == nil {
		return
	}
	old := x.view
	x.view = nil
	if old.shown {
		x.show()
	}
	old.win.Close()
}

// row returns the item shown at table row r. Rows are oldest first, as the engine keeps them:
// new items arrive at the bottom, so the row of the selected item does not move under the
// user's eyes while a batch streams in.
func (x *transfers) row(r int) (outbox.Item, bool) {
	if r < 0 || r >= len(x.rows) {
		return outbox.Item{}, false
	}
	return x.rows[r], true
}

// rowOf is the table row of an item ID, or -1.
func (x *transfers) rowOf(id string) int {
	i, ok := x.index[id]
	if !ok {
		return -1
	}
	return i
}
