package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

func TestEnvSwitchAsksConfirmation(t *testing.T) {
	h := newHarness(t, true)
	m := h.ui.main
	if m.envBadge.Production() || m.envBadge.Text() != i18n.T(i18n.EN, "setupui.env.badge.sandbox") {
		t.Fatal("a new vault must show the sandbox")
	}
	sandboxColor := m.envBadge.Color()
	test.Tap(m.switchEnv)
	h.confirmLast(false)
	if env, _ := h.svc.ActiveEnv(); env != domain.Sandbox || m.envBadge.Production() {
		t.Fatal("a declined switch changed the environment")
	}
	test.Tap(m.switchEnv)
	h.confirmLast(true)
	if env, _ := h.svc.ActiveEnv(); env != domain.Production {
		t.Fatal("the switch was not applied")
	}
	if !m.envBadge.Production() || m.envBadge.Text() != "PRODUCTION" || m.envBadge.Color() == sandboxColor {
		t.Fatal("the header does not show production distinctly")
	}
	if m.envBadge.Color() != widgets.ProductionColor {
		t.Fatal("production is not red")
	}
	if h.tab().status.Text == "" {
		t.Fatal("no status line after the switch")
	}
}

func TestAutoLockClearsSecrets(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode("C0001")
	h.typeSlot(domain.Sandbox, creds("1"))
	test.Tap(h.tab().saveB)
	tab := h.tab()
	h.typeSlot(domain.Production, creds("2")) // unsaved secrets too
	if h.timer == nil || h.timer.delay <= 0 {
		t.Fatal("no idle timer armed")
	}
	before := h.timer.resets
	test.Type(tab.tag, "x")
	if h.timer.resets == before {
		t.Fatal("typing does not postpone the auto-lock")
	}
	h.timer.fire()
	if h.svc.Unlocked() {
		t.Fatal("auto-lock left the vault open")
	}
	if h.ui.unlock == nil || h.ui.main != nil {
		t.Fatal("auto-lock did not show the unlock screen")
	}
	for _, env := range domain.Envs {
		for f, e := range tab.slots[env].entries {
			if e.Text != "" {
				t.Errorf("%s %s still holds a value after the lock", env, f)
			}
		}
	}
	if tab.tag.Text != "" {
		t.Error("the tag survived the lock")
	}
}

func TestLockButtonClosesDialogs(t *testing.T) {
	h := newHarness(t, true)
	h.ui.showChangePassword() // Vault menu
	p := h.ui.main.passwordDlg
	test.Type(p.old, testPassword)
	test.Tap(h.ui.main.lock)
	if h.svc.Unlocked() || h.ui.unlock == nil {
		t.Fatal("Lock did not lock")
	}
	if len(h.ui.openDialogs) != 0 {
		t.Fatal("dialogs stay open over the unlock screen")
	}
	if p.old.Text != "" {
		t.Fatal("the password typed in the dialog survived the lock")
	}
}

func TestFilterWithThousandCompanies(t *testing.T) {
	if testing.Short() {
		t.Skip("adds 1,000 companies")
	}
	h := newHarness(t, true)
	h.addCompanies(1000)
	list := h.ui.main.companies.list
	if n := len(list.Items()); n != 1001 {
		t.Fatalf("%d companies listed, want 1001", n)
	}
	if list.Items()[0].Label[:5] != domain.DefaultCode {
		t.Fatal("***** is not first")
	}
	h.shortcut(fyne.KeyF, fyne.KeyModifierShortcutDefault)
	if h.win.Canvas().Focused() != list.Filter {
		t.Fatal("Ctrl+F does not focus the filter")
	}
	cases := []struct {
		filter string
		want   int
	}{
		{"C0999", 1},
		{"company 10", 12}, // 10, 100-109, 1000
		{"zzz", 0},
		{"", 1001},
	}
	for _, c := range cases {
		list.SetFilter(c.filter)
		if n := len(list.Shown()); n != c.want {
			t.Errorf("filter %q shows %d, want %d", c.filter, n, c.want)
		}
	}
	if got := h.ui.main.companies.count.Text; got != i18n.T(i18n.EN, "gui.companies.count", 1001, 1001) {
		t.Errorf("count label %q", got)
	}
	list.SetFilter("C099")
	h.selectCode("C0990")
	list.SetFilter("C099")
	h.shortcut(fyne.KeyTab, fyne.KeyModifierControl)
	if h.tab().company.Code != "C0991" {
		t.Fatalf("Ctrl+Tab went to %s", h.tab().company.Code)
	}
	h.shortcut(fyne.KeyTab, fyne.KeyModifierControl|fyne.KeyModifierShift)
	h.shortcut(fyne.KeyTab, fyne.KeyModifierControl|fyne.KeyModifierShift)
	if h.tab().company.Code != "C0999" {
		t.Fatalf("Ctrl+Shift+Tab should wrap to C0999, is on %s", h.tab().company.Code)
	}
}

