package main

import (
	"strings"

	"chorusdesk/i18n"
)

// langOf picks French or English for a message shown before the window exists: the locale
// variables win (LC_ALL, LC_MESSAGES, LANG, as i18n.FromEnv reads them), else the first of
// the system's display languages (names such as "fr-FR").
func langOf(getenv func(string) string, uiLanguages []string) i18n.Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if getenv(v) != "" {
			return i18n.FromEnv()
		}
	}
	if len(uiLanguages) > 0 && strings.HasPrefix(strings.ToLower(uiLanguages[0]), "fr") {
		return i18n.FR
	}
	return i18n.EN
}
