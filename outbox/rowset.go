package outbox

import (
	"slices"
	"strings"
)

// RowSet is the rows one query selects, kept in the query's order and up to date with the
// engine's events: what a table of the outbox lays out (its length, where an item is) while
// it reads the items themselves a window at a time. It holds a small Row per selected item,
// never the items. Not safe for concurrent use: one goroutine (the window's) owns it.
type RowSet struct {
	lookup func(ids []string) ([]Item, error)
	q      Query
	rows   []Row
}

// RowSet reads the rows q selects (one pass over the store's indexes).
func (o *Outbox) RowSet(q Query) (*RowSet, error) {
	rows, err := o.Rows(q)
	if err != nil {
		return nil, err
	}
	return NewRowSet(q, rows, o.Lookup), nil
}

// NewRowSet is the set of rows already read for q (Rows, in q's order) whose items lookup
// reads (Lookup): a view that reads the outbox through an interface of its own builds its
// set with it.
func NewRowSet(q Query, rows []Row, lookup func(ids []string) ([]Item, error)) *RowSet {
	return &RowSet{lookup: lookup, q: q, rows: rows}
}

// Query is the query the set follows.
func (s *RowSet) Query() Query { return s.q }

// Len is the number of rows.
func (s *RowSet) Len() int { return len(s.rows) }

// Row returns row i (0 ≤ i < Len).
func (s *RowSet) Row(i int) Row { return s.rows[i] }

// Position is the index of the item's row, or -1 when the query does not select it.
func (s *RowSet) Position(id string) int {
	i, found := s.search(id)
	if !found {
		return -1
	}
	return i
}

// Window returns the items of rows from to from+n (fewer at the end), read from the engine
// (its copies of the active items) and the store.
func (s *RowSet) Window(from, n int) ([]Item, error) {
	from = max(from, 0)
	end := min(from+max(n, 0), len(s.rows))
	if from >= end {
		return nil, nil
	}
	ids := make([]string, 0, end-from)
	for _, r := range s.rows[from:end] {
		ids = append(ids, r.ID)
	}
	return s.lookup(ids)
}

// Apply records one event of the engine: the item's row is added, updated, moved out or
// removed as the query now selects it. It reports whether the rows changed as a set (an item
// came in or went out: positions moved), and the row's index after the event (-1 when it is
// not in the set).
func (s *RowSet) Apply(ev Event) (reshaped bool, at int) {
	id := ev.Item.ID
	i, present := s.search(id)
	in := ev.Kind != EventRemoved && s.q.Match(ev.Item)
	switch {
	case in && present:
		s.rows[i] = RowOf(ev.Item)
		return false, i
	case in:
		s.rows = slices.Insert(s.rows, i, RowOf(ev.Item))
		return true, i
	case present:
		s.rows = slices.Delete(s.rows, i, i+1)
		return true, -1
	}
	return false, -1
}

// search finds where id is (or would be) in the query's order.
func (s *RowSet) search(id string) (int, bool) {
	return slices.BinarySearchFunc(s.rows, id, func(r Row, id string) int {
		if s.q.Newest {
			return strings.Compare(id, r.ID)
		}
		return strings.Compare(r.ID, id)
	})
}
