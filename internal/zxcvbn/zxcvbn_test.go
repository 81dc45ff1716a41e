package zxcvbn

import (
	"testing"

	upstream "github.com/trustelem/zxcvbn"
)

// TestSameAsUpstream: the lazy copy scores exactly as github.com/trustelem/zxcvbn v1.0.1.
func TestSameAsUpstream(t *testing.T) {
	inputs := []string{"chorus", "desk", "motdepasse"}
	for _, pw := range []string{"", "password1234", "correct horse battery 42", "Tr0ub4dor&3", "azertyuiop12",
		"motdepasse2026!", "une phrase assez longue", "zq9#zq9#zq9#zq9#", "1987-05-04", "qwertyuiop", "Chorus2026desk",
		"été à Sète, 3 cafés", "\xff\xfe"} {
		got, want := PasswordStrength(pw, inputs), upstream.PasswordStrength(pw, inputs)
		if got.Score != want.Score || got.Guesses != want.Guesses {
			t.Errorf("%q: score %d guesses %g, upstream %d %g", pw, got.Score, got.Guesses, want.Score, want.Guesses)
		}
	}
}
