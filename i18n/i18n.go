// Package i18n holds the French and English text of every user-visible message of the core
// (validation, vault, Chorus Pro errors, transfers). It imports no Fyne: the GUI and the CLI
// both render core messages through it. Each package registers its own catalog file
// (catalog_<area>.go) from init, so teams never edit the same file.
package i18n

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Lang is a user-interface language.
type Lang string

const (
	EN Lang = "en"
	FR Lang = "fr"
)

var (
	mu       sync.RWMutex
	catalogs = map[Lang]map[string]string{EN: {}, FR: {}}
	sources  = map[string]string{} // key → file that registered it (the converter's map)
)

// Register adds message templates (fmt verbs) for one language. A key registered twice
// panics at start-up so duplicates are found by any test.
func Register(lang Lang, msgs map[string]string) {
	src := "?"
	if _, file, _, ok := runtime.Caller(1); ok {
		src = filepath.Base(file)
	}
	mu.Lock()
	defer mu.Unlock()
	c := catalogs[lang]
	if c == nil {
		c = map[string]string{}
		catalogs[lang] = c
	}
	for k, v := range msgs {
		if _, dup := c[k]; dup {
			panic("i18n: key registered twice: " + k)
		}
		c[k] = v
		sources[k] = src
	}
}

// T renders key in lang with args; it falls back to English, then to the key itself.
func T(lang Lang, key string, args ...any) string {
	mu.RLock()
	tmpl, ok := catalogs[lang][key]
	if !ok {
		tmpl, ok = catalogs[EN][key]
	}
	mu.RUnlock()
	if !ok {
		tmpl = key
	}
	if len(args) == 0 {
		return tmpl
	}
	return fmt.Sprintf(tmpl, args...)
}

// Keys returns every key registered for lang (used by the completeness test).
func Keys(lang Lang) []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(catalogs[lang]))
	for k := range catalogs[lang] {
		out = append(out, k)
	}
	return out
}

// Error is a user-facing error with a catalog key: Error() gives English (for logs and the
// CLI), Localize gives the user's language. Args must never hold a secret.
type Error struct {
	Key  string
	Args []any
}

func (e *Error) Error() string { return T(EN, e.Key, e.Args...) }

// Localize renders the error in lang.
func (e *Error) Localize(lang Lang) string { return T(lang, e.Key, e.Args...) }

// Errorf makes an *Error.
func Errorf(key string, args ...any) *Error { return &Error{Key: key, Args: args} }

// Localizer is implemented by errors that can speak the user's language.
type Localizer interface{ Localize(Lang) string }

// Message renders any error in lang: localized when it can be, Error() otherwise.
func Message(lang Lang, err error) string {
	if err == nil {
		return ""
	}
	if l, ok := err.(Localizer); ok {
		return l.Localize(lang)
	}
	return err.Error()
}

// FromEnv picks the language of the system locale (LC_ALL, LC_MESSAGES, LANG): French when it
// starts with "fr", English otherwise.
func FromEnv() Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "fr") {
				return FR
			}
			return EN
		}
	}
	return EN
}
