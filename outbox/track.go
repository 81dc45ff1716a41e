package outbox

import (
	"context"
	"strings"

	"chorusdesk/chorusapi"
)

// track follows a deposited item (spec §3): the flux report until the flux is final, then the
// flux's invoices (every page) to learn the invoice's identifier, then the invoice's history
// until a final status.
func (o *Outbox) track(ctx context.Context, it *Item, cl *chorusapi.Client) {
	// The deposit's answer may still wait for its flush: make it durable before the next
	// network step, as every state is.
	if o.st.pending(it.ID) {
		if err := o.st.flush(); err != nil {
			o.later(it, msg("outbox.store_failed", err.Error()))
			return
		}
	}
	if it.InvoiceID != 0 {
		o.trackInvoice(ctx, it, cl)
		return
	}
	var cr *chorusapi.CRDetaille
	if !FluxFinal(it.FluxState) {
		var err error
		if cr, err = cl.ConsulterCRDetaille(ctx, it.Flux); err != nil {
			o.stepFailed(ctx, it, err, it.State)
			return
		}
		changed := cr.EtatCourantDepotFlux != it.FluxState
		it.FluxState = cr.EtatCourantDepotFlux
		if fluxFailed[it.FluxState] {
			o.finish(it, fluxFailure(it, cr))
			return
		}
		if !FluxFinal(it.FluxState) {
			o.pollAgain(ctx, it, changed, nil)
			return
		}
	}
	list, err := cl.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFluxDepot: it.Flux})
	if err != nil {
		o.stepFailed(ctx, it, err, Tracking)
		return
	}
	for _, f := range list {
		if f.NumeroFacture == it.Number || (len(list) == 1 && it.Number == "") {
			it.InvoiceID, it.InvoiceStatus = int64(f.IdentifiantFactureCPP), f.Statut
			o.setState(it, Tracking)
			it.Polls = 0
			it.Message = statusAdvice(f.Statut, f.CommentaireEtatCourant)
			if o.persist(it) {
				o.trackInvoice(ctx, it, cl)
			}
			return
		}
	}
	// Chorus Pro leaves the rejected invoices of a partially integrated flux out of the search:
	// the reason is in the report's listeErreurDP (sometimes missing, chorus-api.md §5.4).
	if it.FluxState == FluxIntegrePartiel {
		if cr == nil {
			if cr, err = cl.ConsulterCRDetaille(ctx, it.Flux); err != nil {
				o.stepFailed(ctx, it, err, Tracking)
				return
			}
		}
		o.finish(it, fluxFailure(it, cr))
		return
	}
	// Integrated but not listed yet: Chorus Pro may be a moment behind; poll a few times.
	if it.Polls >= o.opt.MaxAttempts {
		o.setState(it, Failed)
		it.Retryable, it.Message = true, msg("outbox.not_listed", it.Number, it.Flux)
		o.persist(it)
		return
	}
	o.pollAgain(ctx, it, false, msg("outbox.not_listed_yet", it.Number))
}

// trackInvoice reads the invoice's history and ends tracking at a final status.
func (o *Outbox) trackInvoice(ctx context.Context, it *Item, cl *chorusapi.Client) {
	h, err := cl.ConsulterHistorique(ctx, it.InvoiceID)
	if err != nil {
		o.stepFailed(ctx, it, err, Tracking)
		return
	}
	status := h.StatutCourantCode
	comment := ""
	for _, s := range h.HistoriquesDesStatuts.HistoStatut {
		if s.HistoStatutCode == status && s.HistoStatutCommentaire != "" {
			comment = s.HistoStatutCommentaire // the latest entry of the current status wins
		}
	}
	changed := status != it.InvoiceStatus || it.State != Tracking
	it.InvoiceStatus = status
	if InvoiceFinal(status) {
		o.finish(it, statusAdvice(status, comment))
		return
	}
	o.pollAgain(ctx, it, changed, statusAdvice(status, comment))
}

// finish ends tracking: the content is no longer needed.
func (o *Outbox) finish(it *Item, why Text) {
	o.setState(it, Final)
	it.Message = why
	if err := o.commit(it, o.st.putDropContent); err != nil {
		o.later(it, msg("outbox.store_failed", err.Error()))
	}
}

// pollAgain schedules the next poll. Polls slow down (doubling from PollInterval up to
// MaxPollInterval) while nothing changes; a change is persisted and restarts the pace.
func (o *Outbox) pollAgain(ctx context.Context, it *Item, changed bool, why Text) {
	if ctx.Err() != nil {
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
			it.Changed = o.now()
		}
		it.Message = why
		it.NextTry = o.now().Add(d)
		o.persist(it)
		return
	}
	// Nothing new: schedule in memory only (no synced write per idle poll).
	it.NextTry = o.now().Add(d)
	o.mu.Lock()
	if p, ok := o.items[it.ID]; ok {
		p.NextTry, p.Polls = it.NextTry, it.Polls
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

// fluxFailure explains a rejected flux, or an invoice rejected within a partial flux: the
// report's error for this invoice number, else its technical errors, else a generic text.
func fluxFailure(it *Item, cr *chorusapi.CRDetaille) Text {
	state := strings.TrimPrefix(it.FluxState, "IN_")
	if cr != nil {
		for _, e := range cr.ListeErreurDP {
			if string(e.NumeroDP) == it.Number && e.LibelleErreurDP != "" {
				return msg("outbox.flux_rejected_dp", state, strings.TrimSpace(e.LibelleErreurDP))
			}
		}
		if len(cr.ListeErreurDP) == 1 && cr.ListeErreurDP[0].LibelleErreurDP != "" && it.FluxState != FluxIntegrePartiel {
			return msg("outbox.flux_rejected_dp", state, strings.TrimSpace(cr.ListeErreurDP[0].LibelleErreurDP))
		}
		var tech []string
		for i, e := range cr.ListeErreurTechnique {
			if i == 3 {
				tech = append(tech, "…")
				break
			}
			tech = append(tech, strings.TrimSpace(e.CodeErreur+" "+e.LibelleErreur))
		}
		if len(tech) > 0 {
			return msg("outbox.flux_rejected_tech", state, strings.Join(tech, "; "))
		}
	}
	if it.FluxState == FluxIncidente {
		return msg("outbox.flux_incident")
	}
	return msg("outbox.flux_rejected", state)
}
