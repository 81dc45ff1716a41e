package cli

import (
	"strings"
	"testing"

	"chorusdesk/domain"
)

// resolveJSON is the documented shape of `resolve --json`: company, env, source, reason,
// transfer, warning and the company whose setup applies.
type resolveJSON struct {
	Company      string `json:"company"`
	Env          string `json:"env"`
	Source       string `json:"source"`
	Reason       string `json:"reason"`
	Transfer     bool   `json:"transfer"`
	Warning      string `json:"warning,omitempty"`
	SetupCompany string `json:"setup_company,omitempty"`
}

func TestResolve(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.ok("company", "add", "BETA", "--name", "Beta")
	var r resolveJSON

	h.decode(h.ok("resolve", "ACME", "--json"), &r)
	if r != (resolveJSON{Company: "ACME", Env: "sandbox", Source: "none", Reason: "no enabled setup for ACME nor for *****"}) {
		t.Fatalf("nothing enabled: %+v", r)
	}

	h.fill("*****", "sandbox", "dflt-app", "dflt@firm.fr")
	h.ok("setup", "enable", "*****")
	h.decode(h.ok("resolve", "ACME", "--json"), &r)
	if r.Source != "default" || !r.Transfer || !strings.Contains(r.Warning, "should not be used") || r.SetupCompany != "*****" {
		t.Fatalf("fallback: %+v", r)
	}
	h.decode(h.ok("resolve", "ACME", "--json", "--env", "production"), &r)
	if r.Source != "default" || r.Transfer || r.Env != "production" {
		t.Fatalf("fallback without production slot: %+v", r)
	}

	// Enabled with production credentials only, while sandbox is active (enable checks the
	// active environment's slot, so enable in production and switch back).
	h.fill("ACME", "production", "acme-app", "acme@firm.fr")
	h.ok("env", "production", "--yes")
	h.ok("setup", "enable", "ACME")
	h.ok("env", "sandbox", "--yes")
	h.decode(h.ok("resolve", "acme", "--json"), &r)
	if r.Source != "specific" || r.Transfer || r.Reason != "ACME's setup is enabled but has no sandbox credentials" || r.Warning != "" {
		t.Fatalf("enabled without slot: %+v", r)
	}

	// The active environment is the default; no CODE lists every company, `*****` first.
	h.ok("env", "production", "--yes")
	var all []resolveJSON
	h.decode(h.ok("resolve", "--json"), &all)
	if len(all) != 3 || all[0].Company != "*****" || all[1].Company != "ACME" || all[2].Company != "BETA" {
		t.Fatalf("all: %+v", all)
	}
	for _, x := range all {
		if x.Env != "production" {
			t.Fatalf("not the active environment: %+v", x)
		}
	}
	text := h.ok("resolve")
	for _, f := range []string{"BETA (production): ***** setup, NOT transferred", "should not be used"} {
		if !strings.Contains(text, f) {
			t.Fatalf("text lacks %q:\n%s", f, text)
		}
	}
	h.want(ExitUsage, args("resolve", "NOPE"), "NOPE")
	h.want(ExitUsage, args("resolve", "ACME", "--env", "qualif"), "sandbox or production")
	h.want(ExitUsage, args("resolve", "ACME", "BETA"), "unexpected")
}

// TestResolveMatchesDomainForEveryState drives the CLI through the enabled/slot states of a
// company and `*****` and checks the printed outcome against domain.Resolve.
func TestResolveMatchesDomainForEveryState(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "C", "--name", "C")
	h.fill("C", "sandbox", "c-app", "c@firm.fr")
	h.fill("*****", "production", "d-app", "d@firm.fr")
	full := domain.Slot{ClientID: "x", ClientSecret: "x", Login: "x", Password: "x"}
	own := domain.Setup{Sandbox: full}
	def := domain.Setup{Production: full}
	for _, ownOn := range []bool{false, true} {
		for _, defOn := range []bool{false, true} {
			// Each setup is enabled while its own filled environment is active.
			h.ok("env", "sandbox", "--yes")
			h.ok("setup", map[bool]string{true: "enable", false: "disable"}[ownOn], "C")
			h.ok("env", "production", "--yes")
			h.ok("setup", map[bool]string{true: "enable", false: "disable"}[defOn], "*****")
			own.Enabled, def.Enabled = ownOn, defOn
			for _, env := range domain.Envs {
				var got resolveJSON
				h.decode(h.ok("resolve", "C", "--env", string(env), "--json"), &got)
				w := domain.Resolve(domain.Company{Code: "C"}, env, own, def)
				if got.Source != string(w.Source) || got.Transfer != w.Transfer || got.Reason != w.Reason || got.Warning != w.Warning {
					t.Fatalf("own=%v def=%v %s: got %+v want %+v", ownOn, defOn, env, got, w)
				}
			}
		}
	}
}
