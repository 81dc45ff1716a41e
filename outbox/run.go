package outbox

import (
	"container/heap"
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/core"
)

// lane says which worker pool serves an item in its current state.
type lane int

const (
	laneNone    lane = iota
	laneDeposit      // queued (pre-flight then deposit), ready (deposit)
	laneTrack        // depositing after a crash (reconcile), needs_confirmation, deposited, tracking
)

func (o *Outbox) laneOf(it *Item) lane {
	switch it.State {
	case Queued, Ready:
		return laneDeposit
	case Depositing:
		return laneTrack // a worker would hold it busy: idle depositing means "reconcile"
	case NeedsConfirmation:
		if it.GaveUp && !it.ResendAsked {
			return laneNone // the engine stopped looking: the user decides
		}
		return laneTrack
	case Deposited, Tracking:
		if o.opt.DepositOnly || it.Stalled {
			return laneNone
		}
		return laneTrack
	}
	return laneNone
}

// flushEvery is how often lazily written states (deposit answers) reach the disk.
const flushEvery = 100 * time.Millisecond

// errRunning: run was called while the engine runs (Start runs it once).
var errRunning = errors.New("outbox: already running")

// run processes the outbox until ctx ends, then waits for the workers to stop. Items found
// depositing when the outbox was opened are reconciled before anything else happens to them.
func (o *Outbox) run(ctx context.Context) error {
	o.mu.Lock()
	if o.running {
		o.mu.Unlock()
		return errRunning
	}
	o.running = true
	o.mu.Unlock()
	defer func() {
		o.workers.Wait()
		_ = o.st.flush()
		o.mu.Lock()
		o.running = false
		o.mu.Unlock()
	}()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	flushDone := make(chan struct{})
	go func() {
		defer close(flushDone)
		t := time.NewTicker(flushEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				// A failed flush leaves those items depositing on disk: reconciled after a
				// crash, rewritten by their next state change otherwise.
				_ = o.st.flush()
			}
		}
	}()
	defer func() { <-flushDone }()
	heldDone := make(chan struct{})
	go func() {
		defer close(heldDone)
		o.heldLoop(ctx)
	}()
	defer func() { <-heldDone }()
	for {
		next := o.dispatch(ctx)
		d := time.Hour
		if !next.IsZero() {
			d = max(next.Sub(o.now()), time.Millisecond)
		}
		timer.Reset(d)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-o.wake:
		case <-timer.C:
		}
	}
}

