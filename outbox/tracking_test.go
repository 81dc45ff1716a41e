package outbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// setLogin points the company's sandbox setup at another emulator technical account.
func (r *rig) setLogin(code, login, password string) {
	r.t.Helper()
	st := domain.Setup{Enabled: true, Sandbox: domain.Slot{
		ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret, Login: login, Password: password}}
	if _, err := r.svc.SaveSetup(r.demo[code].ID, st); err != nil {
		r.t.Fatal(err)
	}
}

// A setup whose Test fails carries nothing: the company's invoices are held with the verdict
// (the step that fails), nothing reaches the emulator, and once the setup is fixed Retry sends
// them.
func TestFailingSetupHoldsInvoices(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.setLogin("DEMO1", "TECH_1_demo2@cpro.fr", "demo-password-2") // supplier 1 is not attached to it
	o := r.start(fastOptions())
	dir := t.TempDir()
	var ids []string
	for _, n := range []string{"HOLD-1", "HOLD-2"} {
		it, err := o.Add(writeFile(t, dir, n+".xml", ublVariant(t, n, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	for _, it := range wait(t, o, isState(Held), ids...) {
		v := Explain(it)
		if it.Hold != HoldSetupTest || !strings.Contains(it.Message.In(i18n.EN), "Test fails at") ||
			!strings.Contains(v.Action.In(i18n.EN), "Test") || !it.CanRetry() {
			t.Fatalf("%s: hold %s message %q action %q", it.Number, it.Hold, it.Message.In(i18n.EN), v.Action.In(i18n.EN))
		}
	}
	if n := r.emu.Requests().Endpoints[pathDeposit]; n != 0 {
		t.Fatalf("%d deposits through a setup that fails its Test", n)
	}
	if v, ok := o.SetupVerdict(r.demo["DEMO1"].ID, "sandbox"); !ok || v.OK || v.Why == nil {
		t.Errorf("verdict for the header: %+v %v", v, ok)
	}
	r.setLogin("DEMO1", "TECH_1_demo1@cpro.fr", "demo-password-1") // the fix
	for _, id := range ids {
		if _, err := o.Retry(id); err != nil {
			t.Fatal(err)
		}
	}
	wait(t, o, Item.WasDeposited, ids...)
	if v, ok := o.SetupVerdict(r.demo["DEMO1"].ID, "sandbox"); !ok || !v.OK {
		t.Errorf("verdict after the fix: %+v %v", v, ok)
	}
	for _, n := range []string{"HOLD-1", "HOLD-2"} {
		if c := r.emu.Requests().Deposits[n]; c != 1 {
			t.Errorf("%s deposited %d times", n, c)
		}
	}
}

// A flux Chorus Pro refuses before any buyer saw it (here: a commitment number longer than
// its 50 characters) is explained by what to fix, not as a credit note; Send again deposits
// the same file again as a new item linked to the first; the corrected file takes the place
// of the refused one; once it went through, the same invoice is a duplicate.
func TestRefusedFluxExplainedAndSentAgain(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	dir := t.TempDir()
	longEJ := strings.Repeat("E", 60)
	first, err := o.Add(writeFile(t, dir, "r.xml", ublVariant(t, "REFUSED-1", emulator.RecipientServiceRequired, "SERV-COMPTA", longEJ)), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	first = wait(t, o, isState(Final), first.ID)[0]
	v := Explain(first)
	if v.Stage != StageRefused || first.Fix != fixCommitment || !first.Rejected() || !first.CanResend() {
		t.Fatalf("stage %s fix %q rejected %v resend %v", v.Stage, first.Fix, first.Rejected(), first.CanResend())
	}
	if a := v.Action.In(i18n.EN); !strings.Contains(a, "commitment number") || strings.Contains(a, "credit note") {
		t.Errorf("action %q", a)
	}
	if !strings.Contains(v.Raw, "50 caracteres") || v.Cause.In(i18n.EN) == "" {
		t.Errorf("raw %q cause %q", v.Raw, v.Cause.In(i18n.EN))
	}
	// Send again: a new item with the same content, linked.
	second, err := o.ConfirmResend(first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if old, _ := o.Item(first.ID); second.ID == first.ID || second.Replaces != first.ID || old.ReplacedBy != second.ID || old.CanResend() {
		t.Fatalf("resend %s replaces %q; old replaced by %q", second.ID, second.Replaces, old.ReplacedBy)
	}
	second = wait(t, o, isState(Final), second.ID)[0]
	if Explain(second).Stage != StageRefused {
		t.Fatalf("second try: %s", Explain(second).Stage)
	}
	// The corrected file takes the place of the refused copy.
	fixed := writeFile(t, dir, "r2.xml", ublVariant(t, "REFUSED-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	third, err := o.Add(fixed, AddOptions{})
	if err != nil || third.Replaces != second.ID {
		t.Fatalf("corrected copy: %v replaces %q", err, third.Replaces)
	}
	wait(t, o, invoiceIsAt(StatusMiseADisposition), third.ID)
	if c := r.emu.Requests().Deposits["REFUSED-1"]; c != 3 {
		t.Errorf("deposited %d times, want 3 (refused, refused again, corrected)", c)
	}
	var dup *DuplicateError
	if _, err := o.Add(fixed, AddOptions{}); !errors.As(err, &dup) || dup.Existing.ID != third.ID {
		t.Fatalf("add after it went through: %v", err)
	}
}

// A deposited item whose tracking query fails (the emulator forgot the flux: "flux
// introuvable") stays deposited, says "status unknown", is asked again, and carries on when
// Chorus Pro answers again; it never becomes failed, and Send again would warn.
func TestTrackingErrorIsStatusUnknownNeverFailed(t *testing.T) {
	r := newRig(t, emulator.Options{})
	const lost = 4 // the first four report queries answer "flux introuvable"
	r.emu.InjectFault(emulator.Fault{Endpoint: "consulterCRDetaille", Kind: emulator.FaultBusiness,
		CodeRetour: 20001, Libelle: "POQ_MSG_01.003 - Flux introuvable.", Count: lost})
	opt := fastOptions()
	opt.MaxAttempts = 2 // fewer than the failures: a tracking error must not count as an attempt
	var failed, unknown atomic.Bool
	var mu sync.Mutex
	var seen Item
	o := r.open(opt)
	cancel := o.Subscribe(func(ev Event) {
		switch {
		case ev.Item.State == Failed || ev.Item.State == Final:
			failed.Store(true)
		case ev.Item.StatusUnknown && !unknown.Load():
			unknown.Store(true)
			mu.Lock()
			seen = ev.Item
			mu.Unlock()
		}
	})
	defer cancel()
	it, err := o.Add(writeFile(t, t.TempDir(), "u.xml", ublVariant(t, "UNKNOWN-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o.Start()
	it = wait(t, o, invoiceIsAt(StatusMiseADisposition), it.ID)[0]
	mu.Lock()
	defer mu.Unlock()
	v := Explain(seen)
	if !unknown.Load() || v.Stage != StageUnknown || !seen.WasDeposited() || v.Warning == nil ||
		!strings.Contains(seen.Message.In(i18n.EN), "status unknown") || seen.CanResend() || seen.CanRetry() {
		t.Fatalf("while unknown: stage %s deposited %v message %q", v.Stage, seen.WasDeposited(), seen.Message.In(i18n.EN))
	}
	if it.StatusUnknown || failed.Load() {
		t.Errorf("unknown %v, failed or ended on the way %v", it.StatusUnknown, failed.Load())
	}
	if n := r.emu.Requests().Endpoints["/cpro/transverses/v1/consulterCRDetaille"]; n <= lost {
		t.Errorf("%d report queries, want more than %d", n, lost)
	}
	if c := r.emu.Requests().Deposits["UNKNOWN-1"]; c != 1 {
		t.Errorf("deposited %d times", c)
	}
}

// Chorus Pro that never moves a flux: after the bound, polling stops with a word to check the
// portal; Retry resumes it.
func TestStalledFluxStopsPolling(t *testing.T) {
	r := newRig(t, emulator.Options{ProcessingTime: time.Hour})
	opt := fastOptions()
	opt.FluxStallAfter = 150 * time.Millisecond
	o := r.start(opt)
	it, err := o.Add(writeFile(t, t.TempDir(), "s.xml", ublVariant(t, "STALL-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	it = wait(t, o, func(it Item) bool { return it.Stalled }, it.ID)[0]
	if Explain(it).Stage != StageStalled || !it.NextTry.IsZero() || !it.CanRetry() ||
		!strings.Contains(it.Message.In(i18n.EN), "has not moved this for") {
		t.Fatalf("stalled item: stage %s next %v message %q", Explain(it).Stage, it.NextTry, it.Message.In(i18n.EN))
	}
	if it.FluxState != FluxDeposePortail {
		t.Errorf("flux state %q", it.FluxState)
	}
	if it, err = o.Retry(it.ID); err != nil || it.Stalled {
		t.Fatalf("retry: %v stalled %v", err, it.Stalled)
	}
	wait(t, o, func(it Item) bool { return it.Stalled }, it.ID) // and it stalls again
}

// rewrite serves the emulator with a change to one endpoint's JSON answers.
func rewrite(suffix string, change func(m map[string]any)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasSuffix(r.URL.Path, suffix) {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body, _ := io.ReadAll(rec.Body)
			var m map[string]any
			if rec.Code == http.StatusOK && json.Unmarshal(body, &m) == nil {
				change(m)
				body, _ = json.Marshal(m)
			}
			for k, v := range rec.Header() {
				if k != "Content-Length" {
					w.Header()[k] = v
				}
			}
			w.WriteHeader(rec.Code)
			_, _ = io.Copy(w, bytes.NewReader(body))
		})
	}
}

// A flux state no source documents is followed as still moving, shown and logged with its raw
// value; tracking goes on when Chorus Pro moves to a known state.
func TestUnknownFluxStateFollowed(t *testing.T) {
	var odd atomic.Int32
	odd.Store(3)
	r := newRigWrapped(t, emulator.Options{}, rewrite("consulterCRDetaille", func(m map[string]any) {
		if odd.Add(-1) >= 0 {
			m["etatCourantDepotFlux"] = "IN_ETAT_INEDIT"
		}
	}))
	var mu sync.Mutex
	var logged []string
	opt := fastOptions()
	opt.Logf = func(format string, args ...any) {
		mu.Lock()
		logged = append(logged, strings.TrimSpace(fmt.Sprintf(format, args...)))
		mu.Unlock()
	}
	o := r.start(opt)
	it, err := o.Add(writeFile(t, t.TempDir(), "o.xml", ublVariant(t, "ODD-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	seen := wait(t, o, func(it Item) bool { return it.FluxState == "IN_ETAT_INEDIT" }, it.ID)[0]
	if !strings.Contains(seen.Message.In(i18n.EN), "IN_ETAT_INEDIT") || seen.State == Failed || seen.State == Final {
		t.Fatalf("unknown state: %s %q", seen.State, seen.Message.In(i18n.EN))
	}
	wait(t, o, invoiceIsAt(StatusMiseADisposition), it.ID)
	mu.Lock()
	defer mu.Unlock()
	if !slices.ContainsFunc(logged, func(s string) bool { return strings.Contains(s, `"IN_ETAT_INEDIT"`) }) {
		t.Errorf("unknown state not logged: %q", logged)
	}
}

// History is read by date, not by position: answered newest first, the latest comment of the
// current status still wins.
func TestHistoryReadByDate(t *testing.T) {
	r := newRigWrapped(t, emulator.Options{}, rewrite("consulter/historique", func(m map[string]any) {
		h, _ := m["historiquesDesStatuts"].(map[string]any)
		if list, ok := h["histoStatut"].([]any); ok {
			slices.Reverse(list)
		}
	}))
	o := r.start(fastOptions())
	it, err := o.Add(writeFile(t, t.TempDir(), "h.xml", ublVariant(t, "HISTO-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	it = wait(t, o, invoiceIsAt(StatusMiseADisposition), it.ID)[0]
	for _, c := range []string{"premier motif", "second motif"} {
		if err := r.emu.SetInvoiceStatus(it.InvoiceID, StatusSuspendue, c); err != nil {
			t.Fatal(err)
		}
		wait(t, o, func(it Item) bool { return strings.Contains(it.Message.In(i18n.EN), c) }, it.ID)
	}
}
