package cli

import (
	"archive/zip"
	"encoding/base64"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chorusdesk/chorusapi/emulator"
)

// TestDiagnoseCommand: `test` against a gateway that quotes the request, then `diagnose`
// in a later process: the bundle holds the earlier command's exchanges (journaled in the data
// directory) and neither the bundle, the journal nor any output holds a secret in any form.
func TestDiagnoseCommand(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	password := `Pl4nted pw&"é"/+`
	em := setupForTest(t, h, "sandbox", password)
	if err := em.SetAccountPassword("TECH_1_demo1@cpro.fr", password); err != nil {
		t.Fatal(err)
	}
	h.ok("test", "ACME")
	em.InjectFault(emulator.Fault{Endpoint: "health-check", Kind: emulator.FaultEcho, Status: 401})
	r := h.want(ExitFailed, args("test", "ACME"))
	if !strings.Contains(r.out, "[redacted]") {
		t.Fatalf("the echo did not reach the output: the test proves nothing\n%s", r.out)
	}

	out := filepath.Join(t.TempDir(), "support.zip")
	msg := h.ok("diagnose", "--out", out)
	if !strings.Contains(msg, out) {
		t.Fatalf("output: %s", msg)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	texts := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		texts["bundle "+f.Name] = string(b)
	}
	if !strings.Contains(texts["bundle exchanges.json"], "/cpro/transverses/v1/health-check") ||
		!strings.Contains(texts["bundle report.json"], `"company": "ACME"`) {
		t.Fatalf("the bundle lacks the earlier command's exchanges or Test:\n%s", texts["bundle report.json"])
	}
	journal, _ := filepath.Glob(filepath.Join(h.dir, "diagnostics", "*"))
	for _, p := range journal {
		b, _ := os.ReadFile(p)
		texts["journal "+filepath.Base(p)] = string(b)
	}
	if len(journal) == 0 {
		t.Fatal("no journal in the data directory")
	}
	account := "TECH_1_demo1@cpro.fr:" + password
	for name, text := range texts {
		for _, s := range []string{emulator.SandboxSecret, password, account, base64.StdEncoding.EncodeToString([]byte(account))} {
			for _, form := range []string{s, base64.StdEncoding.EncodeToString([]byte(s)), base64.URLEncoding.EncodeToString([]byte(s)), url.QueryEscape(s)} {
				if strings.Contains(text, form) {
					t.Errorf("%s holds a secret (%d chars)", name, len(s))
				}
			}
		}
	}
	h.want(ExitUsage, args("diagnose", "extra"))
}
