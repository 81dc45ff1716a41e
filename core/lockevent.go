package core

import (
	"errors"
	"sync"

	"chorusdesk/chorusapi"
)

// The lock event. Everything that holds a secret or a token while the vault is unlocked (the
// outbox's client cache, the token sources and their access tokens, a connection test in
// progress) subscribes to it, so that Lock really leaves nothing behind: Lock wipes the
// vault's key, the service's token cache and the rule cache's key itself, then every
// subscriber runs, in subscription order, before Lock returns. OnClose is the same for Close,
// run before the store closes (the outbox stops its workers there); OnUnlock lets work paused
// by the lock resume; Attach keeps one component of a kind per service (one transfer engine).

// Tokens is the service's token cache: one access token per PISTE application (token
// endpoint, client ID and secret), shared by every client built for this service. It is
// wiped by Lock (token sources, their copies of the client ID and secret, access tokens, idle
// connections), and refuses to hold anything until the next unlock, so a client built before
// the lock, or from credentials read just before it, stops working.
func (s *Service) Tokens() *chorusapi.TokenCache { return s.tokens }

type hooks struct {
	mu       sync.Mutex
	next     int
	onLock   map[int]func()
	onUnlock map[int]func()
	onClose  map[int]func()
	closing  bool
	attached map[string]bool
}

// ErrClosing is returned by Attach once Close has started.
var ErrClosing = errors.New("core: the data directory is being closed")

// ErrAttached is returned by Attach when the name is already taken on this service.
var ErrAttached = errors.New("core: already open on this data directory")

func (h *hooks) add(m *map[int]func(), fn func()) (cancel func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if *m == nil {
		*m = map[int]func(){}
	}
	id := h.next
	h.next++
	(*m)[id] = fn
	return func() {
		h.mu.Lock()
		delete(*m, id)
		h.mu.Unlock()
	}
}

// list copies the hooks of m in subscription order, so they run outside the mutex (a hook
// may cancel itself or subscribe another).
func (h *hooks) list(m map[int]func()) []func() {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]func(), 0, len(m))
	for id := 0; id < h.next; id++ {
		if fn, ok := m[id]; ok {
			out = append(out, fn)
		}
	}
	return out
}

// OnLock calls fn on every Lock (and on Close, which locks), after the vault's key and the
// service's token cache are wiped and before Lock returns, from the goroutine that locked. fn
// must drop every secret and token it holds, must not block for long and must not call Lock.
// A holder that may be refilled concurrently (it read credentials just before the lock)
// checks, after filling, that no lock ran meanwhile: see outbox's client cache. cancel
// unsubscribes.
func (s *Service) OnLock(fn func()) (cancel func()) { return s.hooks.add(&s.hooks.onLock, fn) }

// OnUnlock calls fn after every successful Unlock or Init (work paused by the lock resumes).
func (s *Service) OnUnlock(fn func()) (cancel func()) { return s.hooks.add(&s.hooks.onUnlock, fn) }

// OnClose calls fn once, when Close starts, before the keys are wiped and the store closes: a
// component with workers stops them and waits here, so none writes to a closed store.
func (s *Service) OnClose(fn func()) (cancel func()) { return s.hooks.add(&s.hooks.onClose, fn) }

// Attach reserves name for one component of this service (the transfer engine is one per
// data directory: two would each believe they own the items and deposit them twice). It fails
// with ErrAttached while name is held and with ErrClosing once Close has started; detach
// releases the name.
func (s *Service) Attach(name string) (detach func(), err error) {
	h := &s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return nil, ErrClosing
	}
	if h.attached[name] {
		return nil, ErrAttached
	}
	if h.attached == nil {
		h.attached = map[string]bool{}
	}
	h.attached[name] = true
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.attached, name)
			h.mu.Unlock()
		})
	}, nil
}

func (s *Service) runLockHooks() {
	for _, fn := range s.hooks.list(s.hooks.onLock) {
		fn()
	}
}

func (s *Service) runUnlockHooks() {
	for _, fn := range s.hooks.list(s.hooks.onUnlock) {
		fn()
	}
}

// runCloseHooks marks the service closing (no new Attach) and runs the close hooks once.
func (s *Service) runCloseHooks() {
	h := &s.hooks
	h.mu.Lock()
	if h.closing {
		h.mu.Unlock()
		return
	}
	h.closing = true
	h.mu.Unlock()
	for _, fn := range h.list(h.onClose) {
		fn()
	}
}
