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

func TestTestPanelShowsStepsLive(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode("C0001")
	h.typeSlot(domain.Sandbox, creds("1"))
	test.Tap(h.tab().saveB)
	p := h.tab().test
	if p.last.Text != i18n.T(i18n.EN, "gui.test.never") {
		t.Fatalf("last result before any test: %q", p.last.Text)
	}
	h.steps = []domain.TestStep{
		{Name: "setup", OK: true, Message: "complete", MS: 0},
		{Name: "network", OK: true, Message: "reached", MS: 12},
		{Name: "token", OK: false, Message: "PISTE client ID or secret is wrong", MS: 40},
		{Name: "account", Skipped: true, Message: "skipped"},
		{Name: "attachment", Skipped: true, Message: "skipped"},
	}
	// While the runner reports step 0, step 1 must already show as running.
	var during widgets.StepState
	inner := h.ui.runTest
	h.ui.runTest = func(ctx context.Context, svc *core.Service, req TestRequest, onStep func(int, domain.TestStep)) (domain.TestResult, error) {
		return inner(ctx, svc, req, func(i int, s domain.TestStep) {
			onStep(i, s)
			if i == 0 {
				during = p.rows[1].State
			}
		})
	}
	test.Tap(p.button)
	if during != widgets.StepRunning {
		t.Fatalf("step 2 state during the run: %v", during)
	}
	want := []widgets.StepState{widgets.StepOK, widgets.StepOK, widgets.StepFailed, widgets.StepSkipped, widgets.StepSkipped}
	for i, r := range p.rows {
		if r.State != want[i] {
			t.Errorf("row %d state %v, want %v", i, r.State, want[i])
		}
	}
	if p.rows[1].Duration.Text != "12 ms" || !strings.Contains(p.rows[2].Message.Text, "client ID") {
		t.Fatalf("row texts: %q %q", p.rows[1].Duration.Text, p.rows[2].Message.Text)
	}
	if p.verdict.Text != i18n.T(i18n.EN, "gui.test.failed") || p.button.Disabled() {
		t.Fatal("no verdict or the button stays disabled")
	}
	if !strings.Contains(p.last.Text, "2026-03-04") {
		t.Fatalf("last result time not shown: %q", p.last.Text)
	}
	// Selecting the company again shows the kept result.
	h.selectCode(domain.DefaultCode)
	h.selectCode("C0001")
	if p.rows[2].State != widgets.StepFailed || !strings.Contains(p.last.Text, "2026-03-04") {
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
		t.Fatal("no unsaved note near the Test button")
	}
	test.Tap(p.button)
	h.confirmLast(false)
	if h.runs != 0 {
		t.Fatal("the test ran on unsaved values")
	}
	test.Tap(p.button)
	h.confirmLast(true)
	if h.runs != 1 {
		t.Fatalf("save-then-test ran the test %d times", h.runs)
	}
	if st, _ := h.svc.Setup(h.tab().company.ID); st.Sandbox != creds("1") {
		t.Fatal("save-then-test did not save")
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
	test.Tap(h.tab().saveB)
	p := h.tab().test
	test.Tap(p.button)
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
}
