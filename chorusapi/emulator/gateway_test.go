package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"chorusdesk/domain"
)

func TestTokenEndpoint(t *testing.T) {
	e := startEmu(t, Options{TokenTTL: 90 * time.Second}, nil)
	c := &client{t: t, e: e, hc: http.DefaultClient}
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	cases := []struct {
		name      string
		form      url.Values
		basic     [2]string
		wantCode  int
		wantError string
	}{
		{"form with scope", form("grant_type", "client_credentials", "client_id", SandboxClientID, "client_secret", SandboxSecret, "scope", "openid"), [2]string{}, 200, ""},
		{"form without scope", form("grant_type", "client_credentials", "client_id", SandboxClientID, "client_secret", SandboxSecret), [2]string{}, 200, ""},
		{"basic auth", form("grant_type", "client_credentials"), [2]string{SandboxClientID, SandboxSecret}, 200, ""},
		{"production app on sandbox", form("grant_type", "client_credentials", "client_id", ProductionClientID, "client_secret", ProductionSecret), [2]string{}, 400, "invalid_client"},
		{"wrong secret", form("grant_type", "client_credentials", "client_id", SandboxClientID, "client_secret", "nope"), [2]string{}, 400, "invalid_client"},
		{"wrong basic secret", form("grant_type", "client_credentials"), [2]string{SandboxClientID, "nope"}, 400, "invalid_client"},
		{"missing grant", form("client_id", SandboxClientID, "client_secret", SandboxSecret), [2]string{}, 400, "unsupported_grant_type"},
		{"password grant", form("grant_type", "password", "client_id", SandboxClientID, "client_secret", SandboxSecret), [2]string{}, 400, "unsupported_grant_type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			req, _ := http.NewRequest(http.MethodPost, e.OAuthURL(), strings.NewReader(tc.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.basic[0] != "" {
				req.SetBasicAuth(tc.basic[0], tc.basic[1])
			}
			r := c.raw(req)
			if r.status != tc.wantCode {
				t.Fatalf("status %d, want %d: %s", r.status, tc.wantCode, r.body)
			}
			m := r.json(t)
			if tc.wantError != "" {
				if m["error"] != tc.wantError || m["access_token"] != nil {
					t.Fatalf("body %v, want error %s", m, tc.wantError)
				}
				return
			}
			if m["token_type"] != "Bearer" || m["scope"] != "openid" || m["expires_in"] != float64(90) || len(m["access_token"].(string)) < 32 {
				t.Fatalf("unexpected token body %v", m)
			}
		})
	}
}

func TestProductionInstanceRefusesSandboxApp(t *testing.T) {
	e := startEmu(t, Options{Env: domain.Production}, nil)
	c := &client{t: t, e: e, hc: http.DefaultClient}
	v := url.Values{"grant_type": {"client_credentials"}, "client_id": {SandboxClientID}, "client_secret": {SandboxSecret}}
	if r := c.tokenForm(v); r.status != 400 || r.json(t)["error"] != "invalid_client" {
		t.Fatalf("sandbox app on production: %d %s", r.status, r.body)
	}
	if tok := c.fetchToken(ProductionClientID, ProductionSecret); tok == "" {
		t.Fatal("production app refused on production")
	}
}

