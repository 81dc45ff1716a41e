package outbox

// The one table of Chorus Pro's flux and invoice states: what each means for tracking (done,
// failed, still moving) and for the user (Stage). Tracking, the verdicts (Explain), the item
// predicates and the tests read it; nothing else decides what a state means. Each row names
// its source. A state the table does not know is never taken for a known one: it is followed
// as still moving (capped backoff), shown and logged with its raw value.

// Outcome is what a state means for tracking.
type Outcome int

const (
	// OutcomeMoving: Chorus Pro or the buyer is still working on it; keep polling.
	OutcomeMoving Outcome = iota
	// OutcomeDone: it went through. A flux: move on to its invoice. An invoice: stop.
	OutcomeDone
	// OutcomeFailed: refused or rejected for good; stop.
	OutcomeFailed
)

// StateRow is one row of the table.
type StateRow struct {
	Code    string
	Outcome Outcome
	Stage   Stage
	// Settled is false for a flux state that counts as done while the flux may still move
	// (IN_RECU, IN_TRAITE_SE_CPP): its report is read again until the invoice is listed.
	Settled bool
	Source  string
}

// Flux states of consulterCRDetaille (etatCourantDepotFlux).
const (
	FluxDeposePortail  = "IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP"
	FluxRecu           = "IN_RECU"
	FluxTraiteSECPP    = "IN_TRAITE_SE_CPP"
	FluxIntegre        = "IN_INTEGRE"
	FluxIntegrePartiel = "IN_INTEGRE_PARTIEL"
	FluxRejete         = "IN_REJETE"
	FluxIncidente      = "IN_INCIDENTE"
	FluxIrrecevable    = "QP_IRRECEVABLE"
	FluxRecevableErr   = "QP_RECEVABLE_AVEC_ERREUR"
)

const (
	srcTryton   = "Tryton modules/account_fr_chorus/account.py: SUCCEEDED = IN_INTEGRE, IN_RECU, IN_TRAITE_SE_CPP; FAILED = IN_INCIDENTE, QP_IRRECEVABLE, QP_RECEVABLE_AVEC_ERREUR, IN_REJETE; any other state: keep polling"
	srcOCAFlow  = "OCA l10n-france l10n_fr_chorus_account chorus_flow.py: polls every flow not in IN_REJETE, IN_INTEGRE, IN_INTEGRE_PARTIEL; on IN_INTEGRE(_PARTIEL) fetches the invoices, rejected ones are absent"
	srcOCAView  = "OCA l10n_fr_chorus_account flow list view (14.0+): IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP highlighted as info, the state right after a deposit"
	srcIStatus  = "turbo124/piste-gouv-fr src/Api/ChorusPro/Type/IStatus.php and cnfilms README: queued / processing / waiting for manual recovery"
	srcOCAInv   = "OCA l10n_fr_chorus_account: stops following an invoice at MANDATEE or MISE_EN_PAIEMENT"
	srcSwagger  = "Factures Swagger: official 56-value status enum; traiterFactureRecue lists what the recipient may set from MISE_A_DISPOSITION"
	srcSupplier = "Factures Swagger, supplier actions: completer (SUSPENDUE → COMPLETEE, attachments or comment) and recycler (A_RECYCLER → re-routed)"
	srcOmnibill = "glitchr-studio/omnibill-chorus-pro status mapping: SUSPENDUE and A_COMPLETER → SUSPENDED, REJETEE → REFUSED, MISE_EN_PAIEMENT → PAYMENT_SENT"
)

