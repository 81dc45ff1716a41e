package chorusapi_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chorusdesk/internal/fixtures"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

var emuCreds = domain.Slot{ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret,
	Login: "TECH_1_demo1@cpro.fr", Password: "demo-password-1"}

const (
	pathDeposit = "/cpro/factures/v1/deposer/flux"
	pathAttach  = "/cpro/utilisateurs/v1/monCompte/recuperer/rattachements"
	pathToken   = "/api/oauth/token"
)

func startEmu(t testing.TB, opt emulator.Options) *emulator.Emulator {
	t.Helper()
	opt.Env = domain.Sandbox
	em, err := emulator.Start("127.0.0.1:0", opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = em.Close() })
	return em
}

// emuTokens gives each emulator one token cache, shared by its clients as a service shares
// its own.
var emuTokens sync.Map // *emulator.Emulator → *chorusapi.TokenCache

// emuClient builds a client with fast retries, sharing the emulator's token cache.
func emuClient(em *emulator.Emulator, mod ...func(*chorusapi.Config)) *chorusapi.Client {
	tokens, _ := emuTokens.LoadOrStore(em, chorusapi.NewTokenCache())
	cfg := chorusapi.Config{Env: domain.Sandbox, Creds: domain.CredentialsOf(emuCreds), Tokens: tokens.(*chorusapi.TokenCache), Timeout: 5 * time.Second,
		Endpoints: domain.Endpoints{OAuthURL: em.OAuthURL(), APIURL: em.APIURL()},
		Retry:     chorusapi.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond, MaxElapsed: 10 * time.Second}}
	for _, m := range mod {
		m(&cfg)
	}
	return chorusapi.New(cfg)
}

