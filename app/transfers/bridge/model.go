package bridge

import (
	"sort"
	"time"

	"chorusdesk/outbox"
)

// Model is what the Transfers view shows: the outbox's items oldest first (the engine's
// order), the states each was seen in while the window was open, and the current batch. It is
// plain data with no Fyne and no goroutine of its own: the bridge changes it on Fyne's
// goroutine only, and tests drive it directly.
type Model struct {
	rows      []outbox.Item
	index     map[string]int            // item ID → position in rows
	hist      map[string][]HistoryEntry // states seen while the window was open
	batch     map[string]bool           // items of the current batch → done
	batchLeft int                       // items of the batch not done yet
	adding    int                       // intake actions (add, drop) still adding files
	now       func() time.Time
}

// HistoryEntry is one state the item was seen in. The outbox keeps only the current state, so
// the history starts when the item was added or when the window loaded it.
type HistoryEntry struct {
	At    time.Time
	State string // catalog key of StateKey
	Extra string // flux state or invoice status at that moment
}

// Applied is what a batch of events changed that the user is told about.
type Applied struct {
	Rejected   []outbox.Item // items that became rejected in these events
	BatchEnded bool          // the batch had work left and has none now
}

// NewModel is an empty model; now dates the changes that carry no time of their own.
func NewModel(now func() time.Time) *Model {
	if now == nil {
		now = time.Now
	}
	return &Model{index: map[string]int{}, hist: map[string][]HistoryEntry{}, batch: map[string]bool{}, now: now}
}

// Load installs the engine's items (unfinished work from the last session makes a batch).
func (m *Model) Load(items []outbox.Item) {
	m.rows = items
	m.reindex()
	for _, it := range items {
		m.hist[it.ID] = initialHistory(it)
		m.track(it, false)
	}
}

// Len is the number of rows.
func (m *Model) Len() int { return len(m.rows) }

// Row returns the item shown at table row r. Rows are oldest first, as the engine keeps them:
// new items arrive at the bottom, so the row of the selected item does not move under the
// user's eyes while a batch streams in.
func (m *Model) Row(r int) (outbox.Item, bool) {
	if r < 0 || r >= len(m.rows) {
		return outbox.Item{}, false
	}
	return m.rows[r], true
}

// RowOf is the table row of an item ID, or -1.
func (m *Model) RowOf(id string) int {
	i, ok := m.index[id]
	if !ok {
		return -1
	}
	return i
}

// Item returns the item with this ID.
func (m *Model) Item(id string) (outbox.Item, bool) {
	i, ok := m.index[id]
	if !ok {
		return outbox.Item{}, false
	}
	return m.rows[i], true
}

// History lists the states an item was seen in, oldest first.
func (m *Model) History(id string) []HistoryEntry { return m.hist[id] }

// Apply updates the model with events in order and says what the user should be told.
func (m *Model) Apply(evs []outbox.Event) Applied {
	var out Applied
	if len(evs) == 0 {
		return out
	}
	wasRunning := m.BatchRunning()
	removed := false
	for _, ev := range evs {
		it := ev.Item
		i, known := m.index[it.ID]
		if ev.Kind == outbox.EventRemoved {
			if known {
				m.rows[i].ID = "" // compacted below
				delete(m.index, it.ID)
				delete(m.hist, it.ID)
				if done, in := m.batch[it.ID]; in {
					if !done {
						m.batchLeft--
					}
					delete(m.batch, it.ID)
				}
				removed = true
			}
			continue
		}
		var old outbox.Item
		if known {
			old = m.rows[i]
			m.rows[i] = it
		} else {
			m.rows = append(m.rows, it)
			m.index[it.ID] = len(m.rows) - 1
			m.hist[it.ID] = []HistoryEntry{{At: it.Created, State: keyAdded}}
			if n := len(m.rows); n > 1 && m.rows[n-2].ID > it.ID {
				m.sortRows()
			}
		}
		if !known || StateKey(old) != StateKey(it) || extraOf(old) != extraOf(it) {
			at := it.Changed
			if at.IsZero() {
				at = m.now()
			}
			m.hist[it.ID] = append(m.hist[it.ID], HistoryEntry{At: at, State: StateKey(it), Extra: extraOf(it)})
		}
		m.track(it, !known)
		if it.Rejected() && (!known || !old.Rejected()) {
			out.Rejected = append(out.Rejected, it)
		}
	}
	if removed {
		m.compact()
	}
	out.BatchEnded = wasRunning && !m.BatchRunning()
	return out
}

