package domain

import (
	"slices"
	"testing"

	"chorusdesk/i18n"
)

func TestCheckEnabledKeepsCredentials(t *testing.T) {
	full := Slot{ClientID: "a", ClientSecret: "b", Login: "c", Password: "d"}
	cases := []struct {
		name string
		st   Setup
		env  Env
		key  string // "" = accepted
	}{
		{"enabled, active filled", Setup{Enabled: true, Sandbox: full}, Sandbox, ""},
		{"enabled, active empty", Setup{Enabled: true, Production: full}, Sandbox, "domain.setup.enabled_empty.sandbox"},
		{"enabled in production, production empty", Setup{Enabled: true, Sandbox: full}, Production, "domain.setup.enabled_empty.production"},
		{"disabled, empty", Setup{}, Sandbox, ""},
		{"disabled, active empty", Setup{Production: full}, Sandbox, ""},
	}
	for _, c := range cases {
		err := CheckEnabledKeepsCredentials(c.st, c.env)
		if c.key == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if ie, ok := err.(*i18n.Error); !ok || ie.Key != c.key {
			t.Errorf("%s: %v, want %s", c.name, err, c.key)
		}
	}
}

func TestEnabledWithoutCredentials(t *testing.T) {
	full := Slot{ClientID: "a", ClientSecret: "b", Login: "c", Password: "d"}
	cs := []Company{{ID: "0", Code: DefaultCode}, {ID: "1", Code: "ACME"}, {ID: "2", Code: "BETA"}, {ID: "3", Code: "GAMMA"}}
	setups := map[string]Setup{
		"0": {Enabled: true, Sandbox: full},
		"1": {Enabled: true, Sandbox: full, Production: full},
		"2": {Sandbox: full},
		"3": {Enabled: true, Production: full},
	}
	for _, c := range []struct {
		env  Env
		want []string
	}{
		{Production, []string{DefaultCode}},
		{Sandbox, []string{"GAMMA"}},
	} {
		if got := EnabledWithoutCredentials(cs, setups, c.env); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.env, got, c.want)
		}
	}
}
