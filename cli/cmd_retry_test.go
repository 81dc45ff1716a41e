package cli

import (
	"strings"
	"testing"
)

// retry is the window's Retry on the command line: after the setup is fixed, held invoices
// go with `retry --held` or `retry ID`; `send` of the same file again also sends it (the
// engine tests a changed setup again by itself); an unroutable invoice takes its company
// with --company. Held lines say what to type.
func TestRetry(t *testing.T) {
	fastOutbox(t)
	const good = "demo-password-1"
	sample := func(t *testing.T) string { return invoiceSamples(t, "FA-2026-0001")[0] }
	cases := []struct {
		name     string
		password string                               // the setup's password before the fix
		file     func(t *testing.T) string            // sent first: held
		advice   string                               // in the held line
		fix      func(h *harness)                     // nil: nothing to fix
		then     func(h *harness, id string) []string // the command that sends it
	}{
		{"setup fixed, retry --held", "wrong-password", sample, "then `chorusdesk retry --held`", fixPassword,
			func(*harness, string) []string { return []string{"retry", "--json", "--held"} }},
		{"setup fixed, retry ID", "wrong-password", sample, "`chorusdesk test ACME`", fixPassword,
			func(_ *harness, id string) []string { return []string{"retry", "--json", id} }},
		{"setup fixed, send again", "wrong-password", sample, "retry --held", fixPassword,
			func(*harness, string) []string {
				return []string{"send", "--json", invoiceSamples(t, "FA-2026-0001")[0]}
			}},
		{"no company, retry --company", good, func(t *testing.T) string { return invoiceSamples(t, "FA-2026-0011")[0] },
			"`chorusdesk retry --company CODE ", nil,
			func(_ *harness, id string) []string { return []string{"retry", "--json", "--company", "ACME", id} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.ok("init")
			h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
			em := setupForTest(t, h, "sandbox", c.password)
			h.ok("setup", "enable", "ACME")
			file := c.file(t)
			r := h.run("send", file)
			if r.code != ExitFailed || !strings.Contains(r.out, ": held (") || !strings.Contains(r.out, c.advice) {
				t.Fatalf("send: exit %d, want a held line with %q:\n%s%s", r.code, c.advice, r.out, r.err)
			}
			var rows []statusRow
			h.decode(h.ok("status", "--json"), &rows)
			if len(rows) != 1 || rows[0].State != "held" {
				t.Fatalf("status %+v", rows)
			}
			if !strings.Contains(h.ok("status"), c.advice) {
				t.Errorf("status does not say what to type (%q)", c.advice)
			}
			if c.fix != nil {
				c.fix(h)
			}
			var sent []sendRow
			h.decode(h.ok(c.then(h, rows[0].ID)...), &sent)
			if len(sent) != 1 || sent[0].Result != resultDeposited || sent[0].Flux == "" {
				t.Fatalf("%v: %+v", c.then(h, rows[0].ID), sent)
			}
			if n := em.Requests().Endpoints["/cpro/factures/v1/deposer/flux"]; n != 1 {
				t.Fatalf("%d deposits, want 1", n)
			}
		})
	}
}

// fixPassword saves the right technical password in ACME's setup.
func fixPassword(h *harness) {
	h.plant("EMU_PW_FIXED", "demo-password-1")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--password-env", "EMU_PW_FIXED")
}

// retry's refusals: what to retry is required, one way; an unknown ID is said and fails; with
// nothing held, --held says so and succeeds.
func TestRetryRefusals(t *testing.T) {
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	cases := []struct {
		args []string
		code int
		out  string // on stdout or stderr
	}{
		{args("retry"), ExitUsage, "--held for every held invoice"},
		{args("retry", "--held", "X1"), ExitUsage, `unexpected argument "X1"`},
		{args("retry", "NOPE"), ExitFailed, "(NOPE): not retried: no transfer with id NOPE"},
		{args("retry", "--held"), ExitOK, "No held invoice."},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			r := h.run(c.args...)
			if r.code != c.code || !strings.Contains(r.out+r.err, c.out) {
				t.Fatalf("exit %d, want %d with %q:\n%s%s", r.code, c.code, c.out, r.out, r.err)
			}
		})
	}
}
