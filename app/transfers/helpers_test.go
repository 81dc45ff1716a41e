package transfers

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/internal/fixtures"
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

// xrig is the Transfers view on a real core.Service whose sandbox endpoints point at a real
// emulator, with companies DEMO1 and DEMO2 set up with the emulator's seed accounts and a real
// outbox engine with short polls.
type xrig struct {
	t     *testing.T
	emu   *emulator.Emulator
	svc   *core.Service
	app   fyne.App
	b     *bridge.Bridge
	view  *View
	queue *uiQueue
	inbox string // what the host remembers as the inbox folder

	notes  []*fyne.Notification // notifications sent, in order
	setups []string             // companies whose setup tab the view asked to open
}

// cheapKDF keeps Argon2 fast in tests.
var cheapKDF = core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}}

const testPassword = "correct horse battery 42"

func TestMain(m *testing.M) {
	os.Setenv("LANG", "en_US.UTF-8")
	os.Exit(m.Run())
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
		st := domain.Setup{Enabled: true, Sandbox: domain.Slot{
			ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret, Login: d.login, Password: d.pw}}
		if _, err := svc.SaveSetup(c.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	ob := startEngine(t, svc, opt)
	r := &xrig{t: t, emu: emu, svc: svc, app: a, queue: newUIQueue()}
	r.b = bridge.NewBridge(bridge.Config{
		Engine:   func() (bridge.Engine, error) { return ob, nil },
		Now:      svc.Now,
		Lang:     func() i18n.Lang { return i18n.EN },
		Notify:   func(title, body string) { r.notes = append(r.notes, fyne.NewNotification(title, body)) },
		RunAsync: func(f func()) { f() },
		Do:       r.queue.do,
	})
	t.Cleanup(func() { r.b.Stop() })
	r.b.Start()
	<-r.b.Started()
	r.until("the outbox is loaded", r.b.Ready)
	r.view = New(r.b, r.host(i18n.EN))
	r.view.Show()
	return r
}

// host is the test window around the view.
func (r *xrig) host(lang i18n.Lang) Host {
	return Host{
		App:       r.app,
		Lang:      lang,
		ErrText:   func(err error) string { return i18n.Message(lang, err) },
		Companies: r.svc.Companies,
		InboxDir:  func() string { return r.inbox },
		SetInbox:  func(dir string) error { r.inbox = dir; return nil },
		OpenSetup: func(code string) { r.setups = append(r.setups, code) },
	}
}

// startEngine opens and starts the outbox engine of svc (svc.Close stops it).
func startEngine(t testing.TB, svc *core.Service, opt outbox.Options) *outbox.Outbox {
	t.Helper()
	ob, err := outbox.Open(svc, opt)
	if err != nil {
		t.Fatal(err)
	}
	ob.Start()
	return ob
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
			for _, it := range r.rows() {
				r.t.Logf("%s %s %s flux=%s/%s status=%s: %s", it.Number, it.State, it.Hold, it.Flux, it.FluxState, it.InvoiceStatus, it.Message.In(i18n.EN))
			}
			r.t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// rows lists the model's rows, oldest first.
func (r *xrig) rows() []outbox.Item {
	m := r.b.Model()
	out := make([]outbox.Item, 0, m.Len())
	for i := 0; i < m.Len(); i++ {
		it, _ := m.Row(i)
		out = append(out, it)
	}
	return out
}

// item is the model's copy of an item.
func (r *xrig) item(id string) outbox.Item {
	r.t.Helper()
	it, ok := r.b.Model().Item(id)
	if !ok {
		r.t.Fatalf("no item %s", id)
	}
	return it
}

// rowsWhere counts the rows for which ok holds.
func (r *xrig) rowsWhere(ok func(outbox.Item) bool) int {
	n := 0
	for _, it := range r.rows() {
		if ok(it) {
			n++
		}
	}
	return n
}

// byNumber returns the newest row with this invoice number.
func (r *xrig) byNumber(number string) outbox.Item {
	r.t.Helper()
	rows := r.rows()
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].Number == number {
			return rows[i]
		}
	}
	r.t.Fatalf("no row for invoice %s", number)
	return outbox.Item{}
}

// selectItem selects the item's row in the table, as a click would.
func (r *xrig) selectItem(id string) {
	r.t.Helper()
	row := r.b.Model().RowOf(id)
	if row < 0 {
		r.t.Fatalf("item %s has no row", id)
	}
	r.view.table.Select(widget.TableCellID{Row: row, Col: colNumber})
	if r.view.selected != id {
		r.t.Fatalf("selected %q, want %q", r.view.selected, id)
	}
}

// cell is the text the table shows for an item in a column.
func (r *xrig) cell(id string, col int) string { return r.view.cellText(r.item(id), col) }

// answer confirms (or dismisses) the last question of the Transfers window.
func (r *xrig) answer(yes bool) string {
	r.t.Helper()
	v := r.view
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

func labelHas(t testing.TB, l *widget.Label, want string) {
	t.Helper()
	if !l.Visible() || !strings.Contains(l.Text, want) {
		t.Fatalf("label %q (visible=%v) does not contain %q", l.Text, l.Visible(), want)
	}
}
