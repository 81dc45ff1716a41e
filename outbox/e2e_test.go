package outbox

import (
	"errors"
	"strings"
	"testing"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/i18n"
)

// Every sample invoice goes from file to a final status: routed by its seller SIRET, checked,
// deposited once, its flux followed to IN_INTEGRE, its invoice found and followed until the
// recipient pays or rejects it.
func TestSamplesDepositedAndTrackedToFinal(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	var ids []string
	for _, p := range samplePaths(t) {
		it, err := o.Add(p, AddOptions{})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if it.State != Queued {
			t.Fatalf("%s: state %s (%s), want queued", p, it.State, it.Message.In(i18n.EN))
		}
		wantCompany := "DEMO1"
		if it.SellerSIRET == emulator.SupplierSIRET2 {
			wantCompany = "DEMO2"
		}
		if it.CompanyCode != wantCompany {
			t.Errorf("%s routed to %q, want %q", it.Number, it.CompanyCode, wantCompany)
		}
		ids = append(ids, it.ID)
	}
	// The emulator moves an integrated invoice on its own up to MISE_A_DISPOSITION.
	items := wait(t, o, invoiceIsAt("MISE_A_DISPOSITION"), ids...)
	final := map[string]string{}
	for i, it := range items {
		if it.FluxState != FluxIntegre || it.Flux == "" {
			t.Errorf("%s: flux %q state %q", it.Number, it.Flux, it.FluxState)
		}
		status, comment := StatusMiseEnPaiement, ""
		if i%2 == 1 {
			status, comment = StatusRejetee, "montant errone"
		}
		final[it.ID] = status
		if err := r.emu.SetInvoiceStatus(it.InvoiceID, status, comment); err != nil {
			t.Fatal(err)
		}
	}
	items = wait(t, o, isState(Final), ids...)
	counts := r.emu.Requests().Deposits
	for _, it := range items {
		if it.InvoiceStatus != final[it.ID] {
			t.Errorf("%s: final status %q, want %q", it.Number, it.InvoiceStatus, final[it.ID])
		}
		if it.Rejected() != (it.InvoiceStatus == StatusRejetee) {
			t.Errorf("%s: Rejected() = %v with status %s", it.Number, it.Rejected(), it.InvoiceStatus)
		}
		if it.InvoiceStatus == StatusRejetee && !strings.Contains(it.Message.In(i18n.EN), "montant errone") {
			t.Errorf("%s: rejection message %q lacks the recipient's comment", it.Number, it.Message.In(i18n.EN))
		}
		if it.Message.In(i18n.FR) == it.Message.In(i18n.EN) {
			t.Errorf("%s: message not translated: %q", it.Number, it.Message.In(i18n.FR))
		}
		if counts[it.Number] != 1 {
			t.Errorf("%s deposited %d times, want 1", it.Number, counts[it.Number])
		}
		if err := o.st.checkContent(&it); err == nil {
			t.Errorf("%s: content still kept after the final status", it.Number)
		}
	}
}

