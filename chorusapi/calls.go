package chorusapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// Endpoint paths (relative to the API URL).
const (
	PathHealthCheck       = "/cpro/transverses/v1/health-check"
	PathRattachements     = "/cpro/utilisateurs/v1/monCompte/recuperer/rattachements"
	PathStructuresActives = "/cpro/transverses/v1/recuperer/structures/actives/fournisseur"
	PathRechercherStruct  = "/cpro/structures/v1/rechercher"
	PathConsulterStruct   = "/cpro/structures/v1/consulter"
	PathRechercherSvc     = "/cpro/structures/v1/rechercher/services"
	PathDeposerFlux       = "/cpro/factures/v1/deposer/flux"
	PathConsulterCRD      = "/cpro/transverses/v1/consulterCRDetaille"
	PathRechercherFourn   = "/cpro/factures/v1/rechercher/fournisseur"
	PathConsulterHisto    = "/cpro/factures/v1/consulter/historique"
)

// maxPages stops a paged loop on a server that keeps announcing more pages.
const maxPages = 1000

func post(path string, body any) call {
	return call{method: http.MethodPost, path: path, body: body, idempotent: true}
}

// search is post for a search: Chorus Pro's "no result" answers are an empty list.
func search(path string, body any) call {
	c := post(path, body)
	c.search = true
	return c
}

// page runs one page of a search; empty is true when Chorus Pro answered "no result".
func (c *Client) page(ctx context.Context, cl call, out any) (empty bool, err error) {
	err = c.do(ctx, cl, out, true)
	if errors.Is(err, errNoResult) {
		return true, nil
	}
	return false, err
}

// HealthCheck calls the Transverses health check; it proves the token and the technical
// account (cpro-account) are accepted.
func (c *Client) HealthCheck(ctx context.Context) error {
	var r HealthCheckResponse
	if err := c.do(ctx, call{method: http.MethodGet, path: PathHealthCheck, idempotent: true}, &r, false); err != nil {
		return err
	}
	if r.StatusCodeValue != 0 && r.StatusCodeValue != 200 || r.StatusCode != "" && !strings.EqualFold(r.StatusCode, "OK") {
		e := newError(KindServer, PathHealthCheck, http.StatusOK)
		e.Libelle = truncate(r.StatusCode, 40)
		return e
	}
	return nil
}

// Rattachements lists every structure the technical account is attached to (all pages).
func (c *Client) Rattachements(ctx context.Context) ([]Rattachement, error) {
	var all []Rattachement
	for page := int64(1); page <= maxPages; page++ {
		var r rattachementsResponse
		req := rattachementsRequest{ParametresRecherche: Pagination{NbResultatsParPage: 100, PageResultatDemandee: page,
			TriColonne: "IdStructure", TriSens: "Descendant"}}
		empty, err := c.page(ctx, search(PathRattachements, req), &r)
		if err != nil {
			return nil, err
		}
		if empty {
			break
		}
		all = append(all, r.ListeStructureRattachement...)
		if int64(r.ParametresRetour.Pages) <= page || len(r.ListeStructureRattachement) == 0 {
			break
		}
	}
	return all, nil
}

// StructuresActivesFournisseur lists the supplier structures the account may invoice from.
func (c *Client) StructuresActivesFournisseur(ctx context.Context) ([]StructureActive, error) {
	var r structuresActivesResponse
	if _, err := c.page(ctx, search(PathStructuresActives, struct{}{}), &r); err != nil {
		return nil, err
	}
	return r.ListeStructures, nil
}

// RechercherStructure finds public structures by SIRET. An unknown SIRET is an empty list,
// whether Chorus Pro says so with codeRetour 0 or with a "no result" code.
func (c *Client) RechercherStructure(ctx context.Context, siret string) ([]Structure, error) {
	var all []Structure
	for page := int64(1); page <= maxPages; page++ {
		var r rechercherStructureResponse
		req := rechercherStructureRequest{
			Parametres: &Pagination{NbResultatsParPage: 100, PageResultatDemandee: page},
			Structure:  rechercherStructureInput{IdentifiantStructure: siret, TypeIdentifiantStructure: "SIRET"},
		}
		empty, err := c.page(ctx, search(PathRechercherStruct, req), &r)
		if err != nil {
			return nil, err
		}
		if empty {
			break
		}
		all = append(all, r.ListeStructures...)
		if int64(r.ParametresRetour.Pages) <= page || len(r.ListeStructures) == 0 {
			break
		}
	}
	return all, nil
}

