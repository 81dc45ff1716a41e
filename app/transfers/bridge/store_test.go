package bridge

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/outbox"
	"chorusdesk/outbox/outboxtest"
)

// memoryRule is how the bridge filtered the items when it held them all in memory (before it
// read the store): the rows it kept, oldest first, and the finished ones HideDone alone left
// out. The store-backed source must give the same on the same items and filters.
func memoryRule(items []outbox.Item, f Filter, now time.Time) (kept []outbox.Item, hidden int) {
	search := strings.ToLower(strings.TrimSpace(f.Search))
	var cutoff time.Time
	if f.HideDone > 0 && search == "" {
		cutoff = now.Add(-f.HideDone).Truncate(time.Hour)
	}
	sorted := slices.Clone(items)
	slices.SortFunc(sorted, func(a, b outbox.Item) int { return strings.Compare(a.ID, b.ID) })
	for _, it := range sorted {
		file := it.File
		if i := strings.LastIndexAny(file, `/\`); i >= 0 {
			file = file[i+1:]
		}
		text := strings.ToLower(strings.Join([]string{it.Number, file, it.Flux, it.CompanyCode, it.Tag}, "\x00"))
		switch {
		case f.Company != "" && it.CompanyCode != f.Company,
			search != "" && !strings.Contains(text, search),
			f.Group != GroupAll && GroupOf(outbox.Explain(it).Stage) != f.Group:
		case !cutoff.IsZero() && (it.State == outbox.Final || it.ReplacedBy != "") && it.Changed.Before(cutoff):
			hidden++
		default:
			kept = append(kept, it)
		}
	}
	return kept, hidden
}

// badgerOutbox is an engine (not started: nothing is sent) on a real data directory holding
// items, and its clock.
func badgerOutbox(t testing.TB, items func(now time.Time, cos []domain.Company) []outbox.Item) (*outbox.Outbox, []outbox.Item, time.Time) {
	t.Helper()
	dir := t.TempDir()
	kdf := core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}}
	svc, err := core.Open(dir, kdf)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Init([]byte("bridge test master password")); err != nil {
		t.Fatal(err)
	}
	cos, err := outboxtest.Companies(svc, 3)
	if err != nil {
		t.Fatal(err)
	}
	now := svc.Now()
	all := items(now, cos)
	if err := outboxtest.Fill(svc, all); err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.Open(svc, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return ob, all, now
}

// ids are the IDs of items, in order.
func ids(items []outbox.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

// checkSource compares what s gives for f with the memory rule on items: every row in
// order (read in windows of an odd size), the positions, the counts.
func checkSource(t *testing.T, s Source, items []outbox.Item, f Filter, now time.Time) {
	t.Helper()
	want, hidden := memoryRule(items, f, now)
	var got []outbox.Item
	for from := 0; ; from += 37 {
		rows, total := s.Window(f, now, from, 37)
		if total != len(want) {
			t.Fatalf("%+v: total %d, want %d", f, total, len(want))
		}
		if len(rows) == 0 {
			break
		}
		got = append(got, rows...)
	}
	if !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("%+v: %d rows differ from the memory rule's %d", f, len(got), len(want))
	}
	for i := 0; i < len(want); i += max(1, len(want)/20) {
		if p := s.Position(f, now, want[i].ID); p != i {
			t.Fatalf("%+v: position of row %d is %d", f, i, p)
		}
	}
	if c := s.Counts(f, now); c != (Counts{All: len(items), Shown: len(want), Hidden: hidden}) {
		t.Fatalf("%+v: counts %+v, want all %d, shown %d, hidden %d", f, c, len(items), len(want), hidden)
	}
	for _, it := range items {
		if _, kept := slices.BinarySearch(ids(want), it.ID); !kept && s.Position(f, now, it.ID) != -1 {
			t.Fatalf("%+v: %s has a row, the memory rule keeps it out", f, it.Number)
		}
	}
}

// The store-backed source keeps the rows the bridge's memory rule kept, on a year's mix in a
// real data directory: by company, by group, by search (which finds the hidden finished
// items), with and without "hide finished"; and so it does after the engine's events (an old
// item sent again comes back into view, a removed one leaves it).
func TestStoreSourceKeepsTheMemoryRule(t *testing.T) {
	ob, items, now := badgerOutbox(t, func(now time.Time, cos []domain.Company) []outbox.Item {
		return outboxtest.Year(1500, now, cos)
	})
	code := items[1].CompanyCode
	filters := []Filter{
		{HideDone: DefaultHideDone},
		{},
		{Company: code},
		{Company: code, HideDone: DefaultHideDone},
		{Search: "  fa-" + strings.ToLower(code) + "-0000  ", HideDone: DefaultHideDone},
		{Search: items[3].Flux},
		{Search: strings.ToUpper(items[700].Tag), Company: code},
		{Search: "no such invoice"},
		{Company: "NOBODY"},
	}
	for _, g := range Groups[1:] {
		filters = append(filters, Filter{Group: g}, Filter{Group: g, HideDone: DefaultHideDone},
			Filter{Group: g, Company: code, HideDone: 30 * 24 * time.Hour})
	}
	events := make(chan outbox.Event, 16)
	defer ob.Subscribe(func(e outbox.Event) { events <- e })()
	src, err := openSource(ob)
	if err != nil {
		t.Fatal(err)
	}
	mem := outboxtest.Mem(slices.Clone(items))
	check := func(when string) {
		for _, f := range filters {
			t.Run(when, func(t *testing.T) { checkSource(t, src, mem, f, now) })
		}
	}
	check("loaded")
	// Removed: a finished item hidden long ago, a recent one, a held one (active).
	var gone []string
	for _, pick := range []func(outbox.Item) bool{
		func(it outbox.Item) bool {
			return it.State == outbox.Final && it.Changed.Before(now.Add(-DefaultHideDone))
		},
		func(it outbox.Item) bool {
			return it.State == outbox.Final && it.Changed.After(now.Add(-DefaultHideDone))
		},
		func(it outbox.Item) bool { return it.State == outbox.Held },
	} {
		i := slices.IndexFunc(items, pick)
		gone = append(gone, items[i].ID)
	}
	for _, id := range gone {
		if err := ob.Remove(id); err != nil {
			t.Fatal(err)
		}
		e := <-events
		mem.Apply(e)
		src.apply(e)
	}
	check("after events")
}

// The filter's rule on a handful of items, through the store-backed source on items held in
// memory and in a real data directory.
func TestFilterOnEitherStore(t *testing.T) {
	day := 24 * time.Hour
	mk := func(now time.Time, cos []domain.Company) []outbox.Item {
		at := func(i int, co int, s outbox.State, age time.Duration, edit func(*outbox.Item)) outbox.Item {
			it := synthetic(i, s)
			it.CompanyCode, it.CompanyID, it.Changed = cos[co].Code, cos[co].ID, now.Add(-age)
			if edit != nil {
				edit(&it)
			}
			return it
		}
		return []outbox.Item{
			at(0, 0, outbox.Final, 200*day, func(it *outbox.Item) {
				it.Flux, it.InvoiceID, it.InvoiceStatus = "CPP-OLD", 1, outbox.StatusMiseEnPaiement
			}),
			at(1, 0, outbox.Final, 2*day, func(it *outbox.Item) { it.Flux, it.FluxState = "CPP-REF", outbox.FluxRejete }),
			at(2, 1, outbox.Held, 100*day, func(it *outbox.Item) { it.Hold = outbox.HoldUnroutable }),
			at(3, 1, outbox.Tracking, time.Hour, func(it *outbox.Item) { it.Flux, it.FluxState = "CPP-ACC", outbox.FluxIntegre }),
			at(4, 0, outbox.Queued, 0, func(it *outbox.Item) { it.Tag = "ZETA9" }),
			at(5, 0, outbox.Final, 100*day, func(it *outbox.Item) { it.Flux, it.InvoiceID, it.InvoiceStatus = "CPP-REJ", 2, outbox.StatusRejetee }),
			at(6, 2, outbox.Final, 95*day, func(it *outbox.Item) { it.State, it.ReplacedBy = outbox.Failed, "x" }),
		}
	}
	ob, items, now := badgerOutbox(t, mk)
	code := items[2].CompanyCode
	cases := []struct {
		name   string
		f      Filter
		want   string // numbers kept, by index
		hidden int
	}{
		{"everything", Filter{}, "0,1,2,3,4,5,6", 0},
		{"default view", Filter{HideDone: DefaultHideDone}, "1,2,3,4", 3},
		{"company", Filter{Company: code}, "2,3", 0},
		{"moving", Filter{Group: GroupMoving}, "4", 0},
		{"needs you", Filter{Group: GroupNeedsYou}, "2,6", 0},
		{"needs you, replaced long ago hidden", Filter{Group: GroupNeedsYou, HideDone: DefaultHideDone}, "2", 1},
		{"refused or rejected", Filter{Group: GroupRefused, HideDone: DefaultHideDone}, "1", 1},
		{"accepted", Filter{Group: GroupAccepted}, "0,3", 0},
		{"search finds a hidden one", Filter{Search: "cpp-old", HideDone: DefaultHideDone}, "0", 0},
		{"search by tag, any case", Filter{Search: "zeta9"}, "4", 0},
		{"search by file name", Filter{Search: "INV-0003.xml"}, "3", 0},
		{"nothing", Filter{Company: code, Group: GroupRefused}, "", 0},
	}
	for _, store := range []struct {
		name string
		st   Store
	}{{"memory", outboxtest.Mem(items)}, {"badger", ob}} {
		src, err := openSource(store.st)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(store.name+"/"+c.name, func(t *testing.T) {
				rows, _ := src.Window(c.f, now, 0, 100)
				var got []string
				for _, it := range rows {
					got = append(got, strings.TrimPrefix(it.Number, "INV-000"))
				}
				if strings.Join(got, ",") != c.want {
					t.Errorf("kept %v, want %s", got, c.want)
				}
				if h := src.Counts(c.f, now).Hidden; h != c.hidden {
					t.Errorf("hidden %d, want %d", h, c.hidden)
				}
				checkSource(t, src, items, c.f, now)
			})
		}
	}
}

// lookups records the items an engine reads for the bridge.
type lookups struct {
	*outbox.Outbox
	read []outbox.Item
}

func (l *lookups) Lookup(ids []string) ([]outbox.Item, error) {
	got, err := l.Outbox.Lookup(ids)
	l.read = append(l.read, got...)
	return got, err
}

// Opening the Transfers bridge on a year of invoices reads the active items (the batch left
// by the last session) and not one finished item; drawing the first screen reads that window
// only; the source holds the active items and at most a few windows of the others.
func TestLoadReadsNoFinishedItem(t *testing.T) {
	ob, items, now := badgerOutbox(t, func(now time.Time, cos []domain.Company) []outbox.Item {
		return outboxtest.Year(3000, now, cos)
	})
	eng := &lookups{Outbox: ob}
	b := NewBridge(Config{Engine: func() (Engine, error) { return eng, nil }, Now: func() time.Time { return now },
		RunAsync: func(f func()) { f() }, Do: func(f func()) { f() }, AgeEvery: -1})
	b.Start()
	<-b.Started()
	defer b.Stop()
	if !b.Ready() || b.Err() != nil {
		t.Fatalf("not loaded: %v", b.Err())
	}
	nActive := 0
	for _, it := range items {
		if it.State != outbox.Final && it.State != outbox.Failed {
			nActive++
		}
	}
	if len(eng.read) != nActive {
		t.Fatalf("the load read %d items, want the %d active ones", len(eng.read), nActive)
	}
	for _, it := range eng.read {
		if it.Done() || it.State == outbox.Failed {
			t.Fatalf("the load read %s, %s", it.Number, it.State)
		}
	}
	// The batch is what tracking every item of the outbox gave (the finished ones join none).
	want := newBatch()
	for _, it := range items {
		want.track(it, false)
	}
	if got := b.Model().Batch(); got != want.status() {
		t.Fatalf("batch %+v, want %+v", got, want.status())
	}
	m := b.Model()
	eng.read = nil
	for r := range 40 {
		if _, ok := m.Row(r); !ok {
			t.Fatalf("row %d missing", r)
		}
	}
	if len(eng.read) > window {
		t.Fatalf("the first screen read %d items, more than a window (%d)", len(eng.read), window)
	}
	if c := m.Counts(); c.All != len(items) || c.Hidden == 0 || c.Shown != m.Len() {
		t.Fatalf("counts %+v", c)
	}
	if len(m.src.live) != nActive || len(m.src.seen) > cacheSize {
		t.Fatalf("the source holds %d active and %d other items", len(m.src.live), len(m.src.seen))
	}
}

// counting is an outbox in memory that counts how often its items are counted.
type counting struct {
	*outboxtest.Mem
	counted int
}

func (c *counting) Counts(q outbox.Query) (outbox.Counts, error) {
	c.counted++
	return c.Mem.Counts(q)
}

// The counts follow the engine's events without counting the outbox again during a batch
// (that costs tens of milliseconds on a year of items: every frame would pay it): new items,
// items moving on, finishing, an old finished item shown again, removals; only an event on a
// finished item the source does not hold makes it count again, once.
func TestCountsFollowEvents(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	var items []outbox.Item
	for i := range 40 {
		it := synthetic(i, outbox.Final)
		it.Flux, it.InvoiceID, it.InvoiceStatus = fmt.Sprintf("F%d", i), int64(i+1), outbox.StatusMiseEnPaiement
		it.Changed = now.Add(-time.Duration(200-4*i) * day) // the first half older than 90 days
		if i%3 == 0 {
			it.CompanyCode = "ACME"
		}
		items = append(items, it)
	}
	for i := 40; i < 45; i++ {
		it := deposited(synthetic(i, outbox.Queued), fmt.Sprintf("F%d", i))
		it.Changed = now
		items = append(items, it)
	}
	for _, f := range []Filter{defaultFilter, {Company: "ACME", HideDone: DefaultHideDone},
		{Group: GroupMoving, HideDone: DefaultHideDone}, {Group: GroupAccepted, HideDone: DefaultHideDone}} {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			mem := outboxtest.Mem(slices.Clone(items))
			st := &counting{Mem: &mem}
			src, err := openSource(st)
			if err != nil {
				t.Fatal(err)
			}
			step := func(what string, e outbox.Event) {
				t.Helper()
				mem.Apply(e)
				src.apply(e)
				want, hidden := memoryRule(mem, f, now)
				if c := src.Counts(f, now); c != (Counts{All: len(mem), Shown: len(want), Hidden: hidden}) {
					t.Fatalf("%s: counts %+v, want all %d shown %d hidden %d", what, c, len(mem), len(want), hidden)
				}
			}
			src.Counts(f, now)
			counted := st.counted
			for i := 45; i < 50; i++ {
				step("added", ev(outbox.EventAdded, synthetic(i, outbox.Queued)))
			}
			moving := items[41]
			moving.State, moving.FluxState = outbox.Tracking, outbox.FluxIntegre
			step("tracked", ev(outbox.EventChanged, moving))
			moving.State, moving.InvoiceID, moving.InvoiceStatus = outbox.Final, 9, outbox.StatusRejetee
			step("rejected", ev(outbox.EventChanged, moving))
			step("removed while kept", ev(outbox.EventRemoved, items[42]))
			if st.counted != counted {
				t.Fatalf("the batch counted the outbox %d times again", st.counted-counted)
			}
			// A finished item the source never read, changed or removed: counted again, once.
			old := items[2]
			old.ReplacedBy = synthetic(47, outbox.Queued).ID
			step("old one replaced", ev(outbox.EventChanged, old))
			step("old one removed", ev(outbox.EventRemoved, items[5]))
			if st.counted-counted > 2 {
				t.Fatalf("counted %d times for two events", st.counted-counted)
			}
			// An old finished one the table drew (the source holds it) sent again: no count.
			src.Window(Filter{}, now, 0, 100)
			src.Window(f, now, 0, 100)
			counted = st.counted
			again := items[9]
			again.State, again.Changed = outbox.Queued, now
			step("sent again", ev(outbox.EventChanged, again))
			if st.counted != counted {
				t.Fatal("an item the source holds made it count again")
			}
		})
	}
}
