package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"chorusdesk/core"
	"chorusdesk/outbox/outboxtest"
)

// BenchmarkStatus25k is `chorusdesk status` on a year of a busy firm's invoices (25,000 items,
// most of them finished), in process and end to end: the data directory opened, the outbox
// read, the table written. Target: 0.5 s.
func BenchmarkStatus25k(b *testing.B) {
	dir := yearDir(b, outboxtest.YearSize)
	env := map[string]string{"CHORUSDESK_DATA": dir}
	var out, errb bytes.Buffer
	io := IO{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}
	cpu0 := outboxtest.CPUTime()
	for b.Loop() {
		out.Reset()
		errb.Reset()
		if code := Run([]string{"status"}, io); code != ExitOK {
			b.Fatalf("status: exit %d: %s", code, errb.String())
		}
	}
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(time.Second), "s/op")
	b.ReportMetric(float64(outboxtest.CPUTime()-cpu0)/float64(b.N)/float64(time.Second), "cpu-s/op")
	b.ReportMetric(float64(strings.Count(out.String(), "\n")), "lines")
}

// yearDir is a data directory with 20 companies and n outbox items spread over the last year.
func yearDir(b *testing.B, n int) string {
	b.Helper()
	CoreOptions.KDF = &core.KDFParams{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}
	dir := b.TempDir()
	if err := outboxtest.YearDir(dir, CoreOptions, testMaster, n); err != nil {
		b.Fatal(err)
	}
	return dir
}
