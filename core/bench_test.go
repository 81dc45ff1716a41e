package core

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"chorusdesk/domain"
)

// BenchmarkUnlock measures one unlock with the production KDF (target ≤ 0.5 s on 2 cores;
// docs/architecture.md, Performance targets).
func BenchmarkUnlock(b *testing.B) {
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Init([]byte(testPassword)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := s.Unlock([]byte(testPassword)); err != nil {
			b.Fatal(err)
		}
	}
}

// benchVault opens a vault holding n companies besides `*****`, each with a full setup.
func benchVault(b *testing.B, n int) (*Service, []domain.Company) {
	b.Helper()
	s, err := Open(b.TempDir(), Options{KDF: cheapKDF})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	if err := s.Init([]byte(testPassword)); err != nil {
		b.Fatal(err)
	}
	cs := make([]domain.Company, n)
	for i := range cs {
		cs[i] = mustAdd(b, s, fmt.Sprintf("CO%04d", i))
		if _, err := s.SaveSetup(cs[i].ID, benchSetup(fmt.Sprint(i))); err != nil {
			b.Fatal(err)
		}
	}
	return s, cs
}

func benchSetup(k string) domain.Setup {
	return domain.Setup{Enabled: true, Tag: "T", Sandbox: creds(k + "-sb"), Production: creds(k + "-prod")}
}

// reportP99 reports the 99th percentile of the per-operation durations in milliseconds.
func reportP99(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[(len(d)*99)/100])/float64(time.Millisecond), "p99-ms")
}

// BenchmarkSaveSetup measures a validated, sealed, synced save in a vault of 100 companies
// (target: ≤ 20 ms p99); make bench puts its p99 in the table.
func BenchmarkSaveSetup(b *testing.B) { benchSave(b, 100) }

// BenchmarkCompaniesSaveSetup shows the save cost does not grow with the number of companies:
// the environment rule compares in-memory fingerprints instead of opening every setup.
func BenchmarkCompaniesSaveSetup(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("companies=%d", n), func(b *testing.B) { benchSave(b, n) })
	}
}

func benchSave(b *testing.B, n int) {
	s, cs := benchVault(b, n)
	var durs []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := s.SaveSetup(cs[i%n].ID, benchSetup(fmt.Sprintf("%d-v%d", i%n, i))); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(start))
		i++
	}
	reportP99(b, durs)
}

// BenchmarkResolve measures the resolution rule for one company (no key needed).
func BenchmarkResolve(b *testing.B) {
	s, cs := benchVault(b, 10)
	if err := s.SetEnabled(cs[3].ID, false); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Resolve(cs[3].ID, domain.Production); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMoveSetup measures the atomic move of a setup (open, re-seal, two writes, audit,
// one synced commit), moving one setup back and forth.
func BenchmarkMoveSetup(b *testing.B) {
	s, cs := benchVault(b, 10)
	empty := mustAdd(b, s, "EMPTY")
	from, to := cs[0].ID, empty.ID
	var durs []time.Duration
	for b.Loop() {
		start := time.Now()
		if err := s.MoveSetup(from, to, false); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(start))
		from, to = to, from
	}
	reportP99(b, durs)
}

// BenchmarkDataDir1000 fills a data directory with 1,000 companies and their setups, closes
// it and reports its size on disk (targets: < 5 MB real, < 64 MB apparent).
func BenchmarkDataDir1000(b *testing.B) {
	const n = 1000
	for b.Loop() {
		dir := b.TempDir()
		s, err := Open(dir, Options{KDF: cheapKDF})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Init([]byte(testPassword)); err != nil {
			b.Fatal(err)
		}
		for i := range n {
			c := mustAdd(b, s, fmt.Sprintf("CO%04d", i))
			if _, err := s.SaveSetup(c.ID, benchSetup(fmt.Sprint(i))); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		real, apparent, err := dirSize(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(real)/1024, "real-KB")
		b.ReportMetric(float64(apparent)/1024, "apparent-KB")
	}
}
