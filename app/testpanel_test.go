package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

// saveAndEnable saves the typed form and answers the "enable this setup?" offer.
func (h *harness) saveAndEnable(enable bool) {
	h.t.Helper()
	test.Tap(h.tab().saveB)
	h.confirmLast(enable)
}

func TestTestPanelShowsStepsLive(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode("C0001")
	h.typeSlot(domain.Sandbox, creds("1"))
	h.saveAndEnable(true)
	p := h.tab().test
	if !strings.Contains(p.applies.Text, i18n.T(i18n.EN, "setupui.test.never")) {
		t.Fatalf("before any test: %q", p.applies.Text)
	}
	h.steps = []domain.TestStep{
		{Name: "setup", OK: true, Message: "complete", MS: 0},
		{Name: "network", OK: true, Message: "reached", MS: 12},
		{Name: "token", OK: false, Message: "PISTE client ID or secret is wrong", MS: 1500},
		{Name: "account", Skipped: true, Message: "skipped"},
		{Name: "attachment", Skipped: true, Message: "skipped"},
	}
	// While the runner reports step 0, step 1 must already show as running.
	var during widgets.StepState
	inner := h.ui.runTest
	h.ui.runTest = func(ctx context.Context, svc *core.Service, req TestRequest, onStep func(int, domain.TestStep)) (domain.TestResult, error) {
		return inner(ctx, svc, req, func(i int, s domain.TestStep) {
			onStep(i, s)
			if i == 1 {
				during = p.rows[2].State
			}
		})
	}
	h.tapTest(domain.Sandbox)
	if during != widgets.StepRunning {
		t.Fatalf("the token step's state during the network step: %v", during)
	}
	want := []widgets.StepState{widgets.StepOK, widgets.StepOK, widgets.StepFailed, widgets.StepSkipped, widgets.StepSkipped}
	for i, r := range p.rows {
		if r.State != want[i] {
			t.Errorf("row %d state %v, want %v", i, r.State, want[i])
		}
	}
	// Durations are written for people, never Go's 1.5s.
	if p.rows[1].Duration.Text != "12 ms" || p.rows[2].Duration.Text != "1.5 s" || !strings.Contains(p.rows[2].Message.Text, "client ID") {
		t.Fatalf("row texts: %q %q %q", p.rows[1].Duration.Text, p.rows[2].Duration.Text, p.rows[2].Message.Text)
	}
	if p.verdict.Text != i18n.T(i18n.EN, "gui.test.failed") || h.testB(domain.Sandbox).Disabled() {
		t.Fatal("no verdict or the button stays disabled")
	}
	if !strings.Contains(p.applies.Text, "2026-03-04") {
		t.Fatalf("last result time not shown: %q", p.applies.Text)
	}
	oneLineHas(t, h.tab().slots[domain.Sandbox].last, "Failed on 2026-03-04")
	// Selecting the company again shows the kept result.
	h.selectCode(domain.DefaultCode)
	h.selectCode("C0001")
	if p.rows[2].State != widgets.StepFailed || !strings.Contains(p.applies.Text, "2026-03-04") {
		t.Fatal("the last result is not shown when coming back")
	}
}

func TestTestWithUnsavedChangesOffersToSave(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode("C0001")
	h.steps = []domain.TestStep{{Name: "network", OK: true}}
	h.typeSlot(domain.Sandbox, creds("1"))
	p := h.tab().test
	if !visible(p.note) {
		t.Fatal("no unsaved note near the Test results")
	}
	h.tapTest(domain.Sandbox)
	h.confirmLast(false)
	if h.runs != 0 {
		t.Fatal("the test ran on unsaved values")
	}
	h.tapTest(domain.Sandbox)
	h.confirmLast(true)
	if h.runs != 1 {
		t.Fatalf("save-then-test ran the test %d times", h.runs)
	}
	if st, _ := h.svc.Setup(h.tab().company.ID); st.Sandbox != creds("1") {
		t.Fatal("save-then-test did not save")
	}
}

