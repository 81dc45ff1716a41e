package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

func TestSettingsEndpointsAutoLockLanguage(t *testing.T) {
	h := newHarness(t, true)
	test.Tap(h.ui.main.settings)
	s := h.ui.main.settingsDlg
	s.oauth[domain.Sandbox].SetText("http://127.0.0.1:9/api/oauth/token")
	s.api[domain.Sandbox].SetText("http://127.0.0.1:9")
	s.autoLock.SetText("0")
	h.ui.saveSettings()
	if !visible(s.message) {
		t.Fatal("an auto-lock of 0 minutes was accepted")
	}
	s.autoLock.SetText("5")
	s.oauth[domain.Production].SetText("ftp://nope")
	h.ui.saveSettings()
	if !visible(s.message) || !strings.Contains(s.message.Text, i18n.T(i18n.EN, "gui.env.production")) {
		t.Fatalf("a bad production URL is not reported: %q", s.message.Text)
	}
	s.oauth[domain.Production].SetText(domain.DefaultEndpoints(domain.Production).OAuthURL)
	s.lang.SetSelected("Français")
	h.ui.saveSettings()
	if ep, _ := h.svc.Endpoints(domain.Sandbox); ep.APIURL != "http://127.0.0.1:9" {
		t.Fatalf("sandbox endpoints not saved: %+v", ep)
	}
	if d, _ := h.svc.AutoLockAfter(); d != 5*time.Minute || h.timer.delay != 5*time.Minute {
		t.Fatalf("auto-lock %v, timer %v", d, h.timer.delay)
	}
	if h.ui.lang != i18n.FR || h.ui.main.lock.Text != "Verrouiller" {
		t.Fatalf("language not switched: %q", h.ui.main.lock.Text)
	}
	if h.ui.main.envBadge.Text() != i18n.T(i18n.FR, "setupui.env.badge.sandbox") {
		t.Fatal("the header is not in French")
	}
	// The language is the vault's choice, never a global preference of the desktop.
	if p, _ := h.svc.UIPrefs(); p.Lang != i18n.FR {
		t.Fatalf("language kept as %q in the vault", p.Lang)
	}
	if got := h.ui.app.Preferences().String("lang"); got != "" {
		t.Fatalf("the language leaked into the global preferences: %q", got)
	}
}

// TestThemeChoice: system / light / dark in the settings, kept in the vault and applied.
func TestThemeChoice(t *testing.T) {
	h := newHarness(t, true)
	for _, c := range []struct {
		label, stored string
		forced        bool
	}{{"Dark", "dark", true}, {"Light", "light", true}, {"System", "system", false}} {
		test.Tap(h.ui.main.settings)
		s := h.ui.main.settingsDlg
		s.theme.SetSelected(c.label)
		h.ui.saveSettings()
		if p, _ := h.svc.UIPrefs(); p.Theme != c.stored || h.ui.themeChoice != c.stored {
			t.Fatalf("%s: stored %q, ui %q", c.label, p.Theme, h.ui.themeChoice)
		}
		th, ok := h.ui.app.Settings().Theme().(*widgets.Theme)
		if !ok || (th.Forced != nil) != c.forced {
			t.Fatalf("%s: theme %T forced=%v", c.label, h.ui.app.Settings().Theme(), ok && th.Forced != nil)
		}
	}
	// A new window on the same vault starts with the kept theme.
	if err := h.svc.SetUITheme("dark"); err != nil {
		t.Fatal(err)
	}
	u := New(h.ui.app, h.win, h.svc, Options{Lang: i18n.EN, RunAsync: func(f func()) { f() }})
	if u.themeChoice != "dark" {
		t.Fatalf("new UI theme %q", u.themeChoice)
	}
}

func TestFrenchCatalogComplete(t *testing.T) {
	fr := map[string]bool{}
	for _, k := range i18n.Keys(i18n.FR) {
		fr[k] = true
	}
	for _, k := range i18n.Keys(i18n.EN) {
		if strings.HasPrefix(k, "gui.") && !fr[k] {
			t.Errorf("no French text for %s", k)
		}
	}
}

