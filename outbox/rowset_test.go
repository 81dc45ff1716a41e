package outbox

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// A RowSet kept up to date with events holds what a fresh read of the same query gives: items
// coming into the view (an old done item changed again, a new item), leaving it (done and
// old, removed), changing in place.
func TestRowSetFollowsEvents(t *testing.T) {
	for _, newest := range []bool{false, true} {
		t.Run(fmt.Sprintf("newest=%v", newest), func(t *testing.T) {
			o := bareOutbox(t, nil)
			now := o.svc.Now()
			items := yearItems(now, 600)
			if err := o.seed(items); err != nil {
				t.Fatal(err)
			}
			q := DefaultQuery(now)
			q.Newest = newest
			s, err := o.RowSet(q)
			if err != nil {
				t.Fatal(err)
			}
			old := items[10]    // done long ago: hidden
			fresh := items[590] // tracked: shown
			if q.Match(old) || !q.Match(fresh) {
				t.Fatal("fixture")
			}
			steps := []struct {
				name     string
				ev       func() Event
				reshaped bool
			}{
				{"old item changed again: comes in", func() Event {
					old.Changed = now
					return Event{Kind: EventChanged, Item: old}
				}, true},
				{"tracked item moves on: stays", func() Event {
					fresh.InvoiceStatus = StatusMandatee
					return Event{Kind: EventChanged, Item: fresh}
				}, false},
				{"a new item", func() Event {
					n := Item{ID: newID(now.Add(time.Hour)), Number: "NEW", State: Queued, Created: now, Changed: now}
					return Event{Kind: EventAdded, Item: n}
				}, true},
				{"removed", func() Event { return Event{Kind: EventRemoved, Item: fresh} }, true},
				{"removed again: nothing", func() Event { return Event{Kind: EventRemoved, Item: fresh} }, false},
			}
			for _, st := range steps {
				ev := st.ev()
				if ev.Kind == EventRemoved {
					_ = o.st.remove(&ev.Item)
				} else if err := o.st.put(&ev.Item); err != nil {
					t.Fatal(err)
				}
				reshaped, at := s.Apply(ev)
				if reshaped != st.reshaped {
					t.Errorf("%s: reshaped %v", st.name, reshaped)
				}
				want, err := o.Rows(q)
				if err != nil {
					t.Fatal(err)
				}
				if got := rowIDs(s.rows); !slices.Equal(got, rowIDs(want)) {
					t.Fatalf("%s: %d rows, a fresh read gives %d", st.name, len(got), len(want))
				}
				if at >= 0 && (s.Row(at).ID != ev.Item.ID || s.Position(ev.Item.ID) != at) {
					t.Errorf("%s: at %d", st.name, at)
				}
			}
			win, err := s.Window(s.Len()-3, 10)
			if err != nil || len(win) != 3 || win[2].ID != s.Row(s.Len()-1).ID {
				t.Fatalf("last window: %v %d", err, len(win))
			}
		})
	}
}
