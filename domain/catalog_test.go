package domain

import (
	"slices"
	"strings"
	"testing"

	"chorusdesk/i18n"
)

// TestCatalogComplete checks the English and French domain catalogs hold the same keys with
// the same fmt verbs, so no message falls back to English or loses an argument.
func TestCatalogComplete(t *testing.T) {
	domainKeys := func(l i18n.Lang) []string {
		var out []string
		for _, k := range i18n.Keys(l) {
			if strings.HasPrefix(k, "domain.") {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}
	en, fr := domainKeys(i18n.EN), domainKeys(i18n.FR)
	if !slices.Equal(en, fr) {
		t.Fatalf("EN and FR domain keys differ:\nEN %v\nFR %v", en, fr)
	}
	if len(en) < 50 {
		t.Fatalf("only %d domain keys", len(en))
	}
	verbs := func(s string) string {
		var v []string
		for i := 0; i < len(s)-1; i++ {
			if s[i] == '%' {
				v = append(v, s[i:i+2])
				i++
			}
		}
		return strings.Join(v, "")
	}
	for _, k := range en {
		e, f := i18n.T(i18n.EN, k), i18n.T(i18n.FR, k)
		if verbs(e) != verbs(f) {
			t.Errorf("%s: verbs differ: %q vs %q", k, e, f)
		}
		if strings.Contains(e, "{") || strings.Contains(f, "{") {
			t.Errorf("%s: unfilled label placeholder", k)
		}
	}
}
