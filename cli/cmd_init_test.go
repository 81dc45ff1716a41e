package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"chorusdesk/core"
	"chorusdesk/i18n"
)

// testMaster is the master password of every test vault.
const testMaster = "correct horse battery staple"

// harness runs the command line in-process against a fresh data directory, with the
// environment in a map (no real environment is touched). Every output of every run is
// scanned for the secrets planted with plant: none may ever appear.
type harness struct {
	t       *testing.T
	dir     string
	env     map[string]string
	secrets []string
	// readPassword, when set, plays the terminal prompt.
	readPassword func(prompt string) ([]byte, error)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	// The storage floor: a real Argon2id, but cheap enough for many runs per test.
	CoreOptions.KDF = &core.KDFParams{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}
	dir := t.TempDir()
	return &harness{t: t, dir: dir, env: map[string]string{
		"CHORUSDESK_DATA":     dir,
		"CHORUSDESK_PASSWORD": testMaster,
	}}
}

// plant puts a secret in the environment under name and remembers it for the output scan.
func (h *harness) plant(name, secret string) {
	h.env[name] = secret
	h.secrets = append(h.secrets, secret)
}

type result struct {
	code     int
	out, err string
}

func (h *harness) runIn(stdin string, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	io := IO{In: strings.NewReader(stdin), Out: &out, Err: &errb,
		Getenv: func(k string) string { return h.env[k] }, ReadPassword: h.readPassword}
	code := Run(args, io)
	r := result{code: code, out: out.String(), err: errb.String()}
	for _, s := range append(h.secrets, testMaster) {
		if strings.Contains(r.out, s) || strings.Contains(r.err, s) {
			h.t.Fatalf("%v printed a secret:\nstdout: %s\nstderr: %s", args, r.out, r.err)
		}
	}
	return r
}

func (h *harness) run(args ...string) result {
	h.t.Helper()
	return h.runIn("", args...)
}

// ok runs a command that must succeed and returns its standard output.
func (h *harness) ok(args ...string) string {
	h.t.Helper()
	r := h.run(args...)
	if r.code != ExitOK {
		h.t.Fatalf("%v: exit %d\nstdout: %s\nstderr: %s", args, r.code, r.out, r.err)
	}
	return r.out
}

// want runs a command that must exit with code and whose standard error must contain each
// of fragments; it returns the result.
func (h *harness) want(code int, args []string, fragments ...string) result {
	h.t.Helper()
	r := h.run(args...)
	if r.code != code {
		h.t.Fatalf("%v: exit %d, want %d\nstdout: %s\nstderr: %s", args, r.code, code, r.out, r.err)
	}
	for _, f := range fragments {
		if !strings.Contains(r.err, f) {
			h.t.Fatalf("%v: stderr lacks %q:\n%s", args, f, r.err)
		}
	}
	return r
}

func (h *harness) decode(out string, v any) {
	h.t.Helper()
	// Start from zero: omitted (omitempty) fields must not keep an earlier decode's values.
	reflect.ValueOf(v).Elem().SetZero()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		h.t.Fatalf("decode %T: %v\n%s", v, err, out)
	}
}

func args(a ...string) []string { return a }

func TestInit(t *testing.T) {
	h := newHarness(t)
	out := h.ok("init")
	if !strings.Contains(out, h.dir) || !strings.Contains(out, "*****") {
		t.Fatalf("init output: %q", out)
	}
	h.want(ExitUsage, args("init"), "already exists")
	var cs []companyJSON
	h.decode(h.ok("company", "list", "--json"), &cs)
	if len(cs) != 1 || cs[0].Code != "*****" || !cs[0].Default {
		t.Fatalf("fresh vault companies: %+v", cs)
	}
	h.want(ExitUsage, args("init", "extra"), "unexpected argument")
}

func TestInitNeedsAPassword(t *testing.T) {
	h := newHarness(t)
	delete(h.env, "CHORUSDESK_PASSWORD")
	h.want(ExitAuth, args("init"), "CHORUSDESK_PASSWORD")
	// Nothing was created: a command needing the vault still finds none.
	h.env["CHORUSDESK_PASSWORD"] = testMaster
	h.want(ExitAuth, args("company", "list"))
}

func TestInitPromptsTwice(t *testing.T) {
	tests := []struct {
		name    string
		answers []string
		code    int
	}{
		{name: "same twice", answers: []string{"a long enough password", "a long enough password"}, code: ExitOK},
		{name: "mismatch", answers: []string{"a long enough password", "a long enough passw0rd"}, code: ExitUsage},
		{name: "empty", answers: []string{""}, code: ExitAuth},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			delete(h.env, "CHORUSDESK_PASSWORD")
			var prompts []string
			h.readPassword = func(p string) ([]byte, error) {
				if len(prompts) == len(tc.answers) {
					return nil, errors.New("no more input")
				}
				prompts = append(prompts, p)
				return []byte(tc.answers[len(prompts)-1]), nil
			}
			h.secrets = append(h.secrets, tc.answers...)
			if tc.answers[0] == "" {
				h.secrets = nil
			}
			r := h.run("init")
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d: %s", r.code, tc.code, r.err)
			}
			if tc.code == ExitOK {
				h.env["CHORUSDESK_PASSWORD"] = tc.answers[0]
				h.ok("company", "list")
			}
		})
	}
}

