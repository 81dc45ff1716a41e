package i18n

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
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

// plantPlural adds a plural message to both languages once per process.
var plantPlural = sync.OnceFunc(func() {
	for _, c := range []struct {
		lang       Lang
		one, other string
	}{
		{EN, "%d file added to %s", "%d files added to %s"},
		{FR, "%d fichier ajouté à %s", "%d fichiers ajoutés à %s"},
	} {
		if err := add(c.lang, "test", []*goi18n.Message{{ID: "test.plural", One: c.one, Other: c.other}}); err != nil {
			panic(err)
		}
	}
})

// TestPluralForms: the count picks the form by each language's rule (French says "0 fichier",
// English "0 files"), through T (its first integer argument) or N (the count named).
func TestPluralForms(t *testing.T) {
	plantPlural()
	for _, c := range []struct {
		lang  Lang
		n     int
		want  string
		wantN string
	}{
		{EN, 0, "0 files added to inbox", "0 files added to %s"},
		{EN, 1, "1 file added to inbox", "1 file added to %s"},
		{EN, 2, "2 files added to inbox", "2 files added to %s"},
		{FR, 0, "0 fichier ajouté à inbox", "0 fichier ajouté à %s"},
		{FR, 1, "1 fichier ajouté à inbox", "1 fichier ajouté à %s"},
		{FR, 2, "2 fichiers ajoutés à inbox", "2 fichiers ajoutés à %s"},
		{FR, 1000000, "1000000 fichiers ajoutés à inbox", "1000000 fichiers ajoutés à %s"},
	} {
		if got := T(c.lang, "test.plural", c.n, "inbox"); got != c.want {
			t.Errorf("T %s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
		if got := N(c.lang, "test.plural", c.n, c.n, "inbox"); got != c.want {
			t.Errorf("N %s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
		// N with no arguments passes the count alone (the %s is then left missing).
		if got := N(c.lang, "test.plural", c.n); !strings.HasPrefix(got, strings.SplitN(c.wantN, "%s", 2)[0]) {
			t.Errorf("N %s %d alone: %q", c.lang, c.n, got)
		}
	}
	// Without a count the "other" form is the message (as older callers expect).
	if got := T(FR, "test.plural"); got != "%d fichiers ajoutés à %s" {
		t.Errorf("T without arguments: %q", got)
	}
	if got := Errorf("test.plural", 1, "x").Localize(FR); got != "1 fichier ajouté à x" {
		t.Errorf("Error: %q", got)
	}
}

// TestLocalArgs: arguments that have a language of their own are rendered in the message's.
func TestLocalArgs(t *testing.T) {
	registerTestOnly()
	inner := Errorf("core.move.same")
	if got, want := T(FR, "test.only.en", inner), "hello "+T(FR, "core.move.same"); got != want {
		t.Errorf("a localized error inside a message: %q, want %q", got, want)
	}
	if got := T(FR, "test.only.en", 10*time.Minute); got != "hello 10"+NBSP+"minutes" {
		t.Errorf("a duration: %q", got)
	}
	if got := T(EN, "test.only.en", 90*time.Minute); got != "hello 1 h 30 min" {
		t.Errorf("a duration: %q", got)
	}
}

// TestRealPluralMessages: messages of the files that carry counts read right at 1 and 2.
func TestRealPluralMessages(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		key  string
		args []any
		want string
	}{
		{EN, "gui.transfers.added", []any{1}, "1 file added."},
		{EN, "gui.transfers.added", []any{3}, "3 files added."},
		{FR, "gui.transfers.added", []any{0}, "0 fichier ajouté."},
		{FR, "gui.transfers.added", []any{2}, "2 fichiers ajoutés."},
		{EN, "intake.watch.stale_claims", []any{1, "desk", "dir"}, "1 file claimed by desk, which no longer watches this folder, waits in dir: it may"},
		{FR, "intake.watch.stale_claims", []any{2, "poste", "dossier"}, "2 fichiers réservés par poste, qui ne surveille plus ce dossier, attendent dans dossier : ils ont"},
		{FR, "app.transfers.skipped", []any{1, "a.txt", "x"}, "1 écarté (a.txt : x)."},
		{FR, "app.transfers.skipped", []any{3, "a.txt", "x"}, "3 écartés (a.txt : x)."},
		{EN, "cli.restore.holds", []any{"b", "d", "sandbox", 1}, "Backup b, written d. Active environment: sandbox. 1 company:"},
		{EN, "cli.restore.done", []any{"b", 2, "1 setup"}, "Backup b restored: 2 companies, 1 setup."},
		{EN, "api.piste.rate_limited_after", []any{1}, "PISTE is limiting the number of sign-in requests. Try again in 1 second."},
		{FR, "api.diag.written", []any{"f", 1, 3}, "Diagnostic écrit dans f (1 échange avec l'API ; avertissements : 3)."},
		{FR, "engine.cli.summary", []any{1, 2, 0, 1, 3}, "1 déposée ; déjà déposées : 2 ; retenues : 0 ; refusées : 1 ; en échec : 3"},
		{FR, "engine.cli.summary", []any{2, 1, 1, 1, 1}, "2 déposées ; déjà déposées : 1 ;"},
		{EN, "engine.cli.listing_summary", []any{1, 1, 0, 0}, "1 invoice: 1 deposited by this app, 0 by hand"},
		{FR, "engine.cli.listing_summary", []any{3, 1, 1, 1}, "3 factures (déposées par cette application : 1 ; à la main sur le portail : 1 ;"},
		{EN, "engine.act.stalled", []any{1}, "Chorus Pro has not moved this for 1 day:"},
		{FR, "engine.act.stalled", []any{8}, "Chorus Pro n'a pas fait avancer cet envoi depuis 8 jours :"},
		{EN, "engine.reconcile.gave_up", []any{"F1", 1}, "invoice F1 was still not listed in Chorus Pro 1 hour after"},
		{FR, "engine.reconcile.gave_up", []any{"F1", 72}, "la facture F1 n'apparaissait toujours pas dans Chorus Pro 72 heures après"},
	} {
		if got := T(c.lang, c.key, c.args...); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %s %v: %q, want %q", c.lang, c.key, c.args, got, c.want)
		}
	}
}

// BenchmarkT measures rendering a message without and with plural forms.
func BenchmarkT(b *testing.B) {
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			_ = T(FR, "core.company.siret_taken", "12345678901234", "ACME")
		}
	})
	b.Run("plural", func(b *testing.B) {
		for b.Loop() {
			_ = T(FR, "gui.transfers.added", 3)
		}
	})
}
