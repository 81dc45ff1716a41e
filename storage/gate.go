package storage

import "sync"

// gate lets transactions run side by side (shared) and gives a journaled write, and Close,
// the store to themselves (exclusive): a reader must never see half of a journaled write,
// which spans many Badger transactions.
//
// It prefers readers, unlike sync.RWMutex: a shared holder that enters again (a transaction
// opened inside another, against the KV rule) does not deadlock merely because an exclusive
// holder is waiting. Shared holds are short transactions, so the exclusive side is not
// starved in practice. The exclusive holder itself must not enter: fn of a journaled or
// conflict-serialized Update never opens another transaction (see KV).
type gate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	shared int
	excl   bool
}

func newGate() *gate {
	g := &gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *gate) enter() {
	g.mu.Lock()
	for g.excl {
		g.cond.Wait()
	}
	g.shared++
	g.mu.Unlock()
}

func (g *gate) leave() {
	g.mu.Lock()
	g.shared--
	if g.shared == 0 {
		g.cond.Broadcast()
	}
	g.mu.Unlock()
}

func (g *gate) lock() {
	g.mu.Lock()
	for g.excl || g.shared > 0 {
		g.cond.Wait()
	}
	g.excl = true
	g.mu.Unlock()
}

func (g *gate) unlock() {
	g.mu.Lock()
	g.excl = false
	g.cond.Broadcast()
	g.mu.Unlock()
}