func TestChangePassword(t *testing.T) {
	h := newHarness(t, true)
	h.ui.showChangePassword() // Vault menu
	p := h.ui.main.passwordDlg
	test.Type(p.old, "wrong password here")
	test.Type(p.new1, "a brand new password 1")
	test.Type(p.new2, "a brand new password 1")
	test.Tap(p.submit)
	if p.message.Text != i18n.T(i18n.EN, "gui.err.wrong_password") {
		t.Fatalf("message %q", p.message.Text)
	}
	test.Type(p.old, testPassword)
	test.Tap(p.submit)
	if p.old.Text != "" || p.new1.Text != "" {
		t.Fatal("the password entries were not wiped")
	}
	h.ui.lock()
	test.Type(h.ui.unlock.password, "a brand new password 1")
	test.Tap(h.ui.unlock.submit)
	if !h.svc.Unlocked() {
		t.Fatal("the new password does not unlock")
	}
}

func TestExportThenImport(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(2)
	saveSetup(t, h, "C0001", domain.Setup{Enabled: true, Sandbox: creds("1")})
	file := filepath.Join(t.TempDir(), "bundle.cdx")
	h.ui.showExport() // File menu
	b := h.ui.main.bundleDlg
	b.path.SetText(file)
	test.Type(b.pass, "bundle pass 1")
	test.Type(b.again, "bundle pass 2")
	test.Tap(b.submit)
	if !visible(b.message) {
		t.Fatal("different passphrases accepted")
	}
	b.again.SetText("bundle pass 1")
	test.Tap(b.submit)
	if data, err := os.ReadFile(file); err != nil || len(data) == 0 || strings.Contains(string(data), "secret-1") {
		t.Fatalf("export: %v, %d bytes", err, len(data))
	}

	h2 := newHarness(t, true)
	h2.addCompanies(1) // C0001 exists, empty, and is on screen: the import must refresh it
	h2.selectCode("C0001")
	h2.ui.showImport() // File menu
	b = h2.ui.main.bundleDlg
	b.path.SetText(file)
	test.Type(b.pass, "bundle pass 1")
	test.Tap(b.submit)
	if visible(b.message) {
		t.Fatalf("import failed: %q", b.message.Text)
	}
	c, err := h2.svc.Company("C0001")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := h2.svc.Setup(c.ID); st.Sandbox != creds("1") {
		t.Fatal("the setup did not come through the bundle")
	}
	if got := h2.tab().slots[domain.Sandbox].entries[domain.FieldLogin].Text; got != creds("1").Login {
		t.Fatalf("the form still shows the setup from before the import: login %q", got)
	}
	if n := len(h2.ui.main.companies.list.Items()); n != 3 {
		t.Fatalf("the list shows %d companies after the import", n)
	}
}

func TestAuditView(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	test.Tap(h.ui.main.audit)
	v := h.ui.main.auditView
	if len(v.entries) < 2 {
		t.Fatalf("%d audit entries", len(v.entries))
	}
	if !v.entries[0].Time.After(v.entries[len(v.entries)-1].Time) && len(v.entries) > 1 && v.entries[0].Action == "init" {
		t.Fatal("the audit view is not newest first")
	}
	if line := h.ui.auditLine(v.entries[0]); !strings.Contains(line, "C0001") || !strings.Contains(line, "company added") {
		t.Fatalf("newest line %q", line)
	}
	// The same entry read in French: the action and the detail follow the language.
	h.ui.lang = i18n.FR
	if line := h.ui.auditLine(v.entries[0]); !strings.Contains(line, "société ajoutée") || !strings.Contains(line, "nom «") {
		t.Fatalf("newest line in French %q", line)
	}
	// Journal lines written with Go's durations read as words, in the user's language.
	e := core.AuditEntry{Time: time.Date(2026, 3, 4, 10, 0, 0, 0, time.Local), Action: core.ActionAutoLock, Detail: "auto-lock 10m0s → 1h0m0s"}
	h.ui.lang = i18n.FR
	if line := h.ui.auditLine(e); line != "04/03/2026 10:00:00  verrouillage modifié  auto-lock 10\u00a0minutes → 1\u00a0heure" {
		t.Fatalf("French line %q", line)
	}
}
