package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

// TestWindowFitsA1024Screen measures, in English and French, the main screen's minimum width
// (the window cannot be narrower) and checks that at the default size the Test results are
// on screen without scrolling. It logs the widths for the report.
func TestWindowFitsA1024Screen(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, true)
			h.ui.setLang(lang)
			cs := h.addCompanies(2)
			if _, err := h.svc.SaveSetup(cs[0].ID, domain.Setup{Sandbox: creds("1"), Expires: domain.Expiry{Sandbox: "2026-03-12"}}); err != nil {
				t.Fatal(err)
			}
			h.selectCode("C0001")
			min := h.ui.main.content.MinSize()
			t.Logf("%s: minimum content size %.0f × %.0f", lang, min.Width, min.Height)
			if min.Width > 1000 {
				t.Errorf("%s: the window cannot be narrower than %.0f px", lang, min.Width)
			}
			h.win.Resize(DefaultWindowSize)
			tab := h.tab()
			inner := tab.scroll.Content.MinSize().Height
			if inner > tab.scroll.Size().Height {
				t.Errorf("%s: the pane needs %.0f px but shows %.0f: the Test results are below the fold", lang, inner, tab.scroll.Size().Height)
			}
			// Section headings are no larger than the company title.
			title := fyne.MeasureText("X", h.ui.app.Settings().Theme().Size(tab.title.SizeName), tab.title.TextStyle)
			head := fyne.MeasureText("X", h.ui.app.Settings().Theme().Size("text"), tab.slots[domain.Sandbox].box.Heading.TextStyle)
			if head.Height > title.Height {
				t.Errorf("section heading taller than the title: %v > %v", head.Height, title.Height)
			}
		})
	}
}

