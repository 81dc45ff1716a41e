// Package outbox is the crash-safe transfer engine: it takes invoice files, routes
// each to a company, checks the recipient in Chorus Pro (pre-flight), deposits it, and follows
// it until Chorus Pro's final status. Both faces use it: the window (Transfers view) and the
// command line (send, watch, status). It imports no Fyne.
//
// Crash safety: every state is written to the store with a synced transaction before the network
// step that follows it. The deposit is not idempotent on Chorus Pro's side, so an item found
// in state depositing (after a crash, or after an answer that proves nothing) is never sent
// again blindly: it is looked up among the supplier's invoices by number and deposit date; if
// Chorus Pro has it, it becomes deposited with that flux, else it waits in needs_confirmation
// (and keeps being looked up for Options.ReconcileWindow, since Chorus Pro lists an invoice
// only once its flux is integrated) until the user confirms a resend.
package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"

	"chorusdesk/chorusapi"
	"chorusdesk/core"
	"chorusdesk/i18n"
)

// Options tune the engine. Zero values take the documented defaults.
type Options struct {
	Concurrency int // deposits in flight at once (default 4)
	// MaxInFlightBytes bounds the size of the files being encoded and sent at once (default
	// 16 MiB: one invoice of Chorus Pro's largest size goes alone, small ones side by side).
	MaxInFlightBytes int64
	// PrepareAhead lets this many more items be marked depositing (a synced write) while
	// they wait for a free deposit slot, so the disk's sync time overlaps the network wait
	// instead of adding to it. The price: after a crash, those items too are found
	// depositing and must be reconciled (or confirmed by the user when Chorus Pro does not
	// list them). 0 (default) marks an item only when it can be sent at once.
	PrepareAhead     int
	TrackConcurrency int // tracking and reconciliation workers (default Concurrency)
	// PollsPerSecond bounds the tracking steps (status polls, look-ups of unconfirmed
	// deposits) that start each second in one environment (default 4): a year of followed
	// invoices, or a start after a night offline, never floods Chorus Pro.
	PollsPerSecond float64

	// DepositOnly stops at deposited: no flux or invoice tracking (the CLI `send`; the
	// tracking resumes the next time an engine runs without it).
	DepositOnly bool

	PollInterval      time.Duration // first tracking poll after a deposit (default 20 s)
	MaxPollInterval   time.Duration // tracking polls slow down up to this (default 30 min)
	ReconcileInterval time.Duration // look-ups of an unconfirmed deposit (default 1 min)
	ReconcileWindow   time.Duration // how long after the deposit attempt they go on (default 2 h)
	// After the window the user may decide, and the look-ups go on every
	// ReconcileSlowInterval (default 30 min) until ReconcileGiveUp after the attempt (default
	// 72 h: Chorus Pro can take hours to list a flux); then the engine says it gave up.
	ReconcileSlowInterval time.Duration
	ReconcileGiveUp       time.Duration

	RetryBase   time.Duration // first wait after a retryable failure (default 5 s)
	RetryMax    time.Duration // cap of one wait (default 10 min)
	MaxAttempts int           // attempts of one step before failed (retryable) (default 8)

	PreflightTTL time.Duration // how long a recipient's check is reused (default 15 min)
	// SetupProofTTL is how long a passing Test of a setup is reused before the next deposit
	// through it runs the Test again (default 24 h; a change to the setup always does).
	SetupProofTTL time.Duration
	// Items a failing setup holds are tested again by the engine itself: at once when the
	// setup changes (core's SetupRevision, looked at every HeldRecheck, default 5 s, and when
	// the engine starts), and on a bounded schedule for a fix made in Chorus Pro: after
	// SetupRetest (default 5 min), then twice as long each time up to an hour, SetupRetests
	// times (default 8, some 5 hours); then only a change of the setup or the user's Retry.
	HeldRecheck  time.Duration
	SetupRetest  time.Duration
	SetupRetests int

	// Bounds of tracking: when Chorus Pro reports no change for this long, polling stops and
	// the item says to check it on the portal. FluxStallAfter runs until the invoice is
	// known (default 7 days), PaymentStallAfter after (default 120 days).
	FluxStallAfter    time.Duration
	PaymentStallAfter time.Duration

	// Logf receives the diagnostics lines of the engine (an unknown state, a gave-up
	// reconciliation); nil drops them. It never receives a secret.
	Logf func(format string, args ...any)

	// Client tunes the chorusapi clients: per-call retries (short, inside one attempt of a
	// step) and the timeout of one attempt.
	ClientRetry   chorusapi.RetryPolicy
	ClientTimeout time.Duration
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.MaxInFlightBytes <= 0 {
		o.MaxInFlightBytes = 16 << 20
	}
	if o.TrackConcurrency <= 0 {
		o.TrackConcurrency = o.Concurrency
	}
	if o.PollsPerSecond <= 0 {
		o.PollsPerSecond = 4
	}
	def(&o.PollInterval, 20*time.Second)
	def(&o.MaxPollInterval, 30*time.Minute)
	def(&o.ReconcileInterval, time.Minute)
	def(&o.ReconcileWindow, 2*time.Hour)
	def(&o.ReconcileSlowInterval, 30*time.Minute)
	def(&o.ReconcileGiveUp, 72*time.Hour)
	if o.ReconcileGiveUp < o.ReconcileWindow {
		o.ReconcileGiveUp = o.ReconcileWindow
	}
	def(&o.RetryBase, 5*time.Second)
	def(&o.RetryMax, 10*time.Minute)
	def(&o.PreflightTTL, 15*time.Minute)
	def(&o.SetupProofTTL, 24*time.Hour)
	def(&o.HeldRecheck, 5*time.Second)
	def(&o.SetupRetest, 5*time.Minute)
	if o.SetupRetests <= 0 {
		o.SetupRetests = 8
	}
	def(&o.FluxStallAfter, 7*24*time.Hour)
	def(&o.PaymentStallAfter, 120*24*time.Hour)
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	return o
}

