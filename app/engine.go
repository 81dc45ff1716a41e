package app

import (
	"sync"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/core"
	"chorusdesk/outbox"
)

// engineHolder keeps the outbox engine of the window's data directory. outbox.Open gives one
// engine per service and registers it there: the core pauses it while the vault is locked and
// stops it (waiting for its workers) in svc.Close, before the store closes. The window locks
// and unlocks many times in one process, so it opens the engine at the first unlock and keeps
// it to the quit.
type engineHolder struct {
	svc *core.Service
	opt outbox.Options
	// opened is told about the engine once it runs (the system tray follows its items); it is
	// called off Fyne's goroutine. nil = nobody.
	opened func(*outbox.Outbox)

	mu      sync.Mutex // held while the engine opens: release waits for it
	ob      *outbox.Outbox
	closing bool // the window quits: never open again
}

// get returns the engine, opening and starting it on first use (this reads the active items
// and the store's indexes from disk: call it off Fyne's goroutine). It fails once the window
// is quitting.
func (h *engineHolder) get() (bridge.Engine, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return nil, core.ErrClosing
	}
	if h.ob == nil {
		ob, err := outbox.Open(h.svc, h.opt)
		if err != nil {
			return nil, err
		}
		ob.Start()
		h.ob = ob
		if h.opened != nil {
			h.opened(ob)
		}
	}
	return h.ob, nil
}

// release is the quit, before the store closes: an open on its way finishes first (get holds
// the mutex; reading a store that closes under it makes Badger panic) and no other starts.
// The engine itself is stopped by svc.Close.
func (h *engineHolder) release() {
	h.mu.Lock()
	h.closing = true
	h.mu.Unlock()
}

// engine is the window's engine once opened (nil before): tests look at it.
func (h *engineHolder) engine() *outbox.Outbox {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ob
}
