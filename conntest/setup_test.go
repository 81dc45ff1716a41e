package conntest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

func openVault(t *testing.T) *core.Service {
	t.Helper()
	svc, err := core.Open(t.TempDir(), core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.Init([]byte("correct horse battery staple")); err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestForCompanyTestsTheSetupThatApplies: the company's own setup when enabled, else the
// ***** one (the result says which); when none is enabled, the company's own. An empty slot
// stops the Test at its first step, before anything goes on the network. The environment
// tested is the one asked for, the active one is not switched.
func TestForCompanyTestsTheSetupThatApplies(t *testing.T) {
	cases := []struct {
		name      string
		own, def  *domain.Setup
		env       domain.Env
		verdicts  string
		source    domain.Source
		setupFrom string
		message   string // in the first step
		noNetwork bool
	}{
		{"own enabled", &domain.Setup{Enabled: true, Sandbox: demoCreds}, nil, domain.Sandbox, "+++++",
			domain.SourceSpecific, "ACME", "Testing ACME's own setup", false},
		{"own enabled, production empty", &domain.Setup{Enabled: true, Sandbox: demoCreds}, nil, domain.Production, "x----",
			domain.SourceSpecific, "ACME", "Incomplete: the production slot of ACME's setup", true},
		{"***** applies", nil, &domain.Setup{Enabled: true, Sandbox: demoCreds}, domain.Sandbox, "+++++",
			domain.SourceDefault, domain.DefaultCode, "testing the ***** setup that applies to it", false},
		{"***** applies, its production empty", nil, &domain.Setup{Enabled: true, Sandbox: demoCreds}, domain.Production, "x----",
			domain.SourceDefault, domain.DefaultCode, "the ***** setup applies to ACME, but its production slot", true},
		{"***** disabled, own filled but not enabled", &domain.Setup{Sandbox: demoCreds}, &domain.Setup{Sandbox: demoCreds2}, domain.Sandbox, "+++++",
			domain.SourceNone, "ACME", "No setup is enabled for ACME yet", false},
		{"nothing at all", nil, nil, domain.Sandbox, "x----",
			domain.SourceNone, "ACME", "ACME has no enabled setup and its own sandbox slot", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			em := startEmulator(t)
			svc := openVault(t)
			co, err := svc.AddCompany("ACME", "Acme SA", demoSIRET)
			if err != nil {
				t.Fatal(err)
			}
			if tc.own != nil {
				if _, err := svc.SaveSetup(co.ID, *tc.own); err != nil {
					t.Fatal(err)
				}
			}
			if tc.def != nil {
				def, err := svc.Company(domain.DefaultCode)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := svc.SaveSetup(def.ID, *tc.def); err != nil {
					t.Fatal(err)
				}
			}
			for _, env := range domain.Envs {
				if err := svc.SetEndpoints(env, endpoints(em)); err != nil {
					t.Fatal(err)
				}
			}
			res, err := ForCompany(context.Background(), svc, co.ID, tc.env, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if verdicts(res) != tc.verdicts || res.Source != tc.source || res.SetupFrom != tc.setupFrom || res.Env != tc.env {
				t.Fatalf("%s source %s from %q env %s: %+v", verdicts(res), res.Source, res.SetupFrom, res.Env, res.Steps)
			}
			if !strings.Contains(res.Steps[0].Message, tc.message) || res.Steps[0].Name != StepSetup {
				t.Fatalf("setup step %q, want %q", res.Steps[0].Message, tc.message)
			}
			if got := em.Requests(); tc.noNetwork && (got.Tokens != 0 || len(got.Endpoints) != 0) {
				t.Fatalf("an incomplete setup went on the network: %+v", got)
			}
			if active, _ := svc.ActiveEnv(); active != domain.Sandbox {
				t.Fatalf("the active environment was switched to %s", active)
			}
			kept, ok, err := svc.LastTestResult(co.ID, tc.env)
			if err != nil || !ok || kept.Source != tc.source || kept.SetupFrom != tc.setupFrom {
				t.Fatalf("kept %+v %v %v", kept, ok, err)
			}
		})
	}
}

var demoCreds2 = domain.Slot{ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret,
	Login: "TECH_1_demo2@cpro.fr", Password: "demo-password-2"}

// TestKeptResultRendersInEitherLanguage: a result run in English is kept as codes and
// arguments, and reads in French later (and the other way round); a result kept before codes
// existed still reads, in the words it was stored with.
func TestKeptResultRendersInEitherLanguage(t *testing.T) {
	em := startEmulator(t)
	em.InjectFault(emulator.Fault{Endpoint: "health-check", Kind: emulator.Fault429})
	c := demoCreds
	res := Run(context.Background(), endpoints(em), domain.CredentialsOf(c), demoSIRET, Options{Lang: i18n.EN})
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back domain.TestResult
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for i, s := range back.Steps {
		if s.Key == "" {
			t.Fatalf("step %d kept without its code: %+v", i, s)
		}
		en, fr := s.Text(i18n.EN), s.Text(i18n.FR)
		if en != res.Steps[i].Message || fr == en || strings.Contains(fr+en, "%!") {
			t.Errorf("step %s: en %q, fr %q, stored %q", s.Name, en, fr, res.Steps[i].Message)
		}
	}
	if fr := back.Steps[3].Text(i18n.FR); !strings.Contains(fr, "Réessayez dans 1 seconde.") {
		t.Errorf("integer argument lost its type: %q", fr)
	}
	legacy := `{"company":"ACME","env":"sandbox","time":"2026-01-02T03:04:05Z","ok":false,"steps":[` +
		`{"name":"network","ok":true,"message":"DNS, TCP and TLS reach a and b.","ms":3},` +
		`{"name":"token","ok":false,"message":"PISTE client ID or secret is wrong.","ms":4}]}`
	var old domain.TestResult
	if err := json.Unmarshal([]byte(legacy), &old); err != nil {
		t.Fatal(err)
	}
	if old.Steps[1].Text(i18n.FR) != "PISTE client ID or secret is wrong." || Title(old.Steps[1].Name, i18n.FR) != "Jeton" {
		t.Fatalf("legacy result: %+v", old.Steps)
	}
	for _, s := range Steps {
		if Title(s.Name, i18n.EN) == s.Key || Title(s.Name, i18n.FR) == Title(s.Name, i18n.EN) && s.Name != StepSetup {
			t.Errorf("step %s has no title in both languages", s.Name)
		}
	}
}

// TestTestNeverKeepsASecret: with a gateway that quotes the request on every step, the Test's
// result (as shown and as kept) carries no secret in any form.
func TestTestNeverKeepsASecret(t *testing.T) {
	creds := demoCreds
	creds.Password = `Zq9 &+/"pw"<x>`
	for _, ep := range []string{"/api/oauth/token", "health-check", "structures/actives/fournisseur"} {
		t.Run(ep, func(t *testing.T) {
			em := startEmulator(t)
			if err := em.SetAccountPassword(creds.Login, creds.Password); err != nil {
				t.Fatal(err)
			}
			em.InjectFault(emulator.Fault{Endpoint: ep, Kind: emulator.FaultEcho})
			diag := chorusapi.NewDiagnostics(50, 50)
			res := Run(context.Background(), endpoints(em), domain.CredentialsOf(creds), demoSIRET, Options{Lang: i18n.FR, Diagnostics: diag})
			if res.OK {
				t.Fatal("the echoing gateway's refusal passed")
			}
			b, _ := json.Marshal(res)
			d, _ := json.Marshal([]any{diag.Exchanges(), diag.Warnings()})
			text := string(b) + string(d)
			for _, s := range res.Steps {
				text += s.Text(i18n.EN) + s.Text(i18n.FR)
			}
			if !strings.Contains(text, chorusapi.Redacted) {
				t.Fatal("the echo did not reach the result: the test proves nothing")
			}
			account := creds.Login + ":" + creds.Password
			for _, secret := range []string{creds.ClientSecret, creds.Password, account, base64.StdEncoding.EncodeToString([]byte(account))} {
				for _, form := range []string{secret, base64.StdEncoding.EncodeToString([]byte(secret)), url.QueryEscape(secret)} {
					if strings.Contains(text, form) {
						t.Errorf("the result holds a secret (%d chars)", len(secret))
					}
				}
			}
		})
	}
}
