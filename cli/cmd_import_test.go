package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exported builds a vault with two companies and a full setup and exports it; it returns the
// bundle path and the harness.
func exported(t *testing.T) (*harness, string) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	h.ok("company", "add", "BETA", "--name", "Beta")
	h.fill("ACME", "sandbox", "app-acme", "l@acme.fr")
	h.fill("ACME", "production", "app-acme-prod", "l@acme.fr")
	h.ok("setup", "enable", "ACME")
	h.plant("CHORUSDESK_EXPORT_PASSWORD", testExportPass)
	file := filepath.Join(t.TempDir(), "firm.cdx")
	h.ok("export", file)
	return h, file
}

func TestImportRoundTrip(t *testing.T) {
	src, file := exported(t)
	var before setupJSON
	src.decode(src.ok("setup", "show", "ACME", "--json"), &before)

	dst := newHarness(t)
	dst.secrets = src.secrets
	dst.env["CHORUSDESK_EXPORT_PASSWORD"] = testExportPass
	dst.ok("init")
	dst.ok("import", file, "--yes")
	var cs []companyJSON
	dst.decode(dst.ok("company", "list", "--json"), &cs)
	if len(cs) != 3 || cs[1].Code != "ACME" || cs[1].SIRET != "73282932000074" || cs[2].Code != "BETA" {
		t.Fatalf("imported companies: %+v", cs)
	}
	var after setupJSON
	dst.decode(dst.ok("setup", "show", "ACME", "--json"), &after)
	if after != before {
		t.Fatalf("imported setup %+v, want %+v", after, before)
	}
	// Importing into the same vault again is accepted (companies matched by code): nothing
	// is left to do.
	if out := dst.ok("import", file); !strings.Contains(out, "Nothing to import") {
		t.Fatalf("second import: %s", out)
	}
}

func TestImportRefusalsLeaveTheVaultUntouched(t *testing.T) {
	src, file := exported(t)
	bundle, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	flipped := filepath.Join(dir, "flipped.cdx")
	b := append([]byte(nil), bundle...)
	b[len(b)/2] ^= 0x01
	if err := os.WriteFile(flipped, b, 0o600); err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.cdx")
	if err := os.WriteFile(truncated, bundle[:len(bundle)/3], 0o600); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.cdx")
	if err := os.WriteFile(garbage, []byte("not a bundle at all"), 0o600); err != nil {
		t.Fatal(err)
	}

	dst := newHarness(t)
	dst.secrets = src.secrets
	dst.ok("init")
	dst.ok("company", "add", "KEEP", "--name", "Keep")
	auditBefore := dst.ok("audit", "--json")

	dst.env["CHORUSDESK_EXPORT_PASSWORD"] = "the wrong passphrase"
	dst.want(ExitFailed, args("import", file, "--yes"))
	dst.env["CHORUSDESK_EXPORT_PASSWORD"] = testExportPass
	for _, f := range []string{flipped, truncated, garbage} {
		dst.want(ExitFailed, args("import", f, "--yes"))
	}
	// Without --yes and without a terminal to ask on: the plan, then exit 2.
	r := dst.want(ExitUsage, args("import", file), "re-run with --yes")
	if !strings.Contains(r.out, "+ company ACME: added") {
		t.Fatalf("the plan was not printed:\n%s", r.out)
	}
	dst.want(ExitUsage, args("import", filepath.Join(dir, "absent.cdx")), "cannot read")
	delete(dst.env, "CHORUSDESK_EXPORT_PASSWORD")
	dst.want(ExitUsage, args("import", file), "CHORUSDESK_EXPORT_PASSWORD")

	var cs []companyJSON
	dst.decode(dst.ok("company", "list", "--json"), &cs)
	if len(cs) != 2 || cs[1].Code != "KEEP" {
		t.Fatalf("refused imports changed the companies: %+v", cs)
	}
	if got := dst.ok("audit", "--json"); got != auditBefore {
		t.Fatalf("refused imports were audited or changed data:\n%s\nwas\n%s", got, auditBefore)
	}
}

