package bridge

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"chorusdesk/outbox"
)

// The filter keeps rows by company, by the group of their stage and by a search, and leaves
// finished transfers older than the setting out of the default view while a search still finds
// them; the counts say how many are hidden.
func TestFilter(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	mk := func(i int, company string, s outbox.State, age time.Duration, edit func(*outbox.Item)) outbox.Item {
		it := synthetic(i, s)
		it.CompanyCode, it.Changed = company, now.Add(-age)
		if edit != nil {
			edit(&it)
		}
		return it
	}
	day := 24 * time.Hour
	items := []outbox.Item{
		mk(0, "ACME", outbox.Final, 200*day, func(it *outbox.Item) { // paid long ago
			it.Flux, it.InvoiceID, it.InvoiceStatus = "CPP-OLD", 1, outbox.StatusMiseEnPaiement
		}),
		mk(1, "ACME", outbox.Final, 2*day, func(it *outbox.Item) { // refused by Chorus Pro
			it.Flux, it.FluxState = "CPP-REF", outbox.FluxRejete
		}),
		mk(2, "BETA", outbox.Held, 100*day, func(it *outbox.Item) { it.Hold = outbox.HoldUnroutable }),
		mk(3, "BETA", outbox.Tracking, time.Hour, func(it *outbox.Item) { it.Flux, it.FluxState = "CPP-ACC", outbox.FluxIntegre }),
		mk(4, "ACME", outbox.Queued, 0, func(it *outbox.Item) { it.Tag = "ZETA9" }),
		mk(5, "ACME", outbox.Final, 100*day, func(it *outbox.Item) { // rejected by the buyer long ago
			it.Flux, it.InvoiceID, it.InvoiceStatus = "CPP-REJ", 2, outbox.StatusRejetee
		}),
	}
	cases := []struct {
		name   string
		f      Filter
		want   string // numbers kept, by index
		hidden int
	}{
		{"everything", Filter{}, "0,1,2,3,4,5", 0},
		{"default view", Filter{HideDone: DefaultHideDone}, "1,2,3,4", 2},
		{"company", Filter{Company: "BETA"}, "2,3", 0},
		{"moving", Filter{Group: GroupMoving}, "4", 0},
		{"needs you", Filter{Group: GroupNeedsYou}, "2", 0},
		{"refused or rejected", Filter{Group: GroupRefused, HideDone: DefaultHideDone}, "1", 1},
		{"accepted", Filter{Group: GroupAccepted}, "0,3", 0},
		{"search finds a hidden one", Filter{Search: "cpp-old", HideDone: DefaultHideDone}, "0", 0},
		{"search by tag, any case", Filter{Search: "zeta9"}, "4", 0},
		{"search by file name", Filter{Search: "INV-0003.xml"}, "3", 0},
		{"nothing", Filter{Company: "BETA", Group: GroupRefused}, "", 0},
	}
	s := newMemSource()
	s.load(items)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, total := s.Window(c.f, now, 0, 100)
			var got []string
			for _, it := range rows {
				got = append(got, strings.TrimPrefix(it.Number, "INV-000"))
			}
			if strings.Join(got, ",") != c.want || total != len(rows) {
				t.Errorf("kept %v (total %d), want %s", got, total, c.want)
			}
			cnt := s.Counts(c.f, now)
			if cnt.All != len(items) || cnt.Shown != len(rows) || cnt.Hidden != c.hidden {
				t.Errorf("counts %+v, want hidden %d", cnt, c.hidden)
			}
			for i, it := range rows {
				if p := s.Position(c.f, now, it.ID); p != i {
					t.Errorf("position of %s: %d, want %d", it.Number, p, i)
				}
			}
		})
	}
}

// The model reads its rows a window at a time: a table longer than a window is read in
// pieces, and an event that moves an item out of the filter takes its row away.
func TestModelWindows(t *testing.T) {
	m := NewModel(time.Now)
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
