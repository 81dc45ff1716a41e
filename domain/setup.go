package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"chorusdesk/i18n"
)

// Limits of the fields of a setup (docs/rules.md, Setups and validation).
const (
	MaxIDLen     = 128 // PISTE client ID and Chorus login
	MaxSecretLen = 256 // PISTE secret and Chorus password
	MaxTagLen    = 20
)

// FieldTag names the ID tag in an Issue (it is not a credential field).
const FieldTag = "tag"

// Issue is one notice or problem about a setup, tied to the field it concerns so the GUI can
// show it beside the input. Env is empty for the tag. Err never holds a field value.
type Issue struct {
	Env   Env
	Field string
	Err   *i18n.Error
}

// slotKey is the catalog key of a message about field f of the slot for env e: the field label
// and the environment are part of the template so both languages read naturally.
func slotKey(e Env, f Field, rule string) string {
	return "domain.slot." + string(e) + "." + string(f) + "." + rule
}

func slotIssue(e Env, f Field, rule string, args ...any) Issue {
	return Issue{Env: e, Field: string(f), Err: i18n.Errorf(slotKey(e, f, rule), args...)}
}

// NormalizeSetup trims every field (one notice per trimmed field, so the user is told) and
// checks them: client ID and login 1–128 printable characters without inner spaces,
// secret and password 1–256 characters, each slot empty or complete, tag 0–20 of
// A-Z a-z 0-9 _ - . out is the trimmed setup; it must not be saved when problems is not empty.
func NormalizeSetup(s Setup) (out Setup, notices []Issue, problems []Issue) {
	out = s
	tag := strings.TrimSpace(s.Tag)
	if tag != s.Tag {
		notices = append(notices, Issue{Field: FieldTag, Err: i18n.Errorf("domain.tag.trimmed")})
	}
	out.Tag = tag
	if err := checkTag(tag); err != nil {
		problems = append(problems, Issue{Field: FieldTag, Err: err})
	}
	for _, e := range Envs {
		slot, n, p := normalizeSlot(e, s.Slot(e))
		out.SetSlot(e, slot)
		notices = append(notices, n...)
		problems = append(problems, p...)
	}
	return out, notices, problems
}

func normalizeSlot(e Env, in Slot) (out Slot, notices, problems []Issue) {
	for _, f := range Fields {
		v := in.Get(f)
		t := strings.TrimSpace(v)
		if t != v {
			notices = append(notices, slotIssue(e, f, "trimmed"))
		}
		out.Set(f, t)
	}
	if out.IsEmpty() {
		return out, notices, nil
	}
	for _, f := range Fields {
		if rule, arg := checkField(f, out.Get(f)); rule != "" {
			if arg != 0 {
				problems = append(problems, slotIssue(e, f, rule, arg))
			} else {
				problems = append(problems, slotIssue(e, f, rule))
			}
		}
	}
	return out, notices, problems
}

// checkField returns the failed rule of an already trimmed value ("" when valid) and the
// limit to show with it.
func checkField(f Field, v string) (rule string, limit int) {
	if v == "" {
		return "missing", 0
	}
	if !utf8.ValidString(v) {
		return "chars", 0
	}
	max := MaxSecretLen
	if f == FieldClientID || f == FieldLogin {
		max = MaxIDLen
	}
	if utf8.RuneCountInString(v) > max {
		return "too_long", max
	}
	if f == FieldClientID || f == FieldLogin {
		for _, r := range v {
			if unicode.IsSpace(r) {
				return "space", 0
			}
			if !unicode.IsPrint(r) {
				return "chars", 0
			}
		}
	}
	return "", 0
}

// ValidateTag trims the optional ID tag and checks it is 0–20 of A-Z a-z 0-9 _ - .
func ValidateTag(s string) (string, error) {
	t := strings.TrimSpace(s)
	if err := checkTag(t); err != nil {
		return "", err
	}
	return t, nil
}

func checkTag(t string) *i18n.Error {
	if utf8.RuneCountInString(t) > MaxTagLen {
		return i18n.Errorf("domain.tag.too_long", MaxTagLen)
	}
	for _, r := range t {
		if !isCodeRune(r) && !(r >= 'a' && r <= 'z') {
			return i18n.Errorf("domain.tag.chars")
		}
	}
	return nil
}
