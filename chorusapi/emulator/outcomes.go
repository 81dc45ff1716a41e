package emulator

import (
	"fmt"
	"slices"
	"time"
)

// Outcome forces how a deposit or an invoice ends, so that every rejection Chorus Pro can
// give is reachable on demand (POST /_emulator/outcomes).
//
// Flux outcomes apply to the next deposit holding Invoice (any deposit when Invoice is ""):
//
//	IN_REJETE                      every document rejected, listeErreurDP with Libelle
//	IN_INTEGRE_PARTIEL             the document Invoice (or the first) rejected with Libelle,
//	                               the others integrated; NoMessage leaves listeErreurDP empty
//	IN_INCIDENTE                   the flux is not processed (no report, no invoice)
//	QP_IRRECEVABLE                 listeErreurTechnique ERR_XSD_001 with Libelle
//	IN_EN_ATTENTE_RETRAITEMENT_CPP the flux never leaves that state
//	supplier_not_attached          the document rejected with the official "supplier not
//	                               referenced" label
//	duplicate                      the document rejected as a duplicate number
//
// Buyer outcomes (a recipient status: REJETEE, A_RECYCLER, SUSPENDUE, MANDATEE, ...) apply to
// the next integrated invoice numbered Invoice (any when ""): once it is MISE_A_DISPOSITION,
// half a processing time later, it takes that status with Comment.
type Outcome struct {
	Kind      string `json:"kind"`
	Invoice   string `json:"invoice,omitempty"`
	Libelle   string `json:"libelle,omitempty"`
	Comment   string `json:"comment,omitempty"`
	NoMessage bool   `json:"noMessage,omitempty"`
	Count     int    `json:"count,omitempty"` // how many deposits or invoices it applies to; 0 = 1
}

// Outcome kinds that are not Chorus Pro states.
const (
	OutcomeSupplierNotAttached = "supplier_not_attached"
	OutcomeDuplicate           = "duplicate"
)

// Documented labels used as defaults.
const (
	// The official consulterCRDetaille example (communaute.chorus-pro.gouv.fr "Show detailed report").
	libelleSupplierNotReferenced = "L'identifiant fournisseur de la demande de paiement (balise : AccountingSupplierParty.Party.PartyIdentification.ID.value) n'est pas reference dans notre systeme. "
	// OCA/l10n-france issues #414 and #612.
	libellePaymentMeans = "L'element FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement.SpecifiedTradeSettlementPaymentMeans.TypeCode.value est obligatoire."
	// The technical error of the shared API notes §3.4 (a captured consulterCRDetaille answer).
	libelleXSDExample = "IRRECEVABILITE: cvc-datatype-valid.1.2.1: '-1 324,60' is not a valid value for 'decimal'. - ligne: 150 - position: 60"
	// noMessage marks a rejection without any listeErreurDP entry.
	noMessage = "\x00no message"
)

var fluxOutcomes = []string{fluxRejected, fluxPartial, fluxIncident, fluxIrrecevable, fluxStalled,
	OutcomeSupplierNotAttached, OutcomeDuplicate}

func (o Outcome) validate() error {
	if !slices.Contains(fluxOutcomes, o.Kind) && !slices.Contains(recipientStatuses, o.Kind) {
		return fmt.Errorf("unknown outcome kind %q", o.Kind)
	}
	if o.Count < 0 {
		return fmt.Errorf("outcome count must not be negative")
	}
	return nil
}

func (o Outcome) isFlux() bool { return slices.Contains(fluxOutcomes, o.Kind) }

// ForceOutcome queues an outcome; outcomes are used in the order they were queued.
func (e *Emulator) ForceOutcome(o Outcome) error {
	if err := o.validate(); err != nil {
		return err
	}
	if o.Count == 0 {
		o.Count = 1
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state.outcomes = append(e.state.outcomes, &o)
	return nil
}

// ClearOutcomes drops every queued outcome.
func (e *Emulator) ClearOutcomes() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state.outcomes = nil
}

// take consumes one use of the first queued outcome accepted by match (caller holds e.mu).
func (e *Emulator) take(match func(*Outcome) bool) *Outcome {
	for i, o := range e.state.outcomes {
		if !match(o) {
			continue
		}
		hit := *o
		if o.Count--; o.Count <= 0 {
			e.state.outcomes = append(e.state.outcomes[:i:i], e.state.outcomes[i+1:]...)
		}
		return &hit
	}
	return nil
}

// takeFluxOutcome returns the flux outcome that applies to a deposit of members.
func (e *Emulator) takeFluxOutcome(members []member) *Outcome {
	return e.take(func(o *Outcome) bool {
		if !o.isFlux() {
			return false
		}
		if o.Invoice == "" {
			return true
		}
		for _, m := range members {
			if m.doc != nil && m.doc.Number == o.Invoice {
				return true
			}
		}
		return false
	})
}

// takeBuyerOutcome returns the buyer outcome for a new invoice numbered number.
func (e *Emulator) takeBuyerOutcome(number string) *Outcome {
	return e.take(func(o *Outcome) bool { return !o.isFlux() && (o.Invoice == "" || o.Invoice == number) })
}

// forcedRejection is the reason a forced outcome rejects d, "" when it does not.
func (e *Emulator) forcedRejection(o *Outcome, d *doc, partialTarget string) string {
	if o == nil {
		return ""
	}
	targeted := o.Invoice == "" || o.Invoice == d.Number
	switch o.Kind {
	case fluxRejected:
		return orDefault(o.Libelle, libellePaymentMeans)
	case fluxPartial:
		if d.Number != partialTarget {
			return ""
		}
		if o.NoMessage {
			return noMessage
		}
		return orDefault(o.Libelle, libellePaymentMeans)
	case OutcomeSupplierNotAttached:
		if targeted {
			return orDefault(o.Libelle, libelleSupplierNotReferenced)
		}
	case OutcomeDuplicate:
		if targeted {
			return orDefault(o.Libelle, libelleDuplicate)
		}
	}
	return ""
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// DepositRecord is one accepted deposit, as GET /_emulator/deposits lists it.
type DepositRecord struct {
	NumeroFluxDepot string    `json:"numeroFluxDepot"`
	NomFichier      string    `json:"nomFichier"`
	SyntaxeFlux     string    `json:"syntaxeFlux"`
	Invoices        []string  `json:"invoices"` // the numbers of the documents it could read
	Time            time.Time `json:"time"`
	Account         string    `json:"account"` // the technical login that deposited it
	FinalState      string    `json:"finalState"`
	// Size and SHA256 describe the file as received (fichierFlux decoded), so a test can prove
	// that the exact bytes of the invoice arrived, once.
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Deposits lists every accepted deposit, oldest first.
func (e *Emulator) Deposits() []DepositRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]DepositRecord, len(e.state.depositLog))
	for i, r := range e.state.depositLog {
		r.Invoices = slices.Clone(r.Invoices)
		out[i] = r
	}
	return out
}
