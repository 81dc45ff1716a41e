package emulator

import (
	"net/http"
	"path/filepath"
	"testing"

	"chorusdesk/chorusapi/internal/apispec"
	"chorusdesk/internal/fixtures"
)

// TestAnswersFollowTheAPIFiles calls every route of the emulator, the successes, the "no
// result" answers and the refusals, and validates each request and answer against the
// official Swagger files (Factures, Structures) or the unofficial fragment (Transverses,
// Utilisateurs) kept in internal/fixtures/swagger.
func TestAnswersFollowTheAPIFiles(t *testing.T) {
	spec, err := apispec.Load(filepath.Dir(fixtures.Swagger(apispec.FileFactures)))
	if err != nil {
		t.Fatal(err)
	}
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	rec := &apispec.Recorder{}
	c := newClient(t, e, demo1, pass1)
	c.hc.Transport = rec
	c.fetchToken(SandboxClientID, SandboxSecret)

	get, _ := http.NewRequest(http.MethodGet, e.APIURL()+"/cpro/transverses/v1/health-check", nil)
	get.Header.Set("Authorization", "Bearer "+c.token)
	get.Header.Set("cpro-account", c.account)
	c.raw(get)
	c.call("/cpro/utilisateurs/v1/monCompte/recuperer/rattachements",
		map[string]any{"parametresRecherche": map[string]any{"nbResultatsParPage": 100, "pageResultatDemandee": 1}})
	c.call("/cpro/transverses/v1/recuperer/structures/actives/fournisseur", map[string]any{})
	c.list("/cpro/structures/v1/rechercher", map[string]any{"structure": map[string]any{"identifiantStructure": "00000000000000",
		"typeIdentifiantStructure": "SIRET"}}, "listeStructures")
	c.call("/cpro/structures/v1/rechercher", map[string]any{"restreindreStructuresPrivees": true,
		"parametres": map[string]any{"nbResultatsParPage": 10, "pageResultatDemandee": 1}})
	for _, id := range []int64{25000001, 26000001, 26000002, 26000005} {
		c.call("/cpro/structures/v1/consulter", map[string]any{"idStructureCPP": id})
		c.list("/cpro/structures/v1/rechercher/services", map[string]any{"idStructure": id,
			"parametresRechercherServicesStructure": map[string]any{"nbResultatsParPage": 100}}, "listeServices")
	}
	deposits := []struct{ file, syntax string }{
		{"FA-2026-0001_UBL.xml", "IN_DP_E1_UBL_INVOICE"}, {"FA-2026-0002_CII.xml", "IN_DP_E1_CII_16B"},
		{"FA-2026-0003_Factur-X-EN16931.pdf", "IN_DP_E2_CII_FACTURX"},
	}
	for _, d := range deposits {
		numero := c.deposit(d.file, d.syntax, testdataFile(t, d.file))
		c.waitFlux(numero)
		c.call("/cpro/transverses/v1/consulterCR", map[string]any{"numeroFluxDepot": numero})
		inv := c.invoicesOf(numero)
		if len(inv) != 1 {
			t.Fatalf("%s not integrated", d.file)
		}
		id := int64(inv[0].(map[string]any)["identifiantFactureCPP"].(float64))
		if err := e.SetInvoiceStatus(id, "REJETEE", "montant erroné"); err != nil {
			t.Fatal(err)
		}
		c.call("/cpro/factures/v1/consulter/historique", map[string]any{"idFacture": id})
	}
	c.list("/cpro/factures/v1/rechercher/fournisseur", map[string]any{"numeroFacture": "NONE"}, "listeFactures")
	c.post("/cpro/transverses/v1/consulterCRDetaille", map[string]any{"numeroFluxDepot": "CPP0011100999999999999999"})
	c.post("/cpro/factures/v1/consulter/historique", map[string]any{"idFacture": 1})
	// A deposit the emulator refuses (wrong syntax value) is an answer too.
	c.post("/cpro/factures/v1/deposer/flux", map[string]any{"fichierFlux": "eA==", "nomFichier": "a.xml", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"})

	paths := map[string]bool{}
	for _, x := range rec.Exchanges() {
		key := x.Request.Method + " " + x.Request.URL.Path
		paths[key] = true
		if err := spec.ValidateRequest(x.Request, x.ReqBody); err != nil {
			t.Errorf("request %s: %v", key, err)
		}
		if err := spec.ValidateResponse(x.Request, x.ReqBody, x.Status, x.Header, x.RespBody); err != nil {
			t.Errorf("answer %d to %s: %v\n%.300s", x.Status, key, err, x.RespBody)
		}
	}
	for p, rt := range routes {
		if !paths[rt.method+" "+p] {
			t.Errorf("route %s %s was not exercised", rt.method, p)
		}
	}
	if !paths["POST /api/oauth/token"] {
		t.Error("the token endpoint was not exercised")
	}
}
