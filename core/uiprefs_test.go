package core

import (
	"errors"
	"testing"

	"chorusdesk/i18n"
)

// TestUIPrefs: the window's choices live in the vault, survive a reopen, are readable while
// locked (the unlock screen needs the language and theme) and writable only when unlocked.
func TestUIPrefs(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if p, err := s.UIPrefs(); err != nil || p != (UIPrefs{}) {
		t.Fatalf("fresh directory: %+v %v", p, err)
	}
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	steps := []func() error{
		func() error { return s.SetUILang(i18n.FR) },
		func() error { return s.SetUITheme(ThemeDark) },
		func() error { return s.SetInboxFolder("/srv/erp/out") },
		func() error { return s.SetGuideDismissed(true) },
		func() error { return s.SetExpiryNotified("2026-03-04") },
	}
	for i, f := range steps {
		if err := f(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	want := UIPrefs{Lang: i18n.FR, Theme: ThemeDark, Inbox: "/srv/erp/out", GuideDismissed: true, ExpiryNotified: "2026-03-04"}
	if a := lastAudit(t, s); a.Action != ActionInbox || a.Detail != "inbox folder (none) → /srv/erp/out" {
		t.Fatalf("inbox change audited as %+v", a)
	}
	s.Lock()
	if p, err := s.UIPrefs(); err != nil || p != want {
		t.Fatalf("locked read: %+v %v, want %+v", p, err, want)
	}
	if err := s.SetUITheme(ThemeLight); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked write: %v", err)
	}
	s.Close()
	s2 := openDir(t, dir)
	if p, err := s2.UIPrefs(); err != nil || p != want {
		t.Fatalf("after reopen: %+v %v", p, err)
	}
	if err := s2.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []func() error{
		func() error { return s2.SetUILang("de") },
		func() error { return s2.SetUITheme("blue") },
	} {
		if err := bad(); err == nil {
			t.Fatal("an unknown value was accepted")
		} else {
			problemsOf(t, err)
		}
	}
	if err := s2.SetInboxFolder(""); err != nil {
		t.Fatal(err)
	}
	if err := s2.SetGuideDismissed(false); err != nil {
		t.Fatal(err)
	}
	if p, _ := s2.UIPrefs(); p.Inbox != "" || p.GuideDismissed {
		t.Fatalf("cleared: %+v", p)
	}
}