// Outbox is the engine. All methods are safe for concurrent use. There is at most one per
// core.Service (Open); it runs from Start until Close (or until its Service closes).
type Outbox struct {
	svc     *core.Service
	opt     Options
	st      *store
	pf      *preflightCache
	proofs  *proofCache
	clients *clientCache

	netSlots chan struct{}       // one per deposit in flight (Concurrency)
	inFlight *semaphore.Weighted // bytes of the files being deposited (MaxInFlightBytes)

	mu sync.Mutex
	// items holds the active items (Item.active) and those a worker or a user action holds;
	// the others live in the store only.
	items   map[string]*Item
	sch     sched           // the due-time index of the items in memory (sched.go)
	busy    map[string]bool // items a worker (or a user action) holds
	freed   chan struct{}   // closed when an item is let go (take waits on it)
	running bool
	depBusy int
	trkBusy int
	subs    map[int]func(Event)
	nextSub int
	wake    chan struct{}
	workers sync.WaitGroup
	// stepHook replaces the steps a worker runs (tests of the dispatcher); nil in use.
	stepHook func(ctx context.Context, it *Item, l lane)

	life lifecycle // Open, Start, Close, the lock pause (lifecycle.go)
}

func (o *Outbox) now() time.Time { return o.svc.Now() }

// newID makes an ID that sorts by creation time (16 hex digits of Unix nanoseconds) and is
// unique (8 random hex digits).
func newID(now time.Time) string {
	var r [4]byte
	_, _ = rand.Read(r[:])
	return fmt.Sprintf("%016x%s", now.UnixNano(), hex.EncodeToString(r[:]))
}

