package outbox

import (
	"context"
	"errors"
	"io"

	"chorusdesk/chorusapi"
	"chorusdesk/storage"
)

// preflight checks the recipient (cached) and, when it passes, deposits at once: the ready
// state is only written when the item has to wait for a retry.
func (o *Outbox) preflight(ctx context.Context, it *Item, cl *chorusapi.Client) {
	if it.BuyerSIRET == "" {
		o.setState(it, Held)
		it.Hold, it.Message = HoldPreflight, msg("outbox.pf.no_buyer")
		o.persist(it)
		return
	}
	// The setup's Test first (cached per setup): it fetches the token the deposits then use
	// (the service's token cache), so a batch costs one token request. Then the recipient's
	// check (cached per buyer).
	hold, err := o.proveSetup(ctx, it, cl)
	if err != nil {
		o.stepFailed(ctx, it, err, Queued)
		return
	}
	if hold != nil {
		o.holdForSetup(it, hold)
		return
	}
	r, err := o.pf.lookup(ctx, it.Env, it.BuyerSIRET, o.now(), func(ctx context.Context) (recipient, error) {
		return fetchRecipient(ctx, cl, it.BuyerSIRET)
	})
	if err != nil {
		o.stepFailed(ctx, it, err, Queued)
		return
	}
	// A recipient that never reports payment ends at MANDATEE (the state table).
	it.PaymentNotReported = r.params.StatutMiseEnPaiementNestPasRemonte
	if why := r.problem(it); why != nil {
		o.setState(it, Held)
		it.Hold, it.Message = HoldPreflight, why
		o.persist(it)
		return
	}
	o.deposit(ctx, it, cl)
}

// deposit writes depositing (synced), then calls Chorus Pro. Only an answer that proves the
// request was refused before processing sends the item back to ready; any doubt (timeout,
// reset after the request was written, 5xx, malformed answer, shutdown) leaves it depositing,
// to be reconciled.
func (o *Outbox) deposit(ctx context.Context, it *Item, cl *chorusapi.Client) {
	if ctx.Err() != nil {
		return
	}
	if it.State == Ready { // a retry: the setup may have changed since its Test
		hold, err := o.proveSetup(ctx, it, cl)
		if err != nil {
			o.stepFailed(ctx, it, err, Ready)
			return
		}
		if hold != nil {
			o.holdForSetup(it, hold)
			return
		}
	}
	// The stored copy is read back and checked against its SHA-256 before every deposit (the
	// blob store hashes it whole before handing out a byte, and again as the request body is
	// built): a damaged or missing copy is never deposited.
	if _, err := o.st.blobs.Size(it.SHA); err != nil {
		o.contentFailed(it, err)
		return
	}
	prevAttempts := it.Attempts
	o.setState(it, Depositing)
	it.Attempts = prevAttempts
	it.DepositStarted = o.now()
	it.Deposits++
	it.NomFichier = nomFichier(it)
	it.Message = nil
	if !o.persist(it) {
		return // nothing was sent; the item keeps its previous state and is retried
	}
	// Memory stays bounded whatever the sizes: the files being encoded and sent at once
	// weigh at most MaxInFlightBytes (a 10 MB invoice goes alone, small ones side by side).
	weight := min(max(it.Size, 1), o.opt.MaxInFlightBytes)
	if o.inFlight.Acquire(ctx, weight) != nil {
		return // depositing is on disk: the next run reconciles
	}
	select {
	case o.netSlots <- struct{}{}:
	case <-ctx.Done():
		o.inFlight.Release(weight)
		return // depositing is on disk: the next run reconciles
	}
	resp, err := cl.DeposerFlux(ctx, chorusapi.DeposerFluxRequest{
		Open: func() (io.ReadCloser, error) { return o.st.blobs.Open(it.SHA) }, Size: it.Size,
		NomFichier: it.NomFichier, SyntaxeFlux: it.SyntaxeFlux,
	})
	<-o.netSlots
	o.inFlight.Release(weight)
	if errors.Is(err, storage.ErrBlobDamaged) || errors.Is(err, storage.ErrBlobMissing) {
		o.contentFailed(it, err) // the body is built before the request: nothing was sent
		return
	}
	if err != nil && o.waitLocked(it, err, Ready) {
		return
	}
	if err != nil {
		ae, isAPI := chorusapi.AsError(err)
		if ctx.Err() != nil || !isAPI || ae.MaybeProcessed {
			if ctx.Err() != nil {
				return // depositing is on disk: the next run reconciles
			}
			// Chorus Pro may have the file: look it up later, never send it again blindly.
			it.Message = msgWith("outbox.deposit_unsure", err)
			it.NextTry = o.now().Add(o.opt.ReconcileInterval)
			o.persist(it)
			return
		}
		o.stepFailed(ctx, it, err, Ready)
		return
	}
	o.setState(it, Deposited)
	it.Flux, it.DepositDate = resp.NumeroFluxDepot, resp.DateDepot
	it.NextTry = o.now().Add(o.opt.PollInterval)
	// Not waiting for the disk here keeps a worker's cycle at one synced write: if this write
	// is lost in a crash, the item is found depositing and reconciliation finds this flux.
	_ = o.commit(it, o.st.putLazy)
}

// contentFailed handles a stored copy that cannot be deposited: damaged or missing copies
// fail (adding the file again repairs them), other storage errors are retried.
func (o *Outbox) contentFailed(it *Item, err error) {
	if !errors.Is(err, storage.ErrBlobDamaged) && !errors.Is(err, storage.ErrBlobMissing) {
		o.later(it, msg("outbox.store_failed", err.Error()))
		return
	}
	o.setState(it, Failed)
	it.Message, it.Retryable = msg("engine.copy_damaged"), false
	o.logf("outbox: item %s: the stored copy of invoice %q is damaged or missing; not deposited", it.ID, it.Number)
	o.persist(it)
}