// ConsulterStructure reads a structure's record, including which references it requires.
func (c *Client) ConsulterStructure(ctx context.Context, idStructureCPP int64) (*StructureDetail, error) {
	var r StructureDetail
	if err := c.do(ctx, post(PathConsulterStruct, consulterStructureRequest{IDStructureCPP: idStructureCPP}), &r, true); err != nil {
		return nil, err
	}
	return &r, nil
}

// RechercherServices lists the services of a structure (all pages). A structure without any
// service gives an empty list (Chorus Pro may answer "no result" for it).
func (c *Client) RechercherServices(ctx context.Context, idStructureCPP int64) ([]Service, error) {
	var all []Service
	for page := int64(1); page <= maxPages; page++ {
		var r rechercherServicesResponse
		req := rechercherServicesRequest{IDStructure: idStructureCPP,
			ParametresRechercherServicesStructure: Pagination{NbResultatsParPage: 1000, PageResultatDemandee: page}}
		empty, err := c.page(ctx, search(PathRechercherSvc, req), &r)
		if err != nil {
			return nil, err
		}
		if empty {
			break
		}
		all = append(all, r.ListeServices...)
		if int64(r.ParametresRetour.Pages) <= page || len(r.ListeServices) == 0 {
			break
		}
	}
	return all, nil
}

// DeposerFlux deposits one file (XML, PDF/A-3 or tar.gz). It is NOT idempotent: each call
// creates a new flux. It is retried automatically only when the failure proves nothing reached
// Chorus Pro: the token could not be had, the connection could not be made (DNS, refused, TLS
// handshake — request headers never written), a 429 rate limit, a 401 expired token (refused
// by the gateway). After a timeout, a reset once the request was written, a 5xx (503 included:
// a gateway may answer 503 after forwarding) or a malformed 2xx, it is not retried and the
// error has MaybeProcessed=true and Retryable=false: the caller must look the invoice up
// (RechercherFacturesFournisseur) before depositing again.
func (c *Client) DeposerFlux(ctx context.Context, in DeposerFluxRequest) (*DeposerFluxResponse, error) {
	body, err := depositBody(in)
	if err != nil {
		return nil, err
	}
	var r DeposerFluxResponse
	cl := call{method: http.MethodPost, path: PathDeposerFlux, body: body, idempotent: false}
	if err := c.do(ctx, cl, &r, true); err != nil {
		return nil, err
	}
	return &r, nil
}

// ConsulterCRDetaille reads the detailed report of a flux.
func (c *Client) ConsulterCRDetaille(ctx context.Context, numeroFluxDepot string) (*CRDetaille, error) {
	var r CRDetaille
	if err := c.do(ctx, post(PathConsulterCRD, consulterCRRequest{NumeroFluxDepot: numeroFluxDepot}), &r, true); err != nil {
		return nil, err
	}
	return &r, nil
}

// RechercherFacturesFournisseur lists the supplier's invoices matching q, every page (the
// server answers 10 per page by default; OCA lost invoices past the tenth).
func (c *Client) RechercherFacturesFournisseur(ctx context.Context, q RechercheFournisseur) ([]FactureResume, error) {
	size := int64(q.PageSize)
	if size <= 0 {
		size = 50
	}
	var all []FactureResume
	for page := int64(1); page <= maxPages; page++ {
		var r rechercherFournisseurResponse
		req := rechercherFournisseurRequest{NumeroFluxDepot: q.NumeroFluxDepot, NumeroFacture: q.NumeroFacture,
			StatutCourant: q.StatutCourant, IDFournisseur: q.IDFournisseur,
			RechercheFactureParFournisseur: Pagination{NbResultatsParPage: size, PageResultatDemandee: page}}
		if !q.DeposeDu.IsZero() {
			req.PeriodeDateDepotDu = q.DeposeDu.Format(time.RFC3339) // the Swagger's date-time
		}
		empty, err := c.page(ctx, search(PathRechercherFourn, req), &r)
		if err != nil {
			return nil, err
		}
		if empty {
			break
		}
		all = append(all, r.ListeFactures...)
		if int64(r.ParametresRetour.Pages) <= page || len(r.ListeFactures) == 0 {
			break
		}
	}
	return all, nil
}

// ConsulterHistorique reads an invoice's current status and status history. Read it with
// Latest and Changes, which order it by date, never by position.
func (c *Client) ConsulterHistorique(ctx context.Context, idFacture int64) (*Historique, error) {
	var r Historique
	if err := c.do(ctx, post(PathConsulterHisto, consulterHistoriqueRequest{IDFacture: idFacture}), &r, true); err != nil {
		return nil, err
	}
	return &r, nil
}
