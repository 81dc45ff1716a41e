package bridge

import (
	"fmt"
	"testing"
	"time"

	"chorusdesk/outbox"
)

// The model reads its rows a window at a time: a table longer than a window is read in
// pieces, and an event that moves an item out of the filter takes its row away.
func TestModelWindows(t *testing.T) {
	m := newTestModel(time.Now)
	m.SetFilter(Filter{Group: GroupMoving})
	n := 3*window + 7
	items := make([]outbox.Item, n)
	for i := range items {
		items[i] = synthetic(i, outbox.Queued)
	}
	m.Load(items)
	if m.Len() != n {
		t.Fatalf("%d rows, want %d", m.Len(), n)
	}
	for _, r := range []int{0, window - 1, window, 2*window + 3, n - 1, 5, n - 2} {
		it, ok := m.Row(r)
		if want := fmt.Sprintf("INV-%04d", r); !ok || it.Number != want {
			t.Errorf("row %d is %q, want %s", r, it.Number, want)
		}
	}
	if _, ok := m.Row(n); ok {
		t.Error("a row past the end")
	}
	// Item 10 is held: it leaves the "on its way" rows.
	held := items[10]
	held.State, held.Hold = outbox.Held, outbox.HoldUnroutable
	m.Apply([]outbox.Event{ev(outbox.EventChanged, held)})
	if m.Len() != n-1 || m.RowOf(held.ID) != -1 {
		t.Fatalf("rows %d, row of the held item %d", m.Len(), m.RowOf(held.ID))
	}
	if it, _ := m.Row(10); it.Number != "INV-0011" {
		t.Errorf("row 10 is %s, want INV-0011", it.Number)
	}
	if it, ok := m.Item(held.ID); !ok || it.State != outbox.Held {
		t.Error("the held item is not found by ID")
	}
}
