package outbox

import (
	"context"
	"time"

	"chorusdesk/domain"
)

// A setup that failed its Test holds its company's invoices; the engine tests it again by
// itself, so that a fixed setup carries them without the user having to know what to press:
//
//   - at once when anything the Test depends on changed since the item was held (core's
//     SetupRevision: the company, its setup, the `*****` setup, the endpoints) — looked at
//     when the engine starts and every Options.HeldRecheck while it runs, whichever process
//     (the window, `setup set`) made the change;
//   - on a bounded schedule, for a fix made in Chorus Pro that the setup does not show (an
//     attachment granted, a password reset to the saved one): Options.SetupRetest after the
//     hold, doubling up to an hour, Options.SetupRetests times; then the item waits for a
//     change of the setup or the user's Retry.
//
// Each re-test is the user's Retry (requeueHeld), one Test per setup whatever the number of
// items it holds (the proof cache shares it).

// maxSetupRetest caps one wait of the schedule.
const maxSetupRetest = time.Hour

// holdForSetup holds the item because its setup fails the Test (why), with the time of the
// engine's next re-test when the schedule has one left.
func (o *Outbox) holdForSetup(it *Item, why Text) {
	n := it.SetupRetests
	o.setState(it, Held)
	it.Hold, it.Message = HoldSetupTest, why
	if n < o.opt.SetupRetests {
		wait := o.opt.SetupRetest
		for i := 0; i < n && wait < maxSetupRetest; i++ {
			wait *= 2
		}
		it.NextTry, it.SetupRetests = o.now().Add(min(wait, maxSetupRetest)), n+1
	}
	o.persist(it)
}

// heldLoop runs recheckHeld at start and every Options.HeldRecheck until ctx ends.
func (o *Outbox) heldLoop(ctx context.Context) {
	t := time.NewTicker(o.opt.HeldRecheck)
	defer t.Stop()
	for {
		o.recheckHeld(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// recheckHeld queues again the items a failing setup holds whose setup changed since, or
// whose re-test is due.
func (o *Outbox) recheckHeld(ctx context.Context) {
	if ctx.Err() != nil || !o.svc.TransfersAllowed() {
		return // locked: no Test can run, the unlock's next look will do
	}
	type held struct {
		id, company string
		env         domain.Env
		since, due  time.Time
	}
	var list []held
	o.mu.Lock()
	for _, it := range o.items {
		if it.State == Held && it.Hold == HoldSetupTest && !o.busy[it.ID] {
			list = append(list, held{it.ID, it.CompanyID, it.Env, it.Changed, it.NextTry})
		}
	}
	o.mu.Unlock()
	now := o.now()
	revs := map[string]time.Time{}
	for _, h := range list {
		if ctx.Err() != nil {
			return
		}
		key := proofKey(h.company, h.env)
		rev, seen := revs[key]
		if !seen {
			r, known, err := o.svc.SetupRevision(h.company, h.env)
			if err != nil || !known {
				r = time.Time{} // unknown: the schedule alone decides
			}
			revs[key], rev = r, r
		}
		changed := rev.After(h.since)
		if changed || !h.due.IsZero() && !now.Before(h.due) {
			o.retestHeld(h.id, changed)
		}
	}
}

// retestHeld is Retry for an item a failing setup holds, by the engine: a changed setup
// starts the schedule again, a due re-test counts as one of it.
func (o *Outbox) retestHeld(id string, setupChanged bool) {
	it, err := o.take(id)
	if err != nil {
		return // a worker or the user has it: they decide
	}
	defer o.release(id)
	if it.State != Held || it.Hold != HoldSetupTest {
		return
	}
	if setupChanged {
		it.SetupRetests = 0
	}
	if _, err := o.requeueHeld(&it, false, ""); err != nil {
		o.logf("outbox: item %s: the setup's Test could not be run again: %v", id, err)
	}
}
