package chorusapi_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/chorusapi/internal/apispec"
	"chorusdesk/internal/fixtures"
)

func loadSpec(t testing.TB) *apispec.Spec {
	t.Helper()
	s, err := apispec.Load(filepath.Dir(fixtures.Swagger(apispec.FileFactures)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// clientCalls are every (method, path) the client can send; the test below must see each.
var clientCalls = []string{
	"POST /api/oauth/token",
	"GET " + chorusapi.PathHealthCheck,
	"POST " + chorusapi.PathRattachements,
	"POST " + chorusapi.PathStructuresActives,
	"POST " + chorusapi.PathRechercherStruct,
	"POST " + chorusapi.PathConsulterStruct,
	"POST " + chorusapi.PathRechercherSvc,
	"POST " + chorusapi.PathDeposerFlux,
	"POST " + chorusapi.PathConsulterCRD,
	"POST " + chorusapi.PathRechercherFourn,
	"POST " + chorusapi.PathConsulterHisto,
}

// TestClientAndEmulatorFollowTheAPIFiles records every request the client sends to the
// emulator and every answer it gets (successes, "no result" answers, refusals), and validates
// each against the official Swagger files, or the unofficial fragment for the operations AIFE
// publishes no file for. Every call the client makes is exercised.
func TestClientAndEmulatorFollowTheAPIFiles(t *testing.T) {
	spec := loadSpec(t)
	em := startEmu(t, emulator.Options{ProcessingTime: time.Millisecond})
	rec := &apispec.Recorder{}
	c := emuClient(em, func(cfg *chorusapi.Config) {
		cfg.HTTPClient = &http.Client{Transport: rec}
		cfg.Diagnostics = chorusapi.NewDiagnostics(10, 10)
	})
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.CheckToken(ctx, true))
	must(c.HealthCheck(ctx))
	_, err := c.Rattachements(ctx)
	must(err)
	_, err = c.CheckAttachment(ctx, emulator.SupplierSIRET1)
	must(err)
	for _, siret := range []string{emulator.RecipientServiceRequired, emulator.RecipientNoRequirement, "00000000000000"} {
		list, err := c.RechercherStructure(ctx, siret)
		must(err)
		for _, s := range list {
			_, err := c.ConsulterStructure(ctx, int64(s.IDStructureCPP))
			must(err)
			_, err = c.RechercherServices(ctx, int64(s.IDStructureCPP))
			must(err)
		}
	}
	_, err = c.ConsulterStructure(ctx, 25000001) // the supplier's own: the password expiry date
	must(err)
	facturx, err := os.ReadFile(fixtures.Invoice("FA-2026-0003_Factur-X-EN16931.pdf"))
	must(err)
	deposits := []chorusapi.DeposerFluxRequest{ublDeposit(t),
		{FichierFlux: sample(t, "FA-2026-0002_CII.xml"), NomFichier: "FA-2026-0002.xml", SyntaxeFlux: "IN_DP_E1_CII_16B"},
		{FichierFlux: facturx, NomFichier: "FA-2026-0003.pdf", SyntaxeFlux: "IN_DP_E2_CII_FACTURX"}}
	for _, d := range deposits {
		dep, err := c.DeposerFlux(ctx, d)
		must(err)
		var list []chorusapi.FactureResume
		for deadline := time.Now().Add(5 * time.Second); len(list) == 0 && time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
			_, err = c.ConsulterCRDetaille(ctx, dep.NumeroFluxDepot)
			must(err)
			list, err = c.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFluxDepot: dep.NumeroFluxDepot})
			must(err)
		}
		if len(list) != 1 {
			t.Fatalf("%s: not integrated", d.NomFichier)
		}
		must(em.SetInvoiceStatus(int64(list[0].IdentifiantFactureCPP), "SUSPENDUE", "pièce justificative manquante"))
		_, err = c.ConsulterHistorique(ctx, int64(list[0].IdentifiantFactureCPP))
		must(err)
	}
	// Refusals are answers too: an unknown flux, an unknown invoice.
	if _, err := c.ConsulterCRDetaille(ctx, "CPP0011100999999999999999"); err == nil {
		t.Fatal("unknown flux accepted")
	}
	if _, err := c.ConsulterHistorique(ctx, 4242); err == nil {
		t.Fatal("unknown invoice accepted")
	}

	seen := map[string]int{}
	for _, x := range rec.Exchanges() {
		key := x.Request.Method + " " + x.Request.URL.Path
		seen[key]++
		if err := spec.ValidateRequest(x.Request, x.ReqBody); err != nil {
			t.Errorf("request %s does not follow the API files: %v", key, err)
		}
		if err := spec.ValidateResponse(x.Request, x.ReqBody, x.Status, x.Header, x.RespBody); err != nil {
			t.Errorf("answer %d to %s does not follow the API files: %v\n%.300s", x.Status, key, err, x.RespBody)
		}
	}
	for _, call := range clientCalls {
		if seen[call] == 0 {
			t.Errorf("%s was never exercised", call)
		}
		method, path, _ := strings.Cut(call, " ")
		if found, _ := spec.Has(method, path); !found {
			t.Errorf("%s is in no API file", call)
		}
	}
	if len(seen) != len(clientCalls) {
		t.Errorf("the client called %v; the list above must name every call", seen)
	}
}