func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(fixtures.Invoice(name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ublDeposit(t testing.TB) chorusapi.DeposerFluxRequest {
	return chorusapi.DeposerFluxRequest{FichierFlux: sample(t, "FA-2026-0001_UBL.xml"),
		NomFichier: "FA-2026-0001_UBL.xml", SyntaxeFlux: "IN_DP_E1_UBL_INVOICE"}
}

func TestEmulatorEndToEnd(t *testing.T) {
	em := startEmu(t, emulator.Options{ProcessingTime: time.Millisecond})
	c := emuClient(em)
	ctx := context.Background()
	if err := c.HealthCheck(ctx); err != nil {
		t.Fatal(err)
	}
	att, err := c.Rattachements(ctx)
	if err != nil || len(att) == 0 || string(att[0].IdentifiantStructure) != "73282932000074" {
		t.Fatalf("rattachements %+v %v", att, err)
	}
	if act, err := c.StructuresActivesFournisseur(ctx); err != nil || len(act) == 0 {
		t.Fatalf("actives %+v %v", act, err)
	}
	dep, err := c.DeposerFlux(ctx, ublDeposit(t))
	if err != nil || !strings.HasPrefix(dep.NumeroFluxDepot, "CPP001") {
		t.Fatalf("deposit %+v %v", dep, err)
	}
	cr, err := c.ConsulterCRDetaille(ctx, dep.NumeroFluxDepot)
	if err != nil || cr.EtatCourantDepotFlux == "" {
		t.Fatalf("CR %+v %v", cr, err)
	}
	_, err = c.ConsulterCRDetaille(ctx, "CPP0011100999999999999999")
	if e, ok := chorusapi.AsError(err); !ok || e.Kind != chorusapi.KindBusiness || e.CodeRetour != 20001 {
		t.Fatalf("unknown flux: %v", err)
	}
	if got := em.Requests(); got.Tokens != 1 || got.Deposits["FA-2026-0001"] != 1 {
		t.Fatalf("counts %+v", got)
	}
}

// TestEmulatorFaults: every fault the emulator can inject gives the right kind and plain message.
func TestEmulatorFaults(t *testing.T) {
	cases := []struct {
		name    string
		fault   emulator.Fault
		kind    chorusapi.Kind
		message string
		opt     emulator.Options
	}{
		{"403 not subscribed", emulator.Fault{Kind: emulator.FaultStatus, Status: 403}, chorusapi.KindNotSubscribed, "not subscribed to the Chorus Pro APIs", emulator.Options{}},
		{"401 account", emulator.Fault{Kind: emulator.FaultStatus, Status: 401}, chorusapi.KindAccountRefused, "Chorus login or password is wrong or expired", emulator.Options{}},
		{"404", emulator.Fault{Kind: emulator.FaultStatus, Status: 404}, chorusapi.KindNotFound, "Check the API URL", emulator.Options{}},
		{"413", emulator.Fault{Kind: emulator.FaultStatus, Status: 413}, chorusapi.KindTooLarge, "too large", emulator.Options{}},
		{"415", emulator.Fault{Kind: emulator.FaultStatus, Status: 415}, chorusapi.KindUnsupportedMedia, "request format", emulator.Options{}},
		{"429", emulator.Fault{Kind: emulator.Fault429, RetryAfter: 90 * time.Second}, chorusapi.KindRateLimited, "Try again in 90 seconds", emulator.Options{}},
		{"500", emulator.Fault{Kind: emulator.FaultStatus, Status: 500}, chorusapi.KindServer, "internal problem", emulator.Options{}},
		{"html 503", emulator.Fault{Kind: emulator.FaultHTML503}, chorusapi.KindServer, "under maintenance", emulator.Options{}},
		{"timeout", emulator.Fault{Kind: emulator.FaultTimeout, RetryAfter: 2 * time.Second}, chorusapi.KindTimeout, "did not answer in time", emulator.Options{}},
		{"reset", emulator.Fault{Kind: emulator.FaultReset}, chorusapi.KindNetwork, "could not be reached", emulator.Options{}},
		{"malformed", emulator.Fault{Kind: emulator.FaultMalformed}, chorusapi.KindServer, "internal problem", emulator.Options{}},
		{"business 200", emulator.Fault{Kind: emulator.FaultBusiness, CodeRetour: 20001, Libelle: "GDP_MSG_11.022"}, chorusapi.KindBusiness, "20001 GDP_MSG_11.022", emulator.Options{}},
		{"business 400", emulator.Fault{Kind: emulator.FaultBusiness, CodeRetour: 20001, Libelle: "GDP_MSG_11.022"}, chorusapi.KindBusiness, "20001 GDP_MSG_11.022", emulator.Options{BusinessErrorsAs400: true}},
		{"token 400", emulator.Fault{Endpoint: pathToken, Kind: emulator.FaultStatus, Status: 400}, chorusapi.KindInvalidClient, "PISTE client ID or secret is wrong", emulator.Options{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			em := startEmu(t, tc.opt)
			if tc.fault.Endpoint == "" {
				tc.fault.Endpoint = "recuperer/rattachements"
			}
			em.InjectFault(tc.fault)
			c := emuClient(em, func(c *chorusapi.Config) { c.Retry = chorusapi.NoRetry; c.Timeout = 500 * time.Millisecond })
			_, err := c.Rattachements(context.Background())
			e, ok := chorusapi.AsError(err)
			if !ok || e.Kind != tc.kind {
				t.Fatalf("err = %v, want kind %s", err, tc.kind)
			}
			if msg := e.Localize(i18n.EN); !strings.Contains(msg, tc.message) {
				t.Errorf("message %q lacks %q", msg, tc.message)
			}
			if fr := e.Localize(i18n.FR); fr == e.Localize(i18n.EN) {
				t.Errorf("no French message: %q", fr)
			}
		})
	}
}

// TestEmulatorRetryableFaultsClear: a transient fault that stops gives a successful call.
func TestEmulatorRetryableFaultsClear(t *testing.T) {
	for _, f := range []emulator.Fault{
		{Kind: emulator.FaultHTML503, Count: 2}, {Kind: emulator.FaultStatus, Status: 500, Count: 3},
		{Kind: emulator.FaultReset, Count: 2}, {Kind: emulator.FaultMalformed, Count: 1},
		{Kind: emulator.FaultTimeout, RetryAfter: 50 * time.Millisecond, Count: 1},
		{Endpoint: pathToken, Kind: emulator.FaultHTML503, Count: 2},
	} {
		t.Run(f.Kind+f.Endpoint, func(t *testing.T) {
			em := startEmu(t, emulator.Options{})
			if f.Endpoint == "" {
				f.Endpoint = "recuperer/rattachements"
			}
			em.InjectFault(f)
			c := emuClient(em)
			if _, err := c.Rattachements(context.Background()); err != nil {
				t.Fatalf("not recovered: %v", err)
			}
			if want := f.Count + 1; em.Requests().Endpoints[endpointOf(f)] != want {
				t.Errorf("%d requests, want %d", em.Requests().Endpoints[endpointOf(f)], want)
			}
		})
	}
	t.Run("429 with Retry-After", func(t *testing.T) {
		em := startEmu(t, emulator.Options{})
		em.InjectFault(emulator.Fault{Endpoint: "recuperer/rattachements", Kind: emulator.Fault429, RetryAfter: time.Second, Count: 1})
		start := time.Now()
		if _, err := emuClient(em).Rattachements(context.Background()); err != nil {
			t.Fatal(err)
		}
		if time.Since(start) < time.Second {
			t.Errorf("Retry-After of 1 s not honoured")
		}
	})
}

func endpointOf(f emulator.Fault) string {
	if f.Endpoint == pathToken {
		return pathToken
	}
	return pathAttach
}

// TestEmulatorDepositNotSentTwice: after a failure that may have reached Chorus, the deposit
// is not repeated; the emulator counts each deposited invoice number.
func TestEmulatorDepositNotSentTwice(t *testing.T) {
	for _, tc := range []struct {
		fault     emulator.Fault
		requests  int
		retryable bool
	}{
		{emulator.Fault{Kind: emulator.FaultHTML503}, 1, false},
		{emulator.Fault{Kind: emulator.FaultStatus, Status: 500}, 1, false},
		{emulator.Fault{Kind: emulator.FaultReset}, 1, false},
		{emulator.Fault{Kind: emulator.FaultMalformed}, 1, false},
		{emulator.Fault{Kind: emulator.FaultTimeout, RetryAfter: 2 * time.Second}, 1, false},
		{emulator.Fault{Kind: emulator.Fault429, RetryAfter: time.Second, Count: 1}, 2, true}, // refused unprocessed: retried, then OK
	} {
		t.Run(tc.fault.Kind, func(t *testing.T) {
			em := startEmu(t, emulator.Options{})
			tc.fault.Endpoint = "deposer/flux"
			em.InjectFault(tc.fault)
			c := emuClient(em, func(c *chorusapi.Config) { c.Timeout = 500 * time.Millisecond })
			_, err := c.DeposerFlux(context.Background(), ublDeposit(t))
			got := em.Requests()
			if got.Endpoints[pathDeposit] != tc.requests {
				t.Fatalf("deposit requests = %d, want %d", got.Endpoints[pathDeposit], tc.requests)
			}
			if got.Deposits["FA-2026-0001"] > 1 {
				t.Fatalf("invoice deposited %d times", got.Deposits["FA-2026-0001"])
			}
			if tc.retryable {
				if err != nil || got.Deposits["FA-2026-0001"] != 1 {
					t.Fatalf("err=%v deposits=%v", err, got.Deposits)
				}
				return
			}
			e, ok := chorusapi.AsError(err)
			if !ok || e.Retryable || !e.MaybeProcessed {
				t.Fatalf("err = %+v: must say not retryable, maybe processed", e)
			}
		})
	}
}

func TestEmulatorTokenSharedAndRenewed(t *testing.T) {
	em := startEmu(t, emulator.Options{TokenTTL: 2 * time.Second})
	ctx := context.Background()
	clients := []*chorusapi.Client{emuClient(em), emuClient(em), emuClient(em)}
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if clients[i%3].HealthCheck(ctx) != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	if failed.Load() != 0 || em.Requests().Tokens != 1 || clients[2].TokenRequests() != 1 {
		t.Fatalf("failed=%d tokens=%d", failed.Load(), em.Requests().Tokens)
	}
	// The 2 s token is renewed at half-life, before the emulator would refuse it.
	time.Sleep(1100 * time.Millisecond)
	if err := clients[0].HealthCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if em.Requests().Tokens != 2 {
		t.Fatalf("tokens = %d, want 2 (renewed)", em.Requests().Tokens)
	}
}

// TestEmulatorRestartedTokenUnknown: a token the server no longer knows (restart, revocation)
// gets 401 invalid_token; the client renews once and the call succeeds.
func TestEmulatorRestartedTokenUnknown(t *testing.T) {
	em, err := emulator.Start("127.0.0.1:0", emulator.Options{Env: domain.Sandbox})
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(em.APIURL(), "http://")
	c := emuClient(em, func(c *chorusapi.Config) { c.Retry = chorusapi.NoRetry })
	if err := c.HealthCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	_ = em.Close()
	em2, err := emulator.Start(addr, emulator.Options{Env: domain.Sandbox})
	if err != nil {
		t.Skipf("cannot restart on %s: %v", addr, err)
	}
	defer em2.Close()
	if err := c.HealthCheck(context.Background()); err != nil {
		t.Fatalf("not renewed after 401: %v", err)
	}
	if got := em2.Requests(); got.Tokens != 1 || got.Endpoints["/cpro/transverses/v1/health-check"] != 2 || c.TokenRequests() != 2 {
		t.Fatalf("counts %+v, client fetches %d", got, c.TokenRequests())
	}
}

func TestEmulatorWrongCredentials(t *testing.T) {
	em := startEmu(t, emulator.Options{})
	for _, tc := range []struct {
		mod  func(*domain.Slot)
		kind chorusapi.Kind
	}{
		{func(c *domain.Slot) { c.ClientSecret = "x" }, chorusapi.KindInvalidClient},
		{func(c *domain.Slot) {
			c.ClientID, c.ClientSecret = emulator.ProductionClientID, emulator.ProductionSecret
		}, chorusapi.KindInvalidClient},
		{func(c *domain.Slot) { c.Password = "demo-password-2" }, chorusapi.KindAccountRefused},
		{func(c *domain.Slot) { c.Login = "TECH_1_nobody@cpro.fr" }, chorusapi.KindAccountRefused},
	} {
		creds := emuCreds
		tc.mod(&creds)
		c := emuClient(em, func(c *chorusapi.Config) { c.Creds = domain.CredentialsOf(creds) })
		if err := c.HealthCheck(context.Background()); !chorusapi.IsKind(err, tc.kind) {
			t.Errorf("%v: want %s", err, tc.kind)
		}
	}
}

// BenchmarkDeposit deposits the UBL sample with 50 ms of injected latency at several
// concurrencies; it reports deposits per second and token requests (must stay at 1).
func BenchmarkDeposit(b *testing.B) {
	for _, conc := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("conc=%d", conc), func(b *testing.B) {
			em := startEmu(b, emulator.Options{Latency: 50 * time.Millisecond})
			c := emuClient(em)
			req := ublDeposit(b)
			jobs := make(chan struct{}, b.N)
			for range b.N {
				jobs <- struct{}{}
			}
			close(jobs)
			var failed atomic.Int64
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for range conc {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range jobs {
						if _, err := c.DeposerFlux(context.Background(), req); err != nil {
							failed.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if failed.Load() != 0 {
				b.Fatalf("%d deposits failed", failed.Load())
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "deposits/s")
			b.ReportMetric(float64(em.Requests().Tokens), "tokens")
		})
	}
}

// TestEmulatorInvoicesAndStructures walks the tracking and customer-lookup calls: invoices of
// twelve deposits found past the first page of ten, a recipient's status change read back in
// the history, and a public structure with its flags and services. It deposits one number
// twelve times, which the realistic profile rejects as duplicates: the strict profile keeps
// them all.
func TestEmulatorInvoicesAndStructures(t *testing.T) {
	em := startEmu(t, emulator.Options{ProcessingTime: time.Nanosecond, Profile: emulator.ProfileStrict}) // integrated on the next call
	c := emuClient(em)
	ctx := context.Background()
	fluxes := map[string]bool{}
	for range 12 {
		dep, err := c.DeposerFlux(ctx, ublDeposit(t))
		if err != nil {
			t.Fatal(err)
		}
		fluxes[dep.NumeroFluxDepot] = true
	}
	if len(fluxes) != 12 {
		t.Fatalf("%d distinct flux numbers for 12 deposits", len(fluxes))
	}
	found, err := c.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFacture: "FA-2026-0001", PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 12 {
		t.Fatalf("found %d invoices, want 12 (paging past 10)", len(found))
	}
	ids := map[int64]bool{}
	for _, f := range found {
		if !fluxes[f.NumeroFluxDepot] || f.NumeroFacture != "FA-2026-0001" || f.Statut == "" {
			t.Errorf("unexpected %+v", f)
		}
		ids[int64(f.IdentifiantFactureCPP)] = true
	}
	if len(ids) != 12 {
		t.Fatalf("%d distinct invoice ids", len(ids))
	}
	one, err := c.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFluxDepot: found[0].NumeroFluxDepot})
	if err != nil || len(one) != 1 {
		t.Fatalf("by flux: %d, %v", len(one), err)
	}
	id := int64(found[0].IdentifiantFactureCPP)
	if err := em.SetInvoiceStatus(id, "SUSPENDUE", "bon de commande manquant"); err != nil {
		t.Fatal(err)
	}
	h, err := c.ConsulterHistorique(ctx, id)
	if err != nil || int64(h.IDFacture) != id || h.StatutCourantCode != "SUSPENDUE" {
		t.Fatalf("historique %+v %v", h, err)
	}
	comment := false
	for _, s := range h.HistoriquesDesStatuts.HistoStatut {
		comment = comment || (s.HistoStatutCode == "SUSPENDUE" && s.HistoStatutCommentaire == "bon de commande manquant")
	}
	if !comment {
		t.Errorf("reason missing from %+v", h.HistoriquesDesStatuts)
	}

	st, err := c.RechercherStructure(ctx, emulator.RecipientServiceRequired)
	if err != nil || len(st) != 1 || string(st[0].IdentifiantStructure) != emulator.RecipientServiceRequired {
		t.Fatalf("rechercher %+v %v", st, err)
	}
	det, err := c.ConsulterStructure(ctx, int64(st[0].IDStructureCPP))
	if err != nil || !det.Parametres.CodeServiceDoitEtreRenseigne || det.Parametres.NumeroEJDoitEtreRenseigne {
		t.Fatalf("consulter %+v %v", det, err)
	}
	svcs, err := c.RechercherServices(ctx, int64(st[0].IDStructureCPP))
	if err != nil || len(svcs) != 3 {
		t.Fatalf("services %+v %v", svcs, err)
	}
	inactive := 0
	for _, s := range svcs {
		if !s.EstActif {
			inactive++
		}
	}
	if inactive != 1 {
		t.Errorf("%d inactive services, want 1", inactive)
	}
	if none, err := c.RechercherStructure(ctx, "00000000000000"); err != nil || len(none) != 0 {
		t.Errorf("unknown SIRET: %+v %v", none, err)
	}
}
