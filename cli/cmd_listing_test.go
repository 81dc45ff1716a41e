package cli

import (
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
)

func TestListing(t *testing.T) {
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	// Chorus Pro lists an invoice once its flux is processed: at once here.
	em, err := emulator.Start("127.0.0.1:0", emulator.Options{ProcessingTime: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = em.Close() })
	h.ok("endpoints", "--env", "sandbox", "--oauth-url", em.OAuthURL(), "--api-url", em.APIURL())
	h.plant("EMU_SECRET", emulator.SandboxSecret)
	h.plant("EMU_PW", "demo-password-1")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--client-id", emulator.SandboxClientID, "--client-secret-env", "EMU_SECRET",
		"--login", "TECH_1_demo1@cpro.fr", "--password-env", "EMU_PW")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--tag", "ACME-API")
	h.ok("setup", "enable", "ACME")
	h.ok("send", invoiceSamples(t, "FA-2026-0001_UBL")[0])

	var rows []listingRow
	h.decode(h.ok("listing", "ACME", "--json"), &rows)
	if len(rows) != 1 || rows[0].Origin != "app" || rows[0].Tag != "ACME-API" || rows[0].Number != "FA-2026-0001" || rows[0].Flux == "" {
		t.Fatalf("listing: %+v", rows)
	}
	out := h.ok("listing", "ACME")
	for _, want := range []string{"FA-2026-0001", "this app", "1 invoice: 1 deposited by this app"} {
		if !strings.Contains(out, want) {
			t.Errorf("listing text lacks %q:\n%s", want, out)
		}
	}
	h.decode(h.ok("listing", "ACME", "--since", "2999-01-01", "--json"), &rows)
	if len(rows) != 0 {
		t.Errorf("since 2999: %+v", rows)
	}
	h.want(ExitUsage, args("listing", "ACME", "--since", "01/02/2026"), "YYYY-MM-DD")
	h.want(ExitUsage, args("listing"), "")
}