// dispatch starts a worker for every due item a pool has room for, oldest first within the
// same due time, and returns when the next scheduled item is due (zero when none). Tracking
// steps start at most Options.PollsPerSecond a second per environment.
func (o *Outbox) dispatch(ctx context.Context) (next time.Time) {
	if ctx.Err() != nil {
		return time.Time{}
	}
	now := o.now()
	if !o.svc.TransfersAllowed() { // unlocked, or locked with "keep transfers running while locked"
		// Locked: nothing starts (no credentials, and none must be read); items keep their
		// state and their attempts. The unlock event wakes the dispatcher.
		return now.Add(lockRecheck)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	sooner := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	for k, h := range o.sch.heaps {
		for h.Len() > 0 {
			e := (*h)[0]
			if cur, ok := o.sch.at[e.id]; !ok || cur.k != k || !cur.due.Equal(e.due) {
				heap.Pop(h) // stale: the item moved on
				continue
			}
			if e.due.After(now) {
				sooner(e.due)
				break
			}
			if k.l == laneDeposit && o.depBusy >= o.opt.Concurrency+o.opt.PrepareAhead ||
				k.l == laneTrack && o.trkBusy >= o.opt.TrackConcurrency {
				break // the pool is full: a finishing worker wakes the dispatcher
			}
			if k.l == laneTrack {
				if w := o.rate(k.env).wait(now); w > 0 {
					sooner(now.Add(w))
					break
				}
			}
			heap.Pop(h)
			delete(o.sch.at, e.id)
			it := o.items[e.id]
			if it == nil || o.busy[e.id] {
				continue // gone, or held: letting go of it schedules it again
			}
			if o.laneOf(it) != k.l {
				o.schedule(it)
				continue
			}
			if k.l == laneDeposit {
				o.depBusy++
			} else {
				o.trkBusy++
			}
			o.busy[e.id] = true
			c := *it
			o.workers.Add(1)
			go o.work(ctx, &c, k.l)
		}
		if h.Len() == 0 {
			delete(o.sch.heaps, k)
		}
	}
	return next
}

func (o *Outbox) work(ctx context.Context, it *Item, l lane) {
	defer func() {
		o.mu.Lock()
		o.letGo(it.ID)
		if l == laneDeposit {
			o.depBusy--
		} else {
			o.trkBusy--
		}
		o.mu.Unlock()
		o.workers.Done()
		o.poke()
	}()
	if o.stepHook != nil {
		o.stepHook(ctx, it, l)
		return
	}
	o.step(ctx, it)
}

// step runs the item's next step.
func (o *Outbox) step(ctx context.Context, it *Item) {
	cl, err := o.client(it)
	if err != nil {
		o.clientError(ctx, it, err)
		return
	}
	switch it.State {
	case Queued:
		o.preflight(ctx, it, cl)
	case Ready:
		o.deposit(ctx, it, cl)
	case Depositing, NeedsConfirmation:
		o.reconcile(ctx, it, cl)
	case Deposited, Tracking:
		o.track(ctx, it, cl)
	}
}

// clientError handles a failure to get credentials: the setup changed so that the resolution rule refuses
// the transfer (held), or the vault is locked (wait for the user), or storage failed.
func (o *Outbox) clientError(ctx context.Context, it *Item, err error) {
	var nt *errNotTransferred
	switch {
	case errors.As(err, &nt) && (it.State == Queued || it.State == Ready):
		o.setState(it, Held)
		it.Hold, it.Message = HoldNotTransferred, textOf(nt.res.ReasonError())
		o.persist(it)
	case errors.Is(err, core.ErrLocked):
		// Not the item's fault: look again later without spending its attempts.
		it.Message = msg("outbox.locked")
		it.NextTry = o.now().Add(o.opt.RetryBase)
		o.persist(it)
	case it.State == Queued || it.State == Ready:
		o.stepFailed(ctx, it, err, it.State)
	default:
		// Depositing, waiting for confirmation, deposited or tracking: the item may be in
		// Chorus Pro, so it must never become failed (a retry would deposit it again). It
		// waits with its state until credentials are available again.
		if ctx.Err() != nil {
			return
		}
		it.Attempts++
		it.Message = textOf(err)
		if nt != nil {
			it.Message = textOf(nt.res.ReasonError())
		}
		it.NextTry = o.now().Add(o.backoff(it.Attempts, 0))
		o.persist(it)
	}
}

// persist saves it; when even that fails (disk full…), the item is retried later from memory
// and the network step that would have followed is not taken.
func (o *Outbox) persist(it *Item) bool {
	if err := o.save(it); err != nil {
		o.later(it, msg("outbox.store_failed", err.Error()))
		return false
	}
	return true
}

// later keeps the persisted state and only schedules the item again, in memory.
func (o *Outbox) later(it *Item, why Text) {
	it.Attempts++
	it.NextTry = o.now().Add(o.backoff(it.Attempts, 0))
	it.Message = why
	o.mu.Lock()
	if p, ok := o.items[it.ID]; ok {
		p.Attempts, p.NextTry, p.Message = it.Attempts, it.NextTry, it.Message
		o.schedule(p)
	}
	o.mu.Unlock()
	o.emit(Event{Kind: EventChanged, Item: *it})
}

// stepFailed applies the retry rule to the error of a step: retryable failures
// (network, timeout, 429 honouring Retry-After, 5xx) wait with exponential backoff and jitter,
// bounded by MaxAttempts; anything else (400/401/403/413/415, business errors) fails at once
// with the plain-language reason. stay is the state the item waits in.
func (o *Outbox) stepFailed(ctx context.Context, it *Item, err error, stay State) {
	if ctx.Err() != nil {
		return // shutting down: the persisted state is where the next run resumes
	}
	if o.waitLocked(it, err, stay) {
		return
	}
	retryable, after := true, time.Duration(0)
	if ae, ok := chorusapi.AsError(err); ok {
		retryable, after = ae.Retryable, ae.RetryAfter
	}
	it.Attempts++
	if !retryable || it.Attempts >= o.opt.MaxAttempts {
		attempts := it.Attempts
		o.setState(it, Failed)
		it.Retryable = retryable
		it.Message = textOf(err)
		if retryable {
			it.Message = msgWith("outbox.gave_up", err, attempts)
		}
		o.persist(it)
		return
	}
	wait := o.backoff(it.Attempts, after)
	if it.State != stay {
		o.setState(it, stay)
	}
	it.NextTry = o.now().Add(wait)
	it.Message = textOf(err)
	o.persist(it)
}

// backoff is the wait before attempt n+1: RetryBase·2^(n-1), capped at RetryMax, with equal
// jitter (half fixed, half random) so a batch does not retry in lockstep; a longer Retry-After
// from the server wins.
func (o *Outbox) backoff(n int, retryAfter time.Duration) time.Duration {
	d := o.opt.RetryBase
	for i := 1; i < n && d < o.opt.RetryMax; i++ {
		d *= 2
	}
	d = min(d, o.opt.RetryMax)
	d = d/2 + rand.N(d/2+1)
	return max(d, retryAfter)
}