// Items returns a copy of every item, oldest first.
//
// Deprecated: it reads the whole outbox from the store (a year of invoices is tens of
// thousands of items); use Rows, Page, Counts or Find, which read what they need.
func (o *Outbox) Items() []Item {
	all, err := o.st.all()
	if err != nil {
		o.logf("outbox: reading the items: %v", err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	seen := make(map[string]bool, len(o.items))
	for i := range all {
		if p, ok := o.items[all[i].ID]; ok {
			all[i] = *p
			seen[p.ID] = true
		}
	}
	for id, p := range o.items {
		if !seen[id] {
			all = append(all, *p) // in memory, not on disk yet
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all
}

// Item returns a copy of one item: the engine's own copy while it is active, else the
// store's.
func (o *Outbox) Item(id string) (Item, bool) {
	o.mu.Lock()
	it, ok := o.items[id]
	if ok {
		c := *it
		o.mu.Unlock()
		return c, true
	}
	o.mu.Unlock()
	got, found, err := o.st.get(id)
	if err != nil {
		o.logf("outbox: reading item %s: %v", id, err)
	}
	return got, found
}

// Subscribe calls fn after every persisted change, from the engine's goroutines, outside any
// lock. fn must not block (the window hands the event to fyne.Do). The returned function
// unsubscribes.
func (o *Outbox) Subscribe(fn func(Event)) (cancel func()) {
	o.mu.Lock()
	id := o.nextSub
	o.nextSub++
	o.subs[id] = fn
	o.mu.Unlock()
	return func() {
		o.mu.Lock()
		delete(o.subs, id)
		o.mu.Unlock()
	}
}

func (o *Outbox) emit(ev Event) {
	o.mu.Lock()
	fns := make([]func(Event), 0, len(o.subs))
	for _, fn := range o.subs {
		fns = append(fns, fn)
	}
	o.mu.Unlock()
	for _, fn := range fns {
		fn(ev)
	}
}

func (o *Outbox) poke() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// added records a freshly inserted item in memory and tells everyone.
func (o *Outbox) added(it *Item) {
	c := *it
	o.mu.Lock()
	o.publish(&c)
	o.mu.Unlock()
	o.emit(Event{Kind: EventAdded, Item: c})
	o.poke()
}

// commit persists it (synced) and publishes it. The caller owns the item (a worker holding
// it busy, or a user action on an idle item).
func (o *Outbox) commit(it *Item, write func(*Item) error) error {
	if err := write(it); err != nil {
		return err
	}
	c := *it
	o.mu.Lock()
	o.publish(&c)
	o.mu.Unlock()
	o.emit(Event{Kind: EventChanged, Item: c})
	o.poke()
	return nil
}

// publish makes c the engine's copy of its item (caller holds o.mu): kept and scheduled while
// it is active, kept while it is held, else dropped from memory (the store has it).
func (o *Outbox) publish(c *Item) {
	switch {
	case o.busy[c.ID]:
		if p, ok := o.items[c.ID]; ok {
			*p = *c
		} else {
			o.items[c.ID] = c
		}
	case c.active():
		if p, ok := o.items[c.ID]; ok {
			*p = *c
			c = p
		} else {
			o.items[c.ID] = c
		}
		o.schedule(c)
	default:
		delete(o.items, c.ID)
		o.unschedule(c.ID)
	}
}

func (o *Outbox) save(it *Item) error { return o.commit(it, o.st.put) }

// setState moves it to s and stamps the change time; attempts restart with each new state.
func (o *Outbox) setState(it *Item, s State) {
	if it.State != s {
		it.Attempts = 0
	}
	it.State = s
	it.Changed = o.now()
	it.NextTry = time.Time{}
}

// take marks an idle item as held by the caller; it fails when a worker is on it. An item
// that is not in memory (final, failed) is read from the store and kept in memory while held.
func (o *Outbox) take(id string) (Item, error) {
	deadline := time.NewTimer(takeWait)
	defer deadline.Stop()
	for {
		o.mu.Lock()
		it, ok := o.items[id]
		if !ok {
			o.mu.Unlock()
			stored, found, err := o.st.get(id)
			if err != nil {
				return Item{}, err
			}
			if !found {
				return Item{}, i18n.Errorf("outbox.no_item", id)
			}
			o.mu.Lock()
			if _, back := o.items[id]; !back {
				// Still not in memory: nothing but a taker brings an inactive item back, and
				// it would have found it there.
				o.items[id] = &stored
				o.busy[id] = true
				o.unschedule(id)
				o.mu.Unlock()
				return stored, nil
			}
			o.mu.Unlock()
			continue
		}
		if !o.busy[id] {
			o.busy[id] = true
			o.unschedule(id)
			o.mu.Unlock()
			return *it, nil
		}
		// A worker is finishing a step of it (the user often acts on the event that step
		// just sent): wait a moment for it to let go.
		if o.freed == nil {
			o.freed = make(chan struct{})
		}
		freed := o.freed
		o.mu.Unlock()
		select {
		case <-freed:
		case <-deadline.C:
			return Item{}, i18n.Errorf("outbox.busy", it.Number)
		}
	}
}

// takeWait bounds how long a user action waits for a worker to let go of an item.
const takeWait = 2 * time.Second

// letGo marks id free (caller holds o.mu), schedules it again or drops it from memory when it
// is no longer active, and wakes the actions waiting in take.
func (o *Outbox) letGo(id string) {
	delete(o.busy, id)
	if it, ok := o.items[id]; ok {
		if it.active() {
			o.schedule(it)
		} else {
			delete(o.items, id)
			o.unschedule(id)
		}
	}
	if o.freed != nil {
		close(o.freed)
		o.freed = nil
	}
}

func (o *Outbox) release(id string) {
	o.mu.Lock()
	o.letGo(id)
	o.mu.Unlock()
	o.poke()
}

// Retry puts a held or failed item back in the queue: a held item is routed again (the user
// may have fixed the setup or added the company), a failed one restarts the step that failed.
func (o *Outbox) Retry(id string) (Item, error) { return o.requeue(id, false, "") }

// Reroute retries a held item with the company the user chose (by code): the answer to
// "unroutable". The seller SIRET still wins when a company has it.
func (o *Outbox) Reroute(id, company string) (Item, error) { return o.requeue(id, false, company) }

// ConfirmResend is Send again (CanResend). For an item waiting for confirmation: the user
// checked Chorus Pro and the invoice is not there, so it is deposited again. For an invoice
// Chorus Pro refused before any buyer saw it: a new item with the same content is queued
// (routed again, so a fixed setup applies), linked to this one (Replaces / ReplacedBy); it is
// returned.
func (o *Outbox) ConfirmResend(id string) (Item, error) { return o.requeue(id, true, "") }

// indexRouted applies the double-deposit rule to a held item that a re-route gave a company,
// then writes it with the indexes pointing at it.
func (o *Outbox) indexRouted(it *Item, force bool) (Item, error) {
	linked, err := o.checkIndexes(it, force, "")
	if err != nil {
		return *it, err
	}
	if linked != "" {
		it.Replaces = linked
	}
	if err := o.commit(it, o.st.putIndexed); err != nil {
		return *it, err
	}
	o.backLink(linked, it.ID)
	return *it, nil
}

// resendAsNew queues a new item with the content of old (held by the caller), linked to it.
func (o *Outbox) resendAsNew(old *Item) (Item, error) {
	if err := o.st.blobs.Verify(old.SHA); err != nil {
		return *old, i18n.Errorf("engine.copy_damaged")
	}
	now := o.now()
	n := Item{ID: newID(now), File: old.File, SHA: old.SHA, Size: old.Size, Created: now, Changed: now,
		Format: old.Format, SyntaxeFlux: old.SyntaxeFlux, Number: old.Number, IssueDate: old.IssueDate,
		SellerSIRET: old.SellerSIRET, BuyerSIRET: old.BuyerSIRET, ServiceCode: old.ServiceCode,
		Commitment: old.Commitment, Total: old.Total, Currency: old.Currency, Env: old.Env, Replaces: old.ID}
	if err := o.route(&n, old.CompanyCode); err != nil {
		return *old, err
	}
	o.forgetClient(&n) // the fix may be in the setup: read it again
	if n.CompanyID != "" {
		// Another copy of this invoice may have gone through meanwhile.
		if _, err := o.checkIndexes(&n, false, old.ID); err != nil {
			return *old, err
		}
	}
	if err := o.st.insertCopy(&n); err != nil {
		return *old, err
	}
	old.ReplacedBy = n.ID
	if err := o.save(old); err != nil {
		return *old, err
	}
	o.added(&n)
	return n, nil
}

func (o *Outbox) requeue(id string, force bool, company string) (Item, error) {
	it, err := o.take(id)
	if err != nil {
		return Item{}, err
	}
	defer o.release(id)
	if it.ReplacedBy != "" && neverDeposited(it) {
		return it, i18n.Errorf("engine.replaced", orDash(it.Number))
	}
	switch {
	case it.State == Held:
		it.SetupRetests = 0 // the user's word: the engine's re-tests start again from the first
		return o.requeueHeld(&it, force, company)
	case it.State == Failed:
		if !it.CanRetry() {
			return it, i18n.Errorf("outbox.not_an_invoice_retry")
		}
		next := Queued
		if it.Flux != "" { // tracking failed: resume it
			next = Tracking
		}
		o.setState(&it, next)
	case it.Stalled && (it.State == Deposited || it.State == Tracking):
		// Polling stopped at the bound: look again, with a fresh bound.
		it.Stalled, it.StalledAt, it.Moved = false, time.Time{}, o.now()
		it.Polls, it.NextTry, it.Message = 0, time.Time{}, nil
		return it, o.save(&it)
	case it.CanResend() && it.State == Final:
		return o.resendAsNew(&it)
	case it.CanResend():
		if !force {
			return it, i18n.Errorf("outbox.needs_confirmation", it.Number)
		}
		// Never on the user's word alone: a fresh look-up in Chorus Pro goes first
		// (reconcile), and only "not there" sends it again.
		it.ResendAsked, it.ResendPending, it.AskUser, it.GaveUp = true, false, false, false
		it.NextTry, it.Attempts = time.Time{}, 0
		it.Message = msg("engine.resend_checking", orDash(it.Number))
		return it, o.save(&it)
	default:
		return it, i18n.Errorf("outbox.cannot_retry", it.Number, string(it.State))
	}
	it.Hold, it.Message, it.Retryable, it.AskUser = "", nil, false, false
	return it, o.save(&it)
}

// requeueHeld routes a held item (held by the caller) again and queues it: the one rule of
// Retry, and of the engine's own re-test of a setup that held it.
func (o *Outbox) requeueHeld(it *Item, force bool, company string) (Item, error) {
	o.forgetClient(it) // the user may have just fixed the setup
	if company == "" {
		company = it.CompanyCode
	}
	switch it.Hold {
	case HoldPreflight:
		o.pf.forget(it.Env, it.BuyerSIRET) // the recipient's settings may have changed
	case HoldSetupTest:
		o.forgetProof(it) // the fix may be in Chorus Pro, not in the setup: test again
	}
	if err := o.route(it, company); err != nil {
		return *it, err
	}
	it.Changed, it.Attempts, it.NextTry = o.now(), 0, time.Time{}
	if it.CompanyID != "" {
		// Now that it has a company, the same invoice may already be there for it.
		return o.indexRouted(it, force)
	}
	return *it, o.save(it)
}

// MarkDeposited records the user's finding that Chorus Pro has the invoice under flux (seen in
// the portal) for an item waiting for confirmation; tracking then takes over.
func (o *Outbox) MarkDeposited(id, flux string) (Item, error) {
	it, err := o.take(id)
	if err != nil {
		return Item{}, err
	}
	defer o.release(id)
	if !it.CanMarkDeposited() {
		return it, i18n.Errorf("outbox.cannot_mark", it.Number, string(it.State))
	}
	o.setState(&it, Deposited)
	it.Flux, it.Message, it.AskUser, it.GaveUp = flux, nil, false, false
	it.ResendAsked, it.ResendPending = false, false
	return it, o.save(&it)
}

// Remove forgets an item that is not in flight (held, failed, final, or waiting for
// confirmation). Its content and its dedupe entry go with it.
func (o *Outbox) Remove(id string) error {
	it, err := o.take(id)
	if err != nil {
		return err
	}
	if !it.CanRemove() {
		o.release(id)
		return i18n.Errorf("outbox.cannot_remove", it.Number, string(it.State))
	}
	if err := o.st.remove(&it); err != nil {
		o.release(id)
		return err
	}
	o.mu.Lock()
	delete(o.items, id)
	o.unschedule(id)
	o.letGo(id)
	o.mu.Unlock()
	o.emit(Event{Kind: EventRemoved, Item: it})
	return nil
}

// Wait blocks until done holds for every item of ids (every active item when ids is empty),
// or ctx ends. It returns the items as they were when done last held for all of them
// together. It follows the items through the engine's events, so a batch of a thousand items
// costs one check per change, not a thousand.
func (o *Outbox) Wait(ctx context.Context, done func(Item) bool, ids ...string) ([]Item, error) {
	var lmu sync.Mutex
	latest := map[string]Item{}
	removed := map[string]bool{}
	changed := make(chan struct{}, 1)
	cancel := o.Subscribe(func(ev Event) {
		lmu.Lock()
		if ev.Kind == EventRemoved {
			removed[ev.Item.ID] = true
			delete(latest, ev.Item.ID)
		} else if _, watched := latest[ev.Item.ID]; watched {
			latest[ev.Item.ID] = ev.Item
		}
		lmu.Unlock()
		select {
		case changed <- struct{}{}:
		default:
		}
	})
	defer cancel()
	if len(ids) == 0 {
		o.mu.Lock()
		for id := range o.items {
			ids = append(ids, id)
		}
		o.mu.Unlock()
		sort.Strings(ids)
	}
	// The first copies, under lmu so that no event of the same item lands in between and is
	// overwritten by an older copy.
	lmu.Lock()
	for _, id := range ids {
		if it, ok := o.Item(id); ok {
			latest[id] = it
		} else {
			removed[id] = true
		}
	}
	lmu.Unlock()
	pending := append([]string(nil), ids...)
	for {
		lmu.Lock()
		still := pending[:0]
		for _, id := range pending {
			if it, ok := latest[id]; ok && !removed[id] && !done(it) {
				still = append(still, id)
			}
		}
		pending = still
		var out []Item
		if len(pending) == 0 {
			// Done for all of them together: an item may have moved on since it was checked.
			for _, id := range ids {
				it, ok := latest[id]
				if !ok || removed[id] {
					continue // removed: nothing to wait for
				}
				if !done(it) {
					pending = append(pending, id)
				}
				out = append(out, it)
			}
		}
		lmu.Unlock()
		if len(pending) == 0 {
			return out, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-changed:
		}
	}
}