// BeginIntake starts one intake action (add, drop): the files it adds join the batch even when
// they stop at once (a refused file counts as failed), and the batch does not end before the
// last of them is read. An intake when no batch runs starts a new batch.
func (m *Model) BeginIntake() {
	if !m.BatchRunning() {
		clear(m.batch)
	}
	m.adding++
}

// EndIntake ends one intake action and reports whether that ended the batch.
func (m *Model) EndIntake() (batchEnded bool) {
	was := m.BatchRunning()
	m.adding--
	return was && !m.BatchRunning() && len(m.batch) > 0
}

// BatchProgress counts the items of the current batch that are done.
func (m *Model) BatchProgress() (done, total int) {
	return len(m.batch) - m.batchLeft, len(m.batch)
}

// BatchRunning reports whether the batch has work left, or files still being added to it (the
// engine may finish the first file of a drop before the second is read).
func (m *Model) BatchRunning() bool { return m.batchLeft > 0 || m.adding > 0 }

// BatchCounts sorts the batch's items into deposited, waiting for the user, and failed.
func (m *Model) BatchCounts() (deposited, held, failed int) {
	for id := range m.batch {
		i, ok := m.index[id]
		if !ok {
			continue
		}
		it := m.rows[i]
		switch {
		case it.State == outbox.Failed || it.Rejected():
			failed++
		case it.WasDeposited() || it.State == outbox.Final:
			deposited++
		default:
			held++
		}
	}
	return
}

// track keeps the batch up to date with one item's new state: an item with work left joins
// the batch (a new one when the last has ended), and so does a fresh item of an intake action
// even when it stopped at once; a batch item counts as done or not.
func (m *Model) track(it outbox.Item, fresh bool) {
	now := batchDone(it)
	was, in := m.batch[it.ID]
	if !now && !m.BatchRunning() {
		clear(m.batch) // work after the last batch ended (a retry, the inbox): a new batch
		in = false
	}
	switch {
	case !in && now && fresh && m.adding > 0:
		m.batch[it.ID] = true
	case !in && !now:
		m.batch[it.ID] = false
		m.batchLeft++
	case in && was != now:
		m.batch[it.ID] = now
		if now {
			m.batchLeft--
		} else {
			m.batchLeft++
		}
	}
}

// batchDone reports whether an item no longer counts against the batch's progress: deposited,
// or stopped where only the user can move it. Tracking to a final status can take weeks and
// is not part of a batch.
func batchDone(it outbox.Item) bool { return it.Settled() }

func (m *Model) reindex() {
	clear(m.index)
	for i, it := range m.rows {
		m.index[it.ID] = i
	}
}

func (m *Model) sortRows() {
	sort.Slice(m.rows, func(a, b int) bool { return m.rows[a].ID < m.rows[b].ID })
	m.reindex()
}

func (m *Model) compact() {
	out := m.rows[:0]
	for _, it := range m.rows {
		if it.ID != "" {
			out = append(out, it)
		}
	}
	m.rows = out
	m.reindex()
}

func initialHistory(it outbox.Item) []HistoryEntry {
	h := []HistoryEntry{{At: it.Created, State: keyAdded}}
	if it.Changed.After(it.Created) || it.State != outbox.Queued {
		h = append(h, HistoryEntry{At: it.Changed, State: StateKey(it), Extra: extraOf(it)})
	}
	return h
}

func extraOf(it outbox.Item) string {
	if it.InvoiceStatus != "" {
		return it.InvoiceStatus
	}
	return it.FluxState
}
