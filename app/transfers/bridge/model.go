package bridge

import (
	"time"

	"chorusdesk/outbox"
)

// Model is what the Transfers view shows: the rows the filter keeps (oldest first, the
// engine's order), the states each item was seen in while the window was open, and the
// current batch. It is plain data with no Fyne and no goroutine of its own: the bridge changes
// it on Fyne's goroutine only, and tests drive it directly.
//
// The rows come from a Source one window at a time (the table draws a screenful); the model
// keeps that window and reads it again after a change. The source reads the store page by
// page: the model never walks every item, and holds no finished item but those it draws.
type Model struct {
	src    *storeSource
	filter Filter
	now    func() time.Time

	// The window of rows last read from the source, and the hour it was read in (the
	// finished transfers to hide depend on it).
	win      []outbox.Item
	winFrom  int
	winTotal int
	winOK    bool
	winHour  time.Time

	hist  map[string][]HistoryEntry // states seen while the window was open (items that changed)
	batch batch
}

// window is how many rows the model reads from its source at a time: a screenful or two.
const window = 128

// HistoryEntry is one state the item was seen in. The outbox keeps only the current state, so
// the history starts when the item was added or when the window loaded it.
type HistoryEntry struct {
	At    time.Time
	Added bool // the file was taken in (the first entry)
	Stage outbox.Stage
	Hold  outbox.HoldKind
	Extra string // Chorus Pro's flux state or invoice status at that moment
}

// Applied is what a batch of events changed that the user is told about.
type Applied struct {
	Rejected   []outbox.Item // items that became refused or rejected in these events
	BatchEnded bool          // the batch had work left and has none now
}

// NewModel is an empty model; now dates the changes that carry no time of their own and
// decides which finished items are old enough to hide.
func NewModel(now func() time.Time) *Model {
	if now == nil {
		now = time.Now
	}
	return &Model{src: newStoreSource(emptyStore{}), now: now, hist: map[string][]HistoryEntry{},
		batch: newBatch(), filter: defaultFilter}
}

// load makes src (openSource) the source of the rows: the unfinished work of the last
// session among its active items makes a batch.
func (m *Model) load(src *storeSource) {
	m.src = src
	m.winOK = false
	for _, it := range src.active() {
		m.batch.track(it, false)
	}
}

// Err is why the outbox could not be read the last time the model read it (nil: it could).
func (m *Model) Err() error { return m.src.Err() }

// Filter is the filter of the rows.
func (m *Model) Filter() Filter { return m.filter }

// SetFilter changes which rows the table shows.
func (m *Model) SetFilter(f Filter) {
	if f != m.filter {
		m.filter = f
		m.winOK = false
	}
}

// valid reports whether the window read last still holds.
func (m *Model) valid() bool {
	return m.winOK && (m.filter.HideDone == 0 || m.now().Truncate(time.Hour).Equal(m.winHour))
}

// Len is the number of rows the filter keeps.
func (m *Model) Len() int {
	if !m.valid() {
		m.read(m.winFrom)
	}
	return m.winTotal
}

// Row returns the item shown at table row r. Rows are oldest first, as the engine keeps them:
// new items arrive at the bottom, so the row of the selected item does not move under the
// user's eyes while a batch streams in.
func (m *Model) Row(r int) (outbox.Item, bool) {
	if r < 0 {
		return outbox.Item{}, false
	}
	if !m.valid() || r < m.winFrom || r >= m.winFrom+len(m.win) {
		m.read(max(0, r-window/4))
	}
	if r < m.winFrom || r >= m.winFrom+len(m.win) {
		return outbox.Item{}, false
	}
	return m.win[r-m.winFrom], true
}

// read reads the window of rows from the from-th.
func (m *Model) read(from int) {
	now := m.now()
	m.win, m.winTotal = m.src.Window(m.filter, now, from, window)
	m.winFrom, m.winOK, m.winHour = from, true, now.Truncate(time.Hour)
}

// patch puts an item's new copy in the window when the rows stayed the same ones: most events
// of a batch change one row, and the window need not be read again for it.
func (m *Model) patch(it outbox.Item, sameRows bool) {
	if !sameRows || !m.winOK {
		m.winOK = false
		return
	}
	if p := m.src.Position(m.filter, m.now(), it.ID); p >= m.winFrom && p < m.winFrom+len(m.win) {
		m.win[p-m.winFrom] = it
	}
}

