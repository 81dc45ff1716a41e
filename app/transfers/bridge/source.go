package bridge

import (
	"slices"
	"strings"
	"time"

	"chorusdesk/outbox"
)

// Source is where the model reads the rows of the table: the items a filter keeps, oldest
// first, one window at a time, and how many there are. The table asks only for the rows it
// draws, so the source reads them page by page from the store (a year of invoices is tens of
// thousands of items) instead of holding them all; the model keeps the last window.
//
// storeSource, over the outbox's queries, is the source.
type Source interface {
	// Window returns at most n items the filter keeps, from the from-th on, and how many it
	// keeps in all.
	Window(f Filter, now time.Time, from, n int) (rows []outbox.Item, total int)
	// Position is the index of the item among those the filter keeps, or -1.
	Position(f Filter, now time.Time, id string) int
	// Find returns any item by ID, kept by the filter or not (the links between copies of a
	// re-sent invoice, the details of the selected item).
	Find(id string) (outbox.Item, bool)
	// Counts says how many items there are, and how many the filter's "hide finished" leaves
	// out (the view says so, and a search finds them).
	Counts(f Filter, now time.Time) Counts
}

// Counts are the sizes of the outbox as the filter sees it.
type Counts struct {
	All    int // every item
	Shown  int // items the filter keeps
	Hidden int // finished items left out by HideDone alone
}

// Store is what the source reads of the outbox: its queries (*outbox.Outbox answers them
// from its indexes, the active items from memory).
type Store interface {
	Rows(q outbox.Query) ([]outbox.Row, error)
	Lookup(ids []string) ([]outbox.Item, error)
	Counts(q outbox.Query) (outbox.Counts, error)
}

// activeQuery selects the items the engine works on or holds: the ones it keeps in memory.
var activeQuery = outbox.Query{Active: true}

