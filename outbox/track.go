package outbox

import (
	"context"
	"strings"
	"time"

	"chorusdesk/chorusapi"
)

// track follows a deposited item: the flux report until the state table says the flux is
// done or failed, then the flux's invoices (every page) to learn the invoice's identifier,
// then the invoice's history until a final status. Once deposited, an item never fails: a
// query that fails makes its status unknown, and it is asked again (capped backoff); a state
// nobody documents is followed as still moving; after the bound (FluxStallAfter before the
// invoice is known, PaymentStallAfter after) without any change, polling stops with a word to
// check the portal.
func (o *Outbox) track(ctx context.Context, it *Item, cl *chorusapi.Client) {
	// The deposit's answer may still wait for its flush: make it durable before the next
	// network step, as every state is.
	if o.st.pending(it.ID) {
		if err := o.st.flush(); err != nil {
			o.later(it, msg("outbox.store_failed", err.Error()))
			return
		}
	}
	if it.Moved.IsZero() {
		it.Moved = o.now()
	}
	if it.InvoiceID != 0 {
		o.trackInvoice(ctx, it, cl)
		return
	}
	var cr *chorusapi.CRDetaille
	if !FluxFinal(it.FluxState) {
		var err error
		if cr, err = cl.ConsulterCRDetaille(ctx, it.Flux); err != nil {
			o.statusUnknown(ctx, it, err)
			return
		}
		changed := cr.EtatCourantDepotFlux != it.FluxState
		it.FluxState = cr.EtatCourantDepotFlux
		if changed {
			it.Moved = o.now()
		}
		row, known := FluxRow(it.FluxState)
		switch {
		case row.Outcome == OutcomeFailed:
			o.refused(it, cr)
			return
		case row.Outcome == OutcomeMoving:
			var why Text
			if !known {
				why = msg("engine.unknown_flux_state", it.FluxState)
				if changed {
					o.logf("outbox: flux %s: unknown state %q from Chorus Pro, still followed", it.Flux, it.FluxState)
				}
			}
			o.pollAgain(ctx, it, changed, why)
			return
		}
	}
	list, err := cl.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFluxDepot: it.Flux})
	if err != nil {
		o.statusUnknown(ctx, it, err)
		return
	}
	for _, f := range list {
		if f.NumeroFacture == it.Number || (len(list) == 1 && it.Number == "") {
			it.InvoiceID, it.InvoiceStatus = int64(f.IdentifiantFactureCPP), f.Statut
			o.setState(it, Tracking)
			it.Polls, it.StatusUnknown, it.Moved = 0, false, o.now()
			it.Message = invoiceMessage(it, f.CommentaireEtatCourant)
			if o.persist(it) {
				o.trackInvoice(ctx, it, cl)
			}
			return
		}
	}
	// Chorus Pro leaves the rejected invoices of a partially integrated flux out of the search:
	// the reason is in the report's listeErreurDP (sometimes missing: OCA commit a3e89bcc).
	if it.FluxState == FluxIntegrePartiel {
		if cr == nil {
			if cr, err = cl.ConsulterCRDetaille(ctx, it.Flux); err != nil {
				o.statusUnknown(ctx, it, err)
				return
			}
		}
		o.refused(it, cr)
		return
	}
	// Accepted but not listed yet: Chorus Pro may be behind (IN_RECU comes before the
	// integration). Keep asking, within the flux bound.
	o.pollAgain(ctx, it, false, msg("outbox.not_listed_yet", it.Number))
}

// trackInvoice reads the invoice's history and ends tracking when the table says so.
func (o *Outbox) trackInvoice(ctx context.Context, it *Item, cl *chorusapi.Client) {
	h, err := cl.ConsulterHistorique(ctx, it.InvoiceID)
	if err != nil {
		o.statusUnknown(ctx, it, err)
		return
	}
	latest, _ := h.Latest()
	status, comment := latest.Code, latest.Comment
	changed := status != it.InvoiceStatus || it.State != Tracking || it.StatusUnknown
	if status != it.InvoiceStatus {
		it.Moved = o.now()
	}
	it.InvoiceStatus, it.StatusUnknown = status, false
	row, known := InvoiceRow(status, it.PaymentNotReported)
	if !known && changed {
		o.logf("outbox: invoice %d: unknown status %q from Chorus Pro, still followed", it.InvoiceID, status)
	}
	why := invoiceMessage(it, comment)
	if row.Outcome != OutcomeMoving {
		it.Raw = strings.TrimSpace(status + " " + comment)
		if row.Stage == StageRejected {
			it.Cause = msg("engine.cause.rejected", orDash(comment))
		}
		o.finish(it, why, false)
		return
	}
	o.pollAgain(ctx, it, changed, why)
}

