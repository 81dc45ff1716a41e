package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// The window asks the core the same things as the command line: its confirmation of a switch
// of the active environment names the enabled setups the switch leaves without credentials,
// and a save that would empty the active slot of an enabled setup is refused with what to do.
func TestEnabledSetupsKeepTheirActiveCredentials(t *testing.T) {
	h := newHarness(t, true)
	cs := h.addCompanies(2)
	saveSetup(t, h, "C0001", domain.Setup{Enabled: true, Sandbox: creds("1")})
	saveSetup(t, h, "C0002", domain.Setup{Enabled: true, Sandbox: creds("2"), Production: creds("2p")})
	h.ui.reloadCompanies(cs[0].ID)

	warning := func(env domain.Env, codes ...string) string {
		return i18n.T(i18n.EN, "core.env.empty_after."+string(env), len(codes), strings.Join(codes, ", "))
	}
	steps := []struct {
		name    string
		act     func()
		confirm bool
		text    string // in the confirmation ("" = no confirmation expected to hold a warning)
		notText string
		env     domain.Env // active afterwards
	}{
		{"switch asked, cancelled", h.ui.askSwitchEnv, false, warning(domain.Production, "C0001"), "C0002", domain.Sandbox},
		{"switch confirmed", h.ui.askSwitchEnv, true, warning(domain.Production, "C0001"), "C0002", domain.Production},
		{"back: nothing to warn about", h.ui.askSwitchEnv, true, "", "C0001", domain.Sandbox},
	}
	for _, s := range steps {
		s.act()
		d := h.ui.lastConfirm
		if d == nil {
			t.Fatalf("%s: no confirmation", s.name)
		}
		if s.text != "" && !strings.Contains(d.message.Text, s.text) {
			t.Errorf("%s: confirmation %q lacks %q", s.name, d.message.Text, s.text)
		}
		if strings.Contains(d.message.Text, s.notText) {
			t.Errorf("%s: confirmation %q names %s", s.name, d.message.Text, s.notText)
		}
		h.confirmLast(s.confirm)
		if env, _ := h.svc.ActiveEnv(); env != s.env || h.ui.main.env != s.env {
			t.Fatalf("%s: active %s (window %s), want %s", s.name, env, h.ui.main.env, s.env)
		}
	}

	// Emptying the form of C0001 (enabled, sandbox active) and saving: refused, said in the
	// report line, nothing saved, the unsaved marker kept.
	h.typeSlot(domain.Sandbox, domain.Slot{})
	test.Tap(h.tab().saveB)
	oneLineHas(t, h.tab().report, i18n.T(i18n.EN, "domain.setup.enabled_empty.sandbox"))
	if st, _ := h.svc.Setup(cs[0].ID); st.Sandbox != creds("1") || !st.Enabled {
		t.Fatalf("the emptied form was saved: %+v", st.Enabled)
	}
	if !visible(h.tab().unsaved) {
		t.Fatal("a refused save lost the unsaved marker")
	}
	// Disabled first, the same save goes through.
	h.tab().revert()
	h.tab().setEnabled(false)
	h.typeSlot(domain.Sandbox, domain.Slot{})
	test.Tap(h.tab().saveB)
	if st, _ := h.svc.Setup(cs[0].ID); !st.Sandbox.IsEmpty() || st.Enabled {
		t.Fatalf("the disabled setup was not emptied: %+v", st.Enabled)
	}
}
