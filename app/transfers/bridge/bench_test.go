package bridge

import (
	"runtime"
	"testing"
	"time"

	"chorusdesk/core"
	"chorusdesk/outbox"
	"chorusdesk/outbox/outboxtest"
)

var benchKDF = core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}}

// BenchmarkTransfersBridgeOpen25k is the Transfers view's open on a year of a busy firm's
// invoices (25,000 items, 20 companies), its bridge side: the engine opened on the data
// directory, the bridge started on it (the active items read), then the first screen drawn
// (its rows, the counts of the header). Target: 1 s. live-MB is the heap the open bridge and
// its engine keep (after a collection): it must not grow with the finished items.
func BenchmarkTransfersBridgeOpen25k(b *testing.B) {
	dir := b.TempDir()
	if err := outboxtest.YearDir(dir, benchKDF, "bench master password", outboxtest.YearSize); err != nil {
		b.Fatal(err)
	}
	var live float64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		before := heap()
		b.StartTimer()
		svc, err := core.Open(dir, benchKDF)
		if err != nil {
			b.Fatal(err)
		}
		ob, err := outbox.Open(svc, outbox.Options{})
		if err != nil {
			b.Fatal(err)
		}
		br := NewBridge(Config{Engine: func() (Engine, error) { return ob, nil }, Now: svc.Now,
			RunAsync: func(f func()) { f() }, Do: func(f func()) { f() }, AgeEvery: -1})
		br.Start()
		<-br.Started()
		m := br.Model()
		n := min(m.Len(), firstScreen)
		for r := range n {
			if _, ok := m.Row(r); !ok {
				b.Fatalf("row %d of %d missing", r, m.Len())
			}
		}
		if c := m.Counts(); n != firstScreen || c.All != outboxtest.YearSize || c.Hidden == 0 {
			b.Fatalf("counts %+v, %d rows", c, m.Len())
		}
		b.StopTimer()
		live += float64(heap()-before) / (1 << 20)
		br.Stop()
		if err := svc.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(time.Second), "s/op")
	b.ReportMetric(live/float64(b.N), "live-MB")
}

// firstScreen is more rows than the Transfers table shows at once.
const firstScreen = 50

// heap is the live heap after a collection.
func heap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
