package app

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// benchSizes are the company counts of the target "UI cost flat from 10 to 1,000 companies"
// (docs/architecture.md, Performance targets).
var benchSizes = []int{10, 100, 1000}

var (
	benchMu   sync.Mutex
	benchSvcs = map[int]*core.Service{}
	benchDirs []string
)

// benchService returns an unlocked vault with n companies (each with a sandbox slot), built
// once per size for the whole run: adding 1,000 companies with synced writes takes seconds.
func benchService(b *testing.B, n int) *core.Service {
	benchMu.Lock()
	defer benchMu.Unlock()
	if s, ok := benchSvcs[n]; ok {
		return s
	}
	dir, err := os.MkdirTemp("", "chorusdesk-bench-")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, dir)
	s, err := core.Open(dir, cheapKDF)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Init([]byte(testPassword)); err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		c, err := s.AddCompany(fmt.Sprintf("C%04d", i), fmt.Sprintf("Company %d", i), "")
		if err != nil {
			b.Fatal(err)
		}
		if i%10 == 1 { // one in ten has a setup, as in a real firm mid-migration
			if _, err := s.SaveSetup(c.ID, domain.Setup{Enabled: true, Sandbox: creds(c.Code)}); err != nil {
				b.Fatal(err)
			}
		}
	}
	benchSvcs[n] = s
	return s
}

// closeBenchServices is called from TestMain's exit path.
func closeBenchServices() {
	for _, s := range benchSvcs {
		s.Close()
	}
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
}

func benchUI(b *testing.B, svc *core.Service) *UI {
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1100, 740))
	return New(a, w, svc, Options{Lang: i18n.EN, RunAsync: func(f func()) { f() },
		NewTimer: func(time.Duration, func()) Timer { return &fakeTimer{} }})
}

// BenchmarkBuildMainWindow is the time from unlock to the first frame: build every widget,
// load the company list and the first company, and render the window once.
func BenchmarkBuildMainWindow(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("companies=%d", n), func(b *testing.B) {
			svc := benchService(b, n)
			u := benchUI(b, svc)
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				u.showMain()
				u.win.Canvas().Capture()
			}
			cpu.report(b)
		})
	}
}

// BenchmarkSelectCompany is the "tab switch": show another company (decrypt its setup,
// apply the resolution rule, load its last Test result) and render.
func BenchmarkSelectCompany(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("companies=%d", n), func(b *testing.B) {
			svc := benchService(b, n)
			u := benchUI(b, svc)
			u.showMain()
			items := u.main.companies.list.Items()
			ids := []string{items[1].ID, items[len(items)-1].ID}
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				u.main.companies.list.Select(ids[i%2])
				u.win.Canvas().Capture()
			}
			cpu.report(b)
			if u.main.tab.company.ID != ids[(b.N-1)%2] {
				b.Fatal("the selection did not reach the form")
			}
		})
	}
}

// BenchmarkFilter types a filter and clears it, rendering the list each time.
func BenchmarkFilter(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("companies=%d", n), func(b *testing.B) {
			svc := benchService(b, n)
			u := benchUI(b, svc)
			u.showMain()
			list := u.main.companies.list
			filters := []string{"c00", "company 1"}
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				list.SetFilter(filters[i%2])
				u.win.Canvas().Capture()
			}
			cpu.report(b)
			b.ReportMetric(float64(len(list.Shown())), "shown")
		})
	}
}

// cpuClock measures the CPU time of a benchmark loop.
type cpuClock struct{ start time.Duration }

func startCPU(b *testing.B) cpuClock {
	b.ResetTimer()
	return cpuClock{processCPU()}
}

// report stops the timer and reports CPU milliseconds per operation.
func (c cpuClock) report(b *testing.B) {
	b.StopTimer()
	b.ReportMetric(float64(processCPU()-c.start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
