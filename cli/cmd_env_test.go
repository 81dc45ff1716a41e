package cli

import (
	"strings"
	"testing"
)

func TestEnv(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	if got := h.ok("env"); got != "sandbox\n" {
		t.Fatalf("default env %q", got)
	}
	r := h.run("env", "Production")
	if r.code != ExitOK || r.out != "production\n" || !strings.Contains(r.err, "PRODUCTION") {
		t.Fatalf("set production: %+v", r)
	}
	if got := h.ok("env"); got != "production\n" {
		t.Fatalf("env after switch %q", got)
	}
	h.ok("env", "sandbox")
	h.want(ExitUsage, args("env", "qualification"), "sandbox or production")
	h.want(ExitUsage, args("env", "sandbox", "production"), "unexpected")
	audit := h.ok("audit")
	if !strings.Contains(audit, "sandbox → production") || !strings.Contains(audit, "production → sandbox") {
		t.Fatalf("switches not audited:\n%s", audit)
	}
}

// `env` asks the core (SetActiveEnv): a switch that would leave enabled setups without
// credentials names them and is refused (exit 2, nothing changed) unless --yes, which switches
// and still says it; `setup set --clear` of an enabled setup's active slot is refused with what
// to do, and goes through once the setup is disabled.
func TestEnvSwitchAndClearKeepEnabledSetupsFilled(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.ok("company", "add", "BETA", "--name", "Beta")
	h.plant("SECRET_S", "sandbox-secret-1")
	h.plant("PW_S", "sandbox-password-1")
	h.plant("SECRET_P", "production-secret-1")
	h.plant("PW_P", "production-password-1")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--client-id", "acme-sb", "--client-secret-env", "SECRET_S",
		"--login", "TECH_acme@cpro.fr", "--password-env", "PW_S")
	h.ok("setup", "enable", "ACME")
	h.ok("setup", "set", "BETA", "--env", "sandbox", "--client-id", "beta-sb", "--client-secret-env", "SECRET_S",
		"--login", "TECH_beta@cpro.fr", "--password-env", "PW_S")
	h.ok("setup", "set", "BETA", "--env", "production", "--client-id", "beta-prod", "--client-secret-env", "SECRET_P",
		"--login", "TECH_beta@cpro.fr", "--password-env", "PW_P")
	h.ok("setup", "enable", "BETA")
	steps := []struct {
		name   string
		args   []string
		code   int
		out    string   // standard output ("" = not checked)
		err    []string // in standard error
		notErr string   // never in standard error
		env    string   // active environment afterwards
	}{
		{"switch refused", args("env", "production"), ExitUsage, "", []string{"ACME", "1 enabled setup has no production credentials", "--yes"}, "BETA", "sandbox"},
		{"switch confirmed", args("env", "production", "--yes"), ExitOK, "production\n", []string{"warning:", "ACME"}, "--yes", "production"},
		{"back to sandbox: nothing to say", args("env", "sandbox"), ExitOK, "sandbox\n", nil, "warning:", "sandbox"},
		{"clear the active slot of an enabled setup", args("setup", "set", "ACME", "--env", "sandbox", "--clear"), ExitUsage, "",
			[]string{"Disable the setup first, or keep its credentials"}, "", "sandbox"},
		{"clear the other slot", args("setup", "set", "BETA", "--env", "production", "--clear"), ExitOK, "", nil, "", "sandbox"},
		{"disable", args("setup", "disable", "ACME"), ExitOK, "", nil, "", "sandbox"},
		{"clear once disabled", args("setup", "set", "ACME", "--env", "sandbox", "--clear"), ExitOK, "", nil, "", "sandbox"},
		{"switch: BETA is now sandbox-only", args("env", "production"), ExitUsage, "", []string{"BETA"}, "ACME", "sandbox"},
	}
	for _, s := range steps {
		r := h.want(s.code, s.args)
		if s.out != "" && r.out != s.out {
			t.Errorf("%s: output %q, want %q", s.name, r.out, s.out)
		}
		for _, w := range s.err {
			if !strings.Contains(r.err, w) {
				t.Errorf("%s: standard error lacks %q:\n%s", s.name, w, r.err)
			}
		}
		if s.notErr != "" && strings.Contains(r.err, s.notErr) {
			t.Errorf("%s: standard error has %q:\n%s", s.name, s.notErr, r.err)
		}
		if got := h.ok("env"); got != s.env+"\n" {
			t.Errorf("%s: active environment %q, want %s", s.name, got, s.env)
		}
	}
	var show setupJSON
	h.decode(h.ok("setup", "show", "ACME", "--json"), &show)
	if show.Enabled || show.Sandbox.Complete {
		t.Fatalf("ACME after disable and clear: %+v", show)
	}
}
