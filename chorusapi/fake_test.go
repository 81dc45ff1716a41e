package chorusapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/domain"
)

// fakeCreds are distinctive so the no-secret tests can search for them.
var fakeCreds = domain.Slot{
	ClientID:     "client-id-FAKE-7a1",
	ClientSecret: "s3cret-FAKE-client-9f2e",
	Login:        "TECH_1_fake@cpro.fr",
	Password:     "p4ss-FAKE-word-c0d3",
}

// faultFunc answers a request instead of the normal route; it runs once.
type faultFunc func(w http.ResponseWriter, r *http.Request)

// fake is a small PISTE + Chorus Pro stand-in for the client's own tests: it checks what the
// client sends (form, headers, JSON) and lets a test script one-shot faults per path.
type fake struct {
	t   testing.TB
	srv *httptest.Server

	mu         sync.Mutex
	ttl        int // expires_in, seconds
	tokenSeq   int
	tokens     map[string]bool
	tokenCalls int
	hits       map[string]int // per path, every /cpro request that passed the gateway
	deposits   int            // deposits actually processed
	faults     map[string][]faultFunc
	invoices   int         // number of invoices rechercher/fournisseur knows
	siret      any         // what rattachements returns as identifiantStructure
	cache      *TokenCache // shared by the clients of this fake, as a service shares its own
	lastHeader http.Header
	lastBody   map[string]any
	tokenForm  map[string][]string
}

func newFake(t testing.TB) *fake {
	f := &fake{t: t, ttl: 3600, tokens: map[string]bool{}, hits: map[string]int{}, faults: map[string][]faultFunc{},
		invoices: 23, siret: "73282932000074", cache: NewTokenCache()}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) endpoints() domain.Endpoints {
	return domain.Endpoints{OAuthURL: f.srv.URL + "/api/oauth/token", APIURL: f.srv.URL}
}

// client builds a client for this fake with fast retries.
func (f *fake) client(mod ...func(*Config)) *Client {
	cfg := Config{Env: domain.Sandbox, Endpoints: f.endpoints(), Creds: domain.CredentialsOf(fakeCreds), Tokens: f.cache, Timeout: 5 * time.Second,
		Retry: RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxElapsed: 5 * time.Second}}
	for _, m := range mod {
		m(&cfg)
	}
	return New(cfg)
}

func (f *fake) inject(path string, fns ...faultFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[path] = append(f.faults[path], fns...)
}