// TestTabsBehaveAsTabs: `*****` first, the selected tab marked, Ctrl+Tab / Ctrl+Shift+Tab and
// Ctrl+PageDown / Ctrl+PageUp move between them, and each tab shows its company's state.
func TestTabsBehaveAsTabs(t *testing.T) {
	h := newHarness(t, true)
	cs := h.addCompanies(3)
	def, _ := h.svc.Company(domain.DefaultCode)
	if _, err := h.svc.SaveSetup(cs[0].ID, domain.Setup{Enabled: true, Sandbox: creds("1")}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.SaveSetup(def.ID, domain.Setup{Enabled: true, Sandbox: creds("d"), Expires: domain.Expiry{Sandbox: "2026-03-01"}}); err != nil {
		t.Fatal(err)
	}
	h.ui.reloadCompanies("")
	list := h.ui.main.companies.list
	if list.Items()[0].ID != def.ID {
		t.Fatal("***** is not the first tab")
	}
	h.selectCode("C0001")
	h.steps = []domain.TestStep{{Name: "network", OK: true}}
	h.tapTest(domain.Sandbox)

	st := map[string]widgets.TabState{}
	for _, c := range append([]domain.Company{def}, cs...) {
		st[c.Code] = h.ui.tabState(c.ID)
	}
	if st["C0001"].Kind != widgets.TabOwn || st["C0001"].Verdict != widgets.TabPassed || !strings.Contains(st["C0001"].VerdictTip, "Passed on") {
		t.Errorf("C0001 %+v", st["C0001"])
	}
	if st["C0002"].Kind != widgets.TabFallback || st["C0002"].Verdict != widgets.TabUntested || !strings.Contains(st["C0002"].KindTip, "fallback") {
		t.Errorf("C0002 %+v", st["C0002"])
	}
	if st[domain.DefaultCode].Alert != widgets.TabExpired || !strings.Contains(st[domain.DefaultCode].AlertTip, "expired on 2026-03-01") {
		t.Errorf("***** %+v", st[domain.DefaultCode])
	}
	// Disabling ***** turns the fallback companies to "not transferred" at once.
	h.selectCode(domain.DefaultCode)
	test.Tap(h.tab().disable)
	if got := h.ui.tabState(cs[1].ID); got.Kind != widgets.TabNotTransferred {
		t.Errorf("C0002 after ***** is disabled: %+v", got)
	}

	// The selected tab is drawn bold with its accent bar.
	h.selectCode("C0002")
	row := list.List.CreateItem()
	for i, it := range list.Shown() {
		list.List.UpdateItem(i, row)
		if _, bold := widgets.TabRowText(row); bold != (it.ID == cs[1].ID) {
			t.Errorf("tab %s bold=%v", it.Label, bold)
		}
	}

	for _, c := range []struct {
		key  fyne.KeyName
		mod  fyne.KeyModifier
		want string
	}{
		{fyne.KeyTab, fyne.KeyModifierControl, "C0003"},
		{fyne.KeyTab, fyne.KeyModifierControl, domain.DefaultCode}, // wraps
		{fyne.KeyPageDown, fyne.KeyModifierControl, "C0001"},
		{fyne.KeyPageUp, fyne.KeyModifierControl, domain.DefaultCode},
		{fyne.KeyTab, fyne.KeyModifierControl | fyne.KeyModifierShift, "C0003"},
	} {
		h.shortcut(c.key, c.mod)
		if got := h.tab().company.Code; got != c.want {
			t.Fatalf("%s+%v went to %s, want %s", c.key, c.mod, got, c.want)
		}
	}
}

// TestLockScreenMenu: on the lock screen the menus hold only what works there.
func TestLockScreenMenu(t *testing.T) {
	h := newHarness(t, true)
	labels := func() []string {
		var out []string
		for _, m := range h.win.MainMenu().Items {
			for _, it := range m.Items {
				if !it.IsSeparator {
					out = append(out, it.Label)
				}
			}
		}
		return out
	}
	unlocked := labels()
	h.ui.lock()
	locked := labels()
	want := []string{"Quit", "User guide", "Troubleshooting", "About Chorus Desk"}
	if strings.Join(locked, "|") != strings.Join(want, "|") {
		t.Fatalf("lock-screen menu %v, want %v", locked, want)
	}
	if len(unlocked) < 20 {
		t.Fatalf("unlocked menu %v", unlocked)
	}
	// The shortcuts of the unlocked menu are gone too.
	h.shortcut(fyne.KeyN, fyne.KeyModifierShortcutDefault)
	if h.ui.main != nil {
		t.Fatal("a shortcut acted on the lock screen")
	}
}

// TestFirstRunGuide: the guide follows the vault's progress, each step's button does it, and
// "Do not show again" is kept in the vault.
func TestFirstRunGuide(t *testing.T) {
	h := newHarness(t, true)
	if err := h.svc.SetGuideDismissed(false); err != nil {
		t.Fatal(err)
	}
	h.ui.showMain()
	g := h.ui.main.guide
	if g == nil {
		t.Fatal("no guide on a vault being set up")
	}
	done := func() (out []bool) {
		for _, s := range h.ui.guideSteps() {
			out = append(out, s.done)
		}
		return out
	}
	if d := done(); d[1] || d[2] || d[3] || d[4] {
		t.Fatalf("steps done on an empty vault: %v", d)
	}
	test.Tap(g.buttons[1]) // Add a company
	if h.ui.main.compForm == nil {
		t.Fatal("the step's button did not open the company form")
	}
	cs := h.addCompanies(1)
	if _, err := h.svc.SaveSetup(cs[0].ID, domain.Setup{Sandbox: creds("1")}); err != nil {
		t.Fatal(err)
	}
	if d := done(); !d[1] || !d[2] || d[4] {
		t.Fatalf("steps after a company and its credentials: %v", d)
	}
	h.ui.showGuide(true)
	g = h.ui.main.guide
	g.dontShow.SetChecked(true)
	g.dlg.Hide()
	if p, _ := h.svc.UIPrefs(); !p.GuideDismissed {
		t.Fatal("Do not show again was not kept")
	}
	h.ui.guideShown = false
	h.ui.main.guide = nil
	h.ui.showMain()
	if h.ui.main.guide != nil {
		t.Fatal("a dismissed guide came back")
	}
}

// TestSecondInstanceRaisesTheFirst: a second start on the same data directory asks the first
// window to come forward over a loopback port named in the data directory, and shows a proper
// window (icon, message, Quit).
func TestSecondInstanceRaisesTheFirst(t *testing.T) {
	dir := t.TempDir()
	raised := make(chan struct{}, 1)
	stop := listenForRaiseFunc(dir, func() { raised <- struct{}{} })
	if !raiseOtherWindow(dir) {
		t.Fatal("the first window did not answer")
	}
	<-raised
	b, _ := os.ReadFile(filepath.Join(dir, raiseFile))
	if fi, err := os.Stat(filepath.Join(dir, raiseFile)); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Fatalf("raise file %v %v", fi, err)
	}
	// A request without the token is ignored.
	os.WriteFile(filepath.Join(dir, raiseFile), []byte(strings.Fields(string(b))[0]+" wrong-token\n"), 0o600)
	if raiseOtherWindow(dir) {
		t.Fatal("a wrong token raised the window")
	}
	stop()
	if _, err := os.Stat(filepath.Join(dir, raiseFile)); !os.IsNotExist(err) {
		t.Fatal("the raise file outlived the window")
	}
	if raiseOtherWindow(dir) {
		t.Fatal("raised a window that is gone")
	}

	a := test.NewTempApp(t)
	a.Settings().SetTheme(widgets.NewTheme("light"))
	icon, err := os.ReadFile(filepath.Join("..", "Icon.png"))
	if err != nil {
		t.Fatal(err)
	}
	SetIcon(icon)
	defer func() { appIcon = nil }()
	useIcon(a)
	quits := 0
	w := test.NewTempWindow(t, secondInstanceContent(a, i18n.FR, i18n.T(i18n.FR, "setupui.instance.raised"), true, func() { quits++ }))
	w.Resize(fyne.NewSize(520, 200))
	test.AssertImageMatches(t, "second_instance.png", w.Canvas().Capture())
	test.Tap(w.Content().(*fyne.Container).Objects[1].(*fyne.Container).Objects[1].(fyne.Tappable).(*widget.Button))
	if quits != 1 {
		t.Fatal("Quit did not quit")
	}
}

