package transfers

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
	"chorusdesk/outbox/outboxtest"
)

// BenchmarkTransfersRefresh is the cost of one frame of the Transfers view while a batch
// runs: one engine event through the bridge to the model, then the table (its visible
// cells), the batch's progress and the selected item's details repainted. It should stay flat
// from 100 to 1,000 items: only the visible cells are updated and the batch is counted
// incrementally.
func BenchmarkTransfersRefresh(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			f, v := shownView(b, n, time.Now)
			// Every item is in the running batch (the worst case for the batch counts).
			states := [2]outbox.State{outbox.Depositing, outbox.Queued}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				it := f.items[i%n] // the engine's copy: the benchmark reads no row the table does not draw
				it.State = states[(i/n)%2]
				f.emit(outbox.Event{Kind: outbox.EventChanged, Item: it})
			}
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(time.Millisecond), "ms/frame")
			if total, done := v.m.Batch().Total, v.m.Batch().Sent; total != n || done != 0 {
				b.Fatalf("batch %d/%d, want 0/%d", done, total, n)
			}
			if v.selected == "" {
				b.Fatal("the details were not shown")
			}
		})
	}
}

// feed is an engine that only holds items (its queries answered by outboxtest.Mem) and
// forwards the events the test sends, applied to its items first as the engine's store is:
// the view on its real bridge, without the network.
type feed struct {
	items outboxtest.Mem
	fn    func(outbox.Event)
}

var errFeed = errors.New("not in this test")

func (f *feed) Rows(q outbox.Query) ([]outbox.Row, error)    { return f.items.Rows(q) }
func (f *feed) Lookup(ids []string) ([]outbox.Item, error)   { return f.items.Lookup(ids) }
func (f *feed) Counts(q outbox.Query) (outbox.Counts, error) { return f.items.Counts(q) }
func (f *feed) Subscribe(fn func(outbox.Event)) func() {
	f.fn = fn
	return func() { f.fn = nil }
}
func (f *feed) emit(e outbox.Event) {
	f.items.Apply(e)
	if f.fn != nil {
		f.fn(e)
	}
}
func (f *feed) Add(string, outbox.AddOptions) (outbox.Item, error) { return outbox.Item{}, errFeed }
func (f *feed) Retry(string) (outbox.Item, error)                  { return outbox.Item{}, errFeed }
func (f *feed) Reroute(string, string) (outbox.Item, error)        { return outbox.Item{}, errFeed }
func (f *feed) ConfirmResend(string) (outbox.Item, error)          { return outbox.Item{}, errFeed }
func (f *feed) MarkDeposited(string, string) (outbox.Item, error)  { return outbox.Item{}, errFeed }
func (f *feed) Remove(string) error                                { return errFeed }
func (f *feed) Watch(context.Context, string, outbox.WatchOptions) error {
	return errFeed
}

// synthetic is item i of a batch, created at a fixed time (IDs sort by i).
func synthetic(i int, s outbox.State) outbox.Item {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return outbox.Item{ID: fmt.Sprintf("%016x%08x", at.UnixNano()+int64(i), i), Number: fmt.Sprintf("INV-%04d", i),
		File: fmt.Sprintf("/in/INV-%04d.xml", i), SHA: "x", CompanyCode: "DEMO1", State: s, Created: at, Changed: at}
}

// shownView is a shown Transfers view whose bridge holds n queued items of a feed, events
// applied at once (no engine, no network).
func shownView(b testing.TB, n int, now func() time.Time) (*feed, *View) {
	b.Helper()
	a := test.NewTempApp(b)
	f := &feed{items: make(outboxtest.Mem, n)}
	for i := range f.items {
		f.items[i] = synthetic(i, outbox.Queued)
	}
	br := bridge.NewBridge(bridge.Config{
		Engine: func() (bridge.Engine, error) { return f, nil }, Now: now,
		RunAsync: func(f func()) { f() }, Do: func(f func()) { f() }, AgeEvery: -1,
	})
	br.Start()
	<-br.Started()
	v := New(br, Host{App: a, Lang: i18n.EN, ErrText: func(err error) string { return err.Error() },
		Companies: func() ([]domain.Company, error) { return nil, nil }})
	v.Show()
	v.win.Resize(fyne.NewSize(1200, 720))
	v.win.Canvas().Capture() // builds the renderers, as the first frame would
	if n > 3 {
		v.table.Select(widget.TableCellID{Row: 3, Col: colNumber})
	}
	b.Cleanup(func() { br.Stop(); v.Close() })
	return f, v
}