// TestInitRefusesWeakPassword: the CLI applies the window's master-password policy
// (domain.CheckMasterPassword): a short or easily guessed password is refused with exit 2 and
// no vault is created.
func TestInitRefusesWeakPassword(t *testing.T) {
	for _, tc := range []struct{ pw, want string }{
		{"short", "at least 12 characters"},
		{"password1234", "too easy to guess"},
	} {
		h := newHarness(t)
		h.env["CHORUSDESK_PASSWORD"] = tc.pw
		h.want(ExitUsage, args("init"), tc.want)
		h.env["CHORUSDESK_PASSWORD"] = testMaster
		h.want(ExitAuth, args("company", "list"), "")
	}
}

func TestWrongMasterPasswordExits3AndChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.env["CHORUSDESK_PASSWORD"] = "not the password"
	for _, a := range [][]string{{"company", "list"}, {"company", "add", "BETA", "--name", "Beta"}, {"audit"}, {"env", "production"}} {
		h.want(ExitAuth, a, "wrong master password")
	}
	h.env["CHORUSDESK_PASSWORD"] = testMaster
	var cs []companyJSON
	h.decode(h.ok("company", "list", "--json"), &cs)
	if len(cs) != 2 {
		t.Fatalf("companies after wrong passwords: %+v", cs)
	}
	if strings.TrimSpace(h.ok("env")) != "sandbox" {
		t.Fatal("environment changed")
	}
}

func TestNoVaultExits3(t *testing.T) {
	h := newHarness(t)
	for _, a := range [][]string{{"company", "list"}, {"setup", "show", "*****"}, {"resolve"}, {"env"}, {"audit"}, {"passwd"}} {
		h.want(ExitAuth, a, "init")
	}
}

func TestDataDirInUseExits4(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	holder, err := core.Open(h.dir, CoreOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	for _, a := range [][]string{{"company", "list"}, {"init"}, {"passwd"}, {"env"}} {
		h.want(ExitInUse, a, "another Chorus Desk instance")
	}
}

// TestCLICatalogComplete checks every cli.* message exists in English and French with the
// same fmt verbs, so a French user never gets a half-translated line.
func TestCLICatalogComplete(t *testing.T) {
	keys := func(l i18n.Lang) map[string]bool {
		m := map[string]bool{}
		for _, k := range i18n.Keys(l) {
			if strings.HasPrefix(k, "cli.") {
				m[k] = true
			}
		}
		return m
	}
	en, fr := keys(i18n.EN), keys(i18n.FR)
	if len(en) == 0 || len(en) != len(fr) {
		t.Fatalf("%d English and %d French cli keys", len(en), len(fr))
	}
	verbs := regexp.MustCompile(`%[a-z]`)
	for k := range en {
		if !fr[k] {
			t.Errorf("%s has no French text", k)
			continue
		}
		e, f := verbs.FindAllString(i18n.T(i18n.EN, k), -1), verbs.FindAllString(i18n.T(i18n.FR, k), -1)
		if strings.Join(e, "") != strings.Join(f, "") {
			t.Errorf("%s: verbs %v vs %v", k, e, f)
		}
	}
}

// TestFrenchMessages runs commands under a French locale: validation problems, the
// resolution reason and the command's own lines come out in French.
func TestFrenchMessages(t *testing.T) {
	t.Setenv("LC_ALL", "fr_FR.UTF-8")
	h := newHarness(t)
	if out := h.ok("init"); !strings.Contains(out, "Coffre créé") {
		t.Fatalf("init: %q", out)
	}
	h.want(ExitUsage, args("company", "add", "A", "--name", "A", "--siret", "73282932000075"), "SIRET n'est pas valide")
	h.ok("company", "add", "A", "--name", "A")
	h.want(ExitUsage, args("setup", "set", "A", "--env", "sandbox", "--client-id", "x"), "Secret PISTE (bac à sable)")
	if out := h.ok("resolve", "A"); !strings.Contains(out, "aucun paramétrage activé pour A ni pour *****") {
		t.Fatalf("resolve: %q", out)
	}
	// --json stays English and stable for scripts.
	var r resolveJSON
	h.decode(h.ok("resolve", "A", "--json"), &r)
	if r.Reason != "no enabled setup for A nor for *****" {
		t.Fatalf("JSON reason localized: %q", r.Reason)
	}
}
