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

// A flux Chorus Pro refuses because the seller is not attached to the technical account is
// explained as a setup problem (not a credit note), may be sent again once the setup is
// fixed, and the new item links to the one it replaces; adding the file again does the same.
func TestRefusedFluxExplainedAndSentAgain(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.setLogin("DEMO1", "TECH_1_demo2@cpro.fr", "demo-password-2") // supplier 1 is not attached to it
	o := r.start(fastOptions())
	dir := t.TempDir()
	file := writeFile(t, dir, "r.xml", ublVariant(t, "REFUSED-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	file2 := writeFile(t, dir, "r2.xml", ublVariant(t, "REFUSED-2", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	var ids []string
	for _, f := range []string{file, file2} {
		it, err := o.Add(f, AddOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	items := wait(t, o, isState(Final), ids...)
	for _, it := range items {
		v := Explain(it)
		if v.Stage != StageRefused || it.Fix != fixSetup || !it.Rejected() || !it.CanResend() {
			t.Fatalf("%s: stage %s fix %q rejected %v resend %v", it.Number, v.Stage, it.Fix, it.Rejected(), it.CanResend())
		}
		if a := v.Action.In(i18n.EN); !strings.Contains(a, "fix the setup") || strings.Contains(a, "credit note") {
			t.Errorf("%s: action %q", it.Number, a)
		}
		if !strings.Contains(v.Raw, "identifiant fournisseur") || v.Cause.In(i18n.EN) == "" {
			t.Errorf("%s: raw %q cause %q", it.Number, v.Raw, v.Cause.In(i18n.EN))
		}
	}
	r.setLogin("DEMO1", "TECH_1_demo1@cpro.fr", "demo-password-1") // the fix

	// Send again on the first; add the second's file again.
	n1, err := o.ConfirmResend(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	n2, err := o.Add(file2, AddOptions{})
	if err != nil {
		t.Fatalf("adding a refused invoice again: %v", err)
	}
	for i, n := range []Item{n1, n2} {
		old, _ := o.Item(ids[i])
		if n.ID == old.ID || n.Replaces != old.ID || old.ReplacedBy != n.ID || old.CanResend() {
			t.Fatalf("%s: new %s replaces %q; old replaced by %q", n.Number, n.ID, n.Replaces, old.ReplacedBy)
		}
	}
	for _, it := range wait(t, o, invoiceIsAt(StatusMiseADisposition), n1.ID, n2.ID) {
		if c := r.emu.Requests().Deposits[it.Number]; c != 2 {
			t.Errorf("%s deposited %d times, want 2 (refused, then sent again)", it.Number, c)
		}
	}
	// Now it went through: adding it again is a duplicate.
	var dup *DuplicateError
	if _, err := o.Add(file, AddOptions{}); !errors.As(err, &dup) || dup.Existing.ID != n1.ID {
		t.Fatalf("add after the resend went through: %v", err)
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
