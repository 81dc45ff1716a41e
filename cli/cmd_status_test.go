package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/outbox"
)

// trackToEnd runs the engine of h's data directory (as `watch` or the window would) until
// every item is final.
func trackToEnd(t *testing.T, h *harness) {
	t.Helper()
	e := &Env{IO: IO{Out: &strings.Builder{}, Err: &strings.Builder{}, Getenv: func(k string) string { return h.env[k] }}, DataDir: h.dir, Lang: "en"}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		t.Fatalf("open: exit %d", code)
	}
	defer svc.Close()
	o, err := outbox.Open(svc, OutboxOptions)
	if err != nil {
		t.Fatal(err)
	}
	o.Start()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := o.Wait(ctx, func(it outbox.Item) bool { return it.State == outbox.Final }); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
}

// status says a refusal by Chorus Pro in one sentence (cause and what to do) and Chorus Pro's
// own words apart, after it: for the duplicate number QA met, and a label no rule knows.
func TestStatusRefusalOnce(t *testing.T) {
	fastOutbox(t)
	cases := []struct {
		name     string
		outcome  emulator.Outcome
		sentence string // the one sentence
		raw      string // Chorus Pro's words, apart
	}{
		{"duplicate number", emulator.Outcome{Kind: emulator.OutcomeDuplicate},
			"Chorus Pro already has an invoice with this number from this supplier for this year. Give the invoice a new number, or check on the portal whether the first one went through.",
			"Vous avez déjà déposé une demande de paiement avec ce numéro de facture pour cette structure"},
		{"unknown label", emulator.Outcome{Kind: "IN_REJETE", Libelle: "Une phrase inconnue"},
			"Chorus Pro refused the invoice before any buyer saw it — fix what Chorus Pro names and send again", "Une phrase inconnue"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.ok("init")
			h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
			em := setupForTest(t, h, "sandbox", "demo-password-1")
			h.ok("setup", "enable", "ACME")
			if err := em.ForceOutcome(c.outcome); err != nil {
				t.Fatal(err)
			}
			h.ok("send", invoiceSamples(t, "FA-2026-0001")[0])
			trackToEnd(t, h)
			out := h.ok("status")
			want := c.sentence + " (Chorus Pro's words: " + c.raw + ")"
			if !strings.Contains(out, want) || strings.Count(out, "Chorus Pro already has") > 1 || strings.Count(out, "again") > 1 {
				t.Fatalf("status lacks %q once:\n%s", want, out)
			}
			var rows []statusRow
			h.decode(h.ok("status", "--json"), &rows)
			if len(rows) != 1 || rows[0].Message != c.sentence || rows[0].Raw != c.raw {
				t.Fatalf("JSON %+v", rows)
			}
		})
	}
}
