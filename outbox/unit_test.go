package outbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/i18n"
)

func TestRecipientProblem(t *testing.T) {
	services := []chorusapi.Service{
		{CodeService: "SERV-COMPTA", EstActif: true},
		{CodeService: "SERV-OLD", EstActif: false},
		{CodeService: ReservedService, EstActif: true},
	}
	cases := []struct {
		name string
		r    recipient
		svc  string
		ej   string
		want string // fragment of the English message; "" = passes
	}{
		{"unknown", recipient{}, "X", "", "not a Chorus Pro recipient"},
		{"inactive", recipient{found: true, inactive: true}, "", "", "inactive"},
		{"service required, none", recipient{found: true, params: chorusapi.ParametresStructure{CodeServiceDoitEtreRenseigne: true}, services: services}, "", "E", "requires a service code"},
		{"service required, given", recipient{found: true, params: chorusapi.ParametresStructure{CodeServiceDoitEtreRenseigne: true}, services: services}, "serv-compta", "", ""},
		{"ej required, none", recipient{found: true, params: chorusapi.ParametresStructure{NumeroEJDoitEtreRenseigne: true}}, "", "", "requires a commitment"},
		{"ej required, given", recipient{found: true, params: chorusapi.ParametresStructure{NumeroEJDoitEtreRenseigne: true}}, "", "EJ", ""},
		{"both required, ej missing", recipient{found: true, params: chorusapi.ParametresStructure{CodeServiceDoitEtreRenseigne: true, NumeroEJDoitEtreRenseigne: true}, services: services}, "SERV-COMPTA", "", "requires a commitment"},
		{"either, none", recipient{found: true, params: chorusapi.ParametresStructure{GestionNumeroEJOuCodeService: true, CodeServiceDoitEtreRenseigne: true}}, "", "", "service code or a commitment"},
		{"either, ej only", recipient{found: true, params: chorusapi.ParametresStructure{GestionNumeroEJOuCodeService: true, CodeServiceDoitEtreRenseigne: true}}, "", "EJ", ""},
		{"unknown service", recipient{found: true, services: services}, "SERV-X", "", "does not exist"},
		{"closed service", recipient{found: true, services: services}, "SERV-OLD", "", "is closed"},
		{"reserved service", recipient{found: true, services: services}, ReservedService, "", "reserved"},
		{"no services published", recipient{found: true}, "ANY", "", ""},
		{"nothing required", recipient{found: true, services: services}, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.r.problem(&Item{BuyerSIRET: "26730062200011", ServiceCode: c.svc, Commitment: c.ej})
			switch {
			case c.want == "" && got != nil:
				t.Fatalf("held: %q", got.In(i18n.EN))
			case c.want != "" && (got == nil || !strings.Contains(got.In(i18n.EN), c.want)):
				t.Fatalf("got %q, want %q", got.In(i18n.EN), c.want)
			case got != nil && got.In(i18n.FR) == got.In(i18n.EN):
				t.Fatalf("no French text: %q", got.In(i18n.FR))
			}
		})
	}
	// The active services are named (sorted, reserved and closed ones left out).
	r := recipient{found: true, services: services}
	if got := r.activeCodes(); got != "SERV-COMPTA" {
		t.Errorf("active codes %q", got)
	}
}

// Concurrent checks of one buyer share one look-up; errors are not cached; entries expire.
func TestPreflightCache(t *testing.T) {
	c := newPreflightCache(time.Minute)
	var calls atomic.Int32
	release, started := make(chan struct{}), make(chan struct{})
	var once sync.Once
	fetch := func(context.Context) (recipient, error) {
		calls.Add(1)
		once.Do(func() { close(started) })
		<-release
		return recipient{found: true, name: "X"}, nil
	}
	now := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r, err := c.lookup(context.Background(), "sandbox", "1", now, fetch); err != nil || r.name != "X" {
				t.Errorf("lookup: %v %+v", err, r)
			}
		}()
	}
	// One goroutine is in fetch; the others wait on its entry (or, if they come late, find
	// the answer cached): either way one fetch serves all.
	<-started
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d fetches for 8 concurrent checks, want 1", n)
	}
	failing := func(context.Context) (recipient, error) { calls.Add(1); return recipient{}, errors.New("down") }
	for range 2 {
		if _, err := c.lookup(context.Background(), "sandbox", "2", now, failing); err == nil {
			t.Fatal("error lost")
		}
	}
	if n := calls.Load(); n != 3 {
		t.Fatalf("errors were cached: %d fetches", n)
	}
	instant := func(context.Context) (recipient, error) { calls.Add(1); return recipient{found: true}, nil }
	if _, err := c.lookup(context.Background(), "sandbox", "1", now.Add(2*time.Minute), instant); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 4 {
		t.Fatalf("stale entry reused: %d fetches", n)
	}
	if _, err := c.lookup(context.Background(), "production", "1", now, instant); err != nil || calls.Load() != 5 {
		t.Fatalf("environments share entries: %v, %d fetches", err, calls.Load())
	}
}

