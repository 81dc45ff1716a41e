package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chorusdesk/internal/fixtures"
)

// TestSendDir: `send DIR` sends the folder's invoices (its .xml and .pdf files, not its
// sub-folders), says what it passed over, and a named file that does not exist fails it.
func TestSendDir(t *testing.T) {
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	em := setupForTest(t, h, "sandbox", "demo-password-1")
	h.ok("setup", "enable", "ACME")

	dir := t.TempDir()
	for _, name := range []string{"FA-2026-0001_UBL.xml", "FA-2026-0003_Factur-X-EN16931.pdf"} {
		b, err := os.ReadFile(fixtures.Invoice(name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "older", "FA-2026-0002_CII.xml"), 0o700); err != nil {
		t.Fatal(err)
	}
	r := h.run("send", dir)
	if r.code != ExitOK || !strings.Contains(r.out, "2 deposited, 0 already deposited, 0 held, 0 refused, 0 failed") {
		t.Fatalf("send DIR: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	for _, want := range []string{"notes.txt: not taken", "older: not taken"} {
		if !strings.Contains(r.err, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.err)
		}
	}
	if em.Requests().Deposits["FA-2026-0001"] != 1 || em.Requests().Deposits["FA-2026-0003"] != 1 || em.Requests().Deposits["FA-2026-0002"] != 0 {
		t.Errorf("deposits %v", em.Requests().Deposits)
	}
	// A folder with no invoice, a missing file: nothing sent, exit 1.
	empty := t.TempDir()
	h.want(ExitFailed, args("send", empty), "no invoice file to send")
	h.want(ExitFailed, args("send", filepath.Join(empty, "missing.xml")), "does not exist")
}

// TestInspectDir: `inspect DIR` inspects the folder's invoices; file names are printed clean.
func TestInspectDir(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(fixtures.Invoice("FA-2026-0002_CII.xml"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := "a\x1b[2K\rFA-2026-9999: deposited\u202E.xml"
	for _, name := range []string{"FA-2026-0002_CII.xml", hostile} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := inspectRun(t, dir)
	if code != ExitOK || strings.Count(out, "invoice FA-2026-0002") != 2 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	if strings.ContainsAny(out, "\x1b\r\u202E") {
		t.Errorf("raw control characters printed: %q", out)
	}
}

// TestSendNothingToTake: each argument that brings nothing says why once; "the folders hold no
// invoice" only when a folder was given. Nothing is sent and the exit code is 1.
func TestSendNothingToTake(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	empty := t.TempDir()
	missing := filepath.Join(t.TempDir(), "nonexistent.xml")
	const folders = "no invoice file to send"
	for _, c := range []struct {
		name      string
		args      []string
		want      []string
		wantLines int // on stderr; nothing on stdout
	}{
		{"missing file", []string{missing}, []string{"nonexistent.xml: not taken: the file does not exist"}, 1},
		{"empty folder", []string{empty}, []string{folders}, 1},
		{"both", []string{empty, missing}, []string{"does not exist", folders}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := h.want(ExitFailed, append([]string{"send"}, c.args...), c.want...)
			if n := strings.Count(strings.TrimSpace(r.err), "\n") + 1; n != c.wantLines || r.out != "" {
				t.Errorf("%d lines on stderr, want %d; stdout %q:\n%s", n, c.wantLines, r.out, r.err)
			}
		})
	}
}