// openSource reads the active items (the engine's own copies), no finished one — a batch left
// by the last session is among them. The rows of a filter and the counts are read when the
// table first asks for them: the bridge runs from the unlock on (notifications, the inbox
// watch), and a year of rows read then would sit in memory until the Transfers window opens,
// if it ever does. Call it off Fyne's goroutine.
func openSource(st Store) (*storeSource, error) {
	s := newStoreSource(st)
	rows, err := st.Rows(activeQuery)
	if err != nil {
		return s, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	active, err := st.Lookup(ids)
	if err != nil {
		return s, err
	}
	for _, it := range active {
		s.live[it.ID] = it
	}
	return s, s.err
}

// storeSource reads the rows from the outbox's queries. It holds a small outbox.Row per item
// the filter keeps (the table's length, where an item is), the active items (the engine
// keeps them in memory too), and at most cacheSize other items read lately; a window is read
// from the store when the table draws it. The engine's events patch what it holds.
type storeSource struct {
	st Store

	rows    *outbox.RowSet // the rows of the last filter, kept up to date with the events
	wide    outbox.Query   // its query without the cut-off (what "hide finished" alone hides)
	rowsFor matcher
	rowsOK  bool

	// All and Hidden for the rows' filter (Shown is the rows' length), read with the rows and
	// kept up to date by the events: counting a year of items again costs tens of
	// milliseconds, too much for every frame of a batch. stale: an event the source cannot
	// account for (a finished item it does not hold changed, or was removed); the next
	// Counts reads them again.
	counts Counts
	stale  bool

	live map[string]outbox.Item // the active items, as the last event left them
	seen map[string]outbox.Item // finished items read lately (windows, Find), at most cacheSize

	err error // the last read that failed (the table shows what it has)
}

// cacheSize bounds the finished items the source keeps: a few windows.
const cacheSize = 4 * window

func newStoreSource(st Store) *storeSource {
	return &storeSource{st: st, live: map[string]outbox.Item{}, seen: map[string]outbox.Item{}}
}

// active is the active items, oldest first.
func (s *storeSource) active() []outbox.Item {
	out := make([]outbox.Item, 0, len(s.live))
	for _, it := range s.live {
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b outbox.Item) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Err is why the last read of the store failed (nil once one succeeds).
func (s *storeSource) Err() error { return s.err }

func (s *storeSource) note(err error) { s.err = err }

// query is the outbox query of a filter at one moment.
func query(m matcher) outbox.Query {
	return outbox.Query{Company: m.f.Company, Stages: stagesOf(m.f.Group), Search: m.f.Search, DoneBefore: m.cutoff}
}

// keep makes rows the rows of f at now, reading them and the counts when the filter or its
// hour changed.
func (s *storeSource) keep(f Filter, now time.Time) {
	m := matcherAt(f, now)
	if s.rowsOK && s.rowsFor == m {
		return
	}
	q := query(m)
	rows, err := s.st.Rows(q)
	s.note(err)
	s.rows, s.rowsFor, s.rowsOK = outbox.NewRowSet(q, rows, s.st.Lookup), m, true
	s.wide = q
	s.wide.DoneBefore = time.Time{}
	s.count()
}

// count reads All and Hidden for the rows' query.
func (s *storeSource) count() {
	c, err := s.st.Counts(s.rows.Query())
	if err != nil {
		s.note(err)
		s.stale = true
		return
	}
	s.counts, s.stale = Counts{All: c.All, Hidden: c.Hidden}, false
}

// hidden reports whether the rows' filter leaves it out only because it finished long ago.
func (s *storeSource) hidden(it outbox.Item) bool {
	return it.Done() && !s.rows.Query().Match(it) && s.wide.Match(it)
}

func (s *storeSource) Window(f Filter, now time.Time, from, n int) ([]outbox.Item, int) {
	s.keep(f, now)
	total := s.rows.Len()
	from = max(from, 0)
	if from >= total || n <= 0 {
		return nil, total
	}
	end := min(from+n, total)
	out := make([]outbox.Item, end-from)
	found := make([]bool, end-from)
	var missing []string
	for i := range out {
		id := s.rows.Row(from + i).ID
		out[i], found[i] = s.held(id)
		if !found[i] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		got, err := s.st.Lookup(missing)
		s.note(err)
		byID := make(map[string]outbox.Item, len(got))
		for _, it := range got {
			byID[it.ID] = it
			s.remember(it)
		}
		for i := range out {
			if !found[i] {
				out[i], found[i] = byID[s.rows.Row(from+i).ID]
			}
		}
	}
	kept := out[:0]
	for i := range out {
		if found[i] { // an item removed meanwhile: its event is on its way
			kept = append(kept, out[i])
		}
	}
	return kept, total
}

func (s *storeSource) Position(f Filter, now time.Time, id string) int {
	s.keep(f, now)
	return s.rows.Position(id)
}

func (s *storeSource) Find(id string) (outbox.Item, bool) {
	if it, ok := s.held(id); ok {
		return it, true
	}
	got, err := s.st.Lookup([]string{id})
	s.note(err)
	if len(got) == 0 {
		return outbox.Item{}, false
	}
	s.remember(got[0])
	return got[0], true
}

func (s *storeSource) Counts(f Filter, now time.Time) Counts {
	s.keep(f, now)
	if s.stale {
		s.count()
	}
	c := s.counts
	c.Shown = s.rows.Len()
	return c
}

// held is the source's own copy of an item: active, or read lately.
func (s *storeSource) held(id string) (outbox.Item, bool) {
	if it, ok := s.live[id]; ok {
		return it, true
	}
	it, ok := s.seen[id]
	return it, ok
}

// remember keeps a finished item read from the store, forgetting the others when the cache
// is full.
func (s *storeSource) remember(it outbox.Item) {
	if _, ok := s.live[it.ID]; ok {
		return
	}
	if len(s.seen) >= cacheSize {
		clear(s.seen)
	}
	s.seen[it.ID] = it
}

// change is what one event did to the source.
type change struct {
	old      outbox.Item // the source's copy before the event, when had
	had      bool
	existed  bool // the item was in the outbox before the event
	sameRows bool // the rows the filter keeps stayed the same ones (only this one's changed)
}

// apply records one engine event: the item's copy, its row, and the counts.
func (s *storeSource) apply(ev outbox.Event) change {
	it := ev.Item
	var c change
	c.old, c.had = s.held(it.ID)
	_, wasActive := s.live[it.ID]
	c.existed = c.had || ev.Kind != outbox.EventAdded
	_, cached := s.seen[it.ID]
	delete(s.live, it.ID)
	delete(s.seen, it.ID)
	switch {
	case ev.Kind == outbox.EventRemoved:
	case activeQuery.Match(it):
		s.live[it.ID] = it
	case cached || c.had:
		s.remember(it) // it was on screen or active a moment ago: likely drawn next
	}
	if !s.rowsOK {
		return c
	}
	kept := s.rows.Position(it.ID) >= 0
	reshaped, _ := s.rows.Apply(ev)
	c.sameRows = !reshaped
	// Whether the item was hidden before: not when kept or active (not finished); else as
	// the source's copy says; unknown for a finished item it does not hold.
	wasHidden, known := false, kept || wasActive
	if !known && c.had {
		wasHidden, known = s.hidden(c.old), true
	}
	switch ev.Kind {
	case outbox.EventAdded:
		// Kept or active already: the rows or the active items were read after the engine
		// wrote it (its event was on its way), and so were the counts.
		if !kept && !c.had {
			s.counts.All++
			if s.hidden(it) {
				s.counts.Hidden++
			}
		}
	case outbox.EventRemoved:
		if !known {
			s.stale = true
			break
		}
		s.counts.All--
		if wasHidden {
			s.counts.Hidden--
		}
	default:
		if !known {
			s.stale = true
			break
		}
		switch isHidden := s.hidden(it); {
		case isHidden && !wasHidden:
			s.counts.Hidden++
		case wasHidden && !isHidden:
			s.counts.Hidden--
		}
	}
	return c
}

// allStages is every stage the engine gives (outbox.Explain): a group is the set of its stages.
var allStages = []outbox.Stage{
	outbox.StageWaiting, outbox.StageHeld, outbox.StageNotSent, outbox.StageUnsure, outbox.StageSent,
	outbox.StageAccepted, outbox.StageAvailable, outbox.StageMandated, outbox.StagePaid, outbox.StageRefused,
	outbox.StageRejected, outbox.StageRecycle, outbox.StageSuspended, outbox.StageWithdrawn,
	outbox.StageUnknown, outbox.StageStalled,
}

// groupStages are the stages of each group but GroupAll (every stage: no condition).
var groupStages = func() map[Group][]outbox.Stage {
	m := map[Group][]outbox.Stage{}
	for _, st := range allStages {
		m[GroupOf(st)] = append(m[GroupOf(st)], st)
	}
	return m
}()

// stagesOf is the stages a group keeps, nil for every stage.
func stagesOf(g Group) []outbox.Stage {
	if g == GroupAll {
		return nil
	}
	return groupStages[g]
}

// emptyStore is the outbox of a model not loaded yet: nothing.
type emptyStore struct{}

func (emptyStore) Rows(outbox.Query) ([]outbox.Row, error)    { return nil, nil }
func (emptyStore) Lookup([]string) ([]outbox.Item, error)     { return nil, nil }
func (emptyStore) Counts(outbox.Query) (outbox.Counts, error) { return outbox.Counts{}, nil }
