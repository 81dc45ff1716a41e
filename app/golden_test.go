package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"chorusdesk/domain"
)

// TestGoldenImages pins the look of the first-run screen and of the main window in each
// environment (Fyne's test renderer is deterministic). After an intended change of the
// layout, copy the new images from testdata/failed/ over testdata/.
func TestGoldenImages(t *testing.T) {
	// Only the setup screens: the other views (Transfers…) have their own tests.
	noViews := func(u *UI) { u.views = nil }
	h := newHarness(t, false, noViews)
	test.AssertImageMatches(t, "first_run.png", h.win.Canvas().Capture())

	h = newHarness(t, true, noViews)
	c, err := h.svc.AddCompany("ACME", "ACME France", "73282932000074")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.SaveSetup(c.ID, domain.Setup{Enabled: true, Tag: "ERP-1", Sandbox: creds("1")}); err != nil {
		t.Fatal(err)
	}
	h.ui.reloadCompanies(c.ID)
	test.AssertImageMatches(t, "main_sandbox.png", h.win.Canvas().Capture())
	if _, err := h.svc.SetActiveEnv(domain.Production, true); err != nil {
		t.Fatal(err)
	}
	h.ui.lock()
	test.Type(h.ui.unlock.password, testPassword)
	test.Tap(h.ui.unlock.submit)
	h.selectCode("ACME")
	test.AssertImageMatches(t, "main_production.png", h.win.Canvas().Capture())
}
