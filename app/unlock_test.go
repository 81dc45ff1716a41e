package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

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
		{"too short", "short", "short", i18n.T(i18n.EN, "gui.unlock.too_short", minPasswordLen)},
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
}

func TestPasswordStrengthHint(t *testing.T) {
	h := newHarness(t, false)
	cases := []struct{ pw, key string }{
		{"", "gui.strength.empty"},
		{"abc", "gui.strength.short"},
		{"aaaaaaaaaaaa", "gui.strength.weak"},
		{"Aaaaaaaaaaa1", "gui.strength.fair"},
		{"Aaaaaaaaaa1!", "gui.strength.strong"},
		{"correct horse battery staple", "gui.strength.strong"},
	}
	for _, c := range cases {
		h.ui.unlock.password.SetText(c.pw)
		want := i18n.T(i18n.EN, c.key)
		if c.key == "gui.strength.short" {
			want = i18n.T(i18n.EN, c.key, minPasswordLen)
		}
		if got := h.ui.unlock.strength.Text; got != want {
			t.Errorf("%q: hint %q, want %q", c.pw, got, want)
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
