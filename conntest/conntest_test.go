package conntest

import (
	"context"
	"io"
	"log"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

const (
	demoSIRET  = "73282932000074" // attached to TECH_1_demo1
	otherSIRET = "55208131766522" // attached to TECH_1_demo2 only
)

var demoCreds = domain.Slot{ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret,
	Login: "TECH_1_demo1@cpro.fr", Password: "demo-password-1"}

func startEmulator(t *testing.T) *emulator.Emulator {
	t.Helper()
	em, err := emulator.Start("127.0.0.1:0", emulator.Options{Env: domain.Sandbox})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = em.Close() })
	return em
}

func endpoints(em *emulator.Emulator) domain.Endpoints {
	return domain.Endpoints{OAuthURL: em.OAuthURL(), APIURL: em.APIURL()}
}

func verdicts(r domain.TestResult) string {
	var b strings.Builder
	for _, s := range r.Steps {
		switch {
		case s.Skipped && s.OK:
			b.WriteString("n") // skipped with a note, not a failure
		case s.Skipped:
			b.WriteString("-")
		case s.OK:
			b.WriteString("+")
		default:
			b.WriteString("x")
		}
	}
	return b.String()
}

func TestRunAgainstEmulator(t *testing.T) {
	closedAddr := func() string {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		defer ln.Close()
		return ln.Addr().String()
	}()
	cases := []struct {
		name     string
		prepare  func(em *emulator.Emulator, ep *domain.Endpoints, c *domain.Slot, siret *string)
		verdicts string
		failMsg  string // substring of the failing (or noted) step's message
		// checkAPIs: the Test the user runs also asks Structures and Factures.
		checkAPIs bool
	}{
		{"all pass", nil, "+++++", "", false},
		{"all pass, APIs checked", nil, "+++++", "", true},
		{"Factures not subscribed, APIs not checked (the engine's check)", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.SetSubscribed("factures", false)
		}, "+++++", "", false},
		{"Factures not subscribed", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.SetSubscribed("factures", false)
		}, "+++x-", "not subscribed to the Chorus Pro API Factures in this environment", true},
		{"Structures and Factures not subscribed", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.SetSubscribed("factures", false)
			em.SetSubscribed("structures", false)
		}, "+++x-", "the Chorus Pro API Structures, Factures in this environment", true},
		{"Factures down", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.InjectFault(emulator.Fault{Endpoint: "rechercher/fournisseur", Kind: emulator.FaultHTML503})
		}, "+++x-", "internal problem or is under maintenance", true},
		{"no SIRET", func(_ *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, s *string) { *s = "" }, "++++n", "no SIRET", false},
		{"wrong secret", func(_ *emulator.Emulator, _ *domain.Endpoints, c *domain.Slot, _ *string) {
			c.ClientSecret = "nope"
		}, "++x--", "PISTE client ID or secret is wrong, or belongs to the other environment", false},
		{"production app on sandbox", func(_ *emulator.Emulator, _ *domain.Endpoints, c *domain.Slot, _ *string) {
			c.ClientID, c.ClientSecret = emulator.ProductionClientID, emulator.ProductionSecret
		}, "++x--", "belongs to the other environment", false},
		{"wrong password", func(_ *emulator.Emulator, _ *domain.Endpoints, c *domain.Slot, _ *string) {
			c.Password = "demo-password-9"
		}, "+++x-", "Chorus login or password is wrong or expired", false},
		{"expired password", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.ExpirePassword(demoCreds.Login)
		}, "+++x-", "Chorus login or password is wrong or expired", false},
		{"not subscribed", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.SetSubscribed("transverses", false)
		}, "+++x-", "not subscribed to the Chorus Pro APIs, or their terms were not accepted for this environment", false},
		{"utilisateurs not subscribed", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.SetSubscribed("utilisateurs", false)
		}, "+++++", "", false}, // the attachment is read from structures/actives/fournisseur first
		{"actives route missing (404), rattachements answers", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.InjectFault(emulator.Fault{Endpoint: "structures/actives/fournisseur", Kind: emulator.FaultStatus, Status: 404})
		}, "+++++", "", false},
		{"both attachment lookups refused", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.InjectFault(emulator.Fault{Endpoint: "structures/actives/fournisseur", Kind: emulator.FaultStatus, Status: 403})
			em.SetSubscribed("utilisateurs", false)
		}, "++++x", "would not say which structures", false},
		{"other company's SIRET", func(_ *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, s *string) {
			*s = otherSIRET
		}, "++++x", "not attached to SIRET " + otherSIRET, false},
		{"empty login", func(_ *emulator.Emulator, _ *domain.Endpoints, c *domain.Slot, _ *string) {
			c.Login = ""
		}, "x----", "Incomplete", false},
		{"API host down", func(_ *emulator.Emulator, ep *domain.Endpoints, _ *domain.Slot, _ *string) {
			ep.APIURL = "http://" + closedAddr
		}, "+x---", "No connection to " + closedAddr, false},
		{"unknown host", func(_ *emulator.Emulator, ep *domain.Endpoints, _ *domain.Slot, _ *string) {
			ep.OAuthURL = "https://no-such-host.invalid/api/oauth/token"
		}, "+x---", "could not be resolved", false},
		{"bad URL", func(_ *emulator.Emulator, ep *domain.Endpoints, _ *domain.Slot, _ *string) {
			ep.APIURL = "ftp://x"
		}, "+x---", "is not valid", false},
		{"server down (HTML 503)", func(em *emulator.Emulator, _ *domain.Endpoints, _ *domain.Slot, _ *string) {
			em.InjectFault(emulator.Fault{Endpoint: "health-check", Kind: emulator.FaultHTML503})
		}, "+++x-", "internal problem or is under maintenance", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			em := startEmulator(t)
			ep, creds, siret := endpoints(em), demoCreds, demoSIRET
			if tc.prepare != nil {
				tc.prepare(em, &ep, &creds, &siret)
			}
			var live []int
			res := Run(context.Background(), ep, domain.CredentialsOf(creds), siret, Options{Timeout: 5 * time.Second,
				CheckAPIs: tc.checkAPIs, OnStep: func(i int, s domain.TestStep) { live = append(live, i) }})
			if got := verdicts(res); got != tc.verdicts {
				t.Fatalf("verdicts %s, want %s: %+v", got, tc.verdicts, res.Steps)
			}
			if res.OK != !strings.ContainsAny(tc.verdicts, "x-") {
				t.Errorf("OK = %v with verdicts %s", res.OK, tc.verdicts)
			}
			if len(live) != len(Steps) || live[0] != 0 || live[4] != 4 {
				t.Errorf("OnStep calls %v", live)
			}
			for i, s := range res.Steps {
				if s.Name != Steps[i].Name || s.Message == "" {
					t.Errorf("step %d: %+v", i, s)
				}
			}
			if tc.failMsg != "" {
				found := false
				for _, s := range res.Steps {
					if (!s.OK || s.Skipped) && strings.Contains(s.Message, tc.failMsg) {
						found = true
					}
				}
				if !found {
					t.Errorf("no step says %q: %+v", tc.failMsg, res.Steps)
				}
			}
			if tc.verdicts == "+++++" && !strings.Contains(res.Steps[1].Message, "TLS not applicable") {
				t.Errorf("plain-http loopback must say TLS is not applicable: %q", res.Steps[0].Message)
			}
			if host := strings.TrimPrefix(ep.APIURL, "http://"); tc.verdicts == "+++++" &&
				strings.Count(res.Steps[1].Message, host) != 1 {
				t.Errorf("the network step names the one host of both URLs other than once: %q", res.Steps[1].Message)
			}
		})
	}
}

