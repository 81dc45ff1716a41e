package outbox

import (
	"context"
	"time"

	"chorusdesk/chorusapi"
)

// reconcile looks for an item whose deposit may or may not have reached Chorus Pro (found
// depositing after a crash, or after an answer that proves nothing) among the supplier's
// invoices, by invoice number and deposit date. Found → deposited with that flux. Not found →
// needs_confirmation, looked up again every ReconcileInterval during ReconcileWindow (Chorus
// Pro lists an invoice only once its flux is integrated), then every ReconcileSlowInterval
// while the user may decide, until ReconcileGiveUp, when the engine says it gave up.
//
// A resend the user asked for (ResendAsked) is deposited only when this fresh look-up
// answers "not there", and not before the attempt is ReconcileWindow old; a failed look-up
// never leads to a deposit.
func (o *Outbox) reconcile(ctx context.Context, it *Item, cl *chorusapi.Client) {
	list, err := cl.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFacture: it.Number})
	if ctx.Err() != nil {
		return
	}
	now := o.now()
	if err != nil {
		// The look-up failed: the deposit stays unconfirmed; ask again later.
		if it.State != NeedsConfirmation {
			o.setState(it, NeedsConfirmation)
		}
		it.Message = msgWith("outbox.reconcile_failed", err)
		it.NextTry = now.Add(o.backoff(1, 0) + o.opt.ReconcileInterval)
		o.persist(it)
		return
	}
	if f, ok := o.pick(it, list); ok {
		asked := it.ResendAsked
		o.setState(it, Deposited)
		it.Flux, it.DepositDate, it.Reconciled = f.NumeroFluxDepot, f.DateDepot, true
		it.InvoiceID, it.InvoiceStatus = int64(f.IdentifiantFactureCPP), f.Statut
		it.AskUser, it.GaveUp, it.ResendAsked, it.ResendPending = false, false, false, false
		it.Moved = now
		it.Message = msg("outbox.reconciled", f.NumeroFluxDepot)
		if asked {
			it.Message = msg("engine.resend_found", f.NumeroFluxDepot, dateOnly(f.DateDepot))
		}
		o.persist(it)
		return
	}
	if it.State != NeedsConfirmation {
		o.setState(it, NeedsConfirmation)
	}
	age := time.Duration(0)
	if !it.DepositStarted.IsZero() {
		age = now.Sub(it.DepositStarted)
	}
	if it.ResendAsked {
		if it.DepositStarted.IsZero() || age >= o.opt.ReconcileWindow {
			// Not there, freshly checked, and old enough to be listed: send it again.
			o.setState(it, Ready)
			it.Forced, it.ResendAsked, it.ResendPending, it.AskUser, it.GaveUp = true, false, false, false, false
			it.Message = msg("engine.resend_not_found", orDash(it.Number))
			o.persist(it)
			return
		}
		at := it.DepositStarted.Add(o.opt.ReconcileWindow)
		it.ResendPending = true
		it.Message = msg("engine.resend_waits", orDash(it.Number), at.Format("2006-01-02 15:04"))
		it.NextTry = earlier(now.Add(o.opt.ReconcileInterval), at)
		o.persist(it)
		return
	}
	switch {
	case age > o.opt.ReconcileGiveUp:
		it.AskUser, it.GaveUp, it.NextTry = true, true, time.Time{}
		it.Message = msg("engine.reconcile.gave_up", orDash(it.Number), int(o.opt.ReconcileGiveUp/time.Hour))
		o.logf("outbox: item %s: invoice %q not found in Chorus Pro %s after the deposit attempt; stopped looking", it.ID, it.Number, o.opt.ReconcileGiveUp)
	case age > o.opt.ReconcileWindow:
		until := it.DepositStarted.Add(o.opt.ReconcileGiveUp)
		it.AskUser = true
		it.Message = msg("engine.reconcile.ask", orDash(it.Number), until.Format("2006-01-02 15:04"))
		it.NextTry = earlier(now.Add(o.opt.ReconcileSlowInterval), until.Add(time.Second))
	default:
		it.Message = msg("outbox.not_found_yet", it.Number)
		it.NextTry = now.Add(o.opt.ReconcileInterval)
	}
	o.persist(it)
}

// pick chooses the invoice of list that is this item's deposit: same number, deposited no
// earlier than the day before the attempt, through the API (not by hand on the portal), on a
// flux no other item of the same company and environment already owns (a forced resend of the
// same number must not steal the first one).
func (o *Outbox) pick(it *Item, list []chorusapi.FactureResume) (chorusapi.FactureResume, bool) {
	earliest := ""
	if !it.DepositStarted.IsZero() {
		earliest = it.DepositStarted.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	var best chorusapi.FactureResume
	found := false
	for _, f := range list {
		if f.NumeroFacture != it.Number || f.NumeroFluxDepot == "" || o.fluxTaken(it, f.NumeroFluxDepot) {
			continue
		}
		if portalModes[f.ModeDepot] {
			continue // deposited by hand on the portal: not this app's deposit
		}
		if d := dateOnly(f.DateDepot); earliest != "" && d != "" && d < earliest {
			continue
		}
		if !found || f.NumeroFluxDepot < best.NumeroFluxDepot {
			best, found = f, true
		}
	}
	return best, found
}

// fluxTaken reports whether another item of it's company and environment holds flux (the
// engine's copies first, then the store's flux index).
func (o *Outbox) fluxTaken(it *Item, flux string) bool {
	o.mu.Lock()
	for _, other := range o.items {
		if other.ID != it.ID && other.Flux == flux && other.CompanyID == it.CompanyID && other.Env == it.Env {
			o.mu.Unlock()
			return true
		}
	}
	o.mu.Unlock()
	owners, err := o.st.fluxOwners(it.CompanyID, it.Env, flux)
	if err != nil {
		return true // unsure: never take a flux another item may own
	}
	for id := range owners {
		if id == it.ID {
			continue
		}
		if cur, ok := o.Item(id); ok && cur.Flux == flux {
			return true
		}
	}
	return false
}

// dateOnly keeps the YYYY-MM-DD part of a Chorus date ("2024-05-02" or a date-time); "" when
// it does not start with one.
func dateOnly(s string) string {
	if len(s) < 10 {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, s[:10]); err != nil {
		return ""
	}
	return s[:10]
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
