package conntest

import (
	"context"
	"sync/atomic"

	"chorusdesk/chorusapi"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// oneShot runs call with a client for one slot's saved credentials, for the calls to Chorus Pro
// made outside a Test (the move dialog's attachment question, the read of the password's
// expiry day). Such a client holds the slot's secrets like any other, so it is a holder the
// lock reaches twice over: it is built on the service's token cache (svc.Tokens(), wiped by
// the lock, after which the client answers core.ErrLocked), and a lock while call runs cancels
// its context at once, so it does not wait on the network with the cpro-account header in
// hand; oneShot then returns core.ErrLocked, whatever call answered. creds opens the slot;
// oneShot wipes it once the client is built. ok=false from creds means there is nothing to ask
// (no slot, an incomplete one): call is not run and the error is nil.
func oneShot(ctx context.Context, svc *core.Service, env domain.Env, opt Options,
	creds func() (domain.Credentials, bool, error), call func(ctx context.Context, c *chorusapi.Client) error) error {
	opt.defaults()
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	// Subscribed before the slot is opened: a lock from here on stops the call.
	var locked atomic.Bool
	stop := svc.OnLock(func() {
		locked.Store(true)
		cancel()
	})
	defer stop()
	err := func() error {
		ep, err := svc.Endpoints(env)
		if err != nil {
			return err
		}
		cr, ok, err := creds()
		defer cr.Wipe()
		if err != nil || !ok {
			return err
		}
		tokens := opt.Tokens
		if tokens == nil {
			tokens = svc.Tokens()
		}
		client := chorusapi.New(chorusapi.Config{Env: env, Endpoints: ep, Creds: cr, Timeout: opt.Timeout,
			HTTPClient: opt.HTTPClient, Tokens: tokens})
		cr.Wipe() // New keeps its own copies, which the token cache's Wipe reaches
		return call(ctx, client)
	}()
	if locked.Load() {
		return core.ErrLocked
	}
	return err
}
