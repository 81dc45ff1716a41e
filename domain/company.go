package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"chorusdesk/i18n"
)

// Limits of a company's code and name, and the length of a SIRET (docs/rules.md, Companies
// and SIRET).
const (
	MaxCodeLen = 20
	MaxNameLen = 100
	SIRETLen   = 14
)

// laPosteSIREN is the SIREN of La Poste. It has so many establishments that its NICs ran out
// of Luhn-valid numbers, so INSEE checks its SIRETs with a digit sum instead.
const laPosteSIREN = "356000000"

// laPosteHeadOffice is La Poste's head-office SIRET: it predates the exception and is
// Luhn-valid but its digit sum is not a multiple of 5, so it is accepted by name.
const laPosteHeadOffice = "35600000000048"

// NormalizeCode trims and upper-cases a company code and checks it is 1–20 characters of
// A-Z 0-9 _ - . The default company's code `*****` is the only other accepted value.
//
// The characters are checked BEFORE upper-casing: Unicode case mapping turns some non-ASCII
// letters into ASCII ones ("ſ" → "S", "ı" → "I"), which would silently give a different code.
func NormalizeCode(s string) (string, error) {
	c := strings.TrimSpace(s)
	if c == DefaultCode {
		return c, nil
	}
	if c == "" {
		return "", i18n.Errorf("domain.code.empty")
	}
	if utf8.RuneCountInString(c) > MaxCodeLen {
		return "", i18n.Errorf("domain.code.too_long", MaxCodeLen)
	}
	for _, r := range c {
		if !isCodeRune(r) && !(r >= 'a' && r <= 'z') {
			return "", i18n.Errorf("domain.code.chars")
		}
	}
	return strings.ToUpper(c), nil
}

func isCodeRune(r rune) bool {
	return (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '_' || r == '-'
}

// ValidateName trims a company name and checks it is 1–100 printable characters.
func ValidateName(s string) (string, error) {
	n := strings.TrimSpace(s)
	if n == "" {
		return "", i18n.Errorf("domain.name.empty")
	}
	if !utf8.ValidString(n) || hasControl(n) {
		return "", i18n.Errorf("domain.name.chars")
	}
	if utf8.RuneCountInString(n) > MaxNameLen {
		return "", i18n.Errorf("domain.name.too_long", MaxNameLen)
	}
	return n, nil
}

// NormalizeSIRET removes the white space people and files put inside a SIRET to group its
// digits (spaces, tabs, no-break and narrow no-break spaces, line breaks). It checks nothing:
// ValidateSIRET does. Every comparison of SIRETs (the company of an invoice's seller, the
// structures a technical account is attached to) goes through it, so that "732 829 320 00074"
// and "73282932000074" are one SIRET everywhere.
func NormalizeSIRET(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// ValidateSIRET normalises a SIRET (NormalizeSIRET) and checks it. The empty string is
// accepted: the SIRET is optional.
func ValidateSIRET(s string) (string, error) {
	d := NormalizeSIRET(s)
	if d == "" {
		return "", nil
	}
	if len(d) != SIRETLen || !allDigits(d) {
		return "", i18n.Errorf("domain.siret.format", SIRETLen)
	}
	if !siretChecksumOK(d) {
		return "", i18n.Errorf("domain.siret.checksum")
	}
	return d, nil
}

// ValidSIRET reports whether s is exactly 14 digits with a valid check (no spaces allowed):
// invoice detection uses it on identifiers read from files.
func ValidSIRET(s string) bool {
	return len(s) == SIRETLen && allDigits(s) && siretChecksumOK(s)
}

func siretChecksumOK(d string) bool {
	if strings.HasPrefix(d, laPosteSIREN) && d != laPosteHeadOffice {
		return digitSum(d)%5 == 0
	}
	return luhnOK(d)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func digitSum(d string) int {
	sum := 0
	for i := 0; i < len(d); i++ {
		sum += int(d[i] - '0')
	}
	return sum
}

// luhnOK is the Luhn mod-10 check: from the right, every second digit is doubled.
func luhnOK(d string) bool {
	sum := 0
	for i := 0; i < len(d); i++ {
		v := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

// hasControl reports control characters, line separators and the bidirectional overrides
// that can make a name display as something else than what it is.
func hasControl(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsControl(r), r == '\u2028', r == '\u2029',
			r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
			return true
		}
	}
	return false
}
