package outbox_test

import (
	"testing"
	"time"

	"chorusdesk/core"
	"chorusdesk/outbox"
	"chorusdesk/outbox/outboxtest"
)

// BenchmarkTransfersOpen25k is what the Transfers view waits for when it opens on a year of a
// busy firm's invoices (25,000 items): the engine opened on the data directory, then the
// rows of its default view (every item but the done ones older than 90 days), the items of its
// first window and the counts of its header. Target: 1 s.
func BenchmarkTransfersOpen25k(b *testing.B) {
	dir := yearData(b, outboxtest.YearSize)
	cpu0 := outboxtest.CPUTime()
	for b.Loop() {
		svc, err := core.Open(dir, core.Options{KDF: benchKDF})
		if err != nil {
			b.Fatal(err)
		}
		o, err := outbox.Open(svc, outbox.Options{})
		if err != nil {
			b.Fatal(err)
		}
		q := outbox.DefaultQuery(svc.Now())
		rows, err := o.RowSet(q)
		if err != nil {
			b.Fatal(err)
		}
		items, err := rows.Window(0, firstWindow)
		if err != nil || len(items) != firstWindow {
			b.Fatalf("%d items: %v", len(items), err)
		}
		c, err := o.Counts(q)
		if err != nil || c.All != outboxtest.YearSize || c.Matched != rows.Len() || c.Hidden == 0 {
			b.Fatalf("counts %+v for %d rows: %v", c, rows.Len(), err)
		}
		if err := svc.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(time.Second), "s/op")
	b.ReportMetric(float64(outboxtest.CPUTime()-cpu0)/float64(b.N)/float64(time.Second), "cpu-s/op")
}

// firstWindow is more rows than the Transfers table shows at once.
const firstWindow = 50

var benchKDF = &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}

// yearData is a data directory with 20 companies and n outbox items over the last year.
func yearData(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	if err := outboxtest.YearDir(dir, core.Options{KDF: benchKDF}, "bench master password", n); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkMigrate25k is the first open of a year of invoices written by the previous layout
// (item records only): the summaries and indexes are built, once.
func BenchmarkMigrate25k(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		svc, err := core.Open(dir, core.Options{KDF: benchKDF})
		if err != nil {
			b.Fatal(err)
		}
		if err := outboxtest.WriteLegacy(svc.OutboxKV(), outboxtest.Year(outboxtest.YearSize, svc.Now(), nil)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		o, err := outbox.Open(svc, outbox.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if c, err := o.Counts(outbox.Query{}); err != nil || c.All != outboxtest.YearSize {
			b.Fatalf("%+v %v", c, err)
		}
		if err := svc.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(time.Second), "s/op")
}
