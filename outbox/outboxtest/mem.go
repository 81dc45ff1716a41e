package outboxtest

import (
	"slices"
	"strings"
	"time"

	"chorusdesk/outbox"
)

// Mem answers the outbox's queries (Rows, Lookup, Counts) over items held in memory, by the
// same rule as the store's (outbox.Query.Match): the fake engines of the views' tests read
// through it what the real engine reads from its indexes.
type Mem []outbox.Item

// Rows is outbox.Outbox.Rows over m.
func (m Mem) Rows(q outbox.Query) ([]outbox.Row, error) {
	var out []outbox.Row
	for _, it := range m.sorted(q.Newest) {
		if q.Match(it) {
			out = append(out, outbox.RowOf(it))
		}
	}
	return out, nil
}

// Lookup is outbox.Outbox.Lookup over m: the items of ids that exist, in the order of ids.
func (m Mem) Lookup(ids []string) ([]outbox.Item, error) {
	byID := make(map[string]int, len(m))
	for i, it := range m {
		byID[it.ID] = i
	}
	var out []outbox.Item
	for _, id := range ids {
		if i, ok := byID[id]; ok {
			out = append(out, m[i])
		}
	}
	return out, nil
}

// Counts is outbox.Outbox.Counts over m.
func (m Mem) Counts(q outbox.Query) (outbox.Counts, error) {
	c := outbox.Counts{All: len(m), ByState: map[outbox.State]int{}, ByStage: map[outbox.Stage]int{},
		ByCompany: map[string]int{}}
	wide := q
	wide.DoneBefore = time.Time{}
	cut := !q.DoneBefore.IsZero() && strings.TrimSpace(q.Search) == ""
	for _, it := range m {
		switch {
		case q.Match(it):
			c.Matched++
			c.ByState[it.State]++
			c.ByStage[outbox.Explain(it).Stage]++
			c.ByCompany[it.CompanyCode]++
		case cut && wide.Match(it):
			c.Hidden++
		}
	}
	return c, nil
}

// sorted is m in the order of a query: oldest first, or newest first.
func (m Mem) sorted(newest bool) []outbox.Item {
	s := slices.Clone(m)
	slices.SortFunc(s, func(a, b outbox.Item) int {
		if newest {
			return strings.Compare(b.ID, a.ID)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return s
}

// Apply changes m as the engine's store changes before the engine sends ev: the item added,
// replaced or removed.
func (m *Mem) Apply(ev outbox.Event) {
	i := slices.IndexFunc(*m, func(it outbox.Item) bool { return it.ID == ev.Item.ID })
	switch {
	case ev.Kind == outbox.EventRemoved:
		if i >= 0 {
			*m = slices.Delete(*m, i, i+1)
		}
	case i >= 0:
		(*m)[i] = ev.Item
	default:
		*m = append(*m, ev.Item)
	}
}