func (f *fake) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *fake) revokeTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens = map[string]bool{}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/oauth/token" {
		f.serveToken(w, r)
		return
	}
	f.mu.Lock()
	auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	validTok := f.tokens[auth]
	f.mu.Unlock()
	if !validTok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="PISTE", error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	want := base64.StdEncoding.EncodeToString([]byte(fakeCreds.Login + ":" + fakeCreds.Password))
	if r.Header.Get("cpro-account") != want {
		w.Header().Set("WWW-Authenticate", `Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var in map[string]any
	_ = json.Unmarshal(body, &in)
	f.mu.Lock()
	f.hits[r.URL.Path]++
	f.lastHeader = r.Header.Clone()
	f.lastBody = in
	var fault faultFunc
	if q := f.faults[r.URL.Path]; len(q) > 0 {
		fault, f.faults[r.URL.Path] = q[0], q[1:]
	}
	f.mu.Unlock()
	if fault != nil {
		fault(w, r)
		return
	}
	f.route(w, r, in)
}

func (f *fake) serveToken(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokenCalls++
	f.tokenForm = r.PostForm
	if q := f.faults["token"]; len(q) > 0 {
		var fault faultFunc
		fault, f.faults["token"] = q[0], q[1:]
		f.mu.Unlock()
		fault(w, r)
		f.mu.Lock()
		return
	}
	if r.PostForm.Get("client_id") != fakeCreds.ClientID || r.PostForm.Get("client_secret") != fakeCreds.ClientSecret {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_client", "error_description": "bad client"})
		return
	}
	f.tokenSeq++
	tok := fmt.Sprintf("tok-%d-FAKE", f.tokenSeq)
	f.tokens[tok] = true
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": f.ttl, "scope": "openid"})
}

func ok(extra map[string]any) map[string]any {
	m := map[string]any{"codeRetour": 0, "libelle": "TRA_MSG_00.000"}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// page cuts n items into pages the way Chorus does (1-based page, size from the request).
func page(in map[string]any, block string, n int) (from, to int, ret map[string]any) {
	size, pg := 10, 1
	if b, ok := in[block].(map[string]any); ok {
		if v, ok := b["nbResultatsParPage"].(float64); ok && v > 0 {
			size = int(v)
		}
		if v, ok := b["pageResultatDemandee"].(float64); ok && v > 0 {
			pg = int(v)
		}
	}
	pages := (n + size - 1) / size
	from, to = min((pg-1)*size, n), min(pg*size, n)
	return from, to, map[string]any{"pageCourante": pg, "pages": pages, "nbResultatsParPage": size, "total": n}
}

func (f *fake) route(w http.ResponseWriter, r *http.Request, in map[string]any) {
	switch r.URL.Path {
	case PathHealthCheck:
		writeJSON(w, 200, map[string]any{"body": "L'API CPRO est actuellement disponible et fonctionnel.", "statusCode": "OK", "statusCodeValue": 200})
	case PathRattachements:
		sirets := []any{"11111111111111", f.siret, "22222222222222"}
		from, to, ret := page(in, "parametresRecherche", len(sirets))
		var list []map[string]any
		for i := from; i < to; i++ {
			list = append(list, map[string]any{"idStructure": 100 + i, "identifiantStructure": sirets[i], "designationStructure": "S", "typeIdentifiantStructure": "SIRET"})
		}
		writeJSON(w, 200, ok(map[string]any{"listeStructureRattachement": list, "parametresRetour": ret}))
	case PathStructuresActives:
		writeJSON(w, 200, ok(map[string]any{"listeStructures": []any{map[string]any{"designationStructure": "Demo", "idStructureCPP": "26", "identifiant": 73282932000074}}}))
	case PathRechercherStruct:
		writeJSON(w, 200, ok(map[string]any{"listeStructures": []any{map[string]any{"designationStructure": "Mairie", "idStructureCPP": 4242, "identifiantStructure": 99999999999999, "statut": "ACTIVE", "typeIdentifiantStructure": "SIRET"}},
			"parametresRetour": map[string]any{"pageCourante": 1, "pages": 1, "nbResultatsParPage": 10, "total": 1}}))
	case PathConsulterStruct:
		writeJSON(w, 200, ok(map[string]any{"informationGenerales": map[string]any{"idStructureCPP": "4242", "identifiantStructure": "99999999999999"},
			"parametres": map[string]any{"codeServiceDoitEtreRenseigne": true, "numeroEJDoitEtreRenseigne": false}}))
	case PathRechercherSvc:
		writeJSON(w, 200, ok(map[string]any{"listeServices": []any{map[string]any{"codeService": "SERV1", "estActif": true, "idService": 7, "libelleService": "Service 1"}},
			"parametresRetour": map[string]any{"pageCourante": 1, "pages": 1, "total": 1}}))
	case PathDeposerFlux:
		f.mu.Lock()
		f.deposits++
		n := f.deposits
		f.mu.Unlock()
		writeJSON(w, 200, ok(map[string]any{"numeroFluxDepot": fmt.Sprintf("CPP0011110%015d", n), "dateDepot": "2026-11-25", "syntaxeFlux": in["syntaxeFlux"]}))
	case PathConsulterCRD:
		writeJSON(w, 200, ok(map[string]any{"etatCourantDepotFlux": "IN_INTEGRE", "listeErreurDP": []any{}, "listeErreurTechnique": []any{}}))
	case PathRechercherFourn:
		from, to, ret := page(in, "rechercheFactureParFournisseur", f.invoices)
		list := []map[string]any{}
		for i := from; i < to; i++ {
			list = append(list, map[string]any{"identifiantFactureCPP": 1000 + i, "numeroFacture": fmt.Sprintf("F-%03d", i), "statut": "DEPOSEE", "montantTTC": 120.5})
		}
		writeJSON(w, 200, ok(map[string]any{"listeFactures": list, "parametresRetour": ret}))
	case PathConsulterHisto:
		writeJSON(w, 200, ok(map[string]any{"idFacture": in["idFacture"], "statutCourantCode": "SUSPENDUE",
			"historiquesDesStatuts": map[string]any{"histoStatut": []any{map[string]any{"histoStatutCode": "SUSPENDUE", "histoStatutCommentaire": "manque le bon de commande"}}}}))
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

// Fault helpers.
func status(code int, body string) faultFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

func withRetryAfter(code int, after string) faultFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", after)
		w.WriteHeader(code)
	}
}

func htmlStatus(code int) faultFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, "<html><body><h1>Service indisponible</h1></body></html>")
	}
}

func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func reset(w http.ResponseWriter, _ *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("no hijacker")
	}
	conn, _, _ := hj.Hijack()
	_ = conn.Close()
}