func TestBackoffBounds(t *testing.T) {
	o := &Outbox{opt: Options{RetryBase: 100 * time.Millisecond, RetryMax: time.Second}.withDefaults()}
	cases := []struct {
		n          int
		retryAfter time.Duration
		lo, hi     time.Duration
	}{
		{1, 0, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 0, 100 * time.Millisecond, 200 * time.Millisecond},
		{4, 0, 400 * time.Millisecond, 800 * time.Millisecond},
		{10, 0, 500 * time.Millisecond, time.Second},
		{1, 3 * time.Second, 3 * time.Second, 3 * time.Second},
	}
	for _, c := range cases {
		for range 50 {
			if d := o.backoff(c.n, c.retryAfter); d < c.lo || d > c.hi {
				t.Fatalf("backoff(%d, %v) = %v, want within [%v, %v]", c.n, c.retryAfter, d, c.lo, c.hi)
			}
		}
	}
}

// Reconciliation takes the right deposit: same number, not before the attempt, not a flux
// another item owns; the earliest flux when several remain.
func TestPick(t *testing.T) {
	o := bareOutbox(t, map[string]*Item{
		"other": {ID: "other", CompanyID: "C", Env: "sandbox", Flux: "CPP002"},
		"elsew": {ID: "elsew", CompanyID: "D", Env: "sandbox", Flux: "CPP003"},
	})
	started := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	it := &Item{ID: "me", Number: "N1", CompanyID: "C", Env: "sandbox", DepositStarted: started}
	list := []chorusapi.FactureResume{
		{NumeroFacture: "N2", NumeroFluxDepot: "CPP001", DateDepot: "2026-11-25"},
		{NumeroFacture: "N1", NumeroFluxDepot: "CPP002", DateDepot: "2026-11-25"}, // owned by "other"
		{NumeroFacture: "N1", NumeroFluxDepot: "CPP000", DateDepot: "2026-10-01"}, // too old
		{NumeroFacture: "N1", NumeroFluxDepot: "CPP005", DateDepot: "2026-11-25T10:00:01.000+01:00"},
		{NumeroFacture: "N1", NumeroFluxDepot: "CPP003", DateDepot: "2026-11-25"}, // owned elsewhere: fine here
	}
	f, ok := o.pick(it, list)
	if !ok || f.NumeroFluxDepot != "CPP003" {
		t.Fatalf("picked %+v %v, want CPP003", f, ok)
	}
	if _, ok := o.pick(it, list[:3]); ok {
		t.Fatal("picked a deposit that is not this item's")
	}
}

// Every outbox message (outbox.*, and engine.* for the stages and verdicts) exists in both
// languages.
func TestCatalogComplete(t *testing.T) {
	fr := map[string]bool{}
	for _, k := range i18n.Keys(i18n.FR) {
		fr[k] = true
	}
	n := 0
	for _, k := range i18n.Keys(i18n.EN) {
		if strings.HasPrefix(k, "outbox.") || strings.HasPrefix(k, "engine.") {
			n++
			if !fr[k] {
				t.Errorf("%s has no French text", k)
			}
		}
	}
	if n < 40 {
		t.Fatalf("only %d outbox keys registered", n)
	}
}

func FuzzDateOnly(f *testing.F) {
	for _, s := range []string{"2024-05-02", "2018-02-16T15:10:25.536+01:00", "", "2024-13-40", "20240502", "2024-05-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := dateOnly(s)
		if d == "" {
			return
		}
		if !strings.HasPrefix(s, d) || len(d) != 10 {
			t.Fatalf("dateOnly(%q) = %q", s, d)
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			t.Fatalf("dateOnly(%q) = %q, not a date", s, d)
		}
	})
}

