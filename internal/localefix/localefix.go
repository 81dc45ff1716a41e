// Package localefix gives the POSIX "C" locale (or no locale at all) a name Fyne can parse.
//
// Fyne's lang package reads the locale in its init and logs "Error parsing user locale C" on
// every start of the binary, the command line included, when LANG is unset or "C" — noise on
// servers, in CI and in cron jobs. Go initializes packages in import-path order once their
// own imports are ready, and this package imports only os and strings, so its init runs
// before any fyne.io package. "C" means untranslated English, so en_US is what it says.
package localefix

import (
	"os"
	"strings"
)

func init() { Apply(os.Getenv, os.Setenv) }

// Apply rewrites C/POSIX locale variables (or an empty locale) to en_US.UTF-8.
func Apply(getenv func(string) string, setenv func(string, string) error) {
	any := false
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		val := getenv(v)
		if val == "" {
			continue
		}
		any = true
		if isPOSIX(val) {
			_ = setenv(v, "en_US.UTF-8")
		}
	}
	if !any {
		_ = setenv("LANG", "en_US.UTF-8")
	}
}

func isPOSIX(v string) bool {
	v = strings.ToUpper(v)
	return v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.")
}
