package outbox

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"

	"chorusdesk/core"
)

// ErrAlreadyOpen is returned by Open when the Service already has an open outbox: two
// engines on one store would each believe they own the items and deposit them twice. The
// owner of the first one keeps using it (the window keeps it from unlock to quit).
var ErrAlreadyOpen = errors.New("outbox: already open on this data directory")

// attachName is the name the engine holds on its Service (core.Service.Attach).
const attachName = "outbox"

// lockRecheck is how often a paused engine looks at the vault again when no unlock event
// reaches it (the event normally wakes it at once).
const lockRecheck = time.Second

// lifecycle is the engine's life: opened, started, closed; the hooks it holds on its Service.
type lifecycle struct {
	ctx    context.Context // ends at Close
	cancel context.CancelFunc

	mu      sync.Mutex
	started bool
	closed  bool
	runs    sync.WaitGroup // the Start loop
	unhook  []func()
	detach  func()
}

// Open loads the outbox of svc's data directory. It is the only way to get an engine, and
// there is at most one per Service: a second Open before Close returns ErrAlreadyOpen, and
// Open fails once svc is closing. The engine is registered on svc so that svc.Close stops it
// (and waits for its workers) before the store closes, and so that Lock pauses it: while the
// vault is locked, items wait where they are (they never fail because of the lock) and the
// work resumes on unlock. A damaged store is an error here, with the reason.
func Open(svc *core.Service, opt Options) (*Outbox, error) {
	detach, err := svc.Attach(attachName)
	if errors.Is(err, core.ErrAttached) {
		return nil, ErrAlreadyOpen
	}
	if err != nil {
		return nil, err
	}
	o := &Outbox{
		svc:   svc,
		opt:   opt.withDefaults(),
		st:    &store{kv: svc.OutboxKV(), blobs: svc.Blobs()},
		items: map[string]*Item{},
		busy:  map[string]bool{},
		sch:   newSched(),
		subs:  map[int]func(Event){},
		wake:  make(chan struct{}, 1),
	}
	o.netSlots = make(chan struct{}, o.opt.Concurrency)
	o.inFlight = semaphore.NewWeighted(o.opt.MaxInFlightBytes)
	o.pf = newPreflightCache(o.opt.PreflightTTL)
	o.proofs = newProofCache(o.opt.SetupProofTTL)
	o.clients = newClientCache()
	all, err := o.st.load()
	if err != nil {
		detach()
		return nil, err
	}
	for _, it := range all {
		o.items[it.ID] = it
		o.schedule(it)
	}
	l := &o.life
	l.ctx, l.cancel = context.WithCancel(context.Background())
	l.detach = detach
	l.unhook = []func(){
		svc.OnClose(func() { _ = o.Close() }),
		svc.OnLock(o.clients.wipe),       // no client, so no credential, outlives the lock
		svc.OnLock(o.proofs.dropClients), // nor one kept beside a setup's verdict
		svc.OnLock(o.poke),               // the dispatcher sees the lock and starts nothing more
		svc.OnUnlock(o.poke),             // and resumes at once
	}
	return o, nil
}

// Start runs the engine in the background until Close. It does nothing when the engine
// already runs or was closed.
func (o *Outbox) Start() {
	l := &o.life
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.started || l.closed {
		return
	}
	l.started = true
	l.runs.Add(1)
	go func() {
		defer l.runs.Done()
		_ = o.run(l.ctx)
	}()
}

// Close stops the engine: no new step starts, the workers finish the step they are in (a
// deposit in flight is on disk as depositing and is reconciled by the next run if its answer
// is lost), pending state is flushed, and the Service is released (a new Open may follow).
// It waits for all of that. Closing twice is harmless.
func (o *Outbox) Close() error {
	l := &o.life
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	l.mu.Unlock()
	l.cancel()
	l.runs.Wait()
	err := o.st.flush()
	for _, fn := range l.unhook {
		fn()
	}
	o.clients.wipe()
	o.proofs.dropClients()
	l.detach()
	return err
}

// Paused reports whether the engine waits for the vault to be unlocked (it is locked, and
// "keep transfers running while locked" is off: core.TransfersAllowed).
func (o *Outbox) Paused() bool { return !o.svc.TransfersAllowed() }

// forgetClient drops the cached client of the item's company and environment, so the next
// step reads the setup again (a user action may follow a fix of the setup).
func (o *Outbox) forgetClient(it *Item) {
	cc := o.clients
	cc.mu.Lock()
	delete(cc.m, it.CompanyID+"/"+string(it.Env))
	cc.mu.Unlock()
}