// RowOf is the table row of an item ID, or -1 (not kept by the filter).
func (m *Model) RowOf(id string) int { return m.src.Position(m.filter, m.now(), id) }

// Item returns the item with this ID, shown or not.
func (m *Model) Item(id string) (outbox.Item, bool) { return m.src.Find(id) }

// Counts says how many items there are and how many the filter shows and hides.
func (m *Model) Counts() Counts { return m.src.Counts(m.filter, m.now()) }

// History lists the states an item was seen in, oldest first.
func (m *Model) History(id string) []HistoryEntry {
	if h, ok := m.hist[id]; ok {
		return h
	}
	if it, ok := m.src.Find(id); ok {
		return initialHistory(it)
	}
	return nil
}

// Apply updates the model with events in order and says what the user should be told.
func (m *Model) Apply(evs []outbox.Event) Applied {
	var out Applied
	if len(evs) == 0 {
		return out
	}
	wasRunning := m.batch.running()
	for _, ev := range evs {
		it := ev.Item
		c := m.src.apply(ev)
		m.patch(it, c.sameRows)
		if ev.Kind == outbox.EventRemoved {
			delete(m.hist, it.ID)
			m.batch.remove(it.ID)
			continue
		}
		_, seen := m.hist[it.ID]
		switch {
		case !c.existed:
			m.hist[it.ID] = []HistoryEntry{{At: it.Created, Added: true}}
		case seen:
		case c.had:
			m.hist[it.ID] = initialHistory(c.old)
		default: // a finished item the source does not hold: its history starts with this event
			m.hist[it.ID] = []HistoryEntry{{At: it.Created, Added: true}}
		}
		if e := entryFor(it, m.now); !c.existed || !sameEntry(m.last(it.ID), e) {
			m.hist[it.ID] = append(m.hist[it.ID], e)
		}
		m.batch.track(it, !c.existed)
		// The source holds every active item: one it does not hold was finished (or failed)
		// before this event, so a rejection it carries was told already.
		if it.Rejected() && (!c.existed || c.had && !c.old.Rejected()) {
			out.Rejected = append(out.Rejected, it)
		}
	}
	out.BatchEnded = wasRunning && !m.batch.running()
	return out
}

// BeginIntake starts one intake action (add, drop): the files it adds join the batch even when
// they stop at once (a refused file counts), and the batch does not end before the last of
// them is read. An intake when no batch runs starts a new batch.
func (m *Model) BeginIntake() {
	if !m.batch.running() {
		m.batch.reset()
	}
	m.batch.adding++
}

// EndIntake ends one intake action and reports whether that ended the batch.
func (m *Model) EndIntake() (batchEnded bool) {
	was := m.batch.running()
	m.batch.adding--
	return was && !m.batch.running() && len(m.batch.items) > 0
}

// Batch says where the current (or last) batch stands.
func (m *Model) Batch() BatchStatus { return m.batch.status() }

// BatchRunning reports whether the batch has an item Chorus Pro has not answered yet, or
// files still being added to it (the engine may finish the first file of a drop before the
// second is read).
func (m *Model) BatchRunning() bool { return m.batch.running() }

func (m *Model) last(id string) HistoryEntry {
	h := m.hist[id]
	if len(h) == 0 {
		return HistoryEntry{}
	}
	return h[len(h)-1]
}

func entryFor(it outbox.Item, now func() time.Time) HistoryEntry {
	at := it.Changed
	if at.IsZero() {
		at = now()
	}
	e := HistoryEntry{At: at, Stage: outbox.Explain(it).Stage, Extra: extraOf(it)}
	if it.State == outbox.Held {
		e.Hold = it.Hold
	}
	return e
}

func sameEntry(a, b HistoryEntry) bool {
	return !a.Added && a.Stage == b.Stage && a.Hold == b.Hold && a.Extra == b.Extra
}

func initialHistory(it outbox.Item) []HistoryEntry {
	h := []HistoryEntry{{At: it.Created, Added: true}}
	if it.Changed.After(it.Created) || it.State != outbox.Queued {
		h = append(h, entryFor(it, func() time.Time { return it.Changed }))
	}
	return h
}

func extraOf(it outbox.Item) string {
	if it.InvoiceStatus != "" {
		return it.InvoiceStatus
	}
	return it.FluxState
}
