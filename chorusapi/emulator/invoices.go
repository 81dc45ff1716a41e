package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"
)

const libelleInvoiceUnknown = "GDP_MSG_01.001 - Facture introuvable." // invented label (no source)

// recipientStatuses are the statuses SetInvoiceStatus accepts: what a recipient (or the
// routing) may set on a supplier invoice (chorus-api.md §4.2).
var recipientStatuses = []string{"DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION",
	"PRISE_EN_COMPTE_DESTINATAIRE", "SERVICE_FAIT", "SUSPENDUE", "COMPLETEE", "REJETEE", "A_RECYCLER",
	"MANDATEE", "MISE_EN_PAIEMENT", "COMPTABILISEE", "MISE_A_DISPOSITION_COMPTABLE"}

// autoPath is how an integrated invoice moves on its own, at multiples of ProcessingTime/2
// after integration; it then stays at MISE_A_DISPOSITION until SetInvoiceStatus.
var autoPath = []string{"DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION"}

type histo struct {
	ID      int64
	Code    string
	At      time.Time
	Comment string
}

type invoiceRec struct {
	id        int64
	d         *doc
	flux      *flux
	supplier  *structure
	recipient *structure
	service   *service
	created   time.Time
	history   []histo
	auto      int      // how many autoPath steps are in history
	manual    bool     // a control call set the status: no more automatic moves
	buyer     *Outcome // a forced recipient status, played once the invoice is available
}

// advance creates the invoices of every flux that reached its final state (caller holds e.mu).
func (e *Emulator) advance(now time.Time) {
	keep := e.state.pending[:0]
	for _, f := range e.state.pending {
		if !f.isFinal(now, e.opt.ProcessingTime) {
			if !f.stalled {
				keep = append(keep, f)
			}
			continue
		}
		at := f.deposited.Add(e.opt.ProcessingTime)
		for _, d := range f.accepted {
			e.state.seqInvoice++
			inv := &invoiceRec{id: e.state.seqInvoice, d: d, flux: f, created: at,
				supplier: e.state.bySIRET[d.Seller], recipient: e.state.bySIRET[d.Buyer]}
			for i := range inv.recipient.services {
				if inv.recipient.services[i].code == d.Service {
					inv.service = &inv.recipient.services[i]
				}
			}
			inv.buyer = e.takeBuyerOutcome(d.Number)
			e.state.invoices[inv.id] = inv
			e.state.invoiceIDs = append(e.state.invoiceIDs, inv.id)
		}
	}
	clear(e.state.pending[len(keep):])
	e.state.pending = keep
}

// catchUp appends the automatic status changes that are due, then a forced buyer status
// half a processing time after MISE_A_DISPOSITION (caller holds e.mu).
func (e *Emulator) catchUp(inv *invoiceRec, now time.Time) {
	for !inv.manual && inv.auto < len(autoPath) {
		at := inv.created.Add(time.Duration(inv.auto) * e.opt.ProcessingTime / 2)
		if now.Before(at) {
			return
		}
		e.addHisto(inv, autoPath[inv.auto], at, "")
		inv.auto++
	}
	if inv.buyer != nil && !inv.manual {
		at := inv.created.Add(time.Duration(len(autoPath)) * e.opt.ProcessingTime / 2)
		if now.Before(at) {
			return
		}
		e.addHisto(inv, inv.buyer.Kind, at, inv.buyer.Comment)
		inv.buyer, inv.manual = nil, true
	}
}

func (e *Emulator) addHisto(inv *invoiceRec, code string, at time.Time, comment string) {
	e.state.seqHisto++
	inv.history = append(inv.history, histo{ID: e.state.seqHisto, Code: code, At: at, Comment: comment})
}

func (inv *invoiceRec) current() histo { return inv.history[len(inv.history)-1] }

