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
// deposited it. Chorus Pro is asked only for the invoices deposited since opt.Since, and only
// for the company's own structure when the technical account names it (a `*****` account
// shared by several companies would list the invoices of all of them); an invoice of another
// supplier is never listed.
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
	co, err := o.svc.CompanyByID(companyID)
	if err != nil {
		return nil, err
	}
	siret := domain.NormalizeSIRET(co.SIRET)
	q := chorusapi.RechercheFournisseur{DeposeDu: opt.Since}
	if siret != "" {
		q.IDFournisseur = supplierStructure(ctx, cl, siret)
	}
	list, err := cl.RechercherFacturesFournisseur(ctx, q)
	if err != nil {
		return nil, err
	}
	byFlux, err := o.depositsOf(companyID, env)
	if err != nil {
		return nil, err
	}
	since := ""
	if !opt.Since.IsZero() {
		since = opt.Since.Format(time.DateOnly)
	}
	out := make([]ListingEntry, 0, len(list))
	for _, f := range list {
		if d := dateOnly(f.DateDepot); since != "" && d != "" && d < since {
			continue // a server that ignored the period
		}
		if code := domain.NormalizeSIRET(string(f.CodeFournisseur)); siret != "" && code != "" && code != siret {
			continue // another company of a shared technical account
		}
		row, _ := InvoiceRow(f.Statut, false)
		e := ListingEntry{Number: f.NumeroFacture, InvoiceID: int64(f.IdentifiantFactureCPP), Status: f.Statut,
			Stage: row.Stage, Deposited: f.DateDepot, Flux: f.NumeroFluxDepot, ModeDepot: f.ModeDepot,
			Buyer: string(f.CodeDestinataire), BuyerName: f.DesignationDestinataire, Amount: f.MontantTTC,
			Currency: f.Devise, Origin: OriginOther}
		d, ok := byFlux[e.Flux]
		switch {
		case ok && e.Flux != "":
			e.Origin, e.ItemID, e.Tag = OriginApp, d.id, d.tag
		case portalModes[f.ModeDepot]:
			e.Origin = OriginPortal
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Deposited > out[j].Deposited })
	return out, nil
}

// supplierStructure is the idStructureCPP of the supplier structure siret among those the
// technical account acts for; 0 when it cannot tell (the search then filters by SIRET alone).
func supplierStructure(ctx context.Context, cl *chorusapi.Client, siret string) int64 {
	list, err := cl.StructuresActivesFournisseur(ctx)
	if err != nil {
		return 0 // a 403 or a 404 on this call is no verdict: the answers are filtered anyway
	}
	for _, s := range list {
		if domain.NormalizeSIRET(string(s.Identifiant)) == siret {
			return int64(s.IDStructureCPP)
		}
	}
	return 0
}

// deposit is the outbox item that holds a flux.
type deposit struct{ id, tag string }

// depositsOf maps the fluxes of the company's items in env to them (the store's flux index,
// then the engine's copies, fresher for items being deposited).
func (o *Outbox) depositsOf(companyID string, env domain.Env) (map[string]deposit, error) {
	byFlux, err := o.st.fluxesOf(companyID, env)
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, it := range o.items {
		if it.CompanyID == companyID && it.Env == env && it.Flux != "" {
			byFlux[it.Flux] = deposit{it.ID, it.Tag}
		}
	}
	return byFlux, nil
}