// A_RECYCLER and SUSPENDUE are not final: they are explained with what to do, and tracking
// goes on until a final status.
func TestRecipientActionsExplained(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	dir := t.TempDir()
	cases := []struct {
		status, comment, want string
	}{
		{StatusSuspendue, "bon de livraison manquant", "complete it on the portal (attachments)"},
		{StatusARecycler, "mauvais service", "send again with the same number"},
	}
	for i, c := range cases {
		p := writeFile(t, dir, "inv.xml", ublVariant(t, "REC-"+c.status, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
		it, err := o.Add(p, AddOptions{})
		if err != nil {
			t.Fatal(err)
		}
		it = wait(t, o, invoiceIsAt("MISE_A_DISPOSITION"), it.ID)[0]
		if err := r.emu.SetInvoiceStatus(it.InvoiceID, c.status, c.comment); err != nil {
			t.Fatal(err)
		}
		it = wait(t, o, invoiceIsAt(c.status), it.ID)[0]
		got := it.Message.In(i18n.EN) + " | " + it.Message.In(i18n.FR)
		if it.State != Tracking || !strings.Contains(got, c.comment) || !strings.Contains(got, c.want) {
			t.Errorf("case %d: state %s message %q", i, it.State, got)
		}
		if err := r.emu.SetInvoiceStatus(it.InvoiceID, StatusMiseEnPaiement, ""); err != nil {
			t.Fatal(err)
		}
		wait(t, o, isState(Final), it.ID)
	}
}

// Recipient rules: what the pre-flight can know holds the invoice with the reason and sends
// nothing; what only Chorus Pro knows comes back as a rejection with its message.
func TestRecipientRulesHoldOrReject(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	dir := t.TempDir()
	holds := []struct {
		name, buyer, service, ej, want string
	}{
		{"H-UNKNOWN-BUYER", "11000000000007", "SERV-COMPTA", "", "not a Chorus Pro recipient"},
		{"H-NO-SERVICE", emulator.RecipientServiceRequired, "", "EJ1", "requires a service code"},
		{"H-BAD-SERVICE", emulator.RecipientServiceRequired, "SERV-NOPE", "EJ1", "does not exist"},
		{"H-CLOSED-SERVICE", emulator.RecipientServiceRequired, "SERV-ARCHIVE", "EJ1", "is closed"},
		{"H-RESERVED", emulator.RecipientServiceRequired, ReservedService, "EJ1", "reserved"},
		{"H-NO-EJ", emulator.RecipientEJRequired, "", "", "requires a commitment number"},
		{"H-NEITHER", emulator.RecipientEJOrService, "", "", "service code or a commitment"},
	}
	var ids []string
	for _, h := range holds {
		it, err := o.Add(writeFile(t, dir, h.name+".xml", ublVariant(t, h.name, h.buyer, h.service, h.ej)), AddOptions{})
		if err != nil {
			t.Fatalf("%s: %v", h.name, err)
		}
		ids = append(ids, it.ID)
	}
	passes := []struct{ name, buyer, service, ej string }{
		{"P-EJ", emulator.RecipientEJRequired, "", "EJ-42"},
		{"P-EJ-OR-SERVICE", emulator.RecipientEJOrService, "SERV-ACHATS", ""},
		{"P-NONE", emulator.RecipientNoRequirement, "", ""},
	}
	var passIDs []string
	for _, p := range passes {
		it, err := o.Add(writeFile(t, dir, p.name+".xml", ublVariant(t, p.name, p.buyer, p.service, p.ej)), AddOptions{})
		if err != nil {
			t.Fatal(err)
		}
		passIDs = append(passIDs, it.ID)
	}
	got := wait(t, o, isState(Held), ids...)
	counts := r.emu.Requests().Deposits
	for i, it := range got {
		if it.Hold != HoldPreflight || !strings.Contains(it.Message.In(i18n.EN), holds[i].want) {
			t.Errorf("%s: hold %q message %q, want %q", it.Number, it.Hold, it.Message.In(i18n.EN), holds[i].want)
		}
		if counts[it.Number] != 0 {
			t.Errorf("%s held but deposited %d times", it.Number, counts[it.Number])
		}
	}
	wait(t, o, invoiceIsAt("MISE_A_DISPOSITION"), passIDs...)

	// Chorus Pro refuses an invoice whose seller is not attached to the technical account:
	// the pre-flight cannot know it; the flux report says it.
	// DEMO1 loses its SIRET, so an invoice of supplier 1 goes to the company the user chose.
	if err := o.svc.UpdateCompany(r.demo["DEMO1"].ID, "Demo DEMO1", ""); err != nil {
		t.Fatal(err)
	}
	it, err := o.Add(writeFile(t, dir, "R2.xml", ublVariant(t, "R-NOT-ATTACHED", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{Company: "DEMO2"})
	if err != nil {
		t.Fatal(err)
	}
	if it.CompanyCode != "DEMO2" {
		t.Fatalf("routed to %s, want the chosen DEMO2", it.CompanyCode)
	}
	it = wait(t, o, isState(Final), it.ID)[0]
	if it.FluxState != FluxRejete || !it.Rejected() || !strings.Contains(it.Raw, "reference dans notre systeme") ||
		!strings.Contains(it.Message.In(i18n.EN), "attach") || it.Fix != fixSetup {
		t.Errorf("flux %s raw %q message %q fix %q, want IN_REJETE with the report's reason", it.FluxState, it.Raw, it.Message.In(i18n.EN), it.Fix)
	}
}

// The same content for the same company and environment is refused unless forced.
func TestDuplicateRefusedUnlessForced(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	p := writeFile(t, t.TempDir(), "dup.xml", ublVariant(t, "DUP-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	first, err := o.Add(p, AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, o, Item.WasDeposited, first.ID)
	_, err = o.Add(p, AddOptions{})
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Existing.ID != first.ID {
		t.Fatalf("second add: %v, want a DuplicateError naming the first item", err)
	}
	if !strings.Contains(i18n.Message(i18n.FR, err), "déjà été déposée") {
		t.Errorf("French message: %q", i18n.Message(i18n.FR, err))
	}
	forced, err := o.Add(p, AddOptions{Force: true})
	if err != nil || forced.ID == first.ID {
		t.Fatalf("forced add: %v (id %s)", err, forced.ID)
	}
	wait(t, o, Item.WasDeposited, forced.ID)
	if n := r.emu.Requests().Deposits["DUP-1"]; n != 2 {
		t.Errorf("deposited %d times, want 2 (once, then once forced)", n)
	}
	if len(o.Items()) != 2 {
		t.Errorf("%d items, want 2", len(o.Items()))
	}
}

// Held items wait for the user: an unroutable invoice goes once the user picks the company,
// a not-transferred one once the setup is enabled.
func TestHeldThenRetried(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	dir := t.TempDir()
	demo1, demo2 := r.demo["DEMO1"], r.demo["DEMO2"]
	if err := r.svc.UpdateCompany(demo1.ID, demo1.Name, ""); err != nil {
		t.Fatal(err)
	}
	it, err := o.Add(writeFile(t, dir, "u.xml", ublVariant(t, "HELD-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if it.State != Held || it.Hold != HoldUnroutable || !strings.Contains(it.Message.In(i18n.EN), emulator.SupplierSIRET1) {
		t.Fatalf("unroutable: %s %s %q", it.State, it.Hold, it.Message.In(i18n.EN))
	}
	if err := r.svc.UpdateCompany(demo1.ID, demo1.Name, emulator.SupplierSIRET1); err != nil {
		t.Fatal(err)
	}
	if err := r.svc.SetEnabled(demo1.ID, false); err != nil {
		t.Fatal(err)
	}
	it, err = o.Reroute(it.ID, demo2.Code) // the seller SIRET is DEMO1's again: it wins
	if err != nil {
		t.Fatal(err)
	}
	if it.State != Held || it.Hold != HoldNotTransferred || it.CompanyCode != "DEMO1" {
		t.Fatalf("not transferred: %s %s %s %q", it.State, it.Hold, it.CompanyCode, it.Message.In(i18n.EN))
	}
	if n := r.emu.Requests().Deposits["HELD-1"]; n != 0 {
		t.Fatalf("held invoice deposited %d times", n)
	}
	if err := r.svc.SetEnabled(demo1.ID, true); err != nil {
		t.Fatal(err)
	}
	if it, err = o.Retry(it.ID); err != nil || it.State != Queued {
		t.Fatalf("retry: %v, state %s", err, it.State)
	}
	wait(t, o, Item.WasDeposited, it.ID)
	if _, err := o.Retry(it.ID); err == nil {
		t.Error("a deposited item was retried")
	}
}

// An unroutable item routed later to a company that already has the same content is refused
// as a duplicate too.
func TestRerouteRefusesDuplicate(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	p := writeFile(t, t.TempDir(), "d.xml", ublVariant(t, "REROUTE-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	first, err := o.Add(p, AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, o, Item.WasDeposited, first.ID)
	demo1 := r.demo["DEMO1"]
	if err := r.svc.UpdateCompany(demo1.ID, demo1.Name, ""); err != nil {
		t.Fatal(err)
	}
	held, err := o.Add(p, AddOptions{})
	if err != nil || held.Hold != HoldUnroutable {
		t.Fatalf("add: %v, hold %q", err, held.Hold)
	}
	_, err = o.Reroute(held.ID, "DEMO1")
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Existing.ID != first.ID {
		t.Fatalf("reroute: %v, want a DuplicateError naming the first item", err)
	}
	if n := r.emu.Requests().Deposits["REROUTE-1"]; n != 1 {
		t.Errorf("deposited %d times", n)
	}
}
