package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

func TestFirstRunCreatesVault(t *testing.T) {
	h := newHarness(t, false)
	s := h.ui.unlock
	if s == nil || !s.creating {
		t.Fatal("first run must show the create-vault screen")
	}
	if !visible(s.warning) || s.warning.Text != i18n.T(i18n.EN, "gui.unlock.warning") {
		t.Fatalf("the lost-password warning is missing: %q", s.warning.Text)
	}
	cases := []struct {
		name, pw, again, wantMsg string
	}{
		{"too short", "short", "short", i18n.T(i18n.EN, "setupui.password.short", domain.MinMasterPasswordLen)},
		// Long enough but rated weak: refused, as the command line refuses it (one policy).
		{"weak", "password1234", "password1234", i18n.T(i18n.EN, "setupui.password.weak")},
		{"mismatch", testPassword, testPassword + "x", i18n.T(i18n.EN, "gui.unlock.mismatch")},
	}
	for _, c := range cases {
		s.password.SetText("")
		s.confirm.SetText("")
		test.Type(s.password, c.pw)
		test.Type(s.confirm, c.again)
		test.Tap(s.submit)
		if s.message.Text != c.wantMsg {
			t.Fatalf("%s: message %q, want %q", c.name, s.message.Text, c.wantMsg)
		}
		if h.svc.HasVault() {
			t.Fatalf("%s: a vault was created", c.name)
		}
	}
	s.password.SetText("")
	s.confirm.SetText("")
	test.Type(s.password, testPassword)
	test.Type(s.confirm, testPassword)
	test.Tap(s.submit)
	if !h.svc.HasVault() || !h.svc.Unlocked() {
		t.Fatal("the vault was not created and unlocked")
	}
	if h.ui.main == nil || h.ui.unlock != nil {
		t.Fatal("the main window is not shown after creating the vault")
	}
	items := h.ui.main.companies.list.Items()
	if len(items) != 1 || items[0].Label[:5] != "*****" {
		t.Fatalf("companies after init: %+v", items)
	}
	if s.password.Text != "" || s.confirm.Text != "" {
		t.Fatal("the password entries were not cleared")
	}
	// A new vault opens on the first-run guide.
	if g := h.ui.main.guide; g == nil || len(g.steps) != 5 || g.steps[1].done {
		t.Fatalf("first-run guide %+v", g)
	}
}

// TestPasswordStrengthHint: the hint under the new master password rates with the policy's
// own estimate, so it never calls acceptable a password the window then refuses, nor the
// other way round.
func TestPasswordStrengthHint(t *testing.T) {
	h := newHarness(t, false)
	cases := []struct{ pw, key string }{
		{"", "gui.strength.empty"},
		{"abc", "gui.strength.short"},
		{"aaaaaaaaaaaa", "gui.strength.weak"},
		{"password1234", "gui.strength.weak"},
		{"Aaaaaaaaaa1!", "gui.strength.weak"},
		{"motdepasse2026", "gui.strength.weak"},
		{"correct horse battery staple", "gui.strength.strong"},
	}
	for _, c := range cases {
		h.ui.unlock.password.SetText(c.pw)
		want := i18n.T(i18n.EN, c.key)
		if c.key == "gui.strength.short" {
			want = i18n.T(i18n.EN, c.key, domain.MinMasterPasswordLen)
		}
		if got := h.ui.unlock.strength.label.Text; got != want {
			t.Errorf("%q: hint %q, want %q", c.pw, got, want)
		}
		danger := h.ui.unlock.strength.label.Importance == widget.DangerImportance
		if refused := domain.CheckMasterPassword([]byte(c.pw)) != nil; c.pw != "" && refused != danger {
			t.Errorf("%q: policy refuses=%v but the hint is red=%v", c.pw, refused, danger)
		}
	}
}

func TestUnlockWrongThenRight(t *testing.T) {
	h := newHarness(t, true)
	h.ui.lock()
	if h.svc.Unlocked() {
		t.Fatal("lock left the vault open")
	}
	s := h.ui.unlock
	if s == nil || s.creating {
		t.Fatal("an existing vault must show the unlock screen")
	}
	test.Type(s.password, "not the password")
	test.Tap(s.submit)
	if want := i18n.T(i18n.EN, "gui.err.wrong_password"); s.message.Text != want {
		t.Fatalf("wrong password message %q, want %q", s.message.Text, want)
	}
	if h.svc.Unlocked() || h.ui.main != nil {
		t.Fatal("a wrong password opened the vault")
	}
	if s.password.Text != "" {
		t.Fatal("the wrong password stays in the entry")
	}
	test.Type(s.password, testPassword)
	test.Tap(s.submit)
	if !h.svc.Unlocked() || h.ui.main == nil {
		t.Fatal("the right password did not unlock")
	}
}
