package emulator

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkDeposit measures the emulator's own cost per deposit (HTTP, JSON, base64, invoice
// detection) at several client concurrencies, so benchmarks of the transfer engine can tell
// how much of their time is the emulator's. It reports tokens issued (always 1 here).
func BenchmarkDeposit(b *testing.B) {
	data := b64(testdataFile(b, "FA-2026-0001_UBL.xml"))
	for _, conc := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("conc=%d", conc), func(b *testing.B) {
			e := startEmu(b, Options{ProcessingTime: time.Hour}, nil)
			c := newClient(b, e, demo1, pass1)
			var next atomic.Int64
			b.ResetTimer()
			var wg sync.WaitGroup
			for range conc {
				wg.Go(func() {
					for next.Add(1) <= int64(b.N) {
						r := c.post("/cpro/factures/v1/deposer/flux", map[string]any{"fichierFlux": data,
							"nomFichier": "f.xml", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"})
						if r.status != 200 {
							b.Errorf("status %d", r.status)
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			got := e.Requests()
			b.ReportMetric(float64(got.Tokens), "tokens")
			b.ReportMetric(float64(got.Deposits["FA-2026-0001"])/float64(b.N), "deposits/op")
		})
	}
}