// fluxRows classifies every flux state a client source names.
var fluxRows = []StateRow{
	{FluxDeposePortail, OutcomeMoving, StageSent, false, srcOCAView},
	{FluxRecu, OutcomeDone, StageAccepted, false, srcTryton},
	{FluxTraiteSECPP, OutcomeDone, StageAccepted, false, srcTryton},
	{"IN_EN_ATTENTE_TRAITEMENT_CPP", OutcomeMoving, StageSent, false, srcIStatus},
	{"IN_EN_COURS_TRAITEMENT_CPP", OutcomeMoving, StageSent, false, srcIStatus},
	{"IN_EN_ATTENTE_RETRAITEMENT_CPP", OutcomeMoving, StageSent, false, srcIStatus},
	{"QP_RECEVABLE", OutcomeMoving, StageSent, false, srcTryton},
	{FluxIntegre, OutcomeDone, StageAccepted, true, srcOCAFlow + "; " + srcTryton},
	{FluxIntegrePartiel, OutcomeDone, StageAccepted, true, srcOCAFlow},
	{FluxRejete, OutcomeFailed, StageRefused, true, srcTryton + "; " + srcOCAFlow},
	{FluxIncidente, OutcomeFailed, StageRefused, true, srcTryton + " (the flux must be sent again in full: cnfilms README)"},
	{FluxIrrecevable, OutcomeFailed, StageRefused, true, srcTryton},
	{FluxRecevableErr, OutcomeFailed, StageRefused, true, srcTryton},
}

// Invoice statuses with a meaning for the supplier.
const (
	StatusDeposee          = "DEPOSEE"
	StatusMiseADisposition = "MISE_A_DISPOSITION"
	StatusMandatee         = "MANDATEE"
	StatusMiseEnPaiement   = "MISE_EN_PAIEMENT"
	StatusRejetee          = "REJETEE"
	StatusARecycler        = "A_RECYCLER"
	StatusSuspendue        = "SUSPENDUE"
	StatusACompleter       = "A_COMPLETER"
)

// invoiceRows classifies the statuses a plain supplier invoice goes through. Every other
// status of the official enum is still moving (knownInvoiceStatuses); MANDATEE is done only
// for a recipient that never reports payment (invoiceRow).
var invoiceRows = []StateRow{
	{StatusDeposee, OutcomeMoving, StageAccepted, false, srcSwagger},
	{"EN_COURS_ACHEMINEMENT", OutcomeMoving, StageAccepted, false, srcSwagger},
	{StatusMiseADisposition, OutcomeMoving, StageAvailable, false, srcSwagger},
	{"PRISE_EN_COMPTE_DESTINATAIRE", OutcomeMoving, StageAvailable, false, srcSwagger},
	{"SERVICE_FAIT", OutcomeMoving, StageAvailable, false, srcSwagger},
	{"COMPLETEE", OutcomeMoving, StageAvailable, false, srcSupplier},
	{StatusMandatee, OutcomeMoving, StageMandated, false, srcOCAInv + "; payment may still be reported, followed up to the payment bound"},
	{"COMPTABILISEE", OutcomeMoving, StageMandated, false, srcSwagger},
	{"MISE_A_DISPOSITION_COMPTABLE", OutcomeMoving, StageMandated, false, srcSwagger},
	{StatusMiseEnPaiement, OutcomeDone, StagePaid, true, srcOCAInv},
	{StatusARecycler, OutcomeMoving, StageRecycle, false, srcSupplier},
	{StatusSuspendue, OutcomeMoving, StageSuspended, false, srcSupplier},
	{StatusACompleter, OutcomeMoving, StageSuspended, false, srcOmnibill},
	{StatusRejetee, OutcomeFailed, StageRejected, true, srcSwagger + " (REJETEE is final for the supplier, who issues a credit note or a new invoice); " + srcOmnibill},
	{"ABANDONNEE", OutcomeFailed, StageWithdrawn, true, srcSwagger},
	{"SUPPRIMEE", OutcomeFailed, StageWithdrawn, true, srcSwagger},
}

// mandatedDone is MANDATEE for a recipient whose structure says payment is never reported
// (parametres.statutMiseEnPaiementNestPasRemonte): nothing more will come.
var mandatedDone = StateRow{StatusMandatee, OutcomeDone, StageMandated, true,
	"Structures Swagger parametres.statutMiseEnPaiementNestPasRemonte; " + srcOCAInv}

