package outbox

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/i18n"
)

const (
	pathDeposit = "/cpro/factures/v1/deposer/flux"
	pathSearch  = "/cpro/factures/v1/rechercher/fournisseur"
)

// Transient faults (429 with Retry-After, 5xx, HTML 503, resets, timeouts, malformed answers)
// on the idempotent steps are retried with backoff until they pass; on the deposit, only the
// answers that prove nothing was processed are retried blindly.
func TestRetryableFaultsRecover(t *testing.T) {
	cases := []emulator.Fault{
		{Endpoint: "structures/v1/rechercher", Kind: emulator.FaultStatus, Status: 500, Count: 4},
		{Endpoint: "structures/v1/consulter", Kind: emulator.FaultReset, Count: 3},
		{Endpoint: "deposer/flux", Kind: emulator.Fault429, RetryAfter: 20 * time.Millisecond, Count: 4},
		{Endpoint: "/api/oauth/token", Kind: emulator.FaultHTML503, Count: 3},
		{Endpoint: "consulterCRDetaille", Kind: emulator.FaultHTML503, Count: 4},
		{Endpoint: "rechercher/fournisseur", Kind: emulator.FaultMalformed, Count: 3},
		{Endpoint: "consulter/historique", Kind: emulator.FaultTimeout, RetryAfter: time.Second, Count: 2},
	}
	for i, f := range cases {
		t.Run(f.Endpoint+"/"+f.Kind, func(t *testing.T) {
			r := newRig(t, emulator.Options{})
			r.emu.InjectFault(f)
			opt := fastOptions()
			opt.ClientTimeout = 300 * time.Millisecond
			o := r.start(opt)
			number := fmt.Sprintf("RETRY-%d", i)
			it, err := o.Add(writeFile(t, t.TempDir(), "r.xml", ublVariant(t, number, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
			if err != nil {
				t.Fatal(err)
			}
			it = wait(t, o, invoiceIsAt("MISE_A_DISPOSITION"), it.ID)[0]
			if n := r.emu.Requests().Deposits[number]; n != 1 {
				t.Errorf("deposited %d times, want 1", n)
			}
		})
	}
}

// 400/401/403/413/415 and business errors fail at once, with a plain reason, after a single
// deposit call.
func TestNonRetryableFailAtOnce(t *testing.T) {
	cases := []struct {
		f    emulator.Fault
		want string
	}{
		{emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultStatus, Status: 400}, "400"},
		{emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultStatus, Status: 401}, ""},
		{emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultStatus, Status: 403}, ""},
		{emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultStatus, Status: 413}, ""},
		{emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultStatus, Status: 415}, ""},
		{emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultBusiness, CodeRetour: 20001, Libelle: "GDP_MSG_11.022"}, "GDP_MSG_11.022"},
	}
	for i, c := range cases {
		t.Run(fmt.Sprint(c.f.Status, c.f.Kind), func(t *testing.T) {
			r := newRig(t, emulator.Options{})
			r.emu.InjectFault(c.f)
			o := r.start(fastOptions())
			it, err := o.Add(writeFile(t, t.TempDir(), "f.xml", ublVariant(t, fmt.Sprint("FAIL-", i), emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
			if err != nil {
				t.Fatal(err)
			}
			it = wait(t, o, isState(Failed), it.ID)[0]
			if it.Retryable || it.Message.In(i18n.EN) == "" {
				t.Errorf("retryable=%v message=%q", it.Retryable, it.Message.In(i18n.EN))
			}
			if c.want != "" && !strings.Contains(it.Message.In(i18n.EN), c.want) {
				t.Errorf("message %q lacks %q", it.Message.In(i18n.EN), c.want)
			}
			if n := r.emu.Requests().Endpoints[pathDeposit]; n != 1 {
				t.Errorf("%d deposit calls, want exactly 1", n)
			}
			// The user fixes the cause and retries: it goes through.
			r.emu.ClearFaults()
			if _, err := o.Retry(it.ID); err != nil {
				t.Fatal(err)
			}
			wait(t, o, Item.WasDeposited, it.ID)
		})
	}
}

// A deposit that got no clear answer is never sent again blindly: it is looked up; when
// Chorus Pro does not list it, the user confirms the resend.
func TestUnsureDepositWaitsForConfirmation(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.emu.InjectFault(emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultReset, Count: 1})
	opt := fastOptions()
	opt.ReconcileWindow = 200 * time.Millisecond
	o := r.start(opt)
	it, err := o.Add(writeFile(t, t.TempDir(), "u.xml", ublVariant(t, "UNSURE-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Looked up during the window, then the user may decide (the look-ups go on, slower).
	it = wait(t, o, func(it Item) bool {
		return it.State == NeedsConfirmation && it.AskUser && strings.Contains(it.Message.In(i18n.EN), "keeps checking")
	}, it.ID)[0]
	if n := r.emu.Requests().Endpoints[pathDeposit]; n != 1 {
		t.Fatalf("%d deposit calls, want 1 (no blind resend)", n)
	}
	if _, err := o.Retry(it.ID); err == nil {
		t.Error("a plain retry of an unconfirmed deposit was accepted")
	}
	searches := r.emu.Requests().Endpoints[pathSearch]
	if _, err := o.ConfirmResend(it.ID); err != nil {
		t.Fatal(err)
	}
	it = wait(t, o, Item.WasDeposited, it.ID)[0]
	if n := r.emu.Requests().Deposits["UNSURE-1"]; n != 1 {
		t.Errorf("deposited %d times, want 1", n)
	}
	if r.emu.Requests().Endpoints[pathSearch] == searches {
		t.Error("resent without a fresh look-up")
	}
}

// After a crash between the deposit and the write of its answer, the next run finds the item
// depositing and reconciles it with the supplier's invoices: same flux, no second deposit.
func TestRestartReconcilesDepositing(t *testing.T) {
	r := newRig(t, emulator.Options{})
	opt := fastOptions()
	opt.DepositOnly = true
	o := r.open(opt)
	it, err := o.Add(writeFile(t, t.TempDir(), "c.xml", ublVariant(t, "CRASH-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o.Start()
	it = wait(t, o, Item.WasDeposited, it.ID)[0]
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	flux := it.Flux
	// What the disk holds if the process died before writing the answer.
	it.State, it.Flux, it.DepositDate = Depositing, "", ""
	if err := o.st.put(&it); err != nil {
		t.Fatal(err)
	}

	o2 := r.start(fastOptions())
	if got, _ := o2.Item(it.ID); got.State != Depositing {
		t.Fatalf("reloaded state %s, want depositing", got.State)
	}
	it = wait(t, o2, func(it Item) bool { return it.Reconciled && it.WasDeposited() }, it.ID)[0]
	if it.Flux != flux {
		t.Errorf("reconciled flux %s, want %s", it.Flux, flux)
	}
	if n := r.emu.Requests().Deposits["CRASH-1"]; n != 1 {
		t.Errorf("deposited %d times, want 1", n)
	}
	wait(t, o2, invoiceIsAt("MISE_A_DISPOSITION"), it.ID)
}

// The user may record the flux they found in the portal instead of resending, and remove
// items that need nothing more; items in flight cannot be removed.
func TestMarkDepositedAndRemove(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.emu.InjectFault(emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultReset, Count: 1})
	opt := fastOptions()
	opt.ReconcileWindow = 100 * time.Millisecond
	o := r.start(opt)
	dir := t.TempDir()
	it, err := o.Add(writeFile(t, dir, "m.xml", ublVariant(t, "MARK-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	it = wait(t, o, func(it Item) bool { return it.AskUser }, it.ID)[0]
	if err := o.Remove(it.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := o.Item(it.ID); ok {
		t.Fatal("removed item still listed")
	}
	// Removing forgets the dedupe entry too: the same file can be added again.
	it, err = o.Add(writeFile(t, dir, "m.xml", ublVariant(t, "MARK-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	it = wait(t, o, Item.WasDeposited, it.ID)[0]
	if err := o.Remove(it.ID); err == nil {
		t.Error("an item being tracked was removed")
	}
	if _, err := o.MarkDeposited(it.ID, "CPP0011100000000000000001"); err == nil {
		t.Error("a deposited item was marked deposited again")
	}

	r.emu.InjectFault(emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultReset, Count: 1})
	it2, err := o.Add(writeFile(t, dir, "m2.xml", ublVariant(t, "MARK-2", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, o, func(it Item) bool { return it.AskUser }, it2.ID)
	// The user saw MARK-1's flux in the portal and records it for MARK-2 (a made-up case):
	// tracking takes over from that flux.
	if it2, err = o.MarkDeposited(it2.ID, it.Flux); err != nil || it2.State != Deposited || it2.AskUser {
		t.Fatalf("mark: %v %s", err, it2.State)
	}
	wait(t, o, func(it Item) bool { return it.FluxState == FluxIntegre }, it2.ID)
}

// `send` stops at deposited; the next engine without DepositOnly picks the tracking up from
// what is on disk.
func TestTrackingResumesAfterSend(t *testing.T) {
	r := newRig(t, emulator.Options{BusinessErrorsAs400: true})
	opt := fastOptions()
	opt.DepositOnly = true
	o := r.open(opt)
	it, err := o.Add(writeFile(t, t.TempDir(), "t.xml", ublVariant(t, "RESUME-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o.Start()
	it = wait(t, o, Item.WasDeposited, it.ID)[0]
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if it.FluxState != "" {
		t.Fatalf("deposit-only engine tracked the flux: %s", it.FluxState)
	}
	o2 := r.start(fastOptions())
	if got, _ := o2.Item(it.ID); got.State != Deposited || got.Flux != it.Flux {
		t.Fatalf("reloaded %s flux %q, want deposited %q (the flush at Run's end)", got.State, got.Flux, it.Flux)
	}
	it = wait(t, o2, invoiceIsAt("MISE_A_DISPOSITION"), it.ID)[0]
	if err := r.emu.SetInvoiceStatus(it.InvoiceID, StatusMiseEnPaiement, ""); err != nil {
		t.Fatal(err)
	}
	wait(t, o2, isState(Final), it.ID)
}
