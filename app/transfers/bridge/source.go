package bridge

import (
	"sort"
	"time"

	"chorusdesk/outbox"
)

// Source is where the model reads the rows of the table: the items a filter keeps, oldest
// first, one window at a time, and how many there are. The table asks only for the rows it
// draws, so a source may read them page by page from the store (a year of invoices is tens of
// thousands of items) instead of holding them all; the model keeps the last window.
//
// memSource, fed from the engine's snapshot and events, is the source today.
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

// memSource holds every item in memory, oldest first, and the rows of the last filter.
type memSource struct {
	rows  []outbox.Item
	index map[string]int // item ID → position in rows

	// The rows the last filter kept (positions in rows), rebuilt when an item enters or
	// leaves them, or when the filter changes.
	kept    []int
	keptPos map[string]int
	keptFor matcher
	keptOK  bool
	hidden  int
}

func newMemSource() *memSource {
	return &memSource{index: map[string]int{}, keptPos: map[string]int{}}
}

// load installs the engine's snapshot.
func (s *memSource) load(items []outbox.Item) {
	s.rows = items
	if !sort.SliceIsSorted(s.rows, func(a, b int) bool { return s.rows[a].ID < s.rows[b].ID }) {
		s.sortRows()
	}
	s.reindex()
	s.keptOK = false
}

// apply records one event; it returns the item as it was before, and whether the rows the
// last filter kept stayed the same ones (then only that item's row changed, if it is kept).
func (s *memSource) apply(ev outbox.Event) (old outbox.Item, known, sameRows bool) {
	wasOK := s.keptOK
	old, known = s.record(ev)
	return old, known, wasOK && s.keptOK
}

// record applies one event to the rows.
func (s *memSource) record(ev outbox.Event) (old outbox.Item, known bool) {
	it := ev.Item
	i, known := s.index[it.ID]
	if known {
		old = s.rows[i]
	}
	switch {
	case ev.Kind == outbox.EventRemoved:
		if known {
			s.rows = append(s.rows[:i], s.rows[i+1:]...)
			s.reindex()
			s.keptOK = false
		}
		return old, known
	case known:
		s.rows[i] = it
		if s.keptOK {
			_, was := s.keptPos[it.ID]
			if was != s.keptFor.match(it) || s.keptFor.hidden(old) != s.keptFor.hidden(it) ||
				s.keptFor.selects(old) != s.keptFor.selects(it) {
				s.keptOK = false
			}
		}
	default:
		s.rows = append(s.rows, it)
		s.index[it.ID] = len(s.rows) - 1
		if n := len(s.rows); n > 1 && s.rows[n-2].ID > it.ID {
			s.sortRows()
			s.reindex()
		}
		s.keptOK = false
	}
	return old, known
}

// keep makes kept the rows of f at now.
func (s *memSource) keep(f Filter, now time.Time) {
	m := matcherAt(f, now)
	if s.keptOK && s.keptFor == m {
		return
	}
	s.kept = s.kept[:0]
	clear(s.keptPos)
	s.hidden = 0
	for i, it := range s.rows {
		switch {
		case !m.selects(it):
		case m.hidden(it):
			s.hidden++
		default:
			s.keptPos[it.ID] = len(s.kept)
			s.kept = append(s.kept, i)
		}
	}
	s.keptFor, s.keptOK = m, true
}

func (s *memSource) Window(f Filter, now time.Time, from, n int) ([]outbox.Item, int) {
	s.keep(f, now)
	total := len(s.kept)
	if from < 0 {
		from = 0
	}
	if from >= total || n <= 0 {
		return nil, total
	}
	end := min(from+n, total)
	out := make([]outbox.Item, 0, end-from)
	for _, i := range s.kept[from:end] {
		out = append(out, s.rows[i])
	}
	return out, total
}

func (s *memSource) Position(f Filter, now time.Time, id string) int {
	s.keep(f, now)
	if p, ok := s.keptPos[id]; ok {
		return p
	}
	return -1
}

func (s *memSource) Find(id string) (outbox.Item, bool) {
	i, ok := s.index[id]
	if !ok {
		return outbox.Item{}, false
	}
	return s.rows[i], true
}

func (s *memSource) Counts(f Filter, now time.Time) Counts {
	s.keep(f, now)
	return Counts{All: len(s.rows), Shown: len(s.kept), Hidden: s.hidden}
}

func (s *memSource) sortRows() {
	sort.Slice(s.rows, func(a, b int) bool { return s.rows[a].ID < s.rows[b].ID })
}

func (s *memSource) reindex() {
	clear(s.index)
	for i, it := range s.rows {
		s.index[it.ID] = i
	}
}
