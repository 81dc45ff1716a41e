package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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
	h.confirmLast(false) // "enable this setup?": not now
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
	oneLineHas(t, tab.report, i18n.T(i18n.EN, "gui.notice.trimmed", "ID"))
	for _, f := range []domain.Field{domain.FieldClientSecret, domain.FieldPassword} {
		if e := tab.slots[domain.Sandbox].entries[f]; !e.Password {
			t.Errorf("%s is not masked", f)
		}
	}
}

// TestSavedReportClearsOnEdit: the "Saved." report goes as soon as the form is edited again
// (it stood beside "Unsaved changes"); a refusal stays until the next save.
func TestSavedReportClearsOnEdit(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode("C0001")
	tab := h.tab()
	h.typeSlot(domain.Sandbox, creds("1"))
	h.shortcut(fyne.KeyS, fyne.KeyModifierShortcutDefault)
	h.confirmLast(false) // "enable this setup?": not now
	oneLineHas(t, tab.report, i18n.T(i18n.EN, "gui.tab.saved"))
	test.Type(tab.tag, "X")
	if !visible(tab.unsaved) {
		t.Fatal("no unsaved marker after an edit")
	}
	if tab.report.Text != "" {
		t.Fatalf("the report of the last save stays beside Unsaved changes: %q", tab.report.Text)
	}
	setOneLine(tab.report, i18n.T(i18n.EN, "gui.tab.not_saved"), widget.DangerImportance)
	test.Type(tab.tag, "Y")
	oneLineHas(t, tab.report, i18n.T(i18n.EN, "gui.tab.not_saved"))
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
	oneLineHas(t, tab.report, i18n.T(i18n.EN, "gui.tab.not_saved"))
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
	h.confirmLast(false)
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
	h.confirmLast(false)
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

// TestSaveOffersEnable: saving a complete active slot of a setup that is not enabled offers
// "Enable this setup"; accepting enables it; "Not now" is not asked again this session; no
// offer when the setup is enabled or when only the other environment's slot is filled.
func TestSaveOffersEnable(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(2)
	h.selectCode("C0001")
	tab := h.tab()
	h.typeSlot(domain.Sandbox, creds("1"))
	h.ui.lastConfirm = nil
	test.Tap(tab.saveB)
	if h.ui.lastConfirm == nil {
		t.Fatal("no enable offer after saving a complete sandbox slot")
	}
	h.confirmLast(true)
	if st, _ := h.svc.SetupStatus(tab.company.ID); !st.Enabled || !tab.enable.Disabled() {
		t.Fatal("accepting the offer did not enable the setup")
	}
	if want := i18n.T(i18n.EN, "gui.status.own", "sandbox"); tab.status.Text != want {
		t.Fatalf("status %q", tab.status.Text)
	}
	// Enabled already: saving again asks nothing.
	test.Type(tab.tag, "T1")
	test.Tap(tab.saveB)
	if h.ui.lastConfirm != nil {
		t.Fatal("an enabled setup was offered to be enabled")
	}

	// Declined once: not asked again for that company in this session.
	h.selectCode("C0002")
	h.typeSlot(domain.Sandbox, creds("2"))
	test.Tap(tab.saveB)
	h.confirmLast(false)
	test.Type(tab.tag, "T2")
	test.Tap(tab.saveB)
	if h.ui.lastConfirm != nil {
		t.Fatal("asked again after Not now")
	}
	if st, _ := h.svc.SetupStatus(tab.company.ID); st.Enabled {
		t.Fatal("Not now enabled the setup")
	}

	// Only production filled while sandbox is active: nothing to offer (enable would be refused).
	h.selectCode(domain.DefaultCode)
	h.typeSlot(domain.Production, creds("d"))
	test.Tap(tab.saveB)
	if h.ui.lastConfirm != nil {
		t.Fatal("offered to enable a setup whose active slot is empty")
	}
}

// TestEnableRefusedWhenActiveSlotEmpty: the core's rule, seen from the window.
func TestEnableRefusedWhenActiveSlotEmpty(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode("C0001")
	tab := h.tab()
	before := tab.status.Text
	test.Tap(tab.enable)
	if h.ui.lastDialog == nil {
		t.Fatal("no message for a refused enable")
	}
	if st, _ := h.svc.SetupStatus(tab.company.ID); st.Enabled {
		t.Fatal("an empty setup was enabled")
	}
	if tab.status.Text != before || tab.enable.Disabled() {
		t.Fatal("the tab changed after a refused enable")
	}
	msg := h.ui.errText(h.svc.SetEnabled(tab.company.ID, true))
	if !strings.Contains(msg, "fill and save the sandbox credentials first") {
		t.Fatalf("message %q", msg)
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
		{"enabled with credentials", func() { h.typeSlot(domain.Sandbox, creds("1")); test.Tap(tab.saveB); h.confirmLast(true) },
			i18n.T(i18n.EN, "gui.status.own", sb)},
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

// TestActionsSayWhatTheyDo: the three actions carry an icon, a short label and a tooltip with
// their shortcut; on `*****` the tooltip speaks of the default company.
func TestActionsSayWhatTheyDo(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.selectCode(domain.DefaultCode)
	tab := h.tab()
	oneLineHas(t, tab.notice, "own Chorus Pro account")
	if want := i18n.T(i18n.EN, "gui.status.not_transferred", i18n.T(i18n.EN, "gui.reason.none_default")); tab.status.Text != want {
		t.Fatalf("***** status %q, want %q", tab.status.Text, want)
	}
	defTips := []string{tab.enable.ToolTip(), tab.disable.ToolTip(), tab.move.ToolTip()}
	for i, sc := range []string{shortcutEnable, shortcutDisable, shortcutMove} {
		if !strings.Contains(defTips[i], "default setup") || !strings.Contains(defTips[i], sc) {
			t.Errorf("***** tooltip %q lacks the default wording or %s", defTips[i], sc)
		}
	}
	h.selectCode("C0001")
	if tab.notice.Text != "" {
		t.Fatalf("the ***** warning shows on another company: %q", tab.notice.Text)
	}
	for i, b := range []struct {
		label, tip string
		icon       fyne.Resource
	}{{tab.actions.Label(0), tab.enable.ToolTip(), tab.enable.Icon}, {tab.actions.Label(1), tab.disable.ToolTip(), tab.disable.Icon},
		{tab.actions.Label(2), tab.move.ToolTip(), tab.move.Icon}} {
		if b.label == "" || b.icon == nil || !strings.Contains(b.tip, "C0001") || b.tip == defTips[i] {
			t.Errorf("action %d: label %q icon %v tooltip %q", i, b.label, b.icon != nil, b.tip)
		}
	}
	if !strings.HasPrefix(tab.enable.ToolTip(), "Enable C0001's own setup") {
		t.Fatalf("enable tooltip %q", tab.enable.ToolTip())
	}
	// Disabled actions say why.
	if !strings.HasSuffix(tab.disable.ToolTip(), "it is not enabled") || !strings.HasSuffix(tab.move.ToolTip(), "the setup is empty") {
		t.Fatalf("disabled actions' tooltips %q / %q", tab.disable.ToolTip(), tab.move.ToolTip())
	}
	// On a narrow window the labels give way to the icons; the tooltips stay.
	h.win.Resize(fyne.NewSize(700, 600))
	if !tab.actions.Collapsed() || tab.enable.Text != "" || tab.enable.ToolTip() == "" {
		t.Fatalf("at 700 px: collapsed %v, label %q", tab.actions.Collapsed(), tab.enable.Text)
	}
	h.win.Resize(DefaultWindowSize)
	if tab.actions.Collapsed() || tab.enable.Text != tab.actions.Label(0) {
		t.Fatal("the labels do not come back at the default size")
	}
}

// TestHeaderKeepsItsHeight: the header is as tall for `*****` (warning), for a company with a
// password-expiry warning and for a plain one, so the form never moves between tabs; and a
// new tab opens scrolled to the top.
func TestHeaderKeepsItsHeight(t *testing.T) {
	h := newHarness(t, true)
	cs := h.addCompanies(2)
	if _, err := h.svc.SaveSetup(cs[1].ID, domain.Setup{Sandbox: creds("2"), Expires: domain.Expiry{Sandbox: "2026-03-14"}}); err != nil {
		t.Fatal(err)
	}
	tab := h.tab()
	header := tab.body.(*fyne.Container).Objects[0]
	var heights []float32
	for _, code := range []string{domain.DefaultCode, "C0001", "C0002"} {
		h.selectCode(code)
		heights = append(heights, header.Size().Height)
	}
	if heights[0] != heights[1] || heights[1] != heights[2] || heights[0] == 0 {
		t.Fatalf("header heights %v", heights)
	}
	oneLineHas(t, tab.notice, "expires on 2026-03-14 (in 4 days)")
	// A short window: the pane scrolls; another tab opens at the top.
	h.win.Resize(fyne.NewSize(1000, 420))
	tab.scroll.ScrollToBottom()
	if tab.scroll.Offset.Y == 0 {
		t.Fatal("the pane does not scroll in a short window")
	}
	h.selectCode("C0001")
	if tab.scroll.Offset.Y != 0 {
		t.Fatalf("the new tab opened scrolled to %v", tab.scroll.Offset.Y)
	}
}

// TestPasswordExpiryInTheForm: the day is typed in the user's form (French here), stored as
// YYYY-MM-DD, shown back in that form; a malformed day is refused under its field.
func TestPasswordExpiryInTheForm(t *testing.T) {
	h := newHarness(t, true)
	h.ui.setLang(i18n.FR)
	h.addCompanies(1)
	h.selectCode("C0001")
	tab := h.tab()
	s := tab.slots[domain.Sandbox]
	if s.expires.PlaceHolder != "JJ/MM/AAAA" {
		t.Fatalf("placeholder %q", s.expires.PlaceHolder)
	}
	h.typeSlot(domain.Sandbox, creds("1"))
	test.Type(s.expires, "31/13/2026")
	test.Tap(tab.saveB)
	if !visible(s.expiresErr) || !strings.Contains(s.expiresErr.Text, "JJ/MM/AAAA") {
		t.Fatalf("no message under the malformed day: %q", s.expiresErr.Text)
	}
	if st, _ := h.svc.Setup(tab.company.ID); st.HasData() {
		t.Fatal("saved despite the malformed day")
	}
	s.expires.SetText("")
	test.Type(s.expires, "20/03/2026")
	test.Tap(tab.saveB)
	h.confirmLast(false)
	if st, _ := h.svc.Setup(tab.company.ID); st.Expires.Sandbox != "2026-03-20" {
		t.Fatalf("stored %+v", st.Expires)
	}
	if s.expires.Text != "20/03/2026" || tab.dirty() {
		t.Fatalf("shown back as %q (dirty %v)", s.expires.Text, tab.dirty())
	}
	// Ten days left: the header warns, in French, with the day count.
	oneLineHas(t, tab.notice, "expire le 20/03/2026 (dans 10\u00a0jours)")
	if st := h.ui.tabState(tab.company.ID); st.Alert != widgets.TabExpiresSoon || st.AlertTip == "" {
		t.Fatalf("tab state %+v", st)
	}
}

// TestLanguageSwitchKeepsTheExpiryDay: switching the language re-renders a saved expiry day
// in the new language's form and leaves the form clean; an edit in progress survives the
// switch with its day read in the language it was typed in.
func TestLanguageSwitchKeepsTheExpiryDay(t *testing.T) {
	h := newHarness(t, true)
	cs := h.addCompanies(1)
	if _, err := h.svc.SaveSetup(cs[0].ID, domain.Setup{Sandbox: creds("1"), Expires: domain.Expiry{Sandbox: "2027-03-01"}}); err != nil {
		t.Fatal(err)
	}
	h.selectCode("C0001")
	steps := []struct {
		lang i18n.Lang
		want string
	}{{i18n.FR, "01/03/2027"}, {i18n.EN, "2027-03-01"}, {i18n.FR, "01/03/2027"}}
	for _, st := range steps {
		h.ui.setLang(st.lang)
		tab := h.tab()
		if got := tab.slots[domain.Sandbox].expires.Text; got != st.want {
			t.Fatalf("%s: expiry shown as %q, want %q", st.lang, got, st.want)
		}
		if tab.dirty() || visible(tab.unsaved) {
			t.Fatalf("%s: the language switch marked the form unsaved", st.lang)
		}
	}
	// An edit in progress (French day typed), then English: kept, in English form.
	tab := h.tab()
	tab.slots[domain.Sandbox].expires.SetText("")
	test.Type(tab.slots[domain.Sandbox].expires, "15/04/2027")
	h.ui.setLang(i18n.EN)
	tab = h.tab()
	if got := tab.slots[domain.Sandbox].expires.Text; got != "2027-04-15" || !tab.dirty() {
		t.Fatalf("edit after the switch: %q (dirty %v)", got, tab.dirty())
	}
}
