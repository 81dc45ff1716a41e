package core

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// An enabled setup never becomes enabled-and-empty for the active environment by a save: the
// save that would empty its active slot is refused (exit 2, nothing written) with a message
// saying to disable it first or keep its credentials. The other slot, and a disabled setup, may
// be emptied freely.
func TestSaveKeepsTheActiveCredentialsOfAnEnabledSetup(t *testing.T) {
	full := domain.Setup{Sandbox: creds("s"), Production: creds("p")}
	with := func(st domain.Setup, f func(*domain.Setup)) domain.Setup { f(&st); return st }
	cases := []struct {
		name   string
		active domain.Env
		before domain.Setup // saved first (directly, with the flag as given)
		save   domain.Setup
		key    string // "" = saved
	}{
		{"enabled, active slot cleared", domain.Sandbox, with(full, func(s *domain.Setup) { s.Enabled = true }),
			with(full, func(s *domain.Setup) { s.Enabled = true; s.Sandbox = domain.Slot{} }), "domain.setup.enabled_empty.sandbox"},
		{"enabled, whole form emptied", domain.Sandbox, with(full, func(s *domain.Setup) { s.Enabled = true }),
			domain.Setup{Enabled: true}, "domain.setup.enabled_empty.sandbox"},
		{"enabled, spaces only (trimmed to empty)", domain.Sandbox, with(full, func(s *domain.Setup) { s.Enabled = true }),
			domain.Setup{Enabled: true, Sandbox: domain.Slot{ClientID: " ", ClientSecret: " ", Login: " ", Password: " "}},
			"domain.setup.enabled_empty.sandbox"},
		{"enabled in production, production cleared", domain.Production, with(full, func(s *domain.Setup) { s.Enabled = true }),
			with(full, func(s *domain.Setup) { s.Enabled = true; s.Production = domain.Slot{} }), "domain.setup.enabled_empty.production"},
		{"enabled, other slot cleared", domain.Sandbox, with(full, func(s *domain.Setup) { s.Enabled = true }),
			with(full, func(s *domain.Setup) { s.Enabled = true; s.Production = domain.Slot{} }), ""},
		{"enabled in production, sandbox cleared", domain.Production, with(full, func(s *domain.Setup) { s.Enabled = true }),
			with(full, func(s *domain.Setup) { s.Enabled = true; s.Sandbox = domain.Slot{} }), ""},
		{"enabled, credentials changed", domain.Sandbox, with(full, func(s *domain.Setup) { s.Enabled = true }),
			with(full, func(s *domain.Setup) { s.Enabled = true; s.Sandbox = creds("s2") }), ""},
		{"disabled, emptied", domain.Sandbox, full, domain.Setup{}, ""},
		{"enabled by a save without active credentials", domain.Sandbox, domain.Setup{},
			domain.Setup{Enabled: true, Production: creds("p")}, "domain.setup.enabled_empty.sandbox"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openService(t)
			co := mustAdd(t, s, "ACME")
			if _, err := s.SetActiveEnv(c.active, true); err != nil {
				t.Fatal(err)
			}
			if c.before.HasData() {
				if _, err := s.SaveSetup(co.ID, c.before); err != nil {
					t.Fatal(err)
				}
			}
			audit, _ := s.Audit()
			_, err := s.SaveSetup(co.ID, c.save)
			got, _ := s.Setup(co.ID)
			if c.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if ExitCode(err) != ExitUsage || !hasProblemKey(err, c.key) {
				t.Fatalf("err %v (exit %d), want a validation problem %s", err, ExitCode(err), c.key)
			}
			for _, lang := range i18n.Langs {
				if msg := i18n.Message(lang, err); !strings.Contains(msg, i18n.T(lang, c.key)) {
					t.Errorf("%s message %q", lang, msg)
				}
			}
			if got != c.before {
				t.Fatalf("a refused save changed the setup: %+v", got)
			}
			if after, _ := s.Audit(); len(after) != len(audit) {
				t.Fatal("a refused save was audited")
			}
		})
	}
}

