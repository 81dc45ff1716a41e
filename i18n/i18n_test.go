package i18n

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// registerTestOnly adds an English-only key once per process (tests may run with -count=N).
var registerTestOnly = sync.OnceFunc(func() {
	Register(EN, map[string]string{"test.only.en": "hello %s"})
})

// verbs extracts the fmt verbs of a template, in order ("%s", "%d", "%[1]s", ...).
var verbRe = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[vTtbcdoOqxXUeEfFgGsp]`)

func verbs(s string) []string {
	out := verbRe.FindAllString(s, -1)
	sort.Strings(out)
	return out
}

// TestCatalogsComplete proves every message exists in both languages with the same arguments,
// so no user ever meets an untranslated key or a "%!s(MISSING)".
func TestCatalogsComplete(t *testing.T) {
	en, fr := map[string]bool{}, map[string]bool{}
	for _, k := range Keys(EN) {
		if !strings.HasPrefix(k, "test.") { // keys the tests below plant on purpose
			en[k] = true
		}
	}
	for _, k := range Keys(FR) {
		fr[k] = true
	}
	if len(en) == 0 {
		t.Fatal("no English messages registered")
	}
	for k := range en {
		if !fr[k] {
			t.Errorf("key %q has no French text", k)
			continue
		}
		ve, vf := verbs(T(EN, k)), verbs(T(FR, k))
		if len(ve) != len(vf) {
			t.Errorf("key %q: English has verbs %v, French %v", k, ve, vf)
		}
	}
	for k := range fr {
		if !en[k] {
			t.Errorf("key %q has no English text", k)
		}
	}
}

func TestTFallsBack(t *testing.T) {
	registerTestOnly()
	if got := T(FR, "test.only.en", "x"); got != "hello x" {
		t.Fatalf("fallback to English: got %q", got)
	}
	if got := T(EN, "test.unknown"); got != "test.unknown" {
		t.Fatalf("unknown key: got %q", got)
	}
	e := Errorf("test.only.en", "y")
	if e.Error() != "hello y" || Message(FR, e) != "hello y" {
		t.Fatalf("Error rendering: %q", e.Error())
	}
}

func TestFromEnv(t *testing.T) {
	for _, c := range []struct {
		lcAll, lang string
		want        Lang
	}{
		{"", "fr_FR.UTF-8", FR},
		{"", "en_US.UTF-8", EN},
		{"fr_CA.UTF-8", "en_US.UTF-8", FR},
		{"C", "fr_FR.UTF-8", EN},
	} {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		if got := FromEnv(); got != c.want {
			t.Errorf("LC_ALL=%q LANG=%q: got %s, want %s", c.lcAll, c.lang, got, c.want)
		}
	}
}
