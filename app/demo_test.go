package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"chorusdesk/demo"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// newDemoUI starts a real demo (emulator + core, cheap KDF) in a test window.
func newDemoUI(t *testing.T, lang i18n.Lang) (*UI, *demoWindow, *demo.Demo) {
	t.Helper()
	d, err := demo.Start(demo.Options{KDF: cheapKDF.KDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1100, 740))
	u, dw := startDemoUI(a, w, d, Options{
		Lang:     lang,
		RunAsync: func(f func()) { f() },
		NewTimer: func(time.Duration, func()) Timer { return &fakeTimer{} },
	})
	return u, dw, d
}

// bannerShown reports whether the banner is laid out at the top of the window's real content.
func bannerShown(dw *demoWindow) bool {
	c, ok := dw.Window.Content().(*fyne.Container)
	if !ok {
		return false
	}
	for _, o := range c.Objects {
		if o == dw.banner.content {
			return o.Visible() && o.Position().Y == 0 && o.Size().Height > 0 && o.Size().Width > 0
		}
	}
	return false
}

func TestDemoOpensUnlockedWithBannerAndCompanies(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
		t.Run(string(lang), func(t *testing.T) {
			u, dw, d := newDemoUI(t, lang)
			if u.main == nil || u.unlock != nil {
				t.Fatal("the demo did not open on the unlocked main screen")
			}
			if !bannerShown(dw) {
				t.Fatal("DEMO banner not in the window")
			}
			want := i18n.T(lang, "demo.banner")
			if dw.banner.text.Text != want {
				t.Errorf("banner %q, want %q", dw.banner.text.Text, want)
			}
			if !strings.Contains(dw.banner.inbox.Text, d.Inbox) {
				t.Errorf("banner %q does not name the inbox %s", dw.banner.inbox.Text, d.Inbox)
			}
			if dw.banner.unlock.Visible() {
				t.Error("unlock button shown while unlocked")
			}
			if got := u.main.tab.company.Code; got != demo.Companies[0].Code {
				t.Errorf("opened on company %q, want %q", got, demo.Companies[0].Code)
			}
			title := dw.Window.Title()
			if !strings.HasPrefix(title, i18n.T(lang, "demo.title")+" — ") {
				t.Errorf("title %q does not start with the demo marker", title)
			}
			var codes []string
			for _, it := range u.main.companies.list.Items() {
				codes = append(codes, u.main.companies.byID[it.ID].Code)
			}
			for _, c := range append([]string{domain.DefaultCode}, "ACME", "BETA", "GAMMA") {
				if !contains(codes, c) {
					t.Errorf("company %s not listed (%v)", c, codes)
				}
			}
		})
	}
}

// After a lock the banner stays, and its button unlocks with the hidden password.
func TestDemoLockKeepsBannerAndUnlocksAgain(t *testing.T) {
	u, dw, d := newDemoUI(t, i18n.EN)
	u.lockNow()
	if d.Service.Unlocked() || u.unlock == nil {
		t.Fatal("lock did not lock")
	}
	if !bannerShown(dw) || !dw.banner.unlock.Visible() {
		t.Fatal("locked demo lacks the banner or its unlock button")
	}
	test.Tap(dw.banner.unlock)
	if !d.Service.Unlocked() || u.main == nil {
		t.Fatal("the banner's button did not unlock the demo")
	}
	if dw.banner.unlock.Visible() {
		t.Error("unlock button still shown after unlocking")
	}
}

func TestUnlockFromEnv(t *testing.T) {
	tests := []struct {
		name     string
		set      bool
		value    string
		unlocked bool
		message  bool // an error is shown under the button
	}{
		{"unset", false, "", false, false},
		{"right", true, testPassword, true, false},
		{"wrong", true, "not the password", false, true},
		{"empty", true, "", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true)
			h.ui.lockNow()
			if tc.set {
				t.Setenv(passwordEnv, tc.value)
			}
			h.ui.unlockFromEnv()
			if _, still := os.LookupEnv(passwordEnv); still {
				t.Error("the password variable is still in the environment")
			}
			if got := h.svc.Unlocked(); got != tc.unlocked {
				t.Fatalf("unlocked = %v, want %v", got, tc.unlocked)
			}
			if tc.unlocked {
				if h.ui.main == nil {
					t.Error("main screen not shown")
				}
				return
			}
			if s := h.ui.unlock; s == nil || s.password.Text != "" || (s.message.Text != "") != tc.message {
				t.Errorf("unlock screen state wrong (message %q)", s.message.Text)
			}
		})
	}
}

// A first run (no vault) is never created from the environment.
func TestUnlockFromEnvNeverCreatesAVault(t *testing.T) {
	h := newHarness(t, false)
	t.Setenv(passwordEnv, testPassword)
	h.ui.unlockFromEnv()
	if h.svc.HasVault() {
		t.Fatal("a vault was created from CHORUSDESK_PASSWORD")
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// The demo's first company passes the real Test (conntest against the in-process emulator),
// which is what a new user tries first.
func TestDemoTestButtonPassesAgainstTheEmulator(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
		t.Run(string(lang), func(t *testing.T) {
			u, _, _ := newDemoUI(t, lang)
			p := u.main.tab.test
			test.Tap(u.main.tab.slots[u.main.env].testB)
			if p.running {
				t.Fatal("the Test is still running after a synchronous run")
			}
			if got, want := p.verdict.Text, i18n.T(lang, "gui.test.ok"); got != want {
				t.Errorf("verdict %q, want %q", got, want)
			}
		})
	}
}