// TestExpiryNotificationOncePerDay: while a password expires within 15 days (or has expired),
// one desktop notification a day, the day kept in the vault.
func TestExpiryNotificationOncePerDay(t *testing.T) {
	h := newHarness(t, true)
	cs := h.addCompanies(2)
	if _, err := h.svc.SaveSetup(cs[0].ID, domain.Setup{Sandbox: creds("1"), Expires: domain.Expiry{Sandbox: "2026-03-20"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.SaveSetup(cs[1].ID, domain.Setup{Sandbox: creds("2"), Expires: domain.Expiry{Sandbox: "2027-01-01"}}); err != nil {
		t.Fatal(err)
	}
	h.ui.expiryDay = ""
	h.ui.checkExpiries()
	if p, _ := h.svc.UIPrefs(); p.ExpiryNotified != "2026-03-10" {
		t.Fatalf("notified day %q", p.ExpiryNotified)
	}
	// Same day, even from a new window: no second notification.
	if err := h.svc.SetExpiryNotified("2026-03-10"); err != nil {
		t.Fatal(err)
	}
	h.ui.expiryDay = ""
	h.ui.checkExpiries()
	// Next day, at the first user action.
	h.now = h.now.Add(24 * time.Hour)
	h.ui.touch()
	if p, _ := h.svc.UIPrefs(); p.ExpiryNotified != "2026-03-11" {
		t.Fatalf("the next day was not notified: %q", p.ExpiryNotified)
	}
	// Nothing near: no notification is recorded.
	h2 := newHarness(t, true)
	h2.ui.expiryDay = ""
	h2.ui.checkExpiries()
	if p, _ := h2.svc.UIPrefs(); p.ExpiryNotified != "" {
		t.Fatalf("notified with nothing to renew: %q", p.ExpiryNotified)
	}
}

// TestHelpMenu: About names the version and the licences; Diagnostics writes the support
// bundle (no secret in it).
func TestHelpMenu(t *testing.T) {
	h := newHarness(t, true)
	saveSetup(t, h, domain.DefaultCode, domain.Setup{Sandbox: creds("d")})
	h.ui.showAbout()
	if h.ui.lastDialog == nil {
		t.Fatal("no About dialog")
	}
	h.ui.lastDialog = nil
	path := filepath.Join(t.TempDir(), "diag.zip")
	h.ui.writeDiagnostics(path)
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 || h.ui.lastDialog == nil {
		t.Fatalf("diagnostics: %v, %d bytes", err, len(b))
	}
	if strings.Contains(string(b), "secret-d") {
		t.Fatal("a secret in the diagnostics")
	}
	if strings.Contains(imageLine.ReplaceAllString("![x](screenshots/a.png)\ntext", ""), "png") {
		t.Fatal("images are not stripped from the guide")
	}
}

// TestDemoDesktopConfigIsolated: the demo points the desktop configuration root (where Fyne
// writes its preferences file on exit) into its throwaway directory.
func TestDemoDesktopConfigIsolated(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "HOME", "USERPROFILE"} {
		t.Setenv(v, os.Getenv(v))
	}
	isolateDesktopConfig(dir)
	got, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, dir) {
		t.Fatalf("user configuration directory %q is outside %q", got, dir)
	}
}
