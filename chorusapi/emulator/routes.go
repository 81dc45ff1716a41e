package emulator

import "net/http"

type route struct {
	method string
	fn     func(e *Emulator, w http.ResponseWriter, c *call)
}

// routes are the Chorus Pro operations the emulator implements (everything the client calls,
// plus consulterCR).
var routes = map[string]route{
	"/cpro/transverses/v1/health-check":                             {http.MethodGet, (*Emulator).healthCheck},
	"/cpro/utilisateurs/v1/monCompte/recuperer/rattachements":       {http.MethodPost, (*Emulator).rattachements},
	"/cpro/transverses/v1/recuperer/structures/actives/fournisseur": {http.MethodPost, (*Emulator).activeSupplierStructures},
	"/cpro/structures/v1/rechercher":                                {http.MethodPost, (*Emulator).searchStructures},
	"/cpro/structures/v1/consulter":                                 {http.MethodPost, (*Emulator).consultStructure},
	"/cpro/structures/v1/rechercher/services":                       {http.MethodPost, (*Emulator).searchServices},
	"/cpro/factures/v1/deposer/flux":                                {http.MethodPost, (*Emulator).depositFlux},
	"/cpro/transverses/v1/consulterCRDetaille":                      {http.MethodPost, (*Emulator).consultCRDetailed},
	"/cpro/transverses/v1/consulterCR":                              {http.MethodPost, (*Emulator).consultCR},
	"/cpro/factures/v1/rechercher/fournisseur":                      {http.MethodPost, (*Emulator).searchSupplierInvoices},
	"/cpro/factures/v1/consulter/historique":                        {http.MethodPost, (*Emulator).invoiceHistory},
}

// healthCheckBody is the exact answer observed on the real sandbox (chorus-api.md §3.1).
const healthCheckBody = `{"body":"L'API CPRO est actuellement disponible et fonctionnel.","statusCode":"OK","statusCodeValue":200}`

func (e *Emulator) healthCheck(w http.ResponseWriter, _ *call) {
	w.Header().Set("Content-Type", jsonContentType)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(healthCheckBody))
}

// paging is the request side of every paged search (names differ per endpoint, shape does not).
type paging struct {
	PerPage int64 `json:"nbResultatsParPage"`
	Page    int64 `json:"pageResultatDemandee"`
}

// pageInfo is the parametresRetour block.
type pageInfo struct {
	PageCourante       int `json:"pageCourante"`
	Pages              int `json:"pages"`
	NbResultatsParPage int `json:"nbResultatsParPage"`
	Total              int `json:"total"`
}

// page returns the [from,to) bounds of the requested page of total items and the
// parametresRetour block; the default page size is 10 as on Chorus Pro.
func page(p *paging, total int) (from, to int, info pageInfo) {
	per, n := 10, 1
	if p != nil {
		if p.PerPage > 0 {
			per = int(min(p.PerPage, 10000))
		}
		if p.Page > 0 {
			n = int(min(p.Page, 1<<30))
		}
	}
	pages := (total + per - 1) / per
	from = min((n-1)*per, total)
	to = min(from+per, total)
	return from, to, pageInfo{PageCourante: n, Pages: pages, NbResultatsParPage: per, Total: total}
}
