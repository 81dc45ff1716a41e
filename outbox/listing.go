package outbox

import (
	"context"
	"errors"
	"sort"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/domain"
)

// Origin says who deposited an invoice found on Chorus Pro: the difference the setup's ID tag
// exists for.
type Origin string

const (
	// OriginApp: deposited by this app (its flux is one of the outbox's items, which carry the
	// setup's ID tag in their file name).
	OriginApp Origin = "app"
	// OriginPortal: deposited by hand on the Chorus Pro portal (modeDepot says so).
	OriginPortal Origin = "portal"
	// OriginOther: deposited through the API or EDI by something else than this outbox
	// (another tool, another installation).
	OriginOther Origin = "other"
)

// portalModes are the modeDepot values of a deposit made by a person on the portal (Factures
// Swagger, modeDepot enum: SAISIE_WEB, PORTAIL_PDF, SAISIE_PORTAIL, DEPOT_PDF_PORTAIL,
// DEPOT_PDF_SIGNE_PORTAIL, UPLOAD_PORTAIL; the others are API, EDI or scanning channels).
var portalModes = map[string]bool{
	"SAISIE_WEB": true, "PORTAIL_PDF": true, "SAISIE_PORTAIL": true,
	"DEPOT_PDF_PORTAIL": true, "DEPOT_PDF_SIGNE_PORTAIL": true, "UPLOAD_PORTAIL": true,
}

// ListingEntry is one invoice of the supplier on Chorus Pro.
type ListingEntry struct {
	Number    string
	InvoiceID int64
	Status    string // Chorus Pro's statut
	Stage     Stage  // the status in the user's words (the state table)
	Deposited string // dateDepot as Chorus Pro gives it
	Flux      string
	ModeDepot string
	Buyer     string // codeDestinataire (SIRET)
	BuyerName string
	Amount    float64 // montantTTC
	Currency  string
	Origin    Origin
	ItemID    string // the outbox item, when this app deposited it
	Tag       string // that item's ID tag
}

// ListingOptions select the invoices of Listing.
type ListingOptions struct {
	Env   domain.Env // "" = the active environment
	Since time.Time  // deposited on or after this day; zero = all
}

// Listing lists the invoices Chorus Pro holds for the company (every page of the supplier
// search, through the setup that applies), newest deposit first, each marked with who
// deposited it.
func (o *Outbox) Listing(ctx context.Context, companyID string, opt ListingOptions) ([]ListingEntry, error) {
	env := opt.Env
	if env == "" {
		var err error
		if env, err = o.svc.ActiveEnv(); err != nil {
			return nil, err
		}
	}
	probe := &Item{CompanyID: companyID, Env: env}
	cl, err := o.client(probe)
	if err != nil {
		var nt *errNotTransferred
		if errors.As(err, &nt) {
			return nil, nt.res.ReasonError()
		}
		return nil, err
	}
	list, err := cl.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{})
	if err != nil {
		return nil, err
	}
	byFlux, byInvoice := o.depositsOf(companyID, env)
	since := ""
	if !opt.Since.IsZero() {
		since = opt.Since.Format(time.DateOnly)
	}
	out := make([]ListingEntry, 0, len(list))
	for _, f := range list {
		if d := dateOnly(f.DateDepot); since != "" && d != "" && d < since {
			continue
		}
		row, _ := InvoiceRow(f.Statut, false)
		e := ListingEntry{Number: f.NumeroFacture, InvoiceID: int64(f.IdentifiantFactureCPP), Status: f.Statut,
			Stage: row.Stage, Deposited: f.DateDepot, Flux: f.NumeroFluxDepot, ModeDepot: f.ModeDepot,
			Buyer: string(f.CodeDestinataire), BuyerName: f.DesignationDestinataire, Amount: f.MontantTTC,
			Currency: f.Devise, Origin: OriginOther}
		it, ok := byInvoice[e.InvoiceID]
		if !ok && e.Flux != "" {
			it, ok = byFlux[e.Flux]
		}
		switch {
		case ok:
			e.Origin, e.ItemID, e.Tag = OriginApp, it.ID, it.Tag
		case portalModes[f.ModeDepot]:
			e.Origin = OriginPortal
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Deposited > out[j].Deposited })
	return out, nil
}

// depositsOf indexes the company's deposited items by flux and by invoice identifier.
func (o *Outbox) depositsOf(companyID string, env domain.Env) (byFlux map[string]Item, byInvoice map[int64]Item) {
	byFlux, byInvoice = map[string]Item{}, map[int64]Item{}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, it := range o.items {
		if it.CompanyID != companyID || it.Env != env || it.Flux == "" {
			continue
		}
		byFlux[it.Flux] = *it
		if it.InvoiceID != 0 {
			byInvoice[it.InvoiceID] = *it
		}
	}
	return byFlux, byInvoice
}
