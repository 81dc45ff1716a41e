package i18n

import (
	"strings"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestFyneTranslations: the file for Fyne holds Fyne's words and Chorus Desk's messages in the
// language asked, every Fyne word translated in French, and no Chorus Desk key shadows a
// Fyne one.
func TestFyneTranslations(t *testing.T) {
	fyneKeys := FyneKeys()
	if len(fyneKeys) < 30 {
		t.Fatalf("only %d Fyne words", len(fyneKeys))
	}
	for _, k := range fyneKeys {
		if Source(EN, k) != "" {
			t.Errorf("Chorus Desk key %q shadows a word of Fyne", k)
		}
	}
	for _, c := range []struct {
		lang                 Lang
		cancel, open, monday string
	}{
		{EN, "Cancel", "Open", "Monday"},
		{FR, "Annuler", "Ouvrir", "lundi"},
	} {
		b, err := FyneTranslations(c.lang)
		if err != nil {
			t.Fatal(err)
		}
		mf, err := goi18n.ParseMessageFileBytes(b, string(c.lang)+".json", nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, m := range mf.Messages {
			got[m.ID] = m.Other
		}
		if got["Cancel"] != c.cancel || got["Open"] != c.open || got["monday"] != c.monday {
			t.Errorf("%s: Cancel=%q Open=%q monday=%q", c.lang, got["Cancel"], got["Open"], got["monday"])
		}
		if got["core.move.same"] != T(c.lang, "core.move.same") {
			t.Errorf("%s: Chorus Desk's messages missing", c.lang)
		}
		if c.lang == FR {
			en, _ := fyneWords(EN)
			fr, _ := fyneWords(FR)
			for k, m := range en {
				if f := fr[k]; f == nil || (f.Other == m.Other && !strings.EqualFold(k, "OK") && k != "file.parent") {
					t.Errorf("Fyne word %q has no French", k)
				}
			}
		}
	}
}
