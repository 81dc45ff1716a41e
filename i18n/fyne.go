package i18n

import (
	"fmt"
	"io/fs"
	"path"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// FyneTranslations is the go-i18n message file (JSON) the window hands to Fyne's translation
// engine for lang: the words of Fyne's own dialogs and menus ("Open", "Cancel", weekday
// names) in lang — Fyne's English, overlaid with Fyne's file for lang and Chorus Desk's
// additions (translation/fyne) — and every Chorus Desk message in lang (English where lang
// lacks one). Fyne reads the same files the core renders from.
func FyneTranslations(lang Lang) ([]byte, error) {
	all, err := fyneWords(lang)
	if err != nil {
		return nil, err
	}
	mu.RLock()
	for _, l := range []Lang{EN, lang} {
		for k, m := range messages[l] {
			all[k] = m
		}
	}
	mu.RUnlock()
	return encodeFile(all)
}

// FyneWords is the go-i18n message file (JSON) of Fyne's own words alone in lang (what
// FyneTranslations holds besides Chorus Desk's messages).
func FyneWords(lang Lang) ([]byte, error) {
	w, err := fyneWords(lang)
	if err != nil {
		return nil, err
	}
	return encodeFile(w)
}

// fyneWords are Fyne's own words in lang: base.en.json, then base.<lang>.json and
// extra.<lang>.json over it.
func fyneWords(lang Lang) (map[string]*goi18n.Message, error) {
	out := map[string]*goi18n.Message{}
	names := []string{"base.en.json"}
	if lang != EN {
		names = append(names, "base."+string(lang)+".json", "extra."+string(lang)+".json")
	}
	for _, name := range names {
		p := path.Join(fyneDir, name)
		b, err := fs.ReadFile(translationFS, p)
		if err != nil {
			if name == names[0] {
				return nil, err
			}
			continue // a language Fyne has no file for keeps the English words
		}
		mf, err := goi18n.ParseMessageFileBytes(b, p, nil)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", p, err)
		}
		for _, m := range mf.Messages {
			out[m.ID] = m
		}
	}
	return out, nil
}

// FyneKeys are the IDs of Fyne's own words (for the window's tests).
func FyneKeys() []string {
	w, err := fyneWords(EN)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(w))
	for k := range w {
		out = append(out, k)
	}
	return out
}

// FyneWord is the text FyneTranslations gives Fyne for one of Fyne's own words in lang ("" if
// Fyne has no such word).
func FyneWord(lang Lang, key string) string {
	w, err := fyneWords(lang)
	if err != nil || w[key] == nil {
		return ""
	}
	return w[key].Other
}
