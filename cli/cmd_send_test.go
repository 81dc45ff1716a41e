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
		RetryBase: 10 * time.Millisecond, RetryMax: 100 * time.Millisecond,
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
	h.ok("setup", "enable", "ACME")
	files := invoiceSamples(t, "FA-2026-000")

	var rows []statusRow
	h.decode(h.ok(append([]string{"send", "--json"}, files...)...), &rows)
	if len(rows) != len(files) {
		t.Fatalf("%d rows for %d files", len(rows), len(files))
	}
	for i, r := range rows {
		if r.File != files[i] || r.State != "deposited" || r.Flux == "" || r.Company != "ACME" || r.Number == "" {
			t.Errorf("row %d: %+v", i, r)
		}
	}

	// Again: refused as a duplicate (said on stderr), still counted as deposited, not re-sent.
	r := h.run("send", files[0])
	if r.code != ExitOK || !strings.Contains(r.err, "already deposited") || !strings.Contains(r.out, "1 deposited, 0 not deposited") {
		t.Fatalf("resend: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	number := rows[0].Number
	if n := em.Requests().Deposits[number]; n != 1 {
		t.Fatalf("%s deposited %d times after a refused resend", number, n)
	}
	h.ok("send", "--force", files[0])
	if n := em.Requests().Deposits[number]; n != 2 {
		t.Fatalf("%s deposited %d times after --force, want 2", number, n)
	}

	// Not an invoice, and an invoice of a seller no company has: not deposited, exit 1.
	junk := filepath.Join(t.TempDir(), "junk.xml")
	if err := os.WriteFile(junk, []byte("<html/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.want(ExitFailed, args("send", junk), "junk.xml")
	other := invoiceSamples(t, "FA-2026-0011")[0]
	r = h.run("send", other)
	if r.code != ExitFailed || !strings.Contains(r.out, "held") || !strings.Contains(r.out, "55208131766522") {
		t.Fatalf("unroutable: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	// Chosen company: routed to ACME and deposited (the report will reject it later).
	h.ok("send", "--company", "ACME", other)

	h.decode(h.ok("status", "--json"), &rows)
	states := map[string]int{}
	for _, r := range rows {
		states[r.State]++
	}
	if states["deposited"] != len(files)+2 || states["failed"] != 1 || states["held"] != 1 {
		t.Fatalf("status states %v\n%+v", states, rows)
	}
	out := h.ok("status")
	for _, want := range []string{"FILE", "ACME", "deposited", "held", "55208131766522"} {
		if !strings.Contains(out, want) {
			t.Errorf("status text lacks %q:\n%s", want, out)
		}
	}
	h.want(ExitUsage, args("send"), "FILE")
}
