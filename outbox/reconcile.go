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
// Pro lists an invoice only once its flux is integrated), then left to the user.
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
		o.setState(it, Deposited)
		it.Flux, it.DepositDate, it.Reconciled = f.NumeroFluxDepot, f.DateDepot, true
		it.InvoiceID, it.InvoiceStatus = int64(f.IdentifiantFactureCPP), f.Statut
		it.Message = msg("outbox.reconciled", f.NumeroFluxDepot)
		o.persist(it)
		return
	}
	if it.State != NeedsConfirmation {
		o.setState(it, NeedsConfirmation)
	}
	it.Message = msg("outbox.not_found_yet", it.Number)
	it.NextTry = now.Add(o.opt.ReconcileInterval)
	if !it.DepositStarted.IsZero() && now.Sub(it.DepositStarted) > o.opt.ReconcileWindow {
		it.Message = msg("outbox.confirm_resend", it.Number)
		it.NextTry, it.AskUser = time.Time{}, true
	}
	o.persist(it)
}

// pick chooses the invoice of list that is this item's deposit: same number, deposited no
// earlier than the day before the attempt, on a flux no other item of the same company and
// environment already owns (a forced resend of the same number must not steal the first one).
func (o *Outbox) pick(it *Item, list []chorusapi.FactureResume) (chorusapi.FactureResume, bool) {
	owned := map[string]bool{}
	o.mu.Lock()
	for _, other := range o.items {
		if other.ID != it.ID && other.Flux != "" && other.CompanyID == it.CompanyID && other.Env == it.Env {
			owned[other.Flux] = true
		}
	}
	o.mu.Unlock()
	earliest := ""
	if !it.DepositStarted.IsZero() {
		earliest = it.DepositStarted.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	var best chorusapi.FactureResume
	found := false
	for _, f := range list {
		if f.NumeroFacture != it.Number || f.NumeroFluxDepot == "" || owned[f.NumeroFluxDepot] {
			continue
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
