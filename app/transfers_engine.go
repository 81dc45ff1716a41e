package app

import (
	"context"
	"sync"
	"time"

	"chorusdesk/core"
	"chorusdesk/outbox"
)

// transferEngine is the outbox of one open data directory and its Run loop. There is exactly
// one per core.Service: two outbox.Outbox values on the same store would each believe they
// own the items (two deposits of one invoice). The window locks and unlocks many times in one
// process, so the engine outlives the screens: unlock starts Run, lock stops it.
type transferEngine struct {
	ob *outbox.Outbox

	mu        sync.Mutex
	cancel    context.CancelFunc // nil when stopped
	done      chan struct{}      // closed when the last Run returned (nil before the first)
	forgotten bool               // the service is closing: never start again
}

var engines = struct {
	sync.Mutex
	m      map[*core.Service]*transferEngine
	closed map[*core.Service]bool // forgotten services: a late start must not reopen them
}{m: map[*core.Service]*transferEngine{}, closed: map[*core.Service]bool{}}

// transferOptions are the engine options of the window: the outbox defaults (spec §3).
var transferOptions = outbox.Options{}

// engineFor returns the engine of svc, opening its outbox on first use (this reads every item
// from disk: call it off the UI goroutine). It returns nil once the service is being closed:
// the window may quit while a start is still on its way, and Badger panics on a closed store.
func engineFor(svc *core.Service) *transferEngine {
	engines.Lock()
	defer engines.Unlock()
	if engines.closed[svc] {
		return nil
	}
	if e, ok := engines.m[svc]; ok {
		return e
	}
	e := &transferEngine{ob: outbox.New(svc, transferOptions)}
	engines.m[svc] = e
	return e
}

// useEngine installs ob as the engine of svc (tests give it short polls and retries).
func useEngine(svc *core.Service, ob *outbox.Outbox) *transferEngine {
	engines.Lock()
	defer engines.Unlock()
	e := &transferEngine{ob: ob}
	engines.m[svc] = e
	return e
}

// forgetEngine stops the engine of svc, waits up to wait for it, and forgets it (the service
// is about to close).
func forgetEngine(svc *core.Service, wait time.Duration) {
	engines.Lock()
	e, ok := engines.m[svc]
	delete(engines.m, svc)
	engines.closed[svc] = true
	engines.Unlock()
	if !ok {
		return
	}
	e.mu.Lock()
	e.forgotten = true
	e.mu.Unlock()
	if done := e.stop(); done != nil {
		select {
		case <-done:
		case <-time.After(wait):
		}
	}
}

// start runs the engine in its own goroutine unless it already runs. A Run still winding down
// from the last lock is waited for first (outbox.Run refuses to run twice).
func (e *transferEngine) start() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancel != nil || e.forgotten {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	prev, done := e.done, make(chan struct{})
	e.cancel, e.done = cancel, done
	go func() {
		defer close(done)
		if prev != nil {
			<-prev
		}
		if ctx.Err() != nil {
			return
		}
		// Run fails only when the store could not be loaded; the view shows ob.Err().
		_ = e.ob.Run(ctx)
	}()
}

// stop asks the engine to stop and returns a channel closed once it has (nil if it never
// ran). It does not wait: a worker may be in a network call.
func (e *transferEngine) stop() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancel != nil {
		e.cancel()
		e.cancel = nil
	}
	if e.done == nil {
		return nil
	}
	return e.done
}

// running reports whether Run was started and not stopped.
func (e *transferEngine) running() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cancel != nil
}

// quitTimeout bounds how long quitting waits for the transfer workers to stop.
const quitTimeout = 5 * time.Second

// stopTransfersOnQuit stops the outbox engine of svc and waits for it (bounded) so that no
// worker writes to the store while it closes. Run calls it after the window closed, before
// svc.Close: quitting does not go through the lock hooks.
func stopTransfersOnQuit(svc *core.Service) { forgetEngine(svc, quitTimeout) }
