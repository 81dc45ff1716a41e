package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chorusdesk/core"
)

func backupNames(t *testing.T, h *harness) []string {
	t.Helper()
	var bs []core.BackupInfo
	if err := json.Unmarshal([]byte(h.ok("restore", "--json")), &bs); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range bs {
		names = append(names, b.Name)
	}
	return names
}

func companyCodes(t *testing.T, h *harness) string {
	t.Helper()
	var cs []companyJSON
	h.decode(h.ok("company", "list", "--json"), &cs)
	var codes []string
	for _, c := range cs {
		codes = append(codes, c.Code)
	}
	return strings.Join(codes, ",")
}

func TestRestoreCommand(t *testing.T) {
	h := newHarness(t)
	h.plant("SECRET_VAR", "planted-client-secret-4411")
	h.plant("PW_VAR", "planted-chorus-password-9a2")
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--client-id", "cid-acme", "--client-secret-env", "SECRET_VAR",
		"--login", "TECH_1_acme@cpro.fr", "--password-env", "PW_VAR")
	names := backupNames(t, h)
	if len(names) == 0 {
		t.Fatal("no automatic backup after changes")
	}
	if out := h.ok("restore"); !strings.Contains(out, names[0]) {
		t.Fatalf("list lacks the newest backup:\n%s", out)
	}
	h.ok("company", "add", "LATER", "--name", "Added later")
	newest := names[0]

	// Without --yes and without a terminal: shown (secrets masked), not restored.
	r := h.want(ExitUsage, []string{"restore", newest}, "--yes")
	if !strings.Contains(r.out, "ACME") || !strings.Contains(r.out, core.SecretMask) || !strings.Contains(r.out, "LATER") {
		t.Fatalf("contents and changes not shown:\n%s", r.out)
	}
	if got := companyCodes(t, h); got != "*****,ACME,LATER" {
		t.Fatalf("restored without confirmation: %s", got)
	}
	h.ok("restore", newest, "--yes")
	if got := companyCodes(t, h); got != "*****,ACME" {
		t.Fatalf("after restore: %s", got)
	}

	// A damaged directory: every command says so and names the backup; restore rebuilds it.
	if err := os.Remove(filepath.Join(h.dir, "db", "MANIFEST")); err != nil {
		t.Fatal(err)
	}
	latest := backupNames(t, h)[0]
	h.want(ExitDamaged, []string{"company", "list"}, "damaged", latest)
	r = h.want(ExitOK, []string{"restore", latest, "--yes"}, "restoring a backup rebuilds it")
	// One setup, two companies: each count with its own plural form.
	if !strings.Contains(r.out, "rebuild") || !strings.Contains(r.out, "2 companies:") ||
		!strings.Contains(r.out, "restored: 2 companies, 1 setup.") {
		t.Fatalf("damaged restore output:\n%s", r.out)
	}
	// The restore does not repeat the damaged directory's advice to restore a backup.
	if strings.Contains(r.err, "latest automatic backup") {
		t.Fatalf("restore repeats the advice to restore:\n%s", r.err)
	}
	if got := companyCodes(t, h); got != "*****,ACME" {
		t.Fatalf("after rebuilding: %s", got)
	}
	var show setupJSON
	h.decode(h.ok("setup", "show", "ACME", "--json"), &show)
	if show.Sandbox.ClientID != "cid-acme" || show.Sandbox.ClientSecret != Masked {
		t.Fatalf("setup after rebuilding: %+v", show.Sandbox)
	}
	h.want(ExitUsage, []string{"restore", "a", "b"})
	h.want(ExitFailed, []string{"restore", "no-such-backup.cdbackup", "--yes"}, "Cannot read the backup")
}
