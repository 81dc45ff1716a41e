package i18n

import (
	"chorusdesk/internal/plainwords"
	"regexp"
	"strings"
	"testing"
)

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
				if w := plainwords.DeveloperWords.FindString(text); w != "" {
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