// Switching the active environment lists the companies whose enabled setup has no credentials
// in the new one (`*****` first, then by code), refuses until confirmed (exit 2, nothing
// changed, nothing audited), and says it again once confirmed. Both faces call it.
func TestSwitchEnvNamesEnabledSetupsWithoutCredentials(t *testing.T) {
	s := openService(t)
	def := defaultCompany(t, s)
	setups := map[string]domain.Setup{
		"ACME":  {Enabled: true, Sandbox: creds("acme")},                                 // enabled, sandbox only
		"BETA":  {Enabled: true, Sandbox: creds("beta"), Production: creds("beta-prod")}, // enabled, both
		"GAMMA": {Sandbox: creds("gamma")},                                               // disabled
		"DELTA": {Enabled: true, Sandbox: creds("delta")},                                // enabled, sandbox only
	}
	ids := map[string]string{domain.DefaultCode: def.ID}
	for _, code := range []string{"DELTA", "ACME", "BETA", "GAMMA"} {
		ids[code] = mustAdd(t, s, code).ID
		if _, err := s.SaveSetup(ids[code], setups[code]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SaveSetup(def.ID, domain.Setup{Enabled: true, Sandbox: creds("def")}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name      string
		prepare   func(t *testing.T)
		to        domain.Env
		confirmed bool
		empty     []string
		refused   bool
		active    domain.Env // after the step
	}{
		{"unconfirmed, refused", nil, domain.Production, false, []string{domain.DefaultCode, "ACME", "DELTA"}, true, domain.Sandbox},
		{"to the active one: nothing to say", nil, domain.Sandbox, false, nil, false, domain.Sandbox},
		{"one left", func(t *testing.T) {
			for _, id := range []string{def.ID, ids["ACME"]} {
				if err := s.SetEnabled(id, false); err != nil {
					t.Fatal(err)
				}
			}
		}, domain.Production, false, []string{"DELTA"}, true, domain.Sandbox},
		{"confirmed", nil, domain.Production, true, []string{"DELTA"}, false, domain.Production},
		{"back: every enabled setup has sandbox credentials", nil, domain.Sandbox, false, nil, false, domain.Sandbox},
		{"none left", func(t *testing.T) {
			if err := s.SetEnabled(ids["DELTA"], false); err != nil {
				t.Fatal(err)
			}
		}, domain.Production, false, nil, false, domain.Production},
	}
	for _, st := range steps {
		if st.prepare != nil {
			st.prepare(t)
		}
		plan, err := s.PlanEnvSwitch(st.to)
		if err != nil || !slices.Equal(plan.Empty, st.empty) {
			t.Fatalf("%s: plan %v %v, want %v", st.name, plan.Empty, err, st.empty)
		}
		audit, _ := s.Audit()
		sw, err := s.SetActiveEnv(st.to, st.confirmed)
		var refusal *EnvSwitchError
		if refused := errors.As(err, &refusal); refused != st.refused || !st.refused && err != nil {
			t.Fatalf("%s: err %v, refused want %v", st.name, err, st.refused)
		}
		if !slices.Equal(sw.Empty, st.empty) {
			t.Fatalf("%s: report %v, want %v", st.name, sw.Empty, st.empty)
		}
		if env, _ := s.ActiveEnv(); env != st.active {
			t.Fatalf("%s: active %s, want %s", st.name, env, st.active)
		}
		after, _ := s.Audit()
		if switched := len(after) != len(audit); switched != (st.active != plan.From) {
			t.Fatalf("%s: audited %v", st.name, switched)
		}
		if st.refused && ExitCode(err) != ExitUsage {
			t.Fatalf("%s: exit %d", st.name, ExitCode(err))
		}
		for _, lang := range i18n.Langs {
			w := sw.Warning(lang)
			if (w == "") != (len(st.empty) == 0) {
				t.Fatalf("%s: %s warning %q", st.name, lang, w)
			}
			for _, code := range st.empty {
				if !strings.Contains(w, code) {
					t.Errorf("%s: %s warning %q does not name %s", st.name, lang, w, code)
				}
			}
			if st.refused && i18n.Message(lang, err) != w {
				t.Errorf("%s: %s refusal %q, want the warning", st.name, lang, i18n.Message(lang, err))
			}
		}
	}
}

// The warning's count picks its plural form in both languages.
func TestEnvSwitchWarningPlural(t *testing.T) {
	cases := []struct {
		lang  i18n.Lang
		empty []string
		want  string
	}{
		{i18n.EN, []string{"ACME"}, "1 enabled setup has no production credentials: ACME."},
		{i18n.EN, []string{"ACME", "BETA"}, "2 enabled setups have no production credentials: ACME, BETA."},
		{i18n.FR, []string{"ACME"}, "1 paramétrage activé n'a pas d'identifiants de production : ACME."},
		{i18n.FR, []string{"ACME", "BETA"}, "2 paramétrages activés n'ont pas d'identifiants de production : ACME, BETA."},
	}
	for _, c := range cases {
		w := EnvSwitch{From: domain.Sandbox, To: domain.Production, Empty: c.empty}.Warning(c.lang)
		if !strings.HasPrefix(w, c.want) {
			t.Errorf("%s %v: %q, want it to start with %q", c.lang, c.empty, w, c.want)
		}
	}
}