// The matcher of reconciliation reads Chorus Pro's search answers: whatever they hold, it
// never picks an invoice of another number or a flux another item owns.
func FuzzPick(f *testing.F) {
	f.Add("N1", "N1", "CPP1", "2026-11-25", "CPP2")
	f.Add("N1", "N2", "", "x", "")
	o := bareOutbox(f, nil)
	f.Fuzz(func(t *testing.T, number, got, flux, date, owned string) {
		o.items = map[string]*Item{"o": {ID: "o", CompanyID: "C", Flux: owned}}
		it := &Item{ID: "me", Number: number, CompanyID: "C", DepositStarted: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
		f, ok := o.pick(it, []chorusapi.FactureResume{{NumeroFacture: got, NumeroFluxDepot: flux, DateDepot: date}})
		if ok && (f.NumeroFacture != number || f.NumeroFluxDepot == "" || f.NumeroFluxDepot == owned) {
			t.Fatalf("picked %+v for %q (owned %q)", f, number, owned)
		}
	})
}

func TestRefusalLabelAndFix(t *testing.T) {
	dp := []chorusapi.ErreurDP{
		{NumeroDP: "OTHER", LibelleErreurDP: "autre facture"},
		{NumeroDP: "N1", LibelleErreurDP: " Le code service est obligatoire. "},
	}
	tech := []chorusapi.ErreurTechnique{{CodeErreur: "ERR_XSD_001", LibelleErreur: "IRRECEVABILITE: ligne 150"}}
	attach := []chorusapi.ErreurDP{{NumeroDP: "N1", LibelleErreurDP: "L'identifiant fournisseur 123 de la demande de paiement n'est pas rattache au compte technique."}}
	cases := []struct {
		name, state string
		cr          *chorusapi.CRDetaille
		label, fix  string
	}{
		{"partial, own error", FluxIntegrePartiel, &chorusapi.CRDetaille{ListeErreurDP: dp}, "Le code service est obligatoire.", fixService},
		{"partial, no error for it", FluxIntegrePartiel, &chorusapi.CRDetaille{ListeErreurDP: dp[:1]}, "", fixOther},
		{"rejected, single error", FluxRejete, &chorusapi.CRDetaille{ListeErreurDP: dp[:1]}, "autre facture", fixOther},
		{"rejected, technical", FluxRejete, &chorusapi.CRDetaille{ListeErreurTechnique: tech}, "ERR_XSD_001 IRRECEVABILITE: ligne 150", fixFormat},
		{"rejected, supplier not attached", FluxRejete, &chorusapi.CRDetaille{ListeErreurDP: attach}, "n'est pas rattache", fixSetup},
		{"incident", FluxIncidente, &chorusapi.CRDetaille{}, "", fixIncident},
		{"no report", FluxRejete, nil, "", fixOther},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := &Item{Number: "N1", FluxState: c.state}
			label := refusalLabel(it, c.cr)
			if (c.label == "") != (label == "") || !strings.Contains(label, c.label) {
				t.Fatalf("label %q, want %q", label, c.label)
			}
			if got := refusalFix(label, c.state); got != c.fix {
				t.Fatalf("fix %q, want %q", got, c.fix)
			}
		})
	}
}

func TestFinalStates(t *testing.T) {
	for state, final := range map[string]bool{FluxIntegre: true, FluxIntegrePartiel: true, FluxRejete: true, FluxIncidente: true,
		FluxRecu: false, FluxTraiteSECPP: false, FluxDeposePortail: false, "IN_EN_COURS_TRAITEMENT_CPP": false, "": false, "IN_NOUVEAU": false} {
		if FluxFinal(state) != final {
			t.Errorf("FluxFinal(%q) = %v", state, !final)
		}
	}
	for status, final := range map[string]bool{StatusMiseEnPaiement: true, StatusRejetee: true, StatusSuspendue: false,
		StatusARecycler: false, StatusMandatee: false, StatusMiseADisposition: false, "NOUVEAU": false} {
		if InvoiceFinal(status) != final {
			t.Errorf("InvoiceFinal(%q) = %v", status, !final)
		}
	}
}

// A passing Test of a setup is reused by the next engine on the same data directory (each run
// of the command line is a new engine) until the setup, the `*****` setup, the company or the
// endpoints change, or SetupProofTTL passes.
func TestSetupProofReusedAcrossRuns(t *testing.T) {
	r := newRig(t, emulator.Options{})
	dir := t.TempDir()
	tests := func() int { return r.emu.Requests().Endpoints[chorusapi.PathStructuresActives] }
	send := func(number string) {
		t.Helper()
		o, err := Open(r.svc, fastOptions())
		if err != nil {
			t.Fatal(err)
		}
		o.Start()
		it, err := o.Add(writeFile(t, dir, number+".xml", ublVariant(t, number, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
		if err != nil {
			t.Fatal(err)
		}
		wait(t, o, Item.WasDeposited, it.ID)
		if err := o.Close(); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name      string
		before    func()
		wantTests int // Tests run by this send
	}{
		{"first run tests", func() {}, 1},
		{"second run reuses", func() {}, 0},
		{"setup saved: tests again", func() {
			st, err := r.svc.Setup(r.demo["DEMO1"].ID)
			if err != nil {
				t.Fatal(err)
			}
			st.Tag = "DEMO1-NEW"
			if _, err := r.svc.SaveSetup(r.demo["DEMO1"].ID, st); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"then reused", func() {}, 0},
	}
	for i, c := range cases {
		c.before()
		n := tests()
		send(fmt.Sprintf("PROOF-%d", i))
		if got := tests() - n; (got > 0) != (c.wantTests > 0) {
			t.Errorf("%s: the Test's attachment step asked %d times", c.name, got)
		}
	}
}
