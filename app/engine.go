package app

import (
	"context"
	"sync"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/core"
	"chorusdesk/outbox"
)

// engineHolder is the outbox engine of the window's data directory. The window locks and
// unlocks many times in one process and the engine outlives the screens, so the window keeps
// the one engine here from the first unlock to the quit: two engines on one store would each
// believe they own the items (two deposits of one invoice).
//
// INTERIM (until the engine's outbox.Open / Start lands, contract C5): the holder runs the
// engine's Run loop itself and stops it at the lock and at the quit. With outbox.Open the
// engine is registered on the service, which pauses it while locked and stops it in
// svc.Close; pause and the Run loop then go, and release only waits for an open on its way.
type engineHolder struct {
	svc *core.Service
	opt outbox.Options

	mu      sync.Mutex // held while the engine opens: release waits for it
	ob      *outbox.Outbox
	closing bool               // the window quits: never open again
	cancel  context.CancelFunc // stops the running Run loop (nil when stopped)
	done    chan struct{}      // closed when the last Run loop returned
}

// get returns the engine, opening it on first use (this reads every item from disk: call it
// off Fyne's goroutine) and running it. It fails once the window is quitting: the store is
// about to close.
func (h *engineHolder) get() (bridge.Engine, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return nil, core.ErrLocked
	}
	if h.ob == nil {
		ob := outbox.New(h.svc, h.opt)
		if err := ob.Err(); err != nil {
			return nil, err
		}
		h.ob = ob
	}
	if h.cancel == nil {
		ctx, cancel := context.WithCancel(context.Background())
		prev, done := h.done, make(chan struct{})
		h.cancel, h.done = cancel, done
		ob := h.ob
		go func() {
			defer close(done)
			if prev != nil {
				<-prev // outbox.Run refuses to run twice: let the last one wind down
			}
			if ctx.Err() == nil {
				_ = ob.Run(ctx) // fails only when the store could not be loaded (get saw it)
			}
		}()
	}
	return h.ob, nil
}

// pause stops the Run loop while the vault is locked, without waiting (a worker may be in a
// network call).
func (h *engineHolder) pause() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.cancel != nil {
		h.cancel()
		h.cancel = nil
	}
}

// release is the quit: an open on its way finishes first (get holds the mutex), no other
// starts, and the engine's workers are stopped and waited for, so that none writes to the
// store once it closes.
func (h *engineHolder) release() {
	h.mu.Lock()
	h.closing = true
	if h.cancel != nil {
		h.cancel()
		h.cancel = nil
	}
	done := h.done
	h.mu.Unlock()
	if done != nil {
		<-done
	}
}

// running reports whether the Run loop was started and not stopped.
func (h *engineHolder) running() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cancel != nil
}

// engine is the window's engine once opened (nil before): tests look at it.
func (h *engineHolder) engine() *outbox.Outbox {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ob
}
