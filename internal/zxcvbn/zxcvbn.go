// Package zxcvbn is github.com/trustelem/zxcvbn v1.0.1 (MIT, see LICENSE.txt: Dropbox's
// zxcvbn estimator ported to Go) with its dictionaries loaded at the first estimate instead
// of at program start. Upstream builds them during package initialisation: every binary
// that links the master-password policy (the window and the command line) then paid about
// 9 MB of resident memory and 40 ms at each start, for a check that runs only when a vault
// is created or its password changed. Only the packages that held that data are copied
// (matching, frequency, and the internal mathutils they use); match, scoring and adjacency
// come from the upstream module unchanged.
package zxcvbn

import (
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/scoring"

	"chorusdesk/internal/zxcvbn/matching"
)

// Result is the estimate: the guesses needed and the score (0 to 4) they make.
type Result struct {
	Guesses float64
	Score   int
}

// PasswordStrength estimates password, userInputs being words the attacker would try first.
func PasswordStrength(password string, userInputs []string) Result {
	if !utf8.ValidString(password) {
		return Result{} // upstream: invalid UTF-8 is reported as weak
	}
	matches := matching.Omnimatch(password, userInputs)
	seq := scoring.MostGuessableMatchSequence(password, matches, false)
	return Result{Guesses: seq.Guesses, Score: guessesToScore(seq.Guesses)}
}

// guessesToScore is upstream's, unchanged.
func guessesToScore(guesses float64) int {
	const delta = 5
	switch {
	case guesses < 1e3+delta:
		return 0
	case guesses < 1e6+delta:
		return 1
	case guesses < 1e8+delta:
		return 2
	case guesses < 1e10+delta:
		return 3
	}
	return 4
}
