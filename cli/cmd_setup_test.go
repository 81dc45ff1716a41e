package cli

import (
	"strings"
	"testing"
)

// fill writes a complete slot for code in env from planted secrets named after the arguments.
func (h *harness) fill(code, env, clientID, login string) {
	h.t.Helper()
	sec, pw := "SEC_"+code+"_"+env, "PW_"+code+"_"+env
	h.plant(sec, "secret-of-"+code+"-"+env+"-x9")
	h.plant(pw, "password-of-"+code+"-"+env+"-x9")
	h.ok("setup", "set", code, "--env", env, "--client-id", clientID, "--client-secret-env", sec,
		"--login", login, "--password-env", pw)
}

func TestSetupSetMergesAndShowMasks(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.plant("MY_SECRET", "s3cr3t-value-planted")
	h.plant("MY_PW", "pa55-value-planted")

	// Fields given one command at a time are merged into the slot; a partial slot is refused
	// with every missing field named, and nothing is saved.
	h.want(ExitUsage, args("setup", "set", "ACME", "--env", "sandbox", "--client-id", "app-1"), "PISTE secret", "Chorus login", "Chorus password")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--client-id", "app-1", "--client-secret-env", "MY_SECRET", "--login", "tech@acme.fr", "--password-env", "MY_PW")
	h.ok("setup", "set", "ACME", "--env", "SANDBOX", "--tag", "erp-7")
	h.ok("setup", "set", "ACME", "--login", "tech2@acme.fr", "--env", "sandbox")

	var s setupJSON
	h.decode(h.ok("setup", "show", "acme", "--json"), &s)
	want := setupJSON{Company: "ACME", Name: "Acme", Tag: "erp-7",
		Sandbox: slotJSON{ClientID: "app-1", ClientSecret: Masked, Login: "tech2@acme.fr", Password: Masked, Complete: true}}
	if s != want {
		t.Fatalf("show:\n%+v\nwant\n%+v", s, want)
	}
	text := h.ok("setup", "show", "ACME")
	for _, f := range []string{"app-1", "tech2@acme.fr", Masked, "erp-7", "production: (empty)"} {
		if !strings.Contains(text, f) {
			t.Fatalf("text show lacks %q:\n%s", f, text)
		}
	}

	// --clear empties the slot; the setup keeps its tag.
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--clear")
	h.decode(h.ok("setup", "show", "ACME", "--json"), &s)
	if s.Sandbox != (slotJSON{}) || s.Tag != "erp-7" {
		t.Fatalf("after --clear: %+v", s)
	}
}

func TestSetupSetTrimsAndWarns(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "A", "--name", "A")
	h.ok("company", "add", "B", "--name", "B")
	h.fill("A", "sandbox", "app-a", "shared@firm.fr")
	h.plant("B_SEC", "b-secret-value-42")
	h.plant("B_PW", "b-password-value-42")
	r := h.run("setup", "set", "B", "--env", "sandbox", "--client-id", " app-b ", "--client-secret-env", "B_SEC",
		"--login", "shared@firm.fr", "--password-env", "B_PW")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if !strings.Contains(r.err, "notice:") || !strings.Contains(r.err, "spaces were removed") {
		t.Fatalf("no trimming notice:\n%s", r.err)
	}
	if !strings.Contains(r.err, "warning:") || !strings.Contains(r.err, "also used by A") {
		t.Fatalf("no shared-login warning:\n%s", r.err)
	}
	var s setupJSON
	h.decode(h.ok("setup", "show", "B", "--json"), &s)
	if s.Sandbox.ClientID != "app-b" {
		t.Fatalf("client ID not trimmed: %q", s.Sandbox.ClientID)
	}
}

func TestSetupEnvironmentRuleRefusal(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "A", "--name", "A")
	h.ok("company", "add", "B", "--name", "B")
	h.fill("A", "production", "prod-app", "a@firm.fr")
	h.plant("X_SEC", "x-secret-value-17")
	h.plant("X_PW", "x-password-value-17")
	// B may not use A's production client ID in the sandbox; the message names A and
	// production, never the value.
	r := h.want(ExitUsage, args("setup", "set", "B", "--env", "sandbox", "--client-id", "prod-app",
		"--client-secret-env", "X_SEC", "--login", "b@firm.fr", "--password-env", "X_PW"), "company A", "production")
	if strings.Contains(r.err, "prod-app") {
		t.Fatalf("refusal shows the client ID: %s", r.err)
	}
	var s setupJSON
	h.decode(h.ok("setup", "show", "B", "--json"), &s)
	if s.Sandbox != (slotJSON{}) {
		t.Fatalf("refused setup was saved: %+v", s)
	}
	// The same company's own other slot counts too.
	h.want(ExitUsage, args("setup", "set", "A", "--env", "sandbox", "--client-id", "PROD-APP",
		"--client-secret-env", "X_SEC", "--login", "a@firm.fr", "--password-env", "X_PW"), "company A")
}

