package outbox

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
)

// BenchmarkSend1000 measures the batch target: 1,000 invoices to the emulator at 50 ms latency. The
// wall time from start to the last deposit is compared with the latency-bound ideal for the
// concurrency, ceil(n/conc) × calls-per-item × latency, where a deposit is one call per item
// (the pre-flight of the single recipient is cached: three calls for the whole batch). Also
// reported: token requests (target 1) and invoices deposited more than once (target 0).
// ahead is Options.PrepareAhead: 0 is the strict mode (the synced write of depositing sits
// between two deposits of a worker); ahead > 0 overlaps it with the network wait.
func BenchmarkSend1000(b *testing.B) {
	const (
		n            = 1000
		latency      = 50 * time.Millisecond
		callsPerItem = 1
	)
	for _, c := range []struct {
		conc, ahead int
	}{{4, 0}, {16, 0}, {4, 4}, {16, 16}} {
		conc := c.conc
		b.Run(fmt.Sprintf("conc=%d/ahead=%d", conc, c.ahead), func(b *testing.B) {
			var wall time.Duration
			var tokens, dups int
			for range b.N {
				b.StopTimer()
				r := newRig(b, emulator.Options{Latency: latency})
				opt := fastOptions()
				opt.Concurrency, opt.PrepareAhead, opt.DepositOnly = conc, c.ahead, true
				o, err := Open(r.svc, opt)
				if err != nil {
					b.Fatal(err)
				}
				dir := b.TempDir()
				base := ublVariant(b, "BENCH-NUMBER", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")
				ids := make([]string, 0, n)
				for i := range n {
					num := fmt.Sprintf("B%04d", i)
					data := bytes.ReplaceAll(base, []byte("BENCH-NUMBER"), []byte(num))
					it, err := o.Add(writeFile(b, dir, filepath.Base(num)+".xml", data), AddOptions{})
					if err != nil {
						b.Fatal(err)
					}
					ids = append(ids, it.ID)
				}
				ctx := waitCtx(b)
				b.StartTimer()
				start := time.Now()
				o.Start()
				if _, err := o.Wait(ctx, Item.WasDeposited, ids...); err != nil {
					b.Fatal(err)
				}
				wall += time.Since(start)
				b.StopTimer()
				if err := o.Close(); err != nil {
					b.Fatal(err)
				}
				c := r.emu.Requests()
				tokens += c.Tokens
				for i := range n {
					if c.Deposits[fmt.Sprintf("B%04d", i)] > 1 {
						dups++
					}
				}
			}
			ideal := time.Duration(math.Ceil(float64(n)/float64(conc))) * callsPerItem * latency
			avg := wall / time.Duration(b.N)
			b.ReportMetric(avg.Seconds(), "wall-s")
			b.ReportMetric(ideal.Seconds(), "ideal-s")
			b.ReportMetric(float64(avg)/float64(ideal), "ratio")
			b.ReportMetric(float64(tokens)/float64(b.N), "tokens")
			b.ReportMetric(float64(dups)/float64(b.N), "duplicates")
		})
	}
}

// BenchmarkSend10MB measures the engine alone depositing an invoice of Chorus Pro's largest
// size (10 MB) to the emulator: wall time and peak memory, phase by phase. What a user measures
// of the command (`send`, its unlock included) is cli.BenchmarkSendCLI10MB. The engine runs in a child process (this test
// binary again) so the emulator's memory is not counted; the child reads its own
// /proc/self/status: VmRSS when idle (service and outbox open, after a GC), then, after
// resetting the high-water mark (clear_refs 5), VmHWM once the invoice is deposited. Reported:
// peak RSS above the idle process in MB and as a multiple of the file size (target < 3), and
// the same for adding the file alone (reading, detecting, storing) and for depositing it.
// kind=facturx is the real shape (a Factur-X PDF whose bulk is a scanned annex); kind=xml the
// worst case, a UBL whose one text node is 10 MB (the XML decoder holds a text node whole).
func BenchmarkSend10MB(b *testing.B) {
	const size = 10 << 20
	for _, kind := range []string{"facturx", "xml"} {
		b.Run("kind="+kind, func(b *testing.B) {
			var wall, peak, add, dep, fileSize float64
			for range b.N {
				b.StopTimer()
				r := newRig(b, emulator.Options{})
				data := bigFacturX(b, size)
				name := "big.pdf"
				if kind == "xml" {
					data, name = bigUBL(b, "BIG-XML", size), "big.xml"
				}
				file := writeFile(b, b.TempDir(), name, data)
				fileSize = float64(len(data))
				if err := r.svc.Close(); err != nil { // the child takes the data directory
					b.Fatal(err)
				}
				b.StartTimer()
				res := runMemChild(b, r.dir, []string{file})
				b.StopTimer()
				wall += res.WallS
				peak += float64(max(res.AddKB, res.PeakKB)-res.IdleKB) * 1024
				add += float64(res.AddKB-res.IdleKB) * 1024
				dep += float64(res.PeakKB-res.DepositIdleKB) * 1024
				if c := r.emu.Requests().Endpoints[pathDeposit]; c != 1 {
					b.Fatalf("%d deposits", c)
				}
			}
			n := float64(b.N)
			b.ReportMetric(wall/n, "wall-s")
			b.ReportMetric(peak/n/(1<<20), "peak-MB")
			b.ReportMetric(peak/n/fileSize, "x-file")
			b.ReportMetric(add/n/fileSize, "add-x-file")
			b.ReportMetric(dep/n/fileSize, "deposit-x-file")
		})
	}
}
