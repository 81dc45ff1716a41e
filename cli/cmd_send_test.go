package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/internal/fixtures"
	"chorusdesk/outbox"
)

// invoiceSamples returns the repository's sample invoices whose name starts with prefix.
func invoiceSamples(t testing.TB, prefix string) []string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(fixtures.InvoicesDir(), prefix+"*"))
	if len(matches) == 0 {
		t.Fatalf("no sample invoices %s*", prefix)
	}
	return matches
}

// fastOutbox shortens the engine's waits for the duration of a test.
func fastOutbox(t testing.TB) {
	old := OutboxOptions
	OutboxOptions = outbox.Options{
		PollInterval: 20 * time.Millisecond, MaxPollInterval: 100 * time.Millisecond,
		ReconcileInterval: 30 * time.Millisecond, ReconcileWindow: 3 * time.Second,
		RetryBase: 10 * time.Millisecond, RetryMax: 100 * time.Millisecond, PollsPerSecond: 1000,
		ClientRetry: chorusapi.RetryPolicy{MaxAttempts: 3, BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond},
	}
	t.Cleanup(func() { OutboxOptions = old })
}

func TestSendStatus(t *testing.T) {
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	em := setupForTest(t, h, "sandbox", "demo-password-1")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--tag", "ACME-API")
	h.ok("setup", "enable", "ACME")
	files := invoiceSamples(t, "FA-2026-000")

	var rows []sendRow
	h.decode(h.ok(append([]string{"send", "--json"}, files...)...), &rows)
	if len(rows) != len(files) {
		t.Fatalf("%d rows for %d files", len(rows), len(files))
	}
	for i, r := range rows {
		if r.File != files[i] || r.Result != resultDeposited || r.State != "deposited" || r.Flux == "" ||
			r.Company != "ACME" || r.Number == "" || r.Tag != "ACME-API" || !strings.HasPrefix(r.NomFichier, "ACME-API_") {
			t.Errorf("row %d: %+v", i, r)
		}
	}

	// Again: nothing is sent; each file says it was already deposited, with its flux and day.
	r := h.run("send", files[0])
	if r.code != ExitOK || !strings.Contains(r.out, "already deposited (flux "+rows[0].Flux) ||
		!strings.Contains(r.out, "0 deposited, 1 already deposited, 0 held, 0 refused, 0 failed") || strings.Contains(r.out+r.err, "--force") {
		t.Fatalf("resend: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	number := rows[0].Number
	if n := em.Requests().Deposits[number]; n != 1 {
		t.Fatalf("%s deposited %d times after a refused resend", number, n)
	}
	// Forced: deposited again, saying what was deposited before, and when.
	var forced []sendRow
	h.decode(h.ok("send", "--json", "--force", files[0]), &forced)
	if len(forced) != 1 || forced[0].Result != resultDeposited || forced[0].Before == nil || forced[0].Before.Flux != rows[0].Flux {
		t.Fatalf("forced: %+v", forced)
	}
	if n := em.Requests().Deposits[number]; n != 2 {
		t.Fatalf("%s deposited %d times after --force, want 2", number, n)
	}

	// Not an invoice: refused; an invoice of a seller no company has: held; both exit 1.
	junk := filepath.Join(t.TempDir(), "junk.xml")
	if err := os.WriteFile(junk, []byte("<html/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = h.run("send", junk)
	if r.code != ExitFailed || !strings.Contains(r.out, "junk.xml: refused (") || !strings.Contains(r.out, "1 refused") {
		t.Fatalf("junk: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	other := invoiceSamples(t, "FA-2026-0011")[0]
	r = h.run("send", other)
	if r.code != ExitFailed || !strings.Contains(r.out, ": held (") || !strings.Contains(r.out, "55208131766522") || !strings.Contains(r.out, "1 held") {
		t.Fatalf("unroutable: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	// Chosen company: routed to ACME and deposited (the report will reject it later).
	h.ok("send", "--company", "ACME", other)

	var status []statusRow
	h.decode(h.ok("status", "--json"), &status)
	states := map[string]int{}
	for _, r := range status {
		states[r.State]++
		if r.Company != "" && r.Tag != "ACME-API" {
			t.Errorf("status row without the tag: %+v", r)
		}
	}
	if states["deposited"] != len(files)+2 || states["failed"] != 1 {
		t.Fatalf("status states %v\n%+v", states, status)
	}
	out := h.ok("status")
	for _, want := range []string{"FILE", "TAG", "ACME-API", "ACME", "deposited"} {
		if !strings.Contains(out, want) {
			t.Errorf("status text lacks %q:\n%s", want, out)
		}
	}
	h.want(ExitUsage, args("send"), "FILE")
}

// A setup whose Test fails carries nothing: `send` holds the invoices with the verdict and
// exits non-zero; nothing reaches Chorus Pro.
func TestSendHoldsOnFailingSetup(t *testing.T) {
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	em := setupForTest(t, h, "sandbox", "wrong-password")
	h.ok("setup", "enable", "ACME")
	var rows []sendRow
	r := h.run("send", "--json", invoiceSamples(t, "FA-2026-0001")[0])
	h.decode(r.out, &rows)
	if r.code != ExitFailed || len(rows) != 1 || rows[0].Result != resultHeld || !strings.Contains(rows[0].Message, "Test fails at") {
		t.Fatalf("exit %d: %+v\n%s", r.code, rows, r.err)
	}
	if n := em.Requests().Endpoints["/cpro/factures/v1/deposer/flux"]; n != 0 {
		t.Fatalf("%d deposits through a failing setup", n)
	}
}

// A file name with a terminal escape or a line break is printed on one line, without them, in
// send's result lines and in status.
func TestSendLinesCleanFileNames(t *testing.T) {
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	for _, name := range []string{"evil\x1b[2Jname.xml", "two\nlines.xml"} {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte("<html/>"), 0o600); err != nil {
			t.Fatal(err)
		}
		r := h.run("send", p)
		st := h.ok("status")
		for what, out := range map[string]string{"send": r.out, "status": st} {
			if strings.ContainsAny(out, "\x1b") || strings.Contains(out, "two\nlines") {
				t.Errorf("%s printed %q raw:\n%s", what, name, out)
			}
		}
		if !strings.Contains(r.out, ": refused (") {
			t.Errorf("send %q: %s", name, r.out)
		}
	}
}
