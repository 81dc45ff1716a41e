package chorusapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// bearerSpy records the bearer tokens a client sends, so the tests can look for them.
type bearerSpy struct {
	mu     sync.Mutex
	tokens map[string]bool
	next   http.RoundTripper
}

func (s *bearerSpy) RoundTrip(r *http.Request) (*http.Response, error) {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		s.mu.Lock()
		s.tokens[tok] = true
		s.mu.Unlock()
	}
	return s.next.RoundTrip(r)
}

func (s *bearerSpy) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for t := range s.tokens {
		out = append(out, t)
	}
	return out
}

// secretForms lists a secret the way a leak would show it: raw, base64 (both alphabets, padded
// or not), URL query and path escaped, HTML escaped. Written independently of the scrubber.
func secretForms(s string) []string {
	b := []byte(s)
	return []string{s, base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
		base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
		url.QueryEscape(s), url.PathEscape(s), html.EscapeString(s)}
}

// leaks returns which secrets (by index) appear, in any form, in text.
func leaks(text string, secrets []string) []int {
	var out []int
	for i, s := range secrets {
		for _, f := range secretForms(s) {
			if strings.Contains(text, f) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// echoCreds has a password full of characters that escaping changes.
var echoCreds = domain.Slot{ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret,
	Login: "TECH_1_demo1@cpro.fr", Password: `p&ss w/rd+"é"<%>=`}

// TestEchoingGatewayNeverLeaksSecrets: a gateway that quotes the request (headers, decoded
// account, form body) in its error text, on the token endpoint, on a 401, in 400 and 200
// envelopes and in a no-result search, and a recipient comment that holds the password: no
// secret reaches an error text (either language), its stored message, the request log, the
// diagnostics ring or a decoded answer.
func TestEchoingGatewayNeverLeaksSecrets(t *testing.T) {
	em := startEmu(t, emulator.Options{ProcessingTime: time.Millisecond})
	if err := em.SetAccountPassword(echoCreds.Login, echoCreds.Password); err != nil {
		t.Fatal(err)
	}
	spy := &bearerSpy{tokens: map[string]bool{}, next: http.DefaultTransport}
	diag := chorusapi.NewDiagnostics(200, 100)
	c := emuClient(em, func(cfg *chorusapi.Config) {
		cfg.Creds = domain.CredentialsOf(echoCreds)
		cfg.HTTPClient = &http.Client{Transport: spy}
		cfg.Diagnostics = diag
		cfg.Retry = chorusapi.NoRetry
	})
	ctx := context.Background()
	var outputs []string
	keep := func(what string, v any, err error) {
		b, _ := json.Marshal(v)
		outputs = append(outputs, what+" "+string(b)+fmt.Sprintf(" %+v", v))
		if err == nil {
			return
		}
		outputs = append(outputs, err.Error(), i18n.Message(i18n.FR, err), i18n.Message(i18n.EN, err))
		for u := err; u != nil; {
			outputs = append(outputs, u.Error())
			w, ok := u.(interface{ Unwrap() error })
			if !ok {
				break
			}
			u = w.Unwrap()
		}
		if e, ok := chorusapi.AsError(err); ok {
			plain, raw := e.Message()
			outputs = append(outputs, fmt.Sprint(plain.Args...), raw, e.Libelle, e.Detail, plain.Localize(i18n.FR))
		}
	}

	// A working call first, so a bearer token exists and is known to the spy.
	if err := c.HealthCheck(ctx); err != nil {
		t.Fatal(err)
	}
	dep, err := c.DeposerFlux(ctx, ublDeposit(t))
	if err != nil {
		t.Fatal(err)
	}
	// The buyer's comment quotes the password: the decoded history must not.
	em.ForceOutcome(emulator.Outcome{Kind: "SUSPENDUE", Comment: "merci de renvoyer avec " + echoCreds.Password})
	var h *chorusapi.Historique
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		list, err := c.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFluxDepot: dep.NumeroFluxDepot})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 1 {
			if h, err = c.ConsulterHistorique(ctx, int64(list[0].IdentifiantFactureCPP)); err != nil {
				t.Fatal(err)
			}
			if h.StatutCourantCode == "SUSPENDUE" {
				break
			}
		}
	}
	if latest, _ := h.Latest(); latest.Code != "SUSPENDUE" || !strings.Contains(latest.Comment, chorusapi.Redacted) {
		t.Errorf("comment not kept or not scrubbed: %+v", latest)
	}
	keep("history", h, nil)

	echoes := []struct {
		name string
		f    emulator.Fault
		call func() (any, error)
	}{
		{"deposit 400", emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultEcho}, func() (any, error) {
			return c.DeposerFlux(ctx, ublDeposit(t))
		}},
		{"deposit 200 envelope", emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultEcho, Status: 200}, func() (any, error) {
			return c.DeposerFlux(ctx, ublDeposit(t))
		}},
		{"flux report", emulator.Fault{Endpoint: "consulterCRDetaille", Kind: emulator.FaultEcho, Status: 200}, func() (any, error) {
			return c.ConsulterCRDetaille(ctx, dep.NumeroFluxDepot)
		}},
		{"history", emulator.Fault{Endpoint: "consulter/historique", Kind: emulator.FaultEcho}, func() (any, error) {
			return c.ConsulterHistorique(ctx, 100000001)
		}},
		{"search, no result", emulator.Fault{Endpoint: "rechercher/fournisseur", Kind: emulator.FaultEcho, Status: 200, CodeRetour: 20000}, func() (any, error) {
			return c.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFacture: "X"})
		}},
		{"search refused", emulator.Fault{Endpoint: "rechercher/fournisseur", Kind: emulator.FaultEcho, Status: 200, CodeRetour: 29999}, func() (any, error) {
			return c.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFacture: "X"})
		}},
		{"account 401", emulator.Fault{Endpoint: "health-check", Kind: emulator.FaultEcho, Status: 401}, func() (any, error) {
			return nil, c.HealthCheck(ctx)
		}},
		{"attachment", emulator.Fault{Endpoint: "structures/actives/fournisseur", Kind: emulator.FaultEcho}, func() (any, error) {
			return c.CheckAttachment(ctx, emulator.SupplierSIRET1)
		}},
		{"token", emulator.Fault{Endpoint: "/api/oauth/token", Kind: emulator.FaultEcho}, func() (any, error) {
			return nil, c.CheckToken(ctx, true)
		}},
	}
	for _, tc := range echoes {
		em.ClearFaults()
		em.InjectFault(tc.f)
		v, err := tc.call()
		if err == nil && tc.name != "search, no result" {
			t.Errorf("%s: the echoing gateway's refusal was accepted", tc.name)
		}
		keep(tc.name, v, err)
	}
	em.ClearFaults()

	secrets := append([]string{echoCreds.ClientSecret, echoCreds.Password, echoCreds.Login + ":" + echoCreds.Password}, spy.list()...)
	if len(secrets) < 4 {
		t.Fatal("no bearer token was seen")
	}
	ring, _ := json.Marshal(struct {
		E []chorusapi.Exchange
		W []chorusapi.Warning
	}{diag.Exchanges(), diag.Warnings()})
	outputs = append(outputs, string(ring))
	all := strings.Join(outputs, "\n")
	if !strings.Contains(all, chorusapi.Redacted) || !strings.Contains(all, "Requete refusee par la passerelle") {
		t.Error("the echo never reached the outputs: the test proves nothing")
	}
	for i, out := range outputs {
		if l := leaks(out, secrets); len(l) > 0 {
			t.Errorf("output %d leaks secrets %v (0 client secret, 1 password, 2 login:password, 3+ bearer): %.120s…", i, l, out)
		}
	}
	// The unknown refusal is a message with its raw code, and a warning for support.
	found := false
	for _, w := range diag.Warnings() {
		found = found || (w.Code == chorusapi.WarnUnknownCode && strings.HasPrefix(w.Value, "29999 "))
	}
	if !found {
		t.Errorf("no warning for the unknown code 29999: %+v", diag.Warnings())
	}
}
