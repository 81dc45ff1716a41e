package cli

import (
	"strings"
	"testing"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
)

// setupForTest starts an emulator, points the data directory's endpoints of env at it and
// gives ACME (SIRET attached to the demo account) the emulator's seed credentials.
func setupForTest(t *testing.T, h *harness, env string, password string) *emulator.Emulator {
	t.Helper()
	e := domain.Sandbox
	if env == "production" {
		e = domain.Production
	}
	em, err := emulator.Start("127.0.0.1:0", emulator.Options{Env: e})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = em.Close() })
	clientID, secret := emulator.SandboxClientID, emulator.SandboxSecret
	if e == domain.Production {
		clientID, secret = emulator.ProductionClientID, emulator.ProductionSecret
	}
	h.ok("endpoints", "--env", env, "--oauth-url", em.OAuthURL(), "--api-url", em.APIURL())
	h.plant("EMU_SECRET_"+env, secret)
	h.plant("EMU_PW_"+env, password)
	h.ok("setup", "set", "ACME", "--env", env, "--client-id", clientID, "--client-secret-env", "EMU_SECRET_"+env,
		"--login", "TECH_1_demo1@cpro.fr", "--password-env", "EMU_PW_"+env)
	return em
}

func TestTestCommand(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	setupForTest(t, h, "sandbox", "demo-password-1")

	// Text: one line per step, then the verdict; exit 0.
	out := h.ok("test", "ACME")
	for _, want := range []string{"Setup", "Network", "Token", "Account", "Attachment", "73282932000074", "Test passed",
		"testing its own sandbox slot"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}

	// JSON: exactly the documented fields (scripts read them).
	var res struct {
		Company string     `json:"company"`
		Env     domain.Env `json:"env"`
		OK      bool       `json:"ok"`
		Steps   []struct {
			Name    string `json:"name"`
			OK      bool   `json:"ok"`
			Message string `json:"message"`
			MS      *int64 `json:"ms"`
		} `json:"steps"`
	}
	h.decode(h.ok("test", "acme", "--json", "--env", "sandbox"), &res)
	if res.Company != "ACME" || res.Env != domain.Sandbox || !res.OK || len(res.Steps) != 5 {
		t.Fatalf("json: %+v", res)
	}
	for i, name := range []string{"setup", "network", "token", "account", "attachment"} {
		if res.Steps[i].Name != name || !res.Steps[i].OK || res.Steps[i].Message == "" || res.Steps[i].MS == nil {
			t.Errorf("step %d: %+v", i, res.Steps[i])
		}
	}
}

func TestTestCommandFailures(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	h.ok("company", "add", "BETA", "--name", "Beta", "--siret", "55208131766522")
	em := setupForTest(t, h, "production", "wrong-password-77")
	h.ok("endpoints", "--env", "sandbox", "--oauth-url", em.OAuthURL(), "--api-url", em.APIURL())

	// No setup in the active (sandbox) environment: the first step says what to fill in.
	r := h.want(ExitFailed, args("test", "ACME"))
	for _, want := range []string{"Incomplete", "Test failed", "FAIL", "skip"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.out)
		}
	}
	// Wrong password in production: the account step fails with the plain message.
	r = h.want(ExitFailed, args("test", "ACME", "--env", "production"))
	if !strings.Contains(r.out, "Chorus login or password is wrong or expired") {
		t.Errorf("output:\n%s", r.out)
	}
	var res testJSON
	r = h.want(ExitFailed, args("test", "ACME", "--env", "production", "--json"))
	h.decode(r.out, &res)
	if res.OK || !res.Steps[0].OK || !res.Steps[1].OK || !res.Steps[2].OK || res.Steps[3].OK || res.Steps[4].OK {
		t.Fatalf("%+v", res)
	}
	// Usage errors.
	h.want(ExitUsage, args("test"))
	h.want(ExitUsage, args("test", "ACME", "--env", "staging"))
	h.want(ExitUsage, args("test", "NOPE"))
}

// `test` does around the password's expiry what the window's Test does (one function,
// conntest.ForCompanyWithExpiry): a passing Test reads the expiry day from Chorus Pro and keeps
// it (`setup show --json` password_expires); a failing account step of a password known to
// have expired says "expired" rather than "wrong", live and in --json.
func TestTestCommandPasswordExpiry(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	em := setupForTest(t, h, "sandbox", "demo-password-1")
	expires := func() string {
		var show setupJSON
		h.decode(h.ok("setup", "show", "ACME", "--json"), &show)
		return show.Sandbox.PasswordExpires
	}
	steps := []struct {
		name    string
		prepare func()
		args    []string
		code    int
		want    string // in the output ("" = nothing to look for)
		expires func(got string) bool
	}{
		{"passing test reads the day", nil, args("test", "ACME"), ExitOK, "Test passed",
			func(got string) bool { return got != "" }},
		{"expired password, day known", func() {
			em.ExpirePassword("TECH_1_demo1@cpro.fr")
			h.ok("setup", "set", "ACME", "--env", "sandbox", "--password-expires", "2020-01-02")
		}, args("test", "ACME"), ExitFailed, "The Chorus password expired on 2020-01-02",
			func(got string) bool { return got == "2020-01-02" }},
		{"expired password, json", nil, args("test", "ACME", "--json"), ExitFailed, "expired on 2020-01-02",
			func(got string) bool { return got == "2020-01-02" }},
		{"wrong password, day still ahead", func() {
			h.ok("setup", "set", "ACME", "--env", "sandbox", "--password-expires", "2199-12-31")
		}, args("test", "ACME"), ExitFailed, "Chorus login or password is wrong or expired",
			func(got string) bool { return got == "2199-12-31" }},
	}
	for _, s := range steps {
		if s.prepare != nil {
			s.prepare()
		}
		r := h.want(s.code, s.args)
		if !strings.Contains(r.out, s.want) {
			t.Errorf("%s: output lacks %q:\n%s", s.name, s.want, r.out)
		}
		if got := expires(); !s.expires(got) {
			t.Errorf("%s: password_expires %q", s.name, got)
		}
	}
}

// TestTestCommandChecksTheFacturesSubscription: an application subscribed to Transverses and
// Utilisateurs but not to Factures fails `test` (exit 1, the API named) instead of the first
// `send`.
func TestTestCommandChecksTheFacturesSubscription(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	em := setupForTest(t, h, "sandbox", "demo-password-1")
	em.SetSubscribed("factures", false)
	r := h.want(ExitFailed, args("test", "ACME"))
	if !strings.Contains(r.out, "not subscribed to the Chorus Pro API Factures") {
		t.Fatalf("output does not name the Factures API:\n%s", r.out)
	}
	em.SetSubscribed("factures", true)
	h.ok("test", "ACME")
}
