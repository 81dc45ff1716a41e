package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// addCompanyWithSetup adds a company with a sandbox setup whose secrets the dialog must mask.
func addCompanyWithSetup(t *testing.T, svc *core.Service, code, siret string) {
	t.Helper()
	c, err := svc.AddCompany(code, code+" SA", siret)
	if err != nil {
		t.Fatal(err)
	}
	st := domain.Setup{Tag: code + "-TAG", Sandbox: domain.Slot{ClientID: "client-" + code, ClientSecret: "Sekret-" + code,
		Login: "TECH_" + code + "@cpro.fr", Password: "Pass-" + code}}
	if _, err := svc.SaveSetup(c.ID, st); err != nil {
		t.Fatal(err)
	}
}

// selectBackup picks the backup at path in the dialog's list.
func selectBackup(t *testing.T, p *restorePane, path string) {
	t.Helper()
	for i, b := range p.backups {
		if b.Path == path {
			p.list.Select(i)
			return
		}
	}
	t.Fatalf("backup %s not listed in %v", path, p.backups)
}

// Vault → Restore a backup…: the dialog lists the automatic backups, shows what the chosen
// one holds with its secrets masked and what restoring it changes, fits the window, and
// restores only after a confirmation.
func TestRestoreDialogOpenVault(t *testing.T) {
	h := newHarness(t, true)
	addCompanyWithSetup(t, h.svc, "ACME", "73282932000074")
	info, err := h.svc.BackupNow()
	if err != nil {
		t.Fatal(err)
	}
	addCompanyWithSetup(t, h.svc, "BETA", "44306184100047")
	h.ui.reloadCompanies("")
	h.win.Resize(fyne.NewSize(1024, 700))
	p := h.ui.showRestore()
	selectBackup(t, p, info.Path)
	text := p.contents.Text
	for _, want := range []string{"ACME", "TECH_ACME@cpro.fr", "client-ACME", core.SecretMask, "ACME-TAG", "removes: BETA"} {
		if !strings.Contains(text, want) {
			t.Errorf("contents lack %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{"Sekret-ACME", "Pass-ACME"} {
		if strings.Contains(text, secret) {
			t.Fatalf("a secret is shown:\n%s", text)
		}
	}
	if p.pwRow.Visible() || p.restore.Disabled() {
		t.Fatalf("own backup: password asked %v, restore disabled %v", p.pwRow.Visible(), p.restore.Disabled())
	}
	if s := p.dlg.MinSize(); s.Width > 1024 || s.Height > 700 {
		t.Errorf("dialog needs %v, more than the window", s)
	}
	// Declining changes nothing.
	test.Tap(p.restore)
	p.confirm.Dismiss()
	if _, err := h.svc.Company("BETA"); err != nil {
		t.Fatal("BETA removed without a confirmation")
	}
	test.Tap(p.restore)
	if !strings.Contains(dialogOverlayText(h.win), "The transfers are not touched") {
		t.Errorf("confirmation: %q", dialogOverlayText(h.win))
	}
	p.confirm.Confirm()
	if _, err := h.svc.Company("BETA"); err == nil {
		t.Error("BETA is still there after restoring a backup made before it")
	}
	if _, err := h.svc.Company("ACME"); err != nil {
		t.Errorf("ACME lost: %v", err)
	}
	if _, ok := h.ui.main.companies.byID[mustCompany(t, h.svc, "ACME").ID]; !ok {
		t.Error("the company list was not read again")
	}
}

func mustCompany(t *testing.T, svc *core.Service, code string) domain.Company {
	t.Helper()
	c, err := svc.Company(code)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// dialogOverlayText gathers the labels of the window's top overlay.
func dialogOverlayText(w fyne.Window) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			if l, ok := o.(interface{ String() string }); ok {
				b.WriteString(l.String() + "\n")
			}
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		}
	}
	if top := w.Canvas().Overlays().Top(); top != nil {
		walk(top)
	}
	return b.String()
}

// A data directory found damaged at start-up says so and offers to restore a backup: the
// backup's master password is asked (a wrong one says so), what it holds is shown, and after
// the confirmation the vault is rebuilt (the damaged database kept aside) and opens.
func TestRestoreDamagedAtStart(t *testing.T) {
	dir := t.TempDir()
	svc, err := core.Open(dir, cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	addCompanyWithSetup(t, svc, "ACME", "73282932000074")
	info, err := svc.BackupNow()
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "db", "MANIFEST")); err != nil {
		t.Fatal(err)
	}
	_, err = core.Open(dir, cheapKDF)
	if core.ExitCode(err) != core.ExitDamaged {
		t.Fatalf("open: %v", err)
	}
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1024, 700))
	var opened *core.Service
	d := newDamagedScreen(a, w, dir, i18n.EN, i18n.Message(i18n.EN, err), cheapKDF,
		func(work func(), then func()) { work(); then() },
		func(s *core.Service) { opened = s })
	t.Cleanup(func() {
		if opened != nil {
			opened.Close()
		}
	})
	if !strings.Contains(d.message.Text, "damaged") {
		t.Errorf("message %q", d.message.Text)
	}
	test.Tap(d.restore)
	p := d.pane
	if !p.pwRow.Visible() {
		t.Fatal("the backup's master password is not asked")
	}
	selectBackup(t, p, info.Path)
	test.Type(p.password, "not the password")
	test.Tap(p.show)
	if !p.restore.Disabled() || strings.Contains(p.contents.Text, "ACME") {
		t.Fatalf("a wrong password showed the contents: %q", p.contents.Text)
	}
	p.password.SetText(testPassword)
	test.Tap(p.show)
	if !strings.Contains(p.contents.Text, "ACME") || !strings.Contains(p.contents.Text, "sets the damaged database aside") {
		t.Fatalf("contents %q", p.contents.Text)
	}
	test.Tap(p.restore)
	p.confirm.Confirm()
	if opened == nil {
		t.Fatalf("the restored vault did not open: %q", d.message.Text)
	}
	if err := opened.Unlock([]byte(testPassword)); err != nil {
		t.Fatalf("the backup's master password does not open the rebuilt vault: %v", err)
	}
	if _, err := opened.Company("ACME"); err != nil {
		t.Errorf("ACME not restored: %v", err)
	}
	if aside, _ := filepath.Glob(filepath.Join(dir, "db-damaged-*")); len(aside) == 0 {
		t.Error("the damaged database was not kept aside")
	}
	if p.password.Text != "" {
		t.Error("the password outlives the dialog")
	}
}
