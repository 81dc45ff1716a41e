package outbox

import (
	"container/heap"
	"time"

	"chorusdesk/domain"
)

// The dispatcher's due-time index: the active items in memory that have a step to run, per
// worker pool (lane) and environment, ordered by when their next step is due (Item.NextTry;
// zero = now), then by ID (oldest first). Dispatching looks only at the items that are due,
// whatever the number of items followed, and stops at the first one a full pool or the poll
// rate cannot take.
//
// An item has at most one live entry (sched.at); an entry that no longer matches it (its
// item was rescheduled, moved to another lane, finished or removed) is dropped when it comes
// up. Items held by a worker or a user action have no live entry: letting go of them
// schedules them again.

// laneKey is one due-time queue: a worker pool and an environment.
type laneKey struct {
	l   lane
	env domain.Env
}

type dueEntry struct {
	due time.Time
	id  string
}

// dueHeap is a min-heap of entries by due time, then ID.
type dueHeap []dueEntry

func (h dueHeap) Len() int { return len(h) }
func (h dueHeap) Less(i, j int) bool {
	if !h[i].due.Equal(h[j].due) {
		return h[i].due.Before(h[j].due)
	}
	return h[i].id < h[j].id
}
func (h dueHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)   { *h = append(*h, x.(dueEntry)) }
func (h *dueHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

type schedAt struct {
	k   laneKey
	due time.Time
}

// sched is the due-time index and the poll rate of each environment. Guarded by Outbox.mu.
type sched struct {
	heaps map[laneKey]*dueHeap
	at    map[string]schedAt // id → its live entry
	rates map[domain.Env]*rateGate
}

func newSched() sched {
	return sched{heaps: map[laneKey]*dueHeap{}, at: map[string]schedAt{}, rates: map[domain.Env]*rateGate{}}
}

// schedule gives the item (in memory, not held) its entry for its current lane and due time
// (caller holds o.mu).
func (o *Outbox) schedule(it *Item) {
	if o.busy[it.ID] {
		return // letGo schedules it
	}
	l := o.laneOf(it)
	if l == laneNone {
		delete(o.sch.at, it.ID)
		return
	}
	k := laneKey{l, it.Env}
	if cur, ok := o.sch.at[it.ID]; ok && cur.k == k && cur.due.Equal(it.NextTry) {
		return
	}
	o.sch.at[it.ID] = schedAt{k, it.NextTry}
	h := o.sch.heaps[k]
	if h == nil {
		h = &dueHeap{}
		o.sch.heaps[k] = h
	}
	heap.Push(h, dueEntry{it.NextTry, it.ID})
}

// unschedule drops the item's entry (caller holds o.mu).
func (o *Outbox) unschedule(id string) { delete(o.sch.at, id) }

// rateGate spaces the starts of tracking steps (polls, look-ups) of one environment: at most
// one per every, so that at most Options.PollsPerSecond reach Chorus Pro each second, however
// many items are due at once (after a restart, after a night offline).
type rateGate struct {
	every time.Duration
	next  time.Time
}

// wait says how long until a step may start; 0 means now, and the start is counted.
func (g *rateGate) wait(now time.Time) time.Duration {
	if now.Before(g.next) {
		return g.next.Sub(now)
	}
	g.next = now.Add(g.every)
	return 0
}

func (o *Outbox) rate(env domain.Env) *rateGate {
	g := o.sch.rates[env]
	if g == nil {
		g = &rateGate{every: time.Duration(float64(time.Second) / o.opt.PollsPerSecond)}
		o.sch.rates[env] = g
	}
	return g
}