func TestRunOverTLS(t *testing.T) {
	em := emulator.New(emulator.Options{Env: domain.Sandbox})
	srv := httptest.NewUnstartedServer(em.Handler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below is expected
	srv.StartTLS()
	defer srv.Close()
	ep := domain.Endpoints{OAuthURL: srv.URL + "/api/oauth/token", APIURL: srv.URL}
	certPool := newPool(srv.Certificate())

	res := Run(context.Background(), ep, domain.CredentialsOf(demoCreds), demoSIRET, Options{RootCAs: certPool, HTTPClient: srv.Client()})
	if verdicts(res) != "+++++" || !strings.Contains(res.Steps[1].Message, "TLS") || strings.Contains(res.Steps[1].Message, "not applicable") {
		t.Fatalf("%s %+v", verdicts(res), res.Steps)
	}
	// Without trusting the test certificate, TLS must fail (never skipped).
	res = Run(context.Background(), ep, domain.CredentialsOf(demoCreds), demoSIRET, Options{})
	if verdicts(res) != "+x---" || !strings.Contains(res.Steps[1].Message, "secure connection") {
		t.Fatalf("%s %+v", verdicts(res), res.Steps)
	}
}

func TestRunSpeaksFrench(t *testing.T) {
	em := startEmulator(t)
	c := demoCreds
	c.Password = "Zq9-wrong-pw"
	res := Run(context.Background(), endpoints(em), domain.CredentialsOf(c), demoSIRET, Options{Lang: i18n.FR})
	if verdicts(res) != "+++x-" || !strings.Contains(res.Steps[3].Message, "mot de passe Chorus est faux ou expiré") ||
		!strings.Contains(res.Steps[4].Message, "ignorée") {
		t.Fatalf("%+v", res.Steps)
	}
	for _, s := range res.Steps {
		if strings.Contains(s.Message, c.Password) || strings.Contains(s.Message, c.ClientSecret) {
			t.Fatal("a step message holds a secret")
		}
	}
}

func TestForCompanyUsesSavedValuesAndStoresResult(t *testing.T) {
	em := startEmulator(t)
	svc, err := core.Open(t.TempDir(), core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Init([]byte("correct horse battery staple")); err != nil {
		t.Fatal(err)
	}
	co, err := svc.AddCompany("ACME", "Acme SA", demoSIRET)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveSetup(co.ID, domain.Setup{Enabled: true, Sandbox: demoCreds}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetEndpoints(domain.Sandbox, endpoints(em)); err != nil {
		t.Fatal(err)
	}
	var live int
	res, err := ForCompany(context.Background(), svc, co.ID, domain.Sandbox, Options{OnStep: func(int, domain.TestStep) { live++ }})
	if err != nil {
		t.Fatal(err)
	}
	if verdicts(res) != "+++++" || res.Company != "ACME" || res.Env != domain.Sandbox || live != len(Steps) {
		t.Fatalf("%s %+v", verdicts(res), res)
	}
	last, ok, err := svc.LastTestResult(co.ID, domain.Sandbox)
	if err != nil || !ok || last.OK != res.OK || len(last.Steps) != len(Steps) || !last.Time.Equal(res.Time) {
		t.Fatalf("stored %+v %v %v", last, ok, err)
	}
	// The production slot is empty: the Test says what to fill in, and that is stored too.
	if err := svc.SetEndpoints(domain.Production, endpoints(em)); err != nil {
		t.Fatal(err)
	}
	res, err = ForCompany(context.Background(), svc, co.ID, domain.Production, Options{})
	if err != nil || verdicts(res) != "x----" || !strings.Contains(res.Steps[0].Message, "Incomplete") {
		t.Fatalf("%s %+v %v", verdicts(res), res.Steps, err)
	}
	if _, ok, _ := svc.LastTestResult(co.ID, domain.Production); !ok {
		t.Error("production result not stored")
	}
	if _, err := ForCompany(context.Background(), svc, "no-such-id", domain.Sandbox, Options{}); err == nil {
		t.Error("unknown company accepted")
	}
}

// TestOnStepIsLive: each step is reported before the next one starts.
func TestOnStepIsLive(t *testing.T) {
	em := startEmulator(t)
	var tokensSeen []int
	res := Run(context.Background(), endpoints(em), domain.CredentialsOf(demoCreds), demoSIRET, Options{OnStep: func(i int, _ domain.TestStep) {
		tokensSeen = append(tokensSeen, em.Requests().Tokens)
	}})
	if !res.OK || len(tokensSeen) != len(Steps) || tokensSeen[1] != 0 || tokensSeen[2] != 1 {
		t.Fatalf("token requests seen at each step: %v (want 0 after network, 1 after token)", tokensSeen)
	}
}

// TestStepTimeout: a Chorus Pro that does not answer fails the step within the step bound.
func TestStepTimeout(t *testing.T) {
	em := startEmulator(t)
	em.InjectFault(emulator.Fault{Endpoint: "health-check", Kind: emulator.FaultTimeout, RetryAfter: 5 * time.Second})
	res := Run(context.Background(), endpoints(em), domain.CredentialsOf(demoCreds), demoSIRET, Options{Timeout: 300 * time.Millisecond})
	if verdicts(res) != "+++x-" || !strings.Contains(res.Steps[3].Message, "did not answer in time") {
		t.Fatalf("%s %+v", verdicts(res), res.Steps)
	}
	if ms := res.Steps[3].MS; ms < 250 {
		t.Errorf("account step reports %d ms, but it waited for its 300 ms bound", ms)
	}
}
