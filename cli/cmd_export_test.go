package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

const testExportPass = "bundle passphrase for tests"

func TestExportWritesAPrivateSealedBundle(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.fill("ACME", "sandbox", "app-1", "l@acme.fr")
	h.plant("CHORUSDESK_EXPORT_PASSWORD", testExportPass)
	file := filepath.Join(t.TempDir(), "firm.cdx")
	h.ok("export", file)

	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(h.secrets, "app-1", "l@acme.fr", "ACME") {
		if bytes.Contains(b, []byte(s)) {
			t.Fatalf("bundle holds %q in clear", s)
		}
	}
	if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o600 {
		t.Fatalf("bundle mode %v", fi.Mode().Perm())
	}

	// An existing file is never overwritten without --force.
	h.want(ExitUsage, args("export", file), "--force")
	if after, _ := os.ReadFile(file); !bytes.Equal(after, b) {
		t.Fatal("refused export changed the file")
	}
	h.ok("export", file, "--force")
	if after, _ := os.ReadFile(file); bytes.Equal(after, b) {
		t.Fatal("--force did not rewrite the bundle (fresh nonce and salt expected)")
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*tmp*")); len(m) != 0 {
		t.Fatalf("temporary files left: %v", m)
	}
}

func TestExportFailures(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	dir := t.TempDir()
	h.want(ExitUsage, args("export", filepath.Join(dir, "a")), "CHORUSDESK_EXPORT_PASSWORD")
	h.plant("CHORUSDESK_EXPORT_PASSWORD", testExportPass)
	h.want(ExitUsage, args("export"), "one file")
	h.want(ExitFailed, args("export", filepath.Join(dir, "missing-dir", "a")), "cannot write")
	h.env["CHORUSDESK_PASSWORD"] = "wrong"
	h.want(ExitAuth, args("export", filepath.Join(dir, "b")), "wrong master password")
	if _, err := os.Stat(filepath.Join(dir, "b")); err == nil {
		t.Fatal("a refused export left a file")
	}
}
