package cli

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAuditRecordsChangesWithoutSecrets(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.fill("ACME", "sandbox", "app-1", "l@acme.fr")
	h.ok("setup", "enable", "ACME")
	h.ok("env", "production", "--yes")
	h.ok("endpoints", "--env", "sandbox", "--api-url", "https://proxy.example.test")

	out := h.ok("audit", "--json")
	// Decode strictly into the documented shape.
	var entries []struct {
		Time    time.Time `json:"time"`
		Action  string    `json:"action"`
		Company string    `json:"company"`
		Detail  string    `json:"detail"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&entries); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	var actions []string
	for i, e := range entries {
		actions = append(actions, e.Action)
		if e.Time.IsZero() || (i > 0 && e.Time.Before(entries[i-1].Time)) {
			t.Fatalf("entry %d time %v out of order", i, e.Time)
		}
	}
	got := strings.Join(actions, ",")
	for _, want := range []string{"company-add", "create", "enable", "env", "endpoints"} {
		if !strings.Contains(got, want) {
			t.Fatalf("actions %s lack %s", got, want)
		}
	}
	// h.ok already failed on any planted secret; the text form must be free of them too.
	text := h.ok("audit")
	if !strings.Contains(text, "ACME") || strings.Count(text, "\n") != len(entries) {
		t.Fatalf("text audit (%d entries):\n%s", len(entries), text)
	}
	h.want(ExitUsage, args("audit", "extra"), "unexpected")
}

// TestPlantedSecretsNeverReachDisk plants five distinct secrets through the command line,
// exercises every command that touches them, then scans every file of the data directory
// and the export bundle: none may hold a secret in clear.
func TestPlantedSecretsNeverReachDisk(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	for _, c := range []string{"A", "B", "C"} {
		h.ok("company", "add", c, "--name", c)
	}
	h.fill("A", "sandbox", "a-sbx", "a@firm.fr")    // plants 2 secrets
	h.fill("B", "production", "b-prd", "b@firm.fr") // plants 2 more
	h.plant("FIFTH", "fifth-secret-Zq8v")           // and the fifth
	h.ok("setup", "set", "B", "--env", "production", "--password-env", "FIFTH")
	h.ok("setup", "enable", "A")
	h.ok("setup", "move", "A", "C")
	h.ok("setup", "show", "C")
	h.ok("resolve", "--json")
	h.ok("audit", "--json")
	h.plant("CHORUSDESK_EXPORT_PASSWORD", testExportPass)
	bundle := filepath.Join(t.TempDir(), "b.cdx")
	h.ok("export", bundle)
	h.want(ExitUsage, args("passwd"), "CHORUSDESK_NEW_PASSWORD") // refused, and must not leak either
	if len(h.secrets) != 6 {
		t.Fatalf("planted %d secrets", len(h.secrets))
	}
	files := []string{bundle}
	_ = filepath.WalkDir(h.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 3 {
		t.Fatalf("only %d files scanned", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range append(h.secrets, testMaster) {
			if bytes.Contains(b, []byte(s)) {
				t.Fatalf("%s holds a secret in clear", filepath.Base(f))
			}
		}
	}
}

// TestAuditInTheUsersLanguage: the text form of the journal speaks the user's language, the
// JSON form keeps the action codes and English details for scripts.
func TestAuditInTheUsersLanguage(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.ok("env", "production", "--yes")
	t.Setenv("LC_ALL", "fr_FR.UTF-8")
	text := h.ok("audit")
	for _, want := range []string{"société ajoutée", "nom « Acme »", "environnement actif bac à sable → production"} {
		if !strings.Contains(text, want) {
			t.Errorf("French journal lacks %q:\n%s", want, text)
		}
	}
	out := h.ok("audit", "--json")
	if !strings.Contains(out, `"action": "company-add"`) || !strings.Contains(out, "active environment sandbox → production") {
		t.Errorf("JSON journal:\n%s", out)
	}
}
