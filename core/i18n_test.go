package core

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Every "core." key used in this package's code has an English and a French text with the
// same format verbs.
func TestCoreMessagesInBothLanguages(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`"(core\.[a-z_.]+)"`)
	verbRE := regexp.MustCompile(`%[a-z]`)
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
		}
	}
	if len(used) < 10 {
		t.Fatalf("found only %d keys: the scan is broken", len(used))
	}
	registered := map[i18n.Lang]map[string]bool{}
	for _, l := range []i18n.Lang{i18n.EN, i18n.FR} {
		registered[l] = map[string]bool{}
		for _, k := range i18n.Keys(l) {
			registered[l][k] = true
		}
	}
	for k := range used {
		for _, l := range []i18n.Lang{i18n.EN, i18n.FR} {
			if !registered[l][k] {
				t.Errorf("%s has no %s text", k, l)
			}
		}
		en, fr := i18n.T(i18n.EN, k), i18n.T(i18n.FR, k)
		if strings.Join(verbRE.FindAllString(en, -1), "") != strings.Join(verbRE.FindAllString(fr, -1), "") {
			t.Errorf("%s: format verbs differ between %q and %q", k, en, fr)
		}
	}
}

func TestValidationErrorLocalizes(t *testing.T) {
	s := openService(t)
	_, err := s.AddCompany("", "", "")
	ve := problemsOf(t, err)
	if len(ve) != 2 {
		t.Fatalf("problems %+v", ve)
	}
	en, fr := i18n.Message(i18n.EN, err), i18n.Message(i18n.FR, err)
	if en != err.Error() || fr == en || !strings.Contains(fr, "plusieurs champs") {
		t.Fatalf("EN %q / FR %q", en, fr)
	}
	a := mustAdd(t, s, "A")
	_, err = s.SaveSetup(a.ID, domain.Setup{Tag: "bad tag"})
	if msg := i18n.Message(i18n.FR, err); msg == err.Error() {
		t.Fatalf("single problem not translated: %q", msg)
	}
}
