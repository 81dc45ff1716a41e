package core

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"chorusdesk/domain"
)

// The GUI, the outbox and the auto-lock timer use one Service from several goroutines: no
// race, no deadlock, and every save that reported success is on disk (run with -race).
func TestConcurrentUse(t *testing.T) {
	s := openService(t)
	const workers, rounds = 4, 25
	ids := make([]string, workers)
	for i := range ids {
		ids[i] = mustAdd(t, s, fmt.Sprintf("W%d", i)).ID
	}
	last := make([]string, workers) // last successfully saved tag per worker
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				k := fmt.Sprintf("w%dr%d", w, r)
				_, err := s.SaveSetup(ids[w], domain.Setup{Enabled: true, Tag: k, Sandbox: creds(k)})
				switch {
				case err == nil:
					last[w] = k
				case !errors.Is(err, ErrLocked):
					t.Errorf("save: %v", err)
				}
				if _, err := s.Resolve(ids[w], domain.Sandbox); err != nil {
					t.Errorf("resolve: %v", err)
				}
				if _, _, err := s.ResolveCredentials(ids[(w+1)%workers], domain.Sandbox); err != nil && !errors.Is(err, ErrLocked) {
					t.Errorf("resolve credentials: %v", err)
				}
			}
		})
	}
	wg.Go(func() { // the auto-lock timer and the user, fighting
		for range rounds {
			s.Lock()
			if err := s.Unlock([]byte(testPassword)); err != nil {
				t.Errorf("unlock: %v", err)
			}
		}
	})
	wg.Wait()
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	for w, id := range ids {
		st, err := s.Setup(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Tag != last[w] {
			t.Fatalf("worker %d: tag on disk %q, last acknowledged %q", w, st.Tag, last[w])
		}
	}
}
