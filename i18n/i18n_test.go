package i18n

import (
	"regexp"
	"slices"
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

var argIndex = regexp.MustCompile(`\[\d+\]`)

func verbs(s string) []string {
	out := verbRe.FindAllString(s, -1)
	for i, v := range out {
		out[i] = argIndex.ReplaceAllString(v, "") // a translation may reorder: %[2]s is a %s
	}
	sort.Strings(out)
	return out
}

// TestCatalogsComplete proves every message exists in both languages with the same arguments,
// so no user ever meets an untranslated key or a "%!s(MISSING)": the same keys, the same
// verbs in every form, and the plural forms ("one" and "other") in both languages when either
// has them. No text is a Go template: the message files are printf templates, and Fyne,
// which reads the same files, would execute a {{ }}.
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
		fe, ff := Forms(EN, k), Forms(FR, k)
		if (len(fe) > 1 || len(ff) > 1) && (fe["one"] == "" || ff["one"] == "" || fe["other"] == "" || ff["other"] == "") {
			t.Errorf("key %q: a plural message needs \"one\" and \"other\" in both languages (en %v, fr %v)", k, keysOf(fe), keysOf(ff))
		}
		want := verbs(fe["other"])
		for lang, fs := range map[Lang]map[string]string{EN: fe, FR: ff} {
			for form, text := range fs {
				if v := verbs(text); !slices.Equal(v, want) {
					t.Errorf("key %q: English has verbs %v, %s %q has %v", k, want, lang, form, v)
				}
				if strings.Contains(text, "{{") {
					t.Errorf("key %q (%s): a message is a printf template, not a Go template", k, lang)
				}
			}
		}
	}
	for k := range fr {
		if !en[k] {
			t.Errorf("key %q has no English text", k)
		}
	}
}

func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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
