package outbox

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/internal/fixtures"
)

// samplePaths lists the repository's sample invoices (read-only: Add only reads them).
func samplePaths(t testing.TB) []string {
	t.Helper()
	return fixtures.InvoicePaths()
}

// ublSample returns the bytes of the UBL sample of supplier 1 (FA-2026-0001).
func ublSample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(fixtures.Invoice("FA-2026-0001_UBL.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ublVariant edits the UBL sample: invoice number, buyer SIRET, service code (BT-10, "" drops
// it) and commitment (BT-13, "" drops it).
func ublVariant(t testing.TB, number, buyer, service, commitment string) []byte {
	t.Helper()
	b := ublSample(t)
	b = bytes.ReplaceAll(b, []byte("FA-2026-0001"), []byte(number))
	b = bytes.ReplaceAll(b, []byte(emulator.RecipientServiceRequired), []byte(buyer))
	if service == "" {
		b = bytes.Replace(b, []byte("<cbc:BuyerReference>SERV-COMPTA</cbc:BuyerReference>"), nil, 1)
	} else {
		b = bytes.Replace(b, []byte(">SERV-COMPTA<"), []byte(">"+service+"<"), 1)
	}
	if commitment == "" {
		b = bytes.Replace(b, []byte("<cac:OrderReference>\n\t\t<cbc:ID>A7450891</cbc:ID>\n\t</cac:OrderReference>"), nil, 1)
	} else {
		b = bytes.Replace(b, []byte(">A7450891<"), []byte(">"+commitment+"<"), 1)
	}
	return b
}

func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// rig is a real core.Service in a temporary data directory, wired to a real emulator, with
// companies DEMO1 and DEMO2 set up with the emulator's seed accounts.
type rig struct {
	t    testing.TB
	emu  *emulator.Emulator
	ep   domain.Endpoints // the sandbox endpoints, at the emulator
	svc  *core.Service
	dir  string
	demo map[string]domain.Company
}

var cheapKDF = &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}

func newRig(t testing.TB, eo emulator.Options) *rig { return newRigWrapped(t, eo, nil) }

// newRigWrapped is newRig with the emulator served through wrap (a test's view of, or change
// to, Chorus Pro's answers); nil serves it as it is.
func newRigWrapped(t testing.TB, eo emulator.Options, wrap func(http.Handler) http.Handler) *rig {
	t.Helper()
	if eo.ProcessingTime == 0 {
		eo.ProcessingTime = 60 * time.Millisecond
	}
	emu := emulator.New(eo)
	h := emu.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); emu.Close() })
	r := &rig{t: t, emu: emu, dir: t.TempDir(), demo: map[string]domain.Company{},
		ep: domain.Endpoints{OAuthURL: srv.URL + "/api/oauth/token", APIURL: srv.URL}}
	r.svc = openService(t, r.dir)
	if err := r.svc.Init([]byte("test master password")); err != nil {
		t.Fatal(err)
	}
	setupDemo(t, r.svc, r.ep)
	cs, _ := r.svc.Companies()
	for _, c := range cs {
		r.demo[c.Code] = c
	}
	return r
}

func openService(t testing.TB, dir string) *core.Service {
	t.Helper()
	svc, err := core.Open(dir, core.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

// setupDemo creates DEMO1 (supplier 1, account demo1), DEMO2 (supplier 2, account demo2) and
// points the sandbox endpoints at emu.
func setupDemo(t testing.TB, svc *core.Service, ep domain.Endpoints) {
	t.Helper()
	if err := svc.SetEndpoints(domain.Sandbox, ep); err != nil {
		t.Fatal(err)
	}
	for _, d := range []struct{ code, siret, login, pw string }{
		{"DEMO1", emulator.SupplierSIRET1, "TECH_1_demo1@cpro.fr", "demo-password-1"},
		{"DEMO2", emulator.SupplierSIRET2, "TECH_1_demo2@cpro.fr", "demo-password-2"},
	} {
		c, err := svc.AddCompany(d.code, "Demo "+d.code, d.siret)
		if err != nil {
			t.Fatal(err)
		}
		st := domain.Setup{Enabled: true, Sandbox: domain.Slot{
			ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret, Login: d.login, Password: d.pw}}
		if _, err := svc.SaveSetup(c.ID, st); err != nil {
			t.Fatal(err)
		}
	}
}

// fastOptions are engine options for tests: short polls and retries.
func fastOptions() Options {
	return Options{
		PollInterval: 15 * time.Millisecond, MaxPollInterval: 60 * time.Millisecond,
		ReconcileInterval: 20 * time.Millisecond, ReconcileWindow: 5 * time.Second,
		RetryBase: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond, MaxAttempts: 5,
		ClientRetry:   chorusapi.RetryPolicy{MaxAttempts: 2, BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond},
		ClientTimeout: 5 * time.Second, PollsPerSecond: 1000,
	}
}

// open opens the engine of r's service (not started); it is closed when the test ends.
func (r *rig) open(opt Options) *Outbox {
	r.t.Helper()
	o, err := Open(r.svc, opt)
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { _ = o.Close() })
	return o
}

// start opens and starts the engine of r's service until the test ends.
func (r *rig) start(opt Options) *Outbox {
	r.t.Helper()
	o := r.open(opt)
	o.Start()
	return o
}

func waitCtx(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wait waits until every listed item satisfies done; it fails the test with the items'
// states when that does not happen.
func wait(t testing.TB, o *Outbox, done func(Item) bool, ids ...string) []Item {
	t.Helper()
	items, err := o.Wait(waitCtx(t), done, ids...)
	if err != nil {
		for _, it := range o.Items() {
			t.Logf("%s %s %s flux=%s status=%s msg=%s", it.Number, it.State, it.Hold, it.FluxState, it.InvoiceStatus, it.Message.In("en"))
		}
		t.Fatalf("items did not settle: %v", err)
	}
	return items
}

func isState(s ...State) func(Item) bool {
	return func(it Item) bool {
		for _, x := range s {
			if it.State == x {
				return true
			}
		}
		return false
	}
}

// invoiceIsAt reports whether tracking reached the invoice (its identifier is known) with the
// given status.
func invoiceIsAt(status string) func(Item) bool {
	return func(it Item) bool { return it.InvoiceID != 0 && it.InvoiceStatus == status }
}

// bareOutbox is an engine that is not opened (no workers, no hooks): items in memory, an empty
// store of its own, for tests of one function.
func bareOutbox(t testing.TB, items map[string]*Item) *Outbox {
	t.Helper()
	svc := openService(t, t.TempDir())
	if items == nil {
		items = map[string]*Item{}
	}
	return &Outbox{svc: svc, items: items, busy: map[string]bool{}, sch: newSched(),
		st: &store{kv: svc.OutboxKV(), blobs: svc.Blobs()}}
}