func TestSetupSetSecretSources(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.plant("P", "pw-from-env-value")
	h.secrets = append(h.secrets, "secret-from-stdin-value")
	r := h.runIn("secret-from-stdin-value\n", "setup", "set", "ACME", "--env", "production", "--client-id", "id",
		"--client-secret-env", "-", "--login", "l", "--password-env", "P")
	if r.code != ExitOK {
		t.Fatalf("stdin secret: exit %d %s", r.code, r.err)
	}
	var s setupJSON
	h.decode(h.ok("setup", "show", "ACME", "--json"), &s)
	if !s.Production.Complete {
		t.Fatalf("production slot: %+v", s.Production)
	}
	tests := []struct {
		name string
		args []string
		frag string
	}{
		{"unset variable", args("setup", "set", "ACME", "--env", "sandbox", "--client-secret-env", "NOT_SET"), "NOT_SET"},
		{"plain secret flag is not accepted", args("setup", "set", "ACME", "--env", "sandbox", "--client-secret", "x"), "usage"},
		{"plain password flag is not accepted", args("setup", "set", "ACME", "--env", "sandbox", "--password", "x"), "usage"},
		{"stdin twice", args("setup", "set", "ACME", "--env", "sandbox", "--client-secret-env", "-", "--password-env", "-"), "only one"},
		{"no env", args("setup", "set", "ACME", "--client-id", "x"), "sandbox or production"},
		{"bad env", args("setup", "set", "ACME", "--env", "prod", "--client-id", "x"), "sandbox or production"},
		{"nothing to set", args("setup", "set", "ACME", "--env", "sandbox"), "nothing to set"},
		{"unknown company", args("setup", "set", "NOPE", "--env", "sandbox", "--tag", "x"), "NOPE"},
		{"bad tag", args("setup", "set", "ACME", "--env", "sandbox", "--tag", "a b"), "ID tag"},
		{"unknown sub-command", args("setup", "erase", "ACME"), "erase"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { h.want(ExitUsage, tc.args, tc.frag) })
	}
}

func TestSetupEnableDisable(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	var s setupJSON
	// An empty active slot cannot be enabled (it would block the ***** fallback): exit 2.
	h.want(ExitUsage, args("setup", "enable", "ACME"), "fill and save the sandbox credentials first")
	h.fill("ACME", "production", "app-p", "p@acme.fr")
	h.want(ExitUsage, args("setup", "enable", "ACME"), "sandbox credentials")
	h.fill("ACME", "sandbox", "app-s", "s@acme.fr")
	for _, step := range []struct {
		cmd  string
		want bool
	}{{"enable", true}, {"enable", true}, {"disable", false}} {
		h.ok("setup", step.cmd, "ACME")
		h.decode(h.ok("setup", "show", "ACME", "--json"), &s)
		if s.Enabled != step.want {
			t.Fatalf("after %s: enabled=%v", step.cmd, s.Enabled)
		}
	}
	h.want(ExitUsage, args("setup", "enable"), "company code")
	h.want(ExitUsage, args("setup", "enable", "NOPE"), "NOPE")
}

func TestSetupMove(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "OLD", "--name", "Old")
	h.ok("company", "add", "NEW", "--name", "New")
	h.fill("OLD", "sandbox", "app-old", "old@firm.fr")
	h.ok("setup", "enable", "OLD")
	h.ok("setup", "set", "NEW", "--env", "sandbox", "--tag", "keep")

	// NEW has data: refused without --yes (exit 2), nothing moves.
	h.want(ExitUsage, args("setup", "move", "OLD", "NEW"), "--yes")
	var from, to setupJSON
	h.decode(h.ok("setup", "show", "OLD", "--json"), &from)
	if !from.Enabled || !from.Sandbox.Complete {
		t.Fatalf("refused move changed the source: %+v", from)
	}
	h.ok("setup", "move", "old", "new", "--yes")
	h.decode(h.ok("setup", "show", "OLD", "--json"), &from)
	h.decode(h.ok("setup", "show", "NEW", "--json"), &to)
	if from != (setupJSON{Company: "OLD", Name: "Old"}) {
		t.Fatalf("source not emptied and disabled: %+v", from)
	}
	if !to.Enabled || to.Tag != "" || to.Sandbox.ClientID != "app-old" || !to.Sandbox.Complete {
		t.Fatalf("destination: %+v", to)
	}
	// The default company can be a destination; an empty one needs no --yes.
	h.ok("setup", "move", "NEW", "*****")
	h.want(ExitUsage, args("setup", "move", "NEW", "NEW"), "same company")
	h.want(ExitUsage, args("setup", "move", "NEW"), "destination")
	h.want(ExitUsage, args("setup", "move", "NEW", "NOPE"), "NOPE")
}

// TestSetupPasswordExpires: --password-expires keeps the day the slot's Chorus password
// expires; show prints it (JSON field password_expires) with a warning once it is near; a
// malformed day is refused with exit 2; "" forgets it; --clear drops it with the slot.
func TestSetupPasswordExpires(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.fill("ACME", "sandbox", "app-s", "s@acme.fr")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--password-expires", "2099-12-31")
	var s setupJSON
	h.decode(h.ok("setup", "show", "ACME", "--json"), &s)
	if s.Sandbox.PasswordExpires != "2099-12-31" || s.Production.PasswordExpires != "" || !s.Sandbox.Complete {
		t.Fatalf("show: %+v", s)
	}
	if text := h.ok("setup", "show", "ACME"); !strings.Contains(text, "Password expires") || !strings.Contains(text, "2099-12-31") {
		t.Fatalf("text show:\n%s", text)
	}
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--password-expires", "2001-01-01")
	if text := h.ok("setup", "show", "ACME"); !strings.Contains(text, "EXPIRED") {
		t.Fatalf("an expired password is not flagged:\n%s", text)
	}
	h.want(ExitUsage, args("setup", "set", "ACME", "--env", "sandbox", "--password-expires", "31/12/2099"), "YYYY-MM-DD")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--password-expires", "")
	h.decode(h.ok("setup", "show", "ACME", "--json"), &s)
	if s.Sandbox.PasswordExpires != "" {
		t.Fatalf("not forgotten: %+v", s.Sandbox)
	}
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--password-expires", "2099-12-31")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--clear")
	h.decode(h.ok("setup", "show", "ACME", "--json"), &s)
	if s.Sandbox != (slotJSON{}) {
		t.Fatalf("--clear kept %+v", s.Sandbox)
	}
}
