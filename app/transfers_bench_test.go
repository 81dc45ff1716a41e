package app

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/outbox"
)

// BenchmarkTransfersRefresh is the cost of one frame of the Transfers view while a batch
// runs: one engine event applied to the model, then the table (its visible cells), the
// batch's progress and the selected item's details repainted. It should stay flat from 100
// to 1,000 items: only the visible cells are updated and the batch is counted incrementally.
func BenchmarkTransfersRefresh(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			x := benchTransfers(b, n)
			v := x.view
			// Every item is in the running batch (the worst case for the batch counts).
			states := [2]outbox.State{outbox.Depositing, outbox.Queued}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				it := x.rows[i%n]
				it.State = states[(i/n)%2]
				x.apply([]outbox.Event{{Kind: outbox.EventChanged, Item: it}})
			}
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(time.Millisecond), "ms/frame")
			if done, total := x.batchProgress(); total != n || done != 0 {
				b.Fatalf("batch %d/%d, want 0/%d", done, total, n)
			}
			if v.selected == "" {
				b.Fatal("the details were not shown")
			}
		})
	}
}

// benchTransfers is a shown Transfers view holding n queued items (no engine: the events
// are applied by hand).
func benchTransfers(b testing.TB, n int) *transfers {
	b.Helper()
	a := test.NewTempApp(b)
	svc, err := core.Open(b.TempDir(), cheapKDF)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	win := test.NewTempWindow(b, nil)
	u := New(a, win, svc, Options{RunAsync: func(f func()) { f() }})
	x := newTransfers(u)
	x.do = func(f func()) { f() }
	x.notify = func(*fyne.Notification) {}
	items := make([]outbox.Item, n)
	for i := range items {
		items[i] = synthetic(i, outbox.Queued)
	}
	x.load(items)
	x.show()
	x.view.win.Resize(fyne.NewSize(1200, 720))
	x.view.win.Canvas().Capture() // builds the renderers, as the first frame would
	if n > 3 {
		x.view.table.Select(widget.TableCellID{Row: 3, Col: colNumber})
	}
	b.Cleanup(func() { close(x.stopC); x.view.win.Close() })
	return x
}
