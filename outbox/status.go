package outbox

// Flux states of consulterCRDetaille (chorus-api.md §4.1).
const (
	FluxIntegre        = "IN_INTEGRE"
	FluxIntegrePartiel = "IN_INTEGRE_PARTIEL"
	FluxRejete         = "IN_REJETE"
	FluxIncidente      = "IN_INCIDENTE"
)

// fluxFailed are final flux states in which no invoice was integrated.
var fluxFailed = map[string]bool{
	FluxRejete: true, FluxIncidente: true, "QP_IRRECEVABLE": true, "QP_RECEVABLE_AVEC_ERREUR": true,
}

// FluxFinal reports whether a flux state is final (tracking moves on to the invoices, or ends).
func FluxFinal(state string) bool {
	return state == FluxIntegre || state == FluxIntegrePartiel || fluxFailed[state]
}

// Invoice statuses with a meaning for the supplier (chorus-api.md §4.2).
const (
	StatusMiseEnPaiement = "MISE_EN_PAIEMENT"
	StatusRejetee        = "REJETEE"
	StatusARecycler      = "A_RECYCLER"
	StatusSuspendue      = "SUSPENDUE"
)

// invoiceFinal are the statuses after which nothing more happens to the invoice for the
// supplier: paid, rejected (a credit note or a new invoice is needed), abandoned, deleted.
var invoiceFinal = map[string]bool{
	StatusMiseEnPaiement: true, StatusRejetee: true, "ABANDONNEE": true, "SUPPRIMEE": true,
}

// InvoiceFinal reports whether tracking stops at this invoice status.
func InvoiceFinal(status string) bool { return invoiceFinal[status] }

// statusAdvice explains the statuses that ask something of the supplier, with what to do;
// comment is the recipient's comment (may be empty).
func statusAdvice(status, comment string) Text {
	if comment == "" {
		comment = "-"
	}
	switch status {
	case StatusARecycler:
		return msg("outbox.st.a_recycler", comment)
	case StatusSuspendue:
		return msg("outbox.st.suspendue", comment)
	case StatusRejetee:
		return msg("outbox.st.rejetee", comment)
	case StatusMiseEnPaiement:
		return msg("outbox.st.mise_en_paiement")
	case "MANDATEE":
		return msg("outbox.st.mandatee")
	}
	return nil
}
