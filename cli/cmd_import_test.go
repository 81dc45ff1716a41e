package cli

import (
	"os"
	"path/filepath"
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
	dst.ok("import", file)
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
	// Importing into the same vault again is accepted (companies matched by code).
	dst.ok("import", file)
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
	dst.want(ExitFailed, args("import", file))
	dst.env["CHORUSDESK_EXPORT_PASSWORD"] = testExportPass
	for _, f := range []string{flipped, truncated, garbage} {
		dst.want(ExitFailed, args("import", f))
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
