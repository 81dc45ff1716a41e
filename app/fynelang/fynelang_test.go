package fynelang

import (
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/i18n"
)

// buttonTexts are the texts of the buttons of the dialog on top of w's canvas.
func buttonTexts(t *testing.T, w fyne.Window) []string {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	var out []string
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text != "" {
			out = append(out, b.Text)
		}
	}
	sort.Strings(out)
	return out
}

// TestFileDialogFollowsChosenLanguage: Fyne's file dialog and confirm dialog speak the
// language chosen in Chorus Desk, back and forth, whatever the system's locale says
// (English, French, a language Fyne has its own words for, one it has none for, none at all,
// a list of several).
func TestFileDialogFollowsChosenLanguage(t *testing.T) {
	test.NewTempApp(t)
	want := map[i18n.Lang]struct{ file, confirm []string }{
		i18n.EN: {[]string{"Cancel", "Open"}, []string{"No", "Yes"}},
		i18n.FR: {[]string{"Annuler", "Ouvrir"}, []string{"Non", "Oui"}},
	}
	for _, sys := range []struct{ name, lang, language string }{
		{"English system", "en_US.UTF-8", ""},
		{"French system", "fr_FR.UTF-8", ""},
		{"German system", "de_DE.UTF-8", ""},
		{"Japanese system", "ja_JP.UTF-8", ""},
		{"C locale", "C", ""},
		{"several languages", "pt_BR.UTF-8", "pt_BR:de:fr"},
	} {
		t.Run(sys.name, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", sys.lang)
			t.Setenv("LANGUAGE", sys.language)
			for _, l := range []i18n.Lang{i18n.FR, i18n.EN, i18n.FR, i18n.EN} {
				if err := Use(l); err != nil {
					t.Fatalf("Use(%s): %v", l, err)
				}
				if Current() != l {
					t.Fatalf("Current() = %s, want %s", Current(), l)
				}
				w := test.NewTempWindow(t, widget.NewLabel(""))
				w.Resize(fyne.NewSize(900, 700))
				d := dialog.NewFileOpen(func(fyne.URIReadCloser, error) {}, w)
				d.Show()
				// The file dialog's other buttons are the folder path ("/", "root").
				if got := buttonTexts(t, w); !hasAll(got, want[l].file) || hasAny(got, want[other(l)].file) {
					t.Errorf("%s: file dialog buttons %v, want %v", l, got, want[l].file)
				}
				d.Hide()
				c := dialog.NewConfirm("?", "?", func(bool) {}, w)
				c.Show()
				if got := buttonTexts(t, w); !slices.Equal(got, want[l].confirm) {
					t.Errorf("%s: confirm dialog buttons %v, want %v", l, got, want[l].confirm)
				}
				c.Hide()
				// Fyne's engine reads Chorus Desk's messages too (the same files).
				if got := lang.X("gui.quit", "?"); got != i18n.T(l, "gui.quit") {
					t.Errorf("%s: Fyne renders gui.quit as %q", l, got)
				}
			}
		})
	}
}

func other(l i18n.Lang) i18n.Lang {
	if l == i18n.FR {
		return i18n.EN
	}
	return i18n.FR
}

func hasAll(got, want []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

func hasAny(got, words []string) bool {
	for _, w := range words {
		if slices.Contains(got, w) {
			return true
		}
	}
	return false
}

// TestLocalesCoverFyne: the list of languages Use writes under is every language the Fyne
// module in use ships words for (an upgrade that adds one fails here until it is listed).
func TestLocalesCoverFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	if err != nil {
		t.Skipf("cannot locate the Fyne module: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "lang", "translations", "base.*.json"))
	if err != nil || len(files) == 0 {
		t.Skipf("no Fyne translations found (%v)", err)
	}
	var got []string
	for _, f := range files {
		got = append(got, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "base."), ".json"))
	}
	sort.Strings(got)
	if !slices.Equal(got, fyneLocales) {
		t.Fatalf("Fyne ships %v; fyneLocales lists %v", got, fyneLocales)
	}
}

// TestFyneWordsComplete: every word of Fyne's English file exists in the French words given
// to Fyne (an untranslated word would stay in the system's language).
func TestFyneWordsComplete(t *testing.T) {
	for _, k := range i18n.FyneKeys() {
		if i18n.FyneWord(i18n.FR, k) == "" {
			t.Errorf("no French for Fyne's %q", k)
		}
	}
}

// BenchmarkUse measures a language switch (both languages in turn).
func BenchmarkUse(b *testing.B) {
	test.NewTempApp(b)
	langs := []i18n.Lang{i18n.FR, i18n.EN}
	for i := 0; b.Loop(); i++ {
		if err := Use(langs[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}
