package core

import (
	"errors"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// cheapKDF is the floor of the storage package: tests must not spend 64 MiB per unlock.
var cheapKDF = &KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}

const testPassword = "correct horse battery staple"

// fakeClock returns strictly increasing times, one second apart. Like time.Now it is safe
// for concurrent use (the backups read the clock outside the write lock).
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }

// openService opens a fresh data directory with a vault, unlocked.
func openService(t testing.TB) *Service {
	t.Helper()
	s := openDir(t, t.TempDir())
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return s
}

// openDir opens dir (no Init) and closes it at the end of the test.
func openDir(t testing.TB, dir string) *Service {
	t.Helper()
	s, err := Open(dir, Options{KDF: cheapKDF, Now: newClock().Now})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// siret completes a 13-digit prefix with its Luhn check digit.
func siret(prefix13 string) string {
	for d := 0; d <= 9; d++ {
		s := prefix13 + fmt.Sprint(d)
		if luhn(s) {
			return s
		}
	}
	panic("unreachable")
}

func luhn(s string) bool {
	sum := 0
	for i := range len(s) {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func mustAdd(t testing.TB, s *Service, code string) domain.Company {
	t.Helper()
	c, err := s.AddCompany(code, "Company "+code, "")
	if err != nil {
		t.Fatalf("AddCompany(%s): %v", code, err)
	}
	return c
}

func defaultCompany(t testing.TB, s *Service) domain.Company {
	t.Helper()
	c, err := s.Company(domain.DefaultCode)
	if err != nil {
		t.Fatalf("default company: %v", err)
	}
	return c
}

// creds builds a complete slot whose values all derive from tag.
func creds(tag string) domain.Slot {
	return domain.Slot{
		ClientID:     "cid-" + tag,
		ClientSecret: "secret-" + tag,
		Login:        "TECH_" + tag + "@cpro.fr",
		Password:     "pw-" + tag,
	}
}

// problemsOf returns the problems of a *ValidationError, failing the test otherwise.
func problemsOf(t testing.TB, err error) []Problem {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %T %v", err, err)
	}
	return ve.Problems
}

func lastAudit(t testing.TB, s *Service) AuditEntry {
	t.Helper()
	a, err := s.Audit()
	if err != nil || len(a) == 0 {
		t.Fatalf("Audit: %v (%d entries)", err, len(a))
	}
	return a[len(a)-1]
}

// snapshot copies every key and value of the core's KV.
func snapshot(t testing.TB, s *Service) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.kv.View(func(txn storage.Tx) error {
		return txn.Scan(nil, func(k, v []byte) error {
			out[string(k)] = string(v)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnapshot(a, b map[string]string) bool { return maps.Equal(a, b) }
