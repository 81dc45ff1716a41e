package chorusapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

func TestHeadersAndTokenForm(t *testing.T) {
	f := newFake(t)
	c := f.client()
	if err := c.HealthCheck(context.Background()); err != nil {
		t.Fatalf("health check: %v", err)
	}
	if _, err := c.StructuresActivesFournisseur(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := f.lastHeader
	if got := h.Get("Authorization"); !strings.HasPrefix(got, "Bearer tok-") {
		t.Errorf("Authorization = %q, want a Bearer token", got)
	}
	if got, want := h.Get("cpro-account"), base64.StdEncoding.EncodeToString([]byte(fakeCreds.Login+":"+fakeCreds.Password)); got != want {
		t.Errorf("cpro-account mismatch")
	}
	if got := h.Get("Content-Type"); got != "application/json;charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := h.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
	if f.tokenForm["scope"][0] != "openid" || f.tokenForm["grant_type"][0] != "client_credentials" || f.tokenForm["client_id"][0] != fakeCreds.ClientID {
		t.Errorf("token form lacks scope/grant/client_id: keys %v", keys(f.tokenForm))
	}
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestTypedCallsDecode(t *testing.T) {
	f := newFake(t)
	c := f.client()
	ctx := context.Background()

	att, err := c.Rattachements(ctx)
	if err != nil || len(att) != 3 || att[1].IdentifiantStructure != "73282932000074" {
		t.Fatalf("rattachements = %+v, %v", att, err)
	}
	act, err := c.StructuresActivesFournisseur(ctx)
	if err != nil || len(act) != 1 || act[0].IDStructureCPP != 26 || act[0].Identifiant != "73282932000074" {
		t.Fatalf("actives = %+v, %v (id as string, SIRET as number must both decode)", act, err)
	}
	st, err := c.RechercherStructure(ctx, "99999999999999")
	if err != nil || len(st) != 1 || st[0].IDStructureCPP != 4242 || st[0].IdentifiantStructure != "99999999999999" {
		t.Fatalf("rechercher = %+v, %v", st, err)
	}
	if f.lastBody["structure"].(map[string]any)["typeIdentifiantStructure"] != "SIRET" {
		t.Errorf("rechercher body: %v", f.lastBody)
	}
	det, err := c.ConsulterStructure(ctx, 4242)
	if err != nil || det.InformationGenerales.IDStructureCPP != 4242 || !det.Parametres.CodeServiceDoitEtreRenseigne {
		t.Fatalf("consulter = %+v, %v", det, err)
	}
	svc, err := c.RechercherServices(ctx, 4242)
	if err != nil || len(svc) != 1 || svc[0].CodeService != "SERV1" || !bool(svc[0].EstActif) {
		t.Fatalf("services = %+v, %v", svc, err)
	}
	if f.lastBody["idStructure"].(float64) != 4242 {
		t.Errorf("services body: %v", f.lastBody)
	}
	dep, err := c.DeposerFlux(ctx, DeposerFluxRequest{FichierFlux: []byte("<Invoice/>"), NomFichier: "f.xml", SyntaxeFlux: "IN_DP_E1_UBL_INVOICE"})
	if err != nil || !strings.HasPrefix(dep.NumeroFluxDepot, "CPP001") || dep.DateDepot != "2026-11-25" {
		t.Fatalf("deposer = %+v, %v", dep, err)
	}
	if f.lastBody["fichierFlux"] != base64.StdEncoding.EncodeToString([]byte("<Invoice/>")) || f.lastBody["avecSignature"] != false {
		t.Errorf("deposer body: %v", f.lastBody)
	}
	cr, err := c.ConsulterCRDetaille(ctx, dep.NumeroFluxDepot)
	if err != nil || cr.EtatCourantDepotFlux != "IN_INTEGRE" {
		t.Fatalf("CR = %+v, %v", cr, err)
	}
	h, err := c.ConsulterHistorique(ctx, 1003)
	if err != nil || h.IDFacture != 1003 || h.StatutCourantCode != "SUSPENDUE" || h.HistoriquesDesStatuts.HistoStatut[0].HistoStatutCommentaire == "" {
		t.Fatalf("historique = %+v, %v", h, err)
	}
}

func TestRechercherFournisseurFetchesEveryPage(t *testing.T) {
	for _, tc := range []struct{ invoices, pageSize int }{{0, 10}, {10, 10}, {23, 10}, {23, 0}, {101, 7}} {
		f := newFake(t)
		f.invoices = tc.invoices
		got, err := f.client().RechercherFacturesFournisseur(context.Background(), RechercheFournisseur{NumeroFluxDepot: "CPP1", PageSize: tc.pageSize})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.invoices {
			t.Errorf("%d invoices, page %d: got %d", tc.invoices, tc.pageSize, len(got))
		}
		seen := map[int64]bool{}
		for _, fr := range got {
			if seen[int64(fr.IdentifiantFactureCPP)] {
				t.Errorf("duplicate %d", fr.IdentifiantFactureCPP)
			}
			seen[int64(fr.IdentifiantFactureCPP)] = true
		}
	}
}

// TestFaultKinds checks each fault becomes the right kind, retry flag and plain message.
func TestFaultKinds(t *testing.T) {
	cases := []struct {
		name      string
		path      string
		fault     faultFunc
		kind      Kind
		retryable bool
	}{
		{"403 empty body", PathHealthCheck, status(403, ""), KindNotSubscribed, false},
		{"404", PathHealthCheck, status(404, ""), KindNotFound, false},
		{"413", PathDeposerFlux, status(413, ""), KindTooLarge, false},
		{"415", PathDeposerFlux, status(415, ""), KindUnsupportedMedia, false},
		{"400 malformed request", PathRattachements, status(400, `{"message":"bad json"}`), KindBadRequest, false},
		{"400 business", PathConsulterCRD, status(400, `{"codeRetour":20001,"libelle":"POQ_MSG_01.003 - Flux introuvable."}`), KindBusiness, false},
		{"200 business", PathConsulterCRD, status(200, `{"codeRetour":"20001","libelle":"POQ_MSG_01.003 - Flux introuvable."}`), KindBusiness, false},
		{"429 retry-after", PathRattachements, withRetryAfter(429, "120"), KindRateLimited, true},
		{"500 json", PathRattachements, status(500, `{"error":"x"}`), KindServer, true},
		{"503 html", PathRattachements, htmlStatus(503), KindServer, true},
		{"200 html", PathRattachements, htmlStatus(200), KindServer, true},
		{"504", PathRattachements, status(504, ""), KindTimeout, true},
		{"reset", PathRattachements, reset, KindNetwork, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			for range 10 {
				f.inject(tc.path, tc.fault)
			}
			c := f.client(func(c *Config) { c.Retry = NoRetry })
			err := callPath(c, tc.path)
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("err = %v, want *Error", err)
			}
			if e.Kind != tc.kind || e.Retryable != tc.retryable {
				t.Fatalf("kind=%s retryable=%v, want %s %v", e.Kind, e.Retryable, tc.kind, tc.retryable)
			}
			en, fr := e.Localize(i18n.EN), e.Localize(i18n.FR)
			if en == "" || fr == "" || en == fr || strings.HasPrefix(en, "api.") || strings.HasPrefix(fr, "api.") {
				t.Errorf("messages not in the catalog: %q / %q", en, fr)
			}
			if tc.kind == KindBusiness && (e.CodeRetour != 20001 || !strings.Contains(en, "Flux introuvable")) {
				t.Errorf("business error lost code or libelle: %+v %q", e, en)
			}
			if tc.kind == KindRateLimited && e.RetryAfter != 120*time.Second {
				t.Errorf("RetryAfter = %v", e.RetryAfter)
			}
		})
	}
}

