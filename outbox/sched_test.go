package outbox

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"chorusdesk/core"
	"chorusdesk/domain"
)

// stepClock is a clock the test moves.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *stepClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// dispatchRig is an unopened engine on an unlocked vault with a fake clock whose workers only
// record what they were given.
type dispatchRig struct {
	o     *Outbox
	clock *stepClock
	mu    sync.Mutex
	runs  []dispatched
}

type dispatched struct {
	at  time.Time
	id  string
	env domain.Env
	l   lane
}

func newDispatchRig(t *testing.T, opt Options) *dispatchRig {
	t.Helper()
	r := &dispatchRig{clock: &stepClock{t: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)}}
	svc, err := core.Open(t.TempDir(), core.Options{KDF: cheapKDF, Now: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.Init([]byte("test master password")); err != nil {
		t.Fatal(err)
	}
	r.o = &Outbox{svc: svc, opt: opt.withDefaults(), items: map[string]*Item{}, busy: map[string]bool{}, sch: newSched(),
		st: &store{kv: svc.OutboxKV(), blobs: svc.Blobs()}}
	// A step ends the item (as a finished tracking or a deposit that failed would): letting go
	// of it drops it from memory.
	r.o.stepHook = func(_ context.Context, it *Item, l lane) {
		r.mu.Lock()
		r.runs = append(r.runs, dispatched{r.clock.Now(), it.ID, it.Env, l})
		r.mu.Unlock()
		r.o.mu.Lock()
		r.o.items[it.ID].State = Final
		r.o.mu.Unlock()
	}
	return r
}

// add puts n items in state s of env in memory, due now.
func (r *dispatchRig) add(n int, s State, env domain.Env) {
	for i := range n {
		id := fmt.Sprintf("%s-%s-%04d", env, s, i)
		r.o.items[id] = &Item{ID: id, State: s, Env: env, Flux: "CPP" + id}
		r.o.schedule(r.o.items[id])
	}
}

// run dispatches every step of the clock for d, waiting for the workers between steps.
func (r *dispatchRig) run(d, step time.Duration) {
	for end := r.clock.Now().Add(d); r.clock.Now().Before(end); r.clock.add(step) {
		r.o.dispatch(context.Background())
		r.o.workers.Wait()
	}
}

// Tracking steps start at most PollsPerSecond a second in each environment, however many items
// are due (after a restart, nothing floods Chorus Pro); deposits are not held back by it; the
// items not yet polled wait their turn, oldest first, and each is polled once.
func TestTrackingPollsAreRateLimited(t *testing.T) {
	cases := []struct {
		name        string
		rate        float64
		tracked     int
		queued      int
		seconds     int
		wantPerEnvS int // polls per environment per second
	}{
		{"4 a second", 4, 60, 0, 5, 4},
		{"2 a second", 2, 60, 0, 5, 2},
		{"deposits aside", 4, 30, 20, 3, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newDispatchRig(t, Options{PollsPerSecond: c.rate, Concurrency: 50, TrackConcurrency: 50})
			r.add(c.tracked, Tracking, domain.Sandbox)
			r.add(c.tracked, Deposited, domain.Production)
			r.add(c.queued, Queued, domain.Sandbox)
			start := r.clock.Now()
			r.run(time.Duration(c.seconds)*time.Second, 50*time.Millisecond)
			perSecond := map[string]int{}
			deposits, seen := 0, map[string]bool{}
			for _, d := range r.runs {
				if seen[d.id] {
					t.Errorf("%s dispatched twice", d.id)
				}
				seen[d.id] = true
				if d.l == laneDeposit {
					deposits++
					continue
				}
				perSecond[fmt.Sprintf("%s/%d", d.env, int(d.at.Sub(start)/time.Second))]++
			}
			if deposits != c.queued {
				t.Errorf("%d deposits started, want %d at once", deposits, c.queued)
			}
			for _, env := range []domain.Env{domain.Sandbox, domain.Production} {
				for s := range c.seconds {
					if n := perSecond[fmt.Sprintf("%s/%d", env, s)]; n != c.wantPerEnvS {
						t.Errorf("%s, second %d: %d polls, want %d", env, s, n, c.wantPerEnvS)
					}
				}
			}
		})
	}
}

// Items are dispatched when due, oldest first among those due together; a rescheduled item
// keeps one entry; an item held by a user action is not dispatched until let go.
func TestDispatchWhenDue(t *testing.T) {
	r := newDispatchRig(t, Options{PollsPerSecond: 1000, Concurrency: 1})
	now := r.clock.Now()
	o := r.o
	for i, due := range []time.Duration{3 * time.Second, 0, time.Second, 0} {
		id := fmt.Sprintf("item-%d", i)
		o.items[id] = &Item{ID: id, State: Queued, Env: domain.Sandbox, NextTry: now.Add(due)}
		o.schedule(o.items[id])
	}
	// item-2 is rescheduled sooner, twice: one entry counts.
	o.items["item-2"].NextTry = now.Add(2 * time.Second)
	o.schedule(o.items["item-2"])
	o.items["item-2"].NextTry = now.Add(500 * time.Millisecond)
	o.schedule(o.items["item-2"])
	o.busy["item-3"] = true // a user action holds it
	var order []string
	next := time.Time{}
	for range 10 {
		before := len(r.runs)
		next = o.dispatch(context.Background())
		o.workers.Wait() // a finishing worker wakes the dispatcher: dispatch again
		if next.IsZero() && len(r.runs) == before {
			break
		}
		if !next.IsZero() && len(r.runs) == before {
			r.clock.add(next.Sub(r.clock.Now()))
		}
	}
	for _, d := range r.runs {
		order = append(order, d.id)
	}
	if fmt.Sprint(order) != "[item-1 item-2 item-0]" {
		t.Fatalf("dispatched %v", order)
	}
	o.mu.Lock()
	o.letGo("item-3")
	o.mu.Unlock()
	o.dispatch(context.Background())
	o.workers.Wait()
	if n := len(r.runs); n != 4 || r.runs[3].id != "item-3" {
		t.Fatalf("after let go: %+v", r.runs)
	}
}