// TestValidatorCatchesDrift proves the validation is not vacuous: a wrong field name, a wrong
// type, a value outside an enum, a missing header are all refused.
func TestValidatorCatchesDrift(t *testing.T) {
	spec := loadSpec(t)
	req := func(body string, account bool) *http.Request {
		r, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1"+chorusapi.PathDeposerFlux, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json;charset=utf-8")
		r.Header.Set("Authorization", "Bearer x")
		if account {
			r.Header.Set("cpro-account", "bG9naW46cGFzc3dvcmQ=")
		}
		return r
	}
	good := `{"fichierFlux":"PEludm9pY2UvPg==","nomFichier":"a.xml","syntaxeFlux":"IN_DP_E1_UBL_INVOICE","avecSignature":false}`
	cases := []struct {
		name, body string
		account    bool
		ok         bool
	}{
		{"good", good, true, true},
		{"unknown field", `{"fichierFluxx":"x","nomFichier":"a.xml","syntaxeFlux":"IN_DP_E1_UBL_INVOICE"}`, true, false},
		{"wrong type", `{"fichierFlux":"x","nomFichier":7,"syntaxeFlux":"IN_DP_E1_UBL_INVOICE"}`, true, false},
		{"bogus syntax", `{"fichierFlux":"x","nomFichier":"a.xml","syntaxeFlux":"IN_DP_E2_FACTURX"}`, true, false},
		{"no cpro-account", good, false, false},
	}
	for _, tc := range cases {
		err := spec.ValidateRequest(req(tc.body, tc.account), []byte(tc.body))
		if (err == nil) != tc.ok {
			t.Errorf("request %s: error %v", tc.name, err)
		}
	}
	answers := []struct {
		name, body string
		ok         bool
	}{
		{"good", `{"codeRetour":0,"libelle":"TRA_MSG_00.000","numeroFluxDepot":"CPP","dateDepot":"2026-01-02","syntaxeFlux":"IN_DP_E1_UBL_INVOICE"}`, true},
		{"no-result shape", `{"codeRetour":20000,"libelle":"TRA_MSG_00.015 - La recherche n'a retourné aucun résultat"}`, true},
		{"unknown field", `{"codeRetour":0,"libelle":"x","numeroFlux":"CPP"}`, false},
		{"code as a string", `{"codeRetour":"0","libelle":"x"}`, false},
		{"libelle missing", `{"codeRetour":0}`, false},
		{"not a date", `{"codeRetour":0,"libelle":"x","dateDepot":"demain"}`, false},
	}
	h := http.Header{"Content-Type": {"application/json;charset=utf-8"}}
	for _, tc := range answers {
		err := spec.ValidateResponse(req(good, true), []byte(good), 200, h, []byte(tc.body))
		if (err == nil) != tc.ok {
			t.Errorf("answer %s: error %v", tc.name, err)
		}
	}
}