// knownInvoiceStatuses is the official enum (Factures Swagger): statuses outside invoiceRows
// are known, and still moving.
var knownInvoiceStatuses = []string{
	"BROUILLON", "A_VALIDER_1", "ERREUR_FOURNISSEUR_SUR_VALIDEUR", "REFUSEE_1", "VALIDEE_1",
	"ABSENCE_VALIDATION_1_HORS_DELAI", "A_VALIDER_2", "ERREUR_COTRAITANT_SUR_VALIDEUR", "REFUSEE_2",
	"VALIDEE_2", "ABSENCE_VALIDATION_2_HORS_DELAI", "DEPOSEE", "ERREUR_FOURNISSEUR_SUR_MOE",
	"EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION", "A_RECYCLER", "SUSPENDUE", "REJETEE", "MANDATEE",
	"MISE_EN_PAIEMENT", "COMPTABILISEE", "MISE_A_DISPOSITION_COMPTABLE", "ABANDONNEE", "SUPPRIMEE",
	"ASSOCIEE", "EN_COURS_TRAITEMENT_PIVOT_S", "A_VALIDER_MOE", "REFUSEE_MOE",
	"EN_ATTENTE_RECYCLAGE_FOURNISSEUR", "ERREUR_MOE_SUR_FOURNISSEUR", "ERREUR_MOA_SUR_FOURNISSEUR",
	"INTERPRETEE_OCR", "COMPLETEE", "ERREUR_FOURNISSEUR_SUR_MOA", "ERREUR_MOE_SUR_MOA",
	"ERREUR_DESTINATAIRE_PD", "ERREUR_DESTINATAIRE_EA", "SERVICE_FAIT", "NON_CONFORME",
	"A_ASSOCIER_MOE", "ERREUR_DE_MOE", "MISE_A_DISPOSITION_MOE", "PRISE_EN_COMPTE_MOE",
	"A_ASSOCIER_MOA", "ERREUR_DE_MOA", "REFUSEE_MOA", "A_ASSOCIER_FOURNISSEUR", "REFUSEE_FOURNISSEUR",
	"A_COMPLETER", "TRANSMISE_MOA", "PRISE_EN_COMPTE_DESTINATAIRE", "REMPLACEE_PAR_A22",
	"DUPLIQUE_APRES_REFUS", "MISE_A_DISPOSITION_MOA", "PRISE_EN_COMPTE_MOA", "TECHNIQUE_INCONNU",
}

var (
	fluxByCode    = indexRows(fluxRows)
	invoiceByCode = indexRows(invoiceRows)
	knownInvoice  = func() map[string]bool {
		m := map[string]bool{}
		for _, s := range knownInvoiceStatuses {
			m[s] = true
		}
		return m
	}()
)

func indexRows(rows []StateRow) map[string]StateRow {
	m := make(map[string]StateRow, len(rows))
	for _, r := range rows {
		m[r.Code] = r
	}
	return m
}

// FluxRow classifies a flux state; known is false for a state no source names (it is still
// moving, and the caller shows and logs the raw value). "" (not read yet) is moving.
func FluxRow(state string) (row StateRow, known bool) {
	if r, ok := fluxByCode[state]; ok {
		return r, true
	}
	return StateRow{Code: state, Outcome: OutcomeMoving, Stage: StageSent}, state == ""
}

// InvoiceRow classifies an invoice status; paymentNotReported is the recipient's
// statutMiseEnPaiementNestPasRemonte (MANDATEE is then the last status). known is false for a
// status outside the official enum.
func InvoiceRow(status string, paymentNotReported bool) (row StateRow, known bool) {
	if status == StatusMandatee && paymentNotReported {
		return mandatedDone, true
	}
	if r, ok := invoiceByCode[status]; ok {
		return r, true
	}
	return StateRow{Code: status, Outcome: OutcomeMoving, Stage: StageAvailable}, knownInvoice[status]
}

// FluxRows and InvoiceRows return the table (documentation, tests).
func FluxRows() []StateRow    { return append([]StateRow(nil), fluxRows...) }
func InvoiceRows() []StateRow { return append(append([]StateRow(nil), invoiceRows...), mandatedDone) }

// FluxFinal reports whether a flux state is settled: tracking moves on to the invoices, or
// ends. IN_RECU and IN_TRAITE_SE_CPP count as done but are not settled.
func FluxFinal(state string) bool {
	r, known := FluxRow(state)
	return known && r.Settled
}

// InvoiceFinal reports whether tracking stops at this invoice status.
func InvoiceFinal(status string) bool {
	r, _ := InvoiceRow(status, false)
	return r.Outcome != OutcomeMoving
}
