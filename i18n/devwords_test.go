package i18n

import (
	"regexp"
	"strings"
	"testing"
)

// developerWords are things of the code and of the standards a user should never have to read:
// EN 16931 business-term codes (BT-10), a hash's name, a section of a specification, Go's form
// of a duration (10m0s).
var developerWords = regexp.MustCompile(`\bBT-\d+|(?i)\bsha-?\d+\b|§|\b\d+h\d+m\d+s\b|\b\d+m\d+s\b`)

// cliFlag is a command-line flag (--yes), which means nothing in a window.
var cliFlag = regexp.MustCompile(`(^|[\s("'«])--[a-z]`)

// windowOnly are the areas of keys that only the window shows: no flag there.
var windowOnly = []string{"gui.", "setupui.", "transfersui.", "tray.", "app."}

// TestNoDeveloperWords: no message says a developer word, and no window message names a
// command-line flag (the command line's own messages may: the user types them there).
func TestNoDeveloperWords(t *testing.T) {
	for _, l := range Langs {
		for _, k := range Keys(l) {
			if strings.HasPrefix(k, "test.") {
				continue
			}
			for form, text := range Forms(l, k) {
				if w := developerWords.FindString(text); w != "" {
					t.Errorf("%s %s (%s): %q is a developer word: say it in plain words", l, k, form, w)
				}
				for _, p := range windowOnly {
					if strings.HasPrefix(k, p) && cliFlag.MatchString(text) {
						t.Errorf("%s %s (%s): a window message names a command-line flag: %q", l, k, form, text)
					}
				}
			}
		}
	}
}