func callPath(c *Client, path string) error {
	ctx := context.Background()
	switch path {
	case PathHealthCheck:
		return c.HealthCheck(ctx)
	case PathRattachements:
		_, err := c.Rattachements(ctx)
		return err
	case PathConsulterCRD:
		_, err := c.ConsulterCRDetaille(ctx, "CPP1")
		return err
	case PathDeposerFlux:
		_, err := c.DeposerFlux(ctx, DeposerFluxRequest{FichierFlux: []byte("x"), NomFichier: "a.xml", SyntaxeFlux: "IN_DP_E1_UBL_INVOICE"})
		return err
	}
	panic(path)
}

func TestAuthFaults(t *testing.T) {
	t.Run("invalid client", func(t *testing.T) {
		f := newFake(t)
		c := f.client(func(c *Config) { c.Creds.ClientSecret = []byte("wrong-secret") })
		err := c.HealthCheck(context.Background())
		if !IsKind(err, KindInvalidClient) {
			t.Fatalf("err = %v", err)
		}
		e, _ := AsError(err)
		if e.Retryable || !strings.Contains(e.Localize(i18n.EN), "PISTE client ID or secret is wrong, or belongs to the other environment") {
			t.Errorf("%+v %q", e, e.Localize(i18n.EN))
		}
		if f.count(PathHealthCheck) != 0 {
			t.Errorf("no /cpro call may be made without a token")
		}
	})
	t.Run("account refused", func(t *testing.T) {
		f := newFake(t)
		c := f.client(func(c *Config) { c.Creds.Password = []byte("expired-password") })
		err := c.HealthCheck(context.Background())
		e, ok := AsError(err)
		if !ok || e.Kind != KindAccountRefused || e.Retryable {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(e.Localize(i18n.EN), "Chorus login or password is wrong or expired") {
			t.Errorf("%q", e.Localize(i18n.EN))
		}
		if f.tokenCalls != 1 {
			t.Errorf("a wrong password must not renew the token: %d token calls", f.tokenCalls)
		}
	})
	t.Run("not subscribed", func(t *testing.T) {
		f := newFake(t)
		f.inject(PathHealthCheck, status(403, ""))
		err := f.client(func(c *Config) { c.Retry = NoRetry }).HealthCheck(context.Background())
		e, _ := AsError(err)
		if e == nil || !strings.Contains(e.Localize(i18n.EN), "not subscribed to the Chorus Pro APIs, or their terms were not accepted for this environment") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("token endpoint 503", func(t *testing.T) {
		f := newFake(t)
		f.inject("token", htmlStatus(503))
		c := f.client()
		if err := c.HealthCheck(context.Background()); err != nil {
			t.Fatalf("a transient token failure must be retried: %v", err)
		}
		if f.tokenCalls != 2 {
			t.Errorf("token calls = %d, want 2", f.tokenCalls)
		}
	})
}

func TestTransportFaults(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		c := New(Config{Endpoints: domain.Endpoints{OAuthURL: "http://" + addr + "/t", APIURL: "http://" + addr},
			Creds: domain.CredentialsOf(fakeCreds), Retry: RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
		err = c.HealthCheck(context.Background())
		e, ok := AsError(err)
		if !ok || e.Kind != KindNetwork || !e.Retryable {
			t.Fatalf("err = %v", err)
		}
		if c.Attempts() != 3 {
			t.Errorf("attempts = %d, want 3 (retryable, bounded)", c.Attempts())
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		srv := httptest.NewTLSServer(http.NotFoundHandler())
		defer srv.Close()
		c := New(Config{Endpoints: domain.Endpoints{OAuthURL: srv.URL + "/t", APIURL: srv.URL}, Creds: domain.CredentialsOf(fakeCreds), Retry: NoRetry})
		e, ok := AsError(c.HealthCheck(context.Background()))
		if !ok || e.Kind != KindTLS || e.Retryable {
			t.Fatalf("err = %v, want tls", e)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		f := newFake(t)
		f.inject(PathRattachements, hang)
		c := f.client(func(c *Config) { c.Timeout = 200 * time.Millisecond; c.Retry = NoRetry })
		_, err := c.Rattachements(context.Background())
		e, ok := AsError(err)
		if !ok || e.Kind != KindTimeout || !e.Retryable || !e.MaybeProcessed {
			t.Fatalf("err = %+v", e)
		}
	})
}

// TestRetryableSucceedOnceFaultClears: transient faults are retried and the call succeeds.
func TestRetryableSucceedOnceFaultClears(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault faultFunc
	}{
		{"503 html", htmlStatus(503)}, {"500", status(500, "")}, {"429", status(429, "")},
		{"reset", reset}, {"malformed", status(200, `{"codeRetour":0,"listeStr`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.inject(PathRattachements, tc.fault, tc.fault)
			c := f.client()
			got, err := c.Rattachements(context.Background())
			if err != nil || len(got) != 3 {
				t.Fatalf("got %d, %v", len(got), err)
			}
			if n := f.count(PathRattachements); n != 3 {
				t.Errorf("requests = %d, want 3 (2 faults + success)", n)
			}
		})
	}
	t.Run("gives up after MaxAttempts", func(t *testing.T) {
		f := newFake(t)
		for range 10 {
			f.inject(PathRattachements, status(500, ""))
		}
		_, err := f.client().Rattachements(context.Background())
		if !IsKind(err, KindServer) || f.count(PathRattachements) != 4 {
			t.Fatalf("err=%v requests=%d, want server after 4", err, f.count(PathRattachements))
		}
	})
	t.Run("retry-after longer than budget ends retries", func(t *testing.T) {
		f := newFake(t)
		f.inject(PathRattachements, withRetryAfter(429, "3600"))
		_, err := f.client().Rattachements(context.Background())
		e, _ := AsError(err)
		if e == nil || e.Kind != KindRateLimited || e.RetryAfter != time.Hour || f.count(PathRattachements) != 1 {
			t.Fatalf("err=%v requests=%d", err, f.count(PathRattachements))
		}
	})
	t.Run("retry-after honoured", func(t *testing.T) {
		f := newFake(t)
		f.inject(PathRattachements, withRetryAfter(429, "1"))
		start := time.Now()
		if _, err := f.client().Rattachements(context.Background()); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited < time.Second {
			t.Errorf("retried after %v, Retry-After said 1 s", waited)
		}
	})
}

// TestDeposerFluxNeverSentTwice: a deposit is repeated only when the failure proves Chorus did
// not process it.
func TestDeposerFluxNeverSentTwice(t *testing.T) {
	dep := DeposerFluxRequest{FichierFlux: []byte("<Invoice/>"), NomFichier: "f.xml", SyntaxeFlux: "IN_DP_E1_UBL_INVOICE"}
	for _, tc := range []struct {
		name           string
		fault          faultFunc
		wantErr        Kind
		wantArrivals   int
		maybeProcessed bool
	}{
		{"503 html", htmlStatus(503), KindServer, 1, true},
		{"503 retry-after", withRetryAfter(503, "1"), KindServer, 1, true},
		{"500", status(500, ""), KindServer, 1, true},
		{"reset after send", reset, KindNetwork, 1, true},
		{"malformed 200", status(200, `{"codeRetour":0,"numeroFlux`), KindServer, 1, true},
		{"429 is retried", status(429, ""), "", 2, false},
		{"401 expired token is retried", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="PISTE", error="invalid_token"`)
			w.WriteHeader(401)
		}, "", 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.inject(PathDeposerFlux, tc.fault)
			_, err := f.client().DeposerFlux(context.Background(), dep)
			if f.count(PathDeposerFlux) != tc.wantArrivals {
				t.Errorf("deposit requests = %d, want %d", f.count(PathDeposerFlux), tc.wantArrivals)
			}
			if tc.wantErr == "" {
				if err != nil || f.deposits != 1 {
					t.Fatalf("err=%v deposits=%d", err, f.deposits)
				}
				return
			}
			e, ok := AsError(err)
			if !ok || e.Kind != tc.wantErr || e.Retryable || e.MaybeProcessed != tc.maybeProcessed {
				t.Fatalf("err = %+v", e)
			}
		})
	}
	t.Run("timeout after send", func(t *testing.T) {
		f := newFake(t)
		f.inject(PathDeposerFlux, hang)
		_, err := f.client(func(c *Config) { c.Timeout = 200 * time.Millisecond }).DeposerFlux(context.Background(), dep)
		e, _ := AsError(err)
		if e == nil || e.Kind != KindTimeout || e.Retryable || !e.MaybeProcessed || f.count(PathDeposerFlux) != 1 {
			t.Fatalf("err=%+v requests=%d", e, f.count(PathDeposerFlux))
		}
	})
	t.Run("connection refused is retried", func(t *testing.T) {
		f := newFake(t)
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close()
		c := f.client(func(c *Config) { c.Endpoints.APIURL = "http://" + addr })
		_, err := c.DeposerFlux(context.Background(), dep)
		e, _ := AsError(err)
		if e == nil || e.Kind != KindNetwork || !e.Retryable || e.MaybeProcessed || c.Attempts() != 4 {
			t.Fatalf("err=%+v attempts=%d", e, c.Attempts())
		}
	})
}

func TestTokenSharedAcrossCallsAndClients(t *testing.T) {
	f := newFake(t)
	clients := []*Client{f.client(), f.client(), f.client(func(c *Config) { c.Diagnostics = NewDiagnostics(10, 10) })}
	var wg sync.WaitGroup
	errs := make(chan error, 60)
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- clients[i%3].HealthCheck(context.Background())
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if f.tokenCalls != 1 || clients[0].TokenRequests() != 1 {
		t.Fatalf("token fetched %d times (client says %d), want 1", f.tokenCalls, clients[0].TokenRequests())
	}
	other := f.client(func(c *Config) { c.Creds.ClientSecret = []byte("other") })
	if other.TokenRequests() != 0 {
		t.Errorf("a different secret must get its own token source")
	}
}

func TestTokenRenewedBeforeExpiry(t *testing.T) {
	f := newFake(t)
	f.ttl = 2 // shorter than twice the 240 s margin: renewed at half-life (1 s)
	c := f.client()
	ctx := context.Background()
	for range 3 {
		if err := c.HealthCheck(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if c.TokenRequests() != 1 {
		t.Fatalf("a fresh 2 s token must be reused: %d fetches", c.TokenRequests())
	}
	time.Sleep(1100 * time.Millisecond) // let the token reach its renewal point (real clock)
	if err := c.HealthCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if c.TokenRequests() != 2 {
		t.Fatalf("token not renewed: %d fetches", c.TokenRequests())
	}
}

func TestExpiredTokenRenewedOnceOn401(t *testing.T) {
	f := newFake(t)
	c := f.client(func(c *Config) { c.Retry = NoRetry })
	ctx := context.Background()
	if err := c.HealthCheck(ctx); err != nil {
		t.Fatal(err)
	}
	f.revokeTokens() // the server forgets the token before its announced expiry
	if err := c.HealthCheck(ctx); err != nil {
		t.Fatalf("401 invalid_token must renew and retry: %v", err)
	}
	if c.TokenRequests() != 2 || f.count(PathHealthCheck) != 2 {
		t.Fatalf("fetches=%d health=%d", c.TokenRequests(), f.count(PathHealthCheck))
	}
	// A server that keeps refusing fresh tokens: one renewal, one retry, then the error.
	for range 5 {
		f.inject(PathHealthCheck, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="PISTE", error="invalid_token", error_description="token expired"`)
			w.WriteHeader(401)
		})
	}
	err := c.HealthCheck(ctx)
	if !IsKind(err, KindAccountRefused) || c.TokenRequests() != 3 || f.count(PathHealthCheck) != 4 {
		t.Fatalf("err=%v fetches=%d health=%d", err, c.TokenRequests(), f.count(PathHealthCheck))
	}
}

// TestNoSecretInLogOrErrors runs successes and every kind of failure and searches the record
// of exchanges (what the diagnostics bundle holds) and the error texts for each secret.
func TestNoSecretInLogOrErrors(t *testing.T) {
	f := newFake(t)
	diag := NewDiagnostics(200, 100)
	c := f.client(func(c *Config) { c.Diagnostics = diag })
	ctx := context.Background()
	var texts []string
	record := func(err error) {
		if err != nil {
			texts = append(texts, err.Error())
			if e, ok := AsError(err); ok {
				texts = append(texts, e.Localize(i18n.FR))
				if e.Unwrap() != nil {
					texts = append(texts, e.Unwrap().Error())
				}
			}
		}
	}
	record(c.HealthCheck(ctx))
	f.inject(PathRattachements, status(500, ""), reset, status(400, `{"codeRetour":1,"libelle":"x"}`))
	_, err := c.Rattachements(ctx)
	record(err)
	f.revokeTokens()
	_, err = c.DeposerFlux(ctx, DeposerFluxRequest{FichierFlux: []byte("data"), NomFichier: "a.xml", SyntaxeFlux: "IN_DP_E1_UBL_INVOICE"})
	record(err)
	bad := f.client(func(c *Config) {
		c.Creds.ClientSecret = []byte("wrong-" + fakeCreds.ClientSecret)
		c.Diagnostics = diag
	})
	record(bad.HealthCheck(ctx))
	wrongPw := f.client(func(c *Config) {
		c.Diagnostics = diag
		c.Creds.Password = []byte("wrong-" + fakeCreds.Password)
	})
	record(wrongPw.HealthCheck(ctx))

	exchanges := diag.Exchanges()
	if len(exchanges) < 6 {
		t.Fatalf("%d exchanges recorded: too few to prove anything", len(exchanges))
	}
	var lines []string
	for _, x := range exchanges {
		b, _ := json.Marshal(x)
		lines = append(lines, string(b))
	}
	for _, w := range diag.Warnings() {
		b, _ := json.Marshal(w)
		lines = append(lines, string(b))
	}
	log := strings.Join(lines, "\n")
	secrets := []string{fakeCreds.ClientSecret, fakeCreds.Password, "FAKE-word", "tok-", "Bearer",
		base64.StdEncoding.EncodeToString([]byte(fakeCreds.Login + ":" + fakeCreds.Password)),
		base64.StdEncoding.EncodeToString([]byte(fakeCreds.Login + ":wrong-" + fakeCreds.Password))}
	for _, s := range secrets {
		if strings.Contains(log, s) {
			t.Errorf("request log contains a secret (%d chars)", len(s))
		}
		for _, txt := range texts {
			if strings.Contains(txt, s) {
				t.Errorf("an error text contains a secret (%d chars)", len(s))
			}
		}
	}
	seen := func(what string, match func(Exchange) bool) {
		t.Helper()
		if !slices.ContainsFunc(exchanges, match) {
			t.Errorf("no exchange shows %s:\n%s", what, log)
		}
	}
	seen("the 500 of rattachements", func(x Exchange) bool {
		return x.Path == PathRattachements && x.Status == 500 && x.Result == string(KindServer)
	})
	seen("a second attempt", func(x Exchange) bool { return x.Attempt == 2 })
	seen("invalid_client", func(x Exchange) bool { return x.Result == string(KindInvalidClient) })
	seen("account_refused", func(x Exchange) bool { return x.Result == string(KindAccountRefused) })
}