// runTerminal runs a command as typed at a terminal, answering stdin.
func (h *harness) runTerminal(stdin string, a ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	code := Run(a, IO{In: strings.NewReader(stdin), Out: &out, Err: &errb, InIsTerminal: true,
		Getenv: func(k string) string { return h.env[k] }, ReadPassword: h.readPassword})
	r := result{code: code, out: out.String(), err: errb.String()}
	for _, s := range append(h.secrets, testMaster) {
		if strings.Contains(r.out, s) || strings.Contains(r.err, s) {
			h.t.Fatalf("%v printed a secret:\nstdout: %s\nstderr: %s", a, r.out, r.err)
		}
	}
	return r
}

// The plan is shown first; the import is applied only once confirmed: an explicit yes at the
// terminal, or --yes.
func TestImportShowsThePlanAndAsks(t *testing.T) {
	src, file := exported(t)
	dst := newHarness(t)
	dst.secrets = src.secrets
	dst.env["CHORUSDESK_EXPORT_PASSWORD"] = testExportPass
	dst.ok("init")
	auditBefore := dst.ok("audit", "--json")
	for _, answer := range []string{"\n", "n\n", "maybe\n", ""} {
		r := dst.runTerminal(answer, "import", file)
		if r.code != ExitFailed || !strings.Contains(r.err, "Apply this import?") || !strings.Contains(r.err, "Nothing was imported") {
			t.Fatalf("answer %q: exit %d\n%s\n%s", answer, r.code, r.out, r.err)
		}
	}
	if got := dst.ok("audit", "--json"); got != auditBefore {
		t.Fatal("a declined import changed something")
	}
	r := dst.runTerminal("y\n", "import", file)
	if r.code != ExitOK || !strings.Contains(r.out, "Imported:") {
		t.Fatalf("yes: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	for _, want := range []string{"+ company ACME: added", "+ setup of ACME: added", "sandbox secret set", "client ID app-acme", "+ company BETA"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, r.out)
		}
	}
	if !strings.Contains(dst.ok("company", "list"), "ACME") {
		t.Fatal("not imported")
	}
}

// A setup changed here after the bundle was made is kept with --yes (and said), replaced only
// with --overwrite-newer; the active environment is never switched.
func TestImportKeepsNewerLocalChanges(t *testing.T) {
	src, file := exported(t)
	dst := newHarness(t)
	dst.secrets = src.secrets
	dst.env["CHORUSDESK_EXPORT_PASSWORD"] = testExportPass
	dst.ok("init")
	dst.ok("env", "production")
	dst.ok("import", file, "--yes")
	dst.ok("setup", "set", "ACME", "--env", "sandbox", "--client-id", "app-changed-here")

	r := dst.want(ExitOK, args("import", file, "--yes"))
	for _, want := range []string{"! setup of ACME: changed here on", "kept as it is here", "app-changed-here → app-acme", "active environment: stays production"} {
		if !strings.Contains(r.out, want) {
			t.Fatalf("the plan lacks %q:\n%s", want, r.out)
		}
	}
	if !strings.Contains(dst.ok("setup", "show", "ACME"), "app-changed-here") {
		t.Fatal("--yes overwrote a setup changed here after the bundle was made")
	}
	r = dst.want(ExitOK, args("import", file, "--yes", "--overwrite-newer"))
	if !strings.Contains(r.out, "replaced by the bundle's") {
		t.Fatalf("--overwrite-newer plan:\n%s", r.out)
	}
	if strings.Contains(dst.ok("setup", "show", "ACME"), "app-changed-here") {
		t.Fatal("--overwrite-newer kept the local setup")
	}
	if !strings.Contains(dst.ok("env"), "production") {
		t.Fatal("the import switched the active environment")
	}
}
