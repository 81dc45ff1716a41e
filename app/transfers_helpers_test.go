package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/internal/fixtures"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// uiQueue stands for Fyne's UI goroutine in tests: the test driver runs fyne.Do at once on
// the caller's goroutine (an engine worker), so the bridge's hand-offs are queued here and
// the test goroutine runs them, one at a time, as the real event loop would. Queuing never
// blocks the engine.
type uiQueue struct {
	mu   sync.Mutex
	q    []func()
	wake chan struct{}
}

func newUIQueue() *uiQueue { return &uiQueue{wake: make(chan struct{}, 1)} }

func (p *uiQueue) do(f func()) {
	p.mu.Lock()
	p.q = append(p.q, f)
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// run runs what is queued, including what the queued work queues.
func (p *uiQueue) run() {
	for {
		p.mu.Lock()
		q := p.q
		p.q = nil
		p.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
}

// xrig is the Transfers view of a UI on a real core.Service whose sandbox endpoints point at
// a real emulator, with companies DEMO1 and DEMO2 set up with the emulator's seed accounts
// and a real outbox engine with short polls.
type xrig struct {
	t     *testing.T
	emu   *emulator.Emulator
	svc   *core.Service
	ui    *UI
	x     *transfers
	queue *uiQueue

	notes []*fyne.Notification // notifications sent, in order
}

// fastOutbox are engine options for tests: polls and retries in milliseconds.
func fastOutbox() outbox.Options {
	return outbox.Options{
		PollInterval: 15 * time.Millisecond, MaxPollInterval: 60 * time.Millisecond,
		ReconcileInterval: 20 * time.Millisecond, ReconcileWindow: 5 * time.Second,
		RetryBase: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond, MaxAttempts: 5,
		ClientRetry:   chorusapi.RetryPolicy{MaxAttempts: 2, BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond},
		ClientTimeout: 5 * time.Second,
	}
}

func newXRig(t *testing.T, eo emulator.Options, opt outbox.Options) *xrig {
	t.Helper()
	a := test.NewTempApp(t)
	if eo.ProcessingTime == 0 {
		eo.ProcessingTime = 60 * time.Millisecond
	}
	emu, err := emulator.Start("127.0.0.1:0", eo)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	svc, err := core.Open(t.TempDir(), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetEndpoints(domain.Sandbox, domain.Endpoints{OAuthURL: emu.OAuthURL(), APIURL: emu.APIURL()}); err != nil {
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
		st := domain.Setup{Enabled: true, Sandbox: domain.Credentials{
			ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret, Login: d.login, Password: d.pw}}
		if _, err := svc.SaveSetup(c.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	ob := outbox.New(svc, opt)
	if err := ob.Err(); err != nil {
		t.Fatal(err)
	}
	useEngine(svc, ob)
	// Registered after svc.Close, so it runs before it: the engine stops first.
	t.Cleanup(func() { forgetEngine(svc, 10*time.Second) })

	win := test.NewTempWindow(t, nil)
	u := New(a, win, svc, Options{Lang: i18n.EN, RunAsync: func(f func()) { f() }})
	r := &xrig{t: t, emu: emu, svc: svc, ui: u, queue: newUIQueue()}
	x := newTransfers(u)
	x.do = r.queue.do
	x.notify = func(n *fyne.Notification) { r.notes = append(r.notes, n) }
	r.x = x
	transfersRegistry.Lock()
	transfersRegistry.m[u] = x
	transfersRegistry.Unlock()
	t.Cleanup(func() { u.stopTransfers() })
	x.start()
	r.until("the outbox is loaded", func() bool { return x.loaded })
	x.show()
	return r
}

// until runs the UI work queued by the engine until cond holds; it fails the test with the
// rows' states when 30 s pass first.
func (r *xrig) until(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for {
		r.queue.run()
		if cond() {
			return
		}
		select {
		case <-r.queue.wake:
		case <-deadline.C:
			for _, it := range r.x.rows {
				r.t.Logf("%s %s %s flux=%s/%s status=%s: %s", it.Number, it.State, it.Hold, it.Flux, it.FluxState, it.InvoiceStatus, it.Message.In(i18n.EN))
			}
			r.t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// rowsWhere counts the rows for which ok holds.
func (r *xrig) rowsWhere(ok func(outbox.Item) bool) int {
	n := 0
	for _, it := range r.x.rows {
		if ok(it) {
			n++
		}
	}
	return n
}

// byNumber returns the newest row with this invoice number.
func (r *xrig) byNumber(number string) outbox.Item {
	r.t.Helper()
	for i := len(r.x.rows) - 1; i >= 0; i-- {
		if r.x.rows[i].Number == number {
			return r.x.rows[i]
		}
	}
	r.t.Fatalf("no row for invoice %s", number)
	return outbox.Item{}
}

// selectItem selects the item's row in the table, as a click would.
func (r *xrig) selectItem(id string) {
	r.t.Helper()
	row := r.x.rowOf(id)
	if row < 0 {
		r.t.Fatalf("item %s has no row", id)
	}
	r.x.view.table.Select(widget.TableCellID{Row: row, Col: colNumber})
	if r.x.view.selected != id {
		r.t.Fatalf("selected %q, want %q", r.x.view.selected, id)
	}
}

// cell is the text the table shows for an item in a column.
func (r *xrig) cell(id string, col int) string {
	it, ok := r.x.item(id)
	if !ok {
		r.t.Fatalf("no item %s", id)
	}
	return r.x.view.cellText(it, col)
}

// answer confirms (or dismisses) the last question of the Transfers window.
func (r *xrig) answer(yes bool) string {
	r.t.Helper()
	v := r.x.view
	d := v.lastConfirm
	if d == nil {
		r.t.Fatal("no confirmation was asked")
	}
	v.lastConfirm = nil
	text := dialogText(v.win)
	if yes {
		d.Confirm()
	} else {
		d.Dismiss()
	}
	return text
}

// dialogText gathers the text of every label in the window's top overlay (the dialog).
func dialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			b.WriteString(o.Text + "\n")
		case *widget.RichText:
			b.WriteString(o.String() + "\n")
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return b.String()
}

// samplePaths lists the repository's sample invoices (read-only).
func samplePaths(t testing.TB) []string {
	t.Helper()
	return fixtures.InvoicePaths()
}

// ublVariant writes a copy of the UBL sample (supplier 1, FA-2026-0001) with another invoice
// number and seller SIRET into dir.
func ublVariant(t testing.TB, dir, number, seller string) string {
	t.Helper()
	b, err := os.ReadFile(fixtures.Invoice("FA-2026-0001_UBL.xml"))
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.ReplaceAll(b, []byte("FA-2026-0001"), []byte(number))
	b = bytes.ReplaceAll(b, []byte(emulator.SupplierSIRET1), []byte(seller))
	p := filepath.Join(dir, number+".xml")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
