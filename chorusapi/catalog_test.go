package chorusapi

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"chorusdesk/i18n"
)

var verb = regexp.MustCompile(`%[dsvq]`)

// TestCatalogComplete: every kind has a message in both languages, and every "api." key has the
// same format verbs in English and French.
func TestCatalogComplete(t *testing.T) {
	en, fr := i18n.Keys(i18n.EN), i18n.Keys(i18n.FR)
	for _, k := range Kinds {
		key := "api." + string(k)
		if !slices.Contains(en, key) || !slices.Contains(fr, key) {
			t.Errorf("%s missing in a language", key)
		}
	}
	n := 0
	for _, key := range en {
		if !strings.HasPrefix(key, "api.") {
			continue
		}
		n++
		if !slices.Contains(fr, key) {
			t.Errorf("%s has no French text", key)
			continue
		}
		e, f := i18n.T(i18n.EN, key), i18n.T(i18n.FR, key)
		if !slices.Equal(verb.FindAllString(e, -1), verb.FindAllString(f, -1)) {
			t.Errorf("%s: verbs differ between %q and %q", key, e, f)
		}
	}
	if n < len(Kinds) {
		t.Fatalf("only %d api.* keys", n)
	}
}
