package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

func TestSaveSandboxSlot(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(2)
	h.selectCode("C0001")
	tab := h.tab()
	if visible(tab.unsaved) {
		t.Fatal("a freshly loaded form is marked unsaved")
	}
	want := creds("1")
	h.typeSlot(domain.Sandbox, want)
	test.Type(tab.tag, "  ERP-1 ")
	if !visible(tab.unsaved) || tab.revertB.Disabled() {
		t.Fatal("typing does not mark the form unsaved")
	}
	h.shortcut(fyne.KeyS, fyne.KeyModifierShortcutDefault)
	st, err := h.svc.Setup(tab.company.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Sandbox != want || st.Tag != "ERP-1" || !st.Production.IsEmpty() {
		t.Fatalf("saved setup %+v", st)
	}
	if visible(tab.unsaved) {
		t.Fatal("still marked unsaved after Save")
	}
	if tab.tag.Text != "ERP-1" {
		t.Fatalf("the form does not show the trimmed tag: %q", tab.tag.Text)
	}
	labelHas(t, tab.report, i18n.T(i18n.EN, "gui.notice.trimmed", "ID"))
	for _, f := range []domain.Field{domain.FieldClientSecret, domain.FieldPassword} {
		if e := tab.slots[domain.Sandbox].entries[f]; !e.Password {
			t.Errorf("%s is not masked", f)
		}
	}
}

func TestRevealToggle(t *testing.T) {
	h := newHarness(t, true)
	h.selectCode(domain.DefaultCode)
	e := h.tab().slots[domain.Production].entries[domain.FieldClientSecret]
	test.Type(e, "s3cret")
	if !e.Password {
		t.Fatal("secret shown by default")
	}
	widgets.Reveal(e, true)
	if e.Password {
		t.Fatal("reveal did not show the secret")
	}
	test.Tap(h.tab().revertB)
	if !e.Password || e.Text != "" {
		t.Fatal("revert must empty and mask the secret again")
	}
}

func TestValidationShownOnTheRightField(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode("C0001")
	tab := h.tab()
	test.Type(tab.slots[domain.Production].entries[domain.FieldClientID], "only-the-id")
	test.Type(tab.tag, "bad tag!")
	test.Tap(tab.saveB)
	prod := tab.slots[domain.Production]
	for _, f := range []domain.Field{domain.FieldClientSecret, domain.FieldLogin, domain.FieldPassword} {
		if !visible(prod.errs[f]) || prod.errs[f].Text == "" {
			t.Errorf("no message under production %s", f)
		}
	}
	if visible(prod.errs[domain.FieldClientID]) {
		t.Errorf("message under the filled client ID: %q", prod.errs[domain.FieldClientID].Text)
	}
	for f, l := range tab.slots[domain.Sandbox].errs {
		if visible(l) {
			t.Errorf("message under sandbox %s: %q", f, l.Text)
		}
	}
	if !visible(tab.tagErr) {
		t.Error("no message under the ID tag")
	}
	labelHas(t, tab.report, i18n.T(i18n.EN, "gui.tab.not_saved"))
	if st, _ := h.svc.Setup(tab.company.ID); st.HasData() {
		t.Fatalf("an invalid form was saved: %+v", st.Tag)
	}
	if !visible(tab.unsaved) {
		t.Fatal("a refused save lost the unsaved marker")
	}
}

func TestEnvironmentRuleRefusalShown(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(2)
	h.selectCode("C0001")
	h.typeSlot(domain.Sandbox, creds("shared"))
	test.Tap(h.tab().saveB)
	if h.tab().dirty() {
		t.Fatal("first save failed")
	}
	h.selectCode("C0002")
	other := creds("shared")
	other.Login = "TECH_other@cpro.fr"
	h.typeSlot(domain.Production, other)
	test.Tap(h.tab().saveB)
	l := h.tab().slots[domain.Production].errs[domain.FieldClientID]
	if !visible(l) || !strings.Contains(l.Text, "C0001") {
		t.Fatalf("the environment rule message under production client ID is %q; want it to name C0001", l.Text)
	}
	if strings.Contains(l.Text, "app-shared") || strings.Contains(l.Text, "secret-shared") {
		t.Fatal("the message shows a credential value")
	}
	if st, _ := h.svc.Setup(h.tab().company.ID); st.HasData() {
		t.Fatal("the refused setup was saved")
	}
}

func TestUnsavedMarkerAndRevert(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode("C0001")
	tab := h.tab()
	h.typeSlot(domain.Sandbox, creds("1"))
	test.Tap(tab.saveB)
	test.Type(tab.slots[domain.Sandbox].entries[domain.FieldLogin], "-changed")
	if !visible(tab.unsaved) || !visible(tab.test.note) {
		t.Fatal("no unsaved marker after an edit")
	}
	test.Tap(tab.revertB)
	if got := tab.slots[domain.Sandbox].entries[domain.FieldLogin].Text; got != creds("1").Login {
		t.Fatalf("revert left %q", got)
	}
	if visible(tab.unsaved) || !tab.revertB.Disabled() {
		t.Fatal("still marked unsaved after revert")
	}
}

func TestEnableDisableChangesStatus(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode("C0001")
	tab := h.tab()
	sb := i18n.T(i18n.EN, "gui.env.sandbox")
	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"nothing enabled", func() {}, i18n.T(i18n.EN, "gui.status.not_transferred", i18n.T(i18n.EN, "gui.reason.none", "C0001"))},
		{"enabled without credentials", func() { test.Tap(tab.enable) },
			i18n.T(i18n.EN, "gui.status.not_transferred", i18n.T(i18n.EN, "gui.reason.no_creds", "C0001", sb))},
		{"enabled with credentials", func() { h.typeSlot(domain.Sandbox, creds("1")); test.Tap(tab.saveB) }, i18n.T(i18n.EN, "gui.status.own", sb)},
		{"disabled, ***** disabled", func() { test.Tap(tab.disable) }, i18n.T(i18n.EN, "gui.status.not_transferred", i18n.T(i18n.EN, "gui.reason.none", "C0001"))},
		{"***** enabled with credentials", func() {
			def, _ := h.svc.Company(domain.DefaultCode)
			if _, err := h.svc.SaveSetup(def.ID, domain.Setup{Enabled: true, Sandbox: creds("def")}); err != nil {
				t.Fatal(err)
			}
			tab.refreshStatus()
		}, i18n.T(i18n.EN, "gui.status.fallback", sb)},
	}
	for _, s := range steps {
		s.do()
		if tab.status.Text != s.want {
			t.Fatalf("%s: status %q, want %q", s.name, tab.status.Text, s.want)
		}
	}
	if !tab.disable.Disabled() || tab.enable.Disabled() {
		t.Fatal("enable/disable buttons do not follow the flag")
	}
}

func TestDefaultCompanyWarningAndTooltips(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode(domain.DefaultCode)
	tab := h.tab()
	if !visible(tab.warning) || !strings.Contains(tab.warning.Text, "own Chorus Pro account") {
		t.Fatal("the ***** tab lacks its permanent warning")
	}
	if want := i18n.T(i18n.EN, "gui.status.not_transferred", i18n.T(i18n.EN, "gui.reason.none_default")); tab.status.Text != want {
		t.Fatalf("***** status %q, want %q", tab.status.Text, want)
	}
	h.selectCode("C0001")
	if visible(tab.warning) {
		t.Fatal("the ***** warning shows on another company")
	}
	for _, b := range []*widgets.TipButton{tab.enable, tab.disable, tab.move} {
		if b.Tip == "" || b.Icon == nil {
			t.Fatalf("toolbar button without icon or tooltip: %+v", b.Tip)
		}
		b.MouseIn(&desktop.MouseEvent{})
		if tab.hint.Text != b.Tip {
			t.Fatalf("hovering %q shows %q", b.Tip, tab.hint.Text)
		}
		b.MouseOut()
		if tab.hint.Text != "" {
			t.Fatal("the tooltip stays")
		}
	}
}
