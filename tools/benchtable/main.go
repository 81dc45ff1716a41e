// Command benchtable reads `go test -bench` output on standard input and prints the table of the
// performance targets (docs/architecture.md): each target beside what was measured. It exits 1 when
// a measured figure misses its target, so `make bench` fails loudly instead of printing a quiet red
// number.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// result holds the metrics of one benchmark line, by unit ("ns/op", "p99-ms", ...).
type result map[string]float64

// parse reads benchmark lines; a benchmark seen several times (-count) keeps its median.
func parse(r io.Reader) map[string]result {
	samples := map[string]map[string][]float64{}
	line := regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)
	sc := bufio.NewScanner(r)
	pkg := ""
	for sc.Scan() {
		t := sc.Text()
		if strings.HasPrefix(t, "pkg: ") {
			pkg = strings.TrimPrefix(t, "pkg: ")
			continue
		}
		m := line.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		name := pkg + "." + m[1]
		f := strings.Fields(m[2])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if samples[name] == nil {
				samples[name] = map[string][]float64{}
			}
			samples[name][f[i+1]] = append(samples[name][f[i+1]], v)
		}
	}
	out := map[string]result{}
	for name, units := range samples {
		out[name] = result{}
		for u, vs := range units {
			out[name][u] = median(vs)
		}
	}
	return out
}

func median(vs []float64) float64 {
	s := append([]float64(nil), vs...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[len(s)/2]
}

// row is one line of the table of targets.
type row struct {
	what   string
	bench  string // suffix of "pkg.BenchmarkName"
	per    string // when set, the figure is bench/per (same unit): "flat from 10 to 1,000"
	unit   string
	scale  float64 // measured × scale is shown in show
	show   string
	limit  float64 // in shown units
	atMost bool    // true: measured ≤ limit passes; false: measured ≥ limit passes
}

var rows = []row{
	{"Unlock (Argon2id 64 MiB, t=3, p=4)", "core.BenchmarkUnlock", "", "ns/op", 1e-9, "s", 0.5, true},
	{"Setup save, synced writes, p99", "core.BenchmarkSaveSetup", "", "p99-ms", 1, "ms", 20, true},
	{"Data dir, 1,000 companies, on disk", "core.BenchmarkDataDir1000", "", "real-KB", 1.0 / 1024, "MB", 5, true},
	{"Data dir, 1,000 companies, apparent", "core.BenchmarkDataDir1000", "", "apparent-KB", 1.0 / 1024, "MB", 64, true},
	{"1,000 invoices @50 ms ×16, wall / ideal", "outbox.BenchmarkSend1000/conc=16/ahead=0", "", "ratio", 1, "×", 1.15, true},
	{"1,000 invoices @50 ms ×4, wall / ideal", "outbox.BenchmarkSend1000/conc=4/ahead=0", "", "ratio", 1, "×", 1.15, true},
	{"1,000 invoices @50 ms, token requests", "outbox.BenchmarkSend1000/conc=16/ahead=0", "", "tokens", 1, "", 1, true},
	{"1,000 invoices @50 ms, duplicates", "outbox.BenchmarkSend1000/conc=16/ahead=0", "", "duplicates", 1, "", 0, true},
	{"10 MB Factur-X `send`, peak RSS above a 10 KB send", "cli.BenchmarkSendCLI10MB", "", "x-file", 1, "× file", 3, true},
	{"10 MB Factur-X `send`, its own work (cheap KDF)", "cli.BenchmarkSendCLI10MB", "", "work-x-file", 1, "× file", 3, true},
	{"10 MB Factur-X `send`, wall time", "cli.BenchmarkSendCLI10MB", "", "wall-s", 1, "s", 5, true},
	{"10 MB Factur-X, engine alone, RSS above idle", "outbox.BenchmarkSend10MB/kind=facturx", "", "x-file", 1, "× file", 3, true},
	{"Start to first frame vs bare Fyne", "app.BenchmarkStartToWindow", "", "x-bare", 1, "×", 1.3, true},
	{"Memory after unlock vs bare Fyne", "app.BenchmarkMemoryAfterUnlock/companies=200", "", "x-bare", 1, "×", 1.3, true},
	{"Memory after unlock, 25,000 items, vs bare", "app.BenchmarkMemoryAfterUnlock/companies=200/items=25000", "", "x-bare", 1, "×", 1.3, true},
	{"Transfers view opens, 25,000 items", "outbox.BenchmarkTransfersOpen25k", "", "s/op", 1, "s", 1, true},
	{"Transfers bridge opens, 25,000 items", "bridge.BenchmarkTransfersBridgeOpen25k", "", "s/op", 1, "s", 1, true},
	{"status answers, 25,000 items", "cli.BenchmarkStatus25k", "", "s/op", 1, "s", 0.5, true},
	// "UI cost flat from 10 to 1,000 companies": the 1,000-company cost over the 10-company one.
	{"UI: main window, 1,000 vs 10 companies", "app.BenchmarkBuildMainWindow/companies=1000", "app.BenchmarkBuildMainWindow/companies=10", "ns/op", 1, "×", 1.5, true},
	{"UI: select company, 1,000 vs 10", "app.BenchmarkSelectCompany/companies=1000", "app.BenchmarkSelectCompany/companies=10", "ns/op", 1, "×", 1.5, true},
	{"UI: filter, 1,000 vs 10", "app.BenchmarkFilter/companies=1000", "app.BenchmarkFilter/companies=10", "ns/op", 1, "×", 1.5, true},
}

func main() {
	res := parse(os.Stdin)
	find := func(suffix string) (result, bool) {
		for name, r := range res {
			// Whole path elements only: "core.BenchmarkX" matches "chorusdesk/core.BenchmarkX",
			// and companies=10 never matches companies=1000.
			if name == suffix || strings.HasSuffix(name, "/"+suffix) {
				return r, true
			}
		}
		return nil, false
	}
	fmt.Printf("%-40s %14s %12s  %s\n", "Performance target", "measured", "target", "verdict")
	fmt.Println(strings.Repeat("-", 80))
	failed := false
	for _, r := range rows {
		m, ok := find(r.bench)
		v, has := m[r.unit]
		if r.per != "" && ok && has {
			d, ok2 := find(r.per)
			dv, has2 := d[r.unit]
			if !ok2 || !has2 || dv == 0 {
				ok = false
			} else {
				v /= dv
			}
		}
		cmp := "≤"
		if !r.atMost {
			cmp = "≥"
		}
		target := fmt.Sprintf("%s %g %s", cmp, r.limit, r.show)
		if !ok || !has {
			fmt.Printf("%-40s %14s %12s  %s\n", r.what, "—", target, "not measured")
			continue
		}
		shown := v * r.scale
		pass := shown <= r.limit
		if !r.atMost {
			pass = shown >= r.limit
		}
		verdict := "ok"
		if !pass {
			verdict, failed = "MISSED", true
		}
		fmt.Printf("%-40s %11.3f %-2s %12s  %s\n", r.what, shown, r.show, target, verdict)
	}
	if failed {
		os.Exit(1)
	}
}
