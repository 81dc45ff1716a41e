package outbox

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Puts from many workers at once are all written (shared transactions), each caller learning
// of its own failure only: a write too large for the store fails alone.
func TestGroupCommit(t *testing.T) {
	o := bareOutbox(t, nil)
	now := o.svc.Now()
	const workers, each = 16, 20
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				it := Item{ID: fmt.Sprintf("w%02d-%02d", w, i), State: Depositing, Created: now, Changed: now}
				if w == 3 && i == 7 {
					it.File = strings.Repeat("x", 2<<20) // over the store's value limit
				}
				err := o.st.put(&it)
				if w == 3 && i == 7 {
					if err == nil {
						errs[w] = fmt.Errorf("a write over the limit went through")
					}
					continue
				}
				if err != nil {
					errs[w] = err
					return
				}
				it.State = Deposited // the same item again, at once
				if err := o.st.put(&it); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("worker %d: %v", w, err)
		}
	}
	rows, err := o.Rows(Query{States: []State{Deposited}})
	if err != nil || len(rows) != workers*each-1 {
		t.Fatalf("%d deposited rows, want %d: %v", len(rows), workers*each-1, err)
	}
	if rows, _ := o.Rows(Query{States: []State{Depositing}}); len(rows) != 0 {
		t.Fatalf("%d items kept an older state", len(rows))
	}
	checkIndexes(t, o.st.kv)
}