// TestSwitchingCompanyWithUnsavedChangesAsks: leaving a tab with unsaved changes asks Save /
// Discard / Cancel, Save being the default (focused, Enter presses it).
func TestSwitchingCompanyWithUnsavedChangesAsks(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(2)
	c1, _ := h.svc.Company("C0001")
	c2, _ := h.svc.Company("C0002")
	list := h.ui.main.companies.list
	h.selectCode("C0001")
	test.Type(h.tab().tag, "KEEP")

	// Cancel: the tab stays, with its edits, and the strip marks it again.
	list.Select(c2.ID)
	d := h.ui.unsavedDlg
	if d == nil {
		t.Fatal("no question asked")
	}
	if h.win.Canvas().Focused() != d.saveB {
		t.Fatal("Save is not the default button")
	}
	test.Tap(d.cancel)
	if h.tab().company.Code != "C0001" || h.tab().tag.Text != "KEEP" || list.Selected() != c1.ID {
		t.Fatal("Cancel lost the edits or the selection")
	}

	// Discard: the other tab opens, nothing was saved.
	list.Select(c2.ID)
	test.Tap(h.ui.unsavedDlg.discard)
	if h.tab().company.Code != "C0002" || h.tab().tag.Text != "" {
		t.Fatal("Discard did not switch")
	}
	if st, _ := h.svc.Setup(c1.ID); st.Tag != "" {
		t.Fatal("Discard saved")
	}

	// Enter on the default button: saved, then switched.
	test.Type(h.tab().tag, "SAVED")
	list.Select(c1.ID)
	h.ui.unsavedDlg.saveB.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if st, _ := h.svc.Setup(c2.ID); st.Tag != "SAVED" {
		t.Fatalf("Save did not save: %q", st.Tag)
	}
	if h.tab().company.Code != "C0001" || list.Selected() != c1.ID {
		t.Fatal("Save did not switch")
	}

	// A save the core refuses keeps the tab, with the reason under the field.
	test.Type(h.tab().tag, "bad tag!")
	list.Select(c2.ID)
	test.Tap(h.ui.unsavedDlg.saveB)
	if h.tab().company.Code != "C0001" || !visible(h.tab().tagErr) || list.Selected() != c1.ID {
		t.Fatal("a refused save left the tab")
	}
}

// TestKeyboardOnlyFlow adds a company, fills and saves its sandbox slot, tests it and moves
// it, with the keyboard alone (the path of the end-to-end script).
func TestKeyboardOnlyFlow(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.steps = []domain.TestStep{{Name: "network", OK: true}}
	h.shortcut(fyne.KeyN, fyne.KeyModifierShortcutDefault)
	f := h.ui.main.compForm
	if h.win.Canvas().Focused() != f.code {
		t.Fatal("Ctrl+N does not focus the new company's code")
	}
	test.Type(f.code, "KBD")
	test.Type(f.name, "Keyboard Ltd")
	f.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.tab().company.Code != "KBD" {
		t.Fatalf("Enter did not add and select the company (on %q)", h.tab().company.Code)
	}
	h.shortcut(fyne.KeyE, fyne.KeyModifierShortcutDefault)
	if h.win.Canvas().Focused() != h.tab().tag {
		t.Fatal("Ctrl+E does not focus the form")
	}
	// Tab goes from the ID tag straight to the credentials (Save and Revert come after them).
	h.win.Canvas().FocusNext()
	if h.win.Canvas().Focused() != h.tab().slots[domain.Sandbox].entries[domain.FieldClientID] {
		t.Fatalf("Tab from the tag goes to %T", h.win.Canvas().Focused())
	}
	h.win.Canvas().Focus(h.tab().tag)
	h.typeSlot(domain.Sandbox, creds("kbd"))
	h.shortcut(fyne.KeyS, fyne.KeyModifierShortcutDefault)
	h.confirmLast(true) // enable this setup
	h.shortcut(fyne.KeyT, fyne.KeyModifierShortcutDefault)
	if h.runs != 1 {
		t.Fatal("Ctrl+T did not run the Test")
	}
	h.shortcut(fyne.KeyM, fyne.KeyModifierShortcutDefault)
	m := h.ui.main.moveDlg
	if m == nil || h.win.Canvas().Focused() != m.list.Filter {
		t.Fatal("Ctrl+M does not open the move dialog on its search box")
	}
	test.Type(m.list.Filter, "c0001")
	m.list.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	m.list.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	to, _ := h.svc.Company("C0001")
	if st, _ := h.svc.Setup(to.ID); st.Sandbox != creds("kbd") {
		t.Fatal("Enter, Enter did not move the setup")
	}
	if !h.tab().move.Disabled() {
		t.Fatal("the emptied source still offers a move")
	}
}

func TestQuitAsksWhenUnsaved(t *testing.T) {
	h := newHarness(t, true)
	h.ui.Start() // installs Ctrl+Q and the close intercept; shows the unlock screen
	test.Type(h.ui.unlock.password, testPassword)
	test.Tap(h.ui.unlock.submit)
	quits := 0
	h.ui.quitApp = func() { quits++ }
	h.shortcut(fyne.KeyQ, fyne.KeyModifierShortcutDefault)
	if quits != 1 {
		t.Fatal("Ctrl+Q with nothing unsaved must quit at once")
	}
	test.Type(h.tab().tag, "X")
	h.shortcut(fyne.KeyQ, fyne.KeyModifierShortcutDefault)
	if quits != 1 {
		t.Fatal("quit without asking over unsaved changes")
	}
	test.Tap(h.ui.unsavedDlg.cancel)
	if quits != 1 {
		t.Fatal("Cancel quit")
	}
	h.shortcut(fyne.KeyQ, fyne.KeyModifierShortcutDefault)
	test.Tap(h.ui.unsavedDlg.saveB)
	if quits != 2 {
		t.Fatal("Save did not quit")
	}
	if st, _ := h.svc.Setup(h.tab().company.ID); st.Tag != "X" {
		t.Fatal("Save before quitting did not save")
	}
}

func TestTitleNamesTheEnvironment(t *testing.T) {
	h := newHarness(t, true)
	if h.win.Title() != "Chorus Desk — SANDBOX (qualification)" {
		t.Fatalf("title %q", h.win.Title())
	}
	h.ui.lock()
	if h.win.Title() != "Chorus Desk" {
		t.Fatalf("locked title %q", h.win.Title())
	}
}