// invoiceMessage is the item's message for its current invoice status: the verdict's cause
// and action, the comment of the buyer quoted.
func invoiceMessage(it *Item, comment string) Text {
	row, known := InvoiceRow(it.InvoiceStatus, it.PaymentNotReported)
	if !known {
		return msg("engine.unknown_invoice_status", it.InvoiceStatus)
	}
	c := orDash(strings.TrimSpace(comment))
	switch row.Stage {
	case StageRecycle:
		return msg("engine.st.recycle", c)
	case StageSuspended:
		return msg("engine.st.suspended", c)
	case StageRejected:
		return msg("engine.st.rejected", c)
	case StagePaid:
		return msg("outbox.st.mise_en_paiement")
	case StageMandated:
		if row.Outcome == OutcomeDone {
			return msg("engine.st.mandated_final")
		}
		return msg("outbox.st.mandatee")
	case StageWithdrawn:
		return msg("engine.st.withdrawn", it.InvoiceStatus)
	}
	return nil
}

// refused ends an item whose flux Chorus Pro refused, or whose invoice it left out of a
// partially integrated flux: nothing reached a buyer, so the content is kept for Send again.
func (o *Outbox) refused(it *Item, cr *chorusapi.CRDetaille) {
	label := refusalLabel(it, cr)
	it.Fix = refusalFix(label, it.FluxState)
	it.Cause, it.Raw = refusalCause(label, it.FluxState)
	o.finish(it, line(it.Cause, actionOf(*it, StageRefused)), true)
}

// refusalLabel is the report's error for this invoice, else its only invoice error, else its
// first technical errors; "" when the report gives none.
func refusalLabel(it *Item, cr *chorusapi.CRDetaille) string {
	if cr == nil {
		return ""
	}
	for _, e := range cr.ListeErreurDP {
		if string(e.NumeroDP) == it.Number && strings.TrimSpace(e.LibelleErreurDP) != "" {
			return strings.TrimSpace(e.LibelleErreurDP)
		}
	}
	if len(cr.ListeErreurDP) == 1 && strings.TrimSpace(cr.ListeErreurDP[0].LibelleErreurDP) != "" && it.FluxState != FluxIntegrePartiel {
		return strings.TrimSpace(cr.ListeErreurDP[0].LibelleErreurDP)
	}
	var tech []string
	for i, e := range cr.ListeErreurTechnique {
		if i == 3 {
			tech = append(tech, "…")
			break
		}
		tech = append(tech, strings.TrimSpace(e.CodeErreur+" "+e.LibelleErreur))
	}
	return strings.Join(tech, "; ")
}

// finish ends tracking. The content is dropped unless the invoice may be sent again (a flux
// Chorus Pro refused before any buyer saw it).
func (o *Outbox) finish(it *Item, why Text, keepContent bool) {
	o.setState(it, Final)
	it.Message, it.StatusUnknown, it.Stalled = why, false, false
	write := o.st.putDropContent
	if keepContent {
		write = o.st.put
	}
	if err := o.commit(it, write); err != nil {
		o.later(it, msg("outbox.store_failed", err.Error()))
	}
}

// statusUnknown handles a failed status query of a deposited item: it stays deposited, says
// "status unknown: …", and is asked again with the tracking backoff.
func (o *Outbox) statusUnknown(ctx context.Context, it *Item, err error) {
	if ctx.Err() != nil {
		return
	}
	was := it.StatusUnknown
	it.StatusUnknown = true
	o.pollAgain(ctx, it, !was, msgWith("engine.status_unknown", err))
}

// stallBound is how long the item may go without a change before polling stops.
func (o *Outbox) stallBound(it *Item) time.Duration {
	if it.InvoiceID == 0 {
		return o.opt.FluxStallAfter
	}
	return o.opt.PaymentStallAfter
}

// pollAgain schedules the next poll. Polls slow down (doubling from PollInterval up to
// MaxPollInterval) while nothing changes; a change is persisted and restarts the pace. Past
// the stall bound, polling stops.
func (o *Outbox) pollAgain(ctx context.Context, it *Item, changed bool, why Text) {
	if ctx.Err() != nil {
		return
	}
	now := o.now()
	if !it.Moved.IsZero() && now.Sub(it.Moved) > o.stallBound(it) {
		if it.State != Tracking {
			o.setState(it, Tracking)
		}
		it.Stalled, it.StalledAt, it.NextTry = true, now, time.Time{}
		it.Message = msg("engine.act.stalled", stalledDays(*it))
		o.persist(it)
		return
	}
	if changed || it.State == Deposited {
		it.Polls = 0
	} else {
		it.Polls++
	}
	d := o.opt.PollInterval
	for i := 0; i < it.Polls && d < o.opt.MaxPollInterval; i++ {
		d *= 2
	}
	d = min(d, o.opt.MaxPollInterval)
	if changed || it.State == Deposited || !sameText(it.Message, why) {
		if it.State != Tracking {
			o.setState(it, Tracking)
		} else {
			it.Changed = now
		}
		it.Message = why
		it.NextTry = now.Add(d)
		o.persist(it)
		return
	}
	// Nothing new: schedule in memory only (no synced write per idle poll).
	it.NextTry = now.Add(d)
	o.mu.Lock()
	if p, ok := o.items[it.ID]; ok {
		p.NextTry, p.Polls = it.NextTry, it.Polls
		o.schedule(p)
	}
	o.mu.Unlock()
}

func sameText(a, b Text) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// logf writes a line to the engine's diagnostics log (Options.Logf), if any.
func (o *Outbox) logf(format string, args ...any) {
	if o.opt.Logf != nil {
		o.opt.Logf(format, args...)
	}
}
