package storage

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// BenchmarkUnlock measures UnlockVault with the production parameters (target: ≤ 0.5 s on
// a 2-core machine; docs/architecture.md, Performance targets).
func BenchmarkUnlock(b *testing.B) {
	for _, tc := range []struct {
		name string
		kdf  KDFParams
	}{{"default", DefaultKDF}, {"floor", MinKDF}} {
		b.Run("kdf="+tc.name, func(b *testing.B) {
			_, header, err := CreateVault([]byte(testPassword), tc.kdf)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				v, err := UnlockVault(header, []byte(testPassword))
				if err != nil {
					b.Fatal(err)
				}
				v.Wipe()
			}
		})
	}
}

var benchID = Identity{CompanyID: "c-000123", Env: "production", Field: "client_secret"}

func BenchmarkSeal(b *testing.B) {
	v, _ := newTestVault(b, testPassword)
	for _, size := range []int{64, 1024} {
		b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
			pt := make([]byte, size)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Seal(benchID, pt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkOpen(b *testing.B) {
	v, _ := newTestVault(b, testPassword)
	for _, size := range []int{64, 1024} {
		b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
			sealed, err := v.Seal(benchID, make([]byte, size))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Open(benchID, sealed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSyncedWrite is one small synced Badger transaction, the cost of saving a setup
// (target: ≤ 20 ms p99). It reports the p50 and p99 latencies.
func BenchmarkSyncedWrite(b *testing.B) {
	s := openTestStore(b, b.TempDir())
	defer s.Close()
	v, _ := newTestVault(b, testPassword)
	value, err := v.Seal(benchID, make([]byte, 150))
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		key := fmt.Appendf(nil, "setup/%08d", i%1000)
		i++
		start := time.Now()
		err := s.KV().Update(func(tx Tx) error { return tx.Set(key, value) })
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// BenchmarkDataDirSize writes 1,000 sealed records (one per company, about a setup's size)
// and reports the data directory's apparent and real size, open and after Close (target:
// < 5 MB, no pre-sized 2 GB files).
func BenchmarkDataDirSize(b *testing.B) {
	v, _ := newTestVault(b, testPassword)
	for b.Loop() {
		dir := b.TempDir()
		s := openTestStore(b, dir)
		for i := range 1000 {
			id := Identity{CompanyID: fmt.Sprintf("c-%06d", i), Env: "production", Field: "setup"}
			val, err := v.Seal(id, make([]byte, 300))
			if err != nil {
				b.Fatal(err)
			}
			if err := s.KV().Update(func(tx Tx) error { return tx.Set([]byte(id.CompanyID), val) }); err != nil {
				b.Fatal(err)
			}
		}
		openApparent, openReal := dirSizes(b, dir)
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		closedApparent, closedReal := dirSizes(b, dir)
		const mb = 1 << 20
		b.ReportMetric(float64(openApparent)/mb, "open-apparent-MiB")
		b.ReportMetric(float64(openReal)/mb, "open-real-MiB")
		b.ReportMetric(float64(closedApparent)/mb, "closed-apparent-MiB")
		b.ReportMetric(float64(closedReal)/mb, "closed-real-MiB")
	}
}
