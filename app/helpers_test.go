package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"

	"chorusdesk/conntest"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

const testPassword = "correct horse battery 42"

func TestMain(m *testing.M) {
	os.Setenv("LANG", "en_US.UTF-8")
	code := m.Run()
	closeBenchServices()
	os.Exit(code)
}

// cheapKDF keeps Argon2 fast in tests (the floor of storage.MinKDF); production uses
// storage.DefaultKDF.
var cheapKDF = core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}}

// fakeTimer is the auto-lock timer under the test's control.
type fakeTimer struct {
	delay   time.Duration
	fire    func()
	resets  int
	stopped bool
}

func (f *fakeTimer) Reset(d time.Duration) { f.delay, f.resets, f.stopped = d, f.resets+1, false }
func (f *fakeTimer) Stop()                 { f.stopped = true }

// harness is a UI on a real core.Service in a temporary directory, with synchronous
// background work and a hand-fired idle timer.
type harness struct {
	t     testing.TB
	svc   *core.Service
	ui    *UI
	win   fyne.Window
	timer *fakeTimer
	runs  int // TestRunner calls
	steps []domain.TestStep
	reqs  []TestRequest // what each Test run was asked for

	now          time.Time // the UI's clock
	attached     conntest.Attachment
	attachErr    error
	attachChecks int
}

// newHarness opens a fresh data directory; vault=true creates and unlocks the vault. Each
// setup function changes the UI before its first screen is shown.
func newHarness(t testing.TB, vault bool, setup ...func(*UI)) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	svc, err := core.Open(t.TempDir(), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	if vault {
		if err := svc.Init([]byte(testPassword)); err != nil {
			t.Fatal(err)
		}
		// The first-run guide has its own tests: elsewhere it would stand over the window.
		if err := svc.SetGuideDismissed(true); err != nil {
			t.Fatal(err)
		}
	}
	h := &harness{t: t, svc: svc, now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.Local)}
	h.win = test.NewTempWindow(t, nil)
	h.win.Resize(DefaultWindowSize)
	h.ui = New(a, h.win, svc, Options{
		Lang:     i18n.EN,
		RunAsync: func(f func()) { f() },
		RunTest:  h.fakeTest,
		NewTimer: func(d time.Duration, fire func()) Timer {
			h.timer = &fakeTimer{delay: d, fire: fire}
			return h.timer
		},
		Now: func() time.Time { return h.now },
		CheckAttached: func(ctx context.Context, svc *core.Service, fromID string, env domain.Env, siret string) (conntest.Attachment, error) {
			h.attachChecks++
			return h.attached, h.attachErr
		},
	})
	// The way out of Run: a Transfers engine that an unlock started in the background stops
	// before the store closes.
	t.Cleanup(func() { h.ui.shutdown(svc.Close) })
	for _, f := range setup {
		f(h.ui)
	}
	if vault {
		h.ui.showMain()
	} else {
		h.ui.Start()
	}
	return h
}

// fakeTest reports h.steps one by one, as conntest does, from the saved setup.
func (h *harness) fakeTest(ctx context.Context, svc *core.Service, req TestRequest, onStep func(int, domain.TestStep)) (domain.TestResult, error) {
	h.runs++
	h.reqs = append(h.reqs, req)
	id, env := req.CompanyID, req.Env
	res := domain.TestResult{Env: env, Time: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), OK: true}
	for i, s := range h.steps {
		onStep(i, s)
		res.Steps = append(res.Steps, s)
		res.OK = res.OK && (s.OK || s.Skipped)
	}
	return res, svc.SaveTestResult(id, res)
}

// addCompanies adds n companies C0001… through the core.
func (h *harness) addCompanies(n int) []domain.Company {
	h.t.Helper()
	out := make([]domain.Company, 0, n)
	for i := 1; i <= n; i++ {
		c, err := h.svc.AddCompany(fmt.Sprintf("C%04d", i), fmt.Sprintf("Company %d", i), "")
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, c)
	}
	if h.ui.main != nil {
		h.ui.reloadCompanies("")
	}
	return out
}

func (h *harness) selectCode(code string) {
	h.t.Helper()
	c, err := h.svc.Company(code)
	if err != nil {
		h.t.Fatal(err)
	}
	h.ui.main.companies.list.SetFilter("")
	if !h.ui.main.companies.list.Select(c.ID) {
		h.t.Fatalf("company %s not in the list", code)
	}
	if h.ui.main.tab.company.ID != c.ID {
		h.t.Fatalf("tab shows %q, want %s", h.ui.main.tab.company.Code, code)
	}
}

// typeSlot replaces the four fields of env's slot in the form.
func (h *harness) typeSlot(env domain.Env, cr domain.Slot) {
	s := h.ui.main.tab.slots[env]
	for _, f := range domain.Fields {
		e := s.entries[f]
		e.SetText("")
		test.Type(e, cr.Get(f))
	}
}

func (h *harness) tab() *companyTab { return h.ui.main.tab }

func (h *harness) shortcut(key fyne.KeyName, mod fyne.KeyModifier) {
	h.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod})
}

func (h *harness) confirmLast(yes bool) {
	h.t.Helper()
	d := h.ui.lastConfirm
	if d == nil {
		h.t.Fatal("no confirmation was asked")
	}
	h.ui.lastConfirm = nil
	if yes {
		d.Confirm()
	} else {
		d.Dismiss()
	}
}

func creds(n string) domain.Slot {
	return domain.Slot{ClientID: "app-" + n, ClientSecret: "secret-" + n, Login: "TECH_" + n + "@cpro.fr", Password: "pw-" + n}
}

func visible(o fyne.CanvasObject) bool { return o.Visible() }

// testB is the Test button of env's slot in the selected company's tab.
func (h *harness) testB(env domain.Env) *widget.Button { return &h.tab().slots[env].testB.Button }

// tapTest presses the Test button of env's slot.
func (h *harness) tapTest(env domain.Env) { test.Tap(h.tab().slots[env].testB) }

// oneLineHas checks a one-line (tooltip) label.
func oneLineHas(t testing.TB, l *ttwidget.Label, want string) {
	t.Helper()
	if !l.Visible() || !strings.Contains(l.Text, want) {
		t.Fatalf("label %q (visible=%v) does not contain %q", l.Text, l.Visible(), want)
	}
	if l.ToolTip() != l.Text {
		t.Fatalf("the tooltip %q does not repeat the label %q", l.ToolTip(), l.Text)
	}
}
