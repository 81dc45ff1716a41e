package chorusapi

import (
	"slices"
	"sort"
	"time"
)

// invoiceStatuses is the official vocabulary of an invoice's status (statutCourantCode,
// histoStatutCode, statutFacture): the 56-value enum of the Factures Swagger.
var invoiceStatuses = []string{
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

// fluxStates is the vocabulary of a flux's state (etatCourantDepotFlux, etatCourantFlux). The
// Swagger declares no enum; this is the union of the clients that read it: Tryton
// (modules/account_fr_chorus/account.py: IN_INTEGRE, IN_RECU, IN_TRAITE_SE_CPP; IN_INCIDENTE,
// QP_IRRECEVABLE, QP_RECEVABLE_AVEC_ERREUR, IN_REJETE), OCA (l10n_fr_chorus_account
// chorus_flow.py: IN_REJETE, IN_INTEGRE, IN_INTEGRE_PARTIEL; its flow view highlights
// IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP) and the status lists of piste-gouv-fr
// (src/Api/ChorusPro/Type/IStatus.php) for the queued and processing states.
var fluxStates = []string{
	"IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP", "IN_RECU", "IN_TRAITE_SE_CPP",
	"IN_EN_ATTENTE_TRAITEMENT_CPP", "IN_EN_COURS_TRAITEMENT_CPP", "IN_EN_ATTENTE_RETRAITEMENT_CPP",
	"IN_INCIDENTE", "IN_REJETE", "IN_INTEGRE", "IN_INTEGRE_PARTIEL",
	"QP_IRRECEVABLE", "QP_RECEVABLE", "QP_RECEVABLE_AVEC_ERREUR",
}

// InvoiceStatuses returns the official invoice status vocabulary (a copy).
func InvoiceStatuses() []string { return slices.Clone(invoiceStatuses) }

// FluxStates returns the known flux state vocabulary (a copy).
func FluxStates() []string { return slices.Clone(fluxStates) }

// KnownInvoiceStatus reports whether s is an official invoice status. An unknown one is never
// taken for any known state: the client records a warning with the raw value, and the caller
// keeps polling and shows the raw value.
func KnownInvoiceStatus(s string) bool { return slices.Contains(invoiceStatuses, s) }

// KnownFluxState reports whether s is a known flux state (see KnownInvoiceStatus).
func KnownFluxState(s string) bool { return slices.Contains(fluxStates, s) }

// StatusChange is one entry of an invoice's status history, its date read.
type StatusChange struct {
	ID      int64
	Code    string
	Comment string
	At      time.Time // zero when the date could not be read (RawDate keeps it)
	RawDate string
}

// Changes returns the status history newest first, ordered by the date of each change, then
// by its id (ids grow with time) — never by the position in the answer: Chorus Pro sorts
// "descending on HistoStatutDatePassage" by default (Pastell, connecteur-type/
// PortailFactureConnecteur.php), and an older client or a sort option may give the reverse.
// Entries whose date cannot be read come last.
func (h *Historique) Changes() []StatusChange {
	if h == nil {
		return nil
	}
	out := make([]StatusChange, 0, len(h.HistoriquesDesStatuts.HistoStatut))
	for _, s := range h.HistoriquesDesStatuts.HistoStatut {
		c := StatusChange{ID: int64(s.HistoStatutID), Code: s.HistoStatutCode, Comment: s.HistoStatutCommentaire,
			RawDate: s.HistoStatutDatePassage}
		c.At, _ = ParseTime(s.HistoStatutDatePassage)
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return newer(out[i], out[j]) })
	return out
}

// newer orders two changes: a readable date before none, a later date first, then a higher id.
func newer(a, b StatusChange) bool {
	switch {
	case a.At.IsZero() != b.At.IsZero():
		return !a.At.IsZero()
	case !a.At.Equal(b.At):
		return a.At.After(b.At)
	}
	return a.ID > b.ID
}

// Latest is the invoice's current status with the comment of its newest history entry (the
// reason of a rejection or suspension). The code is statutCourantCode; when the answer lacks
// it, the newest entry's code. ok is false when the answer names no status at all.
func (h *Historique) Latest() (StatusChange, bool) {
	if h == nil {
		return StatusChange{}, false
	}
	changes := h.Changes()
	code := h.StatutCourantCode
	if code == "" {
		if len(changes) == 0 {
			return StatusChange{}, false
		}
		return changes[0], true
	}
	for _, c := range changes {
		if c.Code == code {
			return c, true
		}
	}
	return StatusChange{Code: code}, true
}