// TestGatewayOrder sends requests that fail several checks at once: the first check of
// chorus-api.md §7.2 must win each time.
func TestGatewayOrder(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	e := startEmu(t, Options{TokenTTL: time.Minute}, func(e *Emulator) { e.now = clk.now })
	c := newClient(t, e, demo1, pass1)
	stale := c.fetchToken(SandboxClientID, SandboxSecret)
	clk.advance(61 * time.Second) // stale expires...
	c.token = c.fetchToken(SandboxClientID, SandboxSecret)
	e.SetSubscribed("structures", false)
	e.ExpirePassword(demo2)

	good := cproAccount(demo1, pass1)
	type req struct {
		name, method, path, token, account, ctype, body string
	}
	cases := []struct {
		req
		status      int
		challenge   string // substring of WWW-Authenticate
		emptyBody   bool
		errContains string
	}{
		{req{"no bearer beats everything", "POST", "/cpro/structures/v1/nope", "", "garbage", "text/plain", "{"}, 401, `error="invalid_token"`, false, ""},
		{req{"unknown bearer", "POST", "/cpro/factures/v1/deposer/flux", "not-a-token", good, "application/json", "{}"}, 401, `error="invalid_token"`, false, ""},
		{req{"expired bearer", "GET", "/cpro/transverses/v1/health-check", stale, good, "", ""}, 401, `error="invalid_token"`, false, ""},
		{req{"unsubscribed beats bad account", "POST", "/cpro/structures/v1/rechercher", "T", "garbage", "text/plain", "{"}, 403, "", true, ""},
		{req{"missing account", "GET", "/cpro/transverses/v1/health-check", "T", "", "", ""}, 401, `realm="PISTE",error="Unauthorized"`, true, ""},
		{req{"account not base64", "GET", "/cpro/transverses/v1/health-check", "T", "%%%", "", ""}, 401, "login or password incorrects", true, ""},
		{req{"account without colon", "GET", "/cpro/transverses/v1/health-check", "T", "bG9naW4=", "", ""}, 401, "login or password incorrects", true, ""},
		{req{"wrong password", "GET", "/cpro/transverses/v1/health-check", "T", cproAccount(demo1, "bad"), "", ""}, 401, "login or password incorrects", true, ""},
		{req{"unknown login", "GET", "/cpro/transverses/v1/health-check", "T", cproAccount("TECH_1_x@cpro.fr", pass1), "", ""}, 401, "login or password incorrects", true, ""},
		{req{"expired password", "GET", "/cpro/transverses/v1/health-check", "T", cproAccount(demo2, pass2), "", ""}, 401, "login or password incorrects", true, ""},
		{req{"bad account beats unknown path", "POST", "/cpro/factures/v1/nope", "T", cproAccount(demo1, "bad"), "text/plain", "{"}, 401, "login or password incorrects", true, ""},
		{req{"unknown path beats content type", "POST", "/cpro/factures/v1/nope", "T", good, "text/plain", "{"}, 404, "", false, ""},
		{req{"wrong method", "GET", "/cpro/factures/v1/deposer/flux", "T", good, "", ""}, 405, "", true, ""},
		{req{"content type beats malformed", "POST", "/cpro/factures/v1/deposer/flux", "T", good, "text/plain", "{"}, 415, "", false, ""},
		{req{"missing content type", "POST", "/cpro/factures/v1/deposer/flux", "T", good, "", "{}"}, 415, "", false, ""},
		{req{"malformed JSON", "POST", "/cpro/factures/v1/deposer/flux", "T", good, "application/json;charset=utf-8", `{"nomFichier":`}, 400, "", false, "JSON"},
		{req{"empty body", "POST", "/cpro/transverses/v1/recuperer/structures/actives/fournisseur", "T", good, "application/json", ""}, 400, "", false, "JSON"},
		{req{"JSON array", "POST", "/cpro/transverses/v1/recuperer/structures/actives/fournisseur", "T", good, "application/json", "[]"}, 400, "", false, "JSON"},
		{req{"wrong field type", "POST", "/cpro/factures/v1/consulter/historique", "T", good, "application/json", `{"idFacture":"x"}`}, 400, "", false, "idFacture"},
		{req{"all good", "POST", "/cpro/transverses/v1/recuperer/structures/actives/fournisseur", "T", good, "application/json", "{}"}, 200, "", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			r, _ := http.NewRequest(tc.method, e.APIURL()+tc.path, strings.NewReader(tc.body))
			tok := tc.token
			if tok == "T" {
				tok = c.token
			}
			if tok != "" {
				r.Header.Set("Authorization", "Bearer "+tok)
			}
			if tc.account != "" {
				r.Header.Set("cpro-account", tc.account)
			}
			if tc.ctype != "" {
				r.Header.Set("Content-Type", tc.ctype)
			}
			got := c.raw(r)
			if got.status != tc.status {
				t.Fatalf("status %d, want %d (%s)", got.status, tc.status, got.body)
			}
			if wa := got.header.Get("WWW-Authenticate"); !strings.Contains(wa, tc.challenge) || (tc.challenge == "" && wa != "") {
				t.Fatalf("WWW-Authenticate %q, want %q", wa, tc.challenge)
			}
			if tc.emptyBody && len(got.body) != 0 {
				t.Fatalf("body %q, want empty", got.body)
			}
			if tc.errContains != "" {
				m := got.json(t)
				if m["codeRetour"] == float64(0) || !strings.Contains(m["libelle"].(string), tc.errContains) {
					t.Fatalf("body %v, want an error naming %s", m, tc.errContains)
				}
			}
		})
	}
}

func TestHealthCheckExactBody(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	c := newClient(t, e, demo1, pass1)
	r, _ := http.NewRequest(http.MethodGet, e.APIURL()+"/cpro/transverses/v1/health-check", nil)
	r.Header.Set("Authorization", "Bearer "+c.token)
	r.Header.Set("cpro-account", c.account)
	got := c.raw(r)
	m := got.json(t)
	if got.status != 200 || len(m) != 3 || m["body"] != "L'API CPRO est actuellement disponible et fonctionnel." ||
		m["statusCode"] != "OK" || m["statusCodeValue"] != float64(200) {
		t.Fatalf("health-check: %d %s", got.status, got.body)
	}
}

func TestUnsubscribeEachAPI(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	c := newClient(t, e, demo1, pass1)
	paths := map[string]string{
		"factures":     "/cpro/factures/v1/rechercher/fournisseur",
		"structures":   "/cpro/structures/v1/rechercher",
		"utilisateurs": "/cpro/utilisateurs/v1/monCompte/recuperer/rattachements",
		"transverses":  "/cpro/transverses/v1/recuperer/structures/actives/fournisseur",
	}
	for api, p := range paths {
		e.SetSubscribed(api, false)
		if r := c.post(p, map[string]any{}); r.status != 403 || len(r.body) != 0 {
			t.Fatalf("%s unsubscribed: %d %q", api, r.status, r.body)
		}
		for other, op := range paths {
			if other != api {
				if r := c.post(op, map[string]any{}); r.status != 200 {
					t.Fatalf("%s must stay reachable while %s is detached: %d", other, api, r.status)
				}
			}
		}
		e.SetSubscribed(api, true)
		if r := c.post(p, map[string]any{}); r.status != 200 {
			t.Fatalf("%s re-subscribed: %d", api, r.status)
		}
	}
}
