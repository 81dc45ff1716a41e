package domain

import (
	"unicode/utf8"

	"chorusdesk/internal/zxcvbn"

	"chorusdesk/i18n"
)

// The master password is the vault's only protection at rest (stretched by Argon2id): one
// policy, here, for the window and the command line alike.
const (
	// MinMasterPasswordLen is the fewest characters a new master password may have.
	MinMasterPasswordLen = 12
	// MinMasterPasswordScore is the lowest zxcvbn score (0 to 4) accepted: 3 means about
	// 10^8 guesses or more, which Argon2id's cost turns into years of offline attack.
	MinMasterPasswordScore = 3
	// strengthRunes bounds the text the estimator reads: its matching is super-linear, and
	// past this length a password is long enough for the length rule to speak for it.
	strengthRunes = 64
)

// weakWords are guesses the estimator's English dictionaries miss: the product's own names
// and the first words French users type. zxcvbn treats them as known words.
var weakWords = []string{
	"chorus", "chorusdesk", "chorus desk", "choruspro", "chorus pro", "piste", "desk", "vault",
	"motdepasse", "mot de passe", "azerty", "azertyuiop", "bonjour", "soleil", "coffre", "secret",
	"facture", "factures", "societe", "société", "paris", "france",
}

// PasswordStrength is the estimate shown while the user types a new master password.
type PasswordStrength struct {
	Runes int // length in characters
	Score int // zxcvbn score, 0 (guessed at once) to 4 (very hard)
}

// Acceptable reports whether the policy of CheckMasterPassword accepts the password.
func (s PasswordStrength) Acceptable() bool {
	return s.Runes >= MinMasterPasswordLen && s.Score >= MinMasterPasswordScore
}

// MasterPasswordStrength estimates pw (length and zxcvbn score). It never keeps pw.
func MasterPasswordStrength(pw []byte) PasswordStrength {
	n := utf8.RuneCount(pw)
	if n == 0 || !utf8.Valid(pw) {
		return PasswordStrength{Runes: n}
	}
	head := pw
	if n > strengthRunes {
		cut, i := 0, 0
		for cut < len(pw) && i < strengthRunes {
			_, size := utf8.DecodeRune(pw[cut:])
			cut += size
			i++
		}
		head = pw[:cut]
	}
	// zxcvbn takes a string: this copy is short-lived and holds no more than the entry does.
	r := zxcvbn.PasswordStrength(string(head), weakWords)
	return PasswordStrength{Runes: n, Score: r.Score}
}

// CheckMasterPassword applies the master-password policy: at least MinMasterPasswordLen
// characters and a strength score of at least MinMasterPasswordScore. The error says why in
// the user's language and never quotes the password.
func CheckMasterPassword(pw []byte) error {
	if !utf8.Valid(pw) {
		return i18n.Errorf("setupui.password.invalid")
	}
	s := MasterPasswordStrength(pw)
	switch {
	case s.Runes < MinMasterPasswordLen:
		return i18n.Errorf("setupui.password.short", MinMasterPasswordLen)
	case s.Score < MinMasterPasswordScore:
		return i18n.Errorf("setupui.password.weak")
	}
	return nil
}