// TestEachSlotHasItsOwnTest: the production slot is tested without switching the app to
// production, and the panel says which environment and which setup (own or `*****`) it used.
func TestEachSlotHasItsOwnTest(t *testing.T) {
	h := newHarness(t, true)
	cs := h.addCompanies(1)
	def, _ := h.svc.Company(domain.DefaultCode)
	if _, err := h.svc.SaveSetup(cs[0].ID, domain.Setup{Sandbox: creds("s"), Production: creds("p")}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.SaveSetup(def.ID, domain.Setup{Sandbox: creds("d")}); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.SetEnabled(def.ID, true); err != nil {
		t.Fatal(err)
	}
	h.selectCode("C0001")
	h.steps = []domain.TestStep{{Name: "network", OK: true}}
	p := h.tab().test

	// C0001 is not enabled: its sandbox Test uses the ***** fallback, and says so.
	h.tapTest(domain.Sandbox)
	if got := h.reqs[0]; got.Env != domain.Sandbox || got.CompanyID != cs[0].ID {
		t.Fatalf("request %+v", got)
	}
	want := i18n.T(i18n.EN, "setupui.test.applies_default", "sandbox", "C0001")
	if !strings.HasPrefix(p.applies.Text, want) || !strings.Contains(h.tab().slots[domain.Sandbox].testB.ToolTip(), want) {
		t.Fatalf("applies %q, tooltip %q; want %q", p.applies.Text, h.tab().slots[domain.Sandbox].testB.ToolTip(), want)
	}

	// The production slot: tested while sandbox stays the active environment.
	h.tapTest(domain.Production)
	if got := h.reqs[1]; got.Env != domain.Production {
		t.Fatalf("production Test asked for %s", got.Env)
	}
	if env, _ := h.svc.ActiveEnv(); env != domain.Sandbox || h.ui.main.env != domain.Sandbox {
		t.Fatal("testing production switched the app")
	}
	if !strings.Contains(p.heading.Text, "production") {
		t.Fatalf("heading %q", p.heading.Text)
	}
	if _, ok, _ := h.svc.LastTestResult(cs[0].ID, domain.Production); !ok {
		t.Fatal("the production result was not kept")
	}

	// Once enabled, the Test uses C0001's own setup.
	test.Tap(h.tab().enable)
	if want := i18n.T(i18n.EN, "setupui.test.applies_own", "C0001", "sandbox"); !strings.Contains(h.tab().slots[domain.Sandbox].testB.ToolTip(), want) {
		t.Fatalf("tooltip %q, want %q", h.tab().slots[domain.Sandbox].testB.ToolTip(), want)
	}
	// Ctrl+T tests the active environment.
	h.shortcut("T", ctrl)
	if n := len(h.reqs); n != 3 || h.reqs[2].Env != domain.Sandbox {
		t.Fatalf("Ctrl+T requests %+v", h.reqs)
	}
}

// TestTestAgainstEmulator drives the real conntest runner against the local emulator.
func TestTestAgainstEmulator(t *testing.T) {
	em, err := emulator.Start("127.0.0.1:0", emulator.Options{Env: domain.Sandbox})
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()
	h := newHarness(t, true)
	h.ui.runTest = conntestRunner
	if err := h.svc.SetEndpoints(domain.Sandbox, domain.Endpoints{OAuthURL: em.OAuthURL(), APIURL: em.APIURL()}); err != nil {
		t.Fatal(err)
	}
	c, err := h.svc.AddCompany("DEMO1", "Demo one", "73282932000074")
	if err != nil {
		t.Fatal(err)
	}
	h.ui.reloadCompanies(c.ID)
	h.typeSlot(domain.Sandbox, domain.Slot{ClientID: emulator.SandboxClientID, ClientSecret: emulator.SandboxSecret,
		Login: "TECH_1_demo1@cpro.fr", Password: "demo-password-1"})
	h.saveAndEnable(true)
	p := h.tab().test
	h.tapTest(domain.Sandbox)
	for i, r := range p.rows {
		if r.State != widgets.StepOK {
			t.Errorf("step %d (%s): state %v, message %q", i, stepNames[i], r.State, r.Message.Text)
		}
	}
	if p.verdict.Text != i18n.T(i18n.EN, "gui.test.ok") {
		t.Fatalf("verdict %q", p.verdict.Text)
	}
	if _, ok, _ := h.svc.LastTestResult(c.ID, domain.Sandbox); !ok {
		t.Fatal("the result was not kept")
	}
	// A passing Test read the password's expiry day from Chorus Pro.
	if st, _ := h.svc.SetupStatus(c.ID); st.Expires.Sandbox == "" {
		t.Fatal("the expiry day Chorus Pro gives was not kept")
	}
	if h.tab().slots[domain.Sandbox].expires.Text == "" {
		t.Fatal("the expiry day is not shown in the form")
	}
}
