// Package i18n holds the French and English text of every user-visible message (the core's
// validation, vault, Chorus Pro and transfer messages, the window's and the command line's
// text). The messages live in go-i18n message files under translation/<area>/<lang>.json,
// embedded in the binary: translators edit those files, never Go code. The package imports no
// Fyne, so the core, the command line and the window render through the same files; the
// window also hands them to Fyne's own translation engine (FyneTranslations).
//
// Messages are printf templates ("the code %s is already used"): go-i18n passes text without
// {{ }} through unchanged, so the verbs are filled here with the caller's arguments. A message
// with plural forms ("one", "other") picks its form from its count: the first integer
// argument for T, or the count given to N.
package i18n

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// Lang is a user-interface language.
type Lang string

const (
	EN Lang = "en"
	FR Lang = "fr"
)

// Langs are the languages every message exists in.
var Langs = []Lang{EN, FR}

// T renders key in lang with args; it falls back to English, then to the key itself. When
// the message has plural forms, the first integer argument chooses the form.
func T(lang Lang, key string, args ...any) string {
	return render(lang, key, countOf(args), args)
}

// N renders key in lang in the plural form that count calls for ("1 file", "2 files";
// French also says "0 fichier"). args are the message's printf arguments; with none, count
// is the only one.
func N(lang Lang, key string, count int, args ...any) string {
	if len(args) == 0 {
		args = []any{count}
	}
	return render(lang, key, count, args)
}

// render picks the message's template (and plural form) and fills its verbs.
func render(lang Lang, key string, count any, args []any) string {
	tmpl := lookup(lang, key, count)
	if len(args) == 0 {
		return tmpl
	}
	return fmt.Sprintf(tmpl, localArgs(lang, args)...)
}

// countOf is the first integer among args (nil when there is none).
func countOf(args []any) any {
	for _, a := range args {
		switch a.(type) {
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			return a
		}
	}
	return nil
}

// localArgs renders the arguments that have a language of their own in lang: messages and
// errors that can localize themselves, durations written for people (never Go's 10m0s), and
// calendar days.
func localArgs(lang Lang, args []any) []any {
	var out []any
	for i, a := range args {
		var s string
		switch v := a.(type) {
		case Localizer:
			s = v.Localize(lang)
		case time.Duration:
			s = FormatDuration(lang, v, true)
		default:
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = s
	}
	if out == nil {
		return args
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