// SetInvoiceStatus plays a recipient action on an integrated invoice (e.g. SUSPENDUE or
// REJETEE with a comment, MANDATEE, MISE_EN_PAIEMENT). The comment shows in the history.
func (e *Emulator) SetInvoiceStatus(idFacture int64, status, comment string) error {
	if !slices.Contains(recipientStatuses, status) {
		return fmt.Errorf("emulator: status %q is not a recipient status", status)
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.advance(now)
	inv := e.state.invoices[idFacture]
	if inv == nil {
		return errors.New("emulator: no integrated invoice with that id")
	}
	return e.setStatus(inv, status, comment, now)
}

// SetInvoiceStatusByNumber is SetInvoiceStatus for the latest integrated invoice with this number.
func (e *Emulator) SetInvoiceStatusByNumber(number, status, comment string) error {
	if !slices.Contains(recipientStatuses, status) {
		return fmt.Errorf("emulator: status %q is not a recipient status", status)
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.advance(now)
	for i := len(e.state.invoiceIDs) - 1; i >= 0; i-- {
		if inv := e.state.invoices[e.state.invoiceIDs[i]]; inv.d.Number == number {
			return e.setStatus(inv, status, comment, now)
		}
	}
	return errors.New("emulator: no integrated invoice with that number")
}

// setStatus plays a recipient action (caller holds e.mu). A structure whose payment status is
// never reported (statutMiseEnPaiementNestPasRemonte) stops at MANDATEE.
func (e *Emulator) setStatus(inv *invoiceRec, status, comment string, now time.Time) error {
	if status == "MISE_EN_PAIEMENT" && inv.recipient.paymentNotReported {
		return errors.New("emulator: this recipient never reports payment (statutMiseEnPaiementNestPasRemonte)")
	}
	e.catchUp(inv, now)
	inv.manual, inv.buyer = true, nil
	e.addHisto(inv, status, now, comment)
	return nil
}

func typeFacture(code string) string {
	switch code {
	case "381", "261", "262", "296", "308", "396", "420", "458", "532":
		return "AVOIR"
	case "386", "500":
		return "ACOMPTE"
	}
	return "FACTURE"
}

type factureFournisseur struct {
	IdentifiantFactureCPP      int64        `json:"identifiantFactureCPP"`
	TypeDemandePaiement        string       `json:"typeDemandePaiement"`
	CodeFournisseur            string       `json:"codeFournisseur"`
	TypeIdentifiantFournisseur string       `json:"typeIdentifiantFournisseur"`
	DesignationFournisseur     string       `json:"designationFournisseur"`
	IDDestinataire             int64        `json:"idDestinataire"`
	CodeDestinataire           string       `json:"codeDestinataire"`
	DesignationDestinataire    string       `json:"designationDestinataire"`
	IDServiceExecutant         int64        `json:"idServiceExecutant,omitempty"`
	CodeServiceExecutant       string       `json:"codeServiceExecutant,omitempty"`
	NomServiceExecutant        string       `json:"nomServiceExecutant,omitempty"`
	TypeFacture                string       `json:"typeFacture"`
	NumeroFacture              string       `json:"numeroFacture"`
	DateFacture                string       `json:"dateFacture"`
	DateDepot                  string       `json:"dateDepot"`
	MontantTTC                 *json.Number `json:"montantTTC,omitempty"`
	MontantAPayer              *json.Number `json:"montantAPayer,omitempty"`
	Devise                     string       `json:"devise"`
	Statut                     string       `json:"statut"`
	NumeroBonCommande          string       `json:"numeroBonCommande,omitempty"`
	NumeroFluxDepot            string       `json:"numeroFluxDepot"`
	ModeDepot                  string       `json:"modeDepot"`
	DateHeureEtatCourant       string       `json:"dateHeureEtatCourant"`
	CommentaireEtatCourant     string       `json:"commentaireEtatCourant"`
	RejetTraite                bool         `json:"rejetTraite"`
}

func amount(s string) *json.Number {
	var probe float64
	if s == "" || json.Unmarshal([]byte(s), &probe) != nil {
		return nil
	}
	n := json.Number(s)
	return &n
}

func (e *Emulator) toFacture(inv *invoiceRec) factureFournisseur {
	cur := inv.current()
	f := factureFournisseur{IdentifiantFactureCPP: inv.id, TypeDemandePaiement: "FACTURE",
		CodeFournisseur: inv.supplier.siret, TypeIdentifiantFournisseur: "SIRET", DesignationFournisseur: inv.supplier.name,
		IDDestinataire: inv.recipient.id, CodeDestinataire: inv.recipient.siret, DesignationDestinataire: inv.recipient.name,
		TypeFacture: typeFacture(inv.d.TypeCode), NumeroFacture: inv.d.Number, DateFacture: inv.d.IssueDate,
		DateDepot: inv.flux.deposited.Format("2006-01-02"), MontantTTC: amount(inv.d.Total), MontantAPayer: amount(inv.d.Total),
		Devise: inv.d.Currency, Statut: cur.Code, NumeroBonCommande: inv.d.Commitment, NumeroFluxDepot: inv.flux.numero,
		ModeDepot: "UPLOAD_API", DateHeureEtatCourant: cur.At.Format(crDateLayout), CommentaireEtatCourant: cur.Comment}
	if inv.service != nil {
		f.IDServiceExecutant, f.CodeServiceExecutant, f.NomServiceExecutant = inv.service.id, inv.service.code, inv.service.label
	}
	return f
}

// searchSupplierInvoices answers factures/v1/rechercher/fournisseur: the caller's integrated
// invoices (rejected documents of a flux never appear), paged by 10 by default.
func (e *Emulator) searchSupplierInvoices(w http.ResponseWriter, c *call) {
	var req struct {
		NumeroFluxDepot string   `json:"numeroFluxDepot"`
		NumeroFacture   string   `json:"numeroFacture"`
		IDFournisseur   int64    `json:"idFournisseur"`
		DeposeDu        string   `json:"periodeDateDepotDu"`
		TypeFacture     string   `json:"typeFacture"`
		StatutCourant   []string `json:"statutCourant"`
		Params          *struct {
			paging
			TriSens string `json:"triSens"`
		} `json:"rechercheFactureParFournisseur"`
	}
	if !decode(w, c, &req) {
		return
	}
	var since time.Time
	if req.DeposeDu != "" {
		// The Swagger's date-time; a bare day is taken too, as clients send both.
		t, err := time.Parse(time.RFC3339, req.DeposeDu)
		if err != nil {
			if t, err = time.Parse(time.DateOnly, req.DeposeDu); err != nil {
				badRequest(w, "periodeDateDepotDu")
				return
			}
		}
		since = t
	}
	now := e.now()
	var found []factureFournisseur
	e.mu.Lock()
	e.advance(now)
	for _, id := range e.state.invoiceIDs {
		inv := e.state.invoices[id]
		if inv.flux.owner != c.acct.login {
			continue
		}
		e.catchUp(inv, now)
		f := e.toFacture(inv)
		switch {
		case req.NumeroFluxDepot != "" && req.NumeroFluxDepot != f.NumeroFluxDepot,
			req.NumeroFacture != "" && req.NumeroFacture != f.NumeroFacture,
			req.IDFournisseur != 0 && req.IDFournisseur != inv.supplier.id,
			!since.IsZero() && inv.flux.deposited.Before(since),
			req.TypeFacture != "" && req.TypeFacture != f.TypeFacture,
			len(req.StatutCourant) > 0 && !slices.Contains(req.StatutCourant, f.Statut):
			continue
		}
		found = append(found, f)
	}
	e.mu.Unlock()
	var pg *paging
	if req.Params != nil {
		pg = &req.Params.paging
		if req.Params.TriSens == "Descendant" {
			slices.Reverse(found)
		}
	}
	if e.emptySearch(w, len(found)) {
		return
	}
	from, to, info := page(pg, len(found))
	writeJSON(w, http.StatusOK, struct {
		envelope
		ParametresRetour pageInfo             `json:"parametresRetour"`
		ListeFactures    []factureFournisseur `json:"listeFactures"`
	}{ok(), info, append([]factureFournisseur{}, found[from:to]...)})
}

type histoStatut struct {
	HistoStatutID          int64  `json:"histoStatutId"`
	HistoStatutCode        string `json:"histoStatutCode"`
	HistoStatutDatePassage string `json:"histoStatutDatePassage"`
	HistoStatutCommentaire string `json:"histoStatutCommentaire"`
}

// invoiceHistory answers factures/v1/consulter/historique: newest status first in the
// realistic profile (see Profile), oldest first in the strict one.
func (e *Emulator) invoiceHistory(w http.ResponseWriter, c *call) {
	var req struct {
		IDFacture int64 `json:"idFacture"`
	}
	if !decode(w, c, &req) {
		return
	}
	now := e.now()
	e.mu.Lock()
	e.advance(now)
	inv := e.state.invoices[req.IDFacture]
	if inv == nil || inv.flux.owner != c.acct.login {
		e.mu.Unlock()
		e.writeBusiness(w, codeNotFound, libelleInvoiceUnknown)
		return
	}
	e.catchUp(inv, now)
	list := make([]histoStatut, 0, len(inv.history))
	for _, h := range inv.history {
		list = append(list, histoStatut{h.ID, h.Code, h.At.Format(crDateLayout), h.Comment})
	}
	if e.realistic() {
		slices.Reverse(list)
	}
	cur, number := inv.current().Code, inv.d.Number
	e.mu.Unlock()
	type histos struct {
		HistoStatut                   []histoStatut `json:"histoStatut"`
		PageCouranteHistoStatut       int           `json:"pageCouranteHistoStatut"`
		PagesHistoStatut              int           `json:"pagesHistoStatut"`
		NbResultatsParPageHistoStatut int           `json:"nbResultatsParPageHistoStatut"`
		TotalHistoStatut              int           `json:"totalHistoStatut"`
	}
	writeJSON(w, http.StatusOK, struct {
		envelope
		IDFacture             int64  `json:"idFacture"`
		NumeroFacture         string `json:"numeroFacture"`
		ModeDepot             string `json:"modeDepot"`
		StatutCourantCode     string `json:"statutCourantCode"`
		HistoriquesDesStatuts histos `json:"historiquesDesStatuts"`
	}{ok(), req.IDFacture, number, "UPLOAD_API", cur, histos{list, 1, 1, max(len(list), 1), len(list)}})
}
