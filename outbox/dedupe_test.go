package outbox

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/i18n"
)

// One invoice number is one invoice for one company, environment and buyer, whatever the
// bytes: an ERP re-export (one trailing newline) is refused with what was deposited before and
// when; a forced resend goes, linked to the first; a copy whose first deposit never reached a
// buyer (held, refused by Chorus Pro, sent back by the buyer) takes its place.
func TestSameNumberOtherBytes(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	dir := t.TempDir()
	base := ublVariant(t, "NUM-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")
	first, err := o.Add(writeFile(t, dir, "a.xml", base), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	first = wait(t, o, Item.WasDeposited, first.ID)[0]
	reexport := writeFile(t, dir, "b.xml", append(bytes.Clone(base), '\n'))
	_, err = o.Add(reexport, AddOptions{})
	var dup *DuplicateError
	if !errors.As(err, &dup) || !dup.ByNumber || dup.Existing.ID != first.ID {
		t.Fatalf("re-export: %v, want a DuplicateError by number naming the first item", err)
	}
	msg := i18n.Message(i18n.EN, err)
	if flux, when := dup.DepositedBefore(); !strings.Contains(msg, flux) || !strings.Contains(msg, when) || strings.Contains(msg, "--") {
		t.Errorf("message %q: want the flux %s and the day %s, no flag", msg, flux, when)
	}
	forced, err := o.Add(reexport, AddOptions{Force: true})
	if err != nil || forced.Replaces != first.ID {
		t.Fatalf("forced: %v replaces %q", err, forced.Replaces)
	}
	wait(t, o, Item.WasDeposited, forced.ID)
	if n := r.emu.Requests().Deposits["NUM-1"]; n != 2 {
		t.Errorf("NUM-1 deposited %d times, want 2 (once, then forced)", n)
	}

	// Held at the pre-flight (no service code), then corrected: the copy takes its place and
	// the held item can no longer be retried.
	held, err := o.Add(writeFile(t, dir, "h.xml", ublVariant(t, "NUM-2", emulator.RecipientServiceRequired, "", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	held = wait(t, o, isState(Held), held.ID)[0]
	fixed, err := o.Add(writeFile(t, dir, "h2.xml", ublVariant(t, "NUM-2", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil || fixed.Replaces != held.ID {
		t.Fatalf("corrected copy: %v replaces %q", err, fixed.Replaces)
	}
	if h, _ := o.Item(held.ID); h.ReplacedBy != fixed.ID || h.CanRetry() {
		t.Errorf("held item: replaced by %q, retry %v", h.ReplacedBy, h.CanRetry())
	}
	if _, err := o.Retry(held.ID); err == nil {
		t.Error("the replaced held item was retried")
	}
	wait(t, o, Item.WasDeposited, fixed.ID)

	// Sent back by the buyer (A_RECYCLER): corrected and sent again with the same number.
	rec, err := o.Add(writeFile(t, dir, "r.xml", ublVariant(t, "NUM-3", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rec = wait(t, o, invoiceIsAt(StatusMiseADisposition), rec.ID)[0]
	if err := r.emu.SetInvoiceStatus(rec.InvoiceID, StatusARecycler, "mauvais service"); err != nil {
		t.Fatal(err)
	}
	wait(t, o, invoiceIsAt(StatusARecycler), rec.ID)
	again, err := o.Add(writeFile(t, dir, "r2.xml", ublVariant(t, "NUM-3", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ2")), AddOptions{})
	if err != nil || again.Replaces != rec.ID {
		t.Fatalf("recycled copy: %v replaces %q", err, again.Replaces)
	}
	wait(t, o, Item.WasDeposited, again.ID)
	for n, want := range map[string]int{"NUM-2": 1, "NUM-3": 2} {
		if got := r.emu.Requests().Deposits[n]; got != want {
			t.Errorf("%s deposited %d times, want %d", n, got, want)
		}
	}
}

// hideSearch serves the emulator with the supplier's invoice search answering "nothing"
// (Chorus Pro not listing a deposit yet) while hidden is set.
func hideSearch(hidden *atomic.Bool) func(http.Handler) http.Handler {
	return rewrite("rechercher/fournisseur", func(m map[string]any) {
		if hidden.Load() {
			m["listeFactures"] = []any{}
			m["parametresRetour"] = map[string]any{"pageCourante": 1, "pages": 1, "nbResultatsParPage": 50, "total": 0}
		}
	})
}

// loseAnswer serves the emulator with the answer of the first n deposits lost: the deposit is
// processed, then the connection is cut (the client cannot know).
func loseAnswer(n int32, next func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	var left atomic.Int32
	left.Store(n)
	return func(h http.Handler) http.Handler {
		h = next(h)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasSuffix(r.URL.Path, "deposer/flux") || left.Add(-1) < 0 {
				h.ServeHTTP(w, r)
				return
			}
			h.ServeHTTP(discard{w.Header()}, r)
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					_ = c.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		})
	}
}

type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}

// A resend the user asks for on an unconfirmed deposit goes only after a fresh look-up: when
// Chorus Pro has it by then, nothing is sent again; a failing look-up never sends; when it is
// really not there, it is sent once.
func TestConfirmedResendLooksUpFirst(t *testing.T) {
	var hidden atomic.Bool
	hidden.Store(true)
	r := newRigWrapped(t, emulator.Options{}, loseAnswer(1, hideSearch(&hidden)))
	opt := fastOptions()
	opt.ReconcileWindow = 100 * time.Millisecond
	o := r.start(opt)
	it, err := o.Add(writeFile(t, t.TempDir(), "c.xml", ublVariant(t, "CONFIRM-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	it = wait(t, o, func(it Item) bool { return it.AskUser }, it.ID)[0]
	// The look-up fails when asked: nothing is deposited, the resend waits.
	r.emu.InjectFault(emulator.Fault{Endpoint: "rechercher/fournisseur", Kind: emulator.FaultStatus, Status: 503})
	if it, err = o.ConfirmResend(it.ID); err != nil || !it.ResendAsked || it.Settled() {
		t.Fatalf("confirm: %v asked %v settled %v", err, it.ResendAsked, it.Settled())
	}
	wait(t, o, func(it Item) bool { return strings.Contains(it.Message.In(i18n.EN), "cannot check") }, it.ID)
	if n := r.emu.Requests().Deposits["CONFIRM-1"]; n != 1 {
		t.Fatalf("deposited %d times while the look-up failed", n)
	}
	// Chorus Pro lists it now: found, not sent again.
	r.emu.ClearFaults()
	hidden.Store(false)
	it = wait(t, o, Item.WasDeposited, it.ID)[0]
	if !it.Reconciled || !strings.Contains(it.Message.In(i18n.EN), "not sent again") {
		t.Errorf("reconciled %v message %q", it.Reconciled, it.Message.In(i18n.EN))
	}
	if n := r.emu.Requests().Deposits["CONFIRM-1"]; n != 1 {
		t.Errorf("deposited %d times, want 1", n)
	}
}

// Reconciliation keeps looking after the window, more slowly, then says it gave up.
func TestReconcileGivesUpAndSays(t *testing.T) {
	var hidden atomic.Bool
	hidden.Store(true)
	r := newRigWrapped(t, emulator.Options{}, loseAnswer(1, hideSearch(&hidden)))
	opt := fastOptions()
	opt.ReconcileWindow, opt.ReconcileSlowInterval, opt.ReconcileGiveUp = 60*time.Millisecond, 20*time.Millisecond, 200*time.Millisecond
	var mu sync.Mutex
	var lines []string
	opt.Logf = func(f string, a ...any) { mu.Lock(); lines = append(lines, f); mu.Unlock() }
	o := r.start(opt)
	it, err := o.Add(writeFile(t, t.TempDir(), "g.xml", ublVariant(t, "GIVEUP-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, o, func(it Item) bool { return it.AskUser && !it.GaveUp }, it.ID)
	searches := r.emu.Requests().Endpoints[pathSearch]
	it = wait(t, o, func(it Item) bool { return it.GaveUp }, it.ID)[0]
	if r.emu.Requests().Endpoints[pathSearch] <= searches {
		t.Error("no look-up after the window")
	}
	if !strings.Contains(it.Message.In(i18n.EN), "stopped checking") || !it.CanResend() || !it.CanMarkDeposited() {
		t.Errorf("gave up: %q resend %v mark %v", it.Message.In(i18n.EN), it.CanResend(), it.CanMarkDeposited())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lines) == 0 {
		t.Error("giving up was not logged")
	}
}
