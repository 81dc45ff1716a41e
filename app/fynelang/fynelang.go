// Package fynelang makes Fyne's own words (the file dialog's Open and Cancel, the confirm
// dialog's Yes and No, the entry's Copy and Paste menu) follow the language chosen in Chorus
// Desk's settings, which is kept per vault, instead of the system's.
//
// Fyne 2.7.1 has no public way to choose its language: package lang picks it from the
// system's locales, matched against the languages it has translations for, each time
// translations are added. What it looks up then is a language tag of its go-i18n bundle, and
// a word missing there falls back to the bundle's English. So Use writes the chosen
// language's words under EVERY tag the bundle can hold — English, each language Fyne ships a
// file for, the system's locale — so whatever one Fyne resolves to, on any platform and with
// any system locale, it finds the chosen language. Each tag also gets a probe word naming
// the tag, so Fyne's own answer tells which tag it resolved to; Chorus Desk's messages (the
// same files the core renders from) are then written under that tag (Fyne does not fall back
// to another tag for a key it lacks, and writing them under all sixteen would cost ten times
// as much). A switch writes them all again.
package fynelang

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"chorusdesk/i18n"
)

// fyneLocales are the languages Fyne v2.7.1 ships translations for (its
// lang/translations/base.<locale>.json files), named as Fyne names them; the test checks
// the list against the Fyne module in use, so an upgrade that adds one is noticed.
var fyneLocales = []string{"cs", "de", "el", "en", "es", "fr", "pl", "pt", "pt_BR", "ru", "sv", "ta", "uk", "zh_Hans"}

// probeKey is the word whose text, in each tag, is the tag's name.
const probeKey = "chorusdesk.fyne.locale"

// withProbe adds the probe word naming loc to a message file.
func withProbe(file []byte, loc string) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(file, &m); err != nil {
		return nil, err
	}
	m[probeKey] = loc
	return json.Marshal(m)
}

var (
	mu      sync.Mutex
	current i18n.Lang
)

// Use makes Fyne speak l. Call it on Fyne's goroutine (at start-up, before the first window
// shows, and on a language switch): Fyne's translation bundle is not safe to change while a
// widget reads it. Dialogs built afterwards speak l; the error says which word Fyne still
// does not translate as asked (Fyne then keeps working, in whatever language it had).
func Use(l i18n.Lang) error {
	all, err := i18n.FyneTranslations(l)
	if err != nil {
		return err
	}
	words, err := i18n.FyneWords(l)
	if err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	var firstErr error
	locs := locales()
	for _, loc := range locs {
		data, err := withProbe(words, loc)
		if err == nil {
			err = lang.AddTranslationsForLocale(data, fyne.Locale(loc))
		}
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("fynelang: locale %s: %w", loc, err)
		}
	}
	resolved := []string{lang.X(probeKey, "")}
	if !slices.Contains(locs, resolved[0]) {
		resolved = locs // cannot tell: every tag gets the messages (slower, as sure)
	}
	for _, loc := range resolved {
		if err := lang.AddTranslationsForLocale(all, fyne.Locale(loc)); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("fynelang: locale %s: %w", loc, err)
		}
	}
	current = l
	if err := check(l); err != nil {
		return err
	}
	return firstErr
}

// Current is the language last given to Use ("" before the first call).
func Current() i18n.Lang {
	mu.Lock()
	defer mu.Unlock()
	return current
}

// locales are the tags to write the words under: Fyne's own languages and the system's
// locale, whole and as its bare language (the tag Fyne derives from it may be either).
func locales() []string {
	out := append([]string(nil), fyneLocales...)
	seen := map[string]bool{}
	for _, l := range out {
		seen[l] = true
	}
	sys := string(lang.SystemLocale())
	for _, l := range []string{sys, strings.SplitN(sys, "-", 2)[0]} {
		if len(l) >= 2 && l != "und" && !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// check asks Fyne for one of its own words and one of Chorus Desk's and compares them with
// the words of l: the proof that the language is in force.
func check(l i18n.Lang) error {
	for key, want := range map[string]string{"Cancel": i18n.FyneWord(l, "Cancel"), "gui.quit": i18n.T(l, "gui.quit")} {
		if got := lang.X(key, key); got != want {
			return fmt.Errorf("fynelang: Fyne says %q for %q, want %q (%s)", got, key, want, l)
		}
	}
	return nil
}
