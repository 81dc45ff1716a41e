package chorusapi

import (
	"context"
	"errors"
)

// API names as PISTE lists them in an application's subscriptions.
const (
	APIFactures   = "Factures"
	APIStructures = "Structures"
)

// CheckAPIs asks one small read-only page of the Structures and the Factures API, which the
// health check and the attachment look-ups (Transverses, Utilisateurs) never touch: a PISTE
// application subscribed to those two only passes them and then cannot send an invoice.
// missing names the APIs that answered 403 (not subscribed); err is any other failure.
// siret is the company's (a search for it finds nothing or its structure: either proves
// the access).
func (c *Client) CheckAPIs(ctx context.Context, siret string) (missing []string, err error) {
	if siret == "" {
		siret = "00000000000000"
	}
	probes := []struct {
		api string
		cl  call
		out any
	}{
		{APIStructures, search(PathRechercherStruct, rechercherStructureRequest{
			Parametres: &Pagination{NbResultatsParPage: 1, PageResultatDemandee: 1},
			Structure:  rechercherStructureInput{IdentifiantStructure: siret, TypeIdentifiantStructure: "SIRET"},
		}), &rechercherStructureResponse{}},
		{APIFactures, search(PathRechercherFourn, rechercherFournisseurRequest{
			RechercheFactureParFournisseur: Pagination{NbResultatsParPage: 1, PageResultatDemandee: 1},
		}), &rechercherFournisseurResponse{}},
	}
	for _, p := range probes {
		_, perr := c.page(ctx, p.cl, p.out)
		var e *Error
		switch {
		case perr == nil:
		case errors.As(perr, &e) && e.Kind == KindNotSubscribed:
			missing = append(missing, p.api)
		case err == nil:
			err = perr
		}
	}
	return missing, err
}
