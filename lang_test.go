package main

import (
	"testing"

	"chorusdesk/i18n"
)

func TestLangOfMessagesBeforeTheWindow(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		ui   []string
		want i18n.Lang
	}{
		{"French Windows, no locale variables", nil, []string{"fr-FR", "en-US"}, i18n.FR},
		{"Canadian French", nil, []string{"fr-CA"}, i18n.FR},
		{"English Windows", nil, []string{"en-GB", "fr-FR"}, i18n.EN},
		{"nothing known", nil, nil, i18n.EN},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := langOf(func(k string) string { return c.env[k] }, c.ui); got != c.want {
				t.Fatalf("langOf = %v, want %v", got, c.want)
			}
		})
	}
	// A locale variable wins over the display languages (read through i18n.FromEnv).
	t.Setenv("LC_ALL", "fr_FR.UTF-8")
	if got := langOf(func(k string) string { return map[string]string{"LC_ALL": "fr_FR.UTF-8"}[k] }, []string{"en-US"}); got != i18n.FR {
		t.Fatalf("with LC_ALL=fr_FR: %v, want FR", got)
	}
}
